'use strict';
// The hostile-client suite: raw frames, sockets and headers that misbehave in every way we know, each
// followed by the same check: a normal client is still answered within a second. Run in the normal
// and in the ASan+UBSan build (scripts/test), so a crash, leak or undefined behaviour fails it.
// usage: node hostile.test.js CAREERBOT REPO_ROOT
const net = require('net');
const crypto = require('crypto');
const WebSocket = require('ws');
const { startServer } = require('../lib/server');
const { Chat } = require('../lib/chat');

const [bin, root] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log(`ok - ${what}`); } else { failed++; console.log(`not ok - ${what}${detail ? `\n    ${detail}` : ''}`); }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A client frame (masked, as clients must). opcode: 1 text, 2 binary, 0 continuation, 9 ping.
function frame(opcode, payload, { fin = true, length } = {}) {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const len = length === undefined ? BigInt(data.length) : length;
  let head;
  if (len < 126n) {
    head = Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | Number(len)]);
  } else if (len < 65536n) {
    head = Buffer.alloc(4);
    head[0] = (fin ? 0x80 : 0) | opcode;
    head[1] = 0x80 | 126;
    head.writeUInt16BE(Number(len), 2);
  } else {
    head = Buffer.alloc(10);
    head[0] = (fin ? 0x80 : 0) | opcode;
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(len, 2);
  }
  const mask = crypto.randomBytes(4);
  const body = Buffer.from(data);
  for (let i = 0; i < body.length; i++) body[i] ^= mask[i % 4];
  return Buffer.concat([head, mask, body]);
}

// Opens a raw WebSocket over TCP; resolves with the socket once the 101 arrives.
function rawOpen(port) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const key = crypto.randomBytes(16).toString('base64');
    let buf = '';
    s.on('error', reject);
    s.on('connect', () => s.write(`GET /chat HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`));
    const onData = (d) => {
      buf += d.toString('latin1');
      if (buf.includes('\r\n\r\n')) {
        s.removeListener('data', onData);
        if (/^HTTP\/1\.1 101/.test(buf)) resolve(s); else reject(new Error(buf.split('\r\n')[0]));
      }
    };
    s.on('data', onData);
  });
}

// Resolves with the close code the server sends (or 'end' when the socket just ends).
function serverClose(s, ms = 5000) {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve('timeout'), ms);
    let acc = Buffer.alloc(0);
    s.on('data', (d) => {
      acc = Buffer.concat([acc, d]);
      for (let i = 0; i + 1 < acc.length; i++) {
        if ((acc[i] & 0x0f) === 8 && (acc[i] & 0x80) && acc[i + 1] >= 2 && acc[i + 1] < 126 && i + 3 < acc.length) {
          clearTimeout(t);
          resolve(acc.readUInt16BE(i + 2));
          return;
        }
      }
    });
    s.on('close', () => { clearTimeout(t); resolve('end'); });
  });
}

let srv;
async function stillAnswers(after) {
  const t0 = Date.now();
  try {
    const c = await Chat.open(srv.wsUrl, 2000);
    await c.hello();
    const r = await c.say('what does a nurse do?');
    const ms = Date.now() - t0;
    check(r.type === 'reply' && r.career && r.career.id === 'registered-nurse' && ms < 1000,
      `after ${after}: a normal client is answered within a second`, `${ms} ms, ${JSON.stringify(r).slice(0, 80)}`);
    await c.close();
  } catch (e) {
    check(false, `after ${after}: a normal client is answered within a second`, e.message);
  }
}

async function step(name, fn, ms = 30000) {
  let timer;
  try {
    await Promise.race([fn(), new Promise((_, rej) => { timer = setTimeout(() => rej(new Error('timed out')), ms); })]);
  } catch (e) {
    check(false, name, e.stack);
  } finally {
    clearTimeout(timer);
  }
  await stillAnswers(name);
}

async function main() {
  srv = await startServer({ bin, root, args: ['--limit-loopback', '--max-message', '16384'] });
  try {
    await step('a message split across 1,000 fragments', async () => {
      const s = await rawOpen(srv.port);
      const text = JSON.stringify({ type: 'message', text: `what does a plumber do?${' '.repeat(977)}` });
      const parts = [];
      const n = 1000;
      const size = Math.ceil(text.length / n);
      for (let i = 0; i < n; i++) {
        const chunk = text.slice(i * size, (i + 1) * size);
        parts.push(frame(i === 0 ? 1 : 0, chunk, { fin: i === n - 1 }));
      }
      let got = '';
      s.on('data', (d) => { got += d.toString('latin1'); });
      s.write(Buffer.concat(parts));
      const t0 = Date.now();
      while (!/Plumber/.test(got) && Date.now() - t0 < 5000) await sleep(20);
      check(/Plumber/.test(got), 'it is reassembled and answered');
      s.destroy();
    });
    await step('a frame that announces 2^63 bytes', async () => {
      const s = await rawOpen(srv.port);
      const closed = serverClose(s);
      s.write(frame(1, 'x', { length: (1n << 63n) - 1n }));
      const code = await closed;
      check(code === 1009 || code === 1002 || code === 'end', 'closed (too large or a protocol error)', String(code));
      s.destroy();
    });
    await step('invalid UTF-8 in the middle of a fragmented message', async () => {
      const s = await rawOpen(srv.port);
      const closed = serverClose(s);
      s.write(Buffer.concat([frame(1, '{"type":"message","text":"ab', { fin: false }),
        frame(0, Buffer.from([0xc3, 0x28, 0xff]), { fin: false }), frame(0, '"}', { fin: true })]));
      const code = await closed;
      check(code === 1007, 'closed with 1007', String(code));
      s.destroy();
    });
    await step('binary frames', async () => {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      c.ws.send(crypto.randomBytes(64));
      const e = await c.next();
      check(e.type === 'error' && e.code === 'binary_frame', 'an error reply, connection kept', JSON.stringify(e));
      await c.close();
    });
    await step('a ping flood', async () => {
      const s = await rawOpen(srv.port);
      const pings = [];
      for (let i = 0; i < 5000; i++) pings.push(frame(9, 'p'));
      s.write(Buffer.concat(pings));
      await sleep(300);
      s.destroy();
    });
    await step('a slow-loris handshake is dropped', async () => {
      const s = net.connect(srv.port, '127.0.0.1');
      await new Promise((r) => s.on('connect', r));
      const head = `GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n`;
      let i = 0;
      const timer = setInterval(() => { if (i < head.length && !s.destroyed) s.write(head[i++]); }, 500);
      const t0 = Date.now();
      await new Promise((r) => s.on('close', r));
      clearInterval(timer);
      const secs = (Date.now() - t0) / 1000;
      check(secs < 25, 'closed by the handshake timeout', `${secs.toFixed(1)} s`);
    }, 40000);
    await step('a client that never reads its replies', async () => {
      const s = await rawOpen(srv.port);
      s.pause(); // never read
      const msg = frame(1, JSON.stringify({ type: 'message', text: 'tell me about data scientists' }));
      for (let i = 0; i < 2000; i++) s.write(msg);
      await sleep(1500);
      const h = await fetchText(`${srv.url}/healthz`);
      check(JSON.parse(h).status === 'ok', 'the server is healthy while one client does not read');
      s.destroy();
    });
    await step('10,000 messages in a burst', async () => {
      const s = await rawOpen(srv.port);
      const closed = serverClose(s, 15000);
      const msg = frame(1, JSON.stringify({ type: 'message', text: 'what does a chef do?' }));
      const many = [];
      for (let i = 0; i < 10000; i++) many.push(msg);
      s.write(Buffer.concat(many));
      const code = await closed;
      check(code === 1008, 'the flood is cut with 1008', String(code));
      s.destroy();
    });
    await step('session ids: unknown, oversized, malformed', async () => {
      for (const id of ['0'.repeat(32), 'f'.repeat(5000), '../../etc/passwd', '', 42, null, { a: 1 }]) {
        const c = await Chat.open(srv.wsUrl);
        c.ws.send(JSON.stringify({ type: 'hello', session: id }));
        const w = await c.next();
        check(w.type === 'welcome' && /^[0-9a-f]{32}$/.test(w.session) && w.session !== id && w.resumed === false,
          `hello with ${JSON.stringify(id).slice(0, 20)} starts a fresh session`, JSON.stringify(w).slice(0, 120));
        await c.close();
      }
    });
    await step('JSON with duplicate keys, NUL inside text, deep nesting', async () => {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      c.ws.send('{"type":"message","text":"what does a pilot do?","text":"what does a baker do?"}');
      let r = await c.next();
      check(r.type === 'reply' || r.type === 'error', 'duplicate keys: answered or refused, not a crash', r.type);
      c.ws.send(JSON.stringify({ type: 'message', text: 'what does a \u0000 nurse do?' }));
      r = await c.next();
      check(r.type === 'reply' || r.type === 'error', 'a NUL inside text: answered or refused', JSON.stringify(r).slice(0, 80));
      c.ws.send(`{"type":"message","text":"hi","deep":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`);
      r = await c.next();
      check(r.type === 'error' && r.code === 'too_deep', 'deep nesting: too_deep', JSON.stringify(r).slice(0, 80));
      await c.close();
    });
    await step('a regex bomb in user text', async () => {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      const bombs = ['a'.repeat(1999), 'what does a '.repeat(160), `${'is '.repeat(600)}for me`,
        `${'(a+)+'.repeat(300)}!`, `tell me about ${'x '.repeat(990)}`];
      for (const b of bombs) {
        const t0 = Date.now();
        const r = await c.say(b);
        check(r.type === 'reply' && Date.now() - t0 < 1000, `answered within a second: ${b.slice(0, 24)}...`, `${Date.now() - t0} ms`);
      }
      await c.close();
    });
    await step('malformed JSON of every kind, on one connection', async () => {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      const bad = ['', '{', 'null', '[]', '"x"', '{"type":"message"}', '{"type":"message","text":7}',
        '{"type":"nope"}', '{"type":"message","text":""}', `{"type":"message","text":"${'y'.repeat(2001)}"}`,
        '{"type":"message","text":"\\ud800"}', '\u00ff\u00fe'];
      for (const b of bad) {
        c.ws.send(b);
        const e = await c.next();
        check(e.type === 'error' && typeof e.code === 'string', `${JSON.stringify(b).slice(0, 30)} → an error reply`, JSON.stringify(e).slice(0, 100));
      }
      await c.close();
    });
    await step('WebSocket upgrades asking for the http subprotocol', async () => {
      const statuses = [];
      for (let i = 0; i < 50; i++) {
        statuses.push(await rawUpgradeStatus(srv.port, i % 2 ? '/chat' : '/anything',
          'Sec-WebSocket-Protocol: http\r\nOrigin: http://evil.example\r\n'));
      }
      check(statuses.every((st) => st !== 101), 'none gets a 101 (on any path, from any origin)', statuses.slice(0, 6).join(','));
      const h = JSON.parse(await fetchText(`${srv.url}/healthz`));
      check(h.status === 'ok' && h.connections === 0, 'no socket is left open behind /healthz\'s back', JSON.stringify(h).slice(0, 120));
    });
    await step('forged and oversized X-Forwarded-For headers', async () => {
      const forged = ['127.0.0.1', '198.51.100.7, 127.0.0.1', `${'10.0.0.1, '.repeat(300)}127.0.0.1`, 'unknown', ',,,,',
        '[::1]:80', '999.999.999.999', `${'f'.repeat(3000)}`];
      for (const xff of forged) {
        const st = await rawUpgradeStatus(srv.port, '/chat', `X-Forwarded-For: ${xff}\r\n`);
        check(st === 101 || st === 431 || st === 0, `a chat with X-Forwarded-For "${xff.slice(0, 24)}..." opens or is refused, no crash`, String(st));
      }
      const m = await rawStatus(srv.port, 'GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 127.0.0.1\r\n\r\n');
      check(m === 403, '/metrics from a proxy nobody trusts is not the operator\'s own: 403 without the token', String(m));
    });
  } finally {
    const code = await srv.stop();
    check(code === 0, 'the server exits cleanly after it all (no sanitizer report)', `exit ${code}; ${srv.output().stderr.split('\n').filter((l) => /ERROR|runtime error|Sanitizer/.test(l)).join(' | ')}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

// The status of a handshake with extra header lines (101, a refusal, or 0 when dropped).
function rawUpgradeStatus(port, path, extra) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    const key = crypto.randomBytes(16).toString('base64');
    let buf = '';
    const done = (st) => { clearTimeout(t); s.destroy(); resolve(st); };
    const t = setTimeout(() => done(0), 3000);
    s.on('error', () => done(0));
    s.on('close', () => done(Number((/^HTTP\/1\.[01] (\d+)/.exec(buf) || [])[1] || 0)));
    s.on('connect', () => s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`));
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.includes('\r\n\r\n')) done(Number((/^HTTP\/1\.[01] (\d+)/.exec(buf) || [])[1] || 0));
    });
  });
}

function rawStatus(port, request) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let buf = '';
    const done = () => { clearTimeout(t); s.destroy(); resolve(Number((/^HTTP\/1\.[01] (\d+)/.exec(buf) || [])[1] || 0)); };
    const t = setTimeout(done, 3000);
    s.on('data', (d) => { buf += d.toString('latin1'); if (buf.includes('\r\n\r\n')) done(); });
    s.on('error', done);
    s.on('connect', () => s.write(request));
  });
}

function fetchText(url) {
  return new Promise((resolve, reject) => {
    require('http').get(url, (res) => { let b = ''; res.on('data', (d) => { b += d; }); res.on('end', () => resolve(b)); }).on('error', reject);
  });
}

main().catch((e) => { console.log(`not ok - ${e.stack}`); process.exit(1); });
