"""Does the Python replica of the shipped heads stand where `stance eval` stands? The shipped recipe
([embedding ; TF-IDF of every term in two or more training sentences], L2 C = 1, classes weighted
by round(sqrt(largest / class)), speech sentences weighing 3, authored sentences in training) on
the data export's folds, beside the trained heads' sentence macro-F1 in out/eval/eval_summary.csv
and, sentence by sentence, the held-out labels in out/eval/eval_sentences.csv. The studies'
variants are compared with this replica, so it must match the tool before their figures mean
anything.

    make eval && python3 scripts/study_data.py
    .deps/bench-venv/bin/python notebooks/head-study-v2/check_rust.py
"""
import csv
from common import *
from variants import feats

EVAL = os.path.join(MAIN, "out", "eval")


def rust_macro_f1():
    with open(os.path.join(EVAL, "eval_summary.csv"), newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["classifier"] == "trained heads"]
    return {r["axis"]: float(r["macro_f1"]) for r in rows}


def rust_labels():
    """The tool's held-out label per scored row and axis, in the export's row order."""
    with open(os.path.join(EVAL, "eval_sentences.csv"), newline="") as f:
        by_key = {(r["doc"], r["text"]): r for r in csv.DictReader(f)}
    return np.array([[code(a, by_key[(DOC[i], TEXT[i])][a]) for a in AXES] for i in IS]).T


if __name__ == "__main__":
    P, _ = run_cv(feats("e+t", max_features=None), head=speech_weighted_head(3))
    ours = evaluate(P)["axis"]
    rust = rust_macro_f1()
    pred = predictions(P)[:, IS]
    theirs = rust_labels()
    print("axis          python  stance eval  same label")
    for a, axis in enumerate(AXES):
        same = float(np.mean(pred[a] == theirs[a]))
        print(f"{axis:<13} {ours[a]:.3f}   {rust[axis]:.3f}        {same:.4f}")
