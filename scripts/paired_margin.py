"""How far the trained heads' cell macro-F1 is ahead of another classifier's, with a paired
bootstrap interval: both classifiers' cells of one `stance eval` run, delegations resampled
together (1,000 draws, seed 1).

    python3 scripts/paired_margin.py out/eval ["TF-IDF + LR"]

Reads OUT/eval_cell_labels.csv. Cell macro-F1 is `stance eval`'s: the mean F1 of the four cell
labels (left pole, right pole, mixed, not_addressed; poles pooled across the axes). Prints both
figures (they match eval_cells.csv's "all" rows), the difference, its 90% interval and the
share of draws in which it is at least 0.05 (issue 16's target). Standard library only.
"""

import csv
import random
import sys
from collections import defaultdict

from project import axis_poles

HEADS = "trained heads"
CLASSES = ["left", "right", "mixed", "not_addressed"]
# The left poles of the axes; every other pole is a right one.
LEFT = {left for left, _ in axis_poles().values()}


def side(label):
    if label in ("mixed", "not_addressed"):
        return label
    return "left" if label in LEFT else "right"


def macro_f1(pairs):
    """Mean F1 over the labels that are true or predicted at least once, as `stance eval`'s
    cell macro-F1 (evaluate/cells.rs): a label absent from a bootstrap sample on both sides
    is left out of the mean, not scored 0."""
    scores = []
    for c in CLASSES:
        tp = sum(t == c and p == c for t, p in pairs)
        wrong = sum((t == c) != (p == c) for t, p in pairs)
        if tp + wrong:
            scores.append(2 * tp / (2 * tp + wrong))
    return sum(scores) / max(len(scores), 1)


def main():
    out = sys.argv[1]
    other = sys.argv[2] if len(sys.argv) > 2 else "TF-IDF + LR"
    cells = defaultdict(lambda: defaultdict(list))
    for row in csv.DictReader(open(f"{out}/eval_cell_labels.csv", newline="")):
        pair = (side(row["truth"]), side(row["predicted"]))
        cells[row["classifier"]][(row["conference"], row["delegation"])].append(pair)
    heads, baseline = cells[HEADS], cells[other]
    keys = sorted(heads)
    assert keys == sorted(baseline), "both classifiers score the same delegations"

    def difference(sample):
        pooled = lambda c: [pair for key in sample for pair in c[key]]
        return macro_f1(pooled(heads)) - macro_f1(pooled(baseline))

    random.seed(1)
    draws = sorted(difference([random.choice(keys) for _ in keys]) for _ in range(1000))
    pooled = lambda c: [pair for key in keys for pair in c[key]]
    print(f"{HEADS} {macro_f1(pooled(heads)):.3f}, {other} {macro_f1(pooled(baseline)):.3f}")
    print(f"difference {difference(keys):+.3f}, 90% interval {draws[50]:+.3f} to {draws[949]:+.3f}, "
          f"at least +0.05 in {sum(d >= 0.05 for d in draws) / len(draws):.0%} of draws")


if __name__ == "__main__":
    main()
