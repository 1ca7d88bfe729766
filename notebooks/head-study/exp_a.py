"""(a) L2 penalty (C) x class weighting; full grid (oracle view) and nested honest selection."""
import time, itertools
from cv import *

Cs = [0.3, 1, 3, 10, 30, 100]; Ws = ["repeat", "sqrt", "none"]
grid = {}
for C, w in itertools.product(Cs, Ws):
    t0 = time.time(); path = f"{CACHE}/P_a:_emb_C={C}_w={w}.npy"
    if os.path.exists(path):
        grid[(C, w)] = np.load(path); print("cached", C, w, fmt(scores(grid[(C, w)]))); continue
    grid[(C, w)] = run(emb_features, C=C, weight=w)
    record(f"a: emb C={C} w={w}", grid[(C, w)], honest=(C == 10 and w == "repeat"),
           note="grid point (picking the best of the grid = selection on test)", t0=t0)

def cfg(C, w):
    return lambda idx, folds: grid[(C, w)] if idx is None else run(emb_features, idx=idx, folds=folds, C=C, weight=w)

configs = {f"C={C},{w}": cfg(C, w) for C, w in itertools.product([1, 10, 100], Ws)}
t0 = time.time()
P, _, ch = nested(configs, "a nested (mean crit)")
record("a: emb nested-selected C x weight", P, note="nested: inner 4-fold grouped CV, mean over axes; chosen " + str(ch), t0=t0)
