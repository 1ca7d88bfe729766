"""Summarise `make learning-curve`'s table (out/learning-curve/learning_curve.csv) into the
figures docs/evaluation.md and the README quote: per strategy, the mean over the seeds of cell
macro-F1 / agreement where a side is taken / `not_addressed` on uncoded axes at a few steps; the
mean cell macro-F1 over the curve; and, against random choice, at how many steps a selection is
ahead, by how much at most, and at how many steps the seeds' ranges overlap random's.

    python3 scripts/curve_summary.py [out/learning-curve/learning_curve.csv]
"""
import csv
import sys
from collections import defaultdict
from statistics import mean

SHOWN = [100, 150, 300, 500, 800, 1100]
FIGURES = ["cell_macro_f1", "addressed_agreement", "uncoded_not_addressed"]


def deficit_text(points):
    """How far behind random a selection falls at its worst step, in points; leads are printed to
    one decimal, so a deficit that would print as 0.0 is said in words."""
    if points <= 0:
        return "never behind"
    if points < 0.05:
        return "behind by less than 0.05"
    return f"behind by up to {points:.1f}"


def main(path):
    runs = defaultdict(lambda: defaultdict(list))  # strategy -> annotated -> [row per seed]
    for row in csv.DictReader(open(path)):
        runs[row["strategy"]][int(row["annotated"])].append(row)
    random = next(s for s in runs if s.startswith("random"))
    steps = sorted(runs[random])

    def figure(strategy, step, name):
        return [float(r[name]) for r in runs[strategy][step]]

    print("| sentences annotated | " + " | ".join(runs) + " |")
    print("|---" * (len(runs) + 1) + "|")
    for step in SHOWN:
        if step not in runs[random]:
            continue
        cells = [" / ".join(f"{mean(figure(s, step, f)):.3f}" for f in FIGURES) for s in runs]
        print(f"| {step:,} | " + " | ".join(cells) + " |")
    print("| mean cell macro-F1 over the curve | "
          + " | ".join(f"{mean(mean(figure(s, n, FIGURES[0])) for n in steps):.3f}" for s in runs) + " |")
    print()
    later = [n for n in steps if n != steps[0]]
    for strategy in runs:
        if strategy == random:
            continue
        leads = [mean(figure(strategy, n, FIGURES[0])) - mean(figure(random, n, FIGURES[0])) for n in later]
        overlap = sum(
            1 for n in later
            if min(figure(strategy, n, FIGURES[0])) <= max(figure(random, n, FIGURES[0]))
            and min(figure(random, n, FIGURES[0])) <= max(figure(strategy, n, FIGURES[0]))
        )
        best = max(range(len(later)), key=lambda i: leads[i])
        behind = deficit_text(-100 * min(leads))
        print(f"{strategy}: ahead of random at {sum(l > 0 for l in leads)} of {len(later)} steps, "
              f"by up to {100 * leads[best]:.1f} points ({later[best]:,} sentences), {behind}; "
              f"seeds' ranges overlap random's at {overlap} of {len(later)} steps")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "out/learning-curve/learning_curve.csv")
