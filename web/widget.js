/*
 * careerbot widget: a career-advisor chat for any web page, in one script tag.
 *
 *   <script src="https://HOST/widget.js" async></script>
 *
 * Options, as data attributes on that tag: data-server (where the chat server is; default: where
 * this script came from), data-open="true" (open at once), data-title (header text).
 *
 * Everything lives in a shadow root styled by a constructable stylesheet: host-page CSS cannot
 * reach in, and the widget needs no inline script or style, so a strict Content-Security-Policy
 * works. Bot text is built into DOM nodes with textContent (a small markdown subset: paragraphs,
 * "- " lists, **bold**); it is never parsed as HTML. The session id is kept in localStorage and
 * sent with "hello" on every connection, so a reload or a reconnect resumes the conversation.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var data = (script && script.dataset) || {};
  var STORE_KEY = 'careerbot.session';
  var MAX_BACKOFF = 15000;

  function serverBase() {
    if (data.server) return data.server;
    if (script && script.src) return new URL(script.src, location.href).origin;
    return location.origin;
  }

  function chatUrl(base) {
    var u = new URL('/chat', base);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    return u.toString();
  }

  var CSS = [
    ':host { all: initial; }',
    '.cb { --cb-primary: #1f5fbf; --cb-bg: #ffffff; --cb-fg: #1b1f24; --cb-muted: #5b6470; --cb-bot: #eef2f7;',
    '  --cb-user: var(--cb-primary); --cb-radius: 14px;',
    '  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--cb-fg); }',
    '.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 999px;',
    '  background: var(--cb-primary); color: #fff; padding: 12px 18px; font: inherit; font-weight: 600; cursor: pointer;',
    '  box-shadow: 0 4px 14px rgba(0,0,0,.25); }',
    '.launcher:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }',
    '.panel { position: fixed; right: 20px; bottom: 80px; z-index: 2147483000; width: 380px; max-width: calc(100vw - 24px);',
    '  height: 560px; max-height: calc(100vh - 100px); display: flex; flex-direction: column; background: var(--cb-bg);',
    '  border-radius: var(--cb-radius); box-shadow: 0 10px 40px rgba(0,0,0,.28); overflow: hidden; }',
    '.panel[hidden] { display: none; }',
    'header { display: flex; align-items: center; gap: 8px; padding: 10px 12px; background: var(--cb-primary); color: #fff; }',
    'header h2 { flex: 1; margin: 0; font-size: 16px; }',
    'header button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.6); border-radius: 8px;',
    '  padding: 4px 8px; font: inherit; font-size: 13px; cursor: pointer; }',
    '.status { font-size: 12px; color: var(--cb-muted); padding: 4px 12px; min-height: 16px; }',
    '.log { flex: 1; overflow-y: auto; padding: 8px 12px; display: flex; flex-direction: column; gap: 8px; }',
    '.msg { max-width: 88%; padding: 8px 12px; border-radius: 12px; word-wrap: break-word; }',
    '.msg p { margin: 0 0 6px; } .msg p:last-child { margin-bottom: 0; }',
    '.msg ul { margin: 4px 0 6px; padding-left: 20px; } .msg li { margin: 2px 0; }',
    '.bot { align-self: flex-start; background: var(--cb-bot); }',
    '.user { align-self: flex-end; background: var(--cb-user); color: #fff; }',
    '.note { align-self: center; font-size: 12px; color: var(--cb-muted); }',
    '.typing { align-self: flex-start; color: var(--cb-muted); font-size: 13px; }',
    '.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }',
    '.quick { display: flex; flex-wrap: wrap; gap: 6px; padding: 6px 12px; }',
    '.quick button { border: 1px solid var(--cb-primary); color: var(--cb-primary); background: #fff; border-radius: 999px;',
    '  padding: 5px 10px; font: inherit; font-size: 13px; cursor: pointer; }',
    '.quick button:disabled { opacity: .5; cursor: default; }',
    '.progress { padding: 4px 12px 0; font-size: 12px; color: var(--cb-muted); }',
    '.progress[hidden] { display: none; }',
    '.progress progress { width: 100%; height: 8px; }',
    '.chart { margin: 6px 0; padding: 0; list-style: none; }',
    '.chart li { display: grid; grid-template-columns: 96px 1fr 40px; align-items: center; gap: 6px; font-size: 12px; }',
    '.bar { height: 10px; background: #d6dde8; border-radius: 5px; overflow: hidden; }',
    '.bar span { display: block; height: 100%; background: var(--cb-primary); }',
    'form { display: flex; gap: 6px; padding: 10px 12px; border-top: 1px solid #e3e7ee; }',
    'input { flex: 1; min-width: 0; border: 1px solid #c5ccd6; border-radius: 10px; padding: 8px 10px; font: inherit; }',
    'form button { border: 0; border-radius: 10px; background: var(--cb-primary); color: #fff; padding: 8px 14px; font: inherit; cursor: pointer; }',
    '.credit { font-size: 11px; color: var(--cb-muted); padding: 0 12px 8px; }',
    '@media (max-width: 480px) { .panel { right: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100%; max-height: 100%; border-radius: 0; } }'
  ].join('\n');

  var TYPE_NAMES = { R: 'Realistic', I: 'Investigative', A: 'Artistic', S: 'Social', E: 'Enterprising', C: 'Conventional' };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* "Some **bold** words" as text and <strong> nodes. */
  function inline(parent, text) {
    var parts = text.split('**');
    parts.forEach(function (part, i) {
      if (!part) return;
      if (i % 2 === 1) parent.appendChild(el('strong', null, part));
      else parent.appendChild(document.createTextNode(part));
    });
  }

  /* The markdown subset of bot replies, as DOM nodes: paragraphs, "- " lists, **bold**. */
  function renderText(parent, text) {
    var list = null;
    var para = null;
    text.split('\n').forEach(function (line) {
      if (line.indexOf('- ') === 0) {
        if (!list) { list = el('ul'); parent.appendChild(list); }
        var li = el('li');
        inline(li, line.slice(2));
        list.appendChild(li);
        para = null;
      } else if (line.trim() === '') {
        list = null;
        para = null;
      } else {
        list = null;
        if (!para) { para = el('p'); parent.appendChild(para); } else { para.appendChild(el('br')); }
        inline(para, line);
      }
    });
  }

  function Widget() {
    this.server = serverBase();
    this.ws = null;
    this.ready = false;
    this.queue = [];
    this.backoff = 500;
    this.timer = null;
    this.build();
    this.connect();
    if (data.open === 'true') this.open();
  }

  Widget.prototype.build = function () {
    var host = el('div', { 'data-careerbot': '' });
    (document.body || document.documentElement).appendChild(host);
    var root = host.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.appendChild(el('style', null, CSS)); /* older browsers: needs style-src to allow it */
    }
    var wrap = el('div', { 'class': 'cb' });
    this.launcher = el('button', { 'class': 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-label': 'Open career chat', part: 'launcher' }, 'Career chat');
    var title = data.title || 'Career advisor';
    this.panel = el('section', { 'class': 'panel', role: 'dialog', 'aria-label': title, part: 'panel' });
    this.panel.hidden = true;
    var header = el('header');
    header.appendChild(el('h2', null, title));
    this.forgetBtn = el('button', { type: 'button', title: 'Delete this conversation and start afresh' }, 'Forget me');
    this.closeBtn = el('button', { type: 'button', 'aria-label': 'Close chat' }, 'Close');
    header.appendChild(this.forgetBtn);
    header.appendChild(this.closeBtn);
    this.status = el('div', { 'class': 'status', role: 'status', 'aria-live': 'polite' });
    this.progress = el('div', { 'class': 'progress' });
    this.progress.hidden = true;
    this.progressLabel = el('div');
    this.progressBar = el('progress', { max: '1', value: '0', 'aria-label': 'Career test progress' });
    this.progress.appendChild(this.progressLabel);
    this.progress.appendChild(this.progressBar);
    this.log = el('div', { 'class': 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
    this.quick = el('div', { 'class': 'quick', role: 'group', 'aria-label': 'Suggested replies' });
    var form = el('form');
    this.input = el('input', { type: 'text', 'aria-label': 'Message', placeholder: 'Ask about a career…', maxlength: '2000', autocomplete: 'off' });
    this.sendBtn = el('button', { type: 'submit' }, 'Send');
    form.appendChild(this.input);
    form.appendChild(this.sendBtn);
    this.credit = el('div', { 'class': 'credit' });
    this.panel.appendChild(header);
    this.panel.appendChild(this.status);
    this.panel.appendChild(this.progress);
    this.panel.appendChild(this.log);
    this.panel.appendChild(this.quick);
    this.panel.appendChild(form);
    this.panel.appendChild(this.credit);
    wrap.appendChild(this.launcher);
    wrap.appendChild(this.panel);
    root.appendChild(wrap);

    var self = this;
    this.launcher.addEventListener('click', function () { self.panel.hidden ? self.open() : self.close(); });
    this.closeBtn.addEventListener('click', function () { self.close(); });
    this.forgetBtn.addEventListener('click', function () { self.forget(); });
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var text = self.input.value.trim();
      if (!text) return;
      self.input.value = '';
      self.send(text);
    });
    window.addEventListener('online', function () { self.reconnectNow(); });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') self.reconnectNow();
    });
  };

  Widget.prototype.open = function () {
    this.panel.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.launcher.setAttribute('aria-label', 'Close career chat');
    this.input.focus();
  };

  Widget.prototype.close = function () {
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', 'Open career chat');
    this.launcher.focus();
  };

  Widget.prototype.setStatus = function (text) { this.status.textContent = text; };

  Widget.prototype.session = function (value) {
    try {
      if (value === null) localStorage.removeItem(STORE_KEY);
      else if (value) localStorage.setItem(STORE_KEY, value);
      return localStorage.getItem(STORE_KEY);
    } catch (e) {
      return null; /* storage blocked: the chat still works, without resume */
    }
  };

  Widget.prototype.connect = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = null;
    this.ready = false;
    this.setStatus('Connecting…');
    var ws;
    try { ws = new WebSocket(chatUrl(this.server)); } catch (e) { this.retry(); return; }
    this.ws = ws;
    ws.onopen = function () {
      var sid = self.session();
      ws.send(JSON.stringify(sid ? { type: 'hello', session: sid } : { type: 'hello' }));
    };
    ws.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      self.receive(msg);
    };
    ws.onclose = function () {
      if (self.ws !== ws) return;
      self.ready = false;
      self.hideTyping();
      self.retry();
    };
    ws.onerror = function () { /* onclose follows */ };
  };

  /* Exponential backoff with jitter, so a restarted server is not hit by every client at once. */
  Widget.prototype.retry = function () {
    var self = this;
    var delay = Math.min(this.backoff, MAX_BACKOFF) * (0.5 + Math.random());
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF);
    this.setStatus('Connection lost. Reconnecting…');
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.connect(); }, delay);
  };

  Widget.prototype.reconnectNow = function () {
    if (this.ws && (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING)) return;
    this.backoff = 500;
    this.connect();
  };

  Widget.prototype.receive = function (msg) {
    if (msg.type === 'welcome') {
      var resumed = msg.resumed === true;
      this.session(msg.session);
      this.ready = true;
      this.backoff = 500;
      this.setStatus('');
      if (resumed && this.log.childNodes.length) this.skipGreeting = true;
      /* Messages typed while offline go out once, in order. */
      var pending = this.queue.splice(0);
      for (var i = 0; i < pending.length; i++) this.ws.send(JSON.stringify({ type: 'message', text: pending[i] }));
      return;
    }
    if (msg.type === 'reply') {
      if (this.skipGreeting) { this.skipGreeting = false; return; } /* the conversation is already on screen */
      this.hideTyping();
      this.addBot(msg);
      return;
    }
    if (msg.type === 'forgotten') {
      this.session(null);
      this.log.textContent = '';
      this.clearQuick();
      this.progress.hidden = true;
      this.addNote('This conversation has been deleted.');
      return;
    }
    if (msg.type === 'error') {
      this.hideTyping();
      this.addNote(msg.message || 'Something went wrong.');
    }
  };

  Widget.prototype.addNote = function (text) {
    this.log.appendChild(el('div', { 'class': 'note' }, text));
    this.log.scrollTop = this.log.scrollHeight;
  };

  Widget.prototype.addUser = function (text) {
    this.log.appendChild(el('div', { 'class': 'msg user' }, text));
    this.log.scrollTop = this.log.scrollHeight;
  };

  Widget.prototype.addBot = function (msg) {
    var box = el('div', { 'class': 'msg bot' });
    box.appendChild(el('span', { 'class': 'sr' }, 'Career advisor: '));
    renderText(box, String(msg.text || ''));
    if (msg.chart) box.appendChild(this.chart(msg.chart));
    this.log.appendChild(box);
    this.log.scrollTop = this.log.scrollHeight;
    this.showQuick(msg.quick_replies || []);
    this.showProgress(msg.progress);
    if (msg.intent && /^\d\d-\d{4}\.\d\d$/.test((msg.career && msg.career.id) || '')) {
      this.credit.textContent = 'Career data: O*NET (CC BY 4.0)';
    }
  };

  /* The six interest scores as bars, each with its number in text for screen readers. */
  Widget.prototype.chart = function (scores) {
    var list = el('ul', { 'class': 'chart', 'aria-label': 'Your interest scores, out of 40' });
    Object.keys(TYPE_NAMES).map(function (k) { return [k, Number(scores[k]) || 0]; })
      .sort(function (a, b) { return b[1] - a[1]; })
      .forEach(function (p) {
        var li = el('li');
        li.appendChild(el('span', null, TYPE_NAMES[p[0]]));
        var bar = el('span', { 'class': 'bar', 'aria-hidden': 'true' });
        var fill = el('span');
        fill.style.width = Math.max(0, Math.min(100, p[1] * 2.5)) + '%';
        bar.appendChild(fill);
        li.appendChild(bar);
        li.appendChild(el('span', null, p[1] + '/40'));
        list.appendChild(li);
      });
    return list;
  };

  Widget.prototype.showProgress = function (p) {
    if (!p || !p.total) { this.progress.hidden = true; return; }
    this.progress.hidden = false;
    this.progressLabel.textContent = 'Career test: ' + p.answered + ' of ' + p.total + ' answered';
    this.progressBar.max = p.total;
    this.progressBar.value = p.answered;
  };

  Widget.prototype.clearQuick = function () { this.quick.textContent = ''; };

  /* Buttons for the newest reply only; a used set locks, so a double click sends once. */
  Widget.prototype.showQuick = function (items) {
    var self = this;
    this.clearQuick();
    items.forEach(function (q) {
      var b = el('button', { type: 'button' }, q.label);
      b.addEventListener('click', function () {
        if (b.disabled) return;
        Array.prototype.forEach.call(self.quick.querySelectorAll('button'), function (x) { x.disabled = true; });
        self.send(q.text);
      });
      self.quick.appendChild(b);
    });
  };

  Widget.prototype.showTyping = function () {
    if (this.typing) return;
    this.typing = el('div', { 'class': 'typing', 'aria-hidden': 'true' }, 'Career advisor is typing…');
    this.log.appendChild(this.typing);
    this.log.scrollTop = this.log.scrollHeight;
  };

  Widget.prototype.hideTyping = function () {
    if (this.typing) { this.typing.remove(); this.typing = null; }
  };

  Widget.prototype.send = function (text) {
    this.addUser(text);
    this.showTyping();
    if (this.ready && this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: 'message', text: text }));
    } else {
      this.queue.push(text);
      this.reconnectNow();
    }
  };

  Widget.prototype.forget = function () {
    if (this.ready && this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: 'forget' }));
    } else {
      this.session(null);
      this.log.textContent = '';
      this.addNote('This conversation has been deleted.');
    }
  };

  function start() { if (!window.__careerbotWidget) window.__careerbotWidget = new Widget(); }
  if (document.body) start(); else document.addEventListener('DOMContentLoaded', start);
})();
