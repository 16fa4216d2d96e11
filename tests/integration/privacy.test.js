'use strict';
// Sessions, stores and kept text against the real binary (issue 14, items 3, 5 and 9):
// - "forget me" wins over a second tab on the same session: the tab is told, and neither its next
//   message nor its close writes the session back; with Redis, another instance cannot either;
// - a session is saved only after its first message (a hello alone stores nothing);
// - new sessions per address and minute are capped (--max-new-sessions-per-ip), counted on /metrics;
// - what `careerbot report` prints of kept unanswered text has no control characters, escape
//   sequences or bidirectional overrides, neither as stored nor from an older database (item 9);
// - kept unanswered texts are capped at 2,000 distinct ones, the least recent dropped (item 7);
// - after "forget me" the session is in neither the SQLite file nor its -wal (item 8);
// - markdown typed by the user and echoed in a reply is shown as typed, not as a link (item 14);
// - "forget me" during the career test does not go back to the test (item 15).
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

  await step('kept unanswered texts are capped (item 7)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-cap-'));
    const db = path.join(dir, 's.db');
    const srv = await startServer({ bin, root, args: ['--db', db, '--keep-unanswered'] });
    const n = 2050;
    try {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      for (let i = 0; i < n; i++) await c.say(`zqxv blorp ${i}`);
      await c.close();
    } finally {
      await srv.stop();
    }
    const rep = execFileSync(bin, ['report', '--db', db, '--top', '5000'], { encoding: 'utf8' });
    const kept = rep.split('\n').filter((l) => /zqxv blorp \d+/.test(l));
    check(kept.length === 2000, `${n} distinct unanswered texts keep 2,000`, `kept ${kept.length}`);
    check(/zqxv blorp 2049\b/.test(rep) && !/zqxv blorp 0\b/.test(rep), 'the least recently seen go first',
      kept.slice(0, 3).join(' | '));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  await step('a forgotten session leaves nothing in the SQLite files (item 8)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-wal-'));
    const db = path.join(dir, 's.db');
    const srv = await startServer({ bin, root, args: ['--db', db] });
    const files = () => [db, `${db}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f));
    try {
      const a = await started(srv.wsUrl, undefined, 'what does an actuary do?');
      check(files().some((b) => b.includes(a.id)), 'the session is written before the forget');
      const f = await a.c.say('forget me');
      if (f.type !== 'forgotten') await a.c.next();
      await a.c.close();
      await new Promise((r) => setTimeout(r, 2000)); /* the checkpoint thread runs once a second */
      check(!files().some((b) => b.includes(a.id) || b.includes('actuary')),
        'after "forget me", neither the database nor its -wal holds the session');
    } finally {
      await srv.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  await step('markdown typed by the user is echoed as typed (item 14)', async () => {
    const srv = await startServer({ bin, root, args: ['--memory-only'] });
    try {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      const r = await c.say('what does a [zorb](http://evil.example) **now** do?');
      check(r.type === 'reply' && r.text.includes('zorb'), 'the unknown career is echoed', JSON.stringify(r).slice(0, 200));
      check(!/\]\(/.test(r.text) && !/\*\*now\*\*/.test(r.text), 'the echo is no markdown link and no bold',
        JSON.stringify(r.text).slice(0, 200));
      const seen = r.text.replace(/\u2060/g, '');
      check(seen.includes('[zorb](http://evil.example) **now**'), 'what the user typed reads the same', JSON.stringify(seen).slice(0, 200));
      await c.close();
    } finally {
      await srv.stop();
    }
  });

  await step('"forget me" during the career test (item 15)', async () => {
    const srv = await startServer({ bin, root, args: ['--memory-only'] });
    try {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      const q = await c.say('take the career test');
      check(q.progress && q.progress.total > 0, 'the test is running', JSON.stringify(q).slice(0, 160));
      const f = await c.say('forget me');
      const reply = f.type === 'reply' ? f : null;
      const rest = [f];
      for (let m = await maybeNext(c, 800); m; m = await maybeNext(c, 300)) rest.push(m);
      const text = rest.filter((m) => m.type === 'reply').map((m) => m.text).join(' ');
      check(rest.some((m) => m.type === 'forgotten'), 'the session is forgotten', JSON.stringify(rest).slice(0, 200));
      check(!/question \d+ of \d+/i.test(text) && !/back to the test/i.test(text),
        'the reply does not go back to the test', JSON.stringify(reply && reply.text));
      await c.close();
    } finally {
      await srv.stop();
    }
  });
}

main().catch((e) => { failed++; console.log(`not ok - ${e.stack}`); })
  .finally(() => { console.log(`${passed} passed, ${failed} failed`); process.exit(failed ? 1 : 0); });
