'use strict';
// A bounded soak of the real server on loopback (issue 8, point 8). Hundreds of simulated people
// chat at once for a fixed time: they ask about careers and follow up, take the career test partway
// or to the end, drop their connection abruptly (socket.terminate(), sometimes with an answer still
// in flight) and come back with their session id, close and come back, say "forget me", or leave
// for good and start afresh. Every reply is checked against what that person's session must hold.
//
// Checks, afterwards:
// - no error reply to any of these well-formed messages, no stall (a reply within --reply-timeout),
//   no connection closed by the server, no reply inconsistent with the session's state;
// - every resumed session resumes exactly where it was (the same career, the same test question and
//   count of answers), a forgotten one never comes back, and after the run a sample of the sessions
//   left behind still resumes with its context;
// - the server's resident memory (VmRSS) is back within a margin of its level after a warm-up of
//   the same shape (same clients, so the allocator has already grown to the peak connection count):
//   MARGIN = 8 MiB + 5% of that level + 2 KiB for each session created in the soak. Sessions are
//   kept on purpose in the server's memory cache in front of SQLite until --session-ttl (about
//   1 KiB each as measured, with the allocator's overhead), so they are not a leak; the 8 MiB
//   covers SQLite's page cache (2 MiB by default) and allocator noise. On a 2-core machine the
//   growth measured was 2.4 MiB for 2,300 sessions and 46,000 messages. Under ASan, the
//   allocator's quarantine is capped at 16 MiB for this server (ASAN_OPTIONS quarantine_size_mb=16)
//   so freed memory held for use-after-free checks does not read as growth, and LeakSanitizer
//   checks the exit as well;
// - open file descriptors (/proc/PID/fd) are back to their count after the warm-up within 5 s of
//   the last client leaving, and /metrics shows 0 open connections;
// - a normal client is answered within a second (the median of three probes, each a new chat);
// - /metrics counts no errors, no limit hits and no store failures; the server exits 0 on SIGTERM.
// The size of SQLite's WAL is reported (wal_mib), and checked with --max-wal-mib.
// Prints the figures as one JSON line, {"figure":"soak",...}, as bench/load.js does.
//
// usage: node soak.test.js CAREERBOT REPO_ROOT [--asan] [--clients N] [--seconds S] [--warmup S]
//          [--think MS] [--seed N] [--reply-timeout MS] [--trace S] [--max-wal-mib N] [--json FILE]
// env:   SOAK_CLIENTS, SOAK_SECONDS, SOAK_WARMUP, SOAK_THINK_MS, SOAK_SEED, SOAK_REPLY_TIMEOUT_MS,
//        SOAK_TRACE_S, SOAK_MAX_WAL_MIB (flags win over env). --trace S prints the server's VmRSS,
//        descriptors and WAL size every S seconds; --json FILE appends the figures' line to FILE.
// Defaults: 200 clients, a 10 s warm-up, then 60 s (about 80 s in all; the node client takes about
// half a core, the server a quarter). With --asan (CMake passes it to the sanitizer build) or a
// binary path containing "build-asan": 150 clients for 60 s, replies allowed 30 s rather than 15 s
// (about 80 s as well: the time is set by the clock, the clients set the CPU).
// bench/soak.sh runs the long version (thousands of clients, minutes).
const fs = require('fs');
const http = require('http');
const WebSocket = require('ws');
const { startServer } = require('../lib/server');

const argv = process.argv.slice(2);
const [bin, root] = argv;
function flag(name) {
  const i = argv.lastIndexOf(`--${name}`); // the last wins, so a wrapper's defaults can be overridden
  return i >= 0 ? argv[i + 1] : undefined;
}
const asan = argv.includes('--asan') || /build-asan/.test(bin || '');
function num(name, env, dflt) {
  const v = flag(name) ?? process.env[env];
  const n = v === undefined || v === '' ? dflt : Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`bad --${name}: ${v}`);
  return n;
}
const CLIENTS = Math.max(1, Math.floor(num('clients', 'SOAK_CLIENTS', asan ? 150 : 200)));
const SECONDS = num('seconds', 'SOAK_SECONDS', 60);
const WARMUP = num('warmup', 'SOAK_WARMUP', Math.min(10, Math.max(3, SECONDS / 6)));
const THINK = num('think', 'SOAK_THINK_MS', 250); // mean pause between a person's messages
const SEED = Math.floor(num('seed', 'SOAK_SEED', Date.now() % 1e9));
const REPLY_TIMEOUT = num('reply-timeout', 'SOAK_REPLY_TIMEOUT_MS', asan ? 30000 : 15000);
const JSON_OUT = flag('json');
const TRACE = num('trace', 'SOAK_TRACE_S', 0); // print the server's memory and descriptors every TRACE s
const MAX_WAL_MIB = num('max-wal-mib', 'SOAK_MAX_WAL_MIB', 0); // 0: the WAL's size is reported, not checked
const MiB = 1024;

let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log(`ok - ${what}`); } else { failed++; console.log(`not ok - ${what}${detail ? `\n    ${detail}` : ''}`); }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A seeded generator (mulberry32), so a failing run can be replayed with --seed.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rssKib(pid) {
  try { return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))[1]); } catch (e) { return NaN; }
}
// User plus system CPU time of a process, in seconds (USER_HZ is 100 on Linux).
function cpuS(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch (e) { return NaN; }
}
function fileSize(f) {
  try { return fs.statSync(f).size; } catch (e) { return 0; }
}
function fdCount(pid) {
  try { return fs.readdirSync(`/proc/${pid}/fd`).length; } catch (e) { return NaN; }
}
function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}
function metric(text, name) {
  const m = new RegExp(`^${name.replace(/[{}"=]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}
function metricSum(text, prefix) {
  let s = 0;
  for (const m of text.matchAll(new RegExp(`^${prefix}\\{[^}]*\\} (\\S+)$`, 'gm'))) s += Number(m[1]);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Figures and failures, over the whole run.
const stats = {
  connections: 0, messages: 0, replies: 0, errors: 0, stalls: 0, server_closes: 0, violations: 0,
  resumes: 0, resumes_ok: 0, lost_sessions: 0, in_flight_drops: 0, abrupt_disconnects: 0,
  clean_reconnects: 0, forgets: 0, forgotten_checked: 0, sessions_created: 0, tests_started: 0,
  test_answers: 0, tests_finished: 0, career_questions: 0, follow_ups: 0, final_resumed: 0,
};
const problems = []; // the first few, with detail
let phase = 'warmup';
const latencies = [];
function problem(kind, detail) {
  if (kind === 'error') stats.errors++;
  else if (kind === 'stall') stats.stalls++;
  else if (kind === 'server_close') stats.server_closes++;
  else if (kind === 'lost') stats.lost_sessions++;
  else stats.violations++;
  if (problems.length < 20) problems.push(`[${phase}] ${kind}: ${detail}`);
}

// One WebSocket, messages read in order. The server never speaks first, and every request gets a
// bounded set of messages back, so a person reads exactly what each of its requests caused.
class Conn {
  constructor(ws) {
    this.ws = ws;
    this.queue = [];
    this.waiter = null;
    this.closedByUs = false;
    this.closeCode = null;
    ws.on('message', (data) => {
      let msg;
      try { msg = JSON.parse(String(data)); } catch (e) { problem('violation', `not JSON: ${String(data).slice(0, 80)}`); return; }
      if (this.waiter) { const w = this.waiter; this.waiter = null; w.resolve(msg); } else this.queue.push(msg);
    });
    ws.on('close', (code) => {
      this.closeCode = code;
      if (!this.closedByUs) problem('server_close', `code ${code}`);
      if (this.waiter) { const w = this.waiter; this.waiter = null; w.reject(new Error(`closed (${code})`)); }
    });
    ws.on('error', () => {});
  }

  static open(url) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const t = setTimeout(() => { ws.terminate(); reject(new Error('connect timeout')); }, REPLY_TIMEOUT);
      ws.once('open', () => { clearTimeout(t); stats.connections++; resolve(new Conn(ws)); });
      ws.once('error', (e) => { clearTimeout(t); reject(e); });
    });
  }

  send(obj) {
    stats.messages++;
    this.ws.send(JSON.stringify(obj));
  }

  next() {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.closeCode !== null) return Promise.reject(new Error(`closed (${this.closeCode})`));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => { this.waiter = null; reject(new Error('stall')); }, REPLY_TIMEOUT);
      this.waiter = { resolve: (m) => { clearTimeout(t); resolve(m); }, reject: (e) => { clearTimeout(t); reject(e); } };
    });
  }

  // Reads until a reply or an error, noting a welcome on the way (a message after "forget" starts
  // a new session). Returns { reply, welcome }.
  async answer() {
    let welcome = null;
    for (;;) {
      const m = await this.next();
      if (m.type === 'welcome') { welcome = m; continue; }
      if (m.type === 'reply' || m.type === 'error') { stats.replies++; return { reply: m, welcome }; }
      problem('violation', `unexpected ${m.type} while waiting for a reply`);
    }
  }

  terminate() {
    this.closedByUs = true;
    this.ws.terminate();
  }

  close() {
    this.closedByUs = true;
    return new Promise((resolve) => {
      if (this.closeCode !== null) return resolve();
      const t = setTimeout(() => { this.ws.terminate(); resolve(); }, 3000);
      this.ws.once('close', () => { clearTimeout(t); resolve(); });
      this.ws.close();
    });
  }
}

// ---------------------------------------------------------------------------------------------
// What people say. Career questions are checked against the career id the server gave them in the
// first probe (so a change of content does not break the soak, only an inconsistency does).
const CAREER_QUESTIONS = [
  'what does a plumber do?', 'what does a nurse do?', 'tell me about welders', 'what does an electrician do?',
  'what does a pharmacist do?', 'what does a data engineer do?', 'What does an ML engineer do?',
  'what does a chef do?', 'what does an accountant do?', 'what does a software developer do?',
  'tell me about carpenters', 'what does a dentist do?', 'what does a paramedic do?',
  'what does a graphic designer do?', 'what does a lawyer do?', 'what does a pilot do?',
];
let careerIds = new Map(); // question -> career id, filled by learnCareers()
const FOLLOW_UPS = [
  'and the skills?', 'what education does it need?', 'where do they work?', 'what skills do they need?',
  'other names?', 'related careers?', 'what does it take to become one?',
];
// Answers the test understands (content/test/test.json), with whether they count as an answer.
const ANSWERS = ['love it', 'Love it', 'like it', 'Like it', 'yes', 'not sure', 'Not sure', 'maybe',
  'dislike it', 'not for me', 'no', 'hate it', 'Hate it', '5', '4', '3', '2', '1'];

function questionOf(text) {
  const all = [...String(text).matchAll(/\*\*([^*]+)\*\*/g)];
  return all.length ? all[all.length - 1][1] : null;
}
const TEST_STEP_INTENTS = /^test\.(start|answer|resume|back|reask)$/;

// ---------------------------------------------------------------------------------------------
// One simulated person: a session and what it must hold.
class Person {
  constructor(id, url, rand, deadline) {
    this.id = id;
    this.url = url;
    this.rand = rand;
    this.deadline = deadline;
    this.conn = null;
    this.session = null;
    this.saved = false;   // the session has answered a message (a hello alone is not stored)
    this.career = null;   // the career id the session holds, null: none, undefined: not known
    this.test = null;     // { answered, total, question, zone, zoneReplies } while a test is open
    this.retired = [];    // sessions left behind, with what they held
    this.forgotten = [];  // ids that must never resume
    this.pending = null;  // an answer sent just before an abrupt drop: { answered }
  }

  pick(weights) {
    let total = 0;
    for (const w of Object.values(weights)) total += w;
    let r = this.rand() * total;
    for (const [k, w] of Object.entries(weights)) { r -= w; if (r < 0) return k; }
    return Object.keys(weights)[0];
  }

  think() { return sleep(Math.floor(this.rand() * 2 * THINK)); }

  // Applies a reply to the state; `what` says what was asked, for the checks.
  absorb(reply, what, extra = {}) {
    const who = `person ${this.id} ${this.session ? this.session.slice(0, 8) : '-'} (${what})`;
    if (reply.type === 'error') { problem('error', `${who}: ${JSON.stringify(reply)}`); return false; }
    const ok = (cond, msg) => { if (!cond) problem('violation', `${who}: ${msg}: ${JSON.stringify(reply).slice(0, 300)}`); return cond; };
    const t = this.test;
    if (what === 'career') {
      ok(reply.career && reply.career.id === careerIds.get(extra.text), `"${extra.text}" should be about ${careerIds.get(extra.text)}`);
      if (t) ok(reply.progress && reply.progress.answered === t.answered, `a career question mid-test should keep progress ${t.answered}`);
    } else if (what === 'follow') {
      if (this.career) ok(reply.career && reply.career.id === this.career, `a follow-up should stay on ${this.career}`);
      if (t) ok(reply.progress && reply.progress.answered === t.answered, `a follow-up mid-test should keep progress ${t.answered}`);
    } else if (what === 'start') {
      if (ok(reply.progress, 'the test should start')) {
        ok(reply.progress.answered === (t ? t.answered : 0), `the test should start at ${t ? t.answered : 0}`);
      }
    } else if (what === 'answer') {
      if (t.zone) {
        ok(reply.chart, 'the education answer should bring the results');
      } else if (ok(reply.progress, 'an answer should keep the test open')) {
        const want = extra.counts ? Math.min(t.answered + 1, t.total) : t.answered;
        ok(reply.progress.answered === want, `answered should be ${want}`);
      }
    }
    // The state the session now holds.
    if (reply.career) this.career = reply.career.id;
    if (reply.chart) {
      this.test = null;
      stats.tests_finished++;
      this.career = reply.career ? reply.career.id : undefined; // results may move the context
    } else if (reply.progress && TEST_STEP_INTENTS.test(reply.intent || '')) {
      const q = questionOf(reply.text);
      this.test = {
        answered: reply.progress.answered, total: reply.progress.total, question: q, zone: !q,
        zoneReplies: q ? null : (reply.quick_replies || []).map((r) => r.text),
      };
    } else if (reply.progress && this.test) {
      this.test.answered = reply.progress.answered;
    }
    return true;
  }

  async say(text, what, extra) {
    this.conn.send({ type: 'message', text });
    const t0 = process.hrtime.bigint();
    const { reply, welcome } = await this.conn.answer();
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (welcome) { this.session = welcome.session; stats.sessions_created++; }
    if (reply.type === 'reply') this.saved = true;
    this.absorb(reply, what, { text, ...extra });
    return reply;
  }

  // A new chat: a fresh session, or a resumed one that must be exactly as it was.
  async connect(resume) {
    if (!this.session) resume = false; // after "forget" there is nothing to resume
    this.conn = await Conn.open(this.url);
    this.conn.send(resume ? { type: 'hello', session: this.session } : { type: 'hello' });
    const welcome = await this.conn.next();
    const greeting = await this.conn.next();
    stats.replies++;
    if (welcome.type !== 'welcome' || greeting.type !== 'reply') {
      problem(greeting.type === 'error' ? 'error' : 'violation', `person ${this.id}: hello got ${JSON.stringify([welcome, greeting]).slice(0, 300)}`);
      return;
    }
    if (resume && !this.saved) {
      // Never stored (no message yet): the id starts a fresh session.
      if (welcome.resumed !== false) problem('violation', `person ${this.id}: a session with only a hello came back: ${JSON.stringify(welcome)}`);
      resume = false;
    }
    if (!resume) {
      this.saved = false;
      this.session = welcome.session;
      stats.sessions_created++;
      this.career = null;
      this.test = null;
      return;
    }
    stats.resumes++;
    const lost = checkResumed(`person ${this.id}`, this, welcome, greeting);
    if (lost) {
      // Carry on with whatever the server has now, so one loss is reported once.
      this.session = welcome.session;
      this.career = greeting.career ? greeting.career.id : undefined;
      this.test = null;
      if (greeting.progress) this.absorb(greeting, 'resume');
    } else {
      stats.resumes_ok++;
      if (greeting.progress && TEST_STEP_INTENTS.test(greeting.intent || '')) this.absorb(greeting, 'resume');
    }
  }

  async step() {
    const t = this.test;
    const act = t ? this.pick({
      answer: 60, career: 4, follow: 4, start: 2, drop: 5, inflight: 3, reconnect: 3, forget: 1, leave: 2,
    }) : this.pick({
      career: 30, follow: this.career ? 25 : 0, start: 15, drop: 6, reconnect: 3, forget: 2, leave: 3,
    });
    switch (act) {
      case 'career': {
        const text = [...careerIds.keys()][Math.floor(this.rand() * careerIds.size)];
        stats.career_questions++;
        await this.say(text, 'career');
        break;
      }
      case 'follow':
        stats.follow_ups++;
        await this.say(FOLLOW_UPS[Math.floor(this.rand() * FOLLOW_UPS.length)], 'follow');
        break;
      case 'start':
        stats.tests_started++;
        await this.say(this.rand() < 0.5 ? 'take the career test' : 'Take the career test', 'start');
        break;
      case 'answer': {
        stats.test_answers++;
        if (t.zone) {
          const opts = t.zoneReplies && t.zoneReplies.length ? t.zoneReplies : ["a bachelor's degree"];
          await this.say(opts[Math.floor(this.rand() * opts.length)], 'answer');
        } else if (this.rand() < 0.05 && t.answered + 1 < t.total) {
          await this.say('skip', 'answer', { counts: false });
        } else {
          await this.say(ANSWERS[Math.floor(this.rand() * ANSWERS.length)], 'answer', { counts: true });
        }
        break;
      }
      case 'drop': // an abrupt disconnect between turns: the session must be exactly as it was
        stats.abrupt_disconnects++;
        this.conn.terminate();
        await sleep(Math.floor(this.rand() * 300));
        await this.connect(true);
        break;
      case 'inflight': { // an answer sent and the socket killed at once: counted or not, never half
        if (t.zone) break;
        stats.abrupt_disconnects++;
        stats.in_flight_drops++;
        this.pending = { answered: t.answered, question: t.question };
        this.conn.send({ type: 'message', text: 'love it' });
        this.conn.terminate();
        await sleep(100 + Math.floor(this.rand() * 300));
        await this.connect(true);
        this.pending = null;
        break;
      }
      case 'reconnect':
        stats.clean_reconnects++;
        await this.conn.close();
        await this.connect(true);
        break;
      case 'forget': {
        stats.forgets++;
        const old = this.session;
        if (this.rand() < 0.5) {
          this.conn.send({ type: 'message', text: 'forget me' });
          const { reply } = await this.conn.answer();
          if (reply.type === 'error') problem('error', `person ${this.id} (forget me): ${JSON.stringify(reply)}`);
          else if (reply.action !== 'forget') problem('violation', `person ${this.id}: "forget me" got ${JSON.stringify(reply).slice(0, 200)}`);
        } else {
          this.conn.send({ type: 'forget' });
        }
        const f = await this.conn.next();
        if (f.type !== 'forgotten') problem('violation', `person ${this.id}: forget got ${JSON.stringify(f).slice(0, 200)}`);
        this.forgotten.push(old);
        this.session = null;
        this.saved = false;
        this.career = null;
        this.test = null;
        // Sometimes at once: the forgotten id must start a fresh session now.
        if (this.rand() < 0.5) {
          const probe = await Conn.open(this.url);
          probe.send({ type: 'hello', session: old });
          const w = await probe.next();
          await probe.next();
          stats.replies++;
          stats.forgotten_checked++;
          if (w.resumed !== false || w.session === old) problem('violation', `forgotten session ${old} came back: ${JSON.stringify(w)}`);
          else stats.sessions_created++;
          await probe.close();
        }
        // Carry on here: the next message makes a new session (a welcome comes first).
        break;
      }
      case 'leave': // gone for good; a new person takes the seat
        this.retire();
        await (this.rand() < 0.5 ? this.conn.close() : Promise.resolve(this.conn.terminate()));
        await this.connect(false);
        break;
      default:
        break;
    }
  }

  retire() {
    if (this.session && this.saved && this.retired.length < 4) this.retired.push({ session: this.session, career: this.career, test: this.test && { ...this.test } });
  }

  async run() {
    try {
      await this.connect(false);
      while (Date.now() < this.deadline) {
        await this.think();
        if (Date.now() >= this.deadline) break;
        await this.step();
      }
    } catch (e) {
      problem(/stall/.test(e.message) ? 'stall' : 'violation', `person ${this.id} ${this.session || ''}: ${e.message}`);
    }
    this.retire();
    if (this.conn) {
      if (this.rand() < 0.2) this.conn.terminate(); else await this.conn.close();
    }
  }
}

// A resumed session must be the same one, with the same career or the same test question.
// Returns true when it was lost (or came back wrong).
function checkResumed(who, want, welcome, greeting) {
  const id = want.session;
  if (welcome.resumed !== true || welcome.session !== id) {
    problem('lost', `${who}: session ${id} did not resume: ${JSON.stringify(welcome)}`);
    return true;
  }
  const t = want.test;
  const p = want.pending;
  if (t) {
    const g = greeting.progress;
    let okAns = g && (g.answered === t.answered || (p && g.answered === p.answered + 1 && !t.zone));
    const q = questionOf(greeting.text);
    if (okAns && !t.zone && g.answered === t.answered && q !== t.question) okAns = false;
    if (!okAns) {
      problem('lost', `${who}: session ${id} should resume the test at ${t.answered} answered, question "${t.question}": ${JSON.stringify(greeting).slice(0, 400)}`);
      return true;
    }
  } else if (want.career) {
    if (!greeting.career || greeting.career.id !== want.career) {
      problem('lost', `${who}: session ${id} should resume on ${want.career}: ${JSON.stringify(greeting).slice(0, 300)}`);
      return true;
    }
  }
  return false;
}

async function learnCareers(url) {
  const c = await Conn.open(url);
  c.send({ type: 'hello' });
  await c.next();
  await c.next();
  const map = new Map();
  for (const q of CAREER_QUESTIONS) {
    c.send({ type: 'message', text: q });
    const { reply } = await c.answer();
    if (reply.type === 'reply' && reply.intent === 'career.describe' && reply.career) map.set(q, reply.career.id);
  }
  await c.close();
  return map;
}

// Runs `n` people until `seconds` have passed; samples the server's memory and descriptors.
async function crowd(url, pid, n, seconds, seed, wal) {
  const deadline = Date.now() + seconds * 1000;
  const people = [];
  const peak = { rss: 0, fds: 0, wal: 0 };
  const sampler = setInterval(() => {
    peak.rss = Math.max(peak.rss, rssKib(pid) || 0);
    peak.fds = Math.max(peak.fds, fdCount(pid) || 0);
    peak.wal = Math.max(peak.wal, fileSize(wal));
  }, 500);
  const t0 = Date.now();
  const tracer = TRACE > 0 ? setInterval(() => {
    console.log(`# ${phase} t=${Math.round((Date.now() - t0) / 1000)}s rss_kib=${rssKib(pid)} fds=${fdCount(pid)} wal_mib=${(fileSize(wal) / 1048576).toFixed(1)} connections=${stats.connections} messages=${stats.messages} sessions=${stats.sessions_created} problems=${stats.errors + stats.stalls + stats.server_closes + stats.violations + stats.lost_sessions}`);
  }, TRACE * 1000) : null;
  const runs = [];
  for (let i = 0; i < n; i++) {
    const p = new Person(i, url, rng(seed * 1000003 + i), deadline);
    people.push(p);
    runs.push(p.run());
    if (i % 20 === 19) await sleep(20); // ramp up over a moment rather than all in one tick
  }
  await Promise.all(runs);
  clearInterval(sampler);
  if (tracer) clearInterval(tracer);
  return { people, peak, left: Date.now() };
}

// Waits until the server has at most `target` descriptors; returns ms taken, or null after limitMs.
async function fdsBack(pid, target, since, limitMs) {
  for (;;) {
    const n = fdCount(pid);
    if (n <= target) return { ms: Date.now() - since, fds: n };
    if (Date.now() - since > limitMs) return { ms: null, fds: n };
    await sleep(50);
  }
}

async function settle(pid, target) {
  const since = Date.now();
  const back = await fdsBack(pid, target, since, 5000);
  await sleep(1500); // frees after the closes, a sweep of the allocator's trim
  return back;
}

async function main() {
  const env = {};
  if (asan) {
    const base = process.env.ASAN_OPTIONS || '';
    env.ASAN_OPTIONS = /quarantine_size_mb/.test(base) ? base : `${base}${base ? ':' : ''}quarantine_size_mb=16`;
  }
  const srv = await startServer({ bin, root, env });
  const pid = srv.child.pid;
  // The SQLite file startServer made in a temporary folder: its WAL is watched, the folder removed.
  const db = srv.child.spawnargs[srv.child.spawnargs.indexOf('--db') + 1];
  const wal = `${db}-wal`;
  let exitCode = null;
  const out = { figure: 'soak', build: asan ? 'asan' : 'normal', clients: CLIENTS, seconds: SECONDS, warmup_s: WARMUP, think_ms: THINK, seed: SEED };
  console.log(`# soak: ${CLIENTS} clients, ${WARMUP} s warm-up then ${SECONDS} s, think ${THINK} ms, seed ${SEED}${asan ? ', ASan build' : ''}`);
  try {
    const fdsStart = fdCount(pid);
    const rssStart = rssKib(pid);
    careerIds = await learnCareers(srv.wsUrl);
    check(careerIds.size >= 8, `the server names the careers asked about (${careerIds.size} of ${CAREER_QUESTIONS.length})`);

    // Warm-up: the same crowd for a short while, so caches, the allocator and SQLite reach their
    // working size; then everyone leaves and the level is taken.
    const warm = await crowd(srv.wsUrl, pid, CLIENTS, WARMUP, SEED + 1, wal);
    const fdsWarmPeak = warm.peak.fds;
    // The level after warm-up: once /metrics shows no open chat and the descriptor count has held
    // still for a second (at most 10 s).
    let fdsWarm = fdCount(pid);
    for (let i = 0, still = 0; i < 100 && still < 10; i++) {
      await sleep(100);
      const n = fdCount(pid);
      const open = metric((await get(`${srv.url}/metrics`)).body, 'careerbot_connections');
      still = n === fdsWarm && open === 0 ? still + 1 : 0;
      fdsWarm = n;
    }
    await sleep(1500);
    const rssWarm = rssKib(pid);
    const warmStats = { ...stats };

    // The soak.
    phase = 'soak';
    for (const k of Object.keys(stats)) stats[k] = 0;
    latencies.length = 0;
    const t0 = Date.now();
    const cpu0 = cpuS(pid);
    const soak = await crowd(srv.wsUrl, pid, CLIENTS, SECONDS, SEED, wal);
    const soakMs = Date.now() - t0;
    const cpuSoak = cpuS(pid) - cpu0;
    const back = await settle(pid, fdsWarm);
    const rssAfter = rssKib(pid);
    const fdsAfter = fdCount(pid);
    const walAfter = fileSize(wal);

    phase = 'after';
    const m = (await get(`${srv.url}/metrics`)).body;
    // A normal client, three times: each a new chat, one question, the time to its reply.
    const probes = [];
    for (let i = 0; i < 3; i++) {
      const c = await Conn.open(srv.wsUrl);
      c.send({ type: 'hello' });
      await c.next();
      await c.next();
      const s = process.hrtime.bigint();
      c.send({ type: 'message', text: 'what does a plumber do?' });
      const { reply } = await c.answer();
      probes.push({ ms: Number(process.hrtime.bigint() - s) / 1e6, ok: reply.type === 'reply' && !!reply.career });
      await c.close();
    }
    // Every session left behind (a sample of them) still resumes with its context.
    const left = [];
    for (const p of soak.people) for (const r of p.retired) left.push(r);
    const sample = left.filter((_, i) => i % Math.max(1, Math.ceil(left.length / 200)) === 0);
    for (const want of sample) {
      const c = await Conn.open(srv.wsUrl);
      c.send({ type: 'hello', session: want.session });
      const w = await c.next();
      const g = await c.next();
      if (!checkResumed('after the soak', want, w, g)) stats.final_resumed++;
      await c.close();
    }
    // And no forgotten one does.
    const forgotten = [];
    for (const p of soak.people) forgotten.push(...p.forgotten);
    for (const id of forgotten.slice(0, 50)) {
      const c = await Conn.open(srv.wsUrl);
      c.send({ type: 'hello', session: id });
      const w = await c.next();
      await c.next();
      stats.forgotten_checked++;
      if (w.resumed !== false) problem('violation', `forgotten session ${id} came back after the soak`);
      await c.close();
    }

    latencies.sort((a, b) => a - b);
    const pct = (p) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] * 10) / 10 : null);
    const marginKib = 8 * MiB + Math.round(rssWarm * 0.05) + 2 * stats.sessions_created;
    const probeMs = probes.map((p) => Math.round(p.ms * 10) / 10);
    const median = [...probeMs].sort((a, b) => a - b)[1];
    Object.assign(out, {
      soak_ms: soakMs,
      connections: stats.connections, messages: stats.messages, replies: stats.replies,
      msgs_per_s: Math.round(stats.messages / (soakMs / 1000)), server_cpu_s: Math.round(cpuSoak * 10) / 10,
      errors: stats.errors, stalls: stats.stalls, server_closes: stats.server_closes, violations: stats.violations,
      lost_sessions: stats.lost_sessions, resumes: stats.resumes, resumes_ok: stats.resumes_ok,
      abrupt_disconnects: stats.abrupt_disconnects, in_flight_drops: stats.in_flight_drops,
      clean_reconnects: stats.clean_reconnects, forgets: stats.forgets, forgotten_checked: stats.forgotten_checked,
      sessions_created: stats.sessions_created, career_questions: stats.career_questions, follow_ups: stats.follow_ups,
      tests_started: stats.tests_started, test_answers: stats.test_answers, tests_finished: stats.tests_finished,
      left_sessions_checked: sample.length, left_sessions_resumed: stats.final_resumed,
      latency_ms: { p50: pct(0.5), p99: pct(0.99), max: pct(1) },
      rss_kib: { start: rssStart, warm: rssWarm, peak: soak.peak.rss, after: rssAfter, margin: marginKib, growth: rssAfter - rssWarm },
      fds: { start: fdsStart, warm_peak: fdsWarmPeak, warm: fdsWarm, peak: soak.peak.fds, after: fdsAfter, back_ms: back.ms },
      wal_mib: { peak: Math.round(soak.peak.wal / 104857.6) / 10, after: Math.round(walAfter / 104857.6) / 10 },
      probe_ms: probeMs,
      server: {
        connections_total: metric(m, 'careerbot_connections_total'), messages_total: metric(m, 'careerbot_messages_total'),
        open_connections: metric(m, 'careerbot_connections'), errors_total: metricSum(m, 'careerbot_errors_total'),
        limit_hits: metricSum(m, 'careerbot_limit_hits_total'), store_failures: metric(m, 'careerbot_store_failures_total'),
      },
      warmup: { connections: warmStats.connections, messages: warmStats.messages, errors: warmStats.errors + warmStats.violations + warmStats.lost_sessions + warmStats.stalls + warmStats.server_closes },
    });

    check(stats.messages > CLIENTS * 5 && stats.connections >= CLIENTS, `the crowd chatted (${stats.connections} connections, ${stats.messages} messages)`);
    check(stats.errors === 0, `no error reply to a well-formed message (${stats.errors})`);
    check(stats.stalls === 0, `every message answered within ${REPLY_TIMEOUT} ms (${stats.stalls} not)`);
    check(stats.server_closes === 0, `no chat closed by the server (${stats.server_closes})`);
    check(stats.lost_sessions === 0 && stats.resumes_ok === stats.resumes, `every resumed session came back where it was (${stats.resumes_ok} of ${stats.resumes})`);
    check(stats.violations === 0, `every reply consistent with its session (${stats.violations} not)`);
    check(stats.final_resumed === sample.length, `sessions left behind still resume with their context (${stats.final_resumed} of ${sample.length})`);
    check(stats.resumes > 0 && stats.abrupt_disconnects > 0 && stats.forgets > 0 && (stats.tests_finished > 0 || SECONDS * 1000 < 200 * THINK /* a test takes some 60 steps */),
      `the mix happened (${stats.abrupt_disconnects} abrupt drops, ${stats.forgets} forgets, ${stats.tests_finished} tests finished)`);
    check(out.warmup.errors === 0, `the warm-up went cleanly too (${out.warmup.errors} problems)`);
    check(back.ms !== null, `descriptors back to ${fdsWarm} within 5 s of the last client leaving (${back.ms} ms, ${back.fds} now)`);
    check(rssAfter - rssWarm <= marginKib,
      `memory back near its level after warm-up: ${(rssAfter / MiB).toFixed(1)} MiB after, ${(rssWarm / MiB).toFixed(1)} MiB after warm-up, margin ${(marginKib / MiB).toFixed(1)} MiB`);
    // SQLite's WAL is checkpointed once a second (src/store/sqlite.c), so it should stay at about a
    // second's worth of commits. Checked with --max-wal-mib; otherwise only reported.
    const walPeakMib = soak.peak.wal / 1048576;
    if (MAX_WAL_MIB > 0) check(walPeakMib <= MAX_WAL_MIB, `the SQLite WAL stayed under ${MAX_WAL_MIB} MiB (${walPeakMib.toFixed(1)} MiB at most)`);
    else if (walPeakMib > 64) console.log(`# warning: the SQLite WAL grew to ${walPeakMib.toFixed(1)} MiB: checkpoints are not keeping up or not running`);
    check(out.server.open_connections <= 0, `/metrics shows no open chat (${out.server.open_connections})`);
    check(out.server.errors_total === 0 && out.server.limit_hits === 0 && out.server.store_failures === 0,
      `/metrics counts no errors, limit hits or store failures (${out.server.errors_total}, ${out.server.limit_hits}, ${out.server.store_failures})`);
    check(probes.every((p) => p.ok) && median < 1000, `a normal client is answered within a second (${probeMs.join(', ')} ms)`);
    if (problems.length) console.log(`# problems (first ${problems.length}):\n#   ${problems.join('\n#   ')}`);
  } finally {
    exitCode = await srv.stop();
    if (db && /careerbot-db-/.test(db)) fs.rmSync(require('path').dirname(db), { recursive: true, force: true });
  }
  const err = srv.output().stderr;
  const san = /ERROR: (Address|Leak)Sanitizer|runtime error:/.exec(err);
  check(exitCode === 0 && !san, `the server stopped cleanly on SIGTERM (exit ${exitCode})`, san ? err.slice(Math.max(0, san.index - 200), san.index + 3000) : '');
  out.exit_code = exitCode;
  const line = JSON.stringify(out);
  console.log(line);
  if (JSON_OUT) fs.appendFileSync(JSON_OUT, `${line}\n`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log(`not ok - ${e.stack}`); console.log(`${passed} passed, ${failed + 1} failed`); process.exit(1); });
