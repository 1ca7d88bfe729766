"""A cell rule per axis: would each axis's own evidence threshold and `mixed` band, chosen by nested
cross-validation, decide the held-out cells better than the one rule `stance train` chooses for
all four? The axes differ in how often their poles occur (un_role 77 pole sentences, governance
973) and in how sure the heads are of them, so one threshold may suit some badly.

For each outer fold, on the other folds' held-out cells: the one rule (threshold x band) with the
best cell macro-F1, as the tool chooses it; and per axis, by coordinate ascent from that rule on
the same pooled cell macro-F1, each axis's own (two rounds over the axes). Both are applied to the
outer fold's cells. Heads: the shipped recipe (speech sentences weighing 3), out of fold.

    make eval && python3 scripts/study_data.py
    .deps/bench-venv/bin/python notebooks/head-study-v2/prep.py
    .deps/bench-venv/bin/python notebooks/speech-study/per_axis_rule.py > notebooks/speech-study/per_axis_rule.log
"""
from study import *

THRESHOLDS = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9]
BANDS = [0.2, 1 / 3, 0.5]
SETTINGS = [(t, m) for t in THRESHOLDS for m in BANDS]


def macro_f1(cs):
    return cell_figures(cs)["f1"] if cs else float("nan")


def choose(by_axis, keep, start):
    """Per axis a setting index, by coordinate ascent on the pooled cell macro-F1 of the cells
    whose delegation `keep` accepts, from `start` (a setting index for every axis)."""
    chosen = [start] * 4
    kept = {a: {s: [c for c in by_axis[a][s] if keep(c[3])] for s in range(len(SETTINGS))} for a in range(4)}
    pooled = lambda ch: [c for a in range(4) for c in kept[a][ch[a]]]
    for _ in range(2):
        for a in range(4):
            scores = [macro_f1(pooled(chosen[:a] + [s] + chosen[a + 1:])) for s in range(len(SETTINGS))]
            chosen[a] = int(np.argmax(scores))
    return chosen


if __name__ == "__main__":
    f = feats("e+t", max_features=None)
    P = oof("speech_w3", f, speech_weighted_head(3))
    # by_axis[a][s]: the cells of axis a under setting s, delegations in the same order throughout.
    by_axis = {a: [cells(P, thr=t, mixed=m, axes=[a]) for (t, m) in SETTINGS] for a in range(4)}
    fold_of = {}
    for i in IS:
        fold_of.setdefault((CONF[i], DELEG[i]), FOLD[i])

    one, per_axis = [], []
    for outer in range(K):
        train = lambda d: fold_of[d] != outer
        test = lambda d: fold_of[d] == outer
        pooled = [macro_f1([c for a in range(4) for c in by_axis[a][s] if train(c[3])]) for s in range(len(SETTINGS))]
        best = int(np.argmax(pooled))
        chosen = choose(by_axis, train, best)
        print(f"outer fold {outer}: one rule {SETTINGS[best]}; per axis {[tuple(round(x, 2) for x in SETTINGS[s]) for s in chosen]}", flush=True)
        one += [c for a in range(4) for c in by_axis[a][best] if test(c[3])]
        per_axis += [c for a in range(4) for c in by_axis[a][chosen[a]] if test(c[3])]

    # What `stance eval` does: its nested choice took the shipped rule in every fold.
    shipped = [c for a in range(4) for c in by_axis[a][SETTINGS.index((0.5, 1 / 3))]]
    runs = [("one rule (nested)", one), ("shipped rule, every fold", shipped), ("a rule per axis (nested)", per_axis)]
    for name, cs in runs:
        for g in [None, "speech", "position paper"]:
            print(f"{name:<26} {g or 'all':<15} {cell_figures(cs, g)}")

    # Paired bootstrap over delegations of the cell macro-F1 difference.
    delegations = sorted({c[3] for c in one})
    by_delegation = {}
    for name, cs in runs:
        for c in cs:
            by_delegation.setdefault(name, {}).setdefault(c[3], []).append(c)
    rng = np.random.default_rng(0)
    samples = [[delegations[i] for i in rng.integers(0, len(delegations), len(delegations))] for _ in range(1000)]
    for base in ["one rule (nested)", "shipped rule, every fold"]:
        f1 = lambda name, ds: macro_f1([c for d in ds for c in by_delegation[name][d]])
        diffs = [f1("a rule per axis (nested)", ds) - f1(base, ds) for ds in samples]
        lo, hi = np.percentile(diffs, [5, 95])
        point = macro_f1(per_axis) - macro_f1(dict(runs)[base])
        print(f"cell macro-F1, per axis - {base}: {point:+.3f} (90% {lo:+.3f} to {hi:+.3f}; 1,000 delegation resamples)")
