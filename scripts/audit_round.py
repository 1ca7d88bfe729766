"""One round of reading again the annotated (sentence, axis) items that the heads, held out,
contradict most surely, beside a control drawn at random from the items they agree with.

    python3 scripts/audit_round.py batch DIR --runs out/eval out/eval-seed1 out/eval-seed2 out/eval-10folds [--control 60] [--seed 0]
    python3 scripts/audit_round.py random DIR --runs out/eval [--items 300] [--seed 1]
    python3 scripts/audit_round.py reread DIR --runs out/eval [--items 200] [--seed 2]
    python3 scripts/audit_round.py uncertain DIR --runs out/eval out/eval-seed1 out/eval-seed2 out/eval-10folds [--floor 0.4] [--seed 3]
    python3 scripts/consistency_round.py merge DIR
    python3 scripts/consistency_round.py apply DIR
    python3 scripts/audit_round.py record DIR
    python3 scripts/label_conflicts.py --check

`batch` reads each `stance eval` run's eval_sentences.csv (every annotated sentence, with the
probabilities of the heads of the fold that held its record out), averages each in-scope item's
probabilities over the runs, and picks:
- `none->pole`: labelled `none`, its likelier pole at a mean probability of 0.8 or more;
- `pole->none`: labelled a pole, `none` at 0.95 or more;
- `pole->other`: labelled a pole, the other pole at 0.7 or more;
- `control`: CONTROL items drawn at random (seeded) among those whose likeliest class on the
  mean is their label, half labelled a pole and half `none`: how often a second reading changes
  a label the heads do not question says how much of the change among the others is the
  readers' own.
It writes DIR/batch.txt for two readers (the items shuffled into one group, with neither their
label nor why they were chosen; the brief is data/labels/audit-brief.md), DIR/key.csv (one
consistency-notes group for the round) and DIR/reasons.csv. The readings are merged, adjudicated
and applied as a consistency round's are, into the same notes (data/labels/notes/consistency.csv,
in the order the rounds were read, so that a later round's reading supersedes). `record` then
prints, per reason, how many labels the round changed, and to what, and appends each item with
its reason to data/labels/notes/audit.csv. The thresholds were fixed before any item was read.
A label is changed only by the two readings (or the adjudication), never by the heads.

`random` writes the same three files for a round the heads play no part in: ITEMS items drawn
at random (seeded) among every in-scope annotated item, half among those labelled a pole and
half among those labelled `none` (reasons `random-pole`, `random-none`). How often its readings
change a label estimates how many labels of each kind are wrong, whatever the heads say; the
runs serve only to know which items are in scope and the sentence before each.

`reread` writes them for a round that reads again every in-scope item labelled a pole that no
round has read yet (none is in the consistency notes; reason `reread-pole`), beside ITEMS items
labelled `none` drawn at random among those no round has read (`reread-none`): the readers cannot
tell a pole label from the batch, and the `none` items add to the estimate of how many of those
are wrong.

`uncertain` writes them for a round that reads every in-scope item labelled `none` that no round
has read and whose likelier pole the heads, held out and averaged over the runs as for `batch`,
put at FLOOR or more (reason `uncertain-none`): the `none` labels whose side, if they miss one,
the heads come closest to seeing, below `batch`'s 0.8 (a fifth of whose `none` items took a
side on reading). The first such round (2026-12-07) took 0.4, the second, with the first's items
read, 0.2; each threshold was fixed before any item was read. Standard library only; run from
the repository's top folder.
"""

import argparse
import csv
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import consistency_round
import label_conflicts
from project import axis_poles, sentence_key

NONE_TO_POLE = 0.8
POLE_TO_NONE = 0.95
POLE_TO_OTHER = 0.7
REASONS = ("none->pole", "pole->none", "pole->other", "control", "random-pole", "random-none", "reread-pole",
           "reread-none", "uncertain-none")
AUDIT_NOTES = label_conflicts.LABELS / "notes" / "audit.csv"
AUDIT_COLUMNS = ["group", "reason", "conference", "doc", "delegation", "sentence", "axis"]


def mean_probabilities(runs, poles):
    """{(sentence key, axis): {class: mean probability}} over the runs, for sentences in scope
    (out of scope a run gives no probabilities), with the sentence before each."""
    sums, counts, previous = defaultdict(Counter), Counter(), {}
    for run in runs:
        path = run / "eval_sentences.csv"
        if not path.exists():
            sys.exit(f"{path} not found\n  fix: run `stance eval ... --out {run}` first")
        with path.open(newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                if r["in_scope"] != "true":
                    continue
                key = (r["conference"], r["doc"], r["delegation"], r["text"])
                previous[key] = r["previous"]
                for axis, (left, right) in poles.items():
                    for cls in (left, right, "none"):
                        sums[(key, axis)][cls] += float(r[f"{axis}_p_{cls}"])
                    counts[(key, axis)] += 1
    return {item: {cls: total / counts[item] for cls, total in p.items()} for item, p in sums.items()}, previous


def reason(label, p, left, right):
    """Why the heads question `label`, or None."""
    if label == "none":
        return "none->pole" if max(p[left], p[right]) >= NONE_TO_POLE else None
    if label not in (left, right):
        return None
    other = right if label == left else left
    if p["none"] >= POLE_TO_NONE:
        return "pole->none"
    return "pole->other" if p[other] >= POLE_TO_OTHER else None


def labelled_items(runs):
    """The annotations, the sentence before each annotated sentence, and every in-scope annotated
    (sentence, axis) item in order, with its label and its mean probabilities over the runs."""
    poles = axis_poles()
    labels = label_conflicts.read_annotations()
    probabilities, previous = mean_probabilities(runs, poles)
    items = [(item, labels[item[0]][item[1]], p) for item, p in sorted(probabilities.items())
             if item[1] in labels.get(item[0], {})]
    return poles, labels, previous, items


def kind(label):
    return "none" if label == "none" else "pole"


def draw_halves(rng, pools, n, why, chosen):
    """Draws n // 2 items (or all there are) from each of the pools, pole labels first, into
    `chosen` with the reason `why(kind)`."""
    for label_kind in ("pole", "none"):
        for item in rng.sample(pools[label_kind], min(n // 2, len(pools[label_kind]))):
            chosen[item] = why(label_kind)


def batch(out, runs, control, seed):
    poles, labels, previous, items = labelled_items(runs)
    chosen, agreed = {}, {"pole": [], "none": []}
    for item, label, p in items:
        left, right = poles[item[1]]
        why = reason(label, p, left, right)
        if why:
            chosen[item] = why
        elif max(p, key=p.get) == label:
            agreed[kind(label)].append(item)
    rng = random.Random(seed)
    draw_halves(rng, agreed, control, lambda _: "control", chosen)
    write_round(out, chosen, labels, previous, rng, len(runs))


def draw(out, runs, n, seed):
    """A round of items drawn at random, half among pole labels and half among `none`."""
    _, labels, previous, items = labelled_items(runs)
    pools = {"pole": [], "none": []}
    for item, label, _ in items:
        pools[kind(label)].append(item)
    for label_kind, pool in pools.items():
        print(f"{label_kind}: {len(pool)} in-scope annotated items")
    chosen = {}
    rng = random.Random(seed)
    draw_halves(rng, pools, n, lambda label_kind: f"random-{label_kind}", chosen)
    write_round(out, chosen, labels, previous, rng, len(runs))


def reread(out, runs, n, seed):
    """Every in-scope pole item no round has read, beside n `none` items drawn among the unread."""
    _, labels, previous, items = labelled_items(runs)
    read = label_conflicts.settled_readings()
    unread = {"pole": [], "none": []}
    for item, label, _ in items:
        if item not in read:
            unread[kind(label)].append(item)
    print(f"unread in-scope annotated items: {len(unread['pole'])} pole, {len(unread['none'])} none")
    chosen = {item: "reread-pole" for item in unread["pole"]}
    rng = random.Random(seed)
    for item in rng.sample(unread["none"], min(n, len(unread["none"]))):
        chosen[item] = "reread-none"
    write_round(out, chosen, labels, previous, rng, len(runs))


def uncertain(out, runs, floor, seed):
    """Every in-scope `none` item no round has read whose likelier pole is at `floor` or more."""
    poles, labels, previous, items = labelled_items(runs)
    read = label_conflicts.settled_readings()
    chosen = {item: "uncertain-none" for item, label, p in items
              if label == "none" and item not in read and max(p[pole] for pole in poles[item[1]]) >= floor}
    write_round(out, chosen, labels, previous, random.Random(seed), len(runs))


def write_round(out, chosen, labels, previous, rng, runs):
    """The batch for the readers, the key and each item's reason, the items shuffled by `rng`."""
    items = sorted(chosen)
    rng.shuffle(items)
    group = consistency_round.first_free_group()
    rows = []
    for n, item in enumerate(items):
        (conference, doc, delegation, sentence), axis = item
        rows.append({"id": f"a{n + 1:04d}", "group": group, "overlap": "", "conference": conference, "doc": doc,
                     "delegation": delegation, "axis": axis, "label": labels[item[0]][axis],
                     "previous": previous[item[0]], "sentence": sentence})
    consistency_round.write_batch(out, rows, [])
    with (out / "reasons.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "reason"])
        writer.writerows((row["id"], chosen[item]) for row, item in zip(rows, items))
    counts = Counter(chosen.values())
    print(f"{len(rows)} items ({', '.join(f'{r} {counts[r]}' for r in REASONS if counts[r])}) from {runs} runs "
          f"-> {out}/batch.txt, {out}/key.csv, {out}/reasons.csv")


def record(out):
    """Per reason: items, agreement of the two readings, labels changed; then the items with
    their reasons appended to the audit notes, once per round."""
    key, (first, second) = consistency_round.read_round(out)
    with (out / "reasons.csv").open(newline="", encoding="utf-8") as f:
        reasons = {r["id"]: r["reason"] for r in csv.DictReader(f)}
    with label_conflicts.SETTLED.open(newline="", encoding="utf-8") as f:
        read = {(r["group"], sentence_key(r), r["axis"]): r["after"] for r in csv.DictReader(f)}
    after = {i: read.get((k["group"], sentence_key(k), k["axis"])) for i, k in key.items()}
    if None in after.values():
        sys.exit(f"{out}: the round is not in {label_conflicts.SETTLED}\n"
                 f"  fix: python3 scripts/consistency_round.py apply {out}")
    for why in REASONS:
        ids = [i for i in key if reasons[i] == why]
        if not ids:
            continue
        changed = Counter((key[i]["label"], after[i]) for i in ids if after[i] != key[i]["label"])
        agree = sum(first[i]["label"] == second[i]["label"] for i in ids)
        print(f"{why}: {len(ids)} items, the two readings agree on {agree}, {sum(changed.values())} labels changed")
        for (before, now), n in sorted(changed.items()):
            print(f"  {before} -> {now}: {n}")
    group = next(iter(key.values()))["group"]
    if AUDIT_NOTES.exists():
        with AUDIT_NOTES.open(newline="", encoding="utf-8") as f:
            if any(r["group"] == group for r in csv.DictReader(f)):
                print(f"group {group} is in {AUDIT_NOTES} already: nothing appended")
                return
    consistency_round.append_rows(AUDIT_NOTES, AUDIT_COLUMNS, (
        [k["group"], reasons[i], k["conference"], k["doc"], k["delegation"], k["sentence"], k["axis"]]
        for i, k in key.items()))
    print(f"{len(key)} items appended to {AUDIT_NOTES}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("step", choices=["batch", "random", "reread", "uncertain", "record"])
    parser.add_argument("dir", type=Path, help="the round's working folder (outside the repository)")
    parser.add_argument("--runs", type=Path, nargs="+", help="for `batch`: `stance eval` output folders")
    parser.add_argument("--control", type=int, default=60, help="for `batch`: items drawn among those the heads agree with")
    parser.add_argument("--items", type=int, help="for `random`: items drawn, half pole labels, half `none` (300); "
                        "for `reread`: `none` items drawn beside the pole items (200)")
    parser.add_argument("--floor", type=float, default=0.4,
                        help="for `uncertain`: the likelier pole's least mean probability (0.4)")
    parser.add_argument("--seed", type=int, default=0, help="for `batch`, `random`, `reread` and `uncertain`: the draw and the batch's order")
    args = parser.parse_args()
    if not label_conflicts.LABELS.is_dir():
        sys.exit(f"{label_conflicts.LABELS} not found\n  fix: run from the repository's top folder")
    if args.step != "record" and not args.runs:
        parser.error(f"{args.step} needs --runs")
    if args.step == "batch":
        batch(args.dir, args.runs, args.control, args.seed)
    elif args.step == "random":
        draw(args.dir, args.runs, 300 if args.items is None else args.items, args.seed)
    elif args.step == "reread":
        reread(args.dir, args.runs, 200 if args.items is None else args.items, args.seed)
    elif args.step == "uncertain":
        uncertain(args.dir, args.runs, args.floor, args.seed)
    else:
        record(args.dir)


if __name__ == "__main__":
    main()
