'use strict';
// The widget's embedding API. On web/embed-example.html: calls made before the script loaded
// (the stub) run once it is up; open/close/send and on(...) work; two instances (a launcher and
// an inline panel) keep apart: their own messages, their own sessions. A reply arriving while
// the chat is closed shows an accessible unread badge. Data attributes set the title, greeting,
// colour (with readable text on it), position and language. reset() starts a new conversation.
// usage: node api.test.js CAREERBOT REPO_ROOT
const { startServer } = require('../lib/server');
const { hostSite } = require('../lib/site');
const { launch, tally } = require('./browser');

const [bin, root] = process.argv.slice(2);
const t = tally();

// The two instances of the example page: the launcher (appended to body) and the inline panel.
const HOSTS = ['body > [data-careerbot]', '#careerbot-inline > [data-careerbot]'];

// Bot message texts of instance i (0: the launcher, 1: the inline panel).
function bots(page, i) {
  return page.evaluate((sel) => {
    const host = document.querySelector(sel);
    return host ? Array.from(host.shadowRoot.querySelectorAll('.msg.bot')).map((m) => m.textContent) : [];
  }, HOSTS[i]);
}

function users(page, i) {
  return page.evaluate((sel) => Array.from(document.querySelector(sel).shadowRoot.querySelectorAll('.msg.user')).map((m) => m.textContent), HOSTS[i]);
}

function botsAtLeast(page, i, n) {
  return page.waitForFunction(([sel, k]) => {
    const h = document.querySelector(sel);
    return h && h.shadowRoot.querySelectorAll('.msg.bot').length >= k;
  }, [HOSTS[i], n], { timeout: 15000 });
}

async function main() {
  const srv = await startServer({ bin, root });
  const site = await hostSite({
    '/attrs': { body: () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Attributes</title></head>
<body><h1>Attributes</h1><script src="${srv.url}/widget.js" async data-title="Job helper" data-color="#ffd400"
data-position="left" data-open="true" data-lang="fr" data-greeting="Bonjour ! **Posez** votre question."></script></body></html>` },
    '/themed': { body: () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Themed</title>
<link rel="stylesheet" href="/theme.css"></head><body><h1>Themed</h1><script src="${srv.url}/widget.js" async></script></body></html>` },
    '/theme.css': { type: 'text/css', body: '[data-careerbot] { --careerbot-primary: #6b1d8f; --careerbot-radius: 2px; }\n' +
      '[data-careerbot]::part(launcher) { border-radius: 6px; }\n[data-careerbot]::part(send-button) { text-transform: uppercase; }' },
    '/favicon.ico': { type: 'image/x-icon', body: '' },
  });
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(srv.url + '/embed-example.html');
    await page.waitForFunction(() => document.querySelectorAll('[data-careerbot]').length === 2, null, { timeout: 15000 });
    t.check(true, 'two tags make two instances');
    const events = () => page.evaluate(() => Array.from(document.querySelectorAll('#demo-events li')).map((l) => l.textContent));
    await page.waitForFunction(() => document.querySelector('#demo-events li'), null, { timeout: 5000 });
    t.check((await events())[0] === 'ready', 'on("ready") registered before the script loaded fires (the stub kept it)', (await events()).join(' | '));
    const stored0 = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('careerbot.')));
    t.check(!stored0.includes('careerbot.session'), 'the launcher stores nothing before it is first used', stored0.join(','));

    // The inline instance greets with its data-greeting and answers on its own.
    await botsAtLeast(page, 1, 1);
    const greet = (await bots(page, 1))[0];
    t.check(/Hello! Ask me about any career/.test(greet), 'data-greeting replaces the greeting text', greet);
    const inlineInput = page.locator('#careerbot-inline').getByRole('textbox', { name: 'Message' });
    await inlineInput.fill('what does a data engineer do?');
    await inlineInput.press('Enter');
    await botsAtLeast(page, 1, 2);
    t.check(/data engineer/i.test((await bots(page, 1))[1]), 'the inline instance answers its question');
    t.check((await bots(page, 0)).length === 0 && (await users(page, 0)).length === 0, 'the launcher instance is untouched by the inline conversation');

    // The API drives the launcher: send while closed gives an unread badge, open clears it.
    await page.evaluate(() => window.careerbot.send('what does a registered nurse do?'));
    await botsAtLeast(page, 0, 2);
    const launcher = page.getByRole('button', { name: /Open career chat/ });
    const label = await launcher.getAttribute('aria-label');
    t.check(/1 unread message/.test(label), 'a reply while closed puts "1 unread message" in the launcher\'s name', label);
    const badge = await page.evaluate(() => { const b = document.querySelector('body > [data-careerbot]').shadowRoot.querySelector('.badge'); return { shown: !b.hidden, text: b.textContent, aria: b.getAttribute('aria-hidden') }; });
    t.check(badge.shown && badge.text === '1' && badge.aria === 'true', 'the badge shows 1 (hidden from screen readers, which hear the name)', JSON.stringify(badge));
    await page.click('#demo-open');
    const opened = await page.evaluate(() => ({ open: window.careerbot.isOpen(), label: document.querySelector('body > [data-careerbot]').shadowRoot.querySelector('.launcher').getAttribute('aria-label') }));
    t.check(opened.open && !/unread/.test(opened.label), 'careerbot("open") opens the chat and clears the unread count', JSON.stringify(opened));
    const b0 = await bots(page, 0);
    t.check(/registered nurse/i.test(b0[b0.length - 1]), 'careerbot.send(text) asked the launcher instance', b0[b0.length - 1].slice(0, 80));
    t.check((await bots(page, 1)).length === 2, 'the inline instance did not get the launcher\'s reply');
    const ev = await events();
    t.check(ev.includes('opened') && ev.some((e) => /^user: what does a registered nurse do/.test(e)) && ev.some((e) => /^bot: /.test(e)),
      'on("open") and on("message") report to the host', ev.join(' | '));
    await page.click('#demo-close');
    t.check((await events()).includes('closed') && !(await page.evaluate(() => window.careerbot.isOpen())), 'careerbot("close") closes it and on("close") fires');
    await page.evaluate(() => window.careerbot.toggle());
    await page.waitForFunction(() => window.careerbot.isOpen());
    t.check(true, 'careerbot.toggle() opens a closed chat');
    const sessions = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('careerbot.session')).map((k) => [k, localStorage.getItem(k)]));
    t.check(sessions.length === 2 && sessions[0][1] !== sessions[1][1], 'each instance keeps its own session', JSON.stringify(sessions));
    const inst = await page.evaluate(() => !!window.careerbot.get('careerbot-inline'));
    t.check(inst, 'careerbot.get(id) finds the inline instance');

    // reset(): the conversation is deleted and a new one starts with a greeting.
    const sidBefore = await page.evaluate(() => localStorage.getItem('careerbot.session'));
    await page.evaluate(() => window.careerbot.reset());
    await page.waitForFunction((old) => {
      const r = document.querySelector('body > [data-careerbot]').shadowRoot;
      const s = localStorage.getItem('careerbot.session');
      return s && s !== old && r.querySelectorAll('.msg.bot').length === 1;
    }, sidBefore, { timeout: 15000 });
    const after = await page.evaluate(() => document.querySelector('body > [data-careerbot]').shadowRoot.querySelector('.log').textContent);
    t.check(/deleted/.test(after) && !/registered nurse/i.test(after), 'reset() deletes the conversation and starts a new one', after.slice(0, 120));

    // The header menu: restart keeps nothing on screen and opens a new session; forget me deletes it.
    const menu = page.locator('body > [data-careerbot]');
    const sidR = await page.evaluate(() => localStorage.getItem('careerbot.session'));
    await menu.getByRole('button', { name: 'More options' }).click();
    await menu.getByRole('menuitem', { name: 'Restart conversation' }).click();
    await page.waitForFunction((old) => {
      const s = localStorage.getItem('careerbot.session');
      return s && s !== old && document.querySelector('body > [data-careerbot]').shadowRoot.querySelectorAll('.msg.bot').length === 1;
    }, sidR, { timeout: 15000 });
    const restarted = await page.evaluate(() => ({ log: document.querySelector('body > [data-careerbot]').shadowRoot.querySelector('.log').textContent,
      sid: localStorage.getItem('careerbot.session') }));
    t.check(/New conversation/.test(restarted.log) && /^[0-9a-f]{32}$/.test(restarted.sid || ''), 'menu → Restart conversation starts a new one with a greeting', restarted.log.slice(0, 100));
    await menu.getByRole('button', { name: 'More options' }).click();
    await menu.getByRole('menuitem', { name: 'Forget me' }).click();
    await page.waitForFunction(() => localStorage.getItem('careerbot.session') === null, null, { timeout: 10000 });
    const forgot = await page.evaluate(() => document.querySelector('body > [data-careerbot]').shadowRoot.querySelector('.log').textContent);
    t.check(/This conversation has been deleted/.test(forgot) && !/Hi!/.test(forgot), 'menu → Forget me deletes the conversation and the stored id', forgot.slice(0, 100));
    t.check(await page.evaluate(() => localStorage.getItem('careerbot.session.careerbot-inline')) !== null, 'the inline instance keeps its own session');
    t.check(errors.length === 0, 'no errors on the example page', errors.join(' | '));
    await context.close();

    // Data attributes on another site.
    const c2 = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p2 = await c2.newPage();
    await p2.goto(site.url('/attrs'));
    await p2.waitForFunction(() => { const h = document.querySelector('[data-careerbot]'); return h && h.shadowRoot.querySelector('.msg.bot'); }, null, { timeout: 15000 });
    const look = await p2.evaluate(() => {
      const r = document.querySelector('[data-careerbot]').shadowRoot;
      const panel = r.querySelector('.panel').getBoundingClientRect();
      const head = getComputedStyle(r.querySelector('header'));
      return { title: r.querySelector('h2').textContent, left: panel.left, bg: head.backgroundColor, fg: head.color,
        lang: r.querySelector('.panel').getAttribute('lang'), send: r.querySelector('form button').textContent,
        greeting: r.querySelector('.msg.bot').textContent, open: !r.querySelector('.panel').hidden };
    });
    t.check(look.title === 'Job helper', 'data-title sets the title', look.title);
    t.check(look.open, 'data-open="true" opens the chat at once');
    t.check(look.left < 100, 'data-position="left" puts it on the left', String(look.left));
    t.check(look.bg === 'rgb(255, 212, 0)' && look.fg === 'rgb(17, 17, 17)', 'data-color sets the primary colour, with dark text where white would fail contrast', `${look.bg} / ${look.fg}`);
    t.check(look.lang === 'fr' && look.send === 'Envoyer', 'data-lang="fr" speaks French in the widget\'s own words', `${look.lang} ${look.send}`);
    t.check(/Bonjour ! Posez votre question/.test(look.greeting), 'data-greeting is rendered with its bold', look.greeting);
    await c2.close();

    // Theming from the host: custom properties and ::part.
    const c3 = await browser.newContext();
    const p3 = await c3.newPage();
    await p3.goto(site.url('/themed'));
    await p3.getByRole('button', { name: 'Open career chat' }).click();
    const theme = await p3.evaluate(() => {
      const r = document.querySelector('[data-careerbot]').shadowRoot;
      const l = getComputedStyle(r.querySelector('.launcher'));
      return { bg: l.backgroundColor, radius: l.borderTopLeftRadius, panel: getComputedStyle(r.querySelector('.panel')).borderTopLeftRadius,
        send: getComputedStyle(r.querySelector('form button')).textTransform, head: getComputedStyle(r.querySelector('header')).backgroundColor };
    });
    t.check(theme.bg === 'rgb(107, 29, 143)' && theme.head === 'rgb(107, 29, 143)' && theme.panel === '2px',
      'custom properties (--careerbot-primary, --careerbot-radius) theme the widget', JSON.stringify(theme));
    t.check(theme.radius === '6px' && theme.send === 'uppercase', '::part(launcher) and ::part(send-button) style the parts', JSON.stringify(theme));
    await c3.close();
  } finally {
    await browser.close();
    await site.close();
    await srv.stop();
  }
}

main().catch((e) => t.fail(e)).finally(() => t.done());
