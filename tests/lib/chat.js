'use strict';
// A small promise-based chat client for tests: one WebSocket, messages read in order.
//
//   const c = await Chat.open(wsUrl);
//   const welcome = await c.hello(sessionId);      // → {welcome, reply}
//   const reply = await c.say('what does an ML engineer do?');
//   await c.close();
const WebSocket = require('ws');

class Chat {
  constructor(ws) {
    this.ws = ws;
    this.queue = [];
    this.waiters = [];
    this.closed = null;
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data));
      const w = this.waiters.shift();
      if (w) w.resolve(msg); else this.queue.push(msg);
    });
    ws.on('close', (code) => {
      this.closed = code;
      for (const w of this.waiters.splice(0)) w.reject(new Error(`closed (${code})`));
    });
    ws.on('error', () => {});
  }

  static open(url, timeoutMs = 5000) {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const t = setTimeout(() => { ws.terminate(); reject(new Error('connect timeout')); }, timeoutMs);
      ws.once('open', () => { clearTimeout(t); resolve(new Chat(ws)); });
      ws.once('error', (e) => { clearTimeout(t); reject(e); });
    });
  }

  next(timeoutMs = 5000) {
    if (this.queue.length) return Promise.resolve(this.queue.shift());
    if (this.closed !== null) return Promise.reject(new Error(`closed (${this.closed})`));
    return new Promise((resolve, reject) => {
      const w = { resolve, reject };
      const t = setTimeout(() => {
        const i = this.waiters.indexOf(w);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error('no message within timeout'));
      }, timeoutMs);
      w.resolve = (m) => { clearTimeout(t); resolve(m); };
      w.reject = (e) => { clearTimeout(t); reject(e); };
      this.waiters.push(w);
    });
  }

  async hello(session) {
    this.ws.send(JSON.stringify(session ? { type: 'hello', session } : { type: 'hello' }));
    const welcome = await this.next();
    const reply = await this.next();
    return { welcome, reply };
  }

  async say(text) {
    this.ws.send(JSON.stringify({ type: 'message', text }));
    return this.next();
  }

  close() {
    return new Promise((resolve) => {
      if (this.closed !== null) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
      setTimeout(() => { this.ws.terminate(); resolve(); }, 2000);
    });
  }
}

module.exports = { Chat };
