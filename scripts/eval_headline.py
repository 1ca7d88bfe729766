"""The headline figures of one or more `stance eval` runs, one block per run, as the README,
docs/evaluation.md and the issue notes quote them.

    python3 scripts/eval_headline.py out/eval [out/eval-seed1 ...]

Reads each OUT's eval_cells.csv (cell figures of every classifier, all genres), eval_stated.csv
(the stated cells of the trained heads: right, invented, by evidence), eval_confusion.csv
(sentence macro-F1 per axis) and eval_rules.csv (the cell rule chosen per outer fold). Agreement
where a side is taken, `not_addressed` on uncoded axes and on silent records, and cell macro-F1
(as paired_margin.py does) are computed from eval_cell_labels.csv, read once, and sentence
macro-F1 from the confusion counts, not read from eval_cells.csv and eval_summary.csv, whose
four decimals would be rounded twice (0.58448 is written 0.5845, which would print 0.585).
Standard library only.
"""

import csv
import sys
from collections import defaultdict
from pathlib import Path

from paired_margin import macro_f1, side

HEADS = "trained heads"


def read(out, name):
    path = out / name
    if not path.exists():
        sys.exit(f"{path} not found\n  fix: give the folder of a `stance eval --out` run")
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def cell_macro_f1(cells):
    """Each classifier's cell macro-F1 over all genres, from its cells."""
    pairs = defaultdict(list)
    for row in cells:
        pairs[row["classifier"]].append((side(row["truth"]), side(row["predicted"])))
    return {classifier: macro_f1(labels) for classifier, labels in pairs.items()}


def cell_shares(cells):
    """Each classifier's share of cells labelled as the truth labels them, over all genres, of
    three kinds: `addressed` (the truth takes a side), `uncoded` (the truth is `not_addressed`
    on an axis of a delegation's record that addresses another) and `silent` (on a record that
    addresses none)."""
    records = defaultdict(list)
    for row in cells:
        records[(row["classifier"], row["conference"], row["delegation"])].append(row)
    counts = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for (classifier, _, _), rows in records.items():
        addresses = any(r["truth"] != "not_addressed" for r in rows)
        for r in rows:
            kind = "addressed" if r["truth"] != "not_addressed" else "uncoded" if addresses else "silent"
            counts[classifier][kind][0] += r["predicted"] == r["truth"]
            counts[classifier][kind][1] += 1
    return {classifier: {kind: right / n for kind, (right, n) in kinds.items()} for classifier, kinds in counts.items()}


def sentence_macro_f1(out, classifier):
    """Per axis, the mean over the gold labels of F1, from the confusion counts."""
    counts = defaultdict(lambda: defaultdict(int))
    for row in read(out, "eval_confusion.csv"):
        if row["classifier"] == classifier:
            counts[row["axis"]][(row["gold"], row["predicted"])] += int(row["count"])
    figures = {}
    for axis, cells in counts.items():
        labels = sorted({gold for gold, _ in cells})
        f1 = []
        for label in labels:
            hit = cells[(label, label)]
            predicted = sum(n for (_, p), n in cells.items() if p == label)
            gold = sum(n for (g, _), n in cells.items() if g == label)
            f1.append(2 * hit / (predicted + gold) if predicted + gold else 0.0)
        figures[axis] = sum(f1) / len(f1)
    return figures


def headline(out):
    print(f"== {out}")
    cells = read(out, "eval_cell_labels.csv")
    exact, shares = cell_macro_f1(cells), cell_shares(cells)
    for r in read(out, "eval_cells.csv"):
        if r["genre"] == "all":
            print(f"  {r['classifier']:<22} agreement {shares[r['classifier']]['addressed']:.3f} "
                  f"({float(r['addressed_agreement_low']):.2f}-{float(r['addressed_agreement_high']):.2f}, "
                  f"{r['addressed_cells']} cells)  uncoded {shares[r['classifier']]['uncoded']:.3f}  "
                  f"silent {shares[r['classifier']]['silent']:.3f}  cell macro-F1 {exact[r['classifier']]:.3f} "
                  f"({float(r['cell_macro_f1_low']):.3f}-{float(r['cell_macro_f1_high']):.3f})")
    stated = [r for r in read(out, "eval_stated.csv") if r["classifier"] == HEADS]
    for genre in ("all", "speech"):
        rows = {r["evidence_probability"]: r for r in stated if r["genre"] == genre}
        if not rows:
            continue  # a cross-genre run scores one genre only
        every, weak = rows["all"], rows["< 0.6"]
        sure = [rows["0.8-0.9"], rows[">= 0.9"]]
        print(f"  stated cells ({genre}): {every['right']} of {every['stated']} right ({float(every['share_right']):.3f}), "
              f"{every['invented']} invented, {every['other_side']} other side; mixed {every['mixed_right']} of "
              f"{every['mixed']} right; evidence >= 0.8: {sum(int(r['right']) for r in sure)} of "
              f"{sum(int(r['stated']) for r in sure)} right; < 0.6: {float(weak['share_right']):.2f} right")
    sentences = [r["axis"] for r in read(out, "eval_summary.csv") if r["classifier"] == HEADS]
    exact_sentences = sentence_macro_f1(out, HEADS)
    print("  sentence macro-F1: " + ", ".join(f"{axis} {exact_sentences[axis]:.3f}" for axis in sentences))
    rules = {(r["min_pole_probability"], r["min_sentences"], r["mixed_within"])
             for r in read(out, "eval_rules.csv") if r["classifier"] == HEADS}
    print("  cell rules chosen (p, sentences, mixed within): " + "; ".join(", ".join(rule) for rule in sorted(rules)))


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for out in sys.argv[1:]:
        headline(Path(out))


if __name__ == "__main__":
    main()
