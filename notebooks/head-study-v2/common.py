"""Shared data, features, heads, scoring and bookkeeping for head-study-v2.

Data: out/study/data.jsonl (`scripts/study_data.py`; 12,939 scored + 1,140 authored sentences at the
study's time, 14,166 + 1,140 today). Folds are the `fold` field
(the Rust tool's document-grouped folds). Everything runs on one thread; embeddings are cached in
notebooks/head-study-v2/cache/ (git-ignored), so nothing is embedded twice.
"""
import os, sys, json, time, hashlib
os.environ.setdefault("OMP_NUM_THREADS", "1"); os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1"); os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
from collections import Counter
import numpy as np
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = os.path.abspath(os.path.join(HERE, "..", ".."))
CACHE = os.path.join(HERE, "cache"); os.makedirs(CACHE, exist_ok=True)
DATA = os.environ.get("STANCE_STUDY_DATA", os.path.join(MAIN, "out", "study", "data.jsonl"))
RESULTS = os.path.join(HERE, "results.jsonl")
# Out-of-fold probabilities are cached per data file, so that a rebuilt export never meets the
# probabilities of another.
PCACHE = os.path.join(CACHE, "P", hashlib.sha256(open(DATA, "rb").read()).hexdigest()[:12])
AXES = ["governance", "un_role", "information", "legal_order"]
POLES = {"governance": ("state_led", "multi_stakeholder"), "un_role": ("un_central", "un_facilitator"),
         "information": ("information_control", "free_flow"), "legal_order": ("new_instruments", "existing_law")}
GENRES = ["speech", "position paper", "report/cable"]
BOTH = 3  # label code of `both` (0 left, 1 right, 2 none)


def code(axis, lab):
    l, r = POLES[axis]
    return {l: 0, r: 1, "none": 2, "both": BOTH}[lab]


ROWS = [json.loads(l) for l in open(DATA)]
SC = np.array([r["source"] == "scored" for r in ROWS])
IS = np.where(SC)[0]            # scored rows (indices into ROWS)
IA = np.where(~SC)[0]           # authored rows
TEXT = np.array([r["text"] for r in ROWS], dtype=object)
PREV = np.array([r["prev"] for r in ROWS], dtype=object)
Y = np.array([[code(a, r["labels"][a]) for a in AXES] for r in ROWS])
FOLD = np.array([r["fold"] for r in ROWS])
INSCOPE = np.array([bool(r["in_scope"]) for r in ROWS])
GENRE = np.array([r["genre"] for r in ROWS], dtype=object)
DOC = np.array([r["doc"] for r in ROWS], dtype=object)
K = 5

# ---------------------------------------------------------------- embeddings
_model = None
def encoder(path=None):
    global _model
    import torch; torch.set_num_threads(1)
    from sentence_transformers import SentenceTransformer
    if path is not None:
        return SentenceTransformer(path, device="cpu")
    if _model is None:
        _model = SentenceTransformer(f"{MAIN}/models/encoder", device="cpu")
    return _model


def embed_texts(texts, name, model=None, batch_size=32):
    """Mean-pooled, L2-normalised embeddings of unique `texts`, cached as cache/<name>.npy (+ .json of texts)."""
    texts = list(texts)
    npy, js = f"{CACHE}/{name}.npy", f"{CACHE}/{name}.texts.json"
    if os.path.exists(npy) and os.path.exists(js) and json.load(open(js)) == texts:
        return np.load(npy)
    m = model or encoder()
    # sort by length so batches pad little (pure speed; order restored below)
    order = np.argsort([len(t) for t in texts])
    e = m.encode([texts[i] for i in order], batch_size=batch_size, normalize_embeddings=True,
                 convert_to_numpy=True, show_progress_bar=False).astype(np.float32)
    out = np.zeros_like(e); out[order] = e
    np.save(npy, out); json.dump(texts, open(js, "w"))
    return out


def unique_texts():
    """Every distinct sentence and previous sentence, in first-seen order."""
    seen = {}
    for t in list(TEXT) + [p for p in PREV if p]:
        seen.setdefault(t, len(seen))
    return list(seen)


def base_embeddings(name="minilm", model=None):
    """(E, EP): embedding of each row's text and of its prev (zeros where prev is empty)."""
    u = unique_texts()
    emb = embed_texts(u, name, model=model)
    pos = {t: i for i, t in enumerate(u)}
    E = emb[[pos[t] for t in TEXT]]
    EP = np.zeros_like(E)
    has = np.array([bool(p) for p in PREV])
    EP[has] = emb[[pos[p] for p in PREV[has]]]
    return E, EP


# ---------------------------------------------------------------- TF-IDF
def tfidf_fit(train_rows, max_features=3000, ngram=(1, 2)):
    from sklearn.feature_extraction.text import TfidfVectorizer
    v = TfidfVectorizer(ngram_range=ngram, sublinear_tf=True, smooth_idf=True, min_df=2, max_features=max_features,
                        lowercase=True, token_pattern=r"(?u)\b\w\w+\b", dtype=np.float64)
    v.fit(list(TEXT[train_rows]))
    return v


# ---------------------------------------------------------------- heads
def repeats(y, mode):
    """Per-sample weight from the class counts of y (0/1/2): integer repeat counts, as the Rust tool
    (linfa takes no sample weights). sklearn's lbfgs loss with integer sample weights equals repeating rows."""
    c = Counter(y.tolist()); big = max(c.values())
    if mode == "sqrt":
        return np.array([max(1, int(np.floor(np.sqrt(big / c[v]) + 0.5))) for v in y], float)
    if mode == "balanced":
        return np.array([max(1, int(np.floor(big / c[v] + 0.5))) for v in y], float)
    if mode == "none":
        return np.ones(len(y))
    raise ValueError(mode)


def expand_both(y):
    """Rows/targets for one axis: `both` trains once as left and once as right."""
    idx, tgt = [], []
    for i, v in enumerate(y):
        if v == BOTH:
            idx += [i, i]; tgt += [0, 1]
        else:
            idx.append(i); tgt.append(v)
    return np.array(idx), np.array(tgt)


TOL = 1e-4
def fit_lr(X, y, w, C=1.0, max_iter=1000, tol=None):
    from sklearn.linear_model import LogisticRegression
    m = LogisticRegression(C=C, max_iter=max_iter, tol=TOL if tol is None else tol)  # lbfgs, multinomial
    m.fit(X, y, sample_weight=w)
    return m


def proba3(m, X):
    p = np.zeros((X.shape[0], 3)); p[:, m.classes_] = m.predict_proba(X)
    return p


def lr_head(Xtr, ytr, Xte, C=1.0, weight="sqrt", sw=None):
    """Multinomial LR on one axis: expands `both`, weights classes, returns P(left,right,none) for Xte."""
    idx, t = expand_both(ytr)
    w = repeats(t, weight)
    if sw is not None:
        w = w * sw[idx]
    m = fit_lr(Xtr[idx], t, w, C=C)
    return proba3(m, Xte)


def speech_weighted_head(w):
    """The head with a speech's sentences weighing `w` in training (the shipped recipe: w = 3,
    `data/genres.toml`), in `run_cv`'s head signature."""
    return lambda Xtr, ytr, Xte, a, tr: lr_head(Xtr, ytr, Xte, sw=np.where(GENRE[tr] == "speech", float(w), 1.0))


# ---------------------------------------------------------------- CV runner
def run_cv(features, head=None, authored=True, folds=range(K), train_filter=None, **kw):
    """features(train_rows, test_rows) -> (Xtr, Xte) (sparse or dense), rows are indices into ROWS.
    Training = scored rows of the other folds (+ authored), test = scored rows of the fold.
    Returns P [4, len(ROWS), 3] (filled on the test rows of `folds`), and seconds spent fitting/features."""
    P = np.full((4, len(ROWS), 3), np.nan)
    t_feat = t_fit = 0.0
    for f in folds:
        tr = IS[FOLD[IS] != f]
        if train_filter is not None:
            tr = tr[train_filter(tr)]
        if authored:
            tr = np.r_[tr, IA]
        te = IS[FOLD[IS] == f]
        t0 = time.time(); Xtr, Xte = features(tr, te); t_feat += time.time() - t0
        for a in range(4):
            t0 = time.time()
            if head is None:
                P[a, te] = lr_head(Xtr, Y[tr, a], Xte, **kw)
            else:
                P[a, te] = head(Xtr, Y[tr, a], Xte, a, tr)
            t_fit += time.time() - t0
    return P, dict(feat_secs=round(t_feat, 1), fit_secs=round(t_fit, 1))


# ---------------------------------------------------------------- scoring
def decide(p):
    """AxisProbs::side: none wins ties, then left."""
    return np.where((p[:, 2] >= p[:, 0]) & (p[:, 2] >= p[:, 1]), 2, np.where(p[:, 0] >= p[:, 1], 0, 1))


def predictions(P):
    """Predicted class per axis for every row: argmax if in_scope, else none. [4, len(ROWS)]"""
    out = np.full((4, len(ROWS)), 2)
    for a in range(4):
        ok = ~np.isnan(P[a, :, 0])
        out[a, ok] = decide(P[a, ok])
    out[:, ~INSCOPE] = 2
    return out


def f1s(y, pred):
    """F1 per class (left, right, none); None for a class absent from both gold and prediction."""
    res = []
    for c in range(3):
        tp = np.sum((y == c) & (pred == c)); d = np.sum(y == c) + np.sum(pred == c)
        res.append(None if d == 0 else 2 * tp / d)
    return res


def macro(y, pred):
    f = [x for x in f1s(y, pred) if x is not None]
    return float(np.mean(f)) if f else float("nan")


def score_rows(pred, rows, a):
    rows = rows[Y[rows, a] != BOTH]  # `both` left out of scoring
    return Y[rows, a], pred[a, rows]


def evaluate(P, rows=None):
    """Full score card: per axis macro-F1, mean, per-genre per axis + mean, pole F1."""
    rows = IS if rows is None else rows
    pred = predictions(P)
    out = {"axis": [], "pole_f1": [], "genre": {}}
    for a in range(4):
        y, p = score_rows(pred, rows, a)
        out["axis"].append(round(macro(y, p), 4))
        out["pole_f1"].append([None if x is None else round(x, 4) for x in f1s(y, p)[:2]])
    out["mean"] = round(float(np.mean(out["axis"])), 4)
    for g in GENRES:
        gr = rows[GENRE[rows] == g]
        s = []
        for a in range(4):
            y, p = score_rows(pred, gr, a); s.append(round(macro(y, p), 4))
        out["genre"][g] = dict(axis=s, mean=round(float(np.nanmean(s)), 4))
    return out


def fold_scores(P):
    """Mean macro-F1 computed on each fold separately (diagnostic) -> list of 5."""
    pred = predictions(P)
    res = []
    for f in range(K):
        rows = IS[FOLD[IS] == f]
        res.append(float(np.mean([macro(*score_rows(pred, rows, a)) for a in range(4)])))
    return res


def record(name, P, family, meta=None, note=""):
    """Score, print, append to results.jsonl and save the OOF probabilities (cache/P/<name>.npy)."""
    ev = evaluate(P)
    row = dict(name=name, family=family, **ev, note=note, **(meta or {}))
    with open(RESULTS, "a") as f:
        f.write(json.dumps(row) + "\n")
    os.makedirs(PCACHE, exist_ok=True)
    np.save(f"{PCACHE}/{safe(name)}.npy", P[:, IS].astype(np.float32))
    g = " ".join(f"{k[:6]} {v['mean']:.3f}" for k, v in ev["genre"].items())
    print(f"{name:<44} {' '.join(f'{x:.3f}' for x in ev['axis'])} | mean {ev['mean']:.3f} | {g} | "
          f"{meta or ''}", flush=True)
    return ev


def safe(name):
    return "".join(ch if ch.isalnum() or ch in "-_=." else "_" for ch in name)


def load_P(name):
    P = np.full((4, len(ROWS), 3), np.nan)
    P[:, IS] = np.load(f"{PCACHE}/{safe(name)}.npy")
    return P


def hstack(*blocks):
    return sp.hstack([b if sp.issparse(b) else sp.csr_matrix(b) for b in blocks], format="csr")
