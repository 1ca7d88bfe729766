#!/usr/bin/env python3
"""Of the cells a stance table states (a pole or `mixed`), how many are right?

    python3 scripts/cell_precision.py out/eval/eval_cell_labels.csv

Reads the cell labels `stance eval` writes (every held-out cell, truth and prediction) and prints,
per classifier and genre, the cells stated, how many match the annotations, how many the
annotations leave `not_addressed` (invented), and how many take another side. The complement of
`stance eval`'s "addressed agreement": that figure asks how many real stances the table finds,
this one how far a reader can trust a stance the table shows. Standard library only.
"""
import csv
import sys
from collections import defaultdict

NOT_ADDRESSED = "not_addressed"


def main(path):
    counts = defaultdict(lambda: [0, 0, 0, 0])  # stated, right, invented, other side
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["predicted"] == NOT_ADDRESSED:
                continue
            for key in ((row["classifier"], "all"), (row["classifier"], row["genre"])):
                c = counts[key]
                c[0] += 1
                if row["predicted"] == row["truth"]:
                    c[1] += 1
                elif row["truth"] == NOT_ADDRESSED:
                    c[2] += 1
                else:
                    c[3] += 1
    print(f"{'classifier':<24}{'genre':<16}{'stated':>7}{'right':>7}{'invented':>9}{'other side':>11}{'precision':>10}")
    for (classifier, genre), (stated, right, invented, other) in sorted(counts.items()):
        print(f"{classifier:<24}{genre:<16}{stated:>7}{right:>7}{invented:>9}{other:>11}{right / stated:>10.3f}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
