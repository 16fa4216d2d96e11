#!/usr/bin/env python3
"""The closing note of scripts/bench: issue 20's figures beside their targets, read from the JSON
lines of one run (build/bench.jsonl by default). Prints one JSON line (figure "targets") and, as
"# " lines, a table a person reads. A figure the run did not produce is "not measured"; nothing
here is asserted (benchmarks print, tests assert).

usage: python3 bench/summary.py [BENCH_JSONL]
"""
import json
import sys


def lines(path):
    out = []
    try:
        with open(path, encoding='utf-8') as f:
            for line in f:
                line = line.strip()
                if line.startswith('{'):
                    try:
                        out.append(json.loads(line))
                    except json.JSONDecodeError:
                        pass
    except OSError:
        pass
    return out


def first(rows, **want):
    for r in rows:
        if all(r.get(k) == v for k, v in want.items()):
            return r
    return None


def main():
    rows = lines(sys.argv[1] if len(sys.argv) > 1 else 'build/bench.jsonl')
    ratios = first(rows, figure='load_ratios', run='50x4') or {}
    hold = first(rows, figure='hold', target='careerbot') or {}
    growth = first(rows, figure='growth_ratios') or {}
    idle = first(rows, figure='idle', target='careerbot') or {}
    # Met only when every one of the chats was held.
    idle_kb = idle.get('kb_per_idle_connection') if idle.get('held') == idle.get('connections') else None
    w1 = first(rows, figure='load', target='careerbot', workers=1, connections=50) or {}
    w2 = first(rows, figure='load', target='careerbot', workers=2, connections=50) or {}
    p99_ms = hold.get('chat_p99_us') / 1000 if hold.get('chat_p99_us') is not None else None
    grow = (w2['turns_per_s'] / w1['turns_per_s']) if w1.get('turns_per_s') and w2.get('turns_per_s') else None
    # (name, figure, target text, met?)
    table = [
        ('server CPU per turn (SQLite) / echo floor', ratios.get('careerbot_vs_echo'), '<= 2',
         lambda v: v <= 2),
        ('server CPU per turn (SQLite) / RiveScript peer', ratios.get('careerbot_vs_peer'), '<= 0.125',
         lambda v: v <= 0.125),
        ('chatting p99 with 10,000 chats open (ms)', p99_ms, '< 5', lambda v: v < 5),
        ('KB per idle chat, 10,000 open', hold.get('kb_per_idle_connection'), '< 16', lambda v: v < 16),
        (f"KB per idle chat, {idle.get('connections', 50000):,} open", idle_kb, '< 16', lambda v: v < 16),
        ('turns/s with 2 workers / 1 worker', grow, '> 1 (grows)', lambda v: v > 1),
        ('replies/s at 16x intents / 1x', growth.get('replies_per_s_x16_over_x1'), '>= 0.9',
         lambda v: v >= 0.9),
    ]
    summary = {'figure': 'targets'}
    for name, v, target, ok in table:
        met = None if v is None else bool(ok(v))
        summary[name] = {'figure': None if v is None else round(v, 3), 'target': target, 'met': met}
        shown = 'not measured' if v is None else f'{v:.3f}'
        verdict = '' if met is None else ('met' if met else 'not met')
        print(f'# {name:48s} {shown:>14s}   target {target:12s} {verdict}')
    print(json.dumps(summary))


if __name__ == '__main__':
    main()
