'use strict';
// Layout on a desktop (1280x800) and a phone (375x667): screenshots of the open chat mid-
// conversation saved under the test output (OUT_DIR/screenshots/widget-WxH.png); the widget lies
// inside the viewport; nothing covers the message box or the send button; on the phone the chat
// is a full-screen sheet whose touch targets are at least 44 px and which shrinks with the visual
// viewport (the on-screen keyboard) so the message box stays in view.
// usage: node layout.test.js CAREERBOT REPO_ROOT [OUT_DIR]
const fs = require('fs');
const path = require('path');
const { startServer } = require('../lib/server');
const { launch, tally, waitBot, ask } = require('./browser');

const [bin, root, outArg] = process.argv.slice(2);
const t = tally();
const shots = path.join(outArg || path.join(root, 'build', 'test-output'), 'screenshots');

function measure(page) {
  return page.evaluate(() => {
    const r = document.querySelector('[data-careerbot]').shadowRoot;
    const box = (e) => { const b = e.getBoundingClientRect(); return { left: b.left, top: b.top, right: b.right, bottom: b.bottom, width: b.width, height: b.height }; };
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    // Who is on top at several points of an element: itself (or its own text) or something else?
    const covered = (e) => {
      const b = e.getBoundingClientRect();
      const pts = [[0.5, 0.5], [0.1, 0.2], [0.9, 0.2], [0.1, 0.8], [0.9, 0.8]];
      return pts.filter(([x, y]) => {
        const hit = r.elementFromPoint(b.left + b.width * x, b.top + b.height * y);
        return !(hit === e || e.contains(hit));
      }).length;
    };
    const input = r.querySelector('input');
    const send = r.querySelector('form button');
    const launcher = r.querySelector('.launcher');
    const launcherShown = getComputedStyle(launcher).display !== 'none';
    const small = Array.from(r.querySelectorAll('button, input')).filter((e) => {
      if (e.closest('[hidden]') || getComputedStyle(e).display === 'none') return false;
      const b = e.getBoundingClientRect();
      return b.width > 0 && (b.width < 44 || b.height < 44);
    }).map((e) => `${e.getAttribute('part') || e.textContent}: ${Math.round(e.getBoundingClientRect().width)}x${Math.round(e.getBoundingClientRect().height)}`);
    return { vw, vh, panel: box(r.querySelector('.panel')), launcher: launcherShown ? box(launcher) : null,
      input: box(input), inputCovered: covered(input), sendCovered: covered(send), small };
  });
}

const inside = (b, m) => b.left >= -0.5 && b.top >= -0.5 && b.right <= m.vw + 0.5 && b.bottom <= m.vh + 0.5;
const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

async function main() {
  fs.mkdirSync(shots, { recursive: true });
  const srv = await startServer({ bin, root });
  const browser = await launch();
  try {
    for (const [w, h, phone] of [[1280, 800, false], [375, 667, true]]) {
      const size = `${w}x${h}`;
      const context = await browser.newContext({ viewport: { width: w, height: h }, isMobile: phone, hasTouch: phone, reducedMotion: 'reduce' });
      const page = await context.newPage();
      await page.goto(srv.url + '/');
      await waitBot(page, 0);
      await ask(page, 'what does an ML engineer do?');
      const file = path.join(shots, `widget-${size}.png`);
      await page.screenshot({ path: file });
      t.check(fs.statSync(file).size > 1000, `screenshot saved: ${file}`);
      const m = await measure(page);
      t.check(inside(m.panel, m), `${size}: the chat panel lies inside the viewport`, JSON.stringify(m.panel));
      t.check(m.inputCovered === 0 && m.sendCovered === 0, `${size}: nothing covers the message box or the send button`,
        `points covered: input ${m.inputCovered}, send ${m.sendCovered}`);
      if (phone) {
        t.check(Math.round(m.panel.width) === w && Math.round(m.panel.height) === h, `${size}: the chat is a full-screen sheet`, JSON.stringify(m.panel));
        t.check(m.launcher === null, `${size}: the launcher hides behind the open sheet`);
        t.check(m.small.length === 0, `${size}: every button and the message box are at least 44x44 px`, m.small.join(', '));
        // The sheet covers the page, so it is modal and Tab stays inside it.
        const modal = await page.evaluate(() => document.querySelector('[data-careerbot]').shadowRoot.querySelector('.panel').getAttribute('aria-modal'));
        await page.getByRole('textbox', { name: 'Message' }).focus();
        let outside = 0;
        for (let i = 0; i < 14; i++) {
          await page.keyboard.press(i < 7 ? 'Tab' : 'Shift+Tab');
          outside += await page.evaluate(() => (document.activeElement && document.activeElement.hasAttribute('data-careerbot') &&
            document.activeElement.shadowRoot.activeElement ? 0 : 1));
        }
        t.check(modal === 'true' && outside === 0, `${size}: the sheet is modal and Tab and Shift+Tab stay inside it`, `aria-modal ${modal}, ${outside} steps outside`);
        // The on-screen keyboard takes the lower part of the screen: the sheet follows the visual viewport.
        await page.setViewportSize({ width: w, height: 380 });
        await page.waitForTimeout(200);
        const k = await measure(page);
        t.check(inside(k.input, k) && k.panel.bottom <= 380.5 && k.inputCovered === 0,
          `${size}: with the keyboard up (viewport 380 px high) the message box stays in view`, JSON.stringify({ panel: k.panel, input: k.input }));
      } else {
        t.check(m.launcher && inside(m.launcher, m), `${size}: the launcher lies inside the viewport`, JSON.stringify(m.launcher));
        t.check(m.launcher && !overlap(m.launcher, m.panel), `${size}: the launcher does not overlap the panel`);
        t.check(m.small.length === 0, `${size}: buttons and the message box are at least 44 px`, m.small.join(', '));
        await page.setViewportSize({ width: 1024, height: 560 });
        await page.waitForTimeout(100);
        const s = await measure(page);
        t.check(inside(s.panel, s) && s.inputCovered === 0, '1024x560: a short window still holds the whole panel', JSON.stringify(s.panel));
      }
      await context.close();
    }
    // The example host page, closed launcher and inline panel, for the record.
    const c = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    const p = await c.newPage();
    await p.goto(srv.url + '/embed-example.html');
    await p.waitForFunction(() => { const h = document.querySelector('#careerbot-inline [data-careerbot]'); return h && h.shadowRoot.querySelector('.msg.bot'); }, null, { timeout: 15000 });
    const file = path.join(shots, 'embed-example-1280x800.png');
    await p.screenshot({ path: file, fullPage: true });
    t.check(fs.statSync(file).size > 1000, `screenshot saved: ${file}`);
    await c.close();
  } finally {
    await browser.close();
    await srv.stop();
  }
}

main().catch((e) => t.fail(e)).finally(() => t.done());
