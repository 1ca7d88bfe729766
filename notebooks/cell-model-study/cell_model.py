"""A learnt cell decision (stacking) against the shipped nested threshold rule: a pre-registered
side study on the held-out sentence probabilities of `stance eval` runs.

    .deps/notebook-venv/bin/python notebooks/cell-model-study/cell_model.py out/eval out/eval-seed1 out/eval-seed2 out/eval-10folds

(run from the repository root, on the folders `make eval` and docs/evaluation.md's seed and
10-fold commands write; `cell_model.log` is its output on those of 2026-12-07 at commit
a74b6c4, after the third uncertain round and before the folds kept each delegation's records
together). For each run folder:

0. Check: `band_choice.nested("B", ...)` (what `stance eval` does) must reproduce the run's
   reported trained-heads cell macro-F1 (`eval_cells.csv`, genre "all", to 4 decimals). If it
   fails on any run, the script stops with exit status 1: steps 1-3 are not run.
1. Variant S: every cell with an in-scope sentence gets features from its sentences'
   probabilities (FEATURES below) and a multinomial logistic regression over the four sides
   (left, right, mixed, not_addressed; `sweep.side`), L2 penalty 1/(2C)*||W||^2 on the summed
   log-loss, intercepts unpenalised, fitted by Newton's method with backtracking. At decision
   time a bias b is added to the not_addressed logit. (C, b) is chosen per outer fold by an
   inner leave-one-fold-out over the other outer folds, pooled into one confusion, with
   `band_choice.best`'s criterion (within 0.01 of the best cell macro-F1, then fewest wrong
   stated cells, then higher macro-F1; remaining ties to the first of the grid, C then b
   ascending). Cells without an in-scope sentence are `not_addressed`.
2. Scores S and B on the pooled held-out cells (all genres and speeches), a paired bootstrap of
   the S - B cell macro-F1 over (conference, delegation) keys (1,000 draws, random.seed(1)
   before each run's draws), each fold's (C, b), and the coefficients of a model fitted on all
   cells of the first run with (C, b) chosen by leave-one-fold-out over all its folds.
3. The pre-registered adoption rule over the four runs.

The cell decision, truths, folds, macro-F1 and selection criterion are imported from
`notebooks/cell-rule-study` (sweep.py, band_choice.py). Standard library and numpy only.
"""

import csv
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "cell-rule-study"))
from band_choice import NOT_ADDRESSED, Run, best, folds_of, nested, stated_wrong  # noqa: E402
from sweep import AXES, decide, load, macro_f1, side  # noqa: E402

GENRES = ["speech", "position paper", "report/cable"]
CS = [0.01, 0.1, 1, 10]
BIASES = [0, 0.5, 1, 1.5, 2]
SETTINGS = [(c, b) for c in CS for b in BIASES]
SIDES = ["left", "right", "mixed", "n/a"]
CONTINUOUS = ["max p_left", "max p_right", "log1p n argmax left", "log1p n argmax right",
              "mean right share (argmax-pole)", "log1p n record sentences"]
FEATURES = ([f"rule says {s}" for s in SIDES] + CONTINUOUS
            + [f"genre {g}" for g in GENRES] + [f"axis {a}" for a in AXES])
N_RULE, N_CONT = 4, len(CONTINUOUS)


# ---- data ---------------------------------------------------------------------------------

class Cells:
    """One run's cells in `eval_cell_labels.csv` order: truth side, genre, record, fold, and
    for cells with an in-scope sentence their features."""

    def __init__(self, folder):
        self.truth, self.evidence = load(folder)
        self.fold_of = folds_of(folder)
        self.keys = list(self.truth)
        self.y = np.array([side(t, k[3]) for k, t in self.truth.items()])
        self.genre = np.array([k[0] for k in self.keys])
        self.record = [(k[1], k[2]) for k in self.keys]
        self.fold = np.array([self.fold_of.get(r, "") for r in self.record])
        self.has = np.array([(k[1], k[2], k[3]) in self.evidence for k in self.keys])
        self.X = np.array([self.features(k) if h else np.zeros(len(FEATURES)) for k, h in zip(self.keys, self.has)])
        addresses = Counter(r for r, t in zip(self.record, self.y) if t != NOT_ADDRESSED)
        self.kind = np.array(["addressed" if t != NOT_ADDRESSED else "uncoded" if addresses[r] else "silent"
                              for r, t in zip(self.record, self.y)])

    def features(self, key):
        genre, conf, deleg, axis = key
        left, right = AXES[axis]
        sentences = self.evidence[(conf, deleg, axis)]
        p = np.array(sentences)
        pole = p[:, :2].max(1) > p[:, 2]  # a pole is the argmax (ties go to none, as in `decide`)
        is_left, is_right = pole & (p[:, 0] >= p[:, 1]), pole & (p[:, 1] > p[:, 0])
        share = p[pole, 1] / p[pole, :2].sum(1) if pole.any() else np.array([0.5])
        rule = np.eye(4)[side(decide(sentences, True, 0.0, 1 / 3, left, right), axis)]
        # every in-scope sentence of the record is in each axis's list once
        cont = [p[:, 0].max(), p[:, 1].max(), np.log1p(is_left.sum()), np.log1p(is_right.sum()),
                share.mean(), np.log1p(len(sentences))]
        return np.concatenate([rule, cont, [genre == g for g in GENRES], [axis == a for a in AXES]])


# ---- model --------------------------------------------------------------------------------

def fit(X, y, C, iterations=100):
    """Multinomial logistic regression, L2 1/(2C)*||W||^2 on the summed log-loss, intercepts
    unpenalised, continuous features standardised on X. Newton steps with backtracking."""
    cont = slice(N_RULE, N_RULE + N_CONT)
    mu, sd = X[:, cont].mean(0), X[:, cont].std(0)
    sd[sd == 0] = 1
    Z = standardise(X, mu, sd)
    Xa = np.hstack([Z, np.ones((len(Z), 1))])
    n, d = Xa.shape
    K = 4
    Y = np.eye(K)[y]
    reg = np.tile(np.r_[np.full(d - 1, 1 / C), 0.0], K)  # column-stacked, one block per class

    def objective(theta):
        logits = Xa @ theta.reshape(K, d).T
        logits -= logits.max(1, keepdims=True)
        logp = logits - np.log(np.exp(logits).sum(1, keepdims=True))
        return -(Y * logp).sum() + 0.5 * (reg * theta ** 2).sum(), np.exp(logp)

    theta = np.zeros(K * d)
    f, P = objective(theta)
    for _ in range(iterations):
        grad = ((P - Y).T @ Xa).ravel() + reg * theta
        if np.abs(grad).max() < 1e-8:
            break
        H = np.empty((K * d, K * d))
        for k in range(K):
            for m in range(K):
                w = P[:, k] * ((k == m) - P[:, m])
                H[k * d:(k + 1) * d, m * d:(m + 1) * d] = Xa.T @ (w[:, None] * Xa)
        H += np.diag(reg) + 1e-9 * np.eye(K * d)  # the tiny ridge: equal shifts of all intercepts
        step, t = np.linalg.solve(H, grad), 1.0
        while True:
            f_new, P_new = objective(theta - t * step)
            if f_new <= f - 1e-4 * t * grad @ step or t < 1e-10:
                break
            t /= 2
        theta, f, P = theta - t * step, f_new, P_new
    W = theta.reshape(K, d).T
    return mu, sd, W[:-1], W[-1]


def standardise(X, mu, sd):
    Z = X.copy()
    Z[:, N_RULE:N_RULE + N_CONT] = (Z[:, N_RULE:N_RULE + N_CONT] - mu) / sd
    return Z


def predict(model, X, bias):
    mu, sd, W, b0 = model
    logits = standardise(X, mu, sd) @ W + b0
    logits[:, NOT_ADDRESSED] += bias
    return logits.argmax(1)


def held_out(cells, train, test, C):
    """Sides of the `test` cells under models with penalty C fitted on the `train` cells, one
    array per bias; cells without in-scope sentences `not_addressed`."""
    model = fit(cells.X[train & cells.has], cells.y[train & cells.has], C)
    out = {}
    for b in BIASES:
        pred = np.full(len(cells.y), NOT_ADDRESSED)
        scored = test & cells.has
        pred[scored] = predict(model, cells.X[scored], b)
        out[b] = pred[test]
    return out


class Pooled:
    """Pooled inner confusions by (C, b), shaped for `band_choice.best`."""

    def __init__(self, confusions):
        self.confusions = confusions

    def confusion(self, setting, keep):
        return self.confusions[setting]


def choose(cells, folds):
    """(C, b) by leave-one-fold-out over `folds`, with `band_choice.best`'s criterion."""
    confusions = {s: Counter() for s in SETTINGS}
    in_folds = np.isin(cells.fold, folds)
    for j in folds:
        test = cells.fold == j
        for C in CS:
            for b, pred in held_out(cells, in_folds & ~test, test, C).items():
                confusions[(C, b)] += Counter(zip(cells.y[test].tolist(), pred.tolist()))
    return best(Pooled(confusions), SETTINGS, None)


def nested_s(cells):
    folds = sorted(set(cells.fold_of.values()))
    pred = np.full(len(cells.y), NOT_ADDRESSED)  # cells of records with no fold stay n/a
    chosen = []
    for k in folds:
        others = [f for f in folds if f != k]
        C, b = choose(cells, others)
        chosen.append((C, b))
        test = cells.fold == k
        pred[test] = held_out(cells, np.isin(cells.fold, others), test, C)[b]
    return pred, chosen


def nested_b(cells):
    """band_choice's choice B, per cell; checked against `nested`'s pooled confusion."""
    run = Run(cells.truth, cells.evidence)
    confusion, chosen = nested("B", run, cells.fold_of)
    folds = sorted(set(cells.fold_of.values()))
    rule_of = {f: r for f, r in zip(folds, chosen)}
    pred = np.array([run.decided(rule_of.get(cells.fold_of.get(rec), chosen[0]))[i][2]
                     for i, rec in enumerate(cells.record)])
    assert Counter(zip(cells.y.tolist(), pred.tolist())) == confusion
    return pred, chosen, macro_f1(confusion)


# ---- scores -------------------------------------------------------------------------------

def scores(cells, pred, keep):
    y, p, kind = cells.y[keep], pred[keep], cells.kind[keep]
    addressed, stated = kind == "addressed", p != NOT_ADDRESSED
    return {
        "f1": macro_f1(Counter(zip(y.tolist(), p.tolist()))),
        "agreement": (p == y)[addressed].mean(),
        "side right": int((p == y)[addressed].sum()),
        "side cells": int(addressed.sum()),
        "uncoded n/a": (p == NOT_ADDRESSED)[kind == "uncoded"].mean(),
        "silent n/a": (p == NOT_ADDRESSED)[kind == "silent"].mean(),
        "stated": int(stated.sum()),
        "right": int((stated & (p == y)).sum()),
        "invented": int((stated & (y == NOT_ADDRESSED)).sum()),
        "other wrong": int((stated & (y != NOT_ADDRESSED) & (p != y)).sum()),
        "wrong": stated_wrong(Counter(zip(y.tolist(), p.tolist()))),
        "mixed predicted": int((p == 2).sum()),
    }


def bootstrap(cells, pred_s, pred_b, draws=1000):
    """5th and 95th percentiles of S - B cell macro-F1 over records resampled with replacement."""
    records = sorted(set(cells.record))
    index = {r: i for i, r in enumerate(records)}
    per = np.zeros((2, len(records), 4, 4), dtype=int)
    for i, r in enumerate(cells.record):
        per[0, index[r], cells.y[i], pred_s[i]] += 1
        per[1, index[r], cells.y[i], pred_b[i]] += 1
    random.seed(1)
    diffs = []
    for _ in range(draws):
        weight = np.bincount(random.choices(range(len(records)), k=len(records)), minlength=len(records))
        f1 = [macro_f1(Counter({(t, p): n for (t, p), n in np.ndenumerate(np.tensordot(weight, per[c], 1)) if n}))
              for c in (0, 1)]
        diffs.append(f1[0] - f1[1])
    return np.percentile(diffs, 5), np.percentile(diffs, 95)


def row(name, run, s):
    return (f"| {run} | {name} | {s['f1']:.4f} | {s['agreement']:.3f} | {s['side right']}/{s['side cells']} | "
            f"{s['uncoded n/a']:.3f} | {s['silent n/a']:.3f} | {s['stated']} ({s['right']}, {s['invented']}, "
            f"{s['other wrong']}) | {s['wrong']} | {s['mixed predicted']} |")


HEADER = ("| run | choice | cell macro-F1 | agreement where a side is taken | right where a side is taken | "
          "uncoded n/a | silent n/a | stated (right, invented, other wrong) | wrong stated | mixed predicted |\n"
          "|---|---|---|---|---|---|---|---|---|---|")


def reported(folder):
    with open(folder / "eval_cells.csv", newline="") as f:
        cells = next(r for r in csv.DictReader(f) if r["classifier"] == "trained heads" and r["genre"] == "all")
    with open(folder / "eval_rules.csv", newline="") as f:
        rules = [float(r["min_pole_probability"]) for r in csv.DictReader(f) if r["classifier"] == "trained heads"]
    return cells, rules


def check(folders):
    """Step 0. Returns each run's cells and B's per-cell sides, or None if a run fails."""
    print("## Step 0: check, band_choice.nested('B') against the reported trained-heads cells (genre all)\n")
    print("| run | nested B cell macro-F1 | reported | agreement (B / reported) | uncoded n/a (B / reported) | "
          "silent n/a (B / reported) | p chosen per fold: nested B / eval_rules.csv | check |")
    print("|---|---|---|---|---|---|---|---|")
    results, passed = {}, True
    for folder in folders:
        cells = Cells(folder)
        pred_b, rules, f1_b = nested_b(cells)
        (rep, rep_rules), s = reported(folder), scores(cells, pred_b, np.ones(len(cells.y), bool))
        ok = abs(f1_b - float(rep["cell_macro_f1"])) < 5e-5
        print(f"| {folder.name} | {f1_b:.4f} | {rep['cell_macro_f1']} | {s['agreement']:.4f} / {rep['addressed_agreement']} | "
              f"{s['uncoded n/a']:.4f} / {rep['uncoded_not_addressed']} | {s['silent n/a']:.4f} / {rep['silent_not_addressed']} | "
              f"{' '.join(f'{r[0]:g}' for r in rules)} / {' '.join(f'{r:g}' for r in rep_rules)} | {'pass' if ok else 'FAIL'} |")
        results[folder.name] = (cells, pred_b)
        passed &= ok
    if not passed:
        print("\nThe check fails; the study stops here.")
    return results if passed else None


def main(folders):
    folders = [Path(f) for f in folders]
    results = check(folders)
    if results is None:
        sys.exit(1)

    print("\n## Step 1: variant S, nested\n")
    print("| run | (C, b) chosen per outer fold | S cells predicted by side (left, right, mixed, n/a) |")
    print("|---|---|---|")
    for name, (cells, pred_b) in results.items():
        pred_s, chosen = nested_s(cells)
        results[name] = (cells, pred_b, pred_s)
        counts = np.bincount(pred_s, minlength=4)
        print(f"| {name} | " + "; ".join(f"({c:g}, {b:g})" for c, b in chosen) + f" | {', '.join(map(str, counts))} |")

    print("\n## Step 2: scores on the pooled held-out cells\n")
    summary = {}
    for genre in ["all"] + GENRES:
        print(f"\n### {genre}\n\n{HEADER}")
        for name, (cells, pred_b, pred_s) in results.items():
            keep = np.ones(len(cells.y), bool) if genre == "all" else cells.genre == genre
            for choice, pred in (("B", pred_b), ("S", pred_s)):
                s = scores(cells, pred, keep)
                print(row(choice, name, s))
                if genre == "all":
                    summary[(name, choice)] = s

    print("\n### Paired bootstrap, S - B cell macro-F1 (all genres; 1,000 draws of records, random.seed(1))\n")
    print("| run | S - B | 90% interval |\n|---|---|---|")
    above = 0
    for name, (cells, pred_b, pred_s) in results.items():
        low, high = bootstrap(cells, pred_s, pred_b)
        above += low > 0
        print(f"| {name} | {summary[(name, 'S')]['f1'] - summary[(name, 'B')]['f1']:+.4f} | [{low:+.4f}, {high:+.4f}] |")

    first = next(iter(results.values()))[0]
    folds = sorted(set(first.fold_of.values()))
    C, b = choose(first, folds)
    _, _, W, b0 = fit(first.X[first.has], first.y[first.has], C)
    print(f"\n### Coefficients, fitted on all cells of {folders[0]} (C = {C:g}, b = {b:g}, chosen by leave-one-fold-out over all folds)\n")
    print("Continuous features standardised; a coefficient is the change in the class's logit per standard "
          "deviation (or for the one-hot), shown against not_addressed: W[:, class] - W[:, n/a].\n")
    print("| feature | left vs n/a | right vs n/a | mixed vs n/a |\n|---|---|---|---|")
    for name, w in zip(FEATURES + ["intercept"], np.vstack([W, b0])):
        print(f"| {name} | {w[0] - w[3]:+.3f} | {w[1] - w[3]:+.3f} | {w[2] - w[3]:+.3f} |")

    print("\n## Step 3: adoption rule\n")
    total = {c: {k: sum(summary[(n, c)][k] for n in results) for k in ("wrong", "side right")} for c in "BS"}
    mean = {c: np.mean([summary[(n, c)]["f1"] for n in results]) for c in "BS"}
    a = total["S"]["wrong"] < total["B"]["wrong"] and total["S"]["side right"] >= total["B"]["side right"] \
        and mean["S"] >= mean["B"] - 0.005
    b_clause = mean["S"] >= mean["B"] + 0.01 and above >= 3 and total["S"]["wrong"] <= total["B"]["wrong"]
    print(f"summed wrong stated cells: S {total['S']['wrong']}, B {total['B']['wrong']}")
    print(f"summed cells right where the truth takes a side: S {total['S']['side right']}, B {total['B']['side right']}")
    print(f"mean cell macro-F1: S {mean['S']:.4f}, B {mean['B']:.4f} (S - B {mean['S'] - mean['B']:+.4f})")
    print(f"runs whose 90% interval lies above zero: {above} of {len(results)}")
    print(f"clause (a): {'holds' if a else 'does not hold'}; clause (b): {'holds' if b_clause else 'does not hold'}")
    print("decision: " + ("adopt S" if a or b_clause else "keep B (neither clause holds)"))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: .deps/notebook-venv/bin/python notebooks/cell-model-study/cell_model.py RUN_DIR [RUN_DIR ...]")
    main(sys.argv[1:])
