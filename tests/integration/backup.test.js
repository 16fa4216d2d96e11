'use strict';
// careerbot backup (issue 21): copies a live SQLite store with the online backup API while chats
// keep writing to it. Every session answered before a backup starts is in the copy, and a server
// started on the copy resumes each of them. Also: the copy is private (0600), the store itself,
// a missing store and an OUT some program has open are refused with a clear message.
// usage: node backup.test.js CAREERBOT REPO_ROOT
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startServer } = require('../lib/server');
const { Chat } = require('../lib/chat');

const [bin, root] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log(`ok - ${what}`); } else { failed++; console.log(`not ok - ${what}${detail ? `\n    ${String(detail).slice(0, 2000)}` : ''}`); }
}

// Runs careerbot backup without blocking the event loop (the chats go on meanwhile).
function backup(args) {
  return new Promise((resolve) => {
    const child = spawn(bin, ['backup', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => resolve({ code, out }));
  });
}

const questions = ['what does an ML engineer do?', 'where do nurses work?', 'how much does an electrician make?',
  'what skills does a data scientist need?', 'hello', 'what careers are related to teachers?'];
const CLIENTS = 12;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-backup-'));
  const db = path.join(dir, 'sessions.db');
  const srv = await startServer({ bin, root, args: ['--db', db] });
  const answered = new Set(); // sessions with at least one reply (so written through)
  let stop = false;
  let turns = 0;
  let chatErrors = 0;
  const clients = [];
  try {
    // The load: clients asking in a loop, a new session every few turns.
    const load = Array.from({ length: CLIENTS }, async (_, k) => {
      while (!stop) {
        const c = await Chat.open(srv.wsUrl);
        clients.push(c);
        const { welcome } = await c.hello(null);
        for (let i = 0; i < 4 && !stop; i++) {
          const r = await c.say(questions[(k + i) % questions.length]);
          if (r.type !== 'reply') chatErrors++;
          answered.add(welcome.session);
          turns++;
        }
        await c.close();
      }
    });
    await new Promise((res) => setTimeout(res, 800));
    const results = [];
    for (let b = 0; b < 3; b++) {
      const before = new Set(answered);
      const out = path.join(dir, `copy${b}.db`);
      const t0 = turns;
      const r = await backup(['--db', db, out]);
      results.push({ before, out, r, during: turns - t0 });
      await new Promise((res) => setTimeout(res, 300));
    }
    stop = true;
    await Promise.all(load);
    check(chatErrors === 0 && turns > 50, `the chats went on during the backups (${turns} turns, ${answered.size} sessions)`, `${chatErrors} errors`);
    for (const [b, { before, out, r }] of results.entries()) {
      const m = /careerbot backup: (\d+) sessions? from .* to .*copy\d\.db/.exec(r.out);
      check(r.code === 0 && m, `backup ${b + 1} under load exits 0 and counts its sessions`, r.out);
      check(m && Number(m[1]) >= before.size, `backup ${b + 1} holds at least the ${before.size} sessions answered before it began (${m && m[1]})`, r.out);
      check(fs.existsSync(out) && (fs.statSync(out).mode & 0o777) === 0o600, `backup ${b + 1} is private (mode 600)`,
        fs.existsSync(out) ? (fs.statSync(out).mode & 0o777).toString(8) : 'missing');
      check(!fs.readdirSync(dir).some((f) => f.includes('.tmp-')), `backup ${b + 1} leaves no temporary file`);
    }

    // The last copy opens with every session answered before it began: a server on it resumes each.
    const last = results[results.length - 1];
    const restored = path.join(dir, 'restored.db');
    fs.copyFileSync(last.out, restored);
    const srv2 = await startServer({ bin, root, args: ['--db', restored] });
    try {
      let resumed = 0;
      const missing = [];
      for (const id of last.before) {
        const c = await Chat.open(srv2.wsUrl);
        const { welcome } = await c.hello(id);
        if (welcome.resumed === true && welcome.session === id) resumed++; else missing.push(id);
        await c.close();
      }
      check(last.before.size > 10 && resumed === last.before.size,
        `a server on the copy resumes every one of the ${last.before.size} sessions answered before the backup (${resumed})`, missing.join(' '));
    } finally {
      await srv2.stop();
    }
  } finally {
    stop = true;
    await srv.stop();
  }

  // Refusals, each with its reason.
  const same = await backup(['--db', db, db]);
  check(same.code === 1 && /is the store itself/.test(same.out), 'backing up onto the store itself is refused', same.out);
  const none = await backup(['--db', path.join(dir, 'none.db'), path.join(dir, 'x.db')]);
  check(none.code === 1 && /none\.db: no such file/.test(none.out), 'a missing store is named', none.out);
  fs.writeFileSync(path.join(dir, 'open.db-wal'), '');
  const open = await backup(['--db', db, path.join(dir, 'open.db')]);
  check(open.code === 1 && /-wal or -shm file beside it/.test(open.out), 'an OUT with a -wal beside it is refused', open.out);
  const usage = await backup(['--db', db]);
  check(usage.code === 2 && /name the file to write/.test(usage.out), 'no OUT is a usage error', usage.out);
  const notStore = path.join(dir, 'other.db');
  spawnSync('python3', ['-c', `import sqlite3; c = sqlite3.connect(${JSON.stringify(notStore)}); c.execute("create table t(x)"); c.commit()`]);
  const other = await backup(['--db', notStore, path.join(dir, 'o.db')]);
  check(other.code === 1 && /not a careerbot session store/.test(other.out) && !fs.existsSync(path.join(dir, 'o.db')),
    'a SQLite file that is not a session store is refused, and nothing is written', other.out);
  fs.rmSync(dir, { recursive: true, force: true });
}

main()
  .catch((e) => { check(false, 'the test ran to the end', e.stack); })
  .finally(() => { console.log(`${passed} passed, ${failed} failed`); process.exit(failed ? 1 : 0); });
