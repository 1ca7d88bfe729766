"""Nested choice of the embedding view (layers.py): for each outer fold, the view with the best
cell macro-F1 (the criterion `stance train` uses for its cell rule) in an inner 4-fold
cross-validation on the other folds, among the shipped last layer and the five views of
layers.py; the outer fold is then scored by heads trained with that view on all four. What
choosing a view would give on records the choice never saw.

    # the inner runs, outer folds split over two processes, then the outer scoring:
    .deps/bench-venv/bin/python notebooks/head-study-v4/nested_layers.py inner 0 1 2 &
    .deps/bench-venv/bin/python notebooks/head-study-v4/nested_layers.py inner 3 4
    .deps/bench-venv/bin/python notebooks/head-study-v4/nested_layers.py > notebooks/head-study-v4/nested_layers.log
"""
import json
from layers import *
from nested import inner_cell_f1

VIEWS = {"last layer (shipped)": [6], "layers 4+5+6": [4, 5, 6], "layers 2..6": [2, 3, 4, 5, 6],
         "layers 1+6 (first-last)": [1, 6], "layer 4 alone": [4], "last layer mean + max": [6, "max"]}
INNER = os.path.join(CACHE4, "nested_inner.jsonl")


def inner_f1(outer, parts):
    """Cell macro-F1 over the delegations of the four folds other than `outer`, each fold scored
    by heads on the view `parts`, trained on the other three (+ authored)."""
    return inner_cell_f1(outer, feats("e+t", max_features=None, emb=view(parts)), SHIPPED)


def outer_P(name, parts):
    return oof("speech_w3" if parts == [6] else "v4_" + "_".join(map(str, parts)),
               feats("e+t", max_features=None, emb=view(parts)), SHIPPED)


if __name__ == "__main__":
    if sys.argv[1:2] == ["inner"]:
        for outer in map(int, sys.argv[2:]):
            for name, parts in VIEWS.items():
                row = dict(outer=outer, view=name, f1=inner_f1(outer, parts))
                print(row, flush=True)
                with open(INNER, "a") as fh:
                    fh.write(json.dumps(row) + "\n")
        sys.exit()
    scores = {}
    for line in open(INNER):
        r = json.loads(line)
        scores.setdefault(r["outer"], {})[r["view"]] = r["f1"]
    missing = [o for o in range(K) if set(scores.get(o, {})) != set(VIEWS)]
    if missing:
        sys.exit(f"{INNER}: the inner runs of outer folds {missing} are incomplete\n  fix: run `nested_layers.py inner` for them")
    P = {name: outer_P(name, parts) for name, parts in VIEWS.items()}
    nested = np.full((4, len(ROWS), 3), np.nan)
    order = list(VIEWS)
    for outer in range(K):
        # ties go to the shipped view, then to the earlier in VIEWS
        best = max(order, key=lambda v: (scores[outer][v], -order.index(v)))
        print(f"outer fold {outer}: inner cell macro-F1 {scores[outer]} -> {best}", flush=True)
        te = IS[FOLD[IS] == outer]
        nested[:, te] = P[best][:, te]
    base = P["last layer (shipped)"]
    show("last layer (shipped)", base)
    compare("nested choice of the view", nested, base)
