#!/usr/bin/env python3
"""Usage: scripts/check_authored.py data/labels/authored/*.csv

Check an authored-examples CSV: format, labels, four axes per sentence, no 8-word overlap
with the bundled records, the real annotations or the axis examples, no duplicates."""
import csv, glob, os, re, sys, tomllib, collections
from project import axis_poles
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AXES = axis_poles()
def words(t): return re.findall(r"[a-z0-9']+", t.lower())
def grams(t, n=8):
    w = words(t); return {tuple(w[i:i+n]) for i in range(len(w)-n+1)}
ref = set()
for f in glob.glob(f'{ROOT}/data/records/**/*.txt', recursive=True):
    ref |= grams(open(f, encoding='utf-8', errors='replace').read())
for f in glob.glob(f'{ROOT}/data/labels/*.csv'):
    for r in csv.DictReader(open(f)): ref |= grams(r['sentence'])
ax = tomllib.load(open(f'{ROOT}/models/axes.toml','rb'))
for a in ax['axis']:
    for s in ('left','right'):
        for t in a[s]['examples']: ref |= grams(t)
ok = True
seen = collections.defaultdict(dict)
for path in sys.argv[1:]:
    rows = list(csv.DictReader(open(path, encoding='utf-8')))
    if not rows or list(rows[0].keys()) != ['conference','doc','delegation','sentence','axis','label']:
        print(path, 'bad header'); ok = False; continue
    for i, r in enumerate(rows, 2):
        a, l = r['axis'], r['label']
        if a not in AXES or l not in AXES[a] + ('none',):
            print(f'{path}:{i}: bad axis/label {a} {l}'); ok = False
        if a in seen[r['sentence']]: print(f'{path}:{i}: duplicate sentence/axis: {r["sentence"][:60]}'); ok = False
        seen[r['sentence']][a] = l
for s, labs in seen.items():
    if set(labs) != set(AXES): print('not all four axes:', s[:70]); ok = False
    if grams(s) & ref: print('8-word overlap with records/labels/axes examples:', s[:90]); ok = False
c = collections.Counter((a, l) for labs in seen.values() for a, l in labs.items())
print(len(seen), 'sentences;', ', '.join(f'{a}:{l} {n}' for (a, l), n in sorted(c.items())))
sys.exit(0 if ok else 1)
