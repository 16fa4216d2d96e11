'use strict';
// Hostile text renders as text. A stand-in chat server (the real widget.js, a fake /chat) answers
// with HTML and script in the reply text, quick replies, chart and progress, and echoes what the
// user typed; the page keeps a strict CSP with Trusted Types. Nothing becomes an element but the
// markdown subset (strong, lists, links), links go to http, https and mailto only and open with
// rel="noopener noreferrer", no script runs, no dialog opens, no CSP or Trusted Types violation.
// The real server gets an XSS payload from the user too.
// usage: node xss.test.js CAREERBOT REPO_ROOT
const { fakeBot } = require('../lib/fakebot');
const { startServer } = require('../lib/server');
const { launch, tally, waitBot, ask } = require('./browser');

const [bin, root] = process.argv.slice(2);
const t = tally();

const HOSTILE = [
  'Hello <img src=x onerror="alert(1)"> and <script>alert(2)</script> and <svg onload=alert(3)>',
  '**<b>bold</b> <i>x</i>**',
  '- [bad](javascript:alert(4)) and [data](data:text/html,<script>alert(5)</script>)',
  '- [good](https://example.org/a?b=<c>) and mail@example.org and [write](mailto:team@example.org)',
  '- https://example.org/path"onmouseover="alert(6) and [rel](//evil.example/x)',
  '<a href="https://evil.example" onclick="alert(7)">html link</a> &lt;b&gt; &amp;',
].join('\n');

function elements(page) {
  return page.evaluate(() => {
    const r = document.querySelector('[data-careerbot]').shadowRoot;
    const tags = {};
    r.querySelectorAll('.log *, .quick *').forEach((e) => { tags[e.tagName.toLowerCase()] = (tags[e.tagName.toLowerCase()] || 0) + 1; });
    const links = Array.from(r.querySelectorAll('.log a')).map((a) => ({ href: a.getAttribute('href'), rel: a.rel, target: a.target, text: a.textContent }));
    const handlers = Array.from(r.querySelectorAll('*')).filter((e) => Array.from(e.attributes).some((a) => /^on/i.test(a.name))).length;
    return { tags, links, handlers, text: r.querySelector('.log').textContent, quick: r.querySelector('.quick').textContent };
  });
}

async function main() {
  const fake = await fakeBot({
    root,
    greeting: { type: 'reply', text: HOSTILE,
      quick_replies: [{ label: '<img src=x onerror=alert(8)>', text: '<b>x</b>' }, { label: 'Fine', text: 'fine' }],
      progress: { answered: '<b>1</b>', total: 30 },
      chart: { R: '<img src=x onerror=alert(9)>', I: 1e9, A: -5, S: 'NaN', E: 12, C: null },
      career: { id: '<img>', title: '<img>' } },
    reply: (text) => ({ type: 'reply', text: `You said: ${text}`, quick_replies: [] }),
  });
  const srv = await startServer({ bin, root });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const problems = [];
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; d.dismiss(); });
    page.on('console', (m) => { if (m.type() === 'error' || /Content Security Policy|Trusted Type/i.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(fake.url);
    await waitBot(page, 0);
    const quick = (await elements(page)).quick;
    t.check(/<img src=x onerror=alert\(8\)>/.test(quick), 'a hostile quick-reply label is shown as text', quick);
    const echo = await ask(page, '<img src=x onerror=alert(10)><script>alert(11)</script>');
    await page.waitForTimeout(300);
    const e = await elements(page);
    const allowed = new Set(['div', 'span', 'p', 'br', 'strong', 'ul', 'li', 'a', 'time', 'button']);
    const bad = Object.keys(e.tags).filter((k) => !allowed.has(k));
    t.check(bad.length === 0, 'hostile content creates no element outside the markdown subset', JSON.stringify(e.tags));
    t.check(e.handlers === 0, 'no element carries an event-handler attribute');
    t.check(/<img src=x onerror="alert\(1\)">/.test(e.text) && /<script>alert\(2\)<\/script>/.test(e.text),
      'HTML in a reply shows as the literal text', e.text.slice(0, 120));
    t.check(/<b>bold<\/b>/.test(e.text) && (e.tags.strong || 0) >= 1, '**bold** works and the HTML inside it stays text');
    const hrefs = e.links.map((l) => l.href);
    t.check(!hrefs.some((h) => /^(javascript|data):/i.test(h)) && /bad\)? and data/.test(e.text) &&
      !e.links.some((l) => l.text === 'bad' || l.text === 'data'),
      'javascript: and data: links are shown as their label, not as links', JSON.stringify(hrefs));
    t.check(hrefs.includes('https://example.org/a?b=%3Cc%3E') && hrefs.includes('mailto:team@example.org') && hrefs.includes('mailto:mail@example.org'),
      'https and mailto links become links', JSON.stringify(hrefs));
    const labels = e.links.map((l) => l.text);
    t.check(!hrefs.includes('https://evil.example/x') && !labels.includes('html link') && !labels.includes('rel'),
      'a protocol-relative link and raw <a> HTML do not become links', JSON.stringify(e.links));
    t.check(!hrefs.some((h) => /onmouseover/.test(h)), 'a bare URL ends at a quote', JSON.stringify(hrefs));
    t.check(e.links.every((l) => l.rel === 'noopener noreferrer' && l.target === '_blank'), 'every link opens with rel="noopener noreferrer"', JSON.stringify(e.links));
    t.check(/You said: <img src=x onerror=alert\(10\)><script>alert\(11\)<\/script>/.test(echo), 'the user\'s own HTML comes back as text', echo);
    const users = await page.evaluate(() => document.querySelector('[data-careerbot]').shadowRoot.querySelector('.msg.user').textContent);
    t.check(/<img src=x onerror=alert\(10\)>/.test(users), 'the user\'s HTML shows as text in their own bubble', users);
    t.check(dialogs === 0, 'no script ran (no dialog)', String(dialogs));
    t.check(problems.length === 0, 'no CSP, Trusted Types or script errors', problems.join(' | '));

    // The real server, with a payload from the user.
    const p2 = await browser.newPage();
    p2.on('dialog', (d) => { dialogs++; d.dismiss(); });
    await p2.goto(srv.url + '/');
    await waitBot(p2, 0);
    const reply = await ask(p2, '"><img src=x onerror=alert(12)> tell me about <script>alert(13)</script> nurses');
    const extra = await p2.evaluate(() => document.querySelector('[data-careerbot]').shadowRoot.querySelectorAll('.log img, .log script, .log svg, .log iframe, .log b').length);
    t.check(extra === 0 && dialogs === 0, 'through the real server a user payload stays text', `elements: ${extra}; ${reply.slice(0, 80)}`);
  } finally {
    await browser.close();
    await fake.close();
    await srv.stop();
  }
}

main().catch((e) => t.fail(e)).finally(() => t.done());
