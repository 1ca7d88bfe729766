"""Is the `mixed` band worth choosing? The nested choice of the cell rule, three ways, re-run
on the held-out sentence probabilities of `stance eval` runs.

    python3 notebooks/cell-rule-study/band_choice.py out/eval out/eval-seed1 out/eval-seed2 out/eval-10folds

For each run folder (written before commit 32ce08d, whose grid still held the band), decides
every trained-heads cell again as `stance eval` does: in each outer fold, the rule chosen on
the other folds' cells (of the rules within 0.01 of the best cell macro-F1, the one stating the
fewest wrong cells; `learn::rules::best_rule`), applied to the fold's own. The choices:

- C: the grid `stance eval` used until 32ce08d: pole probability >= 0, 0.5 ... 0.9; 1 or 2
  sentences; `mixed` within 0.2, 1/3 or 0.5 of 0.
- B: the same with the band fixed at 1/3, the truth's (what `stance eval` does since 32ce08d).
- A: two stages: threshold and sentences chosen with the band at 1/3 on the macro-F1 of the
  left, right and not_addressed labels only; then the band chosen by the full criterion.

C reproduces each run's reported cell macro-F1, stated cells and `eval_rules.csv`: the check
that the restated choice is `stance eval`'s. Prints per run and choice the nested cell
macro-F1, the stated cells (right) and the rule chosen in each fold. The cell decision is
`sweep.py`'s. Standard library only.
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

from sweep import AXES, HEADS, decide, load, side

THRESHOLDS = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9]
MIN_SENTENCES = [1, 2]
BANDS = [0.2, 1 / 3, 0.5]
TRUTH_BAND = 1 / 3
TOLERANCE = 0.01
NOT_ADDRESSED = 3


def folds_of(run):
    """The outer fold of each (conference, delegation) that has an annotated sentence; the
    others (no sentence in scope: `not_addressed` under every rule) have none."""
    with open(run / "eval_sentences.csv", newline="") as f:
        return {(r["conference"], r["delegation"]): r["fold"] for r in csv.DictReader(f)}


def confusion(cells):
    c = [[0] * 4 for _ in range(4)]
    for t, p in cells:
        c[t][p] += 1
    return c


def macro_f1(c, labels=range(4)):
    f1s = []
    for k in labels:
        support, predicted = sum(c[k]), sum(row[k] for row in c)
        if support + predicted:
            f1s.append(2 * c[k][k] / (support + predicted))
    return sum(f1s) / len(f1s)


def stated_wrong(c):
    return sum(c[t][p] for t in range(4) for p in range(4) if p != NOT_ADDRESSED and t != p)


def cells(truth, evidence, rule, keep):
    threshold, min_sentences, band = rule
    return [
        (side(t, axis), side(decide(evidence.get((conf, deleg, axis), []), True, threshold, band, *AXES[axis], min_sentences=min_sentences), axis))
        for (_, conf, deleg, axis), t in truth.items()
        if keep((conf, deleg))
    ]


def best(truth, evidence, rules, keep, labels=range(4)):
    scored = [(rule, confusion(cells(truth, evidence, rule, keep))) for rule in rules]
    top = max(macro_f1(c, labels) for _, c in scored)
    near = [(rule, c) for rule, c in scored if macro_f1(c, labels) >= top - TOLERANCE]
    return min(near, key=lambda rc: (stated_wrong(rc[1]), -macro_f1(rc[1], labels)))[0]


def choose(choice, truth, evidence, keep):
    grid = [(t, m, b) for t in THRESHOLDS for m in MIN_SENTENCES for b in BANDS]
    at_truth_band = [rule for rule in grid if rule[2] == TRUTH_BAND]
    if choice == "C":
        return best(truth, evidence, grid, keep)
    if choice == "B":
        return best(truth, evidence, at_truth_band, keep)
    threshold, min_sentences, _ = best(truth, evidence, at_truth_band, keep, labels=[0, 1, NOT_ADDRESSED])
    return best(truth, evidence, [r for r in grid if r[:2] == (threshold, min_sentences)], keep)


def nested(choice, truth, evidence, fold_of):
    chosen, held_out = [], []
    for fold in sorted(set(fold_of.values())):
        rule = choose(choice, truth, evidence, lambda d: fold_of.get(d) != fold)
        chosen.append(rule)
        held_out += cells(truth, evidence, rule, lambda d: fold_of.get(d) == fold)
    # Delegations with no annotated sentence: `not_addressed` under every rule.
    held_out += cells(truth, evidence, chosen[0], lambda d: d not in fold_of)
    return confusion(held_out), chosen


def main(runs):
    print("| run | choice | cell macro-F1 | stated (right) | rule chosen per fold (p, sentences, band) |")
    print("|---|---|---|---|---|")
    for run in map(Path, runs):
        truth, evidence = load(run)
        fold_of = folds_of(run)
        for choice in "CBA":
            c, chosen = nested(choice, truth, evidence, fold_of)
            stated = sum(c[t][p] for t in range(4) for p in range(3))
            right = sum(c[k][k] for k in range(3))
            rules = "; ".join(f"{t:.1f}, {m}, {b:.2f}" for t, m, b in chosen)
            print(f"| {run.name} | {choice} | {macro_f1(c):.4f} | {stated} ({right}) | {rules} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python3 notebooks/cell-rule-study/band_choice.py OUT_DIR [OUT_DIR ...]\n  fix: name one or more folders written by `stance eval --out`")
    main(sys.argv[1:])
