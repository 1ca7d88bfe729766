"""Head study, version 4 (issue 16, item 6): does the same encoder say more than its last layer?

The shipped heads see the mean-pooled last layer of all-MiniLM-L6-v2 (normalised) beside the
TF-IDF terms. A linear probe often does better on a mix of layers (the middle layers of a small
encoder keep more of the words, the last more of the sentence's gist), and a sentence whose
stance rests on a short phrase ("sovereign right of States") is diluted by the mean over its
tokens, which the max over them is not. Each variant swaps the embedding block for another view
of the same forward pass and is scored against the shipped recipe by the same record-grouped
5-fold cross-validation (`scripts/study_data.py`), at sentence level and on cells, with paired
bootstraps (records for sentences, delegations for cells), as head-study-v3.

Every multi-part embedding is scaled to unit norm as a whole, so that it weighs as much against
the TF-IDF block as the shipped one does (head-study-v3 measured that weight on its own).

    python3 scripts/study_data.py      # after `make eval`
    .deps/bench-venv/bin/python notebooks/head-study-v4/layers.py [view ...] > notebooks/head-study-v4/layers.log
"""
import os, sys
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "head-study-v3"))
from variants_v3 import *          # study, analyse, variants: ROWS, feats, oof, compare, SHIPPED ...
from common import unique_texts

# (after the star import, which brings head-study-v3's own HERE)
CACHE4 = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cache"); os.makedirs(CACHE4, exist_ok=True)
from pooling import LAYERS, pooled_layers, unit, view as view_of


def view(parts):
    """The rows' embedding made of `parts` (layer numbers, or "max"), each part normalised,
    then the whole normalised."""
    return view_of(L, parts)


u = unique_texts()
pos = {t: i for i, t in enumerate(u)}
L = pooled_layers(u, MAIN, CACHE4)[[pos[t] for t in TEXT]]

if __name__ == "__main__":
    # the last layer mean-pooled must be the shipped embedding (sentence-transformers' own)
    drift = np.abs(view([6]) - E).max()
    print(f"last layer, mean-pooled, normalised vs the shipped embedding: max |difference| {drift:.2e}")
    assert drift < 1e-4, "the forward pass does not reproduce the shipped embedding"

    f = feats("e+t", max_features=None)
    base = oof("speech_w3", f, SHIPPED)
    show("shipped [e ; t_all], speech x3", base)
    VARIANTS = {
        "layers 4+5+6": [4, 5, 6],
        "layers 2..6": [2, 3, 4, 5, 6],
        "layers 1+6 (first-last)": [1, 6],
        "layer 4 alone": [4],
        "last layer mean + max": [6, "max"],
    }
    for name, parts in VARIANTS.items():
        if sys.argv[1:] and name not in sys.argv[1:]:   # the views named on the command line, or all
            continue
        tag = "v4_" + "_".join(map(str, parts))
        compare(name, oof(tag, feats("e+t", max_features=None, emb=view(parts)), SHIPPED), base)
