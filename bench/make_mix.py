#!/usr/bin/env python3
"""Writes a realistic mix of career-chat messages for bench_engine, one per line.

usage: bench/make_mix.py [--onet DIR] [--n N] [--seed S] > mix.txt

The mix: question templates of every kind people ask (what a career is, duties, skills, education,
workplace, pay, specialisations, related careers, comparisons, fit, browsing, follow-ups, the career
test, small talk, nonsense), filled with career names drawn from content/careers (titles and other
names) and, with --onet, from O*NET's occupation titles, in the forms people type them: plural,
lower case, without an article, sometimes with a typo. Plus every line of
tests/utterances/career_questions.txt. Deterministic for a seed.
"""
import glob
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
args = sys.argv[1:]
onet, n, seed = None, 12000, 1
while args:
    a = args.pop(0)
    if a == "--onet":
        onet = args.pop(0)
    elif a == "--n":
        n = int(args.pop(0))
    elif a == "--seed":
        seed = int(args.pop(0))
rng = random.Random(seed)

names = []
for p in sorted(glob.glob(os.path.join(ROOT, "content", "careers", "*.json"))):
    rec = json.load(open(p, encoding="utf-8"))
    names.append(rec["title"])
    names.extend(rec.get("other_names", []))
if onet:
    with open(os.path.join(onet, "Occupation Data.txt"), encoding="utf-8") as fh:
        next(fh)
        for line in fh:
            title = line.split("\t")[1]
            if "All Other" in title or "," in title:
                continue  # "X, Y, and Z Workers" is no name a person types
            if title.endswith("ies"):
                title = title[:-3] + "y"
            elif title.endswith("s") and not title.endswith("ss"):
                title = title[:-1]  # O*NET titles are plural; people ask about one
            names.append(title)


def form(name):
    """A career name as people type it."""
    s = name
    r = rng.random()
    if r < 0.35:
        s = s.lower()
    if rng.random() < 0.06 and len(s) > 6:  # one typo
        i = rng.randrange(1, len(s) - 1)
        s = s[:i] + s[i + 1] + s[i] + s[i + 2:] if rng.random() < 0.5 else s[:i] + s[i + 1:]
    return s


def plural(name):
    return name + ("es" if name.endswith(("s", "sh", "ch")) else "s")


def article(name):
    return ("an " if name[:1].lower() in "aeiou" else "a ") + name


templates = [
    ("what does {a} do?", 10), ("what do {p} do", 6), ("tell me about {p}", 6), ("what is {a}?", 5),
    ("{n}", 4), ("{n}?", 2), ("describe the job of {a}", 1), ("what's it like being {a}", 1),
    ("what are the duties of {a}?", 3), ("{n} responsibilities", 1), ("what does {a} do day to day", 2),
    ("what skills does {a} need?", 4), ("what tools do {p} use", 2), ("do {p} need to know maths?", 1),
    ("how do I become {a}?", 5), ("what degree do {p} need", 2), ("how long does it take to become {a}", 2),
    ("can I become {a} without a degree?", 1), ("where do {p} work?", 3), ("can {p} work from home?", 1),
    ("do {p} work weekends?", 1), ("what are the hours like for {a}", 1), ("how much do {p} earn?", 3),
    ("{n} salary", 2), ("is there demand for {p}?", 1), ("what types of {p} are there?", 2),
    ("what other names are there for {a}?", 1), ("jobs similar to {a}", 2), ("careers related to {n}", 1),
    ("{n} vs {m}", 2), ("compare {a} and {b}", 1), ("what's the difference between {a} and {b}?", 1),
    ("would I make a good {n}?", 1), ("is {n} a good career for me?", 1), ("is being {a} stressful?", 1),
    ("how much do {p} make and how long is the training?", 1),
]
followups = ["and the skills?", "what about the workplace?", "and the salary?", "how do I become one?",
             "tell me more", "what are the duties?", "compare them", "which careers are related?",
             "what other names do they have?", "is it stressful?", "where do they work?"]
browse = ["AI careers", "careers in healthcare", "jobs for people who like art", "outdoor jobs",
          "jobs without a degree", "careers in construction", "jobs in the military", "careers in law",
          "creative careers", "jobs for people who like helping others", "careers in science", "IT jobs"]
chat = ["hi", "hello", "thanks", "thank you!", "bye", "help", "what can you do?", "who are you?", "ok",
        "cool", "lol", "how are you?", "tell me a joke", "you're useless", "take the career test",
        "I don't know what I want to do", "quiz me", "what should I do with my life?",
        "asdfgh", "blorp", "what's the capital of France?", "can you order me a pizza?"]

weights = [w for _, w in templates]
out = []
while len(out) < n:
    r = rng.random()
    if r < 0.72:
        t = rng.choices(templates, weights)[0][0]
        a, b = form(rng.choice(names)), form(rng.choice(names))
        out.append(t.format(a=article(a), p=plural(a), n=a, m=b, b=article(b)))
    elif r < 0.84:
        out.append(rng.choice(followups))
    elif r < 0.91:
        out.append(rng.choice(browse))
    else:
        out.append(rng.choice(chat))
with open(os.path.join(ROOT, "tests", "utterances", "career_questions.txt"), encoding="utf-8") as fh:
    out.extend(l.rstrip("\n") for l in fh if l.strip())
rng.shuffle(out)
sys.stdout.write("\n".join(out) + "\n")
