'use strict';
// Shared helpers of the browser tests: Debian's chromium through playwright-core, and a tally.
const { chromium } = require('playwright-core');

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS });
}

function tally() {
  let passed = 0;
  let failed = 0;
  return {
    check(ok, what, detail) {
      if (ok) { passed++; console.log(`ok - ${what}`); } else { failed++; console.log(`not ok - ${what}${detail ? `\n    ${detail}` : ''}`); }
    },
    fail(e) { failed++; console.log(`not ok - ${e && e.stack ? e.stack : e}`); },
    done() { console.log(`${passed} passed, ${failed} failed`); process.exit(failed ? 1 : 0); },
  };
}

// Text of the last bot message in the widget (inside its open shadow root).
async function lastBot(page) {
  return page.evaluate(() => {
    const host = document.querySelector('[data-careerbot]');
    const bots = host ? host.shadowRoot.querySelectorAll('.msg.bot') : [];
    return bots.length ? bots[bots.length - 1].textContent : '';
  });
}

async function botCount(page) {
  return page.evaluate(() => {
    const host = document.querySelector('[data-careerbot]');
    return host ? host.shadowRoot.querySelectorAll('.msg.bot').length : 0;
  });
}

// Waits until there are more than `before` bot messages; returns the last one's text.
async function waitBot(page, before, timeout = 15000) {
  await page.waitForFunction((n) => {
    const host = document.querySelector('[data-careerbot]');
    return host && host.shadowRoot.querySelectorAll('.msg.bot').length > n;
  }, before, { timeout });
  return lastBot(page);
}

async function ask(page, text) {
  const before = await botCount(page);
  const input = page.getByRole('textbox', { name: 'Message' });
  await input.fill(text);
  await input.press('Enter');
  return waitBot(page, before);
}

module.exports = { launch, tally, lastBot, botCount, waitBot, ask };
