'use strict';
// The widget embedded with one tag on another site (another origin) under a strict
// Content-Security-Policy with Trusted Types: it loads and answers; a hostile host stylesheet
// changes nothing inside it (computed styles compared with the same page without it); a site the
// server does not allow gets a clear "not allowed on this site" state and no chat; and the server
// refuses that origin's handshake with 403 while answering its own and allowed origins.
// usage: node embed.test.js CAREERBOT REPO_ROOT
const http = require('http');
const { startServer } = require('../lib/server');
const { hostSite, strictCsp } = require('../lib/site');
const { launch, tally, waitBot, ask } = require('./browser');

const [bin, root] = process.argv.slice(2);
const t = tally();

const HOSTILE = `
* { color: red !important; font-size: 40px !important; line-height: 3 !important; letter-spacing: 4px !important;
    font-family: serif !important; text-transform: uppercase !important; box-sizing: content-box !important;
    cursor: wait !important; text-align: right !important; }
div, section, span, p, ul, li, header, form { display: block !important; padding: 30px !important; margin: 20px !important;
    border: 5px dashed red !important; background: yellow !important; width: 50px !important; }
button { display: none !important; } input { visibility: hidden !important; }
[data-careerbot] { opacity: .2 !important; transform: scale(.5) !important; filter: blur(3px) !important;
    font-size: 8px !important; position: absolute !important; direction: rtl !important; }
:root { --cb-primary: red; --cb-bg: black; }`;

function page(botOrigin, hostile) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another site</title>
${hostile ? '<link rel="stylesheet" href="/hostile.css">' : ''}</head><body><main><h1>Some other site</h1>
<p>Its own content.</p></main>
<script src="${botOrigin}/widget.js" async></script></body></html>`;
}

// Computed styles of the widget's parts, to compare with and without the hostile stylesheet.
function signature(p) {
  return p.evaluate(() => {
    const r = document.querySelector('[data-careerbot]').shadowRoot;
    const props = ['color', 'background-color', 'font-size', 'font-family', 'line-height', 'letter-spacing',
      'text-transform', 'display', 'visibility', 'opacity', 'width', 'height', 'padding-top', 'margin-top',
      'border-top-style', 'box-sizing', 'text-align', 'direction', 'cursor'];
    const out = {};
    for (const sel of ['.launcher', '.panel', 'header h2', '.msg.bot', '.msg.bot p', 'input', 'form button', '.quick button', '.log']) {
      const e = r.querySelector(sel);
      if (!e) { out[sel] = 'missing'; continue; }
      const cs = getComputedStyle(e);
      out[sel] = props.map((k) => `${k}:${cs.getPropertyValue(k)}`).join(';');
      const b = e.getBoundingClientRect();
      out[sel] += `;rect:${Math.round(b.width)}x${Math.round(b.height)}`;
    }
    return out;
  });
}

function handshake(port, origin) {
  return new Promise((resolve) => {
    const headers = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    if (origin) headers.Origin = origin;
    const req = http.request({ host: '127.0.0.1', port, path: '/chat', headers });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve(res.statusCode); });
    req.on('response', (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', (e) => resolve(String(e)));
    req.end();
  });
}

async function main() {
  let botOrigin = '';
  const sri = 'sha384-' + require('crypto').createHash('sha384')
    .update(require('fs').readFileSync(require('path').join(root, 'web', 'widget.js'))).digest('base64');
  const csp = () => ({ 'content-security-policy': strictCsp(botOrigin) });
  const site = await hostSite({
    '/plain': { body: () => page(botOrigin, false), headers: csp },
    '/hostile': { body: () => page(botOrigin, true), headers: csp },
    '/hostile.css': { type: 'text/css', body: HOSTILE },
    '/favicon.ico': { type: 'image/x-icon', body: '' },
    // Subresource integrity: the widget is served with CORS, so a host may pin its hash.
    '/sri': { headers: csp, body: () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SRI</title></head>
<body><h1>Pinned</h1><script src="${botOrigin}/widget.js" crossorigin="anonymous" integrity="${sri}" async></script></body></html>` },
  });
  // Pages on localhost:SITE are allowed; the same pages on 127.0.0.1:SITE are another origin, not allowed.
  const allowed = `http://localhost:${site.port}`;
  const srv = await startServer({ bin, root, args: ['--allow-origin', allowed] });
  botOrigin = srv.url;
  const browser = await launch();
  try {
    t.check(await handshake(srv.port, allowed) === 101, 'the server accepts the handshake of an allowed origin');
    t.check(await handshake(srv.port, srv.url) === 101, "the server accepts its own origin's handshake");
    t.check(await handshake(srv.port, `http://127.0.0.1:${site.port}`) === 403, 'the server refuses another origin with 403');
    t.check(await handshake(srv.port, 'null') === 403, 'the server refuses the "null" origin with 403');
    t.check(await handshake(srv.port, null) === 101, 'a handshake without Origin (not a browser) is allowed by default');
    t.check(await handshake(srv.port, 'http://localhost:3000') === 403, 'with --allow-origin given, other localhost ports are refused');

    // Origins are compared in a normal form; --require-origin refuses programs without one.
    const strict = await startServer({ bin, root, args: ['--memory-only', '--allow-origin', 'HTTPS://Example.ORG:443/', '--require-origin'] });
    try {
      t.check(await handshake(strict.port, 'https://example.org') === 101, '--allow-origin HTTPS://Example.ORG:443/ allows https://example.org');
      t.check(await handshake(strict.port, 'https://example.org:8443') === 403 && await handshake(strict.port, 'http://example.org') === 403,
        'another port or scheme of an allowed host is refused');
      t.check(await handshake(strict.port, strict.url) === 101, 'the server\'s own origin is always allowed');
      t.check(await handshake(strict.port, null) === 403, '--require-origin refuses a handshake without Origin');
    } finally {
      await strict.stop();
    }
    const bad = require('child_process').spawnSync(bin, ['serve', '--allow-origin', 'ftp://example.org'], { encoding: 'utf8' });
    t.check(bad.status === 2 && /not an origin/.test(bad.stderr), 'a malformed --allow-origin is a usage error', bad.stderr);

    const sigs = {};
    for (const kind of ['plain', 'hostile']) {
      // A fresh context each, so both pages start the same new conversation; no animation midway.
      const ctx = await browser.newContext({ reducedMotion: 'reduce' });
      const p = await ctx.newPage();
      const problems = [];
      p.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy|Trusted Type/i.test(m.text())) problems.push(m.text()); });
      p.on('pageerror', (e) => problems.push(String(e)));
      await p.goto(`${allowed}/${kind}`);
      const launcher = p.getByRole('button', { name: 'Open career chat' });
      await launcher.waitFor({ state: 'visible', timeout: 15000 });
      await launcher.click();
      await waitBot(p, 0);
      sigs[kind] = await signature(p);
      if (kind === 'hostile') {
        const input = p.getByRole('textbox', { name: 'Message' });
        t.check(await input.isVisible(), 'on the hostile page the message box is visible');
        const reply = await ask(p, 'tell me about data engineers');
        t.check(/data engineer/i.test(reply), 'the embedded widget answers from the careerbot server', reply.slice(0, 100));
      }
      t.check(problems.length === 0, `the ${kind} host page under a strict CSP with Trusted Types logs no violation or error`, problems.join(' | '));
      await ctx.close();
    }
    const diff = Object.keys(sigs.plain).filter((k) => sigs.plain[k] !== sigs.hostile[k]);
    t.check(diff.length === 0, 'the hostile host stylesheet changes nothing inside the widget',
      diff.map((k) => `${k}\n      plain:   ${sigs.plain[k]}\n      hostile: ${sigs.hostile[k]}`).join('\n    '));

    const sp = await browser.newPage();
    await sp.goto(`${allowed}/sri`);
    await sp.getByRole('button', { name: 'Open career chat' }).waitFor({ state: 'visible', timeout: 15000 });
    t.check(true, 'a host may load the widget with crossorigin and an integrity hash');
    await sp.close();

    // A site that is not allowed: a clear state, no retry loop, no chat.
    const context = await browser.newContext();
    const p = await context.newPage();
    const cspProblems = [];
    p.on('console', (m) => { if (/Content Security Policy|Trusted Type/i.test(m.text())) cspProblems.push(m.text()); });
    await p.goto(`http://127.0.0.1:${site.port}/plain`);
    await p.getByRole('button', { name: 'Open career chat' }).click();
    await p.waitForFunction(() => /not allowed on this site/.test(
      document.querySelector('[data-careerbot]').shadowRoot.querySelector('.status').textContent), null, { timeout: 15000 });
    const state = await p.evaluate(() => {
      const r = document.querySelector('[data-careerbot]').shadowRoot;
      const s = r.querySelector('.status');
      return { visible: !s.hidden && s.getBoundingClientRect().height > 0, input: r.querySelector('input').disabled };
    });
    t.check(state.visible && state.input, 'a refused site shows "not allowed on this site" and disables the input', JSON.stringify(state));
    const before = JSON.parse(await (await p.request.get(`${srv.url}/healthz`)).text()).refused_origins;
    await p.waitForTimeout(2500);
    const after = JSON.parse(await (await p.request.get(`${srv.url}/healthz`)).text()).refused_origins;
    t.check(after === before, 'a refused widget stops knocking', `refused handshakes ${before} then ${after}`);
    t.check(cspProblems.length === 0, 'asking the server why (a socket to /embed-check) passes the strict CSP', cspProblems.join(' | '));

    // Headers that let other sites load the widget, and keep our own pages strict.
    const js = await p.request.get(`${srv.url}/widget.js`);
    const h = js.headers();
    t.check(/^text\/javascript/.test(h['content-type']) && h['access-control-allow-origin'] === '*' &&
      h['cross-origin-resource-policy'] === 'cross-origin' && h['x-content-type-options'] === 'nosniff' &&
      /max-age=\d+/.test(h['cache-control']) && /^"/.test(h.etag || ''),
    'widget.js is served with its type, CORS, CORP, nosniff, a cache lifetime and an ETag', JSON.stringify(h));
    const again = await p.request.get(`${srv.url}/widget.js`, { headers: { 'if-none-match': h.etag } });
    t.check(again.status() === 304, 'widget.js revalidates with 304 Not Modified', String(again.status()));
    const no = await p.request.get(`${srv.url}/embed-check`, { headers: { origin: `http://127.0.0.1:${site.port}` } });
    const yes = await p.request.get(`${srv.url}/embed-check`, { headers: { origin: allowed } });
    t.check((await no.json()).allowed === false && (await yes.json()).allowed === true && no.headers()['access-control-allow-origin'] === '*',
      'GET /embed-check answers for the asking origin, readable from any site');
    const own = (await p.request.get(`${srv.url}/`)).headers();
    t.check(/script-src 'self'/.test(own['content-security-policy'] || '') && /frame-ancestors 'self'/.test(own['content-security-policy']),
      'our own page carries a strict CSP', own['content-security-policy']);
    await context.close();
  } finally {
    await browser.close();
    await site.close();
    await srv.stop();
  }
}

main().catch((e) => t.fail(e)).finally(() => t.done());
