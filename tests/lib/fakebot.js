'use strict';
// A stand-in careerbot server for browser tests that need replies the real engine never sends:
// it serves the real web/widget.js and a page under a strict CSP with Trusted Types, and answers
// on /chat: welcome and `greeting` to hello, and to each message whatever reply(text) returns
// (an object to send, or null to drop the connection without answering).
//
//   const bot = await fakeBot({ root, greeting: {...}, reply: (text) => ({ type: 'reply', text }) });
//   bot.url ('http://127.0.0.1:PORT/'), await bot.close();
const fs = require('fs');
const http = require('http');
const path = require('path');
const { WebSocketServer } = require('ws');

function fakeBot({ root, greeting, reply }) {
  const widget = fs.readFileSync(path.join(root, 'web', 'widget.js'), 'utf8');
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/widget.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(widget);
    }
    if (req.url === '/') {
      const origin = `127.0.0.1:${server.address().port}`;
      res.writeHead(200, { 'content-type': 'text/html',
        'content-security-policy': `default-src 'self'; script-src 'self'; connect-src ws://${origin}; style-src 'self'; ` +
          "img-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'" });
      return res.end('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fake</title></head><body>' +
        '<h1>Fake</h1><script src="/widget.js" data-open="true"></script></body></html>');
    }
    res.writeHead(req.url === '/favicon.ico' ? 204 : 404);
    res.end();
  });
  const wss = new WebSocketServer({ server, path: '/chat' });
  let hellos = 0;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type === 'hello') {
        ws.send(JSON.stringify({ type: 'welcome', session: 'f'.repeat(32), resumed: hellos++ > 0 }));
        ws.send(JSON.stringify(greeting));
      } else if (m.type === 'message') {
        const r = reply(m.text);
        if (r) ws.send(JSON.stringify(r)); else ws.terminate();
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((r) => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      if (server.closeAllConnections) server.closeAllConnections();
      server.close(() => r());
    }),
  })));
}

module.exports = { fakeBot };
