/*
 * careerbot widget: a career-advisor chat for any web page, in one script tag.
 *
 *   <script src="https://HOST/widget.js" async></script>
 *
 * Data attributes on that tag: data-server (the chat server; default: where this script came
 * from), data-title, data-greeting (replaces the first greeting's text), data-color (primary
 * colour), data-position ("left" or "right"), data-open ("true": open at once), data-lang (the
 * widget's own words: en, fr, es, de), data-container (a CSS selector: render inline in that
 * element instead of as a launcher), data-id (keeps this instance's session apart from others').
 *
 * API: window.careerbot.open(), close(), toggle(), send(text), on(event, fn) ("message", "open",
 * "close", "ready"; returns a function that removes fn), reset(), isOpen(), get(id),
 * mount(options); the page-wide calls act on the first launcher. Calls made before the script
 * loads are kept by the stub
 *   window.careerbot = window.careerbot || function () { (careerbot.q = careerbot.q || []).push(arguments); };
 * as careerbot('open'), careerbot('on', 'message', fn), and run once the first instance is up.
 *
 * Everything lives in a shadow root styled by a constructable stylesheet: host CSS cannot reach
 * in, and the widget needs no inline script or style and no eval, so a strict CSP (and Trusted
 * Types) works. Theme it with the custom properties --careerbot-* and ::part() of the elements
 * carrying a part attribute below (README.md lists both). Server text becomes DOM nodes through textContent (a markdown subset: paragraphs, lists,
 * **bold**, links to http, https and mailto only); it is never parsed as HTML. Nothing is stored
 * and no connection is made until the chat is first opened or sent to; then the session id is kept
 * in localStorage and sent with "hello", so a reload or a reconnect resumes the conversation.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var onLoad = function (fn) { if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn); else fn(); };
  /* A second tag on the page: the code already loaded mounts it, so every instance shares one API. */
  if (window.careerbot && window.careerbot.__mountTag) {
    onLoad(function () { window.careerbot.__mountTag(script); });
    return;
  }
  var defaultServer = script && script.src ? new URL(script.src, location.href).origin : location.origin;
  var MAX_BACKOFF = 15000;
  var STORE_KEY = 'careerbot.session';

  var WORDS = {
    en: ['Career chat', 'Open career chat', 'Career advisor', 'More options', 'Restart conversation', 'Forget me',
      'Close chat', 'Message', 'Ask about a career…', 'Send', 'Suggested replies', 'Conversation', 'Connecting…',
      'Connection lost. Reconnecting…', 'Reconnect now', 'This chat is not allowed on this site.',
      'This conversation has been deleted.', 'New conversation.', 'unread message', 'unread messages',
      'waiting to send', 'You', 'Career test: %a of %t answered', 'Your interest scores, out of 40',
      'Career data: O*NET (CC BY 4.0); pay and outlook: U.S. Bureau of Labor Statistics', 'Career test progress', 'Something went wrong.', 'Offline',
      'The connection dropped before an answer came.', 'Send again'],
    fr: ['Chat carrières', 'Ouvrir le chat carrières', 'Conseiller carrières', 'Plus d’options', 'Recommencer',
      'Oubliez-moi', 'Fermer le chat', 'Message', 'Posez une question sur un métier…', 'Envoyer', 'Réponses suggérées',
      'Conversation', 'Connexion…', 'Connexion perdue. Reconnexion…', 'Se reconnecter',
      'Ce chat n’est pas autorisé sur ce site.', 'Cette conversation a été supprimée.', 'Nouvelle conversation.',
      'message non lu', 'messages non lus', 'en attente d’envoi', 'Vous', 'Test : %a sur %t',
      'Vos scores d’intérêt, sur 40', 'Données : O*NET (CC BY 4.0) ; salaires et perspectives : U.S. Bureau of Labor Statistics', 'Progression du test', 'Une erreur est survenue.',
      'Hors ligne', 'La connexion a coupé avant la réponse.', 'Renvoyer'],
    es: ['Chat de carreras', 'Abrir el chat de carreras', 'Asesor de carreras', 'Más opciones', 'Reiniciar',
      'Olvídame', 'Cerrar el chat', 'Mensaje', 'Pregunta sobre una profesión…', 'Enviar', 'Respuestas sugeridas',
      'Conversación', 'Conectando…', 'Conexión perdida. Reconectando…', 'Reconectar',
      'Este chat no está permitido en este sitio.', 'Esta conversación se ha borrado.', 'Nueva conversación.',
      'mensaje sin leer', 'mensajes sin leer', 'pendiente de envío', 'Tú', 'Test: %a de %t',
      'Tus puntuaciones de interés, sobre 40', 'Datos: O*NET (CC BY 4.0); salarios y perspectivas: U.S. Bureau of Labor Statistics', 'Progreso del test', 'Algo salió mal.',
      'Sin conexión', 'La conexión se cortó antes de la respuesta.', 'Enviar de nuevo'],
    de: ['Berufe-Chat', 'Berufe-Chat öffnen', 'Berufsberatung', 'Weitere Optionen', 'Neu beginnen', 'Vergiss mich',
      'Chat schließen', 'Nachricht', 'Fragen Sie nach einem Beruf…', 'Senden', 'Antwortvorschläge', 'Unterhaltung',
      'Verbinde…', 'Verbindung verloren. Verbinde neu…', 'Neu verbinden',
      'Dieser Chat ist auf dieser Website nicht erlaubt.', 'Diese Unterhaltung wurde gelöscht.', 'Neue Unterhaltung.',
      'ungelesene Nachricht', 'ungelesene Nachrichten', 'wartet auf Versand', 'Sie', 'Test: %a von %t',
      'Ihre Interessenwerte, von 40', 'Daten: O*NET (CC BY 4.0); Gehälter und Aussichten: U.S. Bureau of Labor Statistics', 'Testfortschritt', 'Etwas ist schiefgelaufen.',
      'Offline', 'Die Verbindung brach vor der Antwort ab.', 'Erneut senden']
  };
  var KEYS = ['launcher', 'open', 'title', 'menu', 'restart', 'forget', 'close', 'message', 'placeholder', 'send',
    'suggested', 'conversation', 'connecting', 'lost', 'retry', 'refused', 'deleted', 'restarted', 'unread1',
    'unreadN', 'queued', 'you', 'progress', 'chart', 'credit', 'progressLabel', 'error', 'offline', 'unanswered', 'again'];

  function words(lang) {
    var list = WORDS[String(lang || 'en').slice(0, 2).toLowerCase()] || WORDS.en;
    var w = {};
    KEYS.forEach(function (k, i) { w[k] = list[i]; });
    return w;
  }

  var TYPE_NAMES = { R: 'Realistic', I: 'Investigative', A: 'Artistic', S: 'Social', E: 'Enterprising', C: 'Conventional' };

  var CSS = [
    ':host { all: initial !important; }',
    ':host([data-inline]) { display: block !important; height: 100% !important; }',
    '.cb { --cb-primary: var(--careerbot-primary, #1f5fbf); --cb-on-primary: var(--careerbot-on-primary, #fff);',
    '  --cb-bg: var(--careerbot-bg, #fff); --cb-fg: var(--careerbot-fg, #1b1f24); --cb-muted: var(--careerbot-muted, #545d69);',
    '  --cb-bot: var(--careerbot-bot-bg, #eef2f7); --cb-line: #c5ccd6; --cb-link: #174ea6; --cb-focus: #b45309;',
    '  --cb-radius: var(--careerbot-radius, 14px); --cb-z: var(--careerbot-z, 2147483000);',
    '  font: 15px/1.45 var(--careerbot-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif); color: var(--cb-fg);',
    '  -webkit-text-size-adjust: 100%; text-align: left; direction: ltr; unicode-bidi: isolate; }',
    '@media (prefers-color-scheme: dark) { .cb { --cb-bg: var(--careerbot-bg, #16191d); --cb-fg: var(--careerbot-fg, #e8ecf1);',
    '  --cb-muted: var(--careerbot-muted, #aeb7c2); --cb-bot: var(--careerbot-bot-bg, #262c33); --cb-line: #4a535e;',
    '  --cb-link: #9cc3ff; --cb-focus: #fbbf24; } }',
    '*, *::before, *::after { box-sizing: border-box; }',
    'button, input { font: inherit; color: inherit; letter-spacing: normal; }',
    'button { cursor: pointer; min-height: 44px; min-width: 44px; }',
    ':focus-visible { outline: 3px solid var(--cb-focus); outline-offset: 2px; }',
    '[hidden] { display: none !important; }',
    '.sr { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }',
    '.launcher { position: fixed; bottom: 20px; right: 20px; z-index: var(--cb-z); display: flex; align-items: center; gap: 8px;',
    '  border: 0; border-radius: 999px; background: var(--cb-primary); color: var(--cb-on-primary); padding: 10px 18px 10px 14px;',
    '  font-weight: 600; box-shadow: 0 4px 14px rgba(0,0,0,.25); }',
    '.left .launcher, .left .panel { right: auto; left: 20px; }',
    '.launcher svg { width: 22px; height: 22px; fill: currentColor; }',
    '.badge { position: absolute; top: -6px; right: -6px; min-width: 22px; height: 22px; padding: 0 6px; border-radius: 11px;',
    '  background: #b3261e; color: #fff; font-size: 12px; line-height: 22px; text-align: center; border: 2px solid #fff; }',
    '.panel { position: fixed; right: 20px; bottom: 84px; z-index: var(--cb-z); width: 380px; max-width: calc(100vw - 24px);',
    '  height: 580px; max-height: calc(100vh - 104px); display: flex; flex-direction: column; background: var(--cb-bg);',
    '  border-radius: var(--cb-radius); box-shadow: 0 10px 40px rgba(0,0,0,.28); overflow: hidden;',
    '  animation: cb-in .18s ease-out; }',
    '@keyframes cb-in { from { opacity: 0; transform: translateY(12px); } }',
    '.inline .panel { position: relative; right: auto; bottom: auto; width: 100%; max-width: none; height: 100%; min-height: 420px;',
    '  max-height: none; box-shadow: none; border: 1px solid var(--cb-line); animation: none; }',
    'header { display: flex; align-items: center; gap: 4px; padding: 4px 6px 4px 14px; background: var(--cb-primary); color: var(--cb-on-primary); }',
    'header h2 { flex: 1; margin: 0; font-size: 16px; font-weight: 600; }',
    'header button { background: transparent; border: 0; border-radius: 8px; color: inherit; font-size: 20px; line-height: 1; }',
    'header :focus-visible { outline-color: var(--cb-on-primary); outline-offset: -3px; }',
    '.dot { width: 10px; height: 10px; border-radius: 50%; background: #9aa3ad; border: 2px solid var(--cb-on-primary); }',
    '.online .dot { background: #2e9d4f; } .offline .dot, .refused .dot { background: #b3261e; }',
    '.menu { position: absolute; top: 52px; right: 8px; z-index: 2; margin: 0; padding: 4px; list-style: none; background: var(--cb-bg);',
    '  border: 1px solid var(--cb-line); border-radius: 10px; box-shadow: 0 6px 20px rgba(0,0,0,.2); }',
    '.menu button { display: block; width: 100%; text-align: left; background: transparent; border: 0; border-radius: 6px; padding: 8px 14px; color: var(--cb-fg); }',
    '.menu button:hover, .menu button:focus { background: var(--cb-bot); }',
    '.status { display: flex; align-items: center; gap: 8px; font-size: 13px; color: var(--cb-fg); background: var(--cb-bot); padding: 0 12px; }',
    '.status button { background: transparent; border: 0; color: var(--cb-link); text-decoration: underline; padding: 0 4px; }',
    '.refused .status { background: #fdecea; color: #7a1c14; font-weight: 600; padding: 10px 12px; }',
    '.log { flex: 1; overflow-y: auto; padding: 10px 12px; display: flex; flex-direction: column; gap: 8px; overscroll-behavior: contain; }',
    '.msg { max-width: 88%; padding: 8px 12px; border-radius: 12px; overflow-wrap: anywhere; }',
    '.msg p { margin: 0 0 6px; } .msg p:last-of-type { margin-bottom: 0; }',
    '.msg ul, .msg ol { margin: 4px 0 6px; padding-left: 20px; } .msg li { margin: 2px 0; }',
    '.msg a { color: var(--cb-link); text-decoration: underline; }',
    '.bot { align-self: flex-start; background: var(--cb-bot); border-bottom-left-radius: 4px; }',
    '.user { align-self: flex-end; background: var(--cb-primary); color: var(--cb-on-primary); border-bottom-right-radius: 4px; }',
    'time, .pending { display: block; font-size: 11px; margin-top: 2px; color: var(--cb-muted); }',
    '.user time, .user .pending { color: inherit; text-align: right; }',
    '.again { background: transparent; border: 1px solid currentColor; border-radius: 8px; color: inherit; margin: 4px 0 0 6px; padding: 2px 12px; }',
    '.note { align-self: center; font-size: 13px; color: var(--cb-muted); text-align: center; }',
    '.typing { align-self: flex-start; display: flex; gap: 4px; padding: 12px 14px; background: var(--cb-bot); border-radius: 12px; }',
    '.typing span { width: 7px; height: 7px; border-radius: 50%; background: var(--cb-muted); animation: cb-blink 1.2s infinite both; }',
    '.typing span:nth-child(2) { animation-delay: .2s; } .typing span:nth-child(3) { animation-delay: .4s; }',
    '@keyframes cb-blink { 0%, 80%, 100% { opacity: .3; } 40% { opacity: 1; } }',
    '.quick { display: flex; flex-wrap: wrap; gap: 6px; padding: 6px 12px; margin: 0; border: 0; }',
    '.quick:empty { display: none; }',
    '.quick button { border: 2px solid var(--cb-edge, var(--cb-primary)); color: var(--cb-fg); background: var(--cb-bg); border-radius: 22px;',
    '  padding: 6px 14px; font-size: 14px; }',
    '.quick button:disabled { opacity: .6; cursor: default; }',
    '.progress { padding: 6px 12px 0; font-size: 13px; color: var(--cb-fg); }',
    '.progress progress { display: block; width: 100%; height: 8px; accent-color: var(--cb-primary); }',
    '.chart { margin: 6px 0; padding: 0; list-style: none; }',
    '.chart li { display: grid; grid-template-columns: 96px 1fr 40px; align-items: center; gap: 6px; font-size: 12px; }',
    '.bar { height: 10px; background: var(--cb-line); border-radius: 5px; overflow: hidden; }',
    '.bar span { display: block; height: 100%; background: var(--cb-primary); }',
    'form { display: flex; gap: 6px; padding: 10px 12px; border-top: 1px solid var(--cb-line); margin: 0; }',
    'input { flex: 1; min-width: 0; min-height: 44px; border: 1px solid var(--cb-muted); border-radius: 10px; padding: 8px 10px;',
    '  background: var(--cb-bg); font-size: 16px; }',
    'input::placeholder { color: var(--cb-muted); opacity: 1; }',
    'form button { border: 0; border-radius: 10px; background: var(--cb-primary); color: var(--cb-on-primary); padding: 8px 16px; font-weight: 600; }',
    'input:disabled, form button:disabled { opacity: .6; cursor: not-allowed; }',
    '.credit { font-size: 11px; color: var(--cb-muted); padding: 0 12px 6px; }',
    '.credit:empty { display: none; }',
    '@media (max-width: 480px) { .launcher .label { display: none; } .launcher { padding: 14px; }',
    '  .float .panel { left: 0; right: 0; top: var(--cb-vt, 0px); bottom: auto; width: 100%; max-width: none;',
    '  height: var(--cb-vh, 100%); max-height: none; border-radius: 0; }',
    '  .float.is-open .launcher { display: none; } }',
    '@media (prefers-reduced-motion: reduce) { *, *::before, *::after { animation: none !important; transition: none !important;',
    '  scroll-behavior: auto !important; } }',
    '@media (forced-colors: active) { .msg, .launcher, .quick button, .menu { border: 1px solid CanvasText; } }'
  ].join('\n');

  var sheet = null;
  function applyStyles(root) {
    try {
      if (!sheet) { sheet = new CSSStyleSheet(); sheet.replaceSync(CSS); }
      root.adoptedStyleSheets = [sheet];
    } catch (e) {
      root.appendChild(el('style', null, CSS)); /* browsers before 2023: needs style-src to allow it */
    }
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  /* ------------------------------------------------------------ the markdown subset, as DOM nodes */

  var INLINE = /\*\*([^*]+)\*\*|\[([^\]\n]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()"']+[^\s<>().,;:!?'"])|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

  /* Absolute http, https and mailto URLs only: no javascript:, data:, relative or "//host" links. */
  function safeHref(url) {
    if (!/^(https?:\/\/|mailto:)/i.test(url)) return null;
    try {
      var u = new URL(url);
      return /^(https?|mailto):$/.test(u.protocol) ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(parent, label, url) {
    var href = safeHref(url);
    if (!href) { parent.appendChild(document.createTextNode(label)); return; }
    var a = el('a', { href: href, rel: 'noopener noreferrer', target: '_blank' }, label);
    parent.appendChild(a);
  }

  /* **bold**, [label](url), bare http(s) links and e-mail addresses; everything else is text. */
  function inline(parent, text) {
    var last = 0;
    var m;
    var re = new RegExp(INLINE.source, 'g'); /* its own, as bold text recurses */
    while ((m = re.exec(text))) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1]) {
        var b = el('strong');
        inline(b, m[1]);
        parent.appendChild(b);
      } else if (m[2]) link(parent, m[2], m[3]);
      else if (m[4]) link(parent, m[4], m[4]);
      else link(parent, m[5], 'mailto:' + m[5]);
      last = re.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  /* Paragraphs, "- " or "* " lists, "1. " numbered lists. */
  function renderText(parent, text) {
    var list = null;
    var para = null;
    text.split('\n').forEach(function (line) {
      var bullet = /^\s*[-*] +(.*)$/.exec(line);
      var num = /^\s*\d+[.)] +(.*)$/.exec(line);
      if (bullet || num) {
        var tag = bullet ? 'ul' : 'ol';
        if (!list || list.tagName.toLowerCase() !== tag) { list = el(tag); parent.appendChild(list); }
        var li = el('li');
        inline(li, (bullet || num)[1]);
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

  /* ------------------------------------------------------------ colours */

  function rgb(css) {
    var m = /rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/.exec(css || '');
    return m ? [+m[1], +m[2], +m[3]] : null;
  }

  function luminance(c) {
    var v = c.map(function (x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }

  /* ------------------------------------------------------------ one chat instance */

  var instances = [];

  function Widget(opts) {
    this.o = opts;
    this.w = words(opts.lang);
    this.server = opts.server;
    this.key = STORE_KEY + (opts.id ? '.' + opts.id : '');
    this.inline = !!opts.container;
    this.ws = null;
    this.ready = false;      /* welcomed on the current socket */
    this.queue = [];         /* messages typed while offline: [text, bubble] */
    this.inflight = [];      /* messages sent on this socket and not answered yet: [text, bubble] */
    this.backoff = 500;
    this.timer = null;
    this.handlers = {};
    this.unread = 0;
    this.isOpen = false;
    this.state = '';
    this.fired = {};
    this.build();
    var self = this;
    /* Resume a conversation that exists; otherwise connect only when the chat is first used. */
    if (this.inline || opts.open || this.session()) this.connect();
    if (opts.open || this.inline) this.open(false);
    setTimeout(function () { self.emit('ready', {}); }, 0);
  }

  Widget.prototype.build = function () {
    var o = this.o;
    var w = this.w;
    var self = this;
    var host = el('div', { 'data-careerbot': o.id || '' });
    if (this.inline) host.setAttribute('data-inline', '');
    this.host = host;
    var where = this.inline ? o.container : (document.body || document.documentElement);
    where.appendChild(host);
    var root = host.attachShadow({ mode: 'open' });
    this.root = root;
    applyStyles(root);
    var uid = 'cb' + instances.length;
    var wrap = el('div', { 'class': 'cb ' + (this.inline ? 'inline' : 'float') + (o.position === 'left' ? ' left' : ''), part: 'root' });
    this.wrap = wrap;
    if (o.color) wrap.style.setProperty('--careerbot-primary', o.color);

    if (!this.inline) {
      this.launcher = el('button', { 'class': 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': uid + 'p', part: 'launcher' });
      var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('viewBox', '0 0 24 24');
      svg.setAttribute('aria-hidden', 'true');
      var path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
      path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z');
      svg.appendChild(path);
      this.launcher.appendChild(svg);
      this.launcher.appendChild(el('span', { 'class': 'label' }, w.launcher));
      this.badge = el('span', { 'class': 'badge', 'aria-hidden': 'true', part: 'badge' });
      this.badge.hidden = true;
      this.launcher.appendChild(this.badge);
      this.launcher.addEventListener('click', function () { self.toggle(); });
      wrap.appendChild(this.launcher);
      this.labelLauncher();
    }

    var title = o.title || w.title;
    var panel = el('section', {
      'class': 'panel', id: uid + 'p', role: this.inline ? 'region' : 'dialog', 'aria-labelledby': uid + 't', lang: o.lang || 'en', part: 'panel'
    });
    if (!this.inline) panel.setAttribute('aria-modal', 'false');
    this.panel = panel;
    panel.hidden = true;

    var header = el('header', { part: 'header' });
    header.appendChild(el('h2', { id: uid + 't', part: 'title' }, title));
    this.dot = el('span', { 'class': 'dot', 'aria-hidden': 'true' });
    header.appendChild(this.dot);
    this.menuBtn = el('button', { type: 'button', 'aria-haspopup': 'menu', 'aria-expanded': 'false', 'aria-controls': uid + 'm', 'aria-label': w.menu, part: 'menu-button' }, '⋮');
    header.appendChild(this.menuBtn);
    this.menu = el('ul', { 'class': 'menu', id: uid + 'm', role: 'menu', 'aria-label': w.menu, part: 'menu' });
    this.menu.hidden = true;
    [[w.restart, 'restart'], [w.forget, 'forget']].forEach(function (item) {
      var li = el('li', { role: 'none' });
      var b = el('button', { type: 'button', role: 'menuitem', tabindex: '-1' }, item[0]);
      b.addEventListener('click', function () { self.closeMenu(true); self[item[1]](); });
      li.appendChild(b);
      self.menu.appendChild(li);
    });
    header.appendChild(this.menu);
    if (!this.inline) {
      var closeBtn = el('button', { type: 'button', 'aria-label': w.close, part: 'close-button' }, '×');
      closeBtn.addEventListener('click', function () { self.close(); });
      header.appendChild(closeBtn);
    }
    this.menuBtn.addEventListener('click', function () { self.menu.hidden ? self.openMenu() : self.closeMenu(true); });
    this.menu.addEventListener('keydown', function (ev) { self.menuKey(ev); });

    this.status = el('div', { 'class': 'status', part: 'status' });
    this.statusText = el('span');
    this.retryBtn = el('button', { type: 'button' }, w.retry);
    this.retryBtn.addEventListener('click', function () { self.reconnectNow(); });
    this.status.appendChild(this.statusText);
    this.status.appendChild(this.retryBtn);
    this.status.hidden = true;

    this.progress = el('div', { 'class': 'progress', part: 'progress' });
    this.progress.hidden = true;
    this.progressLabel = el('div');
    this.progressBar = el('progress', { max: '1', value: '0', 'aria-label': w.progressLabel });
    this.progress.appendChild(this.progressLabel);
    this.progress.appendChild(this.progressBar);

    /* The log is for reading and navigating; announcing happens in the live region below, so a
     * screen reader hears each bot message once and never the user's own words or notes. */
    this.log = el('div', { 'class': 'log', role: 'log', 'aria-live': 'off', 'aria-label': w.conversation, tabindex: '0', part: 'log' });
    this.live = el('div', { 'class': 'sr', 'aria-live': 'polite', 'aria-atomic': 'false' });
    this.quick = el('div', { 'class': 'quick', role: 'group', 'aria-label': w.suggested, part: 'quick-replies' });

    var form = el('form', { part: 'composer' });
    this.input = el('input', { type: 'text', 'aria-label': w.message, placeholder: w.placeholder, maxlength: '2000', autocomplete: 'off', enterkeyhint: 'send', part: 'input' });
    this.sendBtn = el('button', { type: 'submit', part: 'send-button' }, w.send);
    form.appendChild(this.input);
    form.appendChild(this.sendBtn);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var text = self.input.value.trim();
      if (!text) return;
      self.input.value = '';
      self.send(text);
    });
    this.credit = el('div', { 'class': 'credit', part: 'credit' });

    [header, this.status, this.progress, this.log, this.live, this.quick, form, this.credit].forEach(function (n) { panel.appendChild(n); });
    wrap.appendChild(panel);
    root.appendChild(wrap);

    panel.addEventListener('keydown', function (ev) {
      if (ev.key === 'Tab' && self.sheet()) self.trap(ev);
      if (ev.key !== 'Escape') return;
      if (!self.menu.hidden) { self.closeMenu(true); ev.stopPropagation(); return; }
      if (!self.inline) { ev.stopPropagation(); self.close(); }
    });
    panel.addEventListener('focusout', function (ev) {
      if (!self.menu.hidden && !self.menu.contains(ev.relatedTarget) && ev.relatedTarget !== self.menuBtn) self.closeMenu(false);
    });

    window.addEventListener('online', function () { self.reconnectNow(); });
    window.addEventListener('offline', function () { if (self.ws) self.setState('offline', w.offline); });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') self.reconnectNow();
    });
    this.watchViewport();
    this.fitColours();
    var scheme = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)');
    if (scheme && scheme.addEventListener) scheme.addEventListener('change', function () { self.fitColours(); });
  };

  /* White or near-black text on the primary colour, whichever meets WCAG AA (4.5:1); and button
   * outlines in the text colour where the primary one would not stand out from the background
   * (3:1 for the edges of controls). Checked again when the system switches light and dark. */
  Widget.prototype.fitColours = function () {
    var c = rgb(getComputedStyle(this.sendBtn).backgroundColor);
    var bg = rgb(getComputedStyle(this.panel).backgroundColor);
    if (!c || !bg) return;
    var l = luminance(c);
    var white = 1.05 / (l + 0.05);
    var dark = (l + 0.05) / (luminance([17, 17, 17]) + 0.05);
    if (white < 4.5 && dark > white) this.wrap.style.setProperty('--careerbot-on-primary', '#111');
    var lb = luminance(bg);
    var edge = (Math.max(l, lb) + 0.05) / (Math.min(l, lb) + 0.05);
    if (edge < 3) this.wrap.style.setProperty('--cb-edge', 'var(--cb-fg)');
    else this.wrap.style.removeProperty('--cb-edge');
  };

  /* On a phone the panel is a full-screen sheet sized to the visual viewport, so the on-screen
   * keyboard pushes it up rather than covering the input. */
  Widget.prototype.watchViewport = function () {
    var vv = window.visualViewport;
    if (!vv || this.inline) return;
    var panel = this.panel;
    function fit() {
      panel.style.setProperty('--cb-vh', vv.height + 'px');
      panel.style.setProperty('--cb-vt', vv.offsetTop + 'px');
    }
    vv.addEventListener('resize', fit);
    vv.addEventListener('scroll', fit);
    fit();
  };

  Widget.prototype.labelLauncher = function () {
    if (!this.launcher) return;
    var w = this.w;
    var label = w.open;
    if (this.unread) label += ', ' + this.unread + ' ' + (this.unread === 1 ? w.unread1 : w.unreadN);
    this.launcher.setAttribute('aria-label', label);
    this.badge.textContent = this.unread > 9 ? '9+' : String(this.unread);
    this.badge.hidden = !this.unread;
  };

  /* On a phone the open chat covers the page: it is modal, and Tab cycles inside it. */
  Widget.prototype.sheet = function () {
    return !this.inline && this.isOpen && !!window.matchMedia && window.matchMedia('(max-width: 480px)').matches;
  };

  Widget.prototype.trap = function (ev) {
    var items = Array.prototype.filter.call(this.panel.querySelectorAll('button, input, a[href], [tabindex="0"]'), function (e) {
      return !e.disabled && e.getClientRects().length > 0;
    });
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    var at = this.root.activeElement;
    if (ev.shiftKey && (at === first || !this.panel.contains(at))) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && (at === last || !this.panel.contains(at))) { ev.preventDefault(); first.focus(); }
  };

  Widget.prototype.openMenu = function () {
    this.menu.hidden = false;
    this.menuBtn.setAttribute('aria-expanded', 'true');
    this.menu.querySelector('button').focus();
  };

  Widget.prototype.closeMenu = function (focusButton) {
    this.menu.hidden = true;
    this.menuBtn.setAttribute('aria-expanded', 'false');
    if (focusButton) this.menuBtn.focus();
  };

  Widget.prototype.menuKey = function (ev) {
    var items = Array.prototype.slice.call(this.menu.querySelectorAll('button'));
    var i = items.indexOf(this.root.activeElement);
    var next = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: items.length - 1 }[ev.key];
    if (next === undefined) { if (ev.key === 'Tab') this.closeMenu(false); return; }
    ev.preventDefault();
    items[(next + items.length) % items.length].focus();
  };

  Widget.prototype.open = function (focus) {
    if (!this.ws) this.connect();
    var was = this.isOpen;
    this.isOpen = true;
    this.panel.hidden = false;
    this.wrap.classList.add('is-open');
    if (!this.inline) this.panel.setAttribute('aria-modal', this.sheet() ? 'true' : 'false');
    if (this.launcher) this.launcher.setAttribute('aria-expanded', 'true');
    this.unread = 0;
    this.labelLauncher();
    this.scroll();
    if (focus !== false) this.input.focus();
    if (!was) this.emit('open', {});
  };

  Widget.prototype.close = function () {
    if (this.inline || !this.isOpen) return;
    var hadFocus = this.root.activeElement;
    this.isOpen = false;
    this.closeMenu(false);
    this.panel.hidden = true;
    this.wrap.classList.remove('is-open');
    this.launcher.setAttribute('aria-expanded', 'false');
    if (hadFocus) this.launcher.focus();
    this.emit('close', {});
  };

  Widget.prototype.toggle = function () { if (this.isOpen) this.close(); else this.open(); };

  Widget.prototype.on = function (name, fn) {
    if (typeof fn !== 'function') return function () {};
    var list = this.handlers[name] || (this.handlers[name] = []);
    list.push(fn);
    if (name === 'ready' && this.fired.ready) this.call(fn, {});
    return function () { var i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); };
  };

  Widget.prototype.call = function (fn, detail) {
    try { fn(detail); } catch (e) { setTimeout(function () { throw e; }, 0); } /* a host's bug is its own */
  };

  Widget.prototype.emit = function (name, detail) {
    var self = this;
    this.fired[name] = true;
    (this.handlers[name] || []).slice().forEach(function (fn) { self.call(fn, detail); });
  };

  Widget.prototype.setState = function (state, text) {
    this.state = state;
    this.wrap.classList.remove('online', 'offline', 'refused', 'connecting');
    this.wrap.classList.add(state);
    this.dot.setAttribute('title', text || state);
    this.status.hidden = state === 'online';
    this.statusText.textContent = text;
    this.retryBtn.hidden = state !== 'offline';
    var refused = state === 'refused';
    this.input.disabled = refused;
    this.sendBtn.disabled = refused;
  };

  Widget.prototype.session = function (value) {
    try {
      if (value === null) localStorage.removeItem(this.key);
      else if (value) localStorage.setItem(this.key, value);
      return localStorage.getItem(this.key);
    } catch (e) {
      return null; /* storage blocked: the chat still works, without resume */
    }
  };

  Widget.prototype.connect = function () {
    var self = this;
    clearTimeout(this.timer);
    this.timer = null;
    this.ready = false;
    if (this.state !== 'offline') this.setState('connecting', this.w.connecting);
    var ws;
    try { ws = new WebSocket(this.wsUrl('/chat')); } catch (e) { this.ws = {}; this.retry(); return; }
    this.ws = ws;
    ws.onopen = function () {
      self.everOpened = true;
      self.hello(self.session());
    };
    ws.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (msg && typeof msg === 'object') self.receive(msg);
    };
    ws.onclose = function () {
      if (self.ws !== ws) return;
      self.ready = false;
      self.hideTyping();
      self.dropped();
      self.retry();
    };
    ws.onerror = function () { /* onclose follows */ };
  };

  /* Exponential backoff with jitter, so a restarted server is not hit by every client at once.
   * A socket that never opened may have been refused for this page's origin: a browser hides the
   * 403 from scripts, so ask the server, and say so rather than retry forever. */
  Widget.prototype.retry = function () {
    var self = this;
    var delay = Math.min(this.backoff, MAX_BACKOFF) * (0.5 + Math.random());
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF);
    this.setState('offline', this.w.lost);
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.connect(); }, delay);
    if (this.everOpened || this.checked) return; /* once connected here, the origin is allowed */
    /* A socket, not fetch: a strict host CSP may allow only the server's ws: origin. */
    this.checked = true;
    var probe;
    try { probe = new WebSocket(this.wsUrl('/embed-check')); } catch (e) { return; }
    probe.onmessage = function (ev) {
      var j = null;
      try { j = JSON.parse(ev.data); } catch (e) { /* not an answer */ }
      probe.close();
      if (!j || j.allowed !== false) return;
      clearTimeout(self.timer);
      self.timer = null;
      self.setState('refused', self.w.refused);
      self.hideTyping();
    };
    probe.onerror = function () { self.checked = false; /* the server is down: ask again next time */ };
  };

  Widget.prototype.wsUrl = function (path) {
    var url = new URL(path, this.server);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    return url.href;
  };

  Widget.prototype.reconnectNow = function () {
    if (this.state === 'refused' || !this.ws) return;
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) return;
    this.backoff = 500;
    this.connect();
  };

  /* Opens (or resumes, with sid) a session; the server answers welcome, then a greeting. */
  Widget.prototype.hello = function (sid) {
    this.helloSent = true;
    this.ws.send(JSON.stringify(sid ? { type: 'hello', session: sid } : { type: 'hello' }));
  };

  Widget.prototype.receive = function (msg) {
    var w = this.w;
    if (msg.type === 'welcome') {
      this.session(msg.session);
      this.ready = true;
      this.backoff = 500;
      this.setState('online', '');
      /* After a reconnect the conversation is already on screen: skip the welcome back. A welcome
       * that answers a message rather than a hello comes with that message's reply, no greeting. */
      this.expectGreeting = this.helloSent;
      this.skipGreeting = this.helloSent && msg.resumed === true && this.log.querySelector('.msg') !== null;
      this.greeting = this.helloSent && !msg.resumed;
      this.helloSent = false;
      /* Messages typed while offline go out now, once each, in order. */
      var pending = this.queue.splice(0);
      for (var i = 0; i < pending.length; i++) {
        var p = pending[i][1].querySelector('.pending');
        if (p) p.remove();
        this.transmit(pending[i][0], pending[i][1]);
      }
      return;
    }
    if (msg.type === 'reply') {
      if (this.expectGreeting) { /* the answer to hello */
        this.expectGreeting = false;
        if (!this.skipGreeting) this.addBot(msg, this.greeting);
        return;
      }
      this.answered();
      this.addBot(msg, false);
      return;
    }
    if (msg.type === 'forgotten') {
      this.session(null);
      this.clear();
      this.addNote(w.deleted);
      if (this.restarting) { this.restarting = false; this.hello(null); }
      return;
    }
    if (msg.type === 'error') {
      this.answered();
      this.addNote(typeof msg.message === 'string' ? msg.message : w.error);
    }
  };

  Widget.prototype.clear = function () {
    this.inflight = [];
    this.log.textContent = '';
    this.quick.textContent = '';
    this.progress.hidden = true;
    this.typing = null;
  };

  // To the end; but a reply taller than the log is shown from its start, not its end.
  Widget.prototype.scroll = function (box) {
    var log = this.log;
    if (box && box.offsetHeight > log.clientHeight - 16) {
      log.scrollTop += box.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
    } else {
      log.scrollTop = log.scrollHeight;
    }
  };

  Widget.prototype.stamp = function (box) {
    var now = new Date();
    var t = el('time', { datetime: now.toISOString() });
    try { t.textContent = now.toLocaleTimeString(this.o.lang || undefined, { hour: '2-digit', minute: '2-digit' }); } catch (e) { t.textContent = now.toTimeString().slice(0, 5); }
    box.appendChild(t);
  };

  Widget.prototype.addNote = function (text) {
    this.log.appendChild(el('div', { 'class': 'note', part: 'note' }, text));
    this.scroll();
  };

  Widget.prototype.addUser = function (text) {
    var box = el('div', { 'class': 'msg user', part: 'message user-message' });
    box.appendChild(el('span', { 'class': 'sr' }, this.w.you + ': '));
    box.appendChild(document.createTextNode(text));
    this.stamp(box);
    this.log.appendChild(box);
    this.scroll();
    return box;
  };

  Widget.prototype.addBot = function (msg, greeting) {
    var text = String(msg.text || '');
    if (greeting && this.o.greeting) text = this.o.greeting;
    var box = el('div', { 'class': 'msg bot', lang: 'en', part: 'message bot-message' });
    box.appendChild(el('span', { 'class': 'sr' }, this.w.title + ': '));
    renderText(box, text);
    if (msg.chart && typeof msg.chart === 'object') box.appendChild(this.chart(msg.chart));
    this.stamp(box);
    this.log.appendChild(box);
    this.scroll(box);
    var said = el('div', { lang: 'en' }, this.w.title + ': ' + text.replace(/\*\*/g, ''));
    this.live.appendChild(said);
    while (this.live.childNodes.length > 3) this.live.removeChild(this.live.firstChild);
    this.showQuick(Array.isArray(msg.quick_replies) ? msg.quick_replies : []);
    this.showProgress(msg.progress);
    if ((msg.career && /^\d\d-\d{4}\.\d\d$/.test(msg.career.id || '')) || /Bureau of Labor Statistics|\bBLS\b/.test(text)) this.credit.textContent = this.w.credit;
    if (!this.isOpen && !greeting) { this.unread++; this.labelLauncher(); }
    this.emit('message', { from: 'bot', text: text.replace(/\*\*/g, ''), quickReplies: (msg.quick_replies || []).map(function (q) { return q.label; }), intent: msg.intent || null });
  };

  /* The six interest scores as bars, each with its number in text for screen readers. */
  Widget.prototype.chart = function (scores) {
    var list = el('ul', { 'class': 'chart', 'aria-label': this.w.chart, part: 'chart' });
    Object.keys(TYPE_NAMES).map(function (k) { var v = Math.round(Number(scores[k])); return [k, v >= 0 && v <= 40 ? v : 0]; })
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
    if (!p || typeof p !== 'object' || !(Number(p.total) > 0)) { this.progress.hidden = true; return; }
    this.progress.hidden = false;
    var total = Math.max(1, Math.min(1000, Number(p.total) || 1));
    var answered = Math.max(0, Math.min(total, Number(p.answered) || 0));
    this.progressLabel.textContent = this.w.progress.replace('%a', answered).replace('%t', total);
    this.progressBar.max = total;
    this.progressBar.value = answered;
  };

  /* Buttons for the newest reply only; a used set locks, so a double click sends once. */
  Widget.prototype.showQuick = function (items) {
    var self = this;
    this.quick.textContent = '';
    items.forEach(function (q) {
      if (!q || typeof q.label !== 'string') return;
      var b = el('button', { type: 'button', part: 'quick-reply' }, q.label);
      b.addEventListener('click', function () {
        if (b.disabled) return;
        Array.prototype.forEach.call(self.quick.querySelectorAll('button'), function (x) { x.disabled = true; });
        self.input.focus();
        self.send(String(q.text || q.label));
      });
      self.quick.appendChild(b);
    });
  };

  Widget.prototype.showTyping = function () {
    if (this.typing) return;
    this.typing = el('div', { 'class': 'typing', 'aria-hidden': 'true', part: 'typing' });
    for (var i = 0; i < 3; i++) this.typing.appendChild(el('span'));
    this.log.appendChild(this.typing);
    this.scroll();
  };

  Widget.prototype.hideTyping = function () {
    if (this.typing) { this.typing.remove(); this.typing = null; }
  };

  Widget.prototype.live_ = function () { return this.ready && this.ws && this.ws.readyState === WebSocket.OPEN; };

  Widget.prototype.send = function (text) {
    text = String(text || '').trim().slice(0, 2000);
    if (!text || this.state === 'refused') return;
    var box = this.addUser(text);
    this.emit('message', { from: 'user', text: text });
    this.deliver(text, box);
  };

  /* Sends now, or marks the message as waiting and sends it once the socket is back. */
  Widget.prototype.deliver = function (text, box) {
    if (this.live_()) {
      this.transmit(text, box);
    } else {
      box.appendChild(el('span', { 'class': 'pending' }, this.w.queued));
      this.queue.push([text, box]);
      if (!this.ws) this.connect(); else this.reconnectNow();
    }
  };

  Widget.prototype.transmit = function (text, box) {
    this.ws.send(JSON.stringify({ type: 'message', text: text }));
    this.inflight.push([text, box]);
    this.showTyping();
  };

  /* The server answers each message once, in order. */
  Widget.prototype.answered = function () {
    this.inflight.shift();
    if (!this.inflight.length) this.hideTyping();
  };

  /* The socket closed with messages unanswered: the server may or may not have taken them (a
   * career-test answer must not count twice), so the person decides, with a button to send again. */
  Widget.prototype.dropped = function () {
    var self = this;
    this.inflight.splice(0).forEach(function (m) {
      var note = el('span', { 'class': 'pending' }, self.w.unanswered);
      var again = el('button', { type: 'button', 'class': 'again' }, self.w.again);
      again.addEventListener('click', function () { note.remove(); self.deliver(m[0], m[1]); });
      note.appendChild(again);
      m[1].appendChild(note);
    });
  };

  /* A new conversation; the old session is left to expire. */
  Widget.prototype.restart = function () {
    this.session(null);
    this.clear();
    this.addNote(this.w.restarted);
    if (this.live_()) this.hello(null);
    else if (!this.ws) this.connect();
  };

  /* Deletes the conversation on the server at once. */
  Widget.prototype.forget = function () {
    if (this.live_()) {
      this.ws.send(JSON.stringify({ type: 'forget' }));
    } else {
      this.session(null);
      this.clear();
      this.addNote(this.w.deleted);
    }
  };

  /* Forget, then start a new conversation. */
  Widget.prototype.reset = function () {
    if (this.live_()) {
      this.restarting = true;
      this.ws.send(JSON.stringify({ type: 'forget' }));
    } else {
      this.forget();
    }
  };

  /* ------------------------------------------------------------ the page-wide API */

  function publicFace(wd) {
    return {
      open: function () { wd.open(); },
      close: function () { wd.close(); },
      toggle: function () { wd.toggle(); },
      send: function (text) { wd.send(text); },
      on: function (name, fn) { return wd.on(name, fn); },
      reset: function () { wd.reset(); },
      isOpen: function () { return wd.isOpen; }
    };
  }

  function configFrom(tag, base) {
    var d = (tag && tag.dataset) || {};
    var server = d.server || (tag && tag.src ? new URL(tag.src, location.href).origin : defaultServer);
    var container = null;
    if (d.container) {
      try { container = document.querySelector(d.container); } catch (e) { container = null; }
    }
    return {
      server: base.server || server,
      title: base.title || d.title,
      greeting: base.greeting || d.greeting,
      color: base.color || d.color,
      position: base.position || d.position,
      open: base.open !== undefined ? !!base.open : (d.open === '' || d.open === 'true'),
      lang: base.lang || d.lang || document.documentElement.lang || 'en',
      container: base.container || container,
      id: base.id || d.id || (container && container.id) || ''
    };
  }

  function mount(tag, base) {
    var cfg = configFrom(tag, base || {});
    if (base && base.container && typeof base.container === 'string') cfg.container = document.querySelector(base.container);
    if (!cfg.id && cfg.container) cfg.id = 'inline' + instances.length;
    var wd = new Widget(cfg);
    instances.push(wd);
    return publicFace(wd);
  }

  var api = window.careerbot;
  if (!api || !api.__careerbot) {
    var queued = (api && api.q) || (Array.isArray(api) ? api : []);
    /* The page-wide calls go to the first launcher; a page with inline panels only, to the first.
     * Tags run in the order they load, so until a launcher is up or the page has loaded, calls wait. */
    var settled = function () {
      return instances.some(function (x) { return !x.inline; }) || (document.readyState === 'complete' && instances.length);
    };
    var main = function () {
      for (var i = 0; i < instances.length; i++) if (!instances[i].inline) return publicFace(instances[i]);
      return instances[0] ? publicFace(instances[0]) : null;
    };
    var METHODS = ['open', 'close', 'toggle', 'send', 'on', 'reset', 'isOpen'];
    api = function (method) {
      var args = Array.prototype.slice.call(arguments, 1);
      if (METHODS.indexOf(method) >= 0 || method === 'get' || method === 'mount') return api[method].apply(null, args);
    };
    METHODS.forEach(function (m) {
      api[m] = function () {
        if (settled()) return main()[m].apply(null, arguments);
        queued.push([m].concat(Array.prototype.slice.call(arguments)));
      };
    });
    api.get = function (id) {
      for (var i = 0; i < instances.length; i++) if (instances[i].o.id === id) return publicFace(instances[i]);
      return null;
    };
    api.mount = function (options) { return mount(null, options || {}); };
    api.__mountTag = function (tag) { mount(tag, {}); flush(); };
    window.addEventListener('load', function () { flush(); });
    api.__careerbot = true;
    api.q = queued;
    window.careerbot = api;
  }

  function flush() {
    if (!window.careerbot || !window.careerbot.q) return;
    var q = window.careerbot.q;
    var pending = q.splice(0);
    pending.forEach(function (args) { window.careerbot.apply(null, Array.prototype.slice.call(args)); });
  }

  onLoad(function () {
    mount(script, {});
    flush();
  });
})();
