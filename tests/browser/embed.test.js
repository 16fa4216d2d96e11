'use strict';
// The widget embedded with one tag on another site (another origin), under a strict
// Content-Security-Policy and a hostile stylesheet: it loads, stays styled, and answers.
// usage: node embed.test.js CAREERBOT REPO_ROOT
const http = require('http');
const { startServer } = require('../lib/server');
const { launch, tally, waitBot, ask } = require('./browser');

const [bin, root] = process.argv.slice(2);
const t = tally();

function hostSite(botPort) {
  const csp = `default-src 'self'; script-src 'self' http://127.0.0.1:${botPort}; ` +
    `connect-src ws://127.0.0.1:${botPort}; style-src 'self'`;
  const page = `<!doctype html><html><head><title>Another site</title>
<link rel="stylesheet" href="/hostile.css"></head><body><h1>Some other site</h1>
<p>Its own content.</p>
<script src="http://127.0.0.1:${botPort}/widget.js" async></script></body></html>`;
  const hostile = '* { color: red !important; display: block !important; font-size: 40px !important; } ' +
    'button { display: none !important; } input { visibility: hidden !important; }';
  const server = http.createServer((req, res) => {
    if (req.url === '/hostile.css') {
      res.writeHead(200, { 'content-type': 'text/css' });
      return res.end(hostile);
    }
    res.writeHead(200, { 'content-type': 'text/html', 'content-security-policy': csp });
    res.end(page);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const srv = await startServer({ bin, root });
  const site = await hostSite(srv.port);
  const siteUrl = `http://127.0.0.1:${site.address().port}/`;
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(siteUrl);
    const launcher = page.getByRole('button', { name: 'Open career chat' });
    await launcher.waitFor({ state: 'visible', timeout: 15000 });
    t.check(true, 'the launcher shows on another origin despite the hostile stylesheet');
    await launcher.click();
    await waitBot(page, 0);
    const input = page.getByRole('textbox', { name: 'Message' });
    t.check(await input.isVisible(), 'the message box is visible (host CSS does not leak in)');
    const reply = await ask(page, 'tell me about data engineers');
    t.check(/data engineer/i.test(reply), 'the widget answers from the careerbot server', reply.slice(0, 120));
    const color = await page.evaluate(() => {
      const b = document.querySelector('[data-careerbot]').shadowRoot.querySelector('.msg.bot');
      return getComputedStyle(b).color;
    });
    t.check(color !== 'rgb(255, 0, 0)', 'bot text keeps the widget colour, not the host page red', color);
    t.check(problems.length === 0, 'no CSP violations or errors on the host page', problems.join(' | '));
  } finally {
    await browser.close();
    site.close();
    await srv.stop();
  }
}

main().catch((e) => t.fail(e)).finally(() => t.done());
