"""Honest estimate of the whole recipe search: nested selection (inner 4-fold grouped CV on each outer fold's
training docs, criterion = mean macro-F1 over the 4 axes) among the candidate recipes found in (a)-(d)."""
import time
from cv import *
from baseline import tfidf_features

_memo = {}
def tfidf_memo(tr, te):
    key = (tr.tobytes(), te.tobytes())
    if key not in _memo: _memo[key] = tfidf_features(tr, te)
    return _memo[key]

def hyb(s):
    def f(tr, te):
        Tr, Ta, Te = tfidf_memo(tr, te)
        return np.hstack([ER[tr], s * Tr]), np.hstack([EA, s * Ta]), np.hstack([ER[te], s * Te])
    return f

def cfg(feats, **kw):
    return lambda idx, folds: run(feats, idx=idx, folds=folds, **dict(kw))

configs = {
    "emb C=1 sqrt aw=1": cfg(emb_features, C=1.0, weight="sqrt"),
    "emb C=1 sqrt aw=0.5": cfg(emb_features, C=1.0, weight="sqrt", auth_w=0.5),
    "emb C=1 sqrt aw=0.3": cfg(emb_features, C=1.0, weight="sqrt", auth_w=0.3),
    "hyb s=0.5 C=1 sqrt": cfg(hyb(0.5), C=1.0, weight="sqrt"),
    "hyb s=1 C=1 sqrt": cfg(hyb(1.0), C=1.0, weight="sqrt"),
    "hyb s=2 C=1 sqrt": cfg(hyb(2.0), C=1.0, weight="sqrt"),
}
t0 = time.time()
P, outer, ch = nested(configs, "final nested")
for lab, Po in outer.items(): print(f"   outer {lab:<24} {fmt(scores(Po))}")
record("final: nested selection over emb-auth_w-hybrid recipes", P, note=f"chosen per outer fold {ch}", t0=t0)
print("   bootstrap 90% CI", np.round(bootstrap_ci(P), 3).tolist())
