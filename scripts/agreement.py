"""Agreement between the two independent annotation passes (data/labels/agreement/).

    python3 scripts/agreement.py

Reads first_pass.csv (the first annotator's labels of the sentences the second pass read) and
second_pass.csv (the second annotator's), and prints, per axis and overall and per genre,
Cohen's kappa, raw agreement and the number of disagreements. adjudicated.csv holds the
labels the adjudicator gave the disagreements (those are the ones in the label files).
Standard library only.
"""

import csv
import math
from collections import Counter, defaultdict
from pathlib import Path

from project import read_axes, read_genres

ROOT = Path(__file__).resolve().parent.parent / "data" / "labels" / "agreement"
AXES = read_axes()


def read(name):
    labels = defaultdict(dict)
    for row in csv.DictReader(open(ROOT / name, newline="")):
        labels[(row["doc"], row["sentence"])][row["axis"]] = row["label"]
    return labels


def kappa(pairs):
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in set(first) | set(second)) / (n * n)
    # Both passes gave one label to every sentence: kappa is undefined.
    return (observed - expected) / (1 - expected) if expected < 1 else float("nan"), observed


def kappa_text(value, digits):
    """Kappa as the tables show it: "—" where it is undefined."""
    return "—" if math.isnan(value) else f"{value:.{digits}f}"


def main():
    genre_of = read_genres()
    first, second = read("first_pass.csv"), read("second_pass.csv")
    keys = sorted(second)
    assert set(keys) == set(first), "both passes label the same sentences"
    print(f"{len(keys)} sentences read twice")
    print(f"{'axis':<12} {'genre':<15} {'kappa':>6} {'agree':>6} {'disagree':>8} {'n':>5}")
    for axis in AXES:
        groups = defaultdict(list)
        for key in keys:
            pair = (first[key][axis], second[key][axis])
            groups["all"].append(pair)
            groups[genre_of(key[0])].append(pair)
        for genre, pairs in sorted(groups.items(), key=lambda g: g[0] != "all"):
            k, agree = kappa(pairs)
            print(f"{axis:<12} {genre:<15} {kappa_text(k, 3):>6} {agree:>6.3f} {sum(a != b for a, b in pairs):>8} {len(pairs):>5}")
    disagreeing = sum(any(first[k][a] != second[k][a] for a in AXES) for k in keys)
    print(f"sentences with a disagreement on some axis: {disagreeing} (adjudicated in adjudicated.csv)")


if __name__ == "__main__":
    main()
