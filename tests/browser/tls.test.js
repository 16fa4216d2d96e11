'use strict';
// The server's own page over TLS (--tls-cert, --tls-key) in headless chromium: every static file
// loads (HTTP/1.1: lws 4.1's HTTP/2 corrupted our response heads, ERR_HTTP2_COMPRESSION_ERROR), a
// second visit revalidates them (304) without hanging, the chat answers over wss://, and responses
// carry HSTS. The certificate is self-signed and made here; chromium is told to accept it.
// usage: node tls.test.js CAREERBOT REPO_ROOT
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium } = require('playwright-core');
const { startServer } = require('../lib/server');
const { tally, waitBot, ask } = require('./browser');

const [bin, root] = process.argv.slice(2);
const t = tally();

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-tls-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const srv = await startServer({ bin, root, args: ['--tls-cert', cert, '--tls-key', key] });
  const base = `https://127.0.0.1:${srv.port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--ignore-certificate-errors'],
  });
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const problems = [];
    const responses = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('requestfailed', (r) => problems.push(`${r.url()}: ${r.failure() && r.failure().errorText}`));
    page.on('response', (r) => responses.push(r));

    await page.goto(`${base}/`);
    const greeting = await waitBot(page, 0);
    t.check(/career/i.test(greeting), 'the page opens over https with the chat and a greeting', greeting);
    const own = responses.filter((r) => r.url().startsWith(base) && !r.url().includes('/chat'));
    const statuses = own.map((r) => `${new URL(r.url()).pathname} ${r.status()}`);
    t.check(own.length >= 3 && own.every((r) => r.status() === 200), 'every static file loads with 200', statuses.join(', '));
    const versions = await Promise.all(own.map(async (r) => (await r.request().allHeaders())[':method'] ? 'h2' : 'http/1.1'));
    t.check(versions.every((v) => v === 'http/1.1'), 'over HTTP/1.1, not h2', versions.join(','));
    const hsts = await own[0].allHeaders();
    t.check(/^max-age=\d+/.test(hsts['strict-transport-security'] || ''), 'HSTS on the page', JSON.stringify(hsts['strict-transport-security']));

    const duties = await ask(page, 'what does an ML engineer do?');
    t.check(/Build and train models/.test(duties), 'the chat answers over wss://', duties.slice(0, 120));

    responses.length = 0;
    await page.reload();
    await waitBot(page, 0);
    const again = responses.filter((r) => r.url().startsWith(base) && !r.url().includes('/chat'));
    t.check(again.length >= 1 && again.every((r) => r.status() === 200 || r.status() === 304),
      'a reload revalidates (200 or 304) and finishes', again.map((r) => `${new URL(r.url()).pathname} ${r.status()}`).join(', '));
    t.check(problems.length === 0, 'no console errors or failed requests', problems.join(' | '));
  } catch (e) {
    t.fail(e);
  } finally {
    await browser.close();
    await srv.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  t.done();
}

main().catch((e) => { t.fail(e); t.done(); });
