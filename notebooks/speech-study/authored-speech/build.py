#!/usr/bin/env python3
"""Authored speech-register examples (a variant tried in notebooks/speech-study, not shipped).

    python3 notebooks/speech-study/authored-speech/build.py

Reads the four writers' files (<axis>.csv: sentence and its four labels, written by one helper
per axis following BRIEF.md) and the blind second reading (blind_N.txt shown to a second helper
per half, following BLIND.md; its labels in blind_N_labels.csv). Prints Cohen's kappa per axis
between the two readings, keeps the sentences both read alike on all four axes and that share no
8-word run with a bundled record, an annotation, an axis example, an existing authored example
or a sentence kept before them, and writes them in the authored-examples format
(speech_<axis>.csv) for `stance eval --also-train`. Standard library only."""
import collections
import csv
import glob
import re
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
AXES = ["governance", "un_role", "information", "legal_order"]


def grams(text, n=8):
    w = re.findall(r"[a-z0-9']+", text.lower())
    return {tuple(w[i:i + n]) for i in range(len(w) - n + 1)}


def kappa(pairs):
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    first, second = collections.Counter(a for a, _ in pairs), collections.Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / n / n
    return (observed - expected) / (1 - expected)


# The writers' sentences in the order the blind batches numbered them (s000 = first row of
# governance.csv, then un_role, information, legal_order).
written = [(axis, row) for axis in AXES for row in csv.DictReader((HERE / f"{axis}.csv").open(encoding="utf-8"))]
blind = {}
for path in sorted(HERE.glob("blind_*_labels.csv")):
    for row in csv.DictReader(path.open(encoding="utf-8")):
        blind[int(row["id"][1:])] = row
assert len(blind) == len(written), "every written sentence has a blind reading"
for axis in AXES:
    pairs = [(row[axis].strip(), blind[i][axis].strip()) for i, (_, row) in enumerate(written)]
    print(f"{axis}: kappa {kappa(pairs):.3f}, {sum(a == b for a, b in pairs)} of {len(pairs)} alike")

seen = set()
for path in glob.glob(f"{ROOT}/data/records/**/*.txt", recursive=True):
    seen |= grams(Path(path).read_text(encoding="utf-8", errors="replace"))
for path in glob.glob(f"{ROOT}/data/labels/*.csv") + glob.glob(f"{ROOT}/data/labels/authored/*.csv"):
    for row in csv.DictReader(open(path, encoding="utf-8")):
        seen |= grams(row["sentence"])
for axis in tomllib.load((ROOT / "models" / "axes.toml").open("rb"))["axis"]:
    for pole in ("left", "right"):
        for example in axis[pole]["examples"]:
            seen |= grams(example)

kept = {axis: [] for axis in AXES}
dropped = collections.Counter()
for i, (axis, row) in enumerate(written):
    sentence = row["sentence"].strip()
    if any(row[a].strip() != blind[i][a].strip() for a in AXES):
        dropped["read differently"] += 1
    elif grams(sentence) & seen:
        dropped["8-word overlap"] += 1
    else:
        seen |= grams(sentence)
        kept[axis].append((sentence, [row[a].strip() for a in AXES]))
for axis, rows in kept.items():
    with (HERE / f"speech_{axis}.csv").open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["conference", "doc", "delegation", "sentence", "axis", "label"])
        for sentence, labels in rows:
            for a, label in zip(AXES, labels):
                out.writerow(["authored examples", f"authored/speech_{axis}", "", sentence, a, label])
print(f"kept {sum(map(len, kept.values()))} of {len(written)}; dropped {dict(dropped)}")
