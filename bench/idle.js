'use strict';
// bench/idle.js: memory per idle chat with many chats open (issue 20, point 2: 50,000 idle chats
// held under 16 KB each). Prints one JSON line (figure "idle").
//
// careerbot serve (SQLite, as users run it) takes --conns chats that each connect and say hello
// (the server creates and stores a session) and then stay silent. Memory per idle chat is the
// growth of the resident memory of every careerbot process (the parent and its workers) divided
// by the chats held, read once all are open.
//
// One process can hold no more descriptors than the hard limit (`ulimit -Hn`; 20,000 on the
// machines here, and raising it needs CAP_SYS_RESOURCE), so more chats than that are spread:
// over enough workers (serve --workers, SO_REUSEPORT shares them out) on the server's side, and
// over enough client processes on this side, each from its own loopback address (one source
// address has about 28,000 ports). The chosen split is printed with the figure.
//
// usage: node bench/idle.js [--conns 50000] [--workers N] [--careerbot BIN]
const path = require('path');
const fs = require('fs');
const { spawn } = require('child_process');
const L = require('./lib');

const WebSocket = L.requireWs();

function hardLimit() {
  try {
    return Number(/Max open files\s+\d+\s+(\d+)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'))[1]);
  } catch (e) {
    return 1024;
  }
}

// A client process: opens n chats from source address addr, says hello on each, reports
// "ready <held> <failed>" and keeps them open until its standard input closes.
async function child(url, n, addr) {
  let held = 0;
  let failed = 0;
  const why = {};
  const socks = [];
  const openOne = () =>
    new Promise((resolve) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, localAddress: addr, handshakeTimeout: 60000 });
      let settled = false;
      const done = (ok) => {
        if (settled) return;
        settled = true;
        if (ok) held++;
        else failed++;
        resolve();
      };
      // A chat that opened but was never welcomed counts as not held.
      const quiet = setTimeout(() => {
        why['no welcome in 60 s'] = (why['no welcome in 60 s'] || 0) + 1;
        done(false);
      }, 60000);
      ws.on('open', () => ws.send('{"type":"hello"}'));
      ws.on('message', () => clearTimeout(quiet));
      ws.on('message', () => done(true));
      ws.on('error', (e) => {
        why[e.code || e.message] = (why[e.code || e.message] || 0) + 1;
        done(false);
      });
      ws.on('close', (code) => {
        why[`close ${code}`] = (why[`close ${code}`] || 0) + 1;
        done(false);
      });
      socks.push(ws);
    });
  let shown = Date.now();
  for (let i = 0; i < n; i += 250) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 250); j++) batch.push(openOne());
    await Promise.all(batch);
    if (Date.now() - shown > 10000) {
      process.stderr.write(`idle.js client ${addr}: ${held} held, ${failed} not, of ${n}\n`);
      shown = Date.now();
    }
  }
  if (failed) process.stderr.write(`idle.js client ${addr}: ${failed} chats not held: ${JSON.stringify(why)}\n`);
  process.stdout.write(`ready ${held} ${failed}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    for (const ws of socks) ws.terminate();
    process.exit(0);
  });
}

function parseArgs(argv) {
  const o = { conns: 50000, workers: 0, careerbot: path.join(L.ROOT, 'build', 'careerbot') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--conns') o.conns = Number(v());
    else if (a === '--workers') o.workers = Number(v());
    else if (a === '--careerbot') o.careerbot = v();
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

function serverRssKib(pid) {
  return [pid, ...L.childPids(pid)].reduce((sum, p) => sum + (L.rssKib(p) || 0), 0);
}

// Starts the client processes and resolves with their reports once every one is ready.
function startClients(url, conns, perClient) {
  const kids = [];
  const reports = [];
  for (let k = 0, left = conns; left > 0; k++, left -= perClient) {
    const n = Math.min(perClient, left);
    const kid = spawn(process.execPath, [__filename, '--child', url, String(n), `127.0.0.${2 + k}`], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    kids.push(kid);
    reports.push(
      new Promise((resolve) => {
        let out = '';
        kid.stdout.on('data', (d) => {
          out += d;
          const m = /ready (\d+) (\d+)/.exec(out);
          if (m) resolve({ held: Number(m[1]), failed: Number(m[2]) });
        });
        kid.on('exit', () => resolve({ held: 0, failed: n }));
      }),
    );
  }
  return { kids, ready: Promise.all(reports) };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const limit = hardLimit();
  const room = Math.max(100, limit - 500); // descriptors a process may give to chats
  const workers = o.workers || Math.max(1, Math.ceil((o.conns * 1.1) / room));
  const perClient = Math.min(room, 25000);
  const srv = await L.startCareerbot({
    bin: o.careerbot,
    // The cap on open chats is each worker's: room for its share and more (SO_REUSEPORT shares by a
    // hash of the addresses, not exactly evenly), within its descriptors.
    extra: ['--workers', String(workers), '--max-connections', String(Math.min(limit - 200, Math.ceil((o.conns * 1.3) / workers)))],
  });
  let result;
  try {
    await L.sleep(1000);
    const rss0 = serverRssKib(srv.pid);
    const t0 = Date.now();
    const { kids, ready } = startClients(srv.wsUrl, o.conns, perClient);
    const reports = await ready;
    const openS = (Date.now() - t0) / 1000;
    await L.sleep(1000);
    const rss1 = serverRssKib(srv.pid);
    const held = reports.reduce((s, r) => s + r.held, 0);
    const perWorker = L.childPids(srv.pid).map((p) => L.fdCount(p));
    result = {
      figure: 'idle',
      target: 'careerbot',
      connections: o.conns,
      held,
      failed: reports.reduce((s, r) => s + r.failed, 0),
      open_s: L.round(openS, 1),
      workers,
      client_processes: kids.length,
      descriptor_limit: limit,
      worker_descriptors: perWorker,
      rss_before_mb: L.round(rss0 / 1024),
      rss_open_mb: L.round(rss1 / 1024),
      kb_per_idle_connection: held ? L.round((rss1 - rss0) / held, 2) : null,
    };
    for (const kid of kids) kid.stdin.end();
  } finally {
    await srv.stop();
  }
  console.log(JSON.stringify(result));
}

if (process.argv[2] === '--child') {
  child(process.argv[3], Number(process.argv[4]), process.argv[5]);
} else {
  main().catch((e) => {
    console.log(JSON.stringify({ figure: 'idle', target: 'careerbot', error: String(e.message) }));
    process.exitCode = 1;
  });
}
