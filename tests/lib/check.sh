# Shared by the shell tests (cli.sh, service.sh): TAP-style ok/no counters and expect.
# The sourcing script sets pass=0 and fail=0.

ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | sed 's/^/    /' | head -20; }

# expect NAME EXPECTED_STATUS REGEX CMD...: runs CMD, checks its exit status and that stdout+stderr match REGEX
expect() {
  local name=$1 want=$2 re=$3
  shift 3
  local out
  out=$("$@" 2>&1)
  local rc=$?
  if [ "$rc" -ne "$want" ]; then no "$name (exit $rc, wanted $want)" "$out"; return; fi
  if ! printf '%s' "$out" | grep -Eq -- "$re"; then no "$name (output does not match /$re/)" "$out"; return; fi
  ok "$name"
}
