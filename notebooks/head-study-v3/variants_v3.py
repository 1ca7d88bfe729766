"""Head study, version 3 (issue 16, item 6): three kinds of head and a decision bias not tried
before, each scored against the shipped recipe ([embedding ; uncapped TF-IDF], sqrt class
weights, speech sentences weighing 3) by the same record-grouped 5-fold cross-validation (folds
grouped by shared sentences), at sentence level and on cells (speech-study's proxy of
`stance eval`'s cells).

1. the embedding block scaled against the TF-IDF block (one L2 penalty on both blocks lets
   the sparse TF-IDF columns, many and rare, carry most of the weight; scaling the dense block
   up is regularising it less);
2. a nearest-neighbour vote over the training sentences' embeddings, blended with the heads
   (diplomatic language repeats set phrases; a vote over the closest annotated sentences may
   recognise a paraphrase the linear head misses);
3. stacking across axes: each axis's head also sees the other axes' out-of-fold probabilities
   (the poles go together: a sentence for `state_led` is often for `un_central` too).
4. a decision bias: `none`'s probability scaled by a factor per axis before the argmax (macro-F1
   can prefer another balance between the poles and `none` than the class weights give),
   the factor chosen per outer fold on the other folds.

    python3 scripts/study_data.py      # after `make eval`
    .deps/bench-venv/bin/python notebooks/head-study-v3/variants_v3.py > notebooks/head-study-v3/variants_v3.log
"""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "speech-study"))
sys.path.insert(0, os.path.join(HERE, "..", "head-study-v2"))
from study import *
from analyse import bootstrap
from variants import E

SHIPPED = speech_weighted_head(3)


def compare(name, P, base):
    """The variant's line, then its paired bootstraps against the shipped recipe."""
    show(name, P)
    b = bootstrap(P, base)
    print(f"  sentence macro-F1 - shipped: {b['point'][4]:+.4f} (90% {b['lo'][4]:+.4f} to {b['hi'][4]:+.4f}), "
          f"per axis {b['point'][:4]}", flush=True)
    paired_cell_bootstrap(base, P, f"{name} - shipped", genre=None)


def knn_vote(k):
    """Out-of-fold P(left, right, none) per axis from the k training sentences (scored and
    authored) nearest in embedding, each weighing its cosine similarity; `both` votes half
    for each pole."""
    P = np.full((4, len(ROWS), 3), np.nan)
    for f in range(K):
        tr = np.r_[IS[FOLD[IS] != f], IA]
        te = IS[FOLD[IS] == f]
        S = E[te] @ E[tr].T
        nn = np.argpartition(-S, k, axis=1)[:, :k]
        w = np.take_along_axis(S, nn, axis=1).clip(min=0)
        for a in range(4):
            y = Y[tr, a][nn]
            v = np.stack([w * ((y == 0) + 0.5 * (y == BOTH)), w * ((y == 1) + 0.5 * (y == BOTH)), w * (y == 2)], -1).sum(1)
            P[a, te] = v / np.maximum(v.sum(1, keepdims=True), 1e-12)
    return P


def stacked(base_features, inner_folds=3):
    """Two levels per outer fold: level 1 is the shipped head; its out-of-fold probabilities
    on the training rows (an inner `inner_folds`-fold split by record group) and its
    probabilities on the test rows, all four axes, join each axis's features at level 2."""
    def features(tr, te):
        Xtr, Xte = base_features(tr, te)
        # inner folds by the outer folds' own grouping (records that share a sentence stay
        # together); the authored sentences, which have no fold, are dealt out in turn
        inner = np.where(FOLD[tr] >= 0, FOLD[tr], np.arange(len(tr))) % inner_folds
        Ztr = np.zeros((len(tr), 12)); Zte = np.zeros((len(te), 12))
        for g in range(inner_folds):
            itr, ite = tr[inner != g], tr[inner == g]
            Xi, Xo = base_features(itr, ite)
            for a in range(4):
                Ztr[inner == g, 3 * a:3 * a + 3] = SHIPPED(Xi, Y[itr, a], Xo, a, itr)
        for a in range(4):
            Zte[:, 3 * a:3 * a + 3] = SHIPPED(Xtr, Y[tr, a], Xte, a, tr)
        return hstack(Xtr, 3 * Ztr), hstack(Xte, 3 * Zte)
    return features


NONE_SCALES = [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.5]


def none_scaled(P, scales):
    """P with each axis's P(none) multiplied by that axis's scale, renormalised."""
    Q = P.copy()
    for a, s in enumerate(scales):
        Q[a, :, 2] *= s
        Q[a] /= np.nansum(Q[a], axis=1, keepdims=True)
    return Q


def nested_none_scale(P):
    """For each outer fold, per axis, the scale of P(none) with the best sentence macro-F1 on
    the pooled out-of-fold rows of the other four folds, applied to the outer fold. Cheaper
    than a full nested CV: those rows' probabilities come from heads that saw the outer fold's
    labels (one number per axis is chosen on them)."""
    pred = {x: predictions(none_scaled(P, [x] * 4)) for x in NONE_SCALES}  # the same for every fold
    out = np.full_like(P, np.nan)
    for f in range(K):
        other, te = IS[FOLD[IS] != f], IS[FOLD[IS] == f]
        scales = [max(NONE_SCALES, key=lambda x: macro(*score_rows(pred[x], other, a))) for a in range(4)]
        print(f"  outer fold {f}: scale of P(none) per axis {scales}")
        out[:, te] = none_scaled(P, scales)[:, te]
    return out


if __name__ == "__main__":
    f = feats("e+t", max_features=None)
    base = oof("speech_w3", f, SHIPPED)
    show("shipped [e ; t_all], speech x3", base)

    print("# 1. the embedding block scaled against the TF-IDF block")
    for s in [0.5, 2.0, 3.0]:
        compare(f"embedding x{s:g}", oof(f"v3_emb_scale_{s:g}", feats("e+t", max_features=None, emb=E * s), SHIPPED), base)

    print("# 2. nearest-neighbour vote blended with the heads")
    for k in [10, 30]:
        vote = knn_vote(k)
        show(f"vote alone, k={k}", vote)
        for alpha in [0.25, 0.5]:
            compare(f"(1-{alpha}) heads + {alpha} vote, k={k}", (1 - alpha) * base + alpha * vote, base)

    print("# 3. stacking across axes")
    compare("stacked (other axes' probabilities)", oof("v3_stacked", stacked(f), SHIPPED), base)

    print("# 4. P(none) scaled before the argmax, the scale chosen on the other folds")
    compare("P(none) scaled, nested", nested_none_scale(base), base)
    for x in [0.6, 0.8]:
        show(f"P(none) x{x:g} on every axis, fixed (hindsight)", none_scaled(base, [x] * 4))
