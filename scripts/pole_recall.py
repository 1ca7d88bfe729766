"""Which side the tables miss: the trained heads' held-out cells of one `stance eval` run, per
pole. For each pole of each axis (`models/axes.toml`: the left pole first), over all genres and
over the speeches: of the cells where the annotations find that pole, how many the table
states ("found"), and of the cells the table gives that pole, how many are right.

    python3 scripts/pole_recall.py out/eval

Reads OUT/eval_cell_labels.csv. Standard library only (Python 3.11+ for tomllib).
"""

import csv
import sys
import tomllib
from pathlib import Path

HEADS = "trained heads"
AXES_FILE = Path(__file__).resolve().parent.parent / "models" / "axes.toml"


def poles():
    """(axis, left pole, right pole) in the axis file's order."""
    with AXES_FILE.open("rb") as f:
        return [(a["name"], a["left"]["name"], a["right"]["name"]) for a in tomllib.load(f)["axis"]]


def counts(cells, axis, pole):
    """(cells the annotations give `pole`, cells the table gives it, of them right)."""
    on_axis = [c for c in cells if c["axis"] == axis]
    truth = sum(c["truth"] == pole for c in on_axis)
    stated = sum(c["predicted"] == pole for c in on_axis)
    right = sum(c["truth"] == pole and c["predicted"] == pole for c in on_axis)
    return truth, stated, right


def share(part, whole):
    return f"{part / whole:.2f}" if whole else "-"


def main(run):
    path = Path(run) / "eval_cell_labels.csv"
    if not path.exists():
        sys.exit(f"{path} not found\n  fix: give the --out folder of a `stance eval` run (make eval writes out/eval)")
    with path.open(newline="", encoding="utf-8") as f:
        cells = [c for c in csv.DictReader(f) if c["classifier"] == HEADS]
    for genre in ("all", "speech"):
        chosen = [c for c in cells if genre == "all" or c["genre"] == genre]
        print(f"\n### {genre}\n")
        print("| axis | pole | side | found (of the cells with it) | stated | right of stated |")
        print("|---|---|---|---|---|---|")
        by_side = {"left": [0, 0, 0], "right": [0, 0, 0]}
        for axis, left, right in poles():
            for side, pole in (("left", left), ("right", right)):
                truth, stated, hit = counts(chosen, axis, pole)
                by_side[side] = [a + b for a, b in zip(by_side[side], (truth, stated, hit))]
                print(f"| {axis} | {pole} | {side} | {hit} of {truth} ({share(hit, truth)}) | {stated} | {share(hit, stated)} |")
        for side, (truth, stated, hit) in by_side.items():
            print(f"| all axes | every {side} pole | {side} | {hit} of {truth} ({share(hit, truth)}) | {stated} | {share(hit, stated)} |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
