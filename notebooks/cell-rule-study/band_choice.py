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
macro-F1, the stated cells (right) and the rule chosen in each fold. The cell decision and
cell macro-F1 are `sweep.py`'s. Standard library only.
"""

import csv
import sys
from collections import Counter
from functools import cache
from pathlib import Path

from sweep import AXES, decide, load, macro_f1, side

THRESHOLDS = [0.0, 0.5, 0.6, 0.7, 0.8, 0.9]
MIN_SENTENCES = [1, 2]
BANDS = [0.2, 1 / 3, 0.5]
TRUTH_BAND = 1 / 3
TOLERANCE = 0.01
NOT_ADDRESSED = 3


def folds_of(run):
    """The outer fold of each (conference, delegation) that has an annotated sentence: the fold
    of its first record in record-id order, as `stance eval` counts it (a delegation whose
    records were dealt to several folds, as runs before 2026-12-07's forty-second session could
    deal a Beijing delegation in both the cable and the report, is scored in its first record's;
    `CellFolds::new`). The others (no
    sentence in scope: `not_addressed` under every rule) have none.

    Runs of 2026-12-07's forty-third session on name each cell's fold in `eval_cell_labels.csv`;
    where they do, the restatement must agree with it (it once did not: the forty-second
    session's note)."""
    first = {}
    with open(run / "eval_sentences.csv", newline="") as f:
        for r in csv.DictReader(f):
            key = (r["conference"], r["delegation"])
            if key not in first or r["doc"] < first[key][0]:
                first[key] = (r["doc"], r["fold"])
    fold_of = {key: fold for key, (_, fold) in first.items()}
    with open(run / "eval_cell_labels.csv", newline="") as f:
        named = {(r["conference"], r["delegation"]): r.get("fold") for r in csv.DictReader(f)}
    differ = [key for key, fold in fold_of.items() if named.get(key, fold) not in (None, fold)]
    if differ:
        sys.exit(f"{run}: the fold restated here differs from eval_cell_labels.csv's for {differ[:5]}")
    return fold_of


def stated_wrong(confusion):
    return sum(n for (t, p), n in confusion.items() if p != NOT_ADDRESSED and t != p)


class Run:
    """One run's cell truths and held-out evidence; each rule's cells decided once."""

    def __init__(self, truth, evidence):
        self.truth, self.evidence = truth, evidence

    @cache
    def decided(self, rule):
        """Every cell under `rule`: ((conference, delegation), truth side, predicted side)."""
        threshold, min_sentences, band = rule
        return [
            ((conf, deleg), side(t, axis),
             side(decide(self.evidence.get((conf, deleg, axis), []), True, threshold, band, *AXES[axis], min_sentences=min_sentences), axis))
            for (_, conf, deleg, axis), t in self.truth.items()
        ]

    def confusion(self, rule, keep):
        return Counter((t, p) for delegation, t, p in self.decided(rule) if keep(delegation))


def best(run, rules, keep, labels=range(4), tolerance=TOLERANCE):
    scored = [(rule, run.confusion(rule, keep)) for rule in rules]
    top = max(macro_f1(c, labels) for _, c in scored)
    near = [(rule, c) for rule, c in scored if macro_f1(c, labels) >= top - tolerance]
    return min(near, key=lambda rc: (stated_wrong(rc[1]), -macro_f1(rc[1], labels)))[0]


def choose(choice, run, keep, tolerance=TOLERANCE):
    grid = [(t, m, b) for t in THRESHOLDS for m in MIN_SENTENCES for b in BANDS]
    at_truth_band = [rule for rule in grid if rule[2] == TRUTH_BAND]
    if choice == "C":
        return best(run, grid, keep, tolerance=tolerance)
    if choice == "B":
        return best(run, at_truth_band, keep, tolerance=tolerance)
    threshold, min_sentences, _ = best(run, at_truth_band, keep, labels=[0, 1, NOT_ADDRESSED], tolerance=tolerance)
    return best(run, [r for r in grid if r[:2] == (threshold, min_sentences)], keep, tolerance=tolerance)


def nested(choice, run, fold_of, tolerance=TOLERANCE):
    chosen, held_out = [], Counter()
    for fold in sorted(set(fold_of.values())):
        rule = choose(choice, run, lambda d: fold_of.get(d) != fold, tolerance)
        chosen.append(rule)
        held_out += run.confusion(rule, lambda d: fold_of.get(d) == fold)
    # Delegations with no annotated sentence: `not_addressed` under every rule.
    held_out += run.confusion(chosen[0], lambda d: d not in fold_of)
    return held_out, chosen


def main(runs):
    print("| run | choice | cell macro-F1 | stated (right) | rule chosen per fold (p, sentences, band) |")
    print("|---|---|---|---|---|")
    for folder in map(Path, runs):
        run, fold_of = Run(*load(folder)), folds_of(folder)
        for choice in "CBA":
            c, chosen = nested(choice, run, fold_of)
            stated = sum(n for (_, p), n in c.items() if p != NOT_ADDRESSED)
            right = sum(n for (t, p), n in c.items() if p != NOT_ADDRESSED and t == p)
            rules = "; ".join(f"{t:.1f}, {m}, {b:.2f}" for t, m, b in chosen)
            print(f"| {folder.name} | {choice} | {macro_f1(c):.4f} | {stated} ({right}) | {rules} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python3 notebooks/cell-rule-study/band_choice.py OUT_DIR [OUT_DIR ...]\n  fix: name one or more folders written by `stance eval --out`")
    main(sys.argv[1:])
