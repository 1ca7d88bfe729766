"""Head study, version 5 (issue 16, item 6): does a small non-linear head beat the shipped linear one?

Every head tried so far (head-study-v2, v3, v4, speech-study) is linear: multinomial logistic
regression on [embedding | TF-IDF]. This study puts a one-hidden-layer MLP on the same features
and scores it against the shipped recipe (head-study-v4's `view([1, 6])` beside the uncapped
TF-IDF, LR C = 1, sqrt class weights, speech sentences x3, authored sentences in every training
fold) with the same data, folds, scoring and paired bootstraps as head-study-v3 and v4.

Variants:
1. `mlp`: per axis, the dense embedding block (768 columns, standardised on the training rows)
   through Linear(768, H) -> ReLU -> dropout 0.2 -> Linear(H, 3), plus the sparse TF-IDF block
   through one Linear(F, 3), summed into the 3 logits (left, right, none). Softmax cross-entropy
   with the shipped head's sample weights: `expand_both` (a `both` sentence trains once as left
   and once as right), `repeats(t, "sqrt")` class weights on the expanded targets, x3 for speech
   sentences; each axis's loss is divided by its total weight. AdamW (lr 2e-3, weight decay on
   the weights, not the biases), minibatches of 256, a fixed number of epochs, constant rate.
   The four axes' models are trained side by side in one module: their parameters are disjoint,
   the loss is the sum of the axes' losses and AdamW updates each coordinate on its own, so that
   is the same as four separate fits sharing one minibatch order. A `both` row is one row with
   weight on two targets, the same loss as the two copies `expand_both` makes.
   Hyper-parameters by nested cross-validation: for each outer fold, the other four folds are
   split 4 ways (their own folds); every setting of GRID is fitted on three and predicts the
   fourth; the setting with the best inner cell macro-F1 (speech-study's cell proxy over the
   inner delegations, as nested_layers.py) is fitted on all four (+ authored) and predicts the
   outer fold. The outer folds choose nothing.
2. `mean`: the mean of the MLP's and the shipped head's probabilities.
3. `mlp_emb`: the MLP on the embedding alone (no TF-IDF block), with its own nested choice.

Caches: the previous studies' modules keep their caches beside their own files; here the
out-of-fold probabilities (common.PCACHE) and the encoder's pooled layers go to this folder's
git-ignored cache/ instead (common.PCACHE is set before the other modules import it). The
encoder runs once (head-study-v4's pooling.py, with this folder's cache); the
shipped embedding E that head-study-v2's variants.py computes at import is taken from that pass
(the last layer, mean-pooled, normalised; layers.py showed it is sentence-transformers' own to
1.3e-7, and `prep` checks it again on 256 sentences), so the encoder does not run twice.

    make eval                                        # writes out/eval/eval_sentences.csv
    bash scripts/bench_reference_setup.sh
    python3 scripts/study_data.py                    # -> out/study/data.jsonl, which the studies read
    PY=.deps/bench-venv/bin/python; D=notebooks/head-study-v5
    $PY $D/mlp.py prep > $D/prep.log                 # encoder layers + the shipped heads' OOF
    THREADS=1 $PY $D/mlp.py pilot > $D/pilot.log     # training loss, time per run (no held-out score; ran beside prep)
    $PY $D/mlp.py fold 0 1 2 3 4 > $D/folds.log      # nested choice + outer fits, per outer fold
    $PY $D/mlp.py inner_shipped                      # the shipped head's inner cell macro-F1 (reference)
    $PY $D/mlp.py report > $D/mlp.log                # tables, bootstraps, speech cells, frontier

Every fit (inner and outer) is the mean of the probabilities of 3 seeds (SEEDS). `fold` may be
split over processes; this study ran it as two, one thread each (folds_a.log, folds_b.log):

    (THREADS=1 KINDS=mlp $PY $D/mlp.py fold 0 1 2; THREADS=1 KINDS=mlp_emb $PY $D/mlp.py fold 0 1) > $D/folds_a.log &
    (THREADS=1 KINDS=mlp $PY $D/mlp.py fold 3 4; THREADS=1 KINDS=mlp_emb $PY $D/mlp.py fold 2 3 4) > $D/folds_b.log

Each outer fold's result is cached (cache/run/), so a rerun fits nothing again.
"""
import os, sys, json, time
for _v in ["OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"]:
    os.environ.setdefault(_v, os.environ.get("THREADS", "2"))
NB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _d in ["head-study-v2", "speech-study", "head-study-v3"]:
    sys.path.insert(0, os.path.join(NB, _d))

import numpy as np
import common                                   # head-study-v2: data, folds, TF-IDF, heads, scoring
HERE5 = os.path.join(NB, "head-study-v5")
CACHE5 = os.path.join(HERE5, "cache")
os.makedirs(CACHE5, exist_ok=True)
DIGEST = os.path.basename(common.PCACHE)        # the data file's digest
common.PCACHE = os.path.join(CACHE5, "P", DIGEST)
THREADS = int(os.environ.get("THREADS", "2"))


# ------------------------------------------------------------- the encoder's layers (head-study-v4)
sys.path.insert(0, os.path.join(NB, "head-study-v4"))
from pooling import pooled_layers, unit, view as view_of

_u = common.unique_texts()
_pos = {t: i for i, t in enumerate(_u)}
L = pooled_layers(_u, common.MAIN, CACHE5, THREADS)[[_pos[t] for t in common.TEXT]]


def view(parts):
    return view_of(L, parts)


# variants.py embeds every text with sentence-transformers at import: take the same vectors
# from the pass above instead (checked in `prep`).
common.base_embeddings = lambda name="minilm", model=None: (view([6]), np.zeros_like(view([6])))

from variants_v3 import *          # study, analyse, variants, common: ROWS, feats, oof, show, SHIPPED, ...
from analyse import bootstrap
from nested import inner_keys, inner_cell_f1   # speech-study: the inner delegations; nested_layers.py's inner score
from frontier import print_frontier
HERE5 = os.path.join(NB, "head-study-v5")   # (the star imports bring other folders' HERE)

EMB = view([1, 6])
SHIPPED_NAME = "v4_1_6"            # layers.py's name for the shipped recipe's OOF probabilities
SPEECH_W = 3.0

# ------------------------------------------------------------- the MLP head
LR_RATE = 2e-3
DROPOUT = 0.2
BATCH = 256
SEEDS = [0, 1, 2]
# 6 settings: hidden {128, 512} x (weight decay, epochs) in {(0.05, 2), (0.05, 4), (1.0, 8)}.
# The epochs bracket the shipped LR's fit on its training rows (pilot.log: training loss 0.046;
# the MLP's is 0.07-0.09 after 2 epochs, 0.03-0.04 after 4, 0.01 after 8); the third is a longer
# run held back by a strong decay instead. One run per (hidden, weight decay) is read at each of
# its epochs (constant rate: the run at 2 epochs is the first 2 epochs of the run at 4).
GRID = [(h, wd, e) for h in [128, 512] for wd, e in [(0.05, 2), (0.05, 4), (1.0, 8)]]
HIDDEN = [128, 512]       # the pilot's
WDS = [0.05]
EPOCHS = [16]


def setting_name(s):
    return f"H{s[0]}_wd{s[1]:g}_ep{s[2]}"


def targets(tr):
    """T[n, 4, 3]: each training row's weight on each class, per axis, as lr_head weighs it
    (expand_both, sqrt class weights on the expanded targets, speech x3)."""
    sw = np.where(GENRE[tr] == "speech", SPEECH_W, 1.0)
    T = np.zeros((len(tr), 4, 3))
    for a in range(4):
        idx, t = expand_both(Y[tr, a])
        w = repeats(t, "sqrt") * sw[idx]
        np.add.at(T[:, a], (idx, t), w)
    return T


def blocks(tr, te, tfidf=True):
    """Dense block (the view, standardised on the training rows) and the TF-IDF block (fitted on
    the training rows, as feats does) for training and test rows."""
    mu, sd = EMB[tr].mean(0), EMB[tr].std(0) + 1e-6
    Dtr, Dte = ((EMB[tr] - mu) / sd).astype(np.float32), ((EMB[te] - mu) / sd).astype(np.float32)
    if not tfidf:
        return Dtr, None, Dte, None
    v = tfidf_fit(tr, max_features=None)
    return Dtr, v.transform(TEXT[tr]).astype(np.float32).tocsr(), Dte, v.transform(TEXT[te]).astype(np.float32).tocsr()


def torch_sparse(X):
    import torch
    X = X.tocoo()
    return torch.sparse_coo_tensor(np.vstack([X.row, X.col]), X.data, X.shape, dtype=torch.float32).coalesce()


def fit_mlp(Dtr, Str, T, Dte, Ste, hidden, wd, epochs, seed):
    """Trains the four axes' MLPs side by side; returns {epoch: P[4, n_test, 3]} at each epoch of
    `epochs`. Str/Ste None: embedding only."""
    import torch
    torch.set_num_threads(THREADS)
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed)
    n, D = Dtr.shape
    A = 4
    lin1 = torch.nn.Linear(D, A * hidden)               # the axes' hidden layers, side by side
    b = 1 / np.sqrt(hidden)
    W2 = torch.nn.Parameter(torch.empty(A, hidden, 3).uniform_(-b, b, generator=g))
    b2 = torch.nn.Parameter(torch.zeros(A, 3))
    params = [lin1.weight, W2]
    Ws = None
    if Str is not None:
        Ws = torch.nn.Parameter(torch.zeros(Str.shape[1], A * 3))
        params.append(Ws)
    opt = torch.optim.AdamW([{"params": params, "weight_decay": wd},
                             {"params": [lin1.bias, b2], "weight_decay": 0.0}], lr=LR_RATE)
    drop = torch.nn.Dropout(DROPOUT)
    Tt = torch.tensor(T, dtype=torch.float32)
    norm = Tt.sum((0, 2))                                # each axis's total weight
    Dt = torch.tensor(Dtr)

    def logits(Dx, Sx, train):
        h = torch.relu(lin1(Dx)).view(-1, A, hidden)
        if train:
            h = drop(h)
        z = torch.einsum("nah,ahc->nac", h, W2) + b2
        if Sx is not None:
            z = z + torch.sparse.mm(Sx, Ws).view(-1, A, 3)
        return z

    out = {}
    Dte_t = torch.tensor(Dte)
    Ste_t = torch_sparse(Ste) if Ste is not None else None
    for ep in range(1, max(epochs) + 1):
        perm = torch.randperm(n, generator=g).numpy()
        for s in range(0, n, BATCH):
            idx = perm[s:s + BATCH]
            Sx = torch_sparse(Str[idx]) if Str is not None else None
            z = logits(Dt[idx], Sx, True)
            loss = -(Tt[idx] * torch.log_softmax(z, -1)).sum((0, 2)) / (norm * len(idx) / n)
            opt.zero_grad()
            loss.sum().backward()
            opt.step()
        if ep in epochs:
            with torch.no_grad():
                out[ep] = torch.softmax(logits(Dte_t, Ste_t, False), -1).permute(1, 0, 2).numpy().astype(np.float64)
    return out


def mlp_runs(tr, te, settings, tfidf=True, seeds=SEEDS):
    """{setting: P[4, len(te), 3]} for each (hidden, weight decay, epochs) of `settings`, each the
    mean over `seeds`; one run per (hidden, weight decay, seed), read at its epochs."""
    Dtr, Str, Dte, Ste = blocks(tr, te, tfidf)
    T = targets(tr)
    runs = {}
    for h, wd, e in settings:
        runs.setdefault((h, wd), []).append(e)
    res = {}
    for (h, wd), eps in runs.items():
        for seed in seeds:
            for ep, P in fit_mlp(Dtr, Str, T, Dte, Ste, h, wd, eps, seed).items():
                res.setdefault((h, wd, ep), []).append(P)
    return {k: np.mean(v, 0) for k, v in res.items()}


# ------------------------------------------------------------- nested cross-validation
RUN = os.path.join(CACHE5, "run", DIGEST)
INNER_SEEDS = SEEDS


def nested_fold(outer, kind):
    """Inner choice and outer fit of `kind` ("mlp" or "mlp_emb") for one outer fold, cached as
    run/<digest>/<kind>_o<outer>.json (+ .npy: the outer fold's probabilities of the choice)."""
    os.makedirs(RUN, exist_ok=True)
    js, npy = f"{RUN}/{kind}_o{outer}.json", f"{RUN}/{kind}_o{outer}.npy"
    if os.path.exists(js) and os.path.exists(npy):
        return json.load(open(js)), np.load(npy)
    tfidf = kind == "mlp"
    t0 = time.time()
    Pin = {s: np.full((4, len(ROWS), 3), np.nan) for s in GRID}
    for g in [k for k in range(K) if k != outer]:
        tr = np.r_[IS[(FOLD[IS] != g) & (FOLD[IS] != outer)], IA]
        te = IS[FOLD[IS] == g]
        for s, P in mlp_runs(tr, te, GRID, tfidf, seeds=INNER_SEEDS).items():
            Pin[s][:, te] = P
        print(f"  {kind} outer {outer} inner fold {g} done ({time.time() - t0:.0f} s)", flush=True)
    keys = inner_keys(outer)
    inner_rows = IS[FOLD[IS] != outer]
    scores = {}
    for s in GRID:
        cf = cell_figures([c for c in cells(Pin[s]) if c[3] in keys])
        pred = predictions(Pin[s])
        sent = float(np.mean([macro(*score_rows(pred, inner_rows, a)) for a in range(4)]))
        scores[setting_name(s)] = dict(cell_f1=cf["f1"], sent_f1=round(sent, 4), agree=cf["agree"],
                                       precision=cf["precision"], stated=cf["stated"])
    # best inner cell macro-F1; ties to the earlier setting in GRID
    best = max(GRID, key=lambda s: (scores[setting_name(s)]["cell_f1"], -GRID.index(s)))
    t1 = time.time()
    tr = np.r_[IS[FOLD[IS] != outer], IA]
    te = IS[FOLD[IS] == outer]
    P = mlp_runs(tr, te, [best], tfidf, seeds=SEEDS)[best]
    info = dict(outer=outer, kind=kind, inner=scores, chosen=setting_name(best), inner_secs=round(t1 - t0),
                outer_secs=round(time.time() - t1), inner_seeds=INNER_SEEDS, outer_seeds=SEEDS)
    print(json.dumps(info), flush=True)
    np.save(npy, P.astype(np.float32))
    json.dump(info, open(js, "w"))
    return info, P


def inner_shipped():
    """For reference only (it chooses nothing): the shipped head's inner cell macro-F1 in each
    outer fold, as nested_layers.py scores a view, beside the MLP settings' own."""
    path = f"{RUN}/shipped_inner.json"
    if os.path.exists(path):
        return {int(k): v for k, v in json.load(open(path)).items()}
    f = feats("e+t", max_features=None, emb=EMB)
    res = {o: inner_cell_f1(o, f, SHIPPED) for o in range(K)}
    json.dump(res, open(path, "w"))
    return res


def assemble(kind):
    P = np.full((4, len(ROWS), 3), np.nan)
    infos = []
    for o in range(K):
        js, npy = f"{RUN}/{kind}_o{o}.json", f"{RUN}/{kind}_o{o}.npy"
        if not os.path.exists(npy):
            return None, None
        infos.append(json.load(open(js)))
        P[:, IS[FOLD[IS] == o]] = np.load(npy)
    return P, infos


# ------------------------------------------------------------- report
def compare5(name, P, base):
    """show's line, then the per-axis and mean sentence macro-F1 with their paired record
    bootstrap against the shipped recipe, then the paired delegation bootstrap of the cells."""
    show(name, P)
    ev = evaluate(P)
    b = bootstrap(P, base)
    cols = AXES + ["mean"]
    vals = ev["axis"] + [ev["mean"]]
    print("  sentence macro-F1: " + "; ".join(
        f"{c} {v:.3f} ({b['point'][i]:+.4f}, 90% {b['lo'][i]:+.4f} to {b['hi'][i]:+.4f})"
        for i, (c, v) in enumerate(zip(cols, vals))), flush=True)
    paired_cell_bootstrap(base, P, f"{name} - shipped", genre=None)


def speech_only(name, P, base):
    """speech_cells.py: sentence macro-F1 on speech sentences, and the speech cells."""
    sp_rows = IS[GENRE[IS] == "speech"]
    b = bootstrap(P, base, rows=sp_rows)
    pred, predb = predictions(P), predictions(base)
    for a in range(4):
        y, p = score_rows(pred, sp_rows, a)
        _, pb = score_rows(predb, sp_rows, a)
        print(f"  {AXES[a]:<12} speech sentences: gold left/right/none {[int(np.sum(y == c)) for c in range(3)]}, "
              f"predicted {[int(np.sum(p == c)) for c in range(3)]} (shipped {[int(np.sum(pb == c)) for c in range(3)]}), "
              f"F1 left/right/none {[None if x is None else round(x, 3) for x in f1s(y, p)]} "
              f"(shipped {[None if x is None else round(x, 3) for x in f1s(y, pb)]})")
    print(f"{name}: speech sentence macro-F1 - shipped {b['point'][4]:+.4f} (90% {b['lo'][4]:+.4f} to {b['hi'][4]:+.4f}), "
          f"per axis {b['point'][:4]}", flush=True)
    paired_cell_bootstrap(base, P, f"{name} - shipped", genre="speech")


def prep():
    import torch
    from sentence_transformers import SentenceTransformer
    torch.set_num_threads(THREADS)
    rng = np.random.default_rng(0)
    sample = rng.choice(len(_u), 256, replace=False)
    st = SentenceTransformer(f"{MAIN}/models/encoder", device="cpu")
    e = st.encode([_u[i] for i in sample], batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    full = pooled_layers(_u, common.MAIN, CACHE5, THREADS)
    drift = np.abs(unit(full[sample, 6]) - e).max()
    print(f"last layer, mean-pooled, normalised vs sentence-transformers on 256 texts: max |difference| {drift:.2e}")
    assert drift < 1e-4
    t0 = time.time()
    base = oof(SHIPPED_NAME, feats("e+t", max_features=None, emb=EMB), SHIPPED)
    print(f"shipped heads' OOF in {time.time() - t0:.0f} s")
    show("shipped: layers 1+6 [e ; t_all], speech x3", base)


def weighted_ce(P, T):
    """Per axis: the training loss (weighted cross-entropy / total weight) of P[4, n, 3]."""
    return [float(-(T[:, a] * np.log(np.clip(P[a], 1e-12, None))).sum() / T[:, a].sum()) for a in range(4)]


def pilot():
    """Fit only, no held-out score: on outer fold 0's training rows, the training loss the shipped
    LR reaches against the MLP's at each epoch, and the seconds per run, to see that the epochs
    of the grid reach the linear head's fit and what a run costs."""
    tr = np.r_[IS[FOLD[IS] != 0], IA]
    T = targets(tr)
    t0 = time.time()
    Dtr, Str, _, _ = blocks(tr, tr[:1])
    print(f"TF-IDF: {Str.shape[1]} terms ({time.time() - t0:.0f} s)", flush=True)
    for h in HIDDEN:
        t0 = time.time()
        out = fit_mlp(Dtr, Str, T, Dtr, Str, h, WDS[0], list(range(1, max(EPOCHS) + 1)), 0)
        print(f"MLP H={h}: {time.time() - t0:.0f} s for {max(EPOCHS)} epochs; training loss per epoch "
              + ", ".join(f"{e}: {np.mean(weighted_ce(P, T)):.3f}" for e, P in out.items()), flush=True)
        t0 = time.time()
        out = fit_mlp(Dtr, None, T, Dtr, None, h, WDS[0], [max(EPOCHS)], 0)
        print(f"  embedding alone: {time.time() - t0:.0f} s, training loss {np.mean(weighted_ce(out[max(EPOCHS)], T)):.3f}", flush=True)
    f = feats("e+t", max_features=None, emb=EMB)
    Xtr, _ = f(tr, tr[:1])
    t0 = time.time()
    Pl = np.stack([SHIPPED(Xtr, Y[tr, a], Xtr, a, tr) for a in range(4)])
    print(f"shipped LR: training loss {np.mean(weighted_ce(Pl, T)):.3f} per axis {np.round(weighted_ce(Pl, T), 3).tolist()} "
          f"({time.time() - t0:.0f} s for 4 axes)", flush=True)


def report():
    base = load_P(SHIPPED_NAME)
    print("# the shipped recipe (head-study-v4's layers 1 and 6 beside the uncapped TF-IDF)")
    show("shipped", base)
    ev = evaluate(base)
    print(f"  sentence macro-F1 per axis {ev['axis']}, mean {ev['mean']}")
    ref = inner_shipped() if os.path.exists(f"{RUN}/shipped_inner.json") else None
    print(f"  the shipped head's inner cell macro-F1 per outer fold (reference, chooses nothing): {ref}")
    runs = {}
    for kind, label in [("mlp", "MLP [emb -> H -> 3] + [TF-IDF -> 3]"), ("mlp_emb", "MLP on the embedding alone")]:
        P, infos = assemble(kind)
        if P is None:
            print(f"# {label}: not run (or incomplete)")
            continue
        print(f"# {label}: nested choice per outer fold")
        for i in infos:
            print(f"  outer fold {i['outer']}: chosen {i['chosen']}; inner cell macro-F1 "
                  + ", ".join(f"{k} {v['cell_f1']:.3f}" for k, v in i["inner"].items())
                  + f"; inner sentence macro-F1 " + ", ".join(f"{k} {v['sent_f1']:.3f}" for k, v in i["inner"].items())
                  + f" ({i['inner_secs']} s inner, {i['outer_secs']} s outer)")
        runs[kind] = P
        compare5(label, P, base)
        if kind == "mlp":
            runs["mean"] = (P + base) / 2
            compare5("mean of MLP and shipped probabilities", runs["mean"], base)
    speech_and_frontier(runs, base)


def speech_and_frontier(runs, base):
    """The end of a report: each run's speech sentences and cells against `base`, then every
    run's cells at evidence thresholds 0.4-0.8."""
    print("# speech cells and speech sentences alone (speech_cells.py)")
    for k, P in runs.items():
        speech_only(k, P, base)
    print("# frontier: cells at evidence thresholds 0.4-0.8 (frontier.py)")
    print_frontier({"shipped": base, **runs}, width=12)


if __name__ == "__main__":
    cmd = sys.argv[1] if sys.argv[1:] else "report"
    t0 = time.time()
    if cmd == "prep":
        prep()
    elif cmd == "pilot":
        pilot()
    elif cmd == "fold":
        kinds = os.environ.get("KINDS", "mlp,mlp_emb").split(",")
        for kind in kinds:
            for o in map(int, sys.argv[2:]):
                nested_fold(o, kind)
    elif cmd == "inner_shipped":
        print(inner_shipped())
    elif cmd == "report":
        report()
    print(f"# {cmd}: {time.time() - t0:.0f} s wall")
