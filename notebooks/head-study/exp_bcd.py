"""(b) authored examples, (c) context from neighbouring sentences, (d) embedding + TF-IDF hybrid. All at the
baseline head settings (C=10, repeat-balanced) unless stated; a second setting from (a) can be passed as argv."""
import sys, time, json
from cv import *
from baseline import tfidf_features

C = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
W = sys.argv[2] if len(sys.argv) > 2 else "repeat"
tag = f"C={C:g},{W}"
which = sys.argv[3] if len(sys.argv) > 3 else "bcd"

nb = json.load(open(f"{CACHE}/neighbours.json"))
ctx_texts = sorted(set(nb["prev"] + nb["next"]) - {""})
EC = embed(ctx_texts, "context"); cidx = {t: i for i, t in enumerate(ctx_texts)}
Z = np.zeros(ER.shape[1], np.float32)
PREV = np.array([EC[cidx[t]] if t else Z for t in nb["prev"]])
NEXT = np.array([EC[cidx[t]] if t else Z for t in nb["next"]])
PREV_S = np.array([EC[cidx[t]] if t else ER[i] for i, t in enumerate(nb["prev"])])  # missing -> self
NEXT_S = np.array([EC[cidx[t]] if t else ER[i] for i, t in enumerate(nb["next"])])

def l2n(X): return X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)

def concat(parts_real, parts_auth):
    XR = np.hstack(parts_real); XA = np.hstack(parts_auth)
    return lambda tr, te: (XR[tr], XA, XR[te])

def go(name, feats, honest=True, note="", **kw):
    t0 = time.time(); kw.setdefault("C", C); kw.setdefault("weight", W)
    return record(f"{name} [{tag}]", run(feats, **kw), honest=honest, note=note, t0=t0)

if "b" in which:
    for aw in ([] if "skipb" in which else [0.0, 0.1, 0.3, 0.5, 1.0]):
        go(f"b: authored weight {aw}", emb_features, auth_w=aw, honest=(aw == 1.0), note="authored sample weight")
    # authored only (no real training data at all)
    go("b: authored only (no real train)", emb_features, real_w=0, note="real training rows removed")

if "c" in which:
    go("c: [x, prev] auth prev=0", concat([ER, PREV], [EA, 0 * EA]))
    go("c: [x, prev] auth prev=self", concat([ER, PREV_S], [EA, EA]))
    go("c: [x, prev, next] auth=self", concat([ER, PREV_S, NEXT_S], [EA, EA, EA]))
    go("c: [x, next] auth=self", concat([ER, NEXT_S], [EA, EA]))
    for lam in [0.25, 0.5]:
        go(f"c: l2n(x + {lam} prev), auth=x", concat([l2n(ER + lam * PREV)], [EA]))
    go("c: [x, 0.5*prev] auth prev=self", concat([ER, 0.5 * PREV_S], [EA, 0.5 * EA]))

if "d" in which:
    for s in [0.5, 1.0, 2.0]:
        def hyb(tr, te, s=s):
            Tr, Ta, Te = tfidf_features(tr, te)
            return np.hstack([ER[tr], s * Tr]), np.hstack([EA, s * Ta]), np.hstack([ER[te], s * Te])
        go(f"d: [x, {s}*tfidf]", hyb)
