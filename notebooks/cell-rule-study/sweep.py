"""Cell rules swept over the held-out sentence probabilities of `stance eval` runs, per genre.

    python3 notebooks/cell-rule-study/sweep.py out/eval out/eval-seed1 out/eval-seed2 out/eval-10folds

For each run folder, reads `eval_sentences.csv` (every annotated sentence with the trained
heads' held-out probabilities) and `eval_cell_labels.csv` (each cell's truth), decides every
cell again under each rule of RULES, and prints a Markdown table per genre: cell macro-F1,
agreement where a side is taken, `not_addressed` on uncoded axes and on silent records, and
the stated cells (right, invented). Each rule is applied to every fold alike, so a row is what
that rule would have given, not what nested cross-validation would choose: picking the best
row would tune to these folds.

The cell decision is `aggregate::stance`'s, restated: a sentence is evidence when it is in
scope, its pole probability (the larger of the two) is at least the threshold and, for
"argmax" rules, a pole is its most probable label; the cell's score is 2 * mean(p_right /
(p_left + p_right)) - 1 over its evidence, `mixed` within `mixed_within` of 0, a pole beyond,
`not_addressed` with no evidence. The last two rules change one thing: a cell within the
`mixed` band whose evidence sentences all lean one way (no sentence takes the other side) gets
its leaning pole, or `not_addressed`, instead of `mixed`. Cell macro-F1 is `stance eval`'s (the four cell labels,
poles pooled across the axes, a label neither true nor predicted left out). Standard library
only.
"""

import csv
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

HEADS = "trained heads"
AXES_FILE = Path(__file__).resolve().parents[2] / "models" / "axes.toml"
AXES = {a["name"]: (a["left"]["name"], a["right"]["name"]) for a in tomllib.load(AXES_FILE.open("rb"))["axis"]}
GENRES = ["speech", "position paper", "all"]
# (name, pole must be the argmax, minimum pole probability, mixed within[, what a cell within
# the band gets when no evidence sentence takes the other side: "pole" or "not_addressed"])
RULES = [
    ("shipped: argmax, p >= 0.5, mixed 0.5", True, 0.5, 0.5),
    ("argmax, p >= 0.5, mixed 1/3", True, 0.5, 1 / 3),
    ("argmax, p >= 0, mixed 0.5", True, 0.0, 0.5),
    ("argmax, p >= 0.6, mixed 0.5", True, 0.6, 0.5),
    ("pole p >= 0.40 even under none, mixed 0.5", False, 0.40, 0.5),
    ("pole p >= 0.35 even under none, mixed 0.5", False, 0.35, 0.5),
    ("pole p >= 0.30 even under none, mixed 0.5", False, 0.30, 0.5),
    ("pole p >= 0.25 even under none, mixed 0.5", False, 0.25, 0.5),
    ("shipped, one-sided mixed -> its pole", True, 0.5, 0.5, "pole"),
    ("shipped, one-sided mixed -> not_addressed", True, 0.5, 0.5, "not_addressed"),
]


def load(run):
    """Cell truths by (genre, conference, delegation, axis), and the in-scope sentences'
    (p_left, p_right, p_none) by (conference, delegation, axis)."""
    truth = {}
    with open(run / "eval_cell_labels.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["classifier"] == HEADS:
                truth[(r["genre"], r["conference"], r["delegation"], r["axis"])] = r["truth"]
    evidence = defaultdict(list)
    with open(run / "eval_sentences.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["in_scope"] != "true":
                continue
            for axis, (left, right) in AXES.items():
                p = tuple(float(r[f"{axis}_p_{label}"]) for label in (left, right, "none"))
                evidence[(r["conference"], r["delegation"], axis)].append(p)
    return truth, evidence


def decide(sentences, argmax, threshold, mixed_within, left, right, one_sided=None, min_sentences=1):
    shares = [
        pr / (pl + pr)
        for pl, pr, pn in sentences
        if max(pl, pr) >= threshold and not (argmax and pn >= max(pl, pr)) and pl + pr > 0
    ]
    if len(shares) < max(min_sentences, 1):
        return "not_addressed"
    score = 2 * sum(shares) / len(shares) - 1
    if score <= -mixed_within:
        return left
    if score >= mixed_within:
        return right
    if one_sided is None or (any(s < 0.5 for s in shares) and any(s > 0.5 for s in shares)):
        return "mixed"
    return "not_addressed" if one_sided == "not_addressed" else left if score < 0 else right


def side(label, axis):
    left, right = AXES[axis]
    return {left: 0, right: 1, "mixed": 2}.get(label, 3)


def scores(truth, evidence, genre, rule):
    _, argmax, threshold, mixed_within, *one_sided = rule
    addresses = defaultdict(bool)
    for (g, conf, deleg, _), t in truth.items():
        addresses[(conf, deleg)] |= t != "not_addressed"
    kinds = {"addressed": [0, 0], "uncoded": [0, 0], "silent": [0, 0]}
    confusion = Counter()
    stated = right = invented = 0
    for (g, conf, deleg, axis), t in truth.items():
        if genre not in ("all", g):
            continue
        p = decide(evidence.get((conf, deleg, axis), []), argmax, threshold, mixed_within, *AXES[axis], *one_sided)
        kind = "addressed" if t != "not_addressed" else "uncoded" if addresses[(conf, deleg)] else "silent"
        kinds[kind][0] += p == t
        kinds[kind][1] += 1
        confusion[(side(t, axis), side(p, axis))] += 1
        if p != "not_addressed":
            stated += 1
            right += p == t
            invented += t == "not_addressed"
    share = {k: h / n if n else float("nan") for k, (h, n) in kinds.items()}
    return macro_f1(confusion), share, kinds["addressed"][1], stated, right, invented


def macro_f1(confusion, labels=range(4)):
    """`stance eval`'s cell macro-F1 of a Counter of (truth, predicted) cell sides (`side`): the
    mean F1 of `labels`, a label neither true nor predicted left out."""
    f1s = []
    for c in labels:
        support = sum(v for (t, _), v in confusion.items() if t == c)
        predicted = sum(v for (_, p), v in confusion.items() if p == c)
        if support + predicted:
            f1s.append(2 * confusion[(c, c)] / (support + predicted))
    return sum(f1s) / len(f1s)


def main(runs):
    loaded = [(run, *load(Path(run))) for run in runs]
    for genre in GENRES:
        print(f"\n### {genre}\n")
        print("| rule | run | cell macro-F1 | agreement where a side is taken | uncoded n/a | silent n/a | stated (right, invented) |")
        print("|---|---|---|---|---|---|---|")
        for rule in RULES:
            for run, truth, evidence in loaded:
                f1, share, addressed, stated, right, invented = scores(truth, evidence, genre, rule)
                print(
                    f"| {rule[0]} | {Path(run).name} | {f1:.3f} | {share['addressed']:.3f} ({addressed}) | "
                    f"{share['uncoded']:.3f} | {share['silent']:.3f} | {stated} ({right}, {invented}) |"
                )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python3 notebooks/cell-rule-study/sweep.py OUT_DIR [OUT_DIR ...]\n  fix: name one or more folders written by `stance eval --out`")
    main(sys.argv[1:])
