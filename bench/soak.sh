#!/usr/bin/env bash
# The long soak: tests/integration/soak.test.js (the bounded one ctest runs) with thousands of
# clients for minutes. Each simulated person pauses about 2 s between messages (--think 2000), so
# 2,000 people send about as many messages a second as the 200 of the ctest run, over ten times the
# connections; the server's memory, descriptors and SQLite WAL are printed every 30 s, and the
# figures' JSON line is appended to build/soak.jsonl. Exits non-zero when a check fails.
#
# usage: bench/soak.sh [CLIENTS [SECONDS]] [more soak.test.js flags, e.g. --think 500 --seed 7]
#   defaults: 2000 clients, 600 s, a 30 s warm-up; SOAK_BIN picks another binary
#   (build-asan/careerbot works too: pass fewer clients).
set -euo pipefail
cd "$(dirname "$0")/.."
clients=2000
seconds=600
if [[ ${1:-} =~ ^[0-9]+$ ]]; then clients=$1; shift; fi
if [[ ${1:-} =~ ^[0-9]+$ ]]; then seconds=$1; shift; fi
bin=${SOAK_BIN:-build/careerbot}
[ -x "$bin" ] || { echo "no $bin: build first (cmake -S . -B build && cmake --build build)" >&2; exit 1; }
# A descriptor for each client in this process and in the server, and some to spare.
need=$((clients * 2 + 1024))
[ "$(ulimit -n)" -ge "$need" ] || ulimit -n "$need" 2>/dev/null || ulimit -n "$(ulimit -Hn)"
echo "soak: $clients clients, $seconds s, $bin, ulimit -n $(ulimit -n)"
mkdir -p build
exec node tests/integration/soak.test.js "$bin" "$PWD" --clients "$clients" --seconds "$seconds" \
  --warmup 30 --think 2000 --trace 30 --json build/soak.jsonl "$@"
