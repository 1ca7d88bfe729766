"""The layer views of layers.py at several evidence thresholds, as head-study-v3's frontier.py:
agreement where a side is taken against the share of stated cells that are right (all genres,
speeches), so that a view that merely moves along the trade between stances found and stances
invented shows as such. Reads the out-of-fold probabilities layers.py cached; seconds.

    .deps/bench-venv/bin/python notebooks/head-study-v4/frontier_layers.py > notebooks/head-study-v4/frontier_layers.log
"""
from layers import *
from frontier import print_frontier

if __name__ == "__main__":
    runs = {"shipped (last layer)": load_P("speech_w3"), "layers 4+5+6": load_P("v4_4_5_6"),
            "layers 1+6 (first-last)": load_P("v4_1_6")}
    print_frontier(runs, width=26)
