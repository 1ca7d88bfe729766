"""Should the choice of the cell rule lean harder against wrong stances? The nested choice re-run
with a wider macro-F1 tolerance, on the held-out sentence probabilities of `stance eval` runs.

    python3 notebooks/cell-rule-study/tolerance_choice.py out/eval out/eval-seed1 out/eval-seed2 out/eval-10folds

`stance eval` chooses, in each outer fold, of the rules whose cell macro-F1 on the other folds is
within 0.01 of the best, the one stating the fewest wrong cells (`learn::rules::best_rule`,
`MACRO_F1_TOLERANCE`). On 2026-12-07, after the second uncertain round, the held-out cells the
heads state on evidence under 0.6 were right 0.18-0.43 of the time, and the outer folds split
between p >= 0 and p >= 0.5-0.6. This re-runs the nested choice (`band_choice.py`'s choice B,
the band fixed at the truth's, as `stance eval` does) with the tolerance at 0.01 (which must
reproduce each run's reported cell macro-F1, stated cells and `eval_rules.csv`: the check that
the restatement is `stance eval`'s), 0.02 and 0.03.

The test, written down before the script was first run (2026-12-07, fortieth session), the one
the rule's choice passed on 2026-12-04: a wider tolerance is worth adopting only if, on each of
the four splits, the stated cells that are wrong do not rise, cell macro-F1 does not fall by
more than 0.01, and agreement where a side is taken does not fall by more than 0.02, against
0.01. Adopting it means changing `MACRO_F1_TOLERANCE` and retraining, which this script does not
do. Prints per run and tolerance the nested cell macro-F1, agreement where a side is taken, the
stated cells (right, wrong) and the rule chosen in each fold. Standard library only.
"""

import sys
from pathlib import Path

from band_choice import NOT_ADDRESSED, Run, folds_of, nested, stated_wrong
from sweep import load, macro_f1

TOLERANCES = [0.01, 0.02, 0.03]


def agreement(confusion):
    """Agreement on the cells where the annotations find a side (a pole or `mixed`)."""
    addressed = sum(n for (t, _), n in confusion.items() if t != NOT_ADDRESSED)
    return sum(n for (t, p), n in confusion.items() if t != NOT_ADDRESSED and t == p) / addressed


def main(runs):
    print("| run | tolerance | cell macro-F1 | agreement | stated (right, wrong) | rule chosen per fold (p, sentences) |")
    print("|---|---|---|---|---|---|")
    for folder in map(Path, runs):
        run, fold_of = Run(*load(folder)), folds_of(folder)
        for tolerance in TOLERANCES:
            c, chosen = nested("B", run, fold_of, tolerance)
            stated = sum(n for (_, p), n in c.items() if p != NOT_ADDRESSED)
            rules = "; ".join(f"{t:.1f}, {m}" for t, m, _ in chosen)
            print(f"| {folder.name} | {tolerance:.2f} | {macro_f1(c):.4f} | {agreement(c):.3f} | "
                  f"{stated} ({stated - stated_wrong(c)}, {stated_wrong(c)}) | {rules} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python3 notebooks/cell-rule-study/tolerance_choice.py OUT_DIR [OUT_DIR ...]\n"
                 "  fix: name one or more folders written by `stance eval --out`")
    main(sys.argv[1:])
