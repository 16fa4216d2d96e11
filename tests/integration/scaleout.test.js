'use strict';
// Two careerbot instances share sessions through Redis behind nginx (a WebSocket load balancer):
// half a conversation goes through one instance, that instance is killed, and the conversation
// finishes through the other with its context intact. Then Redis itself goes down: the instance
// keeps answering from memory, /healthz says degraded, and once Redis is back the session is
// written through, so a fresh instance can resume it. nginx connects from 127.0.0.2 and adds the
// client to X-Forwarded-For; the instances trust that address (--trusted-proxy), as the README says.
// Needs redis-server and nginx (Debian packages; scripts/bootstrap installs them).
// usage: node scaleout.test.js CAREERBOT REPO_ROOT
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

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// Starts a program and waits until its output matches ready (or it has been up for waitMs).
function startProcess(cmd, args, ready, waitMs = 10000) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const done = () => { clearTimeout(t); resolve(child); };
    const t = setTimeout(() => (ready ? reject(new Error(`${cmd} did not start: ${out}`)) : done()), waitMs);
    const onData = (d) => { out += d; if (ready && ready.test(out)) done(); };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => { clearTimeout(t); reject(e); });
    child.on('exit', (code) => { clearTimeout(t); reject(new Error(`${cmd} exited (${code}): ${out}`)); });
  });
}

function stop(child, signal = 'SIGTERM') {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
    setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 5000);
  });
}

async function health(port) {
  return (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
}

async function waitFor(fn, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return true;
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  for (const tool of ['redis-server', 'nginx']) {
    try { execFileSync('sh', ['-c', `command -v ${tool}`]); } catch {
      check(false, `${tool} is installed (scripts/bootstrap installs it)`);
      return;
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-scale-'));
  fs.chmodSync(dir, 0o755);
  const redisPort = await freePort();
  const lbPort = await freePort();
  const redisArgs = ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--dir', dir, '--daemonize', 'no'];
  let redis = null;
  let nginx = null;
  const servers = [];
  try {
    redis = await startProcess('redis-server', redisArgs, /Ready to accept connections/);
    const url = `redis://127.0.0.1:${redisPort}`;
    const proxied = ['--redis', url, '--keep-unanswered', '--trusted-proxy', '127.0.0.2', '--metrics-token', 'scale-token'];
    for (let i = 0; i < 2; i++) servers.push(await startServer({ bin, root, args: proxied }));
    const [a, b] = servers;
    fs.writeFileSync(path.join(dir, 'nginx.conf'), `
worker_processes 1;
error_log ${dir}/nginx-error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream careerbot {
    server 127.0.0.1:${a.port} max_fails=1 fail_timeout=30s;
    server 127.0.0.1:${b.port} max_fails=1 fail_timeout=30s;
  }
  map $http_upgrade $connection_upgrade { default upgrade; '' close; }
  server {
    listen 127.0.0.1:${lbPort};
    location / {
      proxy_pass http://careerbot;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_bind 127.0.0.2;
      proxy_read_timeout 3600s;
      proxy_next_upstream error timeout;
    }
  }
}
`);
    nginx = await startProcess('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], null, 800);
    const lb = `ws://127.0.0.1:${lbPort}/chat`;
    check((await health(a.port)).store.kind === 'redis', 'the instances keep sessions in redis');
    const lbHttp = `http://127.0.0.1:${lbPort}`;
    const m = await fetch(`${lbHttp}/metrics`);
    check(m.status === 403, '/metrics through the proxy needs the token', String(m.status));
    const mt = await fetch(`${lbHttp}/metrics`, { headers: { Authorization: 'Bearer scale-token' } });
    check(mt.status === 200 && /careerbot_connections/.test(await mt.text()), '/metrics through the proxy with the token', String(mt.status));

    // Half the conversation through whichever instance nginx picks.
    let c = await Chat.open(lb);
    const { welcome } = await c.hello();
    const session = welcome.session;
    let r = await c.say('What does an ML engineer do?');
    check(r.career && r.career.id === 'machine-learning-engineer', 'turn 1 through the load balancer');
    r = await c.say('what types of data scientists are there?');
    check(r.intent === 'career.specialisations' && r.career.id === 'data-scientist', 'turn 2 through the load balancer');
    await c.close();
    const served = (await health(a.port)).messages > 0 ? a : b;
    const other = served === a ? b : a;
    check((await health(other.port)).messages === 0, 'one instance served the first half');

    // Kill that instance; the rest goes through the other one, with every turn's context intact.
    served.child.kill('SIGKILL');
    await new Promise((res) => served.child.once('exit', res));
    c = await Chat.open(lb);
    const resumed = await c.hello(session);
    check(resumed.welcome.resumed === true && resumed.welcome.session === session, 'the session resumes on the other instance',
      JSON.stringify(resumed.welcome));
    check(/data scientist/i.test(resumed.reply.text), 'the welcome back names the last career', resumed.reply.text);
    r = await c.say('what about AI research scientists?');
    check(r.intent === 'career.specialisations' && r.career.id === 'ai-research-scientist', 'the topic carried across instances',
      JSON.stringify({ intent: r.intent, career: r.career }));
    check((await health(other.port)).messages >= 1, 'the surviving instance served the second half');

    // Redis goes down: the chat goes on from memory, and /healthz says so.
    await stop(redis, 'SIGKILL');
    redis = null;
    r = await c.say('where do they work?');
    check(r.type === 'reply' && r.career && r.career.id === 'ai-research-scientist', 'the chat answers while redis is down',
      JSON.stringify(r));
    let h = await health(other.port);
    check(h.status === 'degraded' && h.store.ok === false && !JSON.stringify(h).includes(String(redisPort)),
      '/healthz reports the failing store (without its address)', JSON.stringify(h));
    await c.close();

    // Redis comes back (empty): the session written while it was down is written through.
    redis = await startProcess('redis-server', redisArgs, /Ready to accept connections/);
    const back = await waitFor(async () => (await health(other.port)).store.ok === true, 15000);
    check(back, '/healthz is ok again once redis is back');
    const fresh = await startServer({ bin, root, args: proxied });
    servers.push(fresh);
    c = await Chat.open(fresh.wsUrl);
    const again = await c.hello(session);
    check(again.welcome.resumed === true, 'a new instance resumes the session after redis came back', JSON.stringify(again.welcome));
    r = await c.say('what about data engineers?');
    check(r.intent === 'career.workplace' && r.career && r.career.id === 'data-engineer',
      'the turn answered while redis was down was written through', JSON.stringify({ intent: r.intent, career: r.career }));
    await c.close();
    // Questions nothing understood are tallied in redis, for both instances together.
    for (const [i, inst] of [other, fresh].entries()) {
      const q = await Chat.open(inst.wsUrl);
      await q.hello();
      const f = await q.say('Blorp the flibbertigibbet');
      check(f.intent === 'chat.fallback', `instance ${i + 1}: a message nothing understands falls back`, f.intent);
      await q.close();
    }
    const rep = require('child_process').execFileSync(bin, ['report', '--redis', url], { encoding: 'utf8' });
    check(/^\s+2\s+blorp the flibbertigibbet$/m.test(rep), 'careerbot report --redis tallies both instances', rep);
  } finally {
    for (const s of servers) await s.stop().catch(() => {});
    await stop(nginx);
    await stop(redis);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { failed++; console.log(`not ok - ${e.stack}`); })
  .finally(() => { console.log(`${passed} passed, ${failed} failed`); process.exit(failed ? 1 : 0); });
