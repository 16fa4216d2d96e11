'use strict';
// The server's own page in headless chromium: the widget opens, answers "what does an ML engineer
// do?" with the duties, quick replies work, nothing breaks the page's CSP, bot text is never HTML,
// a reload resumes the same session with its context, and a long reply is shown from its start.
// usage: node chat.test.js CAREERBOT REPO_ROOT
const { startServer } = require('../lib/server');
const { launch, tally, botCount, waitBot, ask } = require('./browser');

const [bin, root] = process.argv.slice(2);
const t = tally();

async function main() {
  const srv = await startServer({ bin, root });
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; d.dismiss(); });

    await page.goto(srv.url + '/');
    const greeting = await waitBot(page, 0);
    t.check(/career/i.test(greeting), 'the page opens with the chat and a greeting', greeting);

    const describe = await ask(page, 'what does an ML engineer do?');
    t.check(/Build and train models/.test(describe) && /Deploy models/.test(describe), 'the ML engineer answer names the duties', describe.slice(0, 200));
    const duties = await ask(page, 'what are the duties of an ML engineer?');
    t.check(/Build and train models/.test(duties), 'the duties answer lists them', duties.slice(0, 200));
    const bold = await page.evaluate(() => document.querySelector('[data-careerbot]').shadowRoot.querySelectorAll('.msg.bot li strong').length);
    t.check(bold >= 7, 'duties render as a list with bold names', `strong in li: ${bold}`);

    const quick = page.getByRole('group', { name: 'Suggested replies' }).getByRole('button').first();
    const label = await quick.textContent();
    const before = await botCount(page);
    await quick.dblclick();
    const after = await waitBot(page, before);
    t.check(after.length > 0, `the quick reply "${label}" gets an answer`, after.slice(0, 120));
    await page.waitForTimeout(500);
    t.check(await botCount(page) === before + 1, 'a double click on a quick reply sends once');

    const xss = await ask(page, '<img src=x onerror=alert(1)> what does <b>it</b> do?');
    const imgs = await page.evaluate(() => document.querySelector('[data-careerbot]').shadowRoot.querySelectorAll('img, b').length);
    t.check(imgs === 0 && dialogs === 0, 'text that looks like HTML stays text', `img/b elements: ${imgs}, dialogs: ${dialogs}; ${xss.slice(0, 80)}`);

    const sid = await page.evaluate(() => localStorage.getItem('careerbot.session'));
    t.check(/^[0-9a-f]{32}$/.test(sid || ''), 'the session id is kept in localStorage', sid);

    // Reload: the same session resumes, and "their" still means the ML engineer.
    await page.reload();
    const back = await waitBot(page, 0);
    t.check(/welcome back/i.test(back), 'after a reload the bot welcomes the user back', back);
    const sid2 = await page.evaluate(() => localStorage.getItem('careerbot.session'));
    t.check(sid2 === sid, 'after a reload the session id is the same');
    const workplace = await ask(page, "what's their workplace like?");
    t.check(/machine learning/i.test(workplace), 'after a reload the context carries: "their workplace" is about ML engineers', workplace.slice(0, 160));

    // A reply taller than the log is shown from its start: its first line is in view, not its end.
    await page.setViewportSize({ width: 420, height: 520 });
    await ask(page, 'I want to kill myself');
    const view = await page.evaluate(() => {
      const root = document.querySelector('[data-careerbot]').shadowRoot;
      const log = root.querySelector('[part~="log"]') || root.querySelector('.msg.bot').parentElement;
      const msgs = root.querySelectorAll('.msg.bot');
      const box = msgs[msgs.length - 1];
      const l = log.getBoundingClientRect(), b = box.getBoundingClientRect();
      return { tall: b.height > l.height, top: b.top - l.top, logH: l.height, boxH: b.height };
    });
    t.check(view.top >= -2 && view.top < view.logH, 'the newest reply is shown from its start', JSON.stringify(view));

    t.check(problems.length === 0, 'no console errors or CSP violations', problems.join(' | '));
    await context.close();
  } finally {
    await browser.close();
    await srv.stop();
  }
}

main().catch((e) => t.fail(e)).finally(() => t.done());
