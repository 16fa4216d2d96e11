#!/usr/bin/env bash
# Profiles careerbot with valgrind --tool=callgrind: instruction counts, which do not drift with
# the load of a shared machine the way times do. Prints one JSON line per figure and, as "# "
# lines, the top functions. Takes about 3 minutes. Needs a build, valgrind and node.
#   engine   bench_engine on build/mix.txt with O*NET, 4,000 replies, counted inside engine_respond
#            only, with today's intents (x1) and 16 times as many (bench/growth.py's copies)
#   server   careerbot serve under callgrind, --memory-only and with its default SQLite store,
#            loaded by bench/load.js (10 connections, window 1, 10 s); instructions per message
#            of the message handler and of its parts (engine, session save, reply, store)
# usage: bench/profile.sh [OUT_DIR]   (callgrind files are kept there; default a temp dir)
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-$(mktemp -d /tmp/careerbot-profile-XXXXXX)}
mkdir -p "$out"
ONET=../shared/data/onet
ONETARG=(); [ -d "$ONET" ] && ONETARG=(--onet "$ONET")
[ -s build/mix.txt ] || python3 bench/make_mix.py "${ONETARG[@]}" > build/mix.txt
python3 -c "import sys; sys.path.insert(0, 'bench'); import growth
for f in (1, 16): growth.make_intents_dir('$out/intents-x%d' % f, f)"

# Prints the total Ir of a callgrind file, the inclusive Ir of the named functions, the top self cost.
summ() { callgrind_annotate --inclusive=yes "$1" 2>/dev/null; }
incl() { summ "$1" | grep -E "^ *[0-9,]+ .*[ /:]$2 \[" | head -1 | awk '{gsub(",", "", $1); print $1}'; }

for f in 1 16; do
  valgrind --tool=callgrind --callgrind-out-file="$out/engine-x$f.cg" --toggle-collect=engine_respond \
    build/bench_engine content "$out/intents-x$f" build/mix.txt --n 4000 "${ONETARG[@]}" >/dev/null 2>&1
  total=$(incl "$out/engine-x$f.cg" engine_respond)
  quiz=$(incl "$out/engine-x$f.cg" quiz_parse_answer)
  render=$(incl "$out/engine-x$f.cg" render_reply)
  words=$(incl "$out/engine-x$f.cg" text_words_split)
  pcre=$(incl "$out/engine-x$f.cg" pcre2_match_8)
  printf '{"figure":"profile_engine","intents":"x%s","replies":4000,"instructions_per_reply":%s,"share_pcre2_match":%s,"share_quiz_parse_answer":%s,"share_render_reply":%s,"share_text_words_split":%s}\n' \
    "$f" $((total / 4000)) "$(echo "scale=3; ${pcre:-0}/$total" | bc)" "$(echo "scale=3; ${quiz:-0}/$total" | bc)" \
    "$(echo "scale=3; ${render:-0}/$total" | bc)" "$(echo "scale=3; ${words:-0}/$total" | bc)"
  callgrind_annotate "$out/engine-x$f.cg" 2>/dev/null | grep -E "^ *[0-9,]+ \(" | sed -n 2,13p | sed "s/^/# engine x$f self: /" | cut -c1-170
done

port_of() { sed -n 's/.*listening on http:\/\/[0-9.]*:\([0-9]*\)\/.*/\1/p' "$1" | head -1; }
for store in memory sqlite; do
  args=(--memory-only); [ "$store" = sqlite ] && args=(--db "$out/sessions.db")
  valgrind --tool=callgrind --callgrind-out-file="$out/server-$store.cg" \
    build/careerbot serve --listen 127.0.0.1 --port 0 --workers 1 "${args[@]}" >"$out/server-$store.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do port=$(port_of "$out/server-$store.log"); [ -n "$port" ] && break; sleep 0.1; done
  if [ -z "$port" ]; then echo "{\"figure\":\"profile_server\",\"store\":\"$store\",\"error\":\"did not start\"}"; kill "$pid"; continue; fi
  node bench/load.js --url "ws://127.0.0.1:$port/chat" --pid "$pid" --runs 10x1 --seconds 10 --warmup 1 >/dev/null
  msgs=$(curl -s "http://127.0.0.1:$port/healthz" | sed -n 's/.*"messages":\([0-9]*\).*/\1/p')
  kill -TERM "$pid"; wait "$pid"
  f="$out/server-$store.cg"
  per() { local v; v=$(incl "$f" "$1"); echo $(( ${v:-0} / msgs )); }
  save=$(per save_session); blob=$(per engine_session_save)
  # store_put: what save_session spends beyond making the blob (the store itself).
  printf '{"figure":"profile_server","store":"%s","messages":%s,"instructions_per_message":{"handle_message":%s,"engine_respond":%s,"save_session":%s,"engine_session_save":%s,"store_put":%s,"proto_reply":%s,"proto_parse":%s}}\n' \
    "$store" "$msgs" "$(per 'handle_message[.a-z0-9]*')" "$(per engine_respond)" "$save" "$blob" $((save - blob)) \
    "$(per proto_reply)" "$(per proto_parse)"
done
echo "# callgrind files in $out (callgrind_annotate --inclusive=yes FILE)"
