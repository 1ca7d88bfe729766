"""Generic grouped-CV runner: out-of-fold probabilities for the 809 real sentences, pooled macro-F1 per axis."""
import json, time
import numpy as np
from common import *

R, A = load()
FOLD = grouped_folds(R["docs"])
NR, NA = len(R["texts"]), len(A["texts"])
ER = embed(R["texts"], "real"); EA = embed(A["texts"], "authored")


def fit_predict_axis(Xtr, ytr, Xte, C=10.0, weight="repeat", sw=None, max_iter=1000):
    keep = ytr >= 0
    Xtr, ytr = Xtr[keep], ytr[keep]
    w = class_weights(ytr, weight)
    if sw is not None:
        w = w * sw[keep]
    m = fit_lr(Xtr, ytr, w, C=C, max_iter=max_iter)
    return proba3(m, Xte)


def run(features, head=None, folds=FOLD, idx=None, **kw):
    """features(train_real_idx, test_real_idx) -> (X_train_real, X_authored or None, X_test).
    head(Xtr, ytr, Xte, sw, axis) -> probs; default multinomial LR with kw (C, weight, auth_w).
    idx: subset of real indices to run on (for nested CV); folds given for that subset.
    Returns probs[axis] (len(idx) x 3) in idx order."""
    idx = np.arange(NR) if idx is None else np.asarray(idx)
    auth_w = kw.pop("auth_w", 1.0); real_w = kw.pop("real_w", 1.0)
    out = np.zeros((4, len(idx), 3))
    for f in np.unique(folds):
        tr, te = idx[folds != f], idx[folds == f]
        Xr, Xa, Xte = features(tr, te)
        if real_w == 0:
            tr, Xr = tr[:0], Xr[:0]
        if Xa is not None and auth_w > 0:
            Xtr = np.vstack([Xr, Xa]); Y = np.vstack([R["y"][tr], A["y"]])
            sw = np.r_[np.ones(len(tr)), np.full(NA, auth_w)]
        else:
            Xtr, Y, sw = Xr, R["y"][tr], np.ones(len(tr))
        for a in range(4):
            if head is None:
                out[a, folds == f] = fit_predict_axis(Xtr, Y[:, a], Xte, sw=sw, **kw)
            else:
                out[a, folds == f] = head(Xtr, Y[:, a], Xte, sw, a)
    return out


def scores(P, idx=None):
    idx = np.arange(NR) if idx is None else np.asarray(idx)
    return [macro_f1(R["y"][idx, a], argmax_rust(P[a])) for a in range(4)]


def per_class(P):
    out = []
    for a in range(4):
        y, p = R["y"][:, a], argmax_rust(P[a])
        f = []
        for c in range(3):
            tp = np.sum((y == c) & (p == c)); d = np.sum(y == c) + np.sum(p == c)
            f.append(2 * tp / d if d else 0)
        out.append(f)
    return out


def bootstrap_ci(P, n=1000, seed=0):
    """Document-level bootstrap of the pooled macro-F1 (per axis, 90% interval)."""
    rng = np.random.default_rng(seed)
    docs = np.array(R["docs"]); ud = np.unique(docs); groups = [np.where(docs == d)[0] for d in ud]
    res = []
    for _ in range(n):
        pick = np.concatenate([groups[i] for i in rng.integers(0, len(ud), len(ud))])
        res.append([macro_f1(R["y"][pick, a], argmax_rust(P[a][pick])) for a in range(4)])
    return np.percentile(np.array(res), [5, 95], axis=0)


def emb_features(tr, te):
    return ER[tr], EA, ER[te]


LOG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results.jsonl")
def record(name, P, honest=True, note="", t0=None):
    s = scores(P)
    row = dict(name=name, scores=[round(x, 4) for x in s], mean=round(float(np.mean(s)), 4), min=round(float(np.min(s)), 4),
               honest=honest, note=note)
    if t0 is not None: row["secs"] = round(time.time() - t0, 1)
    with open(LOG, "a") as f: f.write(json.dumps(row) + "\n")
    print(f"{name:<48} {fmt(s)}  {'honest' if honest else 'SELECTED-ON-TEST'} {note}", flush=True)
    np.save(f"{CACHE}/P_{name.replace(' ', '_').replace('/', '-')}.npy", P)
    return s


def nested(configs, name, k_inner=4, crit="mean", verbose=True):
    """Honest selection: for each outer fold, pick the config with the best inner-CV pooled macro-F1
    (inner folds: the same grouped-fold rule over the outer-training documents; authored always trained on).
    configs: dict label -> callable(idx, folds) returning probs like run(). crit: 'mean' (one config for all
    axes) or 'axis' (per-axis choice). Returns outer OOF probs assembled from the chosen configs."""
    outer = {lab: fn(None, FOLD) for lab, fn in configs.items()}
    P = np.zeros((4, NR, 3)); chosen = []
    docs = np.array(R["docs"])
    for f in range(FOLD.max() + 1):
        tr = np.where(FOLD != f)[0]
        inner_f = grouped_folds(list(docs[tr]), k_inner)
        inner = {lab: scores(fn(tr, inner_f), tr) for lab, fn in configs.items()}
        if crit == "mean":
            best = max(inner, key=lambda l: np.mean(inner[l])); pick = [best] * 4
        else:
            pick = [max(inner, key=lambda l: inner[l][a]) for a in range(4)]
        for a in range(4):
            P[a, FOLD == f] = outer[pick[a]][a, FOLD == f]
        chosen.append(pick if crit == "axis" else pick[0])
    if verbose: print(f"   {name}: chosen per outer fold: {chosen}")
    return P, outer, chosen
