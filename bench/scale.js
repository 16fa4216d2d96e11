'use strict';
// bench/scale.js: scale figures of the issue, each printed as one JSON line.
//   hold     N sessions open at once (default 10,000): each connects and says hello (careerbot
//            creates and stores a session), then for --hold seconds most stay idle while a share
//            (--chatting) sends a message every 0.5-1.5 s; at the end every connection sends one
//            message and must be answered. Prints connections held, answered, errors, the chatting
//            latency, memory per idle connection ((RSS with N open - RSS before) / N) and how long
//            the server's open file descriptors (/proc/PID/fd) take to come back to the count
//            before, once the clients leave.
//            Run against careerbot (default settings, SQLite), then echo and the peer for scale;
//            echo-libev and echo-libuv are the echo floor on lws's epoll event libraries.
//   startup  careerbot serve until it listens, curated careers only and with O*NET (--onet),
//            median of 3.
// The server inherits this process's file limit: raise it first (scripts/bench runs
// `ulimit -n $(ulimit -Hn)`). careerbot's own cap on open chats is raised to fit --conns; its rate
// and per-address limits do not apply to clients on loopback (unless --limit-loopback).
//
// usage: node bench/scale.js [--targets careerbot,echo,peer] [--conns 10000] [--hold 60]
//          [--hold-others 5] [--chatting 0.05] [--onet DIR] [--no-startup] [--careerbot BIN] ...
const path = require('path');
const fs = require('fs');
const L = require('./lib');

const WebSocket = L.requireWs();

function parseArgs(argv) {
  const o = {
    targets: 'careerbot,echo,peer',
    conns: 10000,
    hold: 60,
    holdOthers: 5,
    chatting: 0.05,
    onet: path.join(L.ROOT, '..', 'shared', 'data', 'onet'),
    startup: true,
    messages: null,
    careerbot: path.join(L.ROOT, 'build', 'careerbot'),
    echo: path.join(L.ROOT, 'build', 'bench_echo'),
    peers: path.join(L.ROOT, '..', 'shared', 'peers'),
    peerModules: '/tmp/careerbot-peers/node_modules',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--targets') o.targets = v();
    else if (a === '--conns') o.conns = Number(v());
    else if (a === '--hold') o.hold = Number(v());
    else if (a === '--hold-others') o.holdOthers = Number(v());
    else if (a === '--chatting') o.chatting = Number(v());
    else if (a === '--onet') o.onet = v();
    else if (a === '--no-startup') o.startup = false;
    else if (a === '--messages') o.messages = v();
    else if (a === '--careerbot') o.careerbot = v();
    else if (a === '--echo') o.echo = v();
    else if (a === '--peers') o.peers = v();
    else if (a === '--peer-modules') o.peerModules = v();
    else throw new Error(`unknown option ${a}`);
  }
  if (!o.messages) {
    const mix = path.join(L.ROOT, 'build', 'mix.txt');
    o.messages = fs.existsSync(mix) ? mix : path.join(o.peers, 'inputs.txt');
  }
  return o;
}

function replyType(s) {
  const m = /^\{\s*"type"\s*:\s*"([a-z_]+)"/.exec(s);
  if (m) return m[1];
  try {
    return JSON.parse(s).type;
  } catch (e) {
    return 'unparsable';
  }
}

const PER_SOURCE = 25000;

async function hold(srv, o, messages, holdS) {
  const frames = messages.map((t) => JSON.stringify({ type: 'message', text: t }));
  await L.sleep(300);
  const rss0 = L.rssKib(srv.pid);
  const fd0 = L.fdCount(srv.pid);
  const st = { closed: 0, errors: 0, answered: 0, lat: [] };
  const conns = [];

  function openOne(i) {
    return new Promise((resolve) => {
      // One source address holds about 28,000 ports (ip_local_port_range): past 25,000 connections
      // each further 25,000 come from the next loopback address (127.0.0.2, ...).
      const wopts = { perMessageDeflate: false };
      if (o.conns > PER_SOURCE) wopts.localAddress = `127.0.0.${1 + Math.floor(i / PER_SOURCE)}`;
      const ws = new WebSocket(srv.wsUrl, wopts);
      const c = { ws, i, ready: false, done: false, inflight: [], next: (i * 7919) % frames.length };
      const gone = () => {
        if (c.done) return;
        c.done = true;
        if (!c.leaving) st.closed++;
        if (!c.ready) resolve(c);
      };
      ws.on('error', gone);
      ws.on('close', gone);
      ws.on('open', () => ws.send('{"type":"hello"}'));
      ws.on('message', (data) => {
        const type = replyType(data.toString());
        if (type === 'welcome' || type === 'forgotten') return;
        if (!c.ready) {
          c.ready = true;
          resolve(c);
          return;
        }
        const t0 = c.inflight.shift();
        if (t0 === undefined) return;
        st.answered++;
        st.lat.push(Number(process.hrtime.bigint() - t0) / 1e3);
        if (type === 'error') st.errors++;
      });
    });
  }
  const send = (c) => {
    if (c.done) return;
    c.inflight.push(process.hrtime.bigint());
    c.ws.send(frames[c.next]);
    c.next = (c.next + 1) % frames.length;
  };

  const tc = Date.now();
  for (let i = 0; i < o.conns; i += 250) {
    const batch = [];
    for (let j = i; j < Math.min(o.conns, i + 250); j++) batch.push(openOne(j));
    conns.push(...(await Promise.all(batch)));
  }
  const connectS = (Date.now() - tc) / 1000;
  const live = conns.filter((c) => c.ready && !c.done);
  await L.sleep(500);
  const rss1 = L.rssKib(srv.pid);
  const fd1 = L.fdCount(srv.pid);

  // The hold: a share chats, the rest stays idle.
  const chatters = live.filter((c) => c.i % Math.max(1, Math.round(1 / o.chatting)) === 0);
  const cpu0 = L.cpuUs(srv.pid);
  const th = Date.now();
  const timers = chatters.map((c) => {
    const tick = () => {
      send(c);
      c.timer = setTimeout(tick, 500 + Math.random() * 1000);
    };
    c.timer = setTimeout(tick, Math.random() * 1000);
    return c;
  });
  await L.sleep(holdS * 1000);
  for (const c of timers) clearTimeout(c.timer);
  const drain = Date.now() + 10000;
  while (Date.now() < drain && chatters.some((c) => c.inflight.length && !c.done)) await L.sleep(20);
  const chatTurns = st.answered;
  const chatLat = Float64Array.from(st.lat).sort();
  const heldS = (Date.now() - th) / 1000;
  const stillOpen = live.filter((c) => !c.done).length;

  // Every connection is answered once more at the end.
  const before = st.answered;
  st.lat = [];
  for (const c of live) send(c);
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline && live.some((c) => c.inflight.length && !c.done)) await L.sleep(50);
  const cpu1 = L.cpuUs(srv.pid);
  const finalAnswered = st.answered - before;
  const finalLat = Float64Array.from(st.lat).sort();
  const rss2 = L.rssKib(srv.pid);

  // They leave: how long until the server holds as many descriptors as before they came?
  const tl = process.hrtime.bigint();
  for (const c of conns) {
    c.leaving = true;
    if (!c.done) c.ws.close(1000);
  }
  let fdBackMs = null;
  let fdNow = L.fdCount(srv.pid);
  const fdDeadline = Date.now() + 15000;
  while (Date.now() < fdDeadline) {
    fdNow = L.fdCount(srv.pid);
    if (fdNow <= fd0) {
      fdBackMs = Number(process.hrtime.bigint() - tl) / 1e6;
      break;
    }
    await L.sleep(20);
  }
  for (const c of conns) c.ws.terminate();
  return {
    connections: o.conns,
    connected: live.length,
    connect_s: L.round(connectS, 2),
    held_s: L.round(heldS, 1),
    open_after_hold: stillOpen,
    chatting: chatters.length,
    chat_turns: chatTurns,
    chat_p50_us: L.round(L.percentile(chatLat, 0.5)),
    chat_p99_us: L.round(L.percentile(chatLat, 0.99)),
    final_answered: finalAnswered,
    final_p99_us: L.round(L.percentile(finalLat, 0.99)),
    errors: st.errors + st.closed + (o.conns - live.length) + (live.length - finalAnswered),
    all_answered: finalAnswered === o.conns && st.errors === 0 && st.closed === 0,
    rss_before_mb: L.round(rss0 / 1024),
    rss_open_mb: L.round(rss1 / 1024),
    rss_after_turns_mb: L.round(rss2 / 1024),
    kb_per_idle_connection: L.round((rss1 - rss0) / Math.max(1, live.length), 2),
    kb_per_connection_after_turns: L.round((rss2 - rss0) / Math.max(1, live.length), 2),
    fds_before: fd0,
    fds_open: fd1,
    fds_after: fdNow,
    fds_back_ms: L.round(fdBackMs, 0),
    // Over the hold and the final round, idle connections included: CPU per answered turn.
    server_cpu_us_per_turn_held: L.round((cpu1 - cpu0) / Math.max(1, chatTurns + finalAnswered), 1),
  };
}

async function startup(o) {
  const out = {};
  for (const [key, extra] of [['curated', []], ['onet', ['--onet', o.onet]]]) {
    if (key === 'onet' && !fs.existsSync(o.onet)) continue;
    const t = [];
    let careers = null;
    for (let k = 0; k < 3; k++) {
      const s = await L.startCareerbot({ bin: o.careerbot, store: 'memory', extra });
      t.push(s.startMs);
      try {
        const h = await (await fetch(`http://127.0.0.1:${s.port}/healthz`)).json();
        careers = h.careers;
      } catch (e) { /* the time is what counts */ }
      s.rss = L.rssKib(s.pid);
      out[`${key}_rss_mb`] = L.round(s.rss / 1024);
      await s.stop();
    }
    t.sort((a, b) => a - b);
    out[`${key}_ms`] = L.round(t[1]);
    out[`${key}_careers`] = careers;
  }
  return out;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const messages = L.readMessages(o.messages);
  const lim = (() => {
    try {
      return /Max open files\s+(\d+)/.exec(fs.readFileSync('/proc/self/limits', 'utf8'))[1];
    } catch (e) {
      return null;
    }
  })();
  let failures = 0;
  if (o.startup) console.log(JSON.stringify({ figure: 'startup', ...(await startup(o)) }));
  for (const name of o.targets.split(',').map((t) => t.trim()).filter(Boolean)) {
    let srv;
    try {
      // careerbot caps open chats (--max-connections, 10,000 by default): room for all of ours.
      const cap = ['--max-connections', String(o.conns + 1000)];
      if (name === 'careerbot') srv = await L.startCareerbot({ bin: o.careerbot, extra: cap });
      else if (name === 'careerbot-memory') srv = await L.startCareerbot({ bin: o.careerbot, store: 'memory', extra: cap });
      else if (name === 'echo') srv = await L.startEcho({ bin: o.echo });
      else if (name === 'echo-libev' || name === 'echo-libuv') srv = await L.startEcho({ bin: o.echo, evlib: name.slice(5) });
      else if (name === 'peer') {
        if (!fs.existsSync(path.join(o.peerModules, 'rivescript'))) {
          console.log(JSON.stringify({ figure: 'hold', target: name, skipped: `rivescript is not installed in ${o.peerModules}` }));
          continue;
        }
        srv = await L.startPeer({ peers: o.peers, modules: o.peerModules });
      } else throw new Error(`unknown target ${name}`);
    } catch (e) {
      console.log(JSON.stringify({ figure: 'hold', target: name, error: String(e.message).split('\n')[0] }));
      failures++;
      continue;
    }
    try {
      const holdS = name === 'careerbot' ? o.hold : o.holdOthers;
      const r = await hold(srv, o, messages, holdS);
      console.log(JSON.stringify({ figure: 'hold', target: name, ...r, max_open_files: lim ? Number(lim) : null }));
    } finally {
      await srv.stop();
    }
  }
  finished = true;
  process.exit(failures ? 1 : 0);
}

// A promise that never settles would let node exit quietly with status 0: say so and fail.
let finished = false;
process.on('beforeExit', () => {
  if (!finished) {
    console.error('scale.js: stopped early (nothing left to wait for)');
    process.exitCode = 1;
  }
});

main().then(() => { finished = true; }, (e) => {
  finished = true;
  console.error(`scale.js: ${e.stack || e}`);
  process.exit(1);
});
