"""Check data, build record-order neighbours from out/statements.csv, embed everything (cached)."""
import csv, sys, json, time
import numpy as np
from common import *

R, A = load()
print("real", len(R["texts"]), "authored", len(A["texts"]))
for i, ax in enumerate(AXES):
    print(ax, "real", np.bincount(R["y"][:, i], minlength=3), "auth", np.bincount(A["y"][:, i][A["y"][:, i] >= 0], minlength=3))
fold = grouped_folds(R["docs"])
print("fold sizes", np.bincount(fold), "docs", len(set(R["docs"])))
for f in range(5):
    print(f, "poles per axis", [int(np.sum((R["y"][fold == f, i] < 2))) for i in range(4)])

csv.field_size_limit(10**9)
rows = list(csv.DictReader(open(f"{MAIN}/out/statements.csv", newline="")))
bydoc = {}
for r in rows:
    bydoc.setdefault(r["doc"], []).append((int(r["char_start"]), r["text"], r["statement"], r["delegation"]))
for d in bydoc: bydoc[d].sort()
pos = {}
for d, L in bydoc.items():
    for j, t in enumerate(L): pos.setdefault((d, t[1]), j)
miss = [(d, t) for d, t in zip(R["docs"], R["texts"]) if (d, t) not in pos]
print("labelled sentences not found in statements.csv:", len(miss))
prev, nxt, prev_same_stmt = [], [], []
for d, t in zip(R["docs"], R["texts"]):
    j = pos.get((d, t)); L = bydoc.get(d, [])
    prev.append(L[j - 1][1] if j is not None and j > 0 else "")
    nxt.append(L[j + 1][1] if j is not None and j + 1 < len(L) else "")
json.dump(dict(prev=prev, next=nxt), open(f"{CACHE}/neighbours.json", "w"))
print("no prev:", sum(p == "" for p in prev), "no next:", sum(n == "" for n in nxt))
t0 = time.time()
eR = embed(R["texts"], "real"); eA = embed(A["texts"], "authored")
ctx = sorted(set(prev + nxt) - {""})
eC = embed(ctx, "context")
print("embedded", eR.shape, eA.shape, eC.shape, f"{time.time()-t0:.0f}s")
