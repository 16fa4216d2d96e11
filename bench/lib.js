'use strict';
// Shared by bench/load.js and bench/scale.js: starting the servers under test (careerbot, the
// RiveScript peer, the bare lws echo floor, redis-server), reading a process's CPU time, resident
// memory and open file descriptors from /proc, and percentiles. Every process started here is
// stopped by its PID. Nothing here asserts a time: the callers print figures.
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

// The ws package: the one the tests use (tests/node_modules, installed by scripts/bootstrap), else
// the one ../shared/peers/run.sh installs beside the peers, else whatever NODE_PATH holds.
function requireWs() {
  for (const dir of [path.join(ROOT, 'tests', 'node_modules'), '/tmp/careerbot-peers/node_modules']) {
    try {
      return require(path.join(dir, 'ws'));
    } catch (e) { /* try the next */ }
  }
  return require('ws');
}

const CLK_TCK = 100; // Linux reports utime and stime in USER_HZ, 100 on every architecture we run

// utime + stime of a process (all its threads) and of its live child processes (serve --workers)
// in microseconds, or NaN when it is gone.
function cpuUs(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    let us = (Number(f[11]) + Number(f[12])) * (1e6 / CLK_TCK);
    for (const kid of childPids(pid)) {
      const k = cpuUs(kid);
      if (!Number.isNaN(k)) us += k;
    }
    return us;
  } catch (e) {
    return NaN;
  }
}

// The child processes of pid (from every thread's children list), or [] when unknown.
function childPids(pid) {
  const out = [];
  try {
    for (const t of fs.readdirSync(`/proc/${pid}/task`)) {
      const c = fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim();
      if (c) out.push(...c.split(/\s+/).map(Number));
    }
  } catch (e) { /* gone, or no children file */ }
  return out;
}

// Resident memory in KiB (VmRSS), or NaN.
function rssKib(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch (e) {
    return NaN;
  }
}

// Open file descriptors, or NaN.
function fdCount(pid) {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch (e) {
    return NaN;
  }
}

function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function round(x, d = 1) {
  if (!Number.isFinite(x)) return null;
  const k = 10 ** d;
  return Math.round(x * k) / k;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Spawns cmd and resolves once a line of its stdout matches ready (a regex whose group 1 is the
// port). stderr is drained and its tail kept for the error message.
function spawnReady(cmd, args, ready, { env = {}, timeoutMs = 30000 } = {}) {
  const t0 = process.hrtime.bigint();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} did not start in ${timeoutMs} ms\n${out}\n${err.slice(-2000)}`));
    }, timeoutMs);
    child.stderr.on('data', (d) => { err = (err + d).slice(-4000); });
    child.stdout.on('data', (d) => {
      if (!timer) return;
      out += d;
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        const startMs = Number(process.hrtime.bigint() - t0) / 1e6;
        child.removeAllListeners('exit');
        resolve({ child, pid: child.pid, port: Number(m[1]), startMs, stderr: () => err, stop: () => stopChild(child) });
      }
    });
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited early (code ${code}, signal ${sig})\n${out}\n${err.slice(-2000)}`));
    });
  });
}

// SIGTERM, then SIGKILL after 5 s. Resolves on 'exit' or 'close', or when a poll sees the exit
// status (with redis-server, node was seen to emit only 'close').
function stopChild(child) {
  return new Promise((resolve) => {
    const gone = () => child.exitCode !== null || child.signalCode !== null;
    if (gone()) return resolve(child.exitCode);
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    const poll = setInterval(() => { if (gone()) done(); }, 50);
    const done = () => { clearTimeout(t); clearInterval(poll); resolve(child.exitCode); };
    child.once('exit', done);
    child.once('close', done);
    child.kill('SIGTERM');
  });
}

function tmpDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// careerbot serve on a free port. store: 'sqlite' (the default, a fresh file), 'memory', or a
// redis URL. extra: more options (e.g. ['--onet', DIR]).
async function startCareerbot({ bin, store = 'sqlite', extra = [] }) {
  // One worker unless extra says otherwise (a later --workers wins).
  const args = ['serve', '--listen', '127.0.0.1', '--port', '0', '--workers', '1'];
  let dir = null;
  if (store === 'sqlite') {
    dir = tmpDir('careerbot-bench-db-');
    args.push('--db', path.join(dir, 'sessions.db'));
  } else if (store === 'memory') {
    args.push('--memory-only');
  } else {
    args.push('--redis', store);
  }
  const s = await spawnReady(bin, [...args, ...extra], /listening on http:\/\/[\d.]+:(\d+)\//);
  const stop = s.stop;
  s.stop = async () => {
    await stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  };
  s.wsUrl = `ws://127.0.0.1:${s.port}/chat`;
  return s;
}

// bench_echo; evlib 'libev' or 'libuv' runs lws on that event library instead of its poll() loop.
async function startEcho({ bin, evlib = null }) {
  const s = await spawnReady(bin, ['0', ...(evlib ? [`--${evlib}`] : [])], /listening on http:\/\/[\d.]+:(\d+)\//);
  s.wsUrl = `ws://127.0.0.1:${s.port}/chat`;
  return s;
}

// The RiveScript peer (../shared/peers/rivescript_ws_server.js) with rivescript and ws from
// modules (the scratch folder that ../shared/peers/run.sh installs into).
async function startPeer({ peers, modules }) {
  const port = await freePort();
  const s = await spawnReady(process.execPath, [path.join(peers, 'rivescript_ws_server.js'), String(port)],
    /ready (\d+)/, { env: { NODE_PATH: modules } });
  s.wsUrl = `ws://127.0.0.1:${s.port}/chat`;
  return s;
}

// redis-server on a free port, appendonly with fsync every second (the documented durability),
// in a temporary folder; null when redis-server is not installed.
async function startRedis() {
  const bin = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => fs.existsSync(p));
  if (!bin) return null;
  const port = await freePort();
  const dir = tmpDir('careerbot-bench-redis-');
  const s = await spawnReady(bin, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
    '--appendonly', 'yes', '--appendfsync', 'everysec', '--daemonize', 'no'], /(?:Ready to accept connections)()/);
  s.port = port;
  s.url = `redis://127.0.0.1:${port}`;
  const stop = s.stop;
  s.stop = async () => {
    await stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return s;
}

// The message list: one message a line, blank lines skipped.
function readMessages(file) {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim().length);
  if (!lines.length) throw new Error(`${file}: no messages`);
  return lines;
}

function machine() {
  let cpu = '';
  try {
    const m = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
    cpu = m ? m[1].trim() : '';
  } catch (e) { /* not Linux */ }
  return { nproc: os.cpus().length, cpu, date: new Date().toISOString() };
}

module.exports = {
  ROOT, requireWs, cpuUs, childPids, rssKib, fdCount, percentile, round, freePort, sleep, spawnReady, stopChild,
  startCareerbot, startEcho, startPeer, startRedis, readMessages, machine, tmpDir,
};
