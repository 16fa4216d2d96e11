'use strict';
// Sessions, stores and kept text against the real binary (issue 14, items 3, 5 and 9):
// - "forget me" wins over a second tab on the same session: the tab is told, and neither its next
//   message nor its close writes the session back; with Redis, another instance cannot either;
// - a session is saved only after its first message (a hello alone stores nothing);
// - new sessions per address and minute are capped (--max-new-sessions-per-ip), counted on /metrics;
// - what `careerbot report` prints of kept unanswered text has no control characters, escape
//   sequences or bidirectional overrides, neither as stored nor from an older database.
// usage: node privacy.test.js CAREERBOT REPO_ROOT
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { startServer } = require('../lib/server');
const { Chat } = require('../lib/chat');

const [bin, root] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log(`ok - ${what}`); } else { failed++; console.log(`not ok - ${what}${detail ? `\n    ${detail}` : ''}`); }
}
async function step(name, fn) {
  try { await fn(); } catch (e) { check(false, `${name}: ${e.message}`); }
}

// The next message of c, or null when none comes within ms.
async function maybeNext(c, ms) {
  try { return await c.next(ms); } catch (e) { return null; }
}

// Opens a chat, says hello with session (or none) and answers one message; returns the chat and id.
async function started(url, session, text = 'what does a nurse do?') {
  const c = await Chat.open(url);
  const h = await c.hello(session);
  const r = await c.say(text);
  return { c, id: h.welcome.session, welcome: h.welcome, reply: r };
}

// "forget me" on a, while b is bound to the same session: forget must win.
async function forgetWins(urlA, urlB, label) {
  const a = await started(urlA);
  const b = await started(urlB, a.id, 'where do nurses work?');
  check(b.welcome.resumed === true, `${label}: the second tab resumes the same session`, JSON.stringify(b.welcome));
  const f = await a.c.say('forget me');
  const gone = f.type === 'forgotten' ? f : await a.c.next();
  check(gone.type === 'forgotten', `${label}: "forget me" is confirmed`, JSON.stringify(gone));
  // The second tab speaks, then closes: neither may bring the session back.
  b.c.ws.send(JSON.stringify({ type: 'message', text: 'what skills does a nurse need?' }));
  const seen = [];
  for (let m = await maybeNext(b.c, 1500); m; m = await maybeNext(b.c, 500)) seen.push(m);
  check(seen.some((m) => m.type === 'forgotten'), `${label}: the second tab is told the session is forgotten`, JSON.stringify(seen));
  check(!seen.some((m) => m.type === 'welcome' && m.session === a.id),
    `${label}: the second tab does not carry on in the forgotten session`, JSON.stringify(seen));
  await b.c.close();
  await a.c.close();
  await new Promise((r) => setTimeout(r, 300));
  for (const url of new Set([urlA, urlB])) {
    const c = await Chat.open(url);
    const h = await c.hello(a.id);
    check(h.welcome.resumed === false && h.welcome.session !== a.id,
      `${label}: the forgotten session does not resume (${url === urlA ? 'where it was forgotten' : 'on the other instance'})`,
      JSON.stringify(h.welcome));
    await c.close();
  }
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function startRedis(port) {
  return new Promise((resolve, reject) => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const t = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10000);
    child.stdout.on('data', (d) => { out += d; if (/Ready to accept connections/.test(out)) { clearTimeout(t); resolve(child); } });
    child.on('error', (e) => { clearTimeout(t); reject(e); });
  });
}

function hasTool(name) {
  try { execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }); return true; } catch (e) { return false; }
}

async function main() {
  await step('forget wins over a second tab (sqlite)', async () => {
    const srv = await startServer({ bin, root });
    try { await forgetWins(srv.wsUrl, srv.wsUrl, 'one instance'); } finally { await srv.stop(); }
  });

  await step('forget wins across instances (redis)', async () => {
    if (!hasTool('redis-server')) { console.log('# skip: no redis-server'); return; }
    const port = await freePort();
    const redis = await startRedis(port);
    const url = `redis://127.0.0.1:${port}`;
    const s1 = await startServer({ bin, root, args: ['--redis', url] });
    const s2 = await startServer({ bin, root, args: ['--redis', url] });
    try {
      await forgetWins(s1.wsUrl, s2.wsUrl, 'two instances');
    } finally {
      await s1.stop();
      await s2.stop();
      redis.kill('SIGKILL');
    }
  });

  await step('a session is saved after its first message only', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-privacy-'));
    const srv = await startServer({ bin, root, args: ['--db', path.join(dir, 's.db')] });
    try {
      let c = await Chat.open(srv.wsUrl);
      const h = await c.hello();
      await c.close();
      c = await Chat.open(srv.wsUrl);
      const again = await c.hello(h.welcome.session);
      check(again.welcome.resumed === false, 'a session with only a hello is not stored', JSON.stringify(again.welcome));
      const r = await c.say('what does a nurse do?');
      check(r.type === 'reply', 'its first message is answered', JSON.stringify(r));
      await c.close();
      c = await Chat.open(srv.wsUrl);
      const back = await c.hello(again.welcome.session);
      check(back.welcome.resumed === true, 'after its first message the session is stored', JSON.stringify(back.welcome));
      await c.close();
    } finally {
      await srv.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  await step('new sessions per address are capped', async () => {
    const srv = await startServer({ bin, root, args: ['--memory-only', '--limit-loopback', '--max-new-sessions-per-ip', '3'] });
    try {
      const replies = [];
      for (let i = 0; i < 5; i++) {
        const c = await Chat.open(srv.wsUrl);
        await c.hello();
        replies.push(await c.say('what does a nurse do?'));
        await c.close();
      }
      const kinds = replies.map((r) => (r.type === 'error' ? r.code : r.type));
      check(kinds.join() === 'reply,reply,reply,rate_limited,rate_limited',
        'three new sessions a minute are answered, the next are refused', kinds.join());
      const m = await (await fetch(`${srv.url}/metrics`)).text();
      check(/careerbot_limit_hits_total\{limit="sessions_ip"\} 2\b/.test(m), '/metrics counts the refused sessions',
        m.split('\n').filter((l) => l.includes('limit_hits')).join('\n'));
    } finally {
      await srv.stop();
    }
  });

  await step('careerbot report prints no control characters', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-report-'));
    const db = path.join(dir, 's.db');
    const srv = await startServer({ bin, root, args: ['--db', db, '--keep-unanswered'] });
    try {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      const r = await c.say('zqxv \u001b[2J\u001b]0;pwned\u0007 blorp \u202egnp.exe\u2066 \u0085 zz');
      check(r.fallback === true || r.type === 'reply', 'the hostile text is answered', JSON.stringify(r));
      await c.close();
    } finally {
      await srv.stop();
    }
    const bad = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
    let rep = execFileSync(bin, ['report', '--db', db], { encoding: 'utf8' });
    check(/zqxv/.test(rep) && !bad.test(rep), 'kept text is neutralised when stored', JSON.stringify(rep));
    // A text kept by an older careerbot, raw in the file, is neutralised when printed.
    if (hasTool('sqlite3')) {
      execFileSync('sqlite3', [db, "INSERT INTO unanswered(text, count, last) VALUES('old ' || char(27) || '[31mred' || char(8238) || ' text', 5, 1)"]);
      rep = execFileSync(bin, ['report', '--db', db], { encoding: 'utf8' });
      check(/old .*red/.test(rep) && !bad.test(rep), 'a raw text from an older store is neutralised when printed', JSON.stringify(rep));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

main().catch((e) => { failed++; console.log(`not ok - ${e.stack}`); })
  .finally(() => { console.log(`${passed} passed, ${failed} failed`); process.exit(failed ? 1 : 0); });
