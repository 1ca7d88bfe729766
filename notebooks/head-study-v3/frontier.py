"""Is any variant of variants_v3.py better than the shipped heads at the same trade between stances
found and stances invented? Each variant's cells at several evidence thresholds (the cell
rule's knob for that trade; the shipped rule uses p >= 0.5): agreement where a side is taken
against the share of stated cells that are right, all genres and speeches. Reads the
out-of-fold probabilities variants_v3.py cached; seconds.

    .deps/bench-venv/bin/python notebooks/head-study-v3/frontier.py > notebooks/head-study-v3/frontier.log
"""
from variants_v3 import *

def print_frontier(runs, width=30):
    """Each run's cells at evidence thresholds 0.4-0.8: agreement where a side is taken, the
    share of stated cells that are right and cell macro-F1, all genres and speeches."""
    print(f"{'variant':<{width}} {'p >=':>5} | {'all: agreement':>14} {'right of stated':>16} {'F1':>6} | {'speech: agreement':>17} {'right of stated':>16}")
    for name, P in runs.items():
        for t in [0.4, 0.5, 0.6, 0.7, 0.8]:
            cs = cells(P, thr=t)
            a, s = cell_figures(cs), cell_figures(cs, "speech")
            print(f"{name:<{width}} {t:>5} | {a['agree']:>14.3f} {a['precision']:>10.3f} ({a['stated']:>3}) {a['f1']:>6.3f} | "
                  f"{s['agree']:>17.3f} {s['precision']:>10.3f} ({s['stated']:>3})", flush=True)


if __name__ == "__main__":
    base = load_P("speech_w3")
    runs = {"shipped": base,
            "embedding x0.5": load_P("v3_emb_scale_0.5"),
            "embedding x3": load_P("v3_emb_scale_3"),
            "stacked": load_P("v3_stacked"),
            "0.75 heads + 0.25 vote, k=10": 0.75 * base + 0.25 * knn_vote(10)}
    print_frontier(runs)
