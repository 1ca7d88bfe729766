"""The layer views against the shipped last layer on speeches alone (the genre the held-out
speeches are): paired delegation bootstrap of the speech cells, and sentence macro-F1 on speech
sentences, on `make eval`'s split (default) or another (STANCE_STUDY_DATA, resplit.py).
Reads the probabilities layers.py cached; a minute.

    .deps/bench-venv/bin/python notebooks/head-study-v4/speech_cells.py > notebooks/head-study-v4/speech_cells.log
    STANCE_STUDY_DATA=out/study/data_split1.jsonl .deps/bench-venv/bin/python notebooks/head-study-v4/speech_cells.py > notebooks/head-study-v4/speech_cells_split1.log
"""
from layers import *

if __name__ == "__main__":
    base = load_P("speech_w3")
    sp = IS[GENRE[IS] == "speech"]
    for name, tag in [("layers 4+5+6", "v4_4_5_6"), ("layers 1+6 (first-last)", "v4_1_6")]:
        P = load_P(tag)
        b = bootstrap(P, base, rows=sp)
        print(f"{name}: speech sentence macro-F1 - shipped {b['point'][4]:+.4f} (90% {b['lo'][4]:+.4f} to {b['hi'][4]:+.4f}), "
              f"per axis {b['point'][:4]}")
        paired_cell_bootstrap(base, P, f"{name} - shipped", genre="speech")
