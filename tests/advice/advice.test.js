#!/usr/bin/env node
// advice.test.js CAREERBOT ROOT PART [--min P] [--verbose]
// Sends every message of tests/advice/PART.tsv to a new session (careerbot classify --lists) and
// checks the careers each reply lists against the data files themselves, not against the engine:
// every stated limit holds for every career (BLS entry education from content/pay.json, or the job
// zone; BLS median pay; the facets of content/facets.json; the fields of content/fields.json) and
// every career reflects at least one stated interest (a facet, an O*NET knowledge area rated 3.5 or
// more in content/knowledge.json, or one of the first two letters of its interest code). A reply
// that lists no careers fails. Prints the share of messages whose list satisfies everything and
// fails when it is below --min (percent). Format of the files: tests/advice/README.md.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const [bin, root, part, ...rest] = process.argv.slice(2);
if (!bin || !root || !part) {
  console.error('usage: advice.test.js CAREERBOT ROOT PART [--min P] [--verbose]');
  process.exit(2);
}
const min = rest.includes('--min') ? Number(rest[rest.indexOf('--min') + 1]) : -1;
const verbose = rest.includes('--verbose');
const content = path.join(root, 'content');
const readJson = (f) => JSON.parse(fs.readFileSync(path.join(content, f), 'utf8'));

const careers = {};
for (const f of fs.readdirSync(path.join(content, 'careers'))) {
  if (f.endsWith('.json')) {
    const r = readJson(path.join('careers', f));
    careers[r.id] = r;
  }
}
const pay = readJson('pay.json').careers;
const facets = readJson('facets.json').facets;
const knowledge = readJson('knowledge.json').careers;
const fields = {};
for (const f of readJson('fields.json').fields) fields[f.id] = f;
const LEVELS = ['No formal', 'High school', 'Some college', 'Postsecondary', 'Associate', 'Bachelor', 'Master', 'Doctoral'];
const ZONE_ENTRY = [-1, 1, 1, 3, 5, 6]; // job zone -> entry level, for careers BLS does not cover

function entry(id) {
  const ed = pay[id] && pay[id].education;
  if (ed) {
    const k = LEVELS.findIndex((p) => ed.startsWith(p));
    if (k >= 0) return k;
  }
  const z = careers[id].job_zone;
  return z >= 1 && z <= 5 ? ZONE_ENTRY[z] : -1;
}

function inField(id, f) {
  const r = careers[id];
  const code = r.soc || r.profile_from || '';
  if (f.careers && !f.careers.includes(id)) return false;
  if (f.soc && !f.soc.some((p) => code.startsWith(p))) return false;
  if (f.id_contains && !f.id_contains.some((p) => id.includes(p))) return false;
  if (f.riasec && (r.riasec || '')[0] !== f.riasec) return false;
  if (f.job_zone_max && !(r.job_zone <= f.job_zone_max)) return false;
  return true;
}

// Why career id breaks limit, or null when it holds.
function breaks(id, limit) {
  const [kind, arg] = limit.split(/<=|>=|:/);
  if (limit.startsWith('entry<=')) {
    const e = entry(id);
    return e < 0 || e > Number(arg) ? `entry level ${e}` : null;
  }
  if (limit.startsWith('pay>=')) {
    const m = pay[id] && pay[id].median;
    return !(m >= Number(arg)) ? `median ${m}` : null;
  }
  if (kind === 'no') return facets[arg].careers.includes(id) ? `is ${arg}` : null;
  if (kind === 'not') return inField(id, fields[arg]) ? `in ${arg}` : null;
  throw new Error(`unknown limit ${limit}`);
}

function reflects(id, interest) {
  const [kind, arg] = [interest.slice(0, interest.indexOf(':')), interest.slice(interest.indexOf(':') + 1)];
  if (kind === 'facet') return facets[arg].careers.includes(id);
  if (kind === 'knowledge') return !!(knowledge[id] && knowledge[id].knowledge[arg] >= 3.5);
  if (kind === 'riasec') return (careers[id].riasec || '').slice(0, 2).includes(arg);
  throw new Error(`unknown interest ${interest}`);
}

const file = path.join(root, 'tests', 'advice', `${part}.tsv`);
const rows = [];
fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
  if (!line.trim() || line.startsWith('#')) return;
  const c = line.split('\t');
  if (c.length !== 3) throw new Error(`${file}:${i + 1}: expected 3 tab-separated columns`);
  const list = (s) => (s.trim() === '-' ? [] : s.split(',').map((x) => x.trim()).filter(Boolean));
  rows.push({ line: i + 1, text: c[0].replace(/\s+/g, ' ').trim(), limits: list(c[1]), interests: list(c[2]) });
});

const out = execFileSync(bin, ['classify', '--lists', '-'], {
  input: rows.map((r) => r.text).join('\n') + '\n',
  encoding: 'utf8',
  maxBuffer: 1 << 26,
});
const got = out.split('\n').filter((l) => l.includes('\t')).slice(0, rows.length);
let ok = 0, empty = 0, limitFail = 0, interestFail = 0;
rows.forEach((r, k) => {
  const cols = (got[k] || '').split('\t');
  const ids = cols.length >= 4 && cols[cols.length - 1] !== '-' ? cols[cols.length - 1].split(',') : [];
  const problems = [];
  if (!ids.length) {
    empty++;
    problems.push(`no careers listed (${cols[0]})`);
  }
  let lim = false, int = false;
  for (const id of ids) {
    for (const l of r.limits) {
      const why = breaks(id, l);
      if (why) {
        lim = true;
        problems.push(`${id} breaks ${l}: ${why}`);
      }
    }
    if (r.interests.length && !r.interests.some((x) => reflects(id, x))) {
      int = true;
      problems.push(`${id} reflects none of ${r.interests.join(',')}`);
    }
  }
  limitFail += lim;
  interestFail += int;
  if (!problems.length) ok++;
  else if (verbose) console.log(`${file}:${r.line}: ${r.text}\n    ${problems.join('\n    ')}`);
});
const pct = (n) => ((100 * n) / rows.length).toFixed(1);
console.log(`${part}: ${rows.length} messages; every limit held and every career reflects the interests: ${ok} (${pct(ok)}%)`);
console.log(`  a limit broken: ${limitFail} (${pct(limitFail)}%); a career off the interests: ${interestFail} (${pct(interestFail)}%); no careers listed: ${empty} (${pct(empty)}%)`);
if (min >= 0 && (100 * ok) / rows.length < min) {
  console.log(`advice: ${pct(ok)}% is below --min ${min}`);
  process.exit(1);
}
