"""The SetFit-style fine-tune on all five folds, against the heads shipped now: [e_ft ; t_all]
(each fold's records embedded by an encoder fine-tuned without them) beside [e ; t_all], with
speech sentences weighing 1 and 3 in the heads' training, scored at sentence level and on cells
(`notebooks/speech-study`'s proxy of `stance eval`'s cells), with a paired bootstrap over
records for the mean sentence macro-F1 and over delegations for the cell macro-F1.

    .deps/bench-venv/bin/python notebooks/head-study-v2/setfit_cells.py > notebooks/head-study-v2/setfit_cells.log
"""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "speech-study"))
from study import *  # noqa: F401,F403  (common, feats, cells, cell_figures, show, oof)

assert all(os.path.exists(f"{CACHE}/setfit_fold{f}.json") for f in range(K)), "fine-tune every fold first (setfit.py finetune 0 1 2 3 4)"


def fine_tuned(weight):
    P = np.full((4, len(ROWS), 3), np.nan)
    head = speech_weighted_head(weight)
    for f in range(K):
        Eft = np.load(f"{CACHE}/setfit_fold{f}_rows.npy")
        Pf, _ = run_cv(feats("e+t", max_features=None, emb=Eft), head=head, folds=[f])
        te = IS[FOLD[IS] == f]
        P[:, te] = Pf[:, te]
    return P


def paired(Pa, Pb, n=2000, seed=20261201):
    """Mean sentence macro-F1 (records resampled) and cell macro-F1 (delegations resampled): b - a."""
    rng = np.random.default_rng(seed)
    pa, pb = predictions(Pa), predictions(Pb)
    docs = sorted(set(DOC[IS])); rows_of = {d: IS[DOC[IS] == d] for d in docs}
    ca, cb = cells(Pa), cells(Pb)
    keys = sorted({c[3] for c in ca}); by_a = {k: [] for k in keys}; by_b = {k: [] for k in keys}
    for c in ca: by_a[c[3]].append(c)
    for c in cb: by_b[c[3]].append(c)
    ds, dc = [], []
    for _ in range(n):
        rows = np.concatenate([rows_of[docs[i]] for i in rng.integers(0, len(docs), len(docs))])
        sa = np.mean([macro(*score_rows(pa, rows, a)) for a in range(4)])
        sb = np.mean([macro(*score_rows(pb, rows, a)) for a in range(4)])
        ds.append(sb - sa)
        ks = [keys[i] for i in rng.integers(0, len(keys), len(keys))]
        dc.append(cell_figures([c for k in ks for c in by_b[k]])["f1"] - cell_figures([c for k in ks for c in by_a[k]])["f1"])
    for name, d in (("sentence macro-F1 (mean of axes)", ds), ("cell macro-F1", dc)):
        d = np.array(d)
        print(f"   {name}: {np.mean(d):+.3f} (90% {np.percentile(d, 5):+.3f}, {np.percentile(d, 95):+.3f}), P(>0) {np.mean(d > 0):.2f}")


if __name__ == "__main__":
    f = feats("e+t", max_features=None)
    base1 = load_P("x: TF-IDF uncapped (all min_df-2 terms) [e;t_all]")
    base3 = oof("speech_w3", f, speech_weighted_head(3))
    ft1, ft3 = fine_tuned(1), fine_tuned(3)
    for name, P in [("[e;t_all], speech weight 1", base1), ("[e_ft;t_all], speech weight 1", ft1),
                    ("[e;t_all], speech weight 3 (shipped)", base3), ("[e_ft;t_all], speech weight 3", ft3)]:
        show(name, P)
        print("   per axis", evaluate(P)["axis"])
    print("# fine-tuned minus not, speech weight 1"); paired(base1, ft1)
    print("# fine-tuned minus not, speech weight 3"); paired(base3, ft3)
