"""Every classifier variant of the study as a named config, and a driver that runs the ones named on the
command line (or all), skipping those already in results.jsonl.

    nice -n 15 .deps/bench-venv/bin/python notebooks/head-study-v2/variants.py [name ...]
"""
import time
from common import *

E, EP = base_embeddings()
HAS_PREV = np.array([bool(p) for p in PREV])


def feats(kind="e+t", max_features=3000, emb=None):
    """Feature builders: e = embedding, t = TF-IDF (fit on the training rows), p = prev."""
    Em = E if emb is None else emb
    def f(tr, te):
        blocks_tr, blocks_te = [], []
        v = None
        if "t" in kind.split("+") or "tp" in kind.split("+"):
            v = tfidf_fit(tr, max_features=max_features)
        for part in kind.split("+"):
            if part == "e":
                blocks_tr.append(Em[tr]); blocks_te.append(Em[te])
            elif part == "ep":          # (a) prev embedding as separate columns (zeros when missing)
                blocks_tr.append(EP[tr]); blocks_te.append(EP[te])
            elif part == "emix":        # (c) normalize(e + 0.5 e_prev)
                m = Em + 0.5 * EP; m = m / np.linalg.norm(m, axis=1, keepdims=True)
                blocks_tr.append(m[tr]); blocks_te.append(m[te])
            elif part == "t":
                blocks_tr.append(v.transform(TEXT[tr])); blocks_te.append(v.transform(TEXT[te]))
            elif part == "tp":          # (b) TF-IDF of prev (same vocabulary/idf), separate columns; "" -> zeros
                blocks_tr.append(v.transform(PREV[tr])); blocks_te.append(v.transform(PREV[te]))
            else:
                raise ValueError(part)
        return hstack(*blocks_tr), hstack(*blocks_te)
    return f


def two_stage(C=1.0, weight="sqrt"):
    """Extra: P(pole) from a pole-vs-none LR, P(left | pole) from a left-vs-right LR on pole rows;
    P = (P(pole) P(l|pole), P(pole) P(r|pole), 1 - P(pole)), decided by the same argmax."""
    def head(Xtr, ytr, Xte, a, tr):
        idx, t = expand_both(ytr)
        pole = (t < 2).astype(int)
        m1 = fit_lr(Xtr[idx], pole, repeats(pole, weight), C=C)
        pp = m1.predict_proba(Xte)[:, list(m1.classes_).index(1)]
        sel = t < 2
        m2 = fit_lr(Xtr[idx[sel]], t[sel], repeats(t[sel], weight), C=C)
        pl = m2.predict_proba(Xte)[:, list(m2.classes_).index(0)]
        return np.c_[pp * pl, pp * (1 - pl), 1 - pp]
    return head


V = {}
def variant(name, family, **cfg):
    V[name] = dict(family=family, **cfg)

# baseline (what the Rust tool ships)
variant("baseline [e;t] C=1 sqrt +auth", "baseline", kind="e+t", C=1.0, weight="sqrt")
# 1. context
variant("ctx-a [e;e_prev;t]", "1 context", kind="e+ep+t", C=1.0, weight="sqrt")
variant("ctx-b [e;t;t_prev]", "1 context", kind="e+t+tp", C=1.0, weight="sqrt")
variant("ctx-c [norm(e+.5e_prev);t]", "1 context", kind="emix+t", C=1.0, weight="sqrt")
# 2. regularisation x weighting
for C in (0.3, 1.0, 3.0):
    for w in ("none", "sqrt", "balanced"):
        if (C, w) != (1.0, "sqrt"):
            variant(f"C={C:g} {w}", "2 C x weighting", kind="e+t", C=C, weight=w)
# 3. authored out
variant("authored out", "3 authored", kind="e+t", C=1.0, weight="sqrt", authored=False)
# 5. extras
variant("x: embedding only [e]", "5 extra (reference)", kind="e", C=1.0, weight="sqrt")
variant("x: TF-IDF only [t]", "5 extra (reference)", kind="t", C=1.0, weight="sqrt")
variant("x: two-stage pole/none then side", "5 extra", kind="e+t", two_stage=True)
variant("x: train on in-scope rows only", "5 extra", kind="e+t", C=1.0, weight="sqrt", inscope_only=True)
variant("x: TF-IDF 10k terms [e;t10k]", "5 extra", kind="e+t", C=1.0, weight="sqrt", max_features=10000)
variant("x: TF-IDF uncapped (all min_df-2 terms) [e;t_all]", "5 extra", kind="e+t", C=1.0, weight="sqrt", max_features=None)
variant("x: authored weight 2", "5 extra", kind="e+t", C=1.0, weight="sqrt", auth_w=2.0)
variant("x: authored weight 0.5", "5 extra", kind="e+t", C=1.0, weight="sqrt", auth_w=0.5)


def run_variant(name, cfg, emb=None, folds=range(K)):
    cfg = dict(cfg); fam = cfg.pop("family")
    kind = cfg.pop("kind"); mf = cfg.pop("max_features", 3000)
    authored = cfg.pop("authored", True)
    tf = (lambda tr: INSCOPE[tr]) if cfg.pop("inscope_only", False) else None
    head = two_stage() if cfg.pop("two_stage", False) else None
    aw = cfg.pop("auth_w", None)
    if aw is not None:  # authored rows weighted aw (times the class repeats)
        C_, w_ = cfg.pop("C"), cfg.pop("weight")
        head = lambda Xtr, ytr, Xte, a, tr: lr_head(Xtr, ytr, Xte, C=C_, weight=w_, sw=np.where(SC[tr], 1.0, aw))
    P, t = run_cv(feats(kind, mf, emb), head=head, authored=authored, train_filter=tf, folds=folds, **cfg)
    return P, t, fam


def done():
    if not os.path.exists(RESULTS):
        return set()
    return {json.loads(l)["name"] for l in open(RESULTS)}


if __name__ == "__main__":
    names = sys.argv[1:] or list(V)
    for n in names:
        if n in done():
            print(f"skip (done): {n}"); continue
        P, t, fam = run_variant(n, V[n])
        record(n, P, fam, meta=t)
