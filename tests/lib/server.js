'use strict';
// Starts a real careerbot server on a free loopback port for a test, and stops it by PID.
//
//   const { startServer } = require('../lib/server');
//   const srv = await startServer({ bin, root, args: ['--max-message', '16384'] });
//   srv.port, srv.url ('http://127.0.0.1:PORT'), srv.wsUrl ('ws://127.0.0.1:PORT/chat')
//   await srv.stop();
//
// The server is started with --port 0 and prints "careerbot: listening on http://ADDR:PORT/" on
// stdout once it accepts connections; that line is the ready signal and tells the port.
//
// Unless args name a store (--db, --redis, --memory-only), sessions go to a fresh SQLite file in a
// temporary folder, so tests never touch the repository's data folder.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function startServer({ bin, root, args = [], env = {}, timeoutMs = 15000 }) {
  const store = args.some((a) => a === '--db' || a === '--redis' || a === '--memory-only' ||
    a.startsWith('--db=') || a.startsWith('--redis='))
    ? [] : ['--db', path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-db-')), 'sessions.db')];
  // One worker unless args ask for more (a later --workers wins): the limits, counters and reloads
  // these tests check are each process's own.
  const full = ['serve', '--listen', '127.0.0.1', '--port', '0', '--workers', '1',
    '--web', path.join(root, 'web'),
    '--intents', path.join(root, 'intents'),
    '--content', path.join(root, 'content'), ...store, ...args];
  const child = spawn(bin, full, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in ${timeoutMs} ms\nstdout: ${out}\nstderr: ${err}`));
    }, timeoutMs);
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on https?:\/\/([\d.]+):(\d+)\//.exec(out);
      if (m && timer) {
        clearTimeout(timer);
        const port = Number(m[2]);
        resolve({
          child, port,
          url: `http://127.0.0.1:${port}`,
          wsUrl: `ws://127.0.0.1:${port}/chat`,
          output: () => ({ stdout: out, stderr: err }),
          stop: () => stopChild(child),
        });
      }
    });
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      reject(new Error(`server exited early (code ${code}, signal ${sig})\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', (code) => { clearTimeout(t); resolve(code); });
    child.kill('SIGTERM');
  });
}

module.exports = { startServer };
