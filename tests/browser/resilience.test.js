'use strict';
// The widget through reloads, a server restart and network changes. A reload mid-conversation
// resumes the session and its context. When the server stops, the widget says so; a message typed
// meanwhile waits, marked as such, and once the restarted server is back (same port, same session
// store) it is sent exactly once and answered in the same conversation. The network coming back
// ("online") and the tab becoming visible reconnect at once instead of waiting for the backoff.
// A message whose connection drops before the answer is not sent again by itself (the server may
// have taken it: a test answer must not count twice); it says so, with a button to send it again.
// usage: node resilience.test.js CAREERBOT REPO_ROOT
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startServer } = require('../lib/server');
const { fakeBot } = require('../lib/fakebot');
const { launch, tally, botCount, waitBot, ask } = require('./browser');

const [bin, root] = process.argv.slice(2);
const t = tally();

// Counts the sockets the page opens, to tell a reconnect on an event from one on a timer.
function countSockets() {
  const Native = window.WebSocket;
  window.__sockets = 0;
  function Counted(url, protocols) {
    window.__sockets++;
    return protocols === undefined ? new Native(url) : new Native(url, protocols);
  }
  Counted.prototype = Native.prototype;
  ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'].forEach((k) => { Counted[k] = Native[k]; });
  window.WebSocket = Counted;
}

function status(page) {
  return page.evaluate(() => {
    const s = document.querySelector('[data-careerbot]').shadowRoot.querySelector('.status');
    return s.hidden ? '' : s.textContent;
  });
}

async function main() {
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-restart-')), 'sessions.db');
  let srv = await startServer({ bin, root, args: ['--db', db] });
  const port = srv.port;
  const browser = await launch();
  try {
    const context = await browser.newContext();
    await context.addInitScript(countSockets);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(srv.url + '/');
    await waitBot(page, 0);
    await ask(page, 'what does an ML engineer do?');
    const sid = await page.evaluate(() => localStorage.getItem('careerbot.session'));

    await page.reload();
    const back = await waitBot(page, 0);
    t.check(/welcome back/i.test(back), 'a reload mid-conversation resumes the session', back.slice(0, 100));
    const wp = await ask(page, "what's their workplace like?");
    t.check(/machine learning/i.test(wp), 'after the reload "their" still means ML engineers', wp.slice(0, 100));

    // The server stops: the widget says so, and a message typed now waits.
    await srv.stop();
    await page.waitForFunction(() => /Reconnecting/.test(document.querySelector('[data-careerbot]').shadowRoot.querySelector('.status').textContent), null, { timeout: 10000 });
    t.check(/Connection lost/.test(await status(page)), 'a stopped server shows "Connection lost. Reconnecting…"', await status(page));
    const before = await botCount(page);
    const input = page.getByRole('textbox', { name: 'Message' });
    await input.fill('what education do they need?');
    await input.press('Enter');
    const pending = await page.evaluate(() => {
      const u = document.querySelector('[data-careerbot]').shadowRoot.querySelectorAll('.msg.user');
      return u[u.length - 1].textContent;
    });
    t.check(/waiting to send/.test(pending), 'a message typed while offline is marked "waiting to send"', pending);

    // Events reconnect at once while the server is down (the attempt fails, as it should). An
    // attempt of the backoff timer may be under way at that instant; then try again a little later.
    const reconnectsOn = async (fire) => {
      for (let i = 0; i < 5; i++) {
        await page.waitForTimeout(150);
        const n0 = await page.evaluate(() => window.__sockets);
        await page.evaluate(fire);
        if (await page.evaluate(() => window.__sockets) === n0 + 1) return true;
      }
      return false;
    };
    t.check(await reconnectsOn(() => window.dispatchEvent(new Event('online'))), 'the network coming back ("online") reconnects at once');
    t.check(await reconnectsOn(() => document.dispatchEvent(new Event('visibilitychange'))), 'the tab becoming visible reconnects at once');

    // The server comes back on the same port with the same store.
    srv = await startServer({ bin, root, args: ['--db', db, '--port', String(port)] });
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    const reply = await waitBot(page, before, 20000);
    t.check(/degree|education|school/i.test(reply), 'the waiting message is answered after the restart, in the same conversation', reply.slice(0, 120));
    await page.waitForTimeout(1000);
    const health = JSON.parse(await (await page.request.get(`${srv.url}/healthz`)).text());
    t.check(health.messages === 1, 'the waiting message was sent exactly once', `messages on the new server: ${health.messages}`);
    t.check(await botCount(page) === before + 1, 'one reply, and no second welcome on screen', `bot messages ${before} → ${await botCount(page)}`);
    const state = await page.evaluate(() => {
      const r = document.querySelector('[data-careerbot]').shadowRoot;
      return { pending: r.querySelectorAll('.pending').length, status: r.querySelector('.status').hidden };
    });
    t.check(state.pending === 0 && state.status, 'the "waiting" mark and the status line are gone', JSON.stringify(state));
    const sid2 = await page.evaluate(() => localStorage.getItem('careerbot.session'));
    t.check(sid2 === sid, 'the session survived the restart');
    const n0 = await page.evaluate(() => window.__sockets);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    t.check(await page.evaluate(() => window.__sockets) === n0, 'a connected widget does not reconnect when the tab shows again');
    t.check(errors.length === 0, 'no page errors', errors.join(' | '));
    await context.close();

    // The connection drops between a message and its answer.
    let drops = 0;
    const fake = await fakeBot({ root, greeting: { type: 'reply', text: 'Hello from the stand-in.', quick_replies: [] },
      reply: (text) => (text === 'drop this' && drops++ === 0 ? null : { type: 'reply', text: `You said: ${text}`, quick_replies: [] }) });
    try {
      const fp = await browser.newPage();
      await fp.goto(fake.url);
      await waitBot(fp, 0);
      const input2 = fp.getByRole('textbox', { name: 'Message' });
      await input2.fill('drop this');
      await input2.press('Enter');
      const again = fp.getByRole('button', { name: 'Send again' });
      await again.waitFor({ state: 'visible', timeout: 10000 });
      const note = await fp.evaluate(() => document.querySelector('[data-careerbot]').shadowRoot.querySelector('.msg.user').textContent);
      t.check(/dropped before an answer came/.test(note), 'an unanswered message says the connection dropped, with "Send again"', note);
      await fp.waitForFunction(() => document.querySelector('[data-careerbot]').shadowRoot.querySelector('.status').hidden, null, { timeout: 10000 });
      await fp.waitForTimeout(300);
      t.check(await botCount(fp) === 1, 'it is not sent again by itself after the reconnect');
      await again.click();
      const r = await waitBot(fp, 1);
      t.check(/You said: drop this/.test(r), '"Send again" sends it and it is answered', r);
      const left = await fp.evaluate(() => document.querySelector('[data-careerbot]').shadowRoot.querySelectorAll('.msg.user, .pending').length);
      t.check(left === 1, 'in the same bubble, without the note', String(left));
    } finally {
      await fake.close();
    }
  } finally {
    await browser.close();
    await srv.stop();
  }
}

main().catch((e) => t.fail(e)).finally(() => t.done());
