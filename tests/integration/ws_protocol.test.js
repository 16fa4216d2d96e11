'use strict';
// The chat protocol over a real socket: hello and welcome, messages, every kind of malformed input
// (each answered with an error while the connection stays usable), the size cap (close 1009, also
// when fragmented), invalid UTF-8 (close 1007), resuming sessions, concurrent clients, the HTTP
// side (/, /widget.js, /healthz, 404) and upgrades on the wrong path.
// usage: node ws_protocol.test.js CAREERBOT REPO_ROOT
const WebSocket = require('ws');
const { startServer } = require('../lib/server');
const { Chat } = require('../lib/chat');

const [bin, root] = process.argv.slice(2);
const CAP = 8192;
let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log(`ok - ${what}`); } else { failed++; console.log(`not ok - ${what}${detail ? `\n    ${detail}` : ''}`); }
}

// Runs one check with its own timeout, so a hang fails clearly.
async function step(name, fn, ms = 10000) {
  let timer;
  try {
    await Promise.race([fn(), new Promise((_, rej) => { timer = setTimeout(() => rej(new Error('timed out')), ms); })]);
  } catch (e) {
    check(false, name, e.message);
  } finally {
    clearTimeout(timer);
  }
}

function closeCode(ws) {
  return new Promise((resolve) => ws.on('close', (code) => resolve(code)));
}

async function main() {
  const srv = await startServer({ bin, root, args: ['--max-message', String(CAP)] });
  try {
    await step('hello gets a welcome with a 32-hex session and a greeting', async () => {
      const c = await Chat.open(srv.wsUrl);
      const { welcome, reply } = await c.hello();
      check(welcome.type === 'welcome' && /^[0-9a-f]{32}$/.test(welcome.session) && welcome.resumed === false,
        'welcome: a new 32-hex session, not resumed', JSON.stringify(welcome));
      check(reply.type === 'reply' && reply.text.length > 0 && Array.isArray(reply.quick_replies), 'a greeting reply follows', JSON.stringify(reply));
      await c.close();
    });

    await step('a message without hello gets a welcome, then the reply', async () => {
      const c = await Chat.open(srv.wsUrl);
      c.ws.send(JSON.stringify({ type: 'message', text: 'what does an ML engineer do?' }));
      const w = await c.next();
      const r = await c.next();
      check(w.type === 'welcome', 'a session is made for a message without hello', JSON.stringify(w));
      check(r.type === 'reply' && r.career && r.career.id === 'machine-learning-engineer' && /Deploy/.test(r.text) &&
        r.intent === 'career.describe', 'the ML engineer answer, with career and intent', JSON.stringify(r).slice(0, 200));
      check(r.quick_replies.every((q) => typeof q.label === 'string' && typeof q.text === 'string'), 'quick replies have label and text');
      await c.close();
    });

    // Every malformed input: an error with a code and a message, then a good message still works.
    const bad = [
      ['not JSON', 'hello there', 'bad_json'],
      ['JSON with trailing garbage', '{"type":"message","text":"hi"} x', 'bad_json'],
      ['an array', '[1,2]', 'not_object'],
      ['a string', '"text"', 'not_object'],
      ['no type', '{"text":"hi"}', 'unknown_type'],
      ['an unknown type', '{"type":"shout","text":"hi"}', 'unknown_type'],
      ['text missing', '{"type":"message"}', 'missing_text'],
      ['text not a string', '{"type":"message","text":5}', 'missing_text'],
      ['empty text', '{"type":"message","text":""}', 'empty_text'],
      ['blank text', '{"type":"message","text":"   "}', 'empty_text'],
      ['text of 2001 bytes', JSON.stringify({ type: 'message', text: 'a'.repeat(2001) }), 'text_too_long'],
    ];
    await step('malformed inputs', async () => {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      for (const [what, frame, code] of bad) {
        c.ws.send(frame);
        const e = await c.next();
        check(e.type === 'error' && e.code === code && typeof e.message === 'string' && e.message.length > 10,
          `${what} → error ${code}`, JSON.stringify(e));
        const r = await c.say('what does a data scientist do?');
        check(r.type === 'reply' && r.career && r.career.id === 'data-scientist', `after ${what}, the connection still answers`, JSON.stringify(r).slice(0, 120));
      }
      c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
      const e = await c.next();
      check(e.type === 'error' && e.code === 'binary_frame', 'a binary frame → error binary_frame', JSON.stringify(e));
      const r = await c.say('thanks');
      check(r.type === 'reply', 'after a binary frame, the connection still answers');
      const exact = await c.say('b'.repeat(2000));
      check(exact.type === 'reply', 'text of exactly 2000 bytes is answered', JSON.stringify(exact).slice(0, 100));
      await c.close();
    });

    await step('a message over the cap closes with 1009', async () => {
      const ws = new WebSocket(srv.wsUrl);
      await new Promise((r) => ws.on('open', r));
      const closed = closeCode(ws);
      ws.send(JSON.stringify({ type: 'message', text: 'x'.repeat(CAP + 100) }));
      check(await closed === 1009, 'one oversize frame → close 1009');
    });

    await step('a fragmented message over the cap closes with 1009', async () => {
      const ws = new WebSocket(srv.wsUrl);
      await new Promise((r) => ws.on('open', r));
      const closed = closeCode(ws);
      const chunk = 'y'.repeat(3000);
      ws.send('{"type":"message","text":"' + chunk, { fin: false });
      ws.send(chunk, { fin: false });
      ws.send(chunk, { fin: false });
      ws.send(chunk + '"}', { fin: true });
      check(await closed === 1009, 'fragments adding up past the cap → close 1009');
    });

    await step('a fragmented message under the cap is answered', async () => {
      const c = await Chat.open(srv.wsUrl);
      const json = JSON.stringify({ type: 'message', text: 'tell me about robotics engineers' });
      c.ws.send(json.slice(0, 10), { fin: false });
      c.ws.send(json.slice(10, 30), { fin: false });
      c.ws.send(json.slice(30), { fin: true });
      const w = await c.next();
      const r = await c.next();
      check(w.type === 'welcome' && r.career && r.career.id === 'robotics-engineer', 'three fragments make one message', JSON.stringify(r).slice(0, 120));
      await c.close();
    });

    await step('invalid UTF-8 closes with 1007', async () => {
      const ws = new WebSocket(srv.wsUrl);
      await new Promise((r) => ws.on('open', r));
      const closed = closeCode(ws);
      ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
      check(await closed === 1007, 'a text frame with invalid UTF-8 → close 1007');
    });

    await step('valid multi-byte UTF-8 is answered', async () => {
      const c = await Chat.open(srv.wsUrl);
      await c.hello();
      const r = await c.say('Qué hace un ingeniero? 🤖');
      check(r.type === 'reply' && r.text.length > 0, 'accents and emoji are fine', JSON.stringify(r).slice(0, 100));
      await c.close();
    });

    await step('sessions resume, and unknown or malformed ids start afresh', async () => {
      let c = await Chat.open(srv.wsUrl);
      const { welcome } = await c.hello();
      await c.say('what does an ML engineer do?');
      await c.close();
      c = await Chat.open(srv.wsUrl);
      const again = await c.hello(welcome.session);
      check(again.welcome.session === welcome.session && again.welcome.resumed === true, 'the same id resumes', JSON.stringify(again.welcome));
      const r = await c.say("what's their workplace like?");
      check(r.career && r.career.id === 'machine-learning-engineer' && r.intent === 'career.workplace', 'the context carries across connections', JSON.stringify(r).slice(0, 120));
      await c.close();
      for (const [what, id] of [['an unknown id', 'f'.repeat(32)], ['a path', '../etc/passwd'], ['a long string', 'a'.repeat(5000)], ['a number', 12345]]) {
        c = await Chat.open(srv.wsUrl);
        c.ws.send(JSON.stringify({ type: 'hello', session: id }));
        const w = await c.next();
        const g = await c.next();
        check(w.type === 'welcome' && w.resumed === false && /^[0-9a-f]{32}$/.test(w.session) && w.session !== id && w.session !== welcome.session,
          `${what} gets a fresh session`, JSON.stringify(w).slice(0, 120));
        check(g.type === 'reply' && !/welcome back/i.test(g.text), `${what}: a plain greeting, nothing about other sessions`);
        await c.close();
      }
    });

    await step('20 concurrent clients each get their own session and answers', async () => {
      const careers = ['data-engineer', 'data-scientist', 'software-engineer', 'robotics-engineer', 'prompt-engineer'];
      const names = ['data engineers', 'data scientists', 'software engineers', 'robotics engineers', 'prompt engineers'];
      const clients = await Promise.all(Array.from({ length: 20 }, () => Chat.open(srv.wsUrl)));
      const hellos = await Promise.all(clients.map((c) => c.hello()));
      const ids = new Set(hellos.map((h) => h.welcome.session));
      check(ids.size === 20, '20 distinct sessions');
      const replies = await Promise.all(clients.map((c, i) => c.say(`tell me about ${names[i % 5]}`)));
      check(replies.every((r, i) => r.career && r.career.id === careers[i % 5]), 'each client got its own answer');
      const follow = await Promise.all(clients.map((c) => c.say('where do they work?')));
      check(follow.every((r, i) => r.career && r.career.id === careers[i % 5]), 'each session kept its own context');
      await Promise.all(clients.map((c) => c.close()));
    }, 20000);

    await step('HTTP: /, /widget.js, /healthz, 404', async () => {
      let r = await fetch(srv.url + '/');
      check(r.status === 200 && /text\/html/.test(r.headers.get('content-type')), 'GET / → 200 text/html');
      r = await fetch(srv.url + '/widget.js');
      check(r.status === 200 && /javascript/.test(r.headers.get('content-type')), 'GET /widget.js → 200 JavaScript');
      r = await fetch(srv.url + '/healthz');
      const h = await r.json();
      check(r.status === 200 && /application\/json/.test(r.headers.get('content-type')) && h.status === 'ok' && h.careers > 0,
        'GET /healthz → 200 JSON, status ok', JSON.stringify(h));
      r = await fetch(srv.url + '/nope.html');
      check(r.status === 404, 'GET /nope.html → 404', String(r.status));
      r = await fetch(srv.url + '/../../etc/passwd');
      check(r.status === 404, 'a path outside the web folder → 404', String(r.status));
    });

    await step('an upgrade on another path is refused', async () => {
      const ws = new WebSocket(srv.url.replace('http', 'ws') + '/other');
      const outcome = await new Promise((resolve) => {
        ws.on('open', () => resolve('open'));
        ws.on('error', () => resolve('refused'));
        ws.on('close', () => resolve('refused'));
      });
      check(outcome === 'refused', 'ws://.../other is refused', outcome);
    });
  } finally {
    await srv.stop();
  }
}

main().catch((e) => { failed++; console.log(`not ok - ${e.stack}`); })
  .finally(() => { console.log(`${passed} passed, ${failed} failed`); process.exit(failed ? 1 : 0); });
