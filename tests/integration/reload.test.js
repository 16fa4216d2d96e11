'use strict';
// SIGHUP reloads intents and content while chats stay open: a conversation goes on over the same
// socket, with its context, on the new data; a broken file is logged with file:line and the data
// loaded before keeps answering. Messages nothing understood are counted, kept with
// --keep-unanswered, and listed by `careerbot report`.
// usage: node reload.test.js CAREERBOT REPO_ROOT
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { execFileSync } = require('child_process');
const { startServer } = require('../lib/server');
const { Chat } = require('../lib/chat');

const [bin, root] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log(`ok - ${what}`); } else { failed++; console.log(`not ok - ${what}${detail ? `\n    ${detail}` : ''}`); }
}

function health(url) {
  return new Promise((resolve, reject) => {
    http.get(`${url}/healthz`, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve(JSON.parse(body)));
    }).on('error', reject);
  });
}

async function until(what, fn, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return true;
    if (Date.now() > end) { check(false, what, 'timed out'); return false; }
    await new Promise((r) => setTimeout(r, 50));
  }
}

const PROBE = 'sing me the careerbot song';
const probeIntent = {
  intents: [{
    id: 'zz.reload_probe', priority: 99, keywords: ['careerbot song'],
    patterns: ['\\bcareerbot song\\b'], responses: ['La la la, careers for everyone!'],
  }],
};

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-reload-'));
  fs.cpSync(path.join(root, 'intents'), path.join(dir, 'intents'), { recursive: true });
  fs.cpSync(path.join(root, 'content'), path.join(dir, 'content'), { recursive: true });
  const db = path.join(dir, 'sessions.db');
  const srv = await startServer({
    bin, root,
    args: ['--intents', path.join(dir, 'intents'), '--content', path.join(dir, 'content'), '--db', db,
      '--keep-unanswered'],
  });
  try {
    const c = await Chat.open(srv.wsUrl);
    await c.hello();
    let r = await c.say('what does a nurse do?');
    check(r.intent === 'career.describe' && r.career && r.career.id === 'registered-nurse', 'before the reload: a nurse is described',
      JSON.stringify(r).slice(0, 200));
    r = await c.say(PROBE);
    check(r.intent === 'chat.fallback', 'before the reload: the probe is not understood', r.intent);
    r = await c.say(PROBE.toUpperCase() + '  ');
    check(r.intent === 'chat.fallback', 'the same question again, in capitals', r.intent);

    fs.writeFileSync(path.join(dir, 'intents', 'zz-reload.json'), JSON.stringify(probeIntent, null, 2));
    process.kill(srv.child.pid, 'SIGHUP');
    await until('the server reports one reload on /healthz', async () => (await health(srv.url)).reloads === 1);
    r = await c.say(PROBE);
    check(r.intent === 'zz.reload_probe' && /La la la/.test(r.text), 'after the reload, the same socket gets the new intent',
      JSON.stringify(r).slice(0, 200));
    r = await c.say('and the skills?');
    check(r.intent === 'career.skills' && r.career && r.career.id === 'registered-nurse',
      'the conversation kept its context across the reload', JSON.stringify(r).slice(0, 200));

    fs.writeFileSync(path.join(dir, 'intents', 'zz-broken.json'), '{"intents": [\n  {"id": "broken", "patterns": [\n');
    process.kill(srv.child.pid, 'SIGHUP');
    await until('a failed reload is logged with file:line', async () =>
      /zz-broken\.json:\d+/.test(srv.output().stderr) && /event=reload_failed/.test(srv.output().stderr));
    r = await c.say(PROBE);
    check(r.intent === 'zz.reload_probe', 'after a broken reload the data loaded before still answers', r.intent);
    const h = await health(srv.url);
    check(h.reloads === 1, 'the failed reload did not count', JSON.stringify(h));
    check(h.fallbacks === 2, '/healthz counts the two messages nothing understood', JSON.stringify(h));
    check(h.connections === 1, 'the chat stayed open through both reloads', JSON.stringify(h));
    await c.close();
  } finally {
    await srv.stop();
  }
  const out = execFileSync(bin, ['report', '--db', db], { encoding: 'utf8' });
  check(/^\s+2\s+sing me the careerbot song$/m.test(out), 'careerbot report lists the unanswered question with its count', out);
  const none = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-none-'));
  let missing = '';
  try { execFileSync(bin, ['report', '--db', path.join(none, 'x.db')], { encoding: 'utf8', stdio: 'pipe' }); } catch (e) { missing = String(e.stderr); }
  check(/has careerbot serve run with this --db/.test(missing), 'report explains a missing database', missing);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => { console.log(`not ok - ${e.stack}`); process.exit(1); });
