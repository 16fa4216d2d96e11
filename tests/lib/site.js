'use strict';
// A throwaway "other site" for browser tests: an HTTP server on a free loopback port, a second
// origin beside the careerbot server. Routes map a path to a response; a body may be a function
// of the request, and so may the headers, so pages can name ports that are only known later.
//
//   const site = await hostSite({ '/': { type: 'text/html', body: () => html, headers: { ... } } });
//   site.port, site.url('/'), await site.close();
const http = require('http');

function hostSite(routes) {
  const server = http.createServer((req, res) => {
    const path = req.url.split('?')[0];
    const r = routes[path];
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    const body = typeof r.body === 'function' ? r.body(req) : r.body;
    const headers = typeof r.headers === 'function' ? r.headers(req) : r.headers;
    res.writeHead(200, { 'content-type': r.type || 'text/html; charset=utf-8', ...(headers || {}) });
    res.end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const port = server.address().port;
    resolve({
      port,
      url: (p, host = '127.0.0.1') => `http://${host}:${port}${p}`,
      close: () => new Promise((r) => { server.closeAllConnections && server.closeAllConnections(); server.close(() => r()); }),
    });
  }));
}

// The strict policy a host page can keep with the widget: the README gives the same line.
function strictCsp(botOrigin) {
  const ws = botOrigin.replace(/^http/, 'ws');
  return `default-src 'self'; script-src 'self' ${botOrigin}; connect-src ${ws}; ` +
    "style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; require-trusted-types-for 'script'";
}

module.exports = { hostSite, strictCsp };
