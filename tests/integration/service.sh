#!/usr/bin/env bash
# The command line of careerbot as a service (issue 21): --version, serve --config FILE (every
# problem as FILE:LINE, flags override the file, secrets from the file with a warning when others
# may read it), --log-format json, the journal's priority prefix, and the readiness datagram
# (sd_notify READY=1 / STOPPING=1) that a Type=notify unit waits for.
# usage: service.sh CAREERBOT REPO_ROOT VERSION
set -u
bin=$1
root=$2
version=$3
pass=0
fail=0
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

. "$(dirname "$0")/../lib/check.sh"

# start ARGS...: serve in the background (sets pid and port; stdout in $tmp/out, stderr in $tmp/err)
start() {
  "$bin" serve "$@" >"$tmp/out" 2>"$tmp/err" &
  pid=$!
  port=
  for _ in $(seq 300); do
    port=$(sed -n 's/.*listening on http:\/\/[0-9.]*:\([0-9]*\)\/.*/\1/p' "$tmp/out")
    [ -n "$port" ] && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  return 1
}
stop() {
  kill -TERM "$pid" 2>/dev/null
  wait "$pid"
  local rc=$?
  pid=
  return $rc
}

expect "--version prints the version from CMake" 0 "^careerbot $version\$" "$bin" --version
expect "--help lists backup" 0 "^  backup " "$bin" --help
expect "serve --help explains --config" 0 "--config FILE" "$bin" serve --help
expect "serve --help explains --log-format" 0 "--log-format FORMAT" "$bin" serve --help

# Every problem of a config file is reported as FILE:LINE.
conf=$tmp/careerbot.conf
badconf() { printf '%b' "$1" >"$conf"; }
badconf '# a comment\n\nport = 99999\n'
expect "a wrong value is FILE:LINE, as the flag's own message" 2 "^$conf:3: port must be a number from 0 to 65535, not \"99999\"\$" "$bin" serve --config "$conf"
badconf 'listen = 127.0.0.1\ncolour = blue\n'
expect "an unknown key is FILE:LINE" 2 "^$conf:2: unknown option \"colour\"" "$bin" serve --config "$conf"
badconf 'port 8080\n'
expect "a line without = is FILE:LINE" 2 "^$conf:1: expected \"key = value\", not \"port 8080\"" "$bin" serve --config "$conf"
badconf '\n\nkeep-unanswered = maybe\n'
expect "a switch takes yes or no" 2 "^$conf:3: keep-unanswered is a switch: write yes or no, not \"maybe\"" "$bin" serve --config "$conf"
badconf 'metrics-token = "unclosed\n'
expect "an unclosed quote is FILE:LINE" 2 "^$conf:1: the quoted value is not closed" "$bin" serve --config "$conf"
badconf '--port = 8080\n'
expect "a key with dashes is FILE:LINE" 2 "^$conf:1: write the option without its dashes" "$bin" serve --config "$conf"
badconf 'port =\n'
expect "a key without value is FILE:LINE" 2 "^$conf:1: no value for \"port\"" "$bin" serve --config "$conf"
badconf 'max-message = 10\nallow-origin = not a url\n'
expect "the first problem stops it, with its line" 2 "^$conf:1: max-message must be 8192" "$bin" serve --config "$conf"
badconf 'tls-cert = /x.pem\n'
expect "checks across options still apply" 2 "tls-cert and --tls-key go together" "$bin" serve --config "$conf"
expect "a missing config file is named" 2 "--config $tmp/none.conf: No such file or directory" "$bin" serve --config "$tmp/none.conf"
expect "--config without a value" 2 "--config needs a value" "$bin" serve --config
expect "--config comes once" 2 "--config comes once" "$bin" serve --config "$conf" --config="$conf"
expect "--log-format names its choices" 2 "--log-format must be text or json, not \"xml\"" "$bin" serve --log-format xml

# The file, then the flags: the flag's --db wins over the file's db.
cat >"$conf" <<CONF
# careerbot test config
listen = 127.0.0.1
port = 0
db = $tmp/from-file.db
keep-unanswered = yes
limit-loopback = no
log-format = json
trusted-proxy = 127.0.0.1
metrics-token = "s3cret #1"
CONF
chmod 644 "$conf"
if start --config "$conf" --db "$tmp/from-flag.db"; then
  ok "serve starts with a config file"
  [ -f "$tmp/from-flag.db" ] && [ ! -f "$tmp/from-file.db" ] && ok "a flag overrides the file (--db)" ||
    no "a flag overrides the file (--db)" "$(ls "$tmp")"
  grep -q "warning: $conf holds a secret" "$tmp/err" && ok "a secret in a file others may read is warned about" ||
    no "a secret in a file others may read is warned about" "$(cat "$tmp/err")"
  # The token from the file guards /metrics for requests through the trusted proxy.
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 203.0.113.9' "http://127.0.0.1:$port/metrics")
  [ "$code" = 401 ] || [ "$code" = 403 ] && ok "/metrics through the proxy without the token is refused ($code)" ||
    no "/metrics through the proxy without the token is refused" "$code"
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 203.0.113.9' -H 'Authorization: Bearer s3cret #1' "http://127.0.0.1:$port/metrics")
  [ "$code" = 200 ] && ok "the metrics token comes from the file (quoted, with a #)" || no "the metrics token comes from the file" "$code"
  # --log-format json from the file: every line is one JSON object.
  if python3 - "$tmp/err" <<'PY'; then ok "log-format = json: the start event is JSON, the port a number"; else no "log-format = json" "$(cat "$tmp/err")"; fi
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
start = [e for e in events if e.get("event") == "start"]
assert start and isinstance(start[0]["port"], int) and start[0]["level"] == "info" and start[0]["store"].startswith("sqlite"), events
assert start[0]["time"].endswith("Z")
PY
  stop && ok "SIGTERM stops it (exit 0)" || no "SIGTERM stops it (exit 0)"
  python3 - "$tmp/err" <<'PY' && ok "every log line is JSON" || no "every log line is JSON" "$(cat "$tmp/err")"
import json, sys
lines = [l for l in open(sys.argv[1]) if l.strip() and not l.startswith("careerbot serve: warning")]
assert lines and all(isinstance(json.loads(l), dict) for l in lines)
assert any(json.loads(l).get("event") == "stop" for l in lines)
PY
else
  no "serve starts with a config file" "$(cat "$tmp/out" "$tmp/err")"
fi
chmod 600 "$conf"
if start --config "$conf" --db "$tmp/from-flag.db"; then
  grep -q "holds a secret" "$tmp/err" && no "no warning once the file is private" "$(cat "$tmp/err")" || ok "no warning once the file is private"
  stop
else
  no "serve starts with a private config file" "$(cat "$tmp/err")"
fi

# A failure to start, as JSON, and with the journal's priority when stderr is the journal.
expect "a start failure is a JSON event" 1 '"event":"start_failed","reason":"web_folder"' \
  "$bin" serve --log-format json --port 0 --memory-only --web "$tmp/no-web"
exec 3>"$tmp/journal"
js=$(stat -c '%d:%i' "$tmp/journal")
JOURNAL_STREAM=$js "$bin" serve --port 0 --memory-only --web "$tmp/no-web" 2>&3
exec 3>&-
grep -q '^<3>careerbot: level=error event=start_failed' "$tmp/journal" &&
  ok "to the journal, an error line starts with <3>" || no "to the journal, an error line starts with <3>" "$(cat "$tmp/journal")"
"$bin" serve --port 0 --memory-only --web "$tmp/no-web" 2>"$tmp/plain"
grep -q '^careerbot: level=error event=start_failed' "$tmp/plain" &&
  ok "elsewhere no priority prefix" || no "elsewhere no priority prefix" "$(cat "$tmp/plain")"

# Readiness: READY=1 once it listens, STOPPING=1 on SIGTERM, on a path and an abstract socket.
for kind in path abstract; do
  if python3 - "$bin" "$tmp" "$kind" <<'PY'; then ok "sd_notify ($kind socket): READY=1 after the listening line, STOPPING=1 on SIGTERM"; else no "sd_notify ($kind socket)"; fi
import os, signal, socket, subprocess, sys
binary, tmp, kind = sys.argv[1:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
if kind == "path":
    addr = name = os.path.join(tmp, "notify.sock")
else:
    name = "@careerbot-notify-test-%d" % os.getpid()
    addr = "\0" + name[1:]
s.bind(addr)
s.settimeout(60)
p = subprocess.Popen([binary, "serve", "--port", "0", "--memory-only"], stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL, env=dict(os.environ, NOTIFY_SOCKET=name))
try:
    first = s.recv(4096).decode()
    line = p.stdout.readline().decode()
    assert "READY=1" in first.split("\n"), first
    assert "listening on http://" in line, line
    p.send_signal(signal.SIGTERM)
    second = s.recv(4096).decode()
    assert "STOPPING=1" in second.split("\n"), second
    assert p.wait(30) == 0
except Exception as e:
    print("    ", repr(e))
    p.kill()
    sys.exit(1)
PY
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
