'use strict';
// Sessions survive kill -9: a conversation is interrupted at random points by SIGKILL, the server
// is started again on the same SQLite file, and the client resumes with its session id. Every
// turn answered before each kill must still be there (the career and topic it set, the turn
// count). Also: unknown ids start fresh, "forget" deletes, and a restart of a clean stop keeps all.
// usage: node sessions.test.js CAREERBOT REPO_ROOT
const fs = require('fs');
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

// A seeded generator, so a failure can be replayed: SEED=... node sessions.test.js
let seed = Number(process.env.SEED || Date.now() % 100000);
function rand(n) { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; }

// Questions that each set the session's career and topic, with what they must set.
const turns = [
  ['What does an ML engineer do?', 'machine-learning-engineer', 'career.describe', 'ML engineers'],
  ['what types of data scientists are there?', 'data-scientist', 'career.specialisations', 'data scientists'],
  ['where do software engineers work?', 'software-engineer', 'career.workplace', 'software engineers'],
  ['what are other names for robotics engineers?', 'robotics-engineer', 'career.other_names', 'robotics engineers'],
  ['which careers are related to data engineers?', 'data-engineer', 'career.related', 'data engineers'],
  ['what skills does a prompt engineer need?', 'prompt-engineer', 'career.skills', 'prompt engineers'],
];

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-kill-'));
  const db = path.join(dir, 'sessions.db');
  let srv = await startServer({ bin, root, args: ['--db', db] });
  const port = srv.port;
  let session = null;
  let answered = 0;
  let last = null;
  try {
    const kills = 3;
    for (let k = 0; k < kills; k++) {
      const c = await Chat.open(srv.wsUrl);
      const { welcome, reply } = await c.hello(session);
      if (session) {
        check(welcome.session === session && welcome.resumed === true, `after kill ${k}: the session resumes`, JSON.stringify(welcome));
        check(/welcome back/i.test(reply.text), `after kill ${k}: the greeting says welcome back`, reply.text);
        // The context of the last answered turn is there: "what about X" keeps its topic.
        const r = await c.say('what about AI research scientists?');
        check(r.intent === last[2] && r.career && r.career.id === 'ai-research-scientist',
          `after kill ${k}: the topic of turn ${answered} (${last[2]}) carried over`, JSON.stringify({ intent: r.intent, career: r.career }));
        const back = await c.say(`tell me about ${last[3]}`);
        check(back.career && back.career.id === last[1], `after kill ${k}: the careers are still known`, JSON.stringify(back.career));
      }
      session = welcome.session;
      // A random number of turns, then SIGKILL, sometimes while a reply is in flight.
      const n = 1 + rand(turns.length);
      for (let i = 0; i < n; i++) {
        last = turns[rand(turns.length)];
        const r = await c.say(last[0]);
        if (r.career && r.career.id === last[1]) answered++;
        else check(false, `"${last[0]}" is answered about ${last[1]}`, JSON.stringify(r));
      }
      const inflight = rand(2) === 1;
      if (inflight) c.ws.send(JSON.stringify({ type: 'message', text: 'thanks' }));
      srv.child.kill('SIGKILL');
      await new Promise((r) => srv.child.once('exit', r));
      await c.close();
      srv = await startServer({ bin, root, args: ['--db', db, '--port', String(port)] });
    }
    check(answered > 0, `${answered} turns answered across ${kills} kills`);

    // Health reports the SQLite store.
    const health = await (await fetch(`${srv.url}/healthz`)).json();
    check(health.store && health.store.kind === 'sqlite' && health.store.ok === true && health.sessions >= 1,
      '/healthz reports the sqlite store and its sessions', JSON.stringify(health));

    // An unknown but well-formed id starts a fresh session, and says nothing about others.
    let c = await Chat.open(srv.wsUrl);
    let h = await c.hello('0'.repeat(32));
    check(h.welcome.resumed === false && h.welcome.session !== '0'.repeat(32) && h.welcome.session !== session,
      'an unknown id gets a fresh session', JSON.stringify(h.welcome));
    await c.close();

    // "forget me" deletes the session at once: the id no longer resumes.
    c = await Chat.open(srv.wsUrl);
    h = await c.hello(session);
    check(h.welcome.resumed === true, 'the session resumes before forget');
    const f = await c.say('forget me');
    const gone = f.type === 'forgotten' ? f : await c.next();
    check(gone.type === 'forgotten', '"forget me" answers and then confirms with forgotten', JSON.stringify(f));
    await c.close();
    c = await Chat.open(srv.wsUrl);
    h = await c.hello(session);
    check(h.welcome.resumed === false && h.welcome.session !== session, 'a forgotten session does not resume', JSON.stringify(h.welcome));
    // The protocol's own forget message works too.
    const mine = h.welcome.session;
    c.ws.send(JSON.stringify({ type: 'forget' }));
    const fm = await c.next();
    check(fm.type === 'forgotten', '{"type":"forget"} is confirmed', JSON.stringify(fm));
    await c.close();
    c = await Chat.open(srv.wsUrl);
    h = await c.hello(mine);
    check(h.welcome.resumed === false, 'a session forgotten by message does not resume either');
    await c.close();
  } finally {
    await srv.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { failed++; console.log(`not ok - ${e.stack}`); })
  .finally(() => { console.log(`${passed} passed, ${failed} failed (SEED=${process.env.SEED || 'random'})`); process.exit(failed ? 1 : 0); });
