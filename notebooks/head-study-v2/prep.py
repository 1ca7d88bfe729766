"""Step 0: embed every distinct sentence and previous sentence once with the shipped MiniLM encoder
(cache/minilm.npy), and print data facts used in the report."""
import time
from common import *

if __name__ == "__main__":
    u = unique_texts()
    print(f"rows {len(ROWS)} (scored {len(IS)}, authored {len(IA)}); distinct texts incl. prev: {len(u)}", flush=True)
    t0 = time.time(); E, EP = base_embeddings(); dt = time.time() - t0
    print(f"embedded in {dt:.0f}s ({len(u)/max(dt,1e-9):.1f} texts/s); E {E.shape}, prev present {int((np.abs(EP).sum(1)>0).sum())}", flush=True)
    print("norms", np.linalg.norm(E, axis=1).min(), np.linalg.norm(E, axis=1).max())
    # data facts
    for a, ax in enumerate(AXES):
        c = Counter(Y[IS, a].tolist()); ca = Counter(Y[IA, a].tolist())
        print(ax, "scored L/R/none/both", [c[i] for i in range(4)], "authored", [ca[i] for i in range(3)],
              "scored poles per fold", [int(np.sum((FOLD[IS] == f) & (Y[IS, a] < 2))) for f in range(K)])
    # same text in scored rows of different folds (possible leakage between folds)
    by = {}
    for i in IS: by.setdefault(TEXT[i], set()).add(FOLD[i])
    multi = {t for t, s in by.items() if len(s) > 1}
    pole_multi = sum(1 for i in IS if TEXT[i] in multi and (Y[i] < 2).any())
    print(f"texts in >1 fold: {len(multi)}; scored rows with such a text that hold a pole: {pole_multi}")
    print("docs", len(set(DOC[IS])), "per genre", {g: len(set(DOC[IS][GENRE[IS] == g])) for g in GENRES})
