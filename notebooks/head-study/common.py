"""Shared data loading, folds, features and scoring for the stance head study."""
import csv, glob, os, sys
from collections import OrderedDict, Counter
import numpy as np
os.environ.setdefault("OMP_NUM_THREADS", "1"); os.environ.setdefault("MKL_NUM_THREADS", "1")

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = os.path.abspath(os.path.join(HERE, "..", ".."))
AXES = ["governance", "un_role", "information", "legal_order"]
POLES = {"governance": ("state_led", "multi_stakeholder"), "un_role": ("un_central", "un_facilitator"),
         "information": ("information_control", "free_flow"), "legal_order": ("new_instruments", "existing_law")}
CACHE = os.path.join(MAIN, "out", "head-study-cache")
os.makedirs(CACHE, exist_ok=True)


def side(axis, label):
    l, r = POLES[axis]
    return {l: 0, r: 1, "none": 2}[label]


def read_labels(paths):
    """(doc, text) -> labels[4] (0 left, 1 right, 2 none, -1 missing), in first-seen order."""
    out = OrderedDict()
    for p in paths:
        with open(p, newline="") as f:
            for row in csv.DictReader(f):
                key = (row["doc"], row["sentence"])
                labs = out.setdefault(key, [-1] * 4)
                labs[AXES.index(row["axis"].strip())] = side(row["axis"].strip(), row["label"].strip())
    return out


def load():
    real = read_labels(sorted(glob.glob(f"{MAIN}/data/labels/*.csv")))
    auth = read_labels(sorted(glob.glob(f"{MAIN}/data/labels/authored/*.csv")))
    auth = OrderedDict((k, v) for k, v in auth.items() if k not in real)
    R = dict(docs=[k[0] for k in real], texts=[k[1] for k in real], y=np.array(list(real.values())))
    A = dict(docs=[k[0] for k in auth], texts=[k[1] for k in auth], y=np.array(list(auth.values())))
    return R, A


def grouped_folds(groups, k=5):
    sizes = Counter(groups)
    order = sorted(sizes.items(), key=lambda t: (-t[1], t[0]))
    fs = [0] * k; fog = {}
    for g, n in order:
        f = min(range(k), key=lambda i: (fs[i], i)); fs[f] += n; fog[g] = f
    return np.array([fog[g] for g in groups])


_model = None
def encoder():
    global _model
    if _model is None:
        import torch; torch.set_num_threads(1)
        from sentence_transformers import SentenceTransformer
        _model = SentenceTransformer(f"{MAIN}/models/encoder", device="cpu")
    return _model


def embed(texts, name, model=None, prefix=""):
    """Embeddings (mean pooled, L2-normalised), cached in cache/<name>.npy keyed on the text list."""
    path = f"{CACHE}/{name}.npz"
    texts = list(texts)
    if os.path.exists(path):
        z = np.load(path, allow_pickle=True)
        if list(z["texts"]) == texts:
            return z["emb"]
    m = model or encoder()
    e = m.encode([prefix + t for t in texts], batch_size=32, normalize_embeddings=True, convert_to_numpy=True,
                 show_progress_bar=False).astype(np.float32)
    np.savez(path, texts=np.array(texts, dtype=object), emb=e)
    return e


def balance_repeats(y):
    """Rust's balancing: repeat each sample round(largest / its class count) times."""
    c = Counter(y.tolist()); big = max(c.values())
    return np.array([max(1, int(np.floor(big / c[v] + 0.5))) for v in y])


def class_weights(y, mode):
    c = Counter(y.tolist()); big = max(c.values())
    if mode == "repeat":
        return balance_repeats(y).astype(float)
    if mode == "balanced":
        return np.array([big / c[v] for v in y], float)
    if mode == "sqrt-repeat":  # integer copies, as linfa takes no sample weights
        return np.array([max(1, int(np.floor(np.sqrt(big / c[v]) + 0.5))) for v in y], float)
    if mode == "sqrt":
        return np.array([np.sqrt(big / c[v]) for v in y], float)
    if mode == "none":
        return np.ones(len(y))
    raise ValueError(mode)


TOL = 1e-4  # lbfgs tolerance used for the study (baseline.py sets 1e-6 to reproduce Rust to 3 decimals)
def fit_lr(X, y, w, C=10.0, max_iter=1000, tol=None):
    from sklearn.linear_model import LogisticRegression
    m = LogisticRegression(C=C, max_iter=max_iter, tol=TOL if tol is None else tol)  # multinomial lbfgs (sklearn 1.5 default)
    m.fit(X, y, sample_weight=w)
    return m


def proba3(m, X):
    """Probabilities in class order (left, right, none); absent classes get 0."""
    p = np.zeros((X.shape[0], 3)); p[:, m.classes_] = m.predict_proba(X)
    return p


def macro_f1(y, pred):
    f = []
    for c in range(3):
        tp = np.sum((y == c) & (pred == c)); d = np.sum(y == c) + np.sum(pred == c)
        f.append(0.0 if d == 0 else 2 * tp / d)
    return float(np.mean(f))


def argmax_rust(p):
    """AxisProbs::side: none wins ties, then left."""
    return np.where((p[:, 2] >= p[:, 0]) & (p[:, 2] >= p[:, 1]), 2, np.where(p[:, 0] >= p[:, 1], 0, 1))


def fmt(scores):
    return " ".join(f"{s:.3f}" for s in scores) + f"  | mean {np.mean(scores):.3f} min {np.min(scores):.3f}"
