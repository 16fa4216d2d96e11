'use strict';
// Accessibility of the widget. axe-core finds no serious or critical violation with the chat
// open, in the middle of the career test and with the results shown, in light and dark mode; a
// keyboard alone goes launcher → question → quick reply → menu → Esc, with a visible focus ring
// and focus returning to the launcher; the live region announces bot messages only; reduced
// motion turns the animations off.
// usage: node a11y.test.js CAREERBOT REPO_ROOT
const fs = require('fs');
const { startServer } = require('../lib/server');
const { hostSite } = require('../lib/site');
const { launch, tally, botCount, waitBot, ask } = require('./browser');

const [bin, root] = process.argv.slice(2);
const t = tally();
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function axe(page, what) {
  await page.evaluate(AXE);
  const res = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  t.check(bad.length === 0, `axe-core: no serious or critical violation ${what}`,
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`).join('\n    '));
}

// The focused element, looking through shadow roots.
function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return { name: '' };
    const cs = getComputedStyle(a);
    return { name: a.getAttribute('aria-label') || a.textContent.trim(), part: a.getAttribute('part') || '',
      role: a.getAttribute('role') || a.tagName.toLowerCase(), outline: cs.outlineStyle, outlineWidth: cs.outlineWidth };
  });
}

async function tabTo(page, test, key = 'Tab', max = 15) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const f = await focused(page);
    if (test(f)) return f;
  }
  return focused(page);
}

async function click(page, name) {
  const before = await botCount(page);
  await page.getByRole('group', { name: 'Suggested replies' }).getByRole('button', { name, exact: true }).click();
  return waitBot(page, before);
}

function liveText(page) {
  return page.evaluate(() => document.querySelector('[data-careerbot]').shadowRoot.querySelector('[aria-live="polite"]').textContent);
}

async function main() {
  const srv = await startServer({ bin, root });
  const site = await hostSite({
    '/': { body: () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head>
<body><main><h1>A host page</h1><p><a href="#top">A link of the host</a></p></main>
<script src="${srv.url}/widget.js" async></script></body></html>` },
    '/favicon.ico': { type: 'image/x-icon', body: '' },
  });
  const browser = await launch();
  try {
    // axe on our own page: open, mid-test, results.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(srv.url + '/');
    await waitBot(page, 0);
    await axe(page, 'with the chat open');
    await ask(page, 'take the career test');
    for (let i = 0; i < 4; i++) await click(page, ['Love it', 'Like it', 'Not sure', 'Dislike it'][i]);
    await axe(page, 'in the middle of the career test (progress bar and answer buttons)');
    for (let i = 4; i < 30; i++) await click(page, i % 3 ? 'Like it' : 'Love it');
    await click(page, "A bachelor's degree");
    const bars = await page.evaluate(() => document.querySelector('[data-careerbot]').shadowRoot.querySelectorAll('.chart li').length);
    t.check(bars === 6, 'the results are on screen with their chart', `bars: ${bars}`);
    await axe(page, 'with the results and chart shown');
    await context.close();

    const dark = await browser.newContext({ colorScheme: 'dark', reducedMotion: 'reduce' });
    const dp = await dark.newPage();
    await dp.goto(srv.url + '/');
    await waitBot(dp, 0);
    await ask(dp, 'what does a data engineer do?');
    const look = await dp.evaluate(() => {
      const r = document.querySelector('[data-careerbot]').shadowRoot;
      const bg = getComputedStyle(r.querySelector('.panel')).backgroundColor.match(/\d+/g).map(Number);
      return { bg, anim: getComputedStyle(r.querySelector('.panel')).animationName };
    });
    t.check(look.bg[0] + look.bg[1] + look.bg[2] < 150, 'dark mode follows the system', JSON.stringify(look.bg));
    t.check(look.anim === 'none', 'reduced motion turns the opening animation off', look.anim);
    await axe(dp, 'in dark mode');
    await dark.close();

    // Keyboard only, on another site's page where the chat starts closed.
    const kctx = await browser.newContext();
    const kp = await kctx.newPage();
    await kp.goto(site.url('/'));
    await kp.getByRole('button', { name: 'Open career chat' }).waitFor({ state: 'visible', timeout: 15000 });
    let f = await tabTo(kp, (x) => x.part === 'launcher');
    t.check(f.part === 'launcher', 'Tab reaches the launcher', JSON.stringify(f));
    t.check(f.outline !== 'none' && parseFloat(f.outlineWidth) >= 2, 'the focused launcher shows a visible focus ring', `${f.outline} ${f.outlineWidth}`);
    await kp.keyboard.press('Enter');
    await waitBot(kp, 0);
    f = await focused(kp);
    t.check(f.name === 'Message', 'Enter opens the chat with the focus in the message box', JSON.stringify(f));
    const dialog = await kp.getByRole('dialog', { name: 'Career advisor' }).count();
    t.check(dialog === 1, 'the open chat is a dialog named by its title');
    await kp.keyboard.type('what does a data engineer do?');
    let before = await botCount(kp);
    await kp.keyboard.press('Enter');
    const live1 = await liveText(kp);
    t.check(!/what does a data engineer do/.test(live1), 'the live region does not repeat what the user typed', live1.slice(0, 80));
    let text = await waitBot(kp, before);
    t.check(/data engineer/i.test(text), 'a question asked from the keyboard is answered', text.slice(0, 80));
    await kp.waitForTimeout(100);
    const live2 = await liveText(kp);
    t.check(/data engineer/i.test(live2) && !/what does a data engineer do/.test(live2), 'the live region announces the bot reply', live2.slice(-120));
    f = await tabTo(kp, (x) => x.part === 'quick-reply', 'Shift+Tab');
    t.check(f.part === 'quick-reply', 'Shift+Tab from the message box reaches the quick replies', JSON.stringify(f));
    before = await botCount(kp);
    await kp.keyboard.press('Enter');
    text = await waitBot(kp, before);
    t.check(text.length > 0, `the quick reply "${f.name}" is chosen with Enter and answered`, text.slice(0, 80));
    f = await focused(kp);
    t.check(f.name === 'Message', 'after a quick reply the focus is back in the message box', JSON.stringify(f));
    f = await tabTo(kp, (x) => x.part === 'menu-button', 'Shift+Tab');
    t.check(f.part === 'menu-button', 'the header menu is reachable by keyboard', JSON.stringify(f));
    await kp.keyboard.press('Enter');
    f = await focused(kp);
    t.check(f.role === 'menuitem' && /Restart/.test(f.name), 'Enter opens the menu on its first item', JSON.stringify(f));
    await kp.keyboard.press('ArrowDown');
    f = await focused(kp);
    t.check(f.role === 'menuitem' && /Forget me/.test(f.name), 'ArrowDown moves to "Forget me"', JSON.stringify(f));
    await kp.keyboard.press('Escape');
    f = await focused(kp);
    const menuHidden = await kp.evaluate(() => document.querySelector('[data-careerbot]').shadowRoot.querySelector('[role=menu]').hidden);
    t.check(menuHidden && f.part === 'menu-button', 'Esc closes the menu and returns to its button', JSON.stringify(f));
    await kp.keyboard.press('Escape');
    f = await focused(kp);
    const closed = await kp.evaluate(() => document.querySelector('[data-careerbot]').shadowRoot.querySelector('.panel').hidden);
    t.check(closed && f.part === 'launcher', 'Esc closes the chat and the focus returns to the launcher', JSON.stringify(f));
    await kctx.close();
  } finally {
    await browser.close();
    await site.close();
    await srv.stop();
  }
}

main().catch((e) => t.fail(e)).finally(() => t.done());
