"""Another record-grouped 5-fold split of the study data, to see whether a view's gain on
`make eval`'s split holds on a split drawn afresh: records that share a sentence form one group
(as `stance eval` groups them), groups are dealt largest first, in an order shuffled by the
seed, to the fold with the fewest sentences. Writes out/study/data_split<SEED>.jsonl; the
studies read it with STANCE_STUDY_DATA set to it (their cache of probabilities is keyed by the
file's digest, so the splits do not mix).

    python3 notebooks/head-study-v4/resplit.py 1
    STANCE_STUDY_DATA=out/study/data_split1.jsonl .deps/bench-venv/bin/python notebooks/head-study-v4/layers.py \
        "layers 4+5+6" "layers 1+6 (first-last)" > notebooks/head-study-v4/layers_split1.log
"""
import json, os, random, sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
seed = int(sys.argv[1])
rows = [json.loads(l) for l in open(os.path.join(ROOT, "out/study/data.jsonl"))]
parent = {}
def find(x):
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]; x = parent[x]
    return x
first_doc = {}
for r in rows:
    if r["source"] == "scored":
        find(r["doc"])
        d = first_doc.setdefault(r["text"], r["doc"])
        parent[find(r["doc"])] = find(d)
size = {}
for r in rows:
    if r["source"] == "scored":
        size[find(r["doc"])] = size.get(find(r["doc"]), 0) + 1
groups = list(size)
random.Random(seed).shuffle(groups)
groups.sort(key=lambda g: -size[g])          # stable: ties keep the shuffled order
load, fold = [0] * 5, {}
for g in groups:
    f = min(range(5), key=lambda k: (load[k], k))
    fold[g] = f; load[f] += size[g]
out = os.path.join(ROOT, f"out/study/data_split{seed}.jsonl")
with open(out, "w", encoding="utf-8") as fh:
    for r in rows:
        if r["source"] == "scored":
            r = dict(r, fold=fold[find(r["doc"])])
        fh.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"wrote {out}: {len(groups)} groups, sentences per fold {load}")
