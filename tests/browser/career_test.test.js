'use strict';
// The career test in the browser widget: start it, answer with buttons, ask a career question
// midway, reload the page mid-test and continue at the same question, finish, and see the results
// with the chart and reasons.
// usage: node career_test.test.js CAREERBOT REPO_ROOT
const { startServer } = require('../lib/server');
const { launch, tally, botCount, waitBot, ask } = require('./browser');

const [bin, root] = process.argv.slice(2);
const t = tally();

async function click(page, name) {
  const before = await botCount(page);
  await page.getByRole('group', { name: 'Suggested replies' }).getByRole('button', { name, exact: true }).click();
  return waitBot(page, before);
}

function progressText(page) {
  return page.evaluate(() => {
    const p = document.querySelector('[data-careerbot]').shadowRoot.querySelector('.progress');
    return p && !p.hidden ? p.textContent : '';
  });
}

async function main() {
  const srv = await startServer({ bin, root });
  const browser = await launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(srv.url + '/');
    await waitBot(page, 0);

    let text = await ask(page, 'take the career test');
    t.check(/Question 1 of 30/.test(text), 'the test starts at question 1 of 30', text.slice(-120));
    t.check(/0 of 30/.test(await progressText(page)), 'a progress bar shows 0 of 30', await progressText(page));
    const answers = ['Love it', 'Like it', 'Not sure', 'Dislike it', 'Hate it'];
    for (let i = 0; i < 6; i++) text = await click(page, answers[i % 5]);
    t.check(/Question 7 of 30/.test(text), 'six answers by button reach question 7', text.slice(-80));
    t.check(/6 of 30/.test(await progressText(page)), 'the progress bar follows', await progressText(page));

    text = await ask(page, 'what does an ML engineer do?');
    t.check(/Deploy models/.test(text) && /Back to the test: question 7 of 30/.test(text), 'a side question is answered, then back to question 7', text.slice(-120));

    // Reload mid-test: the same question comes back.
    await page.reload();
    text = await waitBot(page, 0);
    t.check(/question 7 of 30/i.test(text), 'after a reload the test continues at question 7', text);

    for (let i = 6; i < 30; i++) text = await click(page, i % 6 === 1 ? 'Love it' : i % 6 === 5 ? 'Like it' : 'Dislike it');
    t.check(/education/i.test(text), 'after 30 answers the education question comes', text.slice(0, 120));
    text = await click(page, "A bachelor's degree");
    t.check(/Your interest profile/.test(text) && /Careers that fit/.test(text), 'the results come with matching careers', text.slice(0, 200));
    const bars = await page.evaluate(() => document.querySelector('[data-careerbot]').shadowRoot.querySelectorAll('.chart li').length);
    t.check(bars === 6, 'the results show a chart of the six interest scores', `bars: ${bars}`);
    const why = await page.getByRole('group', { name: 'Suggested replies' }).getByRole('button', { name: /^Why / }).count();
    t.check(why === 1, 'a quick reply asks why the first match fits');
    text = await click(page, (await page.getByRole('group', { name: 'Suggested replies' }).getByRole('button', { name: /^Why / }).textContent()));
    t.check(/match/.test(text) && /Your clearest interests?/.test(text) && /correlate at/.test(text), 'why X explains the fit with data', text);
    t.check(problems.length === 0, 'no console errors', problems.join(' | '));
    await context.close();
  } finally {
    await browser.close();
    await srv.stop();
  }
}

main().catch((e) => t.fail(e)).finally(() => t.done());
