#!/usr/bin/env bash
# Black-box tests of the careerbot binary's command line: help, check, chat, bad usage.
# usage: cli.sh CAREERBOT REPO_ROOT
set -u
bin=$1
root=$2
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. "$(dirname "$0")/../lib/check.sh"

for cmd in serve chat check; do expect "--help lists $cmd" 0 "^  $cmd " "$bin" --help; done
for cmd in serve chat check; do
  expect "$cmd --help explains its options" 0 "usage: careerbot $cmd" "$bin" "$cmd" --help
done
expect "serve --help names every option" 0 "--listen.*" "$bin" serve --help
expect "no command is a usage error" 2 "usage: careerbot" "$bin"
expect "an unknown command is named" 2 'unknown command "frobnicate"' "$bin" frobnicate
expect "an unknown option is named" 2 'unknown option "--colour"' "$bin" chat --colour
expect "a bad port is refused" 2 "--port must be a number" "$bin" serve --port 99999
expect "a small message cap is refused" 2 "--max-message must be" "$bin" serve --max-message 100
expect "an option without its value" 2 "--port needs a value" "$bin" serve --port
expect "check passes on the repo's data" 0 "careers, [0-9]+ intents: all valid" "$bin" check --intents "$root/intents" --content "$root/content"

# A broken copy of the data: every problem is reported with file:line, and check fails.
cp -r "$root/intents" "$tmp/intents"
cp -r "$root/content" "$tmp/content"
first=$(ls "$tmp/content/careers" | head -1)
python3 - "$tmp/content/careers/$first" <<'PY'
import json, sys
p = sys.argv[1]
rec = json.load(open(p))
rec["salary"] = 100
rec["related"] = ["no-such-career"]
json.dump(rec, open(p, "w"), indent=2)
PY
printf '{"intents": [\n  {"id": "broken", "patterns": ["(unclosed"], "responses": ["x"]}\n]}\n' > "$tmp/intents/zz-broken.json"
expect "check reports an unknown field with file:line" 1 "careers/$first:[0-9]+: unknown field \"salary\"" \
  "$bin" check --intents "$tmp/intents" --content "$tmp/content"
expect "check reports a dangling reference with file:line" 1 "careers/$first:[0-9]+: related career \"no-such-career\" does not exist" \
  "$bin" check --intents "$tmp/intents" --content "$tmp/content"
expect "check reports a bad pattern with file:line" 1 "zz-broken.json:2: pattern error at offset" \
  "$bin" check --intents "$tmp/intents" --content "$tmp/content"
expect "check counts the problems" 1 "careerbot check: 3 problems found" \
  "$bin" check --intents "$tmp/intents" --content "$tmp/content"
# check's deeper findings: a pattern that backtracks without end on adversarial text, and an
# example that an earlier intent always answers (so its own intent can never win for it).
rm -rf "$tmp/intents2" && cp -r "$root/intents" "$tmp/intents2"
cat > "$tmp/intents2/zz-deep.json" <<'JSON'
{"intents": [
  {"id": "zz.bomb", "priority": 1, "patterns": ["^(?:a|a?)+$", "^(\\w+\\s?)*x$"], "responses": ["x"]},
  {"id": "zz.shadowed", "priority": 1, "patterns": ["\\bhello\\b"],
   "examples": ["hello"], "responses": ["never"]}
]}
JSON
expect "check reports a pattern that hits the match limit, with file:line" 1 \
  "zz-deep.json:2: intent zz.bomb, pattern [12]: .*limit.* on adversarial string" \
  "$bin" check --intents "$tmp/intents2" --content "$root/content"
expect "check reports an example that an earlier intent answers" 1 \
  "zz-deep.json:4: example \"hello\" of intent zz.shadowed is answered by chat.greeting, which comes first" \
  "$bin" check --intents "$tmp/intents2" --content "$root/content"
# A button whose text another intent answers, and one meant for no intent: check names both.
rm -rf "$tmp/intents3" && cp -r "$root/intents" "$tmp/intents3"
sed -i '0,/"intent": "career.workplace"/s//"intent": "career.duties"/' "$tmp/intents3/careers.json"
line=$(grep -n '"intent": "career.duties"' "$tmp/intents3/careers.json" | head -1 | cut -d: -f1)
expect "check reports a quick reply answered by another intent than it declares" 1 \
  "careers.json:$((line - 2)): quick reply \"Workplace of [^\"]*\" .* is answered by career.workplace, not career.duties" \
  "$bin" check --intents "$tmp/intents3" --content "$root/content"
sed -i '0,/"intent": "chat.help"/s//"intent": "chat.nowhere"/' "$tmp/intents3/conversation.json"
expect "check reports a quick reply meant for no intent" 1 \
  "is meant for \"chat.nowhere\", which is no intent" \
  "$bin" check --intents "$tmp/intents3" --content "$root/content"
# The career test's buttons name their intents too (content/test/test.json).
rm -rf "$tmp/content3" && cp -r "$root/content" "$tmp/content3"
sed -i 's/"intent": "test.why"/"intent": "test.nowhere"/' "$tmp/content3/test/test.json"
expect "check reports a career-test button meant for no intent" 1 \
  "test.json:[0-9]+: a button is meant for \"test.nowhere\", which is no intent" \
  "$bin" check --intents "$root/intents" --content "$tmp/content3"
sed -i 's/"intent": "test.nowhere",//' "$tmp/content3/test/test.json"
expect "check reports a career-test button without an intent" 1 \
  "test.json:[0-9]+: button \"why\" needs \"intent\"" \
  "$bin" check --intents "$root/intents" --content "$tmp/content3"
expect "chat refuses to start on broken data" 1 "problems in the data" \
  "$bin" chat --intents "$tmp/intents" --content "$tmp/content"
expect "a missing folder is named" 1 "/nonexistent:0: cannot open the intents folder" \
  "$bin" check --intents /nonexistent --content "$root/content"

# The terminal chat: one reply per line, quick replies as "  > " lines, a blank line after each.
out=$(printf 'hello\nwhat does an ML engineer do?\n\nasdfgh\n' | "$bin" chat 2>&1)
# Replies hold blank lines of their own, so count them by what each one says: a greeting, the ML
# engineer, and two fallbacks (the empty line and "asdfgh"), each followed by its quick replies.
greet=$(printf '%s\n' "$out" | grep -c "I'm careerbot")
fallbacks=$(printf '%s\n' "$out" | grep -cE "Try one of these:|For example:")
if [ "$greet" -eq 1 ] && [ "$fallbacks" -eq 2 ]; then ok "chat prints one reply per input line"; else no "chat: $greet greetings and $fallbacks fallbacks for 4 lines" "$out"; fi
if printf '%s' "$out" | grep -q "Deploy models"; then ok "chat answers about the ML engineer"; else no "chat: no duties in the ML engineer answer" "$out"; fi
if printf '%s' "$out" | grep -q '\*\*'; then no "chat shows markdown markers" "$out"; else ok "chat drops **bold** markers"; fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
