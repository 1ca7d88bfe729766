"""Which side the tables miss: the trained heads' held-out cells of one `stance eval` run, per
pole and summed by side, over all genres and over the speeches: of the cells where the
annotations find a pole, how many the table states ("found"), and of the cells the table gives
that pole, how many are right. The counts are `stance eval`'s own (eval_poles.csv, one row per
classifier, genre and pole, the left pole of each axis first); this only sums them by side and
prints Markdown.

    python3 scripts/pole_recall.py out/eval

Standard library only.
"""

import csv
import sys
from pathlib import Path

HEADS = "trained heads"


def share(part, whole):
    return f"{part / whole:.2f}" if whole else "-"


def row(axis, pole, side, annotated, stated, found):
    return f"| {axis} | {pole} | {side} | {found} of {annotated} ({share(found, annotated)}) | {stated} | {share(found, stated)} |"


def main(run):
    path = Path(run) / "eval_poles.csv"
    if not path.exists():
        sys.exit(f"{path} not found\n  fix: give the --out folder of a `stance eval` run (make eval writes out/eval)")
    with path.open(newline="", encoding="utf-8") as f:
        poles = [p for p in csv.DictReader(f) if p["classifier"] == HEADS]
    for genre in ("all", "speech"):
        print(f"\n### {genre}\n")
        print("| axis | pole | side | found (of the cells with it) | stated | right of stated |")
        print("|---|---|---|---|---|---|")
        by_side = {"left": [0, 0, 0], "right": [0, 0, 0]}
        # Two rows per axis, the left pole first.
        for i, p in enumerate(p for p in poles if p["genre"] == genre):
            side = ("left", "right")[i % 2]
            counts = [int(p[c]) for c in ("annotated", "stated", "found")]
            by_side[side] = [a + b for a, b in zip(by_side[side], counts)]
            print(row(p["axis"], p["pole"], side, *counts))
        for side, counts in by_side.items():
            print(row("all axes", f"every {side} pole", side, *counts))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
