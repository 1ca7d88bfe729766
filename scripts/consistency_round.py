"""One round of settling near-identical annotated sentences labelled two ways, by reading.

    python3 scripts/consistency_round.py batch DIR [--min-overlap 0.5] [--family REGEX --axis AXIS]
    python3 scripts/consistency_round.py merge DIR
    python3 scripts/consistency_round.py apply DIR

`batch` lists the (sentence, axis) items that `label_conflicts.py --check` reports as not
settled at that overlap, and writes DIR/batch.txt for two readers (each item with its axis,
record, delegation, the sentence before it and the near-identical sentences it was paired with,
grouped by pair: never the earlier labels) and DIR/key.csv (the same items with their earlier
labels, for `merge` and `apply` only). With --family, the batch also holds every annotated
sentence matching REGEX, on AXIS: a family read again together after a fixed reading of the
annotation brief settles how to code it. Each reader writes DIR/pass1.csv or DIR/pass2.csv
(`id,label,note`; the brief is data/labels/consistency-brief.md).

`merge` prints how often the two passes agree and Cohen's kappa over the items, overall and per
axis, and writes DIR/to_adjudicate.txt: each disagreement with the two readings anonymised in a
random order, for a third reader, who writes DIR/adjudicated.csv (`id,label,note`).

`apply` sets each item's label in the label files to the passes' common reading or the
adjudicated one (keeping each file's line endings), and appends every item, with its earlier
label, both readings, the adjudication and the notes, to data/labels/notes/consistency.csv
(where a later round's reading of an item supersedes an earlier one's).
Standard library only; run from the repository's top folder.
"""

import argparse
import csv
import io
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import label_conflicts
from agreement import kappa, kappa_text
from project import AXES_CONFIG, read_axes, sentence_key

KEY_COLUMNS = ["id", "group", "overlap", "conference", "doc", "delegation", "axis", "label", "previous", "sentence"]
NOTES_COLUMNS = ["group", "conference", "doc", "delegation", "sentence", "axis", "before", "first_pass",
                 "second_pass", "adjudicated", "after", "first_pass_note", "second_pass_note", "adjudication_note"]
# Where a record named by its `doc` is read: the bundled records first, then the shared ones.
RECORD_FOLDERS = (Path("data/records"), Path("../shared/records"))


def record_path(doc):
    """The record file of an annotation's `doc`, as an absolute path a reader can open."""
    for folder in RECORD_FOLDERS:
        if (folder / doc).exists():
            return (folder / doc).resolve()
    return (RECORD_FOLDERS[-1] / doc).resolve()


def first_free_group():
    """Groups are numbered on from the rounds already in the consistency notes."""
    if not label_conflicts.SETTLED.exists():
        return 0
    with label_conflicts.SETTLED.open(newline="", encoding="utf-8") as f:
        return 1 + max((int(r["group"]) for r in csv.DictReader(f)), default=-1)


def family_items(labels, axes, pattern, axis):
    """Every annotated (sentence, axis) on `axis` whose sentence matches `pattern`: a family of
    sentences saying one thing, read again together once a fixed reading settles how to code it."""
    if axis not in axes:
        sys.exit(f"--axis {axis}: not an axis of {AXES_CONFIG}\n  fix: one of {', '.join(axes)}")
    try:
        regex = re.compile(pattern, re.IGNORECASE | re.DOTALL)
    except re.error as e:
        sys.exit(f"--family {pattern!r}: not a regular expression ({e})")
    return {(key, axis) for key in labels if regex.search(key[3])}


def round_items(labels, pairs, open_items, family):
    """The round's items, as rows of key.csv: each open or family item with the first pair
    naming it (grouped by pair), then the family's other sentences in one group of their own."""
    previous = label_conflicts.previous_sentences()
    start = first_free_group()
    rows, seen = [], set()

    def add(item, group, overlap):
        seen.add(item)
        (conference, doc, delegation, sentence), axis = item
        rows.append({"id": f"c{len(rows) + 1:03d}", "group": group, "overlap": overlap, "conference": conference,
                     "doc": doc, "delegation": delegation, "axis": axis, "label": labels[item[0]][axis],
                     "previous": previous.get((doc, delegation, sentence), ""), "sentence": sentence})

    for n, (a, b, overlap, axes) in enumerate(pairs):
        for key in (a, b):
            for axis in axes:
                if (key, axis) in open_items | family and (key, axis) not in seen:
                    add((key, axis), start + n, f"{overlap:.2f}")
    for item in sorted(family - seen):
        add(item, start + len(pairs), "")
    return rows


def write_batch(out, rows, pairs):
    """DIR/key.csv (with the earlier labels) and DIR/batch.txt (without them) for the readers;
    beside each item, every sentence it pairs with, so that the reader sees each version of the
    words."""
    partners = defaultdict(set)
    for a, b, _, _ in pairs:
        partners[a].add(b)
        partners[b].add(a)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "key.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, KEY_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    with (out / "batch.txt").open("w", encoding="utf-8") as f:
        group = None
        for r in rows:
            if r["group"] != group:
                group = r["group"]
                f.write(f"\n## group {group}\n")
            key = (r["conference"], r["doc"], r["delegation"], r["sentence"])
            f.write(f"[{r['id']}] axis: {r['axis']}\n"
                    f"  record: {record_path(r['doc'])}\n"
                    f"  delegation: {r['delegation'] or '(unattributed)'}\n"
                    f"  previous sentence (context, do not label): {r['previous'] or '(none / start of statement)'}\n"
                    f"  SENTENCE: {r['sentence']}\n")
            for _, doc, delegation, sentence in sorted(partners[key]):
                f.write(f"  near-identical, in {record_path(doc)} ({delegation or 'unattributed'}): {sentence}\n")


def batch(out, min_overlap, family, axis):
    axes = read_axes()
    labels = label_conflicts.read_annotations()
    pairs = label_conflicts.conflicts(labels, axes, min_overlap)
    open_items = set(label_conflicts.unsettled(labels, pairs))
    family = family_items(labels, axes, family, axis) if family else set()
    rows = round_items(labels, pairs, open_items, family)
    write_batch(out, rows, pairs)
    print(f"{len(rows)} items ({len(open_items)} not settled in {len(pairs)} pairs of word overlap >= {min_overlap}, "
          f"{len(family)} of the family) -> {out}/batch.txt, {out}/key.csv")


def read_rows(path):
    if not path.exists():
        sys.exit(f"{path} not found\n  fix: write it (id,label,note), one row per item of batch.txt")
    with path.open(newline="", encoding="utf-8") as f:
        return {r["id"]: {"label": r["label"].strip(), "note": r["note"].strip()} for r in csv.DictReader(f)}


def read_round(out):
    """key, first pass, second pass; every item read in both passes, nothing else."""
    with (out / "key.csv").open(newline="", encoding="utf-8") as f:
        key = {r["id"]: r for r in csv.DictReader(f)}
    passes = read_rows(out / "pass1.csv"), read_rows(out / "pass2.csv")
    for name, rows in zip(("pass1.csv", "pass2.csv"), passes):
        if set(rows) != set(key):
            sys.exit(f"{out / name}: {len(set(key) - set(rows))} items missing, {len(set(rows) - set(key))} unknown ids\n"
                     f"  fix: one row per [cNNN] item of batch.txt")
    return key, passes


def merge(out):
    key, (first, second) = read_round(out)
    pairs = [(first[i]["label"], second[i]["label"]) for i in key]
    value, observed = kappa(pairs)
    print(f"agree on {sum(a == b for a, b in pairs)} of {len(pairs)} items ({observed:.2f}), kappa {kappa_text(value, 2)}")
    for axis in sorted({k["axis"] for k in key.values()}):
        on_axis = [(first[i]["label"], second[i]["label"]) for i in key if key[i]["axis"] == axis]
        value, observed = kappa(on_axis)
        print(f"  {axis}: {len(on_axis)} items, kappa {kappa_text(value, 2)}, agreement {observed:.2f}")
    disagreements = [i for i in key if first[i]["label"] != second[i]["label"]]
    with (out / "to_adjudicate.txt").open("w", encoding="utf-8") as f:
        for i in disagreements:
            k = key[i]
            readings = [first[i], second[i]]
            random.Random(i).shuffle(readings)
            f.write(f"[{i}] axis: {k['axis']}\n  record: {record_path(k['doc'])}\n"
                    f"  delegation: {k['delegation'] or '(unattributed)'}\n"
                    f"  previous sentence: {k['previous'] or '(none)'}\n  SENTENCE: {k['sentence']}\n"
                    f"  reading A: {readings[0]['label']} ({readings[0]['note']})\n"
                    f"  reading B: {readings[1]['label']} ({readings[1]['note']})\n\n")
    print(f"{len(disagreements)} to adjudicate -> {out}/to_adjudicate.txt")


def rewrite_labels(final):
    """Set each (sentence, axis) of `final` in the label files, keeping each file's line endings."""
    found = Counter()
    for path in sorted(label_conflicts.LABELS.glob("*.csv")):
        raw = path.read_bytes()
        ending = "\r\n" if b"\r\n" in raw else "\n"
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
        header = rows[0]
        changed = 0
        for row in rows[1:]:
            record = dict(zip(header, row))
            item = (sentence_key(record), record["axis"])
            if item in final:
                found[item] += 1
                if record["label"] != final[item]:
                    row[header.index("label")] = final[item]
                    changed += 1
        if changed:
            text = io.StringIO(newline="")
            csv.writer(text, lineterminator=ending).writerows(rows)
            path.write_bytes(text.getvalue().encode("utf-8"))
            print(f"{path}: {changed} labels changed")
    missing = [item for item in final if not found[item]]
    if missing:
        sys.exit(f"{len(missing)} items not found in the label files, e.g. {missing[0]}\n"
                 f"  fix: the label files changed since `batch`; run it again")


def append_rows(path, columns, rows):
    """Append `rows` to the notes file `path`, in its own line endings (CRLF for a new file), with
    the header `columns` first if the file is new or empty."""
    raw = path.read_bytes() if path.exists() else b""
    ending = "\r\n" if not raw or b"\r\n" in raw else "\n"
    with path.open("a", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator=ending)
        if not raw:
            writer.writerow(columns)
        writer.writerows(rows)


def apply(out):
    key, (first, second) = read_round(out)
    disagreements = {i for i in key if first[i]["label"] != second[i]["label"]}
    adjudicated = read_rows(out / "adjudicated.csv") if disagreements else {}
    if disagreements - set(adjudicated):
        sys.exit(f"{out / 'adjudicated.csv'}: {len(disagreements - set(adjudicated))} disagreements not adjudicated\n"
                 f"  fix: one row per item of to_adjudicate.txt")
    # Where the passes agree there is no adjudication: its columns in the notes stay empty.
    adjudication = {i: adjudicated[i] if i in disagreements else {"label": "", "note": ""} for i in key}
    after = {i: adjudicated[i]["label"] if i in disagreements else first[i]["label"] for i in key}
    rewrite_labels({(sentence_key(k), k["axis"]): after[i] for i, k in key.items()})
    notes = label_conflicts.SETTLED
    append_rows(notes, NOTES_COLUMNS, (
        [k["group"], k["conference"], k["doc"], k["delegation"], k["sentence"], k["axis"], k["label"],
         first[i]["label"], second[i]["label"], adjudication[i]["label"], after[i],
         first[i]["note"], second[i]["note"], adjudication[i]["note"]]
        for i, k in key.items()))
    changes = Counter((key[i]["axis"], key[i]["label"], after[i]) for i in key if after[i] != key[i]["label"])
    print(f"{sum(changes.values())} labels changed of {len(key)} items; {len(key)} items appended to {notes}")
    for (axis, before, now), n in sorted(changes.items()):
        print(f"  {axis}: {before} -> {now}: {n}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["batch", "merge", "apply"])
    parser.add_argument("dir", type=Path, help="the round's working folder (outside the repository)")
    parser.add_argument("--min-overlap", type=float, default=label_conflicts.DEFAULT_MIN_OVERLAP, help="for `batch`: as label_conflicts.py's")
    parser.add_argument("--family", metavar="REGEX", help="for `batch`: also every annotated sentence matching this")
    parser.add_argument("--axis", help="for `batch`: the axis on which --family's sentences are read")
    args = parser.parse_args()
    if not label_conflicts.LABELS.is_dir():
        sys.exit(f"{label_conflicts.LABELS} not found\n  fix: run from the repository's top folder")
    if bool(args.family) != bool(args.axis):
        parser.error("--family and --axis go together")
    if args.step == "batch":
        batch(args.dir, args.min_overlap, args.family, args.axis)
    elif args.step == "merge":
        merge(args.dir)
    else:
        apply(args.dir)


if __name__ == "__main__":
    main()
