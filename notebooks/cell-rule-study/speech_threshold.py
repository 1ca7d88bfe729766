"""Would a stricter evidence threshold for speech cells alone state fewer wrong speech stances for
few right ones lost? Re-decides, after the fact, the trained heads' held-out cells of `stance
eval` runs.

    python3 notebooks/cell-rule-study/speech_threshold.py out/eval out/eval-seed1 out/eval-seed2 out/eval-10folds

For each run folder and each threshold T, a speech cell the heads state (a pole or `mixed`)
whose `evidence_probability` (the heads' probability for its strongest sentence) is under T
becomes `not_addressed`; every other cell stays as the run decided it. This approximates a rule
that lets a speech sentence count only from T on: it drops the same cells, but where a stated
cell keeps some sentences and loses others its side could move, which this does not follow.
Prints per run and T the cell macro-F1 over all genres (`paired_margin.py`'s, as the README
quotes it) and, on speeches, the stances found (of those the annotations find), the cells stated,
right and invented. Standard library only; run from the repository's top folder.
"""

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from paired_margin import macro_f1, side  # noqa: E402

HEADS = "trained heads"
THRESHOLDS = (0.0, 0.6, 0.7, 0.8, 0.9)


def decided(row, threshold):
    """The cell's label once speech cells under `threshold` are left unstated."""
    stated = row["predicted"] != "not_addressed"
    weak = float(row["evidence_probability"] or 0) < threshold
    return "not_addressed" if row["genre"] == "speech" and stated and weak else row["predicted"]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for run in map(Path, sys.argv[1:]):
        path = run / "eval_cell_labels.csv"
        if not path.exists():
            sys.exit(f"{path} not found\n  fix: give the folder of a `stance eval --out` run")
        with path.open(newline="", encoding="utf-8") as f:
            cells = [r for r in csv.DictReader(f) if r["classifier"] == HEADS]
        for threshold in THRESHOLDS:
            labels = [(r, decided(r, threshold)) for r in cells]
            speech = [(r["truth"], label) for r, label in labels if r["genre"] == "speech"]
            addressed = [(t, p) for t, p in speech if t != "not_addressed"]
            stated = [(t, p) for t, p in speech if p != "not_addressed"]
            print(f"{run} T={threshold}: cell macro-F1 {macro_f1([(side(r['truth']), side(p)) for r, p in labels]):.3f}; "
                  f"speeches: found {sum(t == p for t, p in addressed)} of {len(addressed)}, stated {len(stated)}, "
                  f"right {sum(t == p for t, p in stated)}, invented {sum(t == 'not_addressed' for t, _ in stated)}")


if __name__ == "__main__":
    main()
