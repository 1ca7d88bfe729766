#!/usr/bin/env python3
"""The side studies' data (notebooks/head-study-v2, notebooks/speech-study): every scored
annotation of `make eval`, with its record, delegation, genre, fold, scope and previous sentence
(out/eval/eval_sentences.csv), then the authored training sentences (data/labels/authored/),
one JSON object per sentence.

    make eval && python3 scripts/study_data.py      # writes out/study/data.jsonl

The studies read the file named by STANCE_STUDY_DATA, out/study/data.jsonl by default. Their
reports' figures were measured on the annotations and scope of their commits; rebuilt from a
later `make eval`, the data holds the annotations and scope of that commit.
"""
import argparse
import csv
import glob
import json
import os
import sys

from project import read_axes

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AXES = read_axes()


def scored_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield {
                "doc": row["doc"],
                "conference": row["conference"],
                "delegation": row["delegation"],
                "genre": row["genre"],
                "fold": int(row["fold"]) if row["fold"] else -1,
                "in_scope": row["in_scope"] == "true",
                "text": row["text"],
                "prev": row["previous"],
                "labels": {axis: row[f"{axis}_truth"] for axis in AXES},
                "source": "scored",
            }


def authored_rows(paths):
    """The authored sentences, each once with its label on every axis (the files hold a row per
    sentence and axis)."""
    sentences = {}
    for path in paths:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                entry = sentences.setdefault((row["doc"], row["sentence"]), {})
                entry[row["axis"]] = row["label"]
    for (doc, text), labels in sentences.items():
        missing = [axis for axis in AXES if axis not in labels]
        if missing:
            sys.exit(f"{doc}: {text[:60]!r} has no label on {', '.join(missing)}")
        yield {
            "doc": doc, "conference": "", "delegation": "", "genre": "authored", "fold": -1,
            "in_scope": True, "text": text, "prev": "", "labels": labels, "source": "authored",
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", default=os.path.join(ROOT, "out/eval/eval_sentences.csv"))
    parser.add_argument("--authored", nargs="*", default=sorted(glob.glob(os.path.join(ROOT, "data/labels/authored/*.csv"))))
    parser.add_argument("--out", default=os.path.join(ROOT, "out/study/data.jsonl"))
    args = parser.parse_args()
    if not os.path.exists(args.sentences):
        sys.exit(f"{args.sentences} not found\n  fix: run `make eval` first (it writes it)")
    rows = list(scored_rows(args.sentences))
    missing_fold = sum(1 for r in rows if r["fold"] < 0)
    if missing_fold:
        sys.exit(f"{args.sentences}: {missing_fold} sentence(s) without a fold (an eval with --train-on)\n  fix: use make eval's out/eval")
    authored = list(authored_rows(args.authored))
    os.makedirs(os.path.dirname(args.out) or ".", exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for row in rows + authored:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {args.out}: {len(rows)} scored and {len(authored)} authored sentences")


if __name__ == "__main__":
    main()
