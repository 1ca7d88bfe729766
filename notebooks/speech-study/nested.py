"""Nested choice of the speech weight (speech sentences repeated w times in training, w in 1, 2, 3,
5): for each outer fold, the weight with the best cell macro-F1 (the criterion `stance train` uses
for its cell rule) in an inner 4-fold cross-validation on the other folds; the outer fold is then
scored by heads trained with that weight on all four. What that procedure would give on records
it never saw, beside heads trained with w = 1 and with the shipped w = 3.

    .deps/bench-venv/bin/python notebooks/speech-study/nested.py > notebooks/speech-study/nested.log
"""
from study import *

WEIGHTS = [1, 2, 3, 5]
f = feats("e+t", max_features=None)


def inner_cell_f1(outer, features, head):
    """Cell macro-F1 over the rows of the four folds other than `outer`, each scored by `head`
    on `features`, trained on the other three (+ authored)."""
    P = np.full((4, len(ROWS), 3), np.nan)
    for g in [k for k in range(K) if k != outer]:
        tr = np.r_[IS[(FOLD[IS] != g) & (FOLD[IS] != outer)], IA]
        te = IS[FOLD[IS] == g]
        Xtr, Xte = features(tr, te)
        for a in range(4):
            P[a, te] = head(Xtr, Y[tr, a], Xte, a, tr)
    return cell_figures([c for c in cells(P) if c[3] in inner_keys(outer)])["f1"]


def inner_f1(outer, w):
    return inner_cell_f1(outer, f, speech_weighted_head(w))


_keys = {}
def inner_keys(outer):
    if outer not in _keys:
        _keys[outer] = {(CONF[i], DELEG[i]) for i in IS if FOLD[i] != outer}
    return _keys[outer]


if __name__ == "__main__":
    outer_P = {w: oof(f"speech_w{w}", f, speech_weighted_head(w)) for w in WEIGHTS}
    nested = np.full((4, len(ROWS), 3), np.nan)
    for outer in range(K):
        scores = {w: inner_f1(outer, w) for w in WEIGHTS}
        best = max(WEIGHTS, key=lambda w: (scores[w], -w))
        print(f"outer fold {outer}: inner cell macro-F1 {scores} -> w = {best}", flush=True)
        te = IS[FOLD[IS] == outer]
        nested[:, te] = outer_P[best][:, te]
    show("nested choice of w", nested)
    show("w = 1", outer_P[1])
    show("w = 3 (shipped)", outer_P[3])
    paired_cell_bootstrap(outer_P[1], outer_P[3], "w3 - w1")
