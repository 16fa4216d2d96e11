'use strict';
// The Debian package (issue 21): scripts/package builds it with CPack; dpkg-deb and lintian check
// it; it is extracted into a temporary root, its systemd unit passes systemd-analyze verify, and the
// extracted binary serves a chat from the extracted data with the packaged config file.
// usage: node package.test.js REPO_ROOT BUILD_DIR VERSION
const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { Chat } = require('../lib/chat');

const [root, buildDir, version] = process.argv.slice(2);
let passed = 0;
let failed = 0;
function check(ok, what, detail) {
  if (ok) { passed++; console.log(`ok - ${what}`); } else { failed++; console.log(`not ok - ${what}${detail ? `\n    ${String(detail).slice(0, 3000).replace(/\n/g, '\n    ')}` : ''}`); }
}
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  return { status: r.status, out: `${r.stdout || ''}${r.stderr || ''}`, stdout: r.stdout || '' };
}

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    }).on('error', reject);
  });
}

// Starts the extracted binary; resolves with its port once it prints its listening line.
function serve(bin, args, env) {
  const child = spawn(bin, ['serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no listening line\n${out}\n${err}`)); }, 30000);
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/[\d.]+:(\d+)\//.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, port: Number(m[1]), log: () => err }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited early (${code})\n${out}\n${err}`)); });
  });
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'careerbot-package-'));
  try {
    // 1. Build it. The package build folder is kept in BUILD_DIR, so later runs only rebuild changes.
    const built = run(path.join(root, 'scripts/package'), ['--build-dir', path.join(buildDir, 'package-build'), '--out', tmp]);
    check(built.status === 0, 'scripts/package builds the package and lintian reports no error', built.out);
    const deb = path.join(tmp, `careerbot_${version}_${execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim()}.deb`);
    if (!fs.existsSync(deb)) { check(false, `the package is ${deb}`, fs.readdirSync(tmp).join(' ')); return; }
    check(/package: lintian: 0 errors/.test(built.out), 'scripts/package prints lintian\'s count', built.out);

    // 2. dpkg-deb: the control fields and the files.
    const field = (f) => execFileSync('dpkg-deb', ['-f', deb, f], { encoding: 'utf8' }).trim();
    check(field('Package') === 'careerbot' && field('Version') === version, `Package careerbot, Version ${version}`, `${field('Package')} ${field('Version')}`);
    const depends = field('Depends');
    for (const lib of ['libc6', 'libwebsockets', 'libcjson', 'libpcre2-8', 'libsqlite3', 'libhiredis', 'procps'])
      check(depends.includes(lib), `Depends names ${lib} (from dpkg-shlibdeps)`, depends);
    const control = path.join(tmp, 'control');
    execFileSync('dpkg-deb', ['-e', deb, control]);
    check(fs.readFileSync(path.join(control, 'conffiles'), 'utf8').split('\n').includes('/etc/careerbot/careerbot.conf'),
      'the config file is a conffile (an edited one survives upgrades)');
    for (const s of ['postinst', 'prerm', 'postrm'])
      check((fs.statSync(path.join(control, s)).mode & 0o777) === 0o755, `${s} is there, mode 755`);
    const contents = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8', maxBuffer: 16 << 20 });
    const files = contents.split('\n').filter(Boolean).map((l) => l.replace(/^.*? \.\//, '/'));
    for (const f of ['/usr/bin/careerbot', '/usr/share/careerbot/web/index.html', '/usr/share/careerbot/web/widget.js',
      '/usr/share/careerbot/intents/server.json', '/usr/share/careerbot/content/pay.json',
      '/lib/systemd/system/careerbot.service', '/etc/careerbot/careerbot.conf', '/usr/share/doc/careerbot/NOTICE',
      '/usr/share/doc/careerbot/copyright', '/usr/share/doc/careerbot/changelog.gz', '/usr/share/man/man1/careerbot.1.gz'])
      check(files.includes(f), `the package holds ${f}`);
    const stray = files.filter((f) => !/^\/(usr\/bin\/careerbot$|usr\/share\/man\/man1\/careerbot\.1\.gz$|usr\/share\/(careerbot|doc\/careerbot)\/|lib\/systemd\/system\/|etc\/careerbot\/)/.test(f) &&
      !/\/$/.test(f));
    check(stray.length === 0, 'no file outside bin, share/careerbot, the doc folder, the man page, the unit and /etc/careerbot', stray.join('\n'));
    check(contents.split('\n').filter(Boolean).every((l) => / root\/root /.test(l)), 'every file belongs to root', contents.slice(0, 300));
    check(!files.some((f) => /\/var\/lib\//.test(f)), 'no session file is shipped (the state directory is made by systemd)');

    // 3. lintian itself: no error.
    const lint = run('lintian', ['--tag-display-limit', '0', deb]);
    const errors = lint.out.split('\n').filter((l) => /^E: /.test(l));
    check(errors.length === 0, 'lintian reports no error', lint.out);

    // 4. Extract it into a temporary root.
    const r = path.join(tmp, 'root');
    execFileSync('dpkg-deb', ['-x', deb, r]);
    const bin = path.join(r, 'usr/bin/careerbot');
    check(run('file', [bin]).out.includes('stripped') && !run('file', [bin]).out.includes('not stripped'), 'the binary is stripped', run('file', [bin]).out);
    check(run(bin, ['--version']).stdout.trim() === `careerbot ${version}`, `careerbot --version prints ${version}`, run(bin, ['--version']).out);
    const help = run(bin, ['serve', '--help']).stdout;
    check(help.includes(`[default: ${r}/usr/share/careerbot/web]`), 'the extracted binary defaults to its extracted data', help.split('\n').slice(0, 12).join('\n'));

    // 5. The unit: hardened, and systemd-analyze verify passes.
    const unitPath = path.join(r, 'lib/systemd/system/careerbot.service');
    const unit = fs.readFileSync(unitPath, 'utf8');
    for (const line of ['Type=notify', 'ExecStart=/usr/bin/careerbot serve --config /etc/careerbot/careerbot.conf',
      'ExecReload=/bin/kill -HUP $MAINPID', 'Restart=on-failure', 'StateDirectory=careerbot', 'DynamicUser=yes',
      'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes', 'NoNewPrivileges=yes',
      'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6', 'SystemCallFilter=@system-service', 'CapabilityBoundingSet='])
      check(unit.split('\n').includes(line), `the unit says ${line}`);
    check(!/^MemoryDenyWriteExecute=/m.test(unit) && /MemoryDenyWriteExecute=.*\n.*JIT/.test(unit),
      'MemoryDenyWriteExecute stays off, and the unit says why (PCRE2\'s JIT)');
    // verify checks that ExecStart's binary exists: unless the package is installed here, point it
    // at the extracted one (the rest of the unit is verified as shipped).
    const vdir = path.join(tmp, 'verify');
    fs.mkdirSync(vdir);
    const vunit = fs.existsSync('/usr/bin/careerbot') ? unit : unit.replace('ExecStart=/usr/bin/careerbot', `ExecStart=${bin}`);
    fs.writeFileSync(path.join(vdir, 'careerbot.service'), vunit);
    // Documentation= names man:careerbot(1): man finds it in the extracted tree.
    const verify = run('systemd-analyze', ['verify', path.join(vdir, 'careerbot.service')],
      { env: { ...process.env, MANPATH: path.join(r, 'usr/share/man') } });
    check(verify.status === 0 && !/careerbot\.service/.test(verify.out), 'systemd-analyze verify passes on the unit', verify.out);
    const sec = run('systemd-analyze', ['security', '--offline=yes', path.join(vdir, 'careerbot.service')]);
    const exposure = /Overall exposure level for careerbot\.service: ([\d.]+)/.exec(sec.out);
    check(exposure && Number(exposure[1]) <= 2.0, `systemd-analyze security rates the sandbox 2.0 or less (${exposure && exposure[1]})`, sec.out.slice(-600));

    // 6. Serve a chat from the extracted tree with its config file (flags override the port and the
    // store, which the package keeps in /var/lib/careerbot).
    const conf = path.join(r, 'etc/careerbot/careerbot.conf');
    check(/^db = \/var\/lib\/careerbot\/sessions\.db$/m.test(fs.readFileSync(conf, 'utf8')), 'the config keeps sessions in /var/lib/careerbot');
    const db = path.join(tmp, 'sessions.db');
    const srv = await serve(bin, ['--config', conf, '--port', '0', '--db', db], {});
    try {
      // The start event follows the listening line (stdout) on stderr.
      for (let i = 0; i < 300 && !/event=start /.test(srv.log()); i++) await new Promise((res) => setTimeout(res, 100));
      const log = srv.log();
      const start = /event=start port=\d+ careers=(\d+) intents=(\d+) store=(\S+)/.exec(log);
      check(start && Number(start[1]) >= 300 && Number(start[2]) > 50 && start[3] === 'sqlite', 'it starts with the packaged careers and intents, on SQLite', log);
      const page = await get(`http://127.0.0.1:${srv.port}/`);
      check(page.status === 200 && page.body === fs.readFileSync(path.join(r, 'usr/share/careerbot/web/index.html'), 'utf8'),
        'GET / is the packaged index.html', `${page.status} ${page.body.slice(0, 200)}`);
      const widget = await get(`http://127.0.0.1:${srv.port}/widget.js`);
      check(widget.status === 200 && widget.body.length > 1000, 'GET /widget.js is served');
      const c = await Chat.open(`ws://127.0.0.1:${srv.port}/chat`);
      const { welcome } = await c.hello(null);
      check(welcome.type === 'welcome' && /^[0-9a-f]{32}$/.test(welcome.session), 'a chat opens with a session', JSON.stringify(welcome));
      const reply = await c.say('what does an ML engineer do?');
      check(reply.type === 'reply' && reply.intent === 'career.describe' && reply.career && reply.career.id === 'machine-learning-engineer',
        'it answers "what does an ML engineer do?" from the packaged data', JSON.stringify(reply).slice(0, 400));
      await c.close();
      check(fs.existsSync(db), 'the session is in the SQLite file named on the command line (flags override the file)');
    } finally {
      srv.child.kill('SIGTERM');
      await new Promise((res) => srv.child.once('exit', res));
    }
    check(srv.child.exitCode === 0, 'SIGTERM stops it cleanly (exit 0)', `exit ${srv.child.exitCode}`);
    const size = fs.statSync(deb).size;
    console.log(`# package: ${path.basename(deb)}, ${Math.round(size / 1024)} KiB, installed ${field('Installed-Size')} KiB; Depends: ${depends}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main()
  .catch((e) => { check(false, 'the test ran to the end', e.stack); })
  .finally(() => { console.log(`${passed} passed, ${failed} failed`); process.exit(failed ? 1 : 0); });
