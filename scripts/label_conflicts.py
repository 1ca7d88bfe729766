"""Near-identical annotated sentences that carry different labels on an axis: the same words
(a contribution quoting another, one text sent by two organisations, a sentence repeated in a
summary) read twice and coded two ways. Each pair is a place where one reading is likely wrong,
or where the context really differs; `data/labels/notes/consistency.csv` records how each was
settled.

    python3 scripts/label_conflicts.py [--min-overlap 0.5] [--csv OUT] [--check]

Two sentences are near-identical when their sets of words (lower-case letters only) overlap by
at least --min-overlap (Jaccard: shared words over all words). The default, half the words,
is where pairs stop being one text said twice: below it most pairs are two sentences on one
subject, which a new annotation would too often meet for `--check` to guard at that level.
Prints the number of pairs and of
sentences involved per axis, and with --csv writes one row per (sentence, axis) in a conflict
with its previous sentence for reading. With --check (run by `make test`) it exits with an error
when a conflicting (sentence, axis) has not been settled: it is not in the consistency notes, or
its label there is not the one the label files now hold. Standard library only.
"""

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

from project import read_axes, sentence_key

LABELS = Path("data/labels")
SETTLED = LABELS / "notes" / "consistency.csv"
# Two sentences are compared only when they share a word of at least this many letters: the
# short words ("the", "and", "of") are in most sentences and would make every pair a candidate.
# The overlap itself counts every word.
MIN_WORD = 6
# Pairs sharing at least this share of their words are compared (the docstring says why).
DEFAULT_MIN_OVERLAP = 0.5


def words(text):
    return frozenset(re.findall(r"[a-z]+", text.lower()))


# The form of a file kept in data/labels: `stance` reads other encodings and column orders too,
# but the project's files are kept in this one, which this script and the tests read.
HEADER = ["conference", "doc", "delegation", "sentence", "axis", "label"]


def read_annotations():
    """(conference, doc, delegation, sentence) -> {axis: label}, over the real annotations."""
    labels = defaultdict(dict)
    for path in sorted(LABELS.glob("*.csv")):
        try:
            with path.open(newline="", encoding="utf-8") as f:
                reader = csv.DictReader(f)
                if reader.fieldnames != HEADER:
                    raise ValueError(f"its header is {reader.fieldnames}")
                for r in reader:
                    labels[sentence_key(r)][r["axis"]] = r["label"]
        except (UnicodeDecodeError, ValueError) as e:
            sys.exit(f"{path}: not in the form of the files kept in {LABELS} ({e})\n"
                     f"  fix: save it as UTF-8 with the header {','.join(HEADER)}, columns in that order")
    return labels


def conflicts(labels, axes, min_overlap):
    """Pairs (a, b, overlap, axes) of near-identical sentences whose labels differ on `axes`.
    Only pairs where one of the two takes a side somewhere: two `none` readings never conflict.
    Candidates share a word of MIN_WORD letters, so their union of words is never empty."""
    keys = list(labels)
    bags = [words(k[3]) for k in keys]
    by_word = defaultdict(list)
    for i, bag in enumerate(bags):
        for w in bag:
            if len(w) >= MIN_WORD:
                by_word[w].append(i)
    found = {}
    for i, key in enumerate(keys):
        if all(v == "none" for v in labels[key].values()):
            continue
        candidates = {j for w in bags[i] if len(w) >= MIN_WORD for j in by_word[w]} - {i}
        for j in candidates:
            overlap = len(bags[i] & bags[j]) / len(bags[i] | bags[j])
            if overlap < min_overlap:
                continue
            differing = tuple(a for a in axes if labels[key].get(a) != labels[keys[j]].get(a))
            if differing:
                found[(min(i, j), max(i, j))] = (overlap, differing)
    return [(keys[i], keys[j], o, axes) for (i, j), (o, axes) in sorted(found.items())]


def settled_readings():
    """{(sentence key, axis): the label its latest reading settled} over every round of the
    consistency notes (a later round's reading supersedes an earlier one's)."""
    settled = {}
    if SETTLED.exists():
        with SETTLED.open(newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                settled[(sentence_key(r), r["axis"])] = r["after"]
    return settled


def unsettled(labels, pairs):
    """The conflicting (sentence key, axis) whose reading the consistency notes do not record,
    or record with another label than the label files hold now."""
    settled = settled_readings()
    items = {(key, axis) for a, b, _, axes in pairs for key in (a, b) for axis in axes}
    return sorted(item for item in items if settled.get(item) != labels[item[0]][item[1]])


def previous_sentences():
    """The sentence before each annotated one, from a `make eval` run, when there is one."""
    path = Path("out/eval/eval_sentences.csv")
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as f:
        return {(r["doc"], r["delegation"], r["text"]): r["previous"] for r in csv.DictReader(f)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-overlap", type=float, default=DEFAULT_MIN_OVERLAP)
    parser.add_argument("--csv", help="write the conflicting (sentence, axis) rows here")
    parser.add_argument("--check", action="store_true", help="fail on a conflict not settled in the consistency notes")
    args = parser.parse_args()
    if not LABELS.is_dir():
        sys.exit(f"{LABELS} not found\n  fix: run from the repository's top folder")
    axes = read_axes()
    labels = read_annotations()
    pairs = conflicts(labels, axes, args.min_overlap)
    print(f"{len(pairs)} pairs of near-identical annotated sentences (word overlap >= {args.min_overlap}) labelled differently")
    for axis in axes:
        on_axis = [p for p in pairs if axis in p[3]]
        sentences = {k for a, b, _, _ in on_axis for k in (a, b)}
        print(f"  {axis}: {len(on_axis)} pairs, {len(sentences)} sentences")
    if args.check:
        open_items = unsettled(labels, pairs)
        for (conference, doc, delegation, sentence), axis in open_items:
            print(f"  not settled: {doc} ({delegation or 'unattributed'}), {axis} = {labels[(conference, doc, delegation, sentence)][axis]}: {sentence[:100]}")
        if open_items:
            sys.exit(f"{len(open_items)} near-identical annotated sentence(s) labelled two ways and not settled\n"
                     f"  fix: read each in its record, correct the label files, and record the reading in {SETTLED}\n"
                     f"  (data/labels/README.md, 'Near-identical sentences labelled two ways')")
        print(f"every one settled in {SETTLED}")
    if args.csv:
        previous = previous_sentences()
        rows = {}
        for group, (a, b, overlap, axes) in enumerate(pairs):
            for key in (a, b):
                for axis in axes:
                    rows.setdefault((key, axis), (group, overlap))
        with open(args.csv, "w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["pair", "overlap", "conference", "doc", "delegation", "axis", "label", "previous", "sentence"])
            for (key, axis), (group, overlap) in sorted(rows.items(), key=lambda r: r[1]):
                conference, doc, delegation, sentence = key
                out.writerow([group, f"{overlap:.2f}", conference, doc, delegation, axis, labels[key][axis],
                              previous.get((doc, delegation, sentence), ""), sentence])


if __name__ == "__main__":
    main()
