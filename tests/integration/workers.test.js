'use strict';
// serve --workers 2 (issue 20): two processes on one 127.0.0.1 port and one SQLite file. Chats are
// answered and resumed whichever worker takes them; /healthz and /metrics list both workers; a
// worker killed with SIGKILL is started again by the parent and the service answers on; SIGHUP
// reaches every worker; "forget me" holds across workers; SIGTERM to the parent stops everything,
// and a parent killed with SIGKILL takes its workers with it. Processes are stopped by PID.
// No time is asserted: waits poll until the state is reached (ctest's timeout bounds the test).
// usage: node workers.test.js CAREERBOT REPO_ROOT
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { startServer } = require('../lib/server');
const { Chat } = require('../lib/chat');

const [bin, root] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log(`ok - ${what}`); } else { failed++; console.log(`not ok - ${what}${detail ? `\n    ${detail}` : ''}`); }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function get(port, p) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: p, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}
const health = async (port) => JSON.parse((await get(port, '/healthz')).body);

// A process that runs (a zombie waiting to be reaped does not).
function alive(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3) !== 'Z';
  } catch (e) { return false; }
}

// Polls fn until it returns a truthy value (then returns it), or gives up after tries.
async function until(fn, tries = 300, ms = 100) {
  for (let i = 0; i < tries; i++) {
    const v = await fn().catch(() => null);
    if (v) return v;
    await sleep(ms);
  }
  return null;
}

async function chatOnce(wsUrl, session, text) {
  const c = await Chat.open(wsUrl);
  const h = await c.hello(session);
  const r = await c.say(text);
  await c.close();
  return { id: h.welcome.session, resumed: h.welcome.resumed, reply: r };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-workers-'));
  const db = path.join(dir, 'sessions.db');
  const srv = await startServer({ bin, root, args: ['--workers', '2', '--db', db] });
  try {
    check(/listening on http:\/\/127\.0\.0\.1:\d+\/ \(2 workers\)/.test(srv.output().stdout), 'one listening line names 2 workers',
      srv.output().stdout);
    const h = await health(srv.port);
    check(Array.isArray(h.workers) && h.workers.length === 2 && h.workers.every((w) => w.up && w.pid > 0),
      '/healthz lists 2 workers, both up', JSON.stringify(h.workers));
    const pids = h.workers.map((w) => w.pid);
    check(pids[0] !== pids[1] && !pids.includes(srv.child.pid), 'each worker is a process of its own', JSON.stringify(pids));

    // Chats, several connections so that both workers take some; each resumes on either.
    const first = await chatOnce(srv.wsUrl, null, 'what does a nurse do?');
    check(first.reply.type === 'reply' && first.reply.career && first.reply.career.id === 'registered-nurse',
      'a chat is answered', JSON.stringify(first.reply));
    let resumedAll = true;
    for (let i = 0; i < 6; i++) {
      const r = await chatOnce(srv.wsUrl, first.id, 'how much do they earn?');
      resumedAll = resumedAll && r.resumed === true && r.id === first.id && r.reply.career && r.reply.career.id === 'registered-nurse';
    }
    check(resumedAll, 'the session resumes with its career on every connection, whichever worker takes it');
    const counted = await until(async () => {
      const x = await health(srv.port);
      return x.messages >= 7 ? x : null;
    });
    check(counted && counted.messages === 7, '/healthz counts the messages of every worker', JSON.stringify(counted));
    const metrics = (await get(srv.port, '/metrics')).body;
    check(/careerbot_worker_up\{worker="0",pid="\d+"\} 1/.test(metrics) && /careerbot_worker_up\{worker="1",pid="\d+"\} 1/.test(metrics),
      '/metrics has a line for each worker');

    // One worker dies: the parent starts it again, and the service answers meanwhile and after.
    process.kill(pids[0], 'SIGKILL');
    const back = await until(async () => {
      const x = await health(srv.port);
      const w = x.workers[0];
      return w.up && w.pid !== pids[0] && w.restarts === 1 ? x : null;
    });
    check(back !== null, 'the killed worker is started again (a new pid, restarts 1)', back && JSON.stringify(back.workers));
    check(!alive(pids[0]), 'the killed worker is gone');
    check(back && back.workers[1].pid === pids[1] && back.workers[1].restarts === 0, 'the other worker ran on');
    check(/event=worker_died worker=0/.test(srv.output().stderr) && /event=worker_restarted worker=0/.test(srv.output().stderr),
      'the death and the restart are logged');
    let answered = true;
    for (let i = 0; i < 4; i++) {
      const r = await chatOnce(srv.wsUrl, first.id, 'what skills does a nurse need?');
      answered = answered && r.resumed && r.reply.type === 'reply';
    }
    check(answered, 'after the restart every chat is answered and resumed');

    // SIGHUP to the parent reaches both workers.
    process.kill(srv.child.pid, 'SIGHUP');
    const reloaded = await until(async () => (srv.output().stderr.match(/event=reloaded /g) || []).length >= 2);
    check(reloaded, 'SIGHUP reloads the data in both workers');

    // "forget me" on one connection; a second tab bound to the session cannot write it back.
    const a = await chatOnce(srv.wsUrl, null, 'what does an actuary do?');
    const tab = await Chat.open(srv.wsUrl);
    await tab.hello(a.id);
    const f = await Chat.open(srv.wsUrl);
    await f.hello(a.id);
    const gone = await f.say('forget me');
    check(gone.type === 'forgotten' || (await f.next()).type === 'forgotten', '"forget me" is confirmed');
    const seen = [];
    tab.ws.send(JSON.stringify({ type: 'message', text: 'what skills does an actuary need?' }));
    for (let i = 0; i < 3; i++) seen.push(await tab.next(3000).catch(() => null));
    check(seen.some((m) => m && m.type === 'forgotten'), 'the other tab is told the session is forgotten', JSON.stringify(seen));
    await tab.close();
    await f.close();
    const again = await chatOnce(srv.wsUrl, a.id, 'hello');
    check(again.resumed === false && again.id !== a.id, 'the forgotten session does not resume on any worker', JSON.stringify(again));

    // SIGTERM to the parent: every worker stops, then the parent, with status 0.
    const last = (await health(srv.port)).workers.map((w) => w.pid);
    const code = await srv.stop();
    check(code === 0, 'SIGTERM stops the service with status 0', String(code));
    check(last.every((p) => !alive(p)), 'no worker is left running', JSON.stringify(last));
  } finally {
    if (srv.child.exitCode === null) srv.child.kill('SIGKILL');
  }

  // A parent killed with SIGKILL takes its workers with it (as kill -9 of one process would).
  const srv2 = await startServer({ bin, root, args: ['--workers', '2', '--db', db] });
  const w2 = (await health(srv2.port)).workers.map((w) => w.pid);
  srv2.child.kill('SIGKILL');
  const allGone = await until(async () => w2.every((p) => !alive(p)));
  check(allGone, 'kill -9 of the parent ends its workers', JSON.stringify(w2));
  fs.rmSync(dir, { recursive: true, force: true });
}

main().then(() => {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}, (e) => {
  console.log(`not ok - ${e.stack}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
