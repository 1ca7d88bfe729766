"""Speech study (issue 16): can the heads or the cell rule find more of the stances General Debate
speeches take, without inventing others? Every variant is scored by the record-grouped 5-fold
cross-validation of head-study-v2 (its data export and cached out-of-fold probabilities), at
sentence level and on cells decided as `stance run` decides them from the annotated sentences
(a proxy of `stance eval`'s cells: it reproduces them within a point).

    .deps/bench-venv/bin/python notebooks/speech-study/study.py > notebooks/speech-study/study.log
"""
import os, sys, re, tomllib
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "head-study-v2"))
from common import *
from variants import feats

CONF = np.array([r["conference"] for r in ROWS], dtype=object)
DELEG = np.array([r["delegation"] for r in ROWS], dtype=object)


def truth_cell(l, r):
    if l + r == 0:
        return "na"
    s = (r - l) / (r + l)
    return "left" if s <= -1 / 3 else "right" if s >= 1 / 3 else "mixed"


def cells(P, thr=0.5, mixed=1 / 3, thr_by_genre=None, argmax=True, axes=range(4)):
    """(genre, truth, predicted, delegation) per (conference, delegation, axis) over the scored
    rows, for the axes (indices) `axes`."""
    out = []
    keys = {}
    for i in IS:
        keys.setdefault((CONF[i], DELEG[i]), []).append(i)
    for (c, d), rows in keys.items():
        rows = np.array(rows)
        g = GENRE[rows[0]]
        t = thr if thr_by_genre is None else thr_by_genre.get(g, thr)
        for a in axes:
            y = Y[rows, a]
            tl = int(np.sum((y == 0) | (y == BOTH))); tr_ = int(np.sum((y == 1) | (y == BOTH)))
            p = P[a, rows]
            ok = INSCOPE[rows] & ~np.isnan(p[:, 0])
            dec = np.full(len(rows), 2)
            # argmax=False: evidence by the stronger pole's probability alone, as if `none` lost
            dec[ok] = decide(p[ok]) if argmax else np.where(p[ok, 0] >= p[ok, 1], 0, 1)
            ev = ok & (dec != 2) & ((p[:, 0] >= t) | (p[:, 1] >= t))
            if ev.sum() == 0:
                pc = "na"
            else:
                share = np.mean(p[ev, 1] / (p[ev, 0] + p[ev, 1]))
                sc = 2 * share - 1
                pc = "left" if sc <= -mixed else "right" if sc >= mixed else "mixed"
            out.append((g, truth_cell(tl, tr_), pc, (c, d)))
    return out


def cell_figures(cs, genre=None):
    cs = [x for x in cs if genre is None or x[0] == genre]
    addr_deleg = {x[3] for x in cs if x[1] != "na"}
    add = [x for x in cs if x[1] != "na"]
    unc = [x for x in cs if x[1] == "na" and x[3] in addr_deleg]
    sil = [x for x in cs if x[3] not in addr_deleg]
    agree = np.mean([x[1] == x[2] for x in add])
    stated = [x for x in cs if x[2] != "na"]
    prec = np.mean([x[1] == x[2] for x in stated]) if stated else float("nan")
    f = []
    for lab in ["left", "right", "mixed", "na"]:
        tp = sum(1 for x in cs if x[1] == lab and x[2] == lab)
        d = sum(1 for x in cs if x[1] == lab) + sum(1 for x in cs if x[2] == lab)
        if d:
            f.append(2 * tp / d)
    return dict(agree=round(agree, 3), uncoded=round(np.mean([x[2] == "na" for x in unc]), 3),
                silent=round(np.mean([x[2] == "na" for x in sil]), 3), f1=round(float(np.mean(f)), 3),
                stated=len(stated), precision=round(prec, 3))


def paired_cell_bootstrap(P_a, P_b, name, genre="speech", replicates=2000):
    """B's minus A's cell figures (share of stated cells right, agreement where a side is taken,
    cell macro-F1) on the delegations of `genre` (None: all), with 90% intervals from a paired
    bootstrap over those delegations."""
    a, b = cells(P_a), cells(P_b)
    speech = sorted({x[3] for x in a if genre is None or x[0] == genre})
    by = lambda cs: {k: [x for x in cs if x[3] == k] for k in speech}
    A, B = by(a), by(b)
    rng = np.random.default_rng(20261201)
    diffs = {"precision": [], "agree": [], "f1": []}
    for _ in range(replicates):
        keys = [speech[i] for i in rng.integers(0, len(speech), len(speech))]
        fa = cell_figures([x for k in keys for x in A[k]]); fb = cell_figures([x for k in keys for x in B[k]])
        for k in diffs:
            diffs[k].append(fb[k] - fa[k])
    for k, d in diffs.items():
        d = np.array(d)
        print(f"{genre or 'all'} {k:<9} {name}: {np.mean(d):+.3f} (90% {np.percentile(d, 5):+.3f}, {np.percentile(d, 95):+.3f}), P(>0) {np.mean(d > 0):.2f}")


def show(name, P, **kw):
    """One line: sentence macro-F1 (all, speeches), then per group (all, speeches, position papers)
    the cell agreement where a side is taken, not_addressed on uncoded axes and on silent records,
    cell macro-F1, and the share of stated cells that are right (stated cells)."""
    ev = evaluate(P)
    cs = cells(P, **kw)
    line = f"{name:<40} sent {ev['mean']:.3f} speech {ev['genre']['speech']['mean']:.3f} |"
    for g in [None, "speech", "position paper"]:
        c = cell_figures(cs, g)
        line += f" {(g or 'all')[:6]}: agr {c['agree']:.3f} unc {c['uncoded']:.3f} sil {c['silent']:.3f} F1 {c['f1']:.3f} prec {c['precision']:.3f} ({c['stated']}) |"
    print(line, flush=True)


scope = tomllib.load(open(f"{MAIN}/models/axes.toml", "rb"))["scope"]
strict, amb = re.compile(scope["pattern"], re.I), re.compile(scope["ambiguous_pattern"], re.I)
# Whether a sentence names the subject itself, or is in scope only through the sentence before it.
SELF = np.array([bool(strict.search(t) or amb.search(t)) for t in TEXT])


def oof(name, features, head=None):
    """Out-of-fold probabilities of a variant, cached under head-study-v2's cache/P/."""
    path = f"{PCACHE}/{safe(name)}.npy"
    P = np.full((4, len(ROWS), 3), np.nan)
    if os.path.exists(path):
        P[:, IS] = np.load(path)
        return P
    P, _ = run_cv(features, head=head)
    os.makedirs(PCACHE, exist_ok=True)
    np.save(path, P[:, IS].astype(np.float32))
    return P


if __name__ == "__main__":
    shipped = load_P("x: TF-IDF uncapped (all min_df-2 terms) [e;t_all]")
    print("# shipped heads [e ; t_all], shipped cell rule (p >= 0.5, 1 sentence, mixed within 1/3)")
    show("shipped", shipped)

    print("# 1. a cell threshold of its own for speeches")
    for t in [0.4, 0.45, 0.55, 0.6]:
        show(f"speech p>={t}", shipped, thr_by_genre={"speech": t})

    print("# 2. evidence by the pole's probability alone (no argmax over none), all genres")
    for t in [0.3, 0.35, 0.4, 0.45]:
        show(f"no argmax, p>={t}", shipped, thr=t, argmax=False)

    print("# 3. a sentence in scope only through its neighbour needs a surer pole")
    for tw in [0.6, 0.7, 0.8, 1.01]:
        P = shipped.copy()
        idx = np.where(~SELF)[0]
        for a in range(4):
            weak = idx[np.nan_to_num(P[a, idx, :2], nan=1.0).max(axis=1) < tw]  # NaN: authored, never scored
            P[a, weak, :2] = 0.0; P[a, weak, 2] = 1.0
        show(f"window-only needs p>={tw}", P)

    f = feats("e+t", max_features=None)
    print("# 4. speech sentences weighted up in training")
    for w in [2, 3, 5]:
        P = oof(f"speech_w{w}", f, speech_weighted_head(w))
        show(f"speech rows x{w}", P)
        show(f"speech rows x{w}, speech p>=0.4", P, thr_by_genre={"speech": 0.4})

    print("# 4b. speech weight 3 with evidence by the pole's probability alone")
    w3 = oof("speech_w3", f)  # cached by section 4
    for t in [0.35, 0.4, 0.45]:
        show(f"speech rows x3, no argmax, p>={t}", w3, thr=t, argmax=False)

    print("# 5. the head told whether the sentence names the subject itself")
    for k in [1.0, 3.0]:
        def fs(tr, te, k=k):
            Xtr, Xte = f(tr, te)
            return hstack(Xtr, k * SELF[tr, None].astype(float)), hstack(Xte, k * SELF[te, None].astype(float))
        show(f"[e;t_all;self x{k:g}]", oof(f"selfscope_k{k:g}", fs))

    print("# 6. averaging heads")
    tfidf, emb, capped = load_P("x: TF-IDF only [t]"), load_P("x: embedding only [e]"), load_P("baseline [e;t] C=1 sqrt +auth")
    show("(shipped + TF-IDF only)/2", (shipped + tfidf) / 2)
    show("(shipped + embedding only)/2", (shipped + emb) / 2)
    show("(shipped + 3,000-term)/2", (shipped + capped) / 2)
    show("(shipped + TF-IDF + embedding)/3", (shipped + tfidf + emb) / 3)

    print("# 7. speech rows x5 against the shipped heads: paired bootstrap over speech delegations (2,000)")
    x5 = oof("speech_w5", f)  # cached by section 4
    paired_cell_bootstrap(shipped, x5, "x5 - shipped")
