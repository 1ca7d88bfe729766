"""CPU seconds (single thread, time.process_time: not inflated by other load) of each variant's features and
LR fits on outer fold 0 alone (4 axes), i.e. about one `stance train`-sized fit on 80% of the data.

    nice -n 15 .deps/bench-venv/bin/python notebooks/head-study-v2/timing.py
"""
import time
from variants import *

if __name__ == "__main__":
    out = {}
    for n, cfg in V.items():
        c0 = time.process_time(); w0 = time.time()
        run_variant(n, cfg, folds=[0])
        out[n] = dict(cpu_secs=round(time.process_time() - c0, 1), wall_secs=round(time.time() - w0, 1))
        print(f"{n:<52} cpu {out[n]['cpu_secs']:>6.1f}s  wall {out[n]['wall_secs']:>6.1f}s", flush=True)
    with open(RESULTS, "a") as fh:
        fh.write(json.dumps(dict(name="timing fold 0 (cpu seconds, features + 4 LR fits)", family="timing", timing=out)) + "\n")
