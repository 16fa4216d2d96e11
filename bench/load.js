'use strict';
// bench/load.js: a closed-loop WebSocket load generator. N connections each keep a window of W
// messages in flight (a reply lets the next message go); it reports turns/s, p50/p99/p99.9
// latency, errors, and the server's CPU microseconds per turn (utime+stime of the server's PID
// from /proc over the measured interval, after a warm-up).
//
// In one invocation and with the same client it runs against each target it is given:
//   careerbot         careerbot serve with its default settings (SQLite store on, a fresh file)
//   careerbot-memory  the same with --memory-only          (the store's cost is the difference)
//   careerbot-redis   the same with --redis and a redis-server started here on a free port
//                     (its CPU is added to careerbot's, and shown on its own as
//                     of_which_helper_cpu_us_per_turn; skipped when redis-server is not installed)
//   peer              the RiveScript peer server of ../shared/peers speaking our protocol
//   echo              bench_echo, a bare libwebsockets echo server (the floor)
//   echo-libev/-libuv the same on lws's libev or libuv event loop (epoll) instead of poll()
// and it prints one JSON line per run, then one line with the ratios of the targets.
//
// usage: node bench/load.js [--targets careerbot,peer,echo] [--runs 50x4,10x1] [--seconds 8]
//          [--warmup 2] [--messages FILE] [--careerbot BIN] [--echo BIN] [--peers DIR]
//          [--peer-modules DIR] [--url ws://HOST:PORT/chat --pid PID] [--check]
// --runs is a list of CONNECTIONSxWINDOW. --url and --pid load a server that is already running.
// Asserts nothing about times; exits non-zero when a target could not be run at all, and with
// --check (the ctest smoke run) also when a run answered nothing, had errors or lacks a figure.
const path = require('path');
const fs = require('fs');
const L = require('./lib');

const WebSocket = L.requireWs();

function parseArgs(argv) {
  const o = {
    targets: 'careerbot,peer,echo',
    runs: '50x4,10x1',
    seconds: 8,
    warmup: 2,
    messages: null,
    careerbot: path.join(L.ROOT, 'build', 'careerbot'),
    echo: path.join(L.ROOT, 'build', 'bench_echo'),
    peers: path.join(L.ROOT, '..', 'shared', 'peers'),
    peerModules: '/tmp/careerbot-peers/node_modules',
    url: null,
    pid: null,
    extra: [],
    check: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--targets') o.targets = v();
    else if (a === '--runs') o.runs = v();
    else if (a === '--seconds') o.seconds = Number(v());
    else if (a === '--warmup') o.warmup = Number(v());
    else if (a === '--messages') o.messages = v();
    else if (a === '--careerbot') o.careerbot = v();
    else if (a === '--echo') o.echo = v();
    else if (a === '--peers') o.peers = v();
    else if (a === '--peer-modules') o.peerModules = v();
    else if (a === '--url') o.url = v();
    else if (a === '--pid') o.pid = Number(v());
    else if (a === '--careerbot-arg') o.extra.push(v());
    else if (a === '--check') o.check = true;
    else throw new Error(`unknown option ${a}`);
  }
  if (!o.messages) {
    const mix = path.join(L.ROOT, 'build', 'mix.txt');
    o.messages = fs.existsSync(mix) ? mix : path.join(o.peers, 'inputs.txt');
  }
  o.runs = o.runs.split(',').map((r) => {
    const m = /^(\d+)x(\d+)$/.exec(r.trim());
    if (!m) throw new Error(`--runs: "${r}" is not CONNECTIONSxWINDOW`);
    return { conns: Number(m[1]), window: Number(m[2]) };
  });
  return o;
}

// The type of a reply, read from its start (careerbot, the peer and the echo of our own message
// all put "type" first); JSON.parse only when that fails.
function replyType(s) {
  const m = /^\{\s*"type"\s*:\s*"([a-z_]+)"/.exec(s);
  if (m) return m[1];
  try {
    return JSON.parse(s).type;
  } catch (e) {
    return 'unparsable';
  }
}

// One closed-loop run. pids: the server's processes whose CPU counts (careerbot, or careerbot and
// redis-server). Every connection first says hello and waits for one answer (careerbot: welcome +
// greeting; the peer: an error, since it knows no hello; echo: the echo), outside the measurement.
async function runLoad({ url, pids, messages, conns, window, warmupMs, measureMs }) {
  const frames = messages.map((t) => JSON.stringify({ type: 'message', text: t }));
  const state = { measuring: false, sending: false, answered: 0, errors: 0, closed: 0, lat: [], sent: 0 };
  const sockets = [];

  function openOne(i) {
    return new Promise((resolve) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      const c = { ws, i, next: (i * 7919) % frames.length, inflight: [], ready: false, done: false };
      const fail = () => {
        if (!c.done) {
          c.done = true;
          state.closed++;
          if (!c.ready) resolve(c);
        }
      };
      ws.on('error', fail);
      ws.on('close', fail);
      ws.on('open', () => ws.send('{"type":"hello"}'));
      ws.on('message', (data) => {
        const type = replyType(data.toString());
        if (type === 'welcome' || type === 'forgotten') return; // not answers to a message
        if (!c.ready) {
          c.ready = true;
          resolve(c);
          return;
        }
        const t0 = c.inflight.shift();
        if (t0 === undefined) return;
        if (state.measuring) {
          state.answered++;
          state.lat.push(Number(process.hrtime.bigint() - t0) / 1e3);
          if (type === 'error') state.errors++;
        }
        if (state.sending) send(c);
      });
    });
  }

  function send(c) {
    c.inflight.push(process.hrtime.bigint());
    c.ws.send(frames[c.next]);
    c.next = (c.next + 1) % frames.length;
    state.sent++;
  }

  // Connect in batches so the handshakes do not all queue at once.
  for (let i = 0; i < conns; i += 100) {
    const batch = [];
    for (let j = i; j < Math.min(conns, i + 100); j++) batch.push(openOne(j));
    sockets.push(...(await Promise.all(batch)));
  }
  const live = sockets.filter((c) => c.ready && !c.done);
  const closedAtStart = state.closed;
  state.sending = true;
  for (const c of live) for (let k = 0; k < window; k++) send(c);
  await L.sleep(warmupMs);
  state.measuring = true;
  const cpu0 = pids.map(L.cpuUs);
  const client0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await L.sleep(measureMs);
  const elapsedS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = pids.map(L.cpuUs);
  const client1 = process.cpuUsage(client0);
  state.measuring = false;
  state.sending = false;
  const rss = pids.map(L.rssKib);
  // Let what is in flight arrive, then count what never did.
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && live.some((c) => c.inflight.length && !c.done)) await L.sleep(20);
  const unanswered = live.reduce((n, c) => n + (c.done ? 0 : c.inflight.length), 0);
  const droppedDuring = state.closed - closedAtStart;
  for (const c of sockets) c.ws.terminate();

  const lat = Float64Array.from(state.lat).sort();
  const serverUs = cpu1.reduce((s, v, k) => s + (v - cpu0[k]), 0);
  const helperUs = serverUs - (cpu1[0] - cpu0[0]); // redis-server's share, when there is one
  return {
    connections: conns,
    window,
    connected: live.length,
    seconds: L.round(elapsedS, 2),
    turns: state.answered,
    turns_per_s: Math.round(state.answered / elapsedS),
    p50_us: L.round(L.percentile(lat, 0.5)),
    p99_us: L.round(L.percentile(lat, 0.99)),
    p999_us: L.round(L.percentile(lat, 0.999)),
    max_us: L.round(lat.length ? lat[lat.length - 1] : NaN),
    errors: state.errors + unanswered + droppedDuring + (conns - live.length),
    error_replies: state.errors,
    unanswered,
    dropped: droppedDuring + (conns - live.length),
    server_cpu_us_per_turn: L.round(serverUs / Math.max(1, state.answered), 2),
    ...(pids.length > 1 ? { of_which_helper_cpu_us_per_turn: L.round(helperUs / Math.max(1, state.answered), 2) } : {}),
    server_cpu_share: L.round(serverUs / 1e6 / elapsedS, 2),
    client_cpu_share: L.round((client1.user + client1.system) / 1e6 / elapsedS, 2),
    server_rss_mb: L.round(rss.reduce((s, v) => s + v, 0) / 1024),
  };
}

async function startTarget(name, o) {
  if (name === 'careerbot') return { srv: await L.startCareerbot({ bin: o.careerbot, extra: o.extra }) };
  if (name === 'careerbot-memory') return { srv: await L.startCareerbot({ bin: o.careerbot, store: 'memory', extra: o.extra }) };
  if (name === 'careerbot-redis') {
    const redis = await L.startRedis();
    if (!redis) return { skip: 'redis-server is not installed' };
    try {
      return { srv: await L.startCareerbot({ bin: o.careerbot, store: redis.url, extra: o.extra }), helper: redis };
    } catch (e) {
      await redis.stop();
      throw e;
    }
  }
  if (name === 'peer') {
    if (!fs.existsSync(path.join(o.peerModules, 'rivescript')) || !fs.existsSync(path.join(o.peerModules, 'ws')))
      return { skip: `rivescript and ws are not installed in ${o.peerModules} (run ${o.peers}/run.sh once)` };
    return { srv: await L.startPeer({ peers: o.peers, modules: o.peerModules }) };
  }
  if (name === 'echo') return { srv: await L.startEcho({ bin: o.echo }) };
  if (name === 'echo-libev' || name === 'echo-libuv') return { srv: await L.startEcho({ bin: o.echo, evlib: name.slice(5) }) };
  throw new Error(`unknown target ${name}`);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const messages = L.readMessages(o.messages);
  const common = { messages: path.relative(L.ROOT, path.resolve(o.messages)), n_messages: messages.length };
  const results = {};
  let failures = 0;
  const targets = o.url ? ['external'] : o.targets.split(',').map((t) => t.trim()).filter(Boolean);
  for (const name of targets) {
    let started = null;
    try {
      started = o.url ? { srv: { wsUrl: o.url, pid: o.pid, stop: async () => {} } } : await startTarget(name, o);
    } catch (e) {
      console.log(JSON.stringify({ figure: 'load', target: name, error: String(e.message).split('\n')[0] }));
      failures++;
      continue;
    }
    if (started.skip) {
      console.log(JSON.stringify({ figure: 'load', target: name, skipped: started.skip }));
      continue;
    }
    const { srv, helper } = started;
    const pids = [srv.pid, ...(helper ? [helper.pid] : [])].filter(Boolean);
    try {
      for (const run of o.runs) {
        const r = await runLoad({ url: srv.wsUrl, pids, messages, conns: run.conns, window: run.window,
          warmupMs: o.warmup * 1000, measureMs: o.seconds * 1000 });
        results[`${name}/${run.conns}x${run.window}`] = r;
        console.log(JSON.stringify({ figure: 'load', target: name, ...r, ...common }));
        const missing = ['turns_per_s', 'p50_us', 'p99_us', 'p999_us', 'server_cpu_us_per_turn'].filter((k) => r[k] === null);
        if (o.check && (r.turns === 0 || r.errors !== 0 || missing.length)) {
          console.log(`load.js --check: ${name} ${run.conns}x${run.window}: ${r.turns} turns, ${r.errors} errors` +
            (missing.length ? `, no ${missing.join(', ')}` : ''));
          failures++;
        }
      }
    } finally {
      await srv.stop();
      if (helper) await helper.stop();
    }
  }

  // The ratios of the targets, from the first run (the throughput run) of each target and
  // the p99 of the run with 10 connections.
  const first = `${o.runs[0].conns}x${o.runs[0].window}`;
  const cpu = (t) => (results[`${t}/${first}`] || {}).server_cpu_us_per_turn;
  const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? L.round(a / b, 2) : null);
  const ten = o.runs.find((r) => r.conns === 10);
  const p99At10 = ten ? (results[`careerbot/10x${ten.window}`] || {}).p99_us : undefined;
  if (!o.url) {
    console.log(JSON.stringify({
      figure: 'load_ratios',
      run: first,
      careerbot_cpu_us_per_turn: cpu('careerbot') ?? null,
      echo_cpu_us_per_turn: cpu('echo') ?? null,
      peer_cpu_us_per_turn: cpu('peer') ?? null,
      careerbot_vs_echo: ratio(cpu('careerbot'), cpu('echo')),
      careerbot_vs_peer: ratio(cpu('careerbot'), cpu('peer')),
      target_vs_echo: '<= 2',
      target_vs_peer: '<= 0.125',
      careerbot_p99_us_at_10_connections: p99At10 ?? null,
      peer_p99_us_at_10_connections: ten ? ((results[`peer/10x${ten.window}`] || {}).p99_us ?? null) : null,
      echo_p99_us_at_10_connections: ten ? ((results[`echo/10x${ten.window}`] || {}).p99_us ?? null) : null,
      target_p99_us_at_10_connections: '< 2000',
      store_sqlite_us_per_turn: cpu('careerbot-memory') !== undefined && cpu('careerbot') !== undefined
        ? L.round(cpu('careerbot') - cpu('careerbot-memory'), 2) : null,
      store_redis_us_per_turn: cpu('careerbot-memory') !== undefined && cpu('careerbot-redis') !== undefined
        ? L.round(cpu('careerbot-redis') - cpu('careerbot-memory'), 2) : null,
      answer_us_per_turn: cpu('careerbot-memory') !== undefined && cpu('echo') !== undefined
        ? L.round(cpu('careerbot-memory') - cpu('echo'), 2) : null,
      ...L.machine(),
    }));
  }
  finished = true;
  process.exit(failures ? 1 : 0);
}

// A promise that never settles would let node exit quietly with status 0: say so and fail.
let finished = false;
process.on('beforeExit', () => {
  if (!finished) {
    console.error('load.js: stopped early (nothing left to wait for)');
    process.exitCode = 1;
  }
});

main().then(() => { finished = true; }, (e) => {
  finished = true;
  console.error(`load.js: ${e.stack || e}`);
  process.exit(1);
});
