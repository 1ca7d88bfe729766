"""The counts table of data/labels/README.md: annotated sentences per axis, label and genre.

    python3 scripts/label_counts.py

Reads the real annotations (data/labels/*.csv, one row per sentence and axis; the authored
sentences under data/labels/authored/ are not counted) and the genre of each collection of
records (data/genres.toml: a record's collection is the first folder of its doc path), and
prints the number of sentences and records, then the table in Markdown. Standard library only.
"""

import csv
from collections import Counter

from project import ROOT, axis_poles, read_genres, sentence_key

LABELS = ROOT / "data" / "labels"
# The columns of the table, in the order the README shows them.
GENRE_COLUMNS = ("speech", "report/cable", "position paper")


def main():
    genre_of = read_genres()
    counts, sentences, records = Counter(), set(), set()
    for path in sorted(LABELS.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                counts[(row["axis"], row["label"], genre_of(row["doc"]))] += 1
                sentences.add(sentence_key(row))
                records.add(row["doc"])
    columns = GENRE_COLUMNS + tuple(sorted({g for _, _, g in counts} - set(GENRE_COLUMNS)))
    print(f"{len(sentences):,} sentences of {len(records):,} real records\n")
    print("| axis | label | " + " | ".join(columns) + " | all |")
    print("|---|---|" + "---|" * (len(columns) + 1))
    for axis, (left, right) in axis_poles().items():
        for label in (left, right, "both", "none"):
            cells = [counts[(axis, label, genre)] for genre in columns]
            if label == "both" and not any(cells):
                continue  # `both` is rare; a row of zeros for it says nothing
            print(f"| {axis} | {label} | " + " | ".join(f"{n:,}" for n in cells) + f" | {sum(cells):,} |")


if __name__ == "__main__":
    main()
