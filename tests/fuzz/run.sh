#!/usr/bin/env bash
# Runs one libFuzzer target for a while and prints what it did.
#
#   tests/fuzz/run.sh FUZZ_BINARY TARGET SECONDS [WORKDIR]
#
# The seeds in tests/fuzz/corpus/TARGET are read, never written. New corpus entries go to
# WORKDIR/corpus and crashing inputs to WORKDIR/crashes; without WORKDIR both go to a temporary
# folder that is removed afterwards unless something was found. Ends with one line:
#   fuzz_TARGET: N executions in S s (R exec/s), corpus C inputs, F findings
# and exits non-zero when the target crashed, leaked, hung or broke an invariant.
# FUZZ_KEEP_GOING=1 (scripts/fuzz sets it) runs libFuzzer's fork mode, which records a finding and
# goes on fuzzing rather than stopping at the first one.
set -uo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 FUZZ_BINARY TARGET SECONDS [WORKDIR]" >&2
  exit 2
fi
bin=$1 target=$2 seconds=$3
here=$(cd "$(dirname "$0")" && pwd)
seeds=$here/corpus/$target
temp=0
if [ $# -ge 4 ]; then
  work=$4
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/careerbot-fuzz-$target-XXXXXX")
  temp=1
fi
mkdir -p "$work/corpus" "$work/crashes"

# Inputs past these sizes only cost time: the engine reads 4,096 bytes of a message, the protocol
# refuses texts over 2,000, and our data files are a few KB each.
case $target in
  protocol) max_len=4200 ;;
  engine) max_len=4200 ;;
  session) max_len=8192 ;;
  *) max_len=16384 ;;
esac
args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2560 -max_len="$max_len"
      -artifact_prefix="$work/crashes/" -print_final_stats=1)
[ -f "$here/$target.dict" ] && args+=(-dict="$here/$target.dict")
[ "${FUZZ_KEEP_GOING:-0}" = 1 ] && args+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)

log=$work/fuzz.log
started=$(date +%s)
# fuzz_engine writes the session that led to an ASan report here (see fuzz_engine.c).
FUZZ_ENGINE_STATE=$work/crashes/session-before-crash.json "$bin" "${args[@]}" "$work/corpus" "$seeds" >"$log" 2>&1
rc=$?
elapsed=$(($(date +%s) - started))

runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)
rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log" | tail -1)
corp=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1 | sed 's/corp: //')
if [ -z "$runs" ]; then
  # Fork mode prints no final stats; its status lines read "#RUNS: cov: .. corp: N exec/s R ...".
  last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1)
  runs=$(printf '%s' "$last" | sed -nE 's/^#([0-9]+):.*/\1/p')
  [ -n "$runs" ] && rate=$((runs / (elapsed > 0 ? elapsed : 1)))
  corp=$(printf '%s' "$last" | sed -nE 's/.*corp: ([0-9]+) .*/\1/p')
fi
findings=$(find "$work/crashes" -type f ! -name 'session-before-crash.json' | wc -l)
if [ "$rc" -ne 0 ] || [ "$findings" -gt 0 ]; then
  # The report: sanitizer output or the failed invariant, and the input that caused it.
  grep -E -A40 '^==[0-9]+==ERROR|runtime error|invariant failed|ERROR: libFuzzer' "$log" | head -120
  echo "log: $log"
  find "$work/crashes" -type f | sed 's/^/finding: /'
fi
echo "fuzz_$target: ${runs:-0} executions in $elapsed s (${rate:-0} exec/s), corpus ${corp:-?} (libFuzzer: inputs[/bytes]) in $work/corpus, $findings findings (exit $rc)"
if [ "$temp" -eq 1 ] && [ "$rc" -eq 0 ] && [ "$findings" -eq 0 ]; then
  rm -rf "$work"
fi
[ "$rc" -eq 0 ] && [ "$findings" -eq 0 ]
