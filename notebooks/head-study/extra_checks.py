"""Fairness/stability checks: TF-IDF LR with the tuned head settings; the recommended hybrid at tol=1e-6."""
import time, common
RUN_ALL = True  # the first three checks; all five numbers are in results.jsonl
from cv import *
from baseline import tfidf_features
if RUN_ALL: t0 = time.time(); record("check: tfidf C=1 sqrt", run(tfidf_features, C=1.0, weight="sqrt"), honest=False, note="TF-IDF with the heads' tuned settings", t0=t0)
_orig = common.fit_lr
import cv as _cv
_cv.fit_lr = lambda X, y, w, C=10.0, max_iter=1000: _orig(X, y, w, C=C, max_iter=max_iter, tol=1e-6)
def hyb(tr, te):
    Tr, Ta, Te = tfidf_features(tr, te)
    return np.hstack([ER[tr], Tr]), np.hstack([EA, Ta]), np.hstack([ER[te], Te])
if RUN_ALL: t0 = time.time(); record("check: hybrid s=1 C=1 sqrt tol=1e-6", run(hyb, C=1.0, weight="sqrt"), note="stability of the recommended recipe to the solver tolerance", t0=t0)
if RUN_ALL: t0 = time.time(); record("check: hybrid s=1 C=1 repeat-balanced", run(hyb, C=1.0, weight="repeat"), honest=False, note="Rust's current balancing", t0=t0)
_cv.fit_lr = _orig
t0 = time.time(); record("check: hybrid s=1 C=1 sqrt-repeat (linfa-exact)", run(hyb, C=1.0, weight="sqrt-repeat"), note="sqrt balancing by integer repeats round(sqrt(largest/count))", t0=t0)
t0 = time.time(); record("check: emb C=1 sqrt-repeat (linfa-exact)", run(emb_features, C=1.0, weight="sqrt-repeat"), note="", t0=t0)
