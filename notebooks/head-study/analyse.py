"""Per-class F1 and paired document-bootstrap of differences between saved out-of-fold predictions."""
import sys, glob
from cv import *

def load_P(name): return np.load(f"{CACHE}/P_{name.replace(' ', '_').replace('/', '-')}.npy")

def paired(Pa, Pb, n=1000, seed=0):
    rng = np.random.default_rng(seed); docs = np.array(R["docs"]); ud = np.unique(docs)
    groups = [np.where(docs == d)[0] for d in ud]; d = []
    for _ in range(n):
        pick = np.concatenate([groups[i] for i in rng.integers(0, len(ud), len(ud))])
        d.append([macro_f1(R["y"][pick, a], argmax_rust(Pa[a][pick])) - macro_f1(R["y"][pick, a], argmax_rust(Pb[a][pick])) for a in range(4)])
    d = np.array(d)
    return np.percentile(d, [5, 95], axis=0), (d > 0).mean(0)

pairs = [("d: [x, 1.0*tfidf] [C=1,sqrt]", "tfidf (baseline)"),
         ("d: [x, 1.0*tfidf] [C=1,sqrt]", "heads (baseline, repeat-balanced, C=10)"),
         ("final: nested selection over emb-auth_w-hybrid recipes", "tfidf (baseline)"),
         ("a: emb nested-selected C x weight", "heads (baseline, repeat-balanced, C=10)"),
         ("f: late fusion 0.5*emb-LR + 0.5*tfidf-LR [C=1,sqrt]", "tfidf (baseline)")]
for a, b in pairs:
    try: Pa, Pb = load_P(a), load_P(b)
    except FileNotFoundError as e: print("missing", e); continue
    ci, pos = paired(Pa, Pb)
    print(f"{a}  minus  {b}\n   diff {np.round(np.array(scores(Pa)) - np.array(scores(Pb)), 3).tolist()}  90% CI lo {np.round(ci[0], 3).tolist()} hi {np.round(ci[1], 3).tolist()}  P(diff>0) {np.round(pos, 2).tolist()}")
for name in ["d: [x, 1.0*tfidf] [C=1,sqrt]", "tfidf (baseline)", "heads (baseline, repeat-balanced, C=10)"]:
    print(name, "per-class F1 (left,right,none) per axis", np.round(per_class(load_P(name)), 2).tolist())
