#!/usr/bin/env python3
"""How the engine's cost grows with its catalogue (issue 9, "How cost grows").

Intents: today's catalogue x1, x4 and x16. The extra intents are copies of the real ones with a new
id and every letter of their keywords and of the literal parts of their patterns shifted through
the alphabet (a different shift for each copy: "salary" becomes "tbmbsz"; the words of "prefilter"
clauses too), so they have the same
shape and regex cost as the real ones but never match the workload. Roles and examples are
dropped from the copies (a role exists once), and so are intents whose patterns hold no letters to
shift (the advice commands' catch-all "\\S": a copy would match everything). Careers: curated only, then with O*NET.

Each run is build/bench_engine on the same inputs, three times interleaved, the fastest kept; one
JSON line per configuration, then one line with the ratios (replies/s and p50 at x4 and x16 over
x1, with O*NET over curated). bench/profile.sh counts instructions instead, which noise leaves alone. Before timing, `careerbot
classify` checks that the x16 catalogue answers every input with the same intent as x1, so the
copies change the cost and nothing else. Asserts no times.

usage: bench/growth.py [--n N] [--reps R] [--inputs FILE] [--onet DIR] [--build DIR] [--keep DIR]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def shift(ch, k):
    if 'a' <= ch <= 'z':
        return chr((ord(ch) - 97 + k) % 26 + 97)
    if 'A' <= ch <= 'Z':
        return chr((ord(ch) - 65 + k) % 26 + 65)
    return ch


def shift_pattern(p, k):
    """Shifts the letters of a PCRE2 pattern's literals; leaves escapes (\\b, \\x{..}), group
    syntax ((?<name>, (?:, (?i), (*MARK:..)) and character classes as they are."""
    out = []
    i, n = 0, len(p)
    while i < n:
        c = p[i]
        if c == '\\':
            j = i + 2
            if i + 1 < n and p[i + 1] in 'xpPgkN' and j < n and p[j] == '{':
                j = p.index('}', j) + 1
            out.append(p[i:j])
            i = j
        elif c == '[':
            j = i + 1
            if j < n and p[j] == '^':
                j += 1
            if j < n and p[j] == ']':
                j += 1
            while j < n and p[j] != ']':
                if p[j] == '\\':
                    j += 1
                elif p.startswith('[:', j):
                    j = p.index(':]', j) + 1
                j += 1
            out.append(p[i:j + 1])
            i = j + 1
        elif p.startswith('(*', i):
            j = p.index(')', i) + 1
            out.append(p[i:j])
            i = j
        elif p.startswith('(?', i):
            j = i + 2
            if p.startswith('(?<', i) and i + 3 < n and p[i + 3] not in '=!':
                j = p.index('>', i) + 1
            elif p.startswith('(?P<', i):
                j = p.index('>', i) + 1
            else:
                while j < n and (p[j].isalpha() or p[j] in '-^'):
                    j += 1
            out.append(p[i:j])
            i = j
        elif c == '{':
            j = p.find('}', i)
            j = n if j < 0 else j + 1
            out.append(p[i:j])
            i = j
        else:
            out.append(shift(c, k))
            i += 1
    return ''.join(out)


def synthetic_intents(intents, copies):
    """copies x the intents, each copy shifted by a different k.

    Not every shift makes a copy that never matches: 5 turns the "v" of "X v Y" (career.compare) into
    "a", 13 and 10, 11, 6, 8, 19, 25 make other real words. These are the shifts whose single copy
    answered build/mix.txt exactly as the real catalogue did (2026-12-02); the classify check below
    still reports any drift."""
    shifts = [1, 2, 3, 4, 7, 9, 12, 14, 15, 16, 17, 18, 20, 21, 22, 23, 24][:copies]
    out = []
    for k in shifts:
        for it in intents:
            if it.get('role'):
                continue  # a role is required once; copies of role intents would clash
            if it.get('patterns') and all(shift_pattern(q, k) == q for q in it['patterns']):
                continue  # nothing to shift ('\\S', the advice commands that read every message): a copy would
                # still match the whole workload, and an engine command, like a role, exists once
            c = {key: v for key, v in it.items() if key not in ('examples', 'comment')}
            c['id'] = f"{it['id']}.syn{k}"
            if 'keywords' in c:
                c['keywords'] = [''.join(shift(ch, k) for ch in w) for w in c['keywords']]
            if 'prefilter' in c:  # the same words shifted: clauses of the same size that never hold
                c['prefilter'] = [dict(cl, words=[''.join(shift(ch, k) for ch in w) for w in cl['words']])
                                  for cl in c['prefilter']]
            if 'patterns' in c:
                c['patterns'] = [shift_pattern(p, k) for p in c['patterns']]
            out.append(c)
    return out


def make_intents_dir(dest, factor):
    os.makedirs(dest, exist_ok=True)
    real = []
    for f in sorted(os.listdir(os.path.join(ROOT, 'intents'))):
        if f.endswith('.json'):
            shutil.copy(os.path.join(ROOT, 'intents', f), dest)
            with open(os.path.join(ROOT, 'intents', f)) as fh:
                real.extend(json.load(fh).get('intents', []))
    if factor > 1:
        syn = synthetic_intents(real, factor - 1)
        with open(os.path.join(dest, 'zz_synthetic.json'), 'w') as fh:
            json.dump({'comment': f'generated by bench/growth.py: x{factor}', 'intents': syn}, fh, indent=1)
    count = 0
    for f in os.listdir(dest):
        with open(os.path.join(dest, f)) as fh:
            count += len(json.load(fh).get('intents', []))
    return count


def classify(build, intents_dir, inputs, onet):
    cmd = [os.path.join(build, 'careerbot'), 'classify', '--intents', intents_dir,
           '--content', os.path.join(ROOT, 'content')] + (['--onet', onet] if onet else []) + [inputs]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()


def bench(build, intents_dir, inputs, n, onet):
    cmd = [os.path.join(build, 'bench_engine'), os.path.join(ROOT, 'content'), intents_dir, inputs, '--n', str(n)]
    if onet:
        cmd += ['--onet', onet]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=50000)
    ap.add_argument('--reps', type=int, default=3)
    ap.add_argument('--inputs', default=os.path.join(ROOT, 'build', 'mix.txt'))
    ap.add_argument('--onet', default=os.path.join(ROOT, '..', 'shared', 'data', 'onet'))
    ap.add_argument('--build', default=os.path.join(ROOT, 'build'))
    ap.add_argument('--keep', help='write the generated intent folders here and keep them')
    a = ap.parse_args()
    onet = a.onet if os.path.isdir(a.onet) else None
    tmp = a.keep or tempfile.mkdtemp(prefix='careerbot-growth-')
    try:
        dirs = {}
        for f in (1, 4, 16):
            d = os.path.join(tmp, f'x{f}')
            dirs[f] = (d, make_intents_dir(d, f))
        # The copies must not change any answer: same intent for every input at x1 and x16.
        same = None
        try:
            c1 = classify(a.build, dirs[1][0], a.inputs, onet)
            c16 = classify(a.build, dirs[16][0], a.inputs, onet)
            same = sum(1 for x, y in zip(c1, c16) if x == y) / max(1, max(len(c1), len(c16)))
        except (subprocess.CalledProcessError, FileNotFoundError) as e:
            print(json.dumps({'figure': 'growth', 'warning': f'classify failed: {e}'}))
        # Each configuration runs --reps times, interleaved, and the fastest run counts: on a shared
        # machine the others are the ones another process disturbed.
        configs = [(f'intents_x{f}', dirs[f][0], onet,
                    {'axis': 'intents', 'factor': f, 'intents': dirs[f][1]}) for f in (1, 4, 16)]
        if onet:
            configs.append(('curated', dirs[1][0], None, {'axis': 'careers', 'careers': 'curated', 'intents': dirs[1][1]}))
        best = {}
        for _ in range(a.reps):
            for key, d, o, _extra in configs:
                r = bench(a.build, d, a.inputs, a.n, o)
                if key not in best or r['replies_per_s'] > best[key]['replies_per_s']:
                    best[key] = r
        runs = {}
        for key, _d, _o, extra in configs:
            r = dict(best[key], figure='growth', reps=a.reps, **extra)
            runs[key] = r
            print(json.dumps(r), flush=True)
        rate = lambda k: runs[k]['replies_per_s']
        summary = {
            'figure': 'growth_ratios',
            'inputs': os.path.relpath(a.inputs, ROOT),
            'n': a.n,
            'intents': {f'x{f}': dirs[f][1] for f in (1, 4, 16)},
            'same_intent_x16_vs_x1': None if same is None else round(same, 4),
            'replies_per_s_x4_over_x1': round(rate('intents_x4') / rate('intents_x1'), 3),
            'replies_per_s_x16_over_x1': round(rate('intents_x16') / rate('intents_x1'), 3),
            'p50_us_x4_over_x1': round(runs['intents_x4']['p50_us'] / runs['intents_x1']['p50_us'], 3),
            'p50_us_x16_over_x1': round(runs['intents_x16']['p50_us'] / runs['intents_x1']['p50_us'], 3),
            'p99_us_x16_over_x1': round(runs['intents_x16']['p99_us'] / runs['intents_x1']['p99_us'], 3),
        }
        if onet:
            summary['replies_per_s_onet_over_curated'] = round(rate('intents_x1') / rate('curated'), 3)
            summary['p50_us_onet_over_curated'] = round(runs['intents_x1']['p50_us'] / runs['curated']['p50_us'], 3)
        print(json.dumps(summary), flush=True)
    finally:
        if not a.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
