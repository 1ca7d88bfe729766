"""What a change to the segmenter does to the annotations: compares the sentences of one
collection as two `stance run`s give them, before and after the change, with data/labels/.

    target/release/stance run RECORDS [--manifest M] --out BEFORE   (old binary and rules)
    target/release/stance run RECORDS [--manifest M] --out AFTER    (new ones)
    python3 scripts/segmentation_diff.py BEFORE AFTER COLLECTION [TODO_CSV]

`data/segmentation.toml` is read when a run starts: run BEFORE with the old file in place.
COLLECTION is the records' folder under ../shared/records, the first part of data/labels' doc
paths (ungd-1946-2023, ungd-2009-2012, netmundial-2014, 2014-beijing-workshop). Prints how many
records and sentences changed, the sentences in scope before and after, and every annotated
sentence that no longer exists as segmented (its label file, and whether it takes a side).
With TODO_CSV, writes the sentences that need labels now: each new sentence of an annotated
record that is a candidate (label_candidates.WIDE, or the sentence after one in its
statement), in scope, or in the place of a gone annotated sentence (their spans overlap), with
the sentence before and after it and the label file of what it replaces. Which of them keep an
old label as it was (a header cut off, the words the same) is for the reader to decide; the
rest are annotated like any batch (data/labels/annotation-brief.md). Reads each statements.csv
twice, keeping whole rows only for the records that changed, so a run over the whole corpus
fits in memory. Standard library only.
"""

import csv
import hashlib
import sys
from collections import defaultdict

from label_candidates import candidates
from project import ROOT

FIELDS = ["conference", "doc", "delegation", "statement", "char_start", "char_end", "text", "in_scope"]


def rows_of(run):
    with open(f"{run}/statements.csv", newline="") as f:
        yield from csv.DictReader(f)


def digests(run):
    """Each record's sentences, as one digest per record, and how many are in scope."""
    hashes, in_scope = defaultdict(hashlib.sha1), 0
    for row in rows_of(run):
        hashes[row["doc"]].update(row["text"].encode() + b"\0")
        in_scope += row["in_scope"] == "true"
    return {doc: h.digest() for doc, h in hashes.items()}, in_scope


def records(run, docs):
    """The rows of the records `docs`, in order, with the fields this script reads."""
    out = defaultdict(list)
    for row in rows_of(run):
        if row["doc"] in docs:
            out[row["doc"]].append({k: row[k] for k in FIELDS})
    return out


def labels(collection):
    """{(doc as a run names it, sentence): label file} and the sides taken, of the collection's
    annotations."""
    files, sides = {}, defaultdict(set)
    for path in sorted((ROOT / "data" / "labels").glob("*.csv")):
        with path.open(newline="") as f:
            for row in csv.DictReader(f):
                top, _, doc = row["doc"].partition("/")
                if top == collection:
                    files.setdefault((doc, row["sentence"]), path.name)
                    if row["label"] != "none":
                        sides[(doc, row["sentence"])].add(f"{row['axis']}={row['label']}")
    return files, sides


def overlaps(a, b):
    return int(a["char_start"]) < int(b["char_end"]) and int(b["char_start"]) < int(a["char_end"])


def main(before, after, collection, todo=None):
    old, old_scope = digests(before)
    new, new_scope = digests(after)
    changed = {doc for doc in old.keys() | new.keys() if old.get(doc) != new.get(doc)}
    files, sides = labels(collection)
    annotated = {doc for doc, _ in files}
    old_rows, new_rows = records(before, changed), records(after, changed)
    old_texts = {doc: {r["text"] for r in rows} for doc, rows in old_rows.items()}
    new_texts = {doc: {r["text"] for r in rows} for doc, rows in new_rows.items()}
    gone_n = sum(len(old_texts.get(d, set()) - new_texts.get(d, set())) for d in changed)
    new_n = sum(len(new_texts.get(d, set()) - old_texts.get(d, set())) for d in changed)
    print(f"{len(changed)} records changed: {gone_n} sentences gone, {new_n} new; in scope {old_scope} before, {new_scope} after")

    todo_rows = []
    for doc in sorted(changed & annotated):
        gone = [r for r in old_rows.get(doc, []) if (doc, r["text"]) in files and r["text"] not in new_texts.get(doc, set())]
        for r in gone:
            side = ", ".join(sorted(sides.get((doc, r["text"]), ()))) or "none on every axis"
            print(f"annotated sentence gone: {collection}/{doc} ({files[(doc, r['text'])]}; {side}): {r['text'][:120]}")
        rows = new_rows.get(doc, [])
        chosen = candidates(rows)
        for i, r in enumerate(rows):
            if r["text"] in old_texts.get(doc, set()):
                continue
            replaces = sorted({files[(doc, g["text"])] for g in gone if overlaps(g, r)})
            why = [w for w, yes in [("candidate", i in chosen), ("in scope", r["in_scope"] == "true"), ("replaces annotated", replaces)] if yes]
            if why:
                todo_rows.append({
                    "conference": r["conference"], "doc": f"{collection}/{doc}", "delegation": r["delegation"],
                    "sentence": r["text"], "previous": rows[i - 1]["text"] if i > 0 else "",
                    "next": rows[i + 1]["text"] if i + 1 < len(rows) else "",
                    "why": ", ".join(why), "replaces_in": " ".join(replaces),
                })
    print(f"{len(todo_rows)} new sentences of annotated records need labels")
    if todo:
        with open(todo, "w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=["conference", "doc", "delegation", "sentence", "previous", "next", "why", "replaces_in"])
            writer.writeheader()
            writer.writerows(todo_rows)


if __name__ == "__main__":
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    main(*sys.argv[1:])
