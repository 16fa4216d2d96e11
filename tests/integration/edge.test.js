'use strict';
// The network edge (issue 14), against the real binary, one step per item of the issue:
//  1  a WebSocket upgrade asking for the "http" subprotocol is refused; --max-connections is checked
//     against the descriptor limit; running out of descriptors neither spins nor floods the log
//  2  --trusted-proxy: X-Forwarded-For only from those, right-most untrusted entry, no loopback
//     exemption for a proxy without a usable header, /metrics through a proxy only with the token
//  6  /healthz does not count the store per request; HTTP requests are rate-limited per address
// 10  binary frames go through the rate limiter and the strike counter
// 11  the metrics token: any length, from a file or the environment, compared in full
// 12  /healthz and start-up errors show no store address or Redis password
// 13  --public-host: a Host that is not ours is refused (DNS rebinding)
//  4  TLS offers http/1.1 only in ALPN, ECDHE+AEAD ciphers, HSTS
// 15  symlinks out of --web are not followed; HEAD is served; a request pipelined behind a static
//     file is answered; /healthz is not "ok" on a damaged database
// Uses 127.0.0.2 and 127.0.0.3 as other machines (Linux answers on all of 127/8).
// usage: node edge.test.js CAREERBOT REPO_ROOT
const fs = require('fs');
const os = require('os');
const net = require('net');
const tls = require('tls');
const path = require('path');
const crypto = require('crypto');
const { spawn, execFileSync } = require('child_process');
const WebSocket = require('ws');
const { startServer } = require('../lib/server');
const { Chat } = require('../lib/chat');

const [bin, root] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log(`ok - ${what}`); } else { failed++; console.log(`not ok - ${what}${detail ? `\n    ${detail}` : ''}`); }
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
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-edge-'));

// Sends raw bytes and collects what comes back until the server closes or ms pass.
function raw(port, text, { local, ms = 1500, connect = net.connect } = {}) {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1', localAddress: local });
    let buf = '';
    const done = () => { clearTimeout(t); s.destroy(); resolve(buf); };
    const t = setTimeout(done, ms);
    s.on('data', (d) => { buf += d.toString('latin1'); });
    s.on('error', done);
    s.on('close', done);
    s.on('connect', () => s.write(text));
  });
}
function statusOf(response) {
  const m = /^HTTP\/1\.[01] (\d+)/.exec(response);
  return m ? Number(m[1]) : 0;
}
function get(port, p, headers = {}, opts = {}) {
  const h = { Host: `127.0.0.1:${port}`, ...headers };
  const lines = Object.entries(h).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  return raw(port, `${opts.method || 'GET'} ${p} HTTP/1.1\r\n${lines}Connection: close\r\n\r\n`, opts);
}
function body(response) {
  return response.slice(response.indexOf('\r\n\r\n') + 4);
}

// Opens a WebSocket handshake by hand; resolves with the status (101 or the refusal) and the socket.
function upgrade(port, { path: p = '/chat', origin, protocol, host, forwarded, local } = {}) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress: local });
    const key = crypto.randomBytes(16).toString('base64');
    let buf = '';
    const t = setTimeout(() => { s.destroy(); resolve({ status: 0 }); }, 3000);
    s.on('error', () => { clearTimeout(t); resolve({ status: 0 }); });
    s.on('close', () => { clearTimeout(t); resolve({ status: statusOf(buf) }); });
    s.on('connect', () => s.write(`GET ${p} HTTP/1.1\r\nHost: ${host || `127.0.0.1:${port}`}\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n` +
      (origin ? `Origin: ${origin}\r\n` : '') + (protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : '') +
      (forwarded !== undefined ? `X-Forwarded-For: ${forwarded}\r\n` : '') + '\r\n'));
    s.on('data', (d) => {
      buf += d.toString('latin1');
      if (buf.includes('\r\n\r\n')) {
        clearTimeout(t);
        if (statusOf(buf) === 101) resolve({ status: 101, socket: s }); else { s.destroy(); resolve({ status: statusOf(buf) }); }
      }
    });
  });
}

async function stillAnswers(srv, what) {
  try {
    const c = await Chat.open(srv.wsUrl, 3000);
    await c.hello();
    const r = await c.say('what does a nurse do?');
    check(r.type === 'reply' && r.career && r.career.id === 'registered-nurse', `${what}: a normal chat is answered`);
    await c.close();
  } catch (e) {
    check(false, `${what}: a normal chat is answered`, e.message);
  }
}

// A program run under a lower descriptor limit: a shell that sets it, then execs careerbot.
function limitedBin(n) {
  const wrapper = path.join(dir, `careerbot-nofile-${n}`);
  fs.writeFileSync(wrapper, `#!/bin/sh\nulimit -n ${n} || exit 3\nexec "${bin}" "$@"\n`, { mode: 0o755 });
  return wrapper;
}
function cpuSeconds(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}
function run(program, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(program, args, { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const t = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.on('exit', (code) => { clearTimeout(t); resolve({ code, out }); });
  });
}
const dataArgs = ['--web', path.join(root, 'web'), '--intents', path.join(root, 'intents'), '--content', path.join(root, 'content')];

async function item1() {
  const srv = await startServer({ bin, root });
  try {
    await step('1: the http subprotocol is refused at the handshake', async () => {
      const evil = await upgrade(srv.port, { origin: 'http://evil.example', protocol: 'http' });
      check(evil.status !== 101, '1: "Sec-WebSocket-Protocol: http" from a foreign origin gets no 101', String(evil.status));
      const own = await upgrade(srv.port, { origin: `http://127.0.0.1:${srv.port}`, protocol: 'http' });
      check(own.status !== 101, '1: nor from our own page', String(own.status));
      const elsewhere = await upgrade(srv.port, { path: '/anything', protocol: 'http' });
      check(elsewhere.status !== 101, '1: nor on another path', String(elsewhere.status));
      const chat = await upgrade(srv.port, { origin: `http://127.0.0.1:${srv.port}`, protocol: 'careerbot-chat' });
      check(chat.status === 101, '1: the chat protocol by name still opens', String(chat.status));
      if (chat.socket) chat.socket.destroy();
      const h = JSON.parse(body(await get(srv.port, '/healthz')));
      check(h.connections <= 1, '1: no uncounted sockets stay open', JSON.stringify(h));
    });
    await stillAnswers(srv, '1: after the subprotocol probes');
  } finally {
    await srv.stop();
  }

  await step('1: --max-connections beyond the descriptor limit is refused with a clear message', async () => {
    const r = await run(limitedBin(256), ['serve', '--port', '0', '--memory-only', ...dataArgs, '--max-connections', '1000']);
    check(r.code !== 0 && /--max-connections 1000/.test(r.out) && /descriptors/.test(r.out) && /ulimit/.test(r.out),
      '1: exits with a message naming --max-connections, descriptors and ulimit', `code ${r.code}: ${r.out.slice(0, 300)}`);
  });

  await step('1: out of descriptors, the server neither spins nor floods the log', async () => {
    const srv2 = await startServer({ bin: limitedBin(256), root, args: ['--memory-only'] });
    const pid = srv2.child.pid;
    const sockets = [];
    try {
      for (let i = 0; i < 400; i++) {
        const s = net.connect(srv2.port, '127.0.0.1');
        s.on('error', () => {});
        sockets.push(s);
      }
      await sleep(1500);
      const lines0 = srv2.output().stderr.split('\n').length;
      const cpu0 = cpuSeconds(pid);
      await sleep(2000);
      const cpu = cpuSeconds(pid) - cpu0;
      const lines = srv2.output().stderr.split('\n').length - lines0;
      check(cpu < 0.5, '1: the server idles while 400 sockets wait on a 256-descriptor limit', `${cpu.toFixed(2)} s of CPU in 2 s`);
      check(lines < 40, '1: and its log does not flood', `${lines} lines in 2 s; ${srv2.output().stderr.split('\n').slice(-3).join(' | ')}`);
    } finally {
      for (const s of sockets) s.destroy();
    }
    await sleep(1000);
    await stillAnswers(srv2, '1: once the sockets are gone');
    await srv2.stop();
  });
}

async function item2and11() {
  const token = crypto.randomBytes(150).toString('hex'); // 300 characters
  const tokenFile = path.join(dir, 'metrics-token');
  fs.writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  const srv = await startServer({
    bin, root, args: ['--trusted-proxy', '127.0.0.2', '--max-connections-per-ip', '2', '--metrics-token-file', tokenFile],
  });
  const open = [];
  const hold = async (opts) => { const u = await upgrade(srv.port, opts); if (u.socket) open.push(u.socket); return u.status; };
  try {
    await step('2: a trusted proxy: the client is the right-most untrusted X-Forwarded-For entry', async () => {
      const a = [await hold({ local: '127.0.0.2', forwarded: '198.51.100.7' }), await hold({ local: '127.0.0.2', forwarded: '198.51.100.7' })];
      const third = await hold({ local: '127.0.0.2', forwarded: '198.51.100.7' });
      check(a.every((s) => s === 101) && third === 429, '2: the forwarded client gets the per-address cap (101, 101, 429)', `${a} ${third}`);
      const spoof = await hold({ local: '127.0.0.2', forwarded: '198.51.100.7, 198.51.100.9' });
      check(spoof === 101, '2: a client cannot spend another address\'s chats by writing it to the left', String(spoof));
      const chain = await hold({ local: '127.0.0.2', forwarded: '198.51.100.9, 127.0.0.2' });
      check(chain === 101, '2: trusted proxies at the right are skipped (198.51.100.9 has one of two)', String(chain));
    });
    await step('2: a trusted proxy without a usable header gets the normal limits, not loopback\'s', async () => {
      const s = [await hold({ local: '127.0.0.2' }), await hold({ local: '127.0.0.2' }), await hold({ local: '127.0.0.2' })];
      check(s[0] === 101 && s[1] === 101 && s[2] === 429, '2: no X-Forwarded-For: counted as the proxy, capped (101, 101, 429)', s.join(','));
      const long = `${Array.from({ length: 40 }, (_, i) => `10.0.${i}.1`).join(', ')}, 198.51.100.20`;
      const l = [await hold({ local: '127.0.0.2', forwarded: long }), await hold({ local: '127.0.0.2', forwarded: long }),
        await hold({ local: '127.0.0.2', forwarded: long })];
      check(long.length > 300 && l.join(',') === '101,101,429', '2: a 500-byte header names its right-most client, who is capped', l.join(','));
      const junk = await hold({ local: '127.0.0.2', forwarded: 'unknown' });
      check(junk === 429, '2: an unusable header counts as the proxy (already at its cap)', String(junk));
    });
    await step('2: X-Forwarded-For from a peer that is not a trusted proxy is not believed', async () => {
      const u = [await hold({ local: '127.0.0.3', forwarded: '198.51.100.30' }), await hold({ local: '127.0.0.3', forwarded: '198.51.100.30' })];
      const third = await hold({ local: '127.0.0.3', forwarded: '198.51.100.30' });
      check(u.join(',') === '101,101' && third === 429, '2: counted as the peer itself, without the loopback exemption', `${u} ${third}`);
      const real = await hold({ local: '127.0.0.2', forwarded: '198.51.100.30' });
      check(real === 101, '2: and the address it named is untouched', String(real));
    });
    await step('2, 11: /metrics through a trusted proxy needs the token; the token may be long', async () => {
      const viaProxy = statusOf(await get(srv.port, '/metrics', { 'X-Forwarded-For': '198.51.100.40' }, { local: '127.0.0.2' }));
      check(viaProxy === 403, '2: /metrics through the proxy without the token: 403', String(viaProxy));
      const loopProxy = statusOf(await get(srv.port, '/metrics', { 'X-Forwarded-For': '127.0.0.1' }, { local: '127.0.0.3' }));
      check(loopProxy === 403, '2: /metrics from an untrusted proxy on this machine: 403', String(loopProxy));
      const local = statusOf(await get(srv.port, '/metrics'));
      check(local === 200, '2: /metrics from this machine, no proxy: 200', String(local));
      const good = await get(srv.port, '/metrics', { 'X-Forwarded-For': '198.51.100.40', Authorization: `Bearer ${token}` }, { local: '127.0.0.2' });
      check(statusOf(good) === 200 && /careerbot_/.test(body(good)), '11: a 300-character token from --metrics-token-file is accepted', good.slice(0, 80));
      const bad = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
      for (const [what, t] of [['the last character wrong', bad], ['a prefix', token.slice(0, 20)], ['longer', `${token}x`]]) {
        const st = statusOf(await get(srv.port, '/metrics', { 'X-Forwarded-For': '198.51.100.40', Authorization: `Bearer ${t}` }, { local: '127.0.0.2' }));
        check(st === 403, `11: a token with ${what} is refused`, String(st));
      }
    });
  } finally {
    for (const s of open) s.destroy();
    await srv.stop();
  }
  await step('11: the metrics token from CAREERBOT_METRICS_TOKEN', async () => {
    const s2 = await startServer({ bin, root, env: { CAREERBOT_METRICS_TOKEN: token }, args: ['--trusted-proxy', '127.0.0.2'] });
    try {
      const st = statusOf(await get(s2.port, '/metrics', { 'X-Forwarded-For': '198.51.100.41', Authorization: `Bearer ${token}` }, { local: '127.0.0.2' }));
      const no = statusOf(await get(s2.port, '/metrics', { 'X-Forwarded-For': '198.51.100.41' }, { local: '127.0.0.2' }));
      check(st === 200 && no === 403, '11: accepted with it, refused without', `${st} ${no}`);
      check(!s2.child.spawnargs.join(' ').includes(token), '11: and it is not on the command line');
    } finally {
      await s2.stop();
    }
  });
}

async function items6and10() {
  const srv = await startServer({ bin, root, args: ['--limit-loopback', '--ip-rate', '5', '--ip-burst', '5', '--rate', '5', '--burst', '5', '--strikes', '3'] });
  try {
    await step('6: HTTP requests are rate-limited per address', async () => {
      const codes = [];
      for (let i = 0; i < 15; i++) codes.push(statusOf(await get(srv.port, '/healthz')));
      check(codes.slice(0, 5).every((c) => c === 200) && codes.filter((c) => c === 429).length >= 8,
        '6: a burst of 5 is served, then 429', codes.join(','));
      const other = statusOf(await get(srv.port, '/healthz', {}, { local: '127.0.0.2' }));
      check(other === 200, '6: another address is served meanwhile', String(other));
    });
    await sleep(1500);
    await step('10: binary frames go through the rate limit and the strike counter', async () => {
      const ws = new WebSocket(srv.wsUrl.replace('127.0.0.1', '127.0.0.1'), { localAddress: '127.0.0.3' });
      await new Promise((r, j) => { ws.on('open', r); ws.on('error', j); });
      const replies = [];
      ws.on('message', (d) => replies.push(JSON.parse(String(d))));
      const closed = new Promise((r) => ws.on('close', (code) => r(code)));
      for (let i = 0; i < 30; i++) ws.send(crypto.randomBytes(32));
      const code = await Promise.race([closed, sleep(5000).then(() => 'still open')]);
      check(replies.filter((r) => r.code === 'binary_frame').length === 5, '10: the burst of 5 gets binary_frame errors',
        replies.map((r) => r.code).join(','));
      check(replies.some((r) => r.code === 'rate_limited'), '10: then rate_limited errors');
      check(code === 1008, '10: then a close with 1008', String(code));
      ws.terminate();
    });
  } finally {
    await srv.stop();
  }

  await step('6: /healthz does not count a large store per request', async () => {
    const db = path.join(dir, 'big.db');
    const first = await startServer({ bin, root, args: ['--db', db] });
    await first.stop();
    execFileSync('sqlite3', [db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500000) " +
      "INSERT INTO sessions(id, data, updated) SELECT printf('%032x', i), '{}', strftime('%s', 'now') FROM n;"]);
    const big = await startServer({ bin, root, args: ['--db', db, '--session-ttl', '31536000'], timeoutMs: 60000 });
    try {
      const times = [];
      let h = null;
      for (let i = 0; i < 30; i++) {
        const t0 = process.hrtime.bigint();
        h = JSON.parse(body(await get(big.port, '/healthz')));
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      times.sort((x, y) => x - y);
      check(h.sessions === 1500000, '6: /healthz still reports the sessions (counted at start and by the sweep)', String(h.sessions));
      check(times[15] < 6, '6: the median /healthz with 1.5 million sessions takes under 6 ms', `median ${times[15].toFixed(1)} ms`);
    } finally {
      await big.stop();
    }
  }, 120000);
}

async function item12() {
  await step('12: /healthz names no store address', async () => {
    const dead = await new Promise((r) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => r(port)); }); });
    const srv = await startServer({ bin, root, args: ['--redis', `redis://127.0.0.1:${dead}`] });
    try {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      await c.say('what does a nurse do?');
      await c.close();
      const text = body(await get(srv.port, '/healthz'));
      const h = JSON.parse(text);
      check(h.status === 'degraded' && h.store.ok === false, '12: a failing store still shows as degraded', text);
      check(!text.includes(String(dead)) && !text.includes('127.0.0.1') && h.store.error === undefined,
        '12: without its host, port or error text', text);
    } finally {
      await srv.stop();
    }
  });
  await step('12: start-up errors do not print the Redis password', async () => {
    const r = await run(bin, ['serve', '--port', '0', ...dataArgs, '--redis', 'redis://:hunter2secret@127.0.0.1:99999']);
    check(r.code !== 0 && /redis/i.test(r.out) && !r.out.includes('hunter2secret'), '12: refused, password hidden', r.out.slice(0, 200));
    const e = await run(bin, ['report'], { CAREERBOT_REDIS_URL: 'redis://user:hunter3secret@127.0.0.1:99999' });
    check(e.code !== 0 && !e.out.includes('hunter3secret'), '12: the URL may come from CAREERBOT_REDIS_URL; hidden there too', e.out.slice(0, 200));
  });
}

async function item13() {
  const srv = await startServer({ bin, root });
  try {
    await step('13: by default only loopback names and addresses are answered', async () => {
      const evil = await get(srv.port, '/', { Host: `rebound.example:${srv.port}` });
      check(statusOf(evil) === 403, '13: GET / with a foreign Host: 403', evil.split('\r\n')[0]);
      const ws = await upgrade(srv.port, { host: `rebound.example:${srv.port}`, origin: `http://rebound.example:${srv.port}` });
      check(ws.status !== 101, '13: a page on a rebound name cannot open the chat as its own origin', String(ws.status));
      for (const host of [`127.0.0.1:${srv.port}`, `localhost:${srv.port}`, `[::1]:${srv.port}`]) {
        const st = statusOf(await get(srv.port, '/healthz', { Host: host }));
        check(st === 200, `13: Host ${host} is answered`, String(st));
      }
    });
  } finally {
    await srv.stop();
  }
  const pub = await startServer({ bin, root, args: ['--public-host', 'chat.example.org,www.example.org'] });
  try {
    await step('13: --public-host names the server', async () => {
      const ok = statusOf(await get(pub.port, '/', { Host: 'chat.example.org' }));
      const other = statusOf(await get(pub.port, '/', { Host: 'localhost' }));
      check(ok === 200 && other === 403, '13: its name is served, localhost is not', `${ok} ${other}`);
      const ws = await upgrade(pub.port, { host: 'www.example.org', origin: 'https://www.example.org' });
      check(ws.status === 101, '13: its own page may chat', String(ws.status));
      if (ws.socket) ws.socket.destroy();
    });
  } finally {
    await pub.stop();
  }
}

async function item4() {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const srv = await startServer({ bin, root, args: ['--tls-cert', cert, '--tls-key', key] });
  const connect = (o) => tls.connect({ ...o, ca: fs.readFileSync(cert), servername: undefined });
  try {
    await step('4: TLS offers HTTP/1.1 only, ECDHE and AEAD ciphers, and HSTS', async () => {
      const alpn = await new Promise((resolve) => {
        const s = tls.connect({ port: srv.port, host: '127.0.0.1', ca: fs.readFileSync(cert), ALPNProtocols: ['h2', 'http/1.1'] });
        s.on('secureConnect', () => { resolve(s.alpnProtocol); s.destroy(); });
        s.on('error', (e) => resolve(`error ${e.message}`));
      });
      check(alpn === 'http/1.1', '4: a client offering h2 and http/1.1 gets http/1.1', String(alpn));
      const weak = await new Promise((resolve) => {
        const s = tls.connect({ port: srv.port, host: '127.0.0.1', ca: fs.readFileSync(cert), maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA:AES256-SHA256' });
        s.on('secureConnect', () => { resolve(s.getCipher().name); s.destroy(); });
        s.on('error', () => resolve('refused'));
      });
      check(weak === 'refused', '4: RSA key exchange and CBC ciphers are refused', weak);
      const old = await new Promise((resolve) => {
        const s = tls.connect({ port: srv.port, host: '127.0.0.1', ca: fs.readFileSync(cert), minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' });
        s.on('secureConnect', () => { resolve(s.getProtocol()); s.destroy(); });
        s.on('error', () => resolve('refused'));
      });
      check(old === 'refused', '4: TLS 1.1 is refused', old);
      for (const p of ['/', '/widget.js', '/healthz']) {
        const r = await get(srv.port, p, {}, { connect: (o) => connect(o) });
        check(statusOf(r) === 200 && /^strict-transport-security: max-age=\d+/mi.test(r), `4: ${p} carries HSTS over TLS`, r.split('\r\n\r\n')[0]);
      }
    });
  } finally {
    await srv.stop();
  }
  const plain = await startServer({ bin, root });
  try {
    const r = await get(plain.port, '/');
    check(!/strict-transport-security/i.test(r), '4: no HSTS over plain HTTP');
  } finally {
    await plain.stop();
  }
}

async function item15() {
  const web = path.join(dir, 'web');
  fs.cpSync(path.join(root, 'web'), web, { recursive: true });
  const secret = path.join(dir, 'secret.txt');
  fs.writeFileSync(secret, 'not for the web\n');
  fs.symlinkSync(secret, path.join(web, 'leak.txt'));
  fs.symlinkSync(path.join(web, 'index.html'), path.join(web, 'alias.html'));
  const srv = await startServer({ bin, root, args: ['--web', web] });
  try {
    await step('15: symlinks out of --web are not followed, HEAD is served, pipelining works', async () => {
      const leak = await get(srv.port, '/leak.txt');
      check(statusOf(leak) === 404 && !leak.includes('not for the web'), '15: a link to a file outside --web: 404', leak.split('\r\n')[0]);
      check(statusOf(await get(srv.port, '/alias.html')) === 200, '15: a link inside --web is served');
      for (const p of ['/', '/widget.js', '/healthz']) {
        const g = await get(srv.port, p);
        const h = await get(srv.port, p, {}, { method: 'HEAD' });
        const type = (r) => (/^content-type: (.*)$/mi.exec(r) || [])[1];
        check(statusOf(h) === 200 && type(h) === type(g) && body(h) === '', `15: HEAD ${p}: 200, the GET's content-type, no body`, h.split('\r\n')[0]);
      }
      const two = await raw(srv.port, `GET /widget.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      const statuses = (two.match(/HTTP\/1\.1 \d+/g) || []).join(',');
      check(statuses === 'HTTP/1.1 200,HTTP/1.1 200' && /"status":"ok"/.test(two), '15: a request pipelined behind a static file is answered', statuses);
    });
  } finally {
    await srv.stop();
  }
  await step('15: /healthz is not "ok" on a damaged database', async () => {
    const db = path.join(dir, 'damaged.db');
    const s1 = await startServer({ bin, root, args: ['--db', db] });
    await s1.stop();
    // Pages 2 to 4 (the sessions table and its indexes) become garbage; page 1 (the schema) stays.
    const fd = fs.openSync(db, 'r+');
    fs.writeSync(fd, Buffer.alloc(12288, 0xa5), 0, 12288, 4096);
    fs.closeSync(fd);
    let s2;
    try {
      s2 = await startServer({ bin, root, args: ['--db', db] });
    } catch (e) {
      check(true, '15: a damaged database is refused at start');
      return;
    }
    try {
      const h = JSON.parse(body(await get(s2.port, '/healthz')));
      check(h.status !== 'ok' && h.store.ok === false, '15: /healthz says the store is not ok', JSON.stringify(h));
    } finally {
      await s2.stop();
    }
  });
}

async function main() {
  const only = process.env.EDGE_ONLY ? process.env.EDGE_ONLY.split(',') : null;
  const items = { 1: item1, 2: item2and11, 6: items6and10, 12: item12, 13: item13, 4: item4, 15: item15 };
  for (const [n, fn] of Object.entries(items)) {
    if (only && !only.includes(n)) continue;
    try { await fn(); } catch (e) { check(false, `item ${n}`, e.stack); }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log(`not ok - ${e.stack}`); process.exit(1); });
