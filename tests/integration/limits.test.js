'use strict';
// The server's limits, /metrics, graceful stop and TLS, against the real binary:
// - a flood over the message rate gets error replies, then a close with 1008; others still chat;
// - connections beyond the per-address and total caps are refused at the handshake (429, 503);
// - a chat silent for --idle-timeout is closed; JSON nested too deep gets an error;
// - GET /metrics is Prometheus text with a counter for each of these;
// - SIGTERM closes open chats with 1001, writes their sessions, and exits within seconds;
// - --tls-cert/--tls-key serve HTTPS and WSS (a self-signed certificate made here);
// - a silent chat is pinged every --ping-interval, and closed when not even a pong comes back.
// usage: node limits.test.js CAREERBOT REPO_ROOT
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const net = require('net');
const https = require('https');
const { execFileSync } = require('child_process');
const WebSocket = require('ws');
const { startServer } = require('../lib/server');
const { Chat } = require('../lib/chat');

const [bin, root] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log(`ok - ${what}`); } else { failed++; console.log(`not ok - ${what}${detail ? `\n    ${detail}` : ''}`); }
}
async function step(name, fn, ms = 20000) {
  let timer;
  try {
    await Promise.race([fn(), new Promise((_, rej) => { timer = setTimeout(() => rej(new Error('timed out')), ms); })]);
  } catch (e) {
    check(false, name, e.stack);
  } finally {
    clearTimeout(timer);
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function get(url, opts = {}) {
  const mod = url.startsWith('https') ? https : http;
  return new Promise((resolve, reject) => {
    mod.get(url, opts, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', reject);
  });
}

function metric(text, name) {
  const m = new RegExp(`^${name.replace(/[{}"=]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

// Opens a socket and resolves with 'open' or the HTTP status of a refused handshake.
function handshake(url) {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => resolve({ ws, status: 101 }));
    ws.on('unexpected-response', (req, res) => { resolve({ ws: null, status: res.statusCode }); ws.terminate(); });
    ws.on('error', () => resolve({ ws: null, status: 0 }));
  });
}

async function main() {
  const srv = await startServer({
    bin, root,
    args: ['--limit-loopback', '--rate', '5', '--burst', '5', '--strikes', '3', '--max-connections-per-ip', '4',
      '--max-connections', '6', '--idle-timeout', '3'],
  });
  try {
    await step('a flood over the rate gets errors, then a close with 1008', async () => {
      const ws = new WebSocket(srv.wsUrl);
      await new Promise((r) => ws.on('open', r));
      const replies = [];
      const closed = new Promise((r) => ws.on('close', (code) => r(code)));
      ws.on('message', (d) => replies.push(JSON.parse(String(d))));
      for (let i = 0; i < 30; i++) ws.send(JSON.stringify({ type: 'message', text: 'what does a nurse do?' }));
      const code = await closed;
      const answered = replies.filter((r) => r.type === 'reply').length;
      const limited = replies.filter((r) => r.code === 'rate_limited').length;
      check(answered === 5, 'the burst of 5 is answered', `${answered} answered`);
      check(limited >= 3 && /faster than I can answer/.test(JSON.stringify(replies)), 'then error replies that say why', `${limited} rate_limited`);
      check(code === 1008, 'then the connection is closed with 1008', String(code));
    });
    await step('another client is answered at once meanwhile', async () => {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      const t0 = Date.now();
      const r = await c.say('what does a plumber do?');
      check(r.type === 'reply' && r.career && r.career.id === 'plumber' && Date.now() - t0 < 1000, 'a normal client is answered within a second');
      await c.close();
    });
    await step('JSON nested too deep gets an error and the connection goes on', async () => {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      c.ws.send(`{"type":"message","text":"hi","x":${'['.repeat(50)}${']'.repeat(50)}}`);
      const e = await c.next();
      check(e.type === 'error' && e.code === 'too_deep', 'too_deep error', JSON.stringify(e));
      const r = await c.say('what does a welder do?');
      check(r.type === 'reply', 'still answers after', JSON.stringify(r).slice(0, 80));
      await c.close();
    });
    await step('connections beyond the per-address cap are refused with 429, beyond the total with 503', async () => {
      const open = [];
      for (let i = 0; i < 4; i++) open.push(await handshake(srv.wsUrl));
      check(open.every((h) => h.status === 101), 'four chats from one address open', open.map((h) => h.status).join(','));
      const fifth = await handshake(srv.wsUrl);
      check(fifth.status === 429, 'the fifth from the same address is refused with 429', String(fifth.status));
      for (const h of open) h.ws.close();
      await sleep(300);
    });
    await step('a silent chat is closed after --idle-timeout', async () => {
      const ws = new WebSocket(srv.wsUrl);
      await new Promise((r) => ws.on('open', r));
      const t0 = Date.now();
      await new Promise((r) => ws.on('close', r));
      const s = (Date.now() - t0) / 1000;
      check(s >= 2.5 && s < 8, 'closed after about 3 s of silence', `${s.toFixed(1)} s`);
    });
    await step('GET /metrics is Prometheus text with every counter', async () => {
      const m = await get(`${srv.url}/metrics`);
      check(m.status === 200 && /^text\/plain; version=0\.0\.4/.test(m.headers['content-type']), '200 text/plain version 0.0.4', m.headers['content-type']);
      check(/^# TYPE careerbot_reply_seconds histogram$/m.test(m.body), 'a reply-time histogram');
      check(metric(m.body, 'careerbot_limit_hits_total{limit="rate_connection"}') >= 3, 'rate limit hits counted', m.body.match(/limit_hits.*/g).join(' '));
      check(metric(m.body, 'careerbot_limit_hits_total{limit="strikes"}') === 1, 'the 1008 close counted');
      check(metric(m.body, 'careerbot_limit_hits_total{limit="connections_ip"}') === 1, 'the refused connection counted');
      check(metric(m.body, 'careerbot_limit_hits_total{limit="json"}') === 1, 'the deep JSON counted');
      check(metric(m.body, 'careerbot_limit_hits_total{limit="idle"}') >= 1, 'the idle close counted');
      check(metric(m.body, 'careerbot_replies_total{intent="career.describe"}') >= 6, 'replies by intent');
      check(metric(m.body, 'careerbot_errors_total{code="rate_limited"}') >= 3, 'errors by code');
      check(!/nurse|plumber|welder/.test(m.body), 'no user text in the metrics');
    });
  } finally {
    await srv.stop();
  }

  // The total cap, on a server of its own.
  const capped = await startServer({ bin, root, args: ['--max-connections', '2'] });
  try {
    await step('beyond --max-connections the handshake gets 503', async () => {
      const a = await handshake(capped.wsUrl);
      const b = await handshake(capped.wsUrl);
      const c = await handshake(capped.wsUrl);
      check(a.status === 101 && b.status === 101 && c.status === 503, 'two open, the third 503', [a, b, c].map((h) => h.status).join(','));
      a.ws.close();
      b.ws.close();
    });
  } finally {
    await capped.stop();
  }

  // Liveness: a chat silent for --ping-interval is pinged; one that answers stays, one that sends
  // nothing back, not even a pong, is closed after twice the interval.
  const pinging = await startServer({ bin, root, args: ['--ping-interval', '1'] });
  try {
    await step('a silent chat that answers pings stays open', async () => {
      const ws = new WebSocket(pinging.wsUrl);
      await new Promise((r) => ws.on('open', r));
      let pings = 0;
      let closed = false;
      ws.on('ping', () => { pings++; });
      ws.on('close', () => { closed = true; });
      await sleep(4000);
      check(pings >= 2 && !closed, 'pinged every second or so and still open after 4 s', `${pings} pings, closed ${closed}`);
      ws.close();
    });
    await step('a chat that never answers is pinged, then closed after twice the interval', async () => {
      const s = net.connect(pinging.port, '127.0.0.1');
      await new Promise((r) => s.on('connect', r));
      s.write(`GET /chat HTTP/1.1\r\nHost: 127.0.0.1:${pinging.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
      let got = Buffer.alloc(0);
      s.on('data', (d) => { got = Buffer.concat([got, d]); });
      const t0 = Date.now();
      await new Promise((r) => { s.on('close', r); s.on('error', r); });
      const secs = (Date.now() - t0) / 1000;
      const head = got.indexOf('\r\n\r\n');
      const frames = head < 0 ? Buffer.alloc(0) : got.subarray(head + 4);
      check(/^HTTP\/1\.1 101/.test(got.toString('latin1')), 'the handshake was accepted');
      check(frames.length >= 2 && frames[0] === 0x89, 'a ping came first', frames.subarray(0, 4).toString('hex'));
      check(secs >= 1.5 && secs < 6, 'closed about two intervals after the last word', `${secs.toFixed(1)} s`);
    });
  } finally {
    await pinging.stop();
  }

  // SIGTERM: chats are told 1001, sessions written, exit within seconds; a restart resumes them.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-stop-'));
  const db = path.join(dir, 'sessions.db');
  let srv2 = await startServer({ bin, root, args: ['--db', db] });
  let session = null;
  await step('SIGTERM closes chats with 1001 and exits within 5 s', async () => {
    const chats = [await Chat.open(srv2.wsUrl), await Chat.open(srv2.wsUrl)];
    const { welcome } = await chats[0].hello();
    session = welcome.session;
    await chats[1].hello();
    await chats[0].say('what does an electrician do?');
    const codes = chats.map((c) => new Promise((r) => c.ws.on('close', (code) => r(code))));
    const t0 = Date.now();
    const exited = new Promise((r) => srv2.child.on('exit', (code) => r(code)));
    process.kill(srv2.child.pid, 'SIGTERM');
    const got = await Promise.all(codes);
    check(got.every((c) => c === 1001), 'both chats closed with 1001 (going away)', got.join(','));
    const code = await exited;
    check(code === 0 && Date.now() - t0 < 5000, 'the server exited cleanly within 5 s', `code ${code} after ${Date.now() - t0} ms`);
  });
  srv2 = await startServer({ bin, root, args: ['--db', db] });
  try {
    await step('after the restart the session resumes with its career', async () => {
      const c = await Chat.open(srv2.wsUrl);
      const { welcome } = await c.hello(session);
      check(welcome.resumed === true, 'resumed', JSON.stringify(welcome));
      const r = await c.say('and the skills?');
      check(r.career && r.career.id === 'electrician', 'the career written at the stop is still there', JSON.stringify(r.career));
      await c.close();
    });
  } finally {
    await srv2.stop();
  }

  // TLS with a certificate made here.
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const tls = await startServer({ bin, root, args: ['--tls-cert', cert, '--tls-key', key] });
  try {
    await step('HTTPS and WSS with --tls-cert and --tls-key', async () => {
      const ca = fs.readFileSync(cert);
      const h = await get(`https://127.0.0.1:${tls.port}/healthz`, { ca });
      check(h.status === 200 && JSON.parse(h.body).status === 'ok', 'GET https://.../healthz', h.body.slice(0, 80));
      const ws = new WebSocket(`wss://127.0.0.1:${tls.port}/chat`, { ca });
      const c = await new Promise((resolve, reject) => { ws.on('open', () => resolve(new Chat(ws))); ws.on('error', reject); });
      await c.hello();
      const r = await c.say('what does a pharmacist do?');
      check(r.career && r.career.id === 'pharmacist', 'a chat over wss is answered', JSON.stringify(r).slice(0, 80));
      await c.close();
    });
  } finally {
    await tls.stop();
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log(`not ok - ${e.stack}`); process.exit(1); });
