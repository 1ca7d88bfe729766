"""Does a larger sentence encoder raise the heads' macro-F1?  all-MiniLM-L6-v2 vs all-mpnet-base-v2.

Reuses ../common.py and ../cv.py unchanged (imported, with their cache redirected to /tmp/encoders/cache/<enc>
so nothing is written under the repository), on exactly the same 5 document-grouped folds.

  usage:  python encoders.py embed   # embed the 1,949 sentences with each encoder, time it, cache .npz
          python encoders.py cv      # recipes (a) emb-only C=1 sqrt-repeat, (b) hybrid [emb ; tfidf] C=1 sqrt-repeat
          python encoders.py boot    # paired document bootstrap mpnet minus MiniLM (as analyse.py)
          python encoders.py grid    # emb-only C grid for both encoders (selection on test: not honest)
Env: ENC_ROOT (default /tmp/encoders), MPNET_DIR (default $ENC_ROOT/models/all-mpnet-base-v2).
"""
import os, sys, json, time, builtins
sys.dont_write_bytecode = True  # no __pycache__ in the repository
os.environ["OMP_NUM_THREADS"] = "2"; os.environ["MKL_NUM_THREADS"] = "2"
os.environ["HF_HUB_OFFLINE"] = "1"; os.environ["TRANSFORMERS_OFFLINE"] = "1"
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
ROOT = os.environ.get("ENC_ROOT", "/tmp/encoders")
MAIN = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
ENCODERS = {"minilm": os.path.join(MAIN, "models", "encoder"),
            "mpnet": os.environ.get("MPNET_DIR", os.path.join(ROOT, "models", "all-mpnet-base-v2"))}

# common.py creates out/head-study-cache at import: suppress that one makedirs, then redirect its cache.
_mk = os.makedirs
os.makedirs = lambda p, *a, **k: None if p.endswith("head-study-cache") else _mk(p, *a, **k)
import common
os.makedirs = _mk
import numpy as np

def use(enc, model=None):
    common.CACHE = os.path.join(ROOT, "cache", enc); os.makedirs(common.CACHE, exist_ok=True)
    common._model = model

def load_model(enc):
    import torch; torch.set_num_threads(2)
    from sentence_transformers import SentenceTransformer
    return SentenceTransformer(ENCODERS[enc], device="cpu")

def do_embed():
    import torch
    R, A = common.load()
    texts = R["texts"] + A["texts"]
    print(f"sentences: {len(R['texts'])} real + {len(A['texts'])} authored = {len(texts)}; torch threads 2", flush=True)
    timing = {}
    for enc in ENCODERS:
        m = load_model(enc); torch.set_num_threads(2)
        use(enc, m)
        m.encode(texts[:32], batch_size=32, show_progress_bar=False)  # warm-up
        for f in ("real", "authored"):
            p = os.path.join(common.CACHE, f + ".npz")
            if os.path.exists(p): os.remove(p)
        la0 = os.getloadavg()[0]; t0 = time.time()
        eR = common.embed(R["texts"], "real"); eA = common.embed(A["texts"], "authored")
        dt = time.time() - t0
        timing[enc] = dict(path=ENCODERS[enc], dim=int(eR.shape[1]), n=len(texts), secs=round(dt, 1),
                           sent_per_s=round(len(texts) / dt, 1), loadavg_before=la0, loadavg_after=os.getloadavg()[0],
                           params=int(sum(p.numel() for p in m.parameters())), max_seq_length=m.max_seq_length)
        print(enc, timing[enc], flush=True)
        del m
    json.dump(timing, open(os.path.join(ROOT, "timing.json"), "w"), indent=1)

def do_cv():
    use("minilm")  # cv.py embeds at import: served from the /tmp cache (run `embed` first)
    import cv
    from baseline import tfidf_features
    memo = {}
    def tf(tr, te):
        k = (tr.tobytes(), te.tobytes())
        if k not in memo: memo[k] = tfidf_features(tr, te)
        return memo[k]
    def hyb(tr, te):  # recommended recipe: [e ; t], scale 1
        Tr, Ta, Te = tf(tr, te)
        return np.hstack([cv.ER[tr], Tr]), np.hstack([cv.EA, Ta]), np.hstack([cv.ER[te], Te])
    recipes = {"emb C=1 sqrt-repeat": (cv.emb_features, "sqrt-repeat"),
               "emb C=1 sqrt": (cv.emb_features, "sqrt"),
               "hybrid s=1 C=1 sqrt-repeat": (hyb, "sqrt-repeat")}
    out = {}
    for enc in ENCODERS:
        use(enc)
        cv.ER = common.embed(cv.R["texts"], "real"); cv.EA = common.embed(cv.A["texts"], "authored")
        print(f"== {enc}: real {cv.ER.shape}, authored {cv.EA.shape}, fold sizes {np.bincount(cv.FOLD).tolist()}", flush=True)
        for name, (feats, w) in recipes.items():
            for tol in (1e-4, 1e-6):
                if tol == 1e-6 and name == "emb C=1 sqrt": continue
                common.TOL = tol; t0 = time.time()
                P = cv.run(feats, C=1.0, weight=w)
                s = cv.scores(P)
                key = f"{enc} | {name} | tol={tol:g}"
                out[key] = dict(scores=[round(x, 4) for x in s], mean=round(float(np.mean(s)), 4),
                                per_class=np.round(cv.per_class(P), 3).tolist(), secs=round(time.time() - t0, 1))
                np.save(os.path.join(ROOT, "P_" + key.replace(" | ", "__").replace(" ", "_") + ".npy"), P)
                print(f"{key:<50} {common.fmt(s)}  ({time.time()-t0:.0f}s)", flush=True)
        common.TOL = 1e-4
    json.dump(out, open(os.path.join(ROOT, "cv_results.json"), "w"), indent=1)

def do_boot(n=1000):
    use("minilm")
    import cv
    docs = np.array(cv.R["docs"]); ud = np.unique(docs); groups = [np.where(docs == d)[0] for d in ud]
    ld = lambda enc, name: np.load(os.path.join(ROOT, f"P_{enc}__{name.replace(' ', '_')}__tol=0.0001.npy"))
    # TF-IDF baseline (C=10, Rust repeat-balancing; baseline.py), for reference
    from baseline import tfidf_features
    pt = os.path.join(ROOT, "P_tfidf_baseline.npy")
    if not os.path.exists(pt):  # tol 1e-6 as baseline.py does
        common.TOL = 1e-6; np.save(pt, cv.run(tfidf_features, C=10.0, weight="repeat")); common.TOL = 1e-4
    Ptf = np.load(pt); print("tfidf (baseline, C=10 repeat, tol 1e-6)", common.fmt(cv.scores(Ptf)))
    pairs = [(f"{n}: mpnet minus MiniLM", ld("mpnet", n), ld("minilm", n)) for n in ("emb C=1 sqrt-repeat", "hybrid s=1 C=1 sqrt-repeat")]
    pairs += [("mpnet emb-only minus MiniLM hybrid", ld("mpnet", "emb C=1 sqrt-repeat"), ld("minilm", "hybrid s=1 C=1 sqrt-repeat")),
              ("mpnet hybrid minus mpnet emb-only", ld("mpnet", "hybrid s=1 C=1 sqrt-repeat"), ld("mpnet", "emb C=1 sqrt-repeat")),
              ("mpnet hybrid minus TF-IDF baseline", ld("mpnet", "hybrid s=1 C=1 sqrt-repeat"), Ptf),
              ("MiniLM hybrid minus TF-IDF baseline", ld("minilm", "hybrid s=1 C=1 sqrt-repeat"), Ptf)]
    for name, Pa, Pb in pairs:
        rng = np.random.default_rng(0); d = []
        for _ in range(n):
            pick = np.concatenate([groups[i] for i in rng.integers(0, len(ud), len(ud))])
            d.append([common.macro_f1(cv.R["y"][pick, a], common.argmax_rust(Pa[a][pick]))
                      - common.macro_f1(cv.R["y"][pick, a], common.argmax_rust(Pb[a][pick])) for a in range(4)])
        d = np.array(d); dm = d.mean(1)
        diff = np.array(cv.scores(Pa)) - np.array(cv.scores(Pb))
        print(f"{name}:  diff {np.round(diff, 4).tolist()} mean {diff.mean():+.4f}")
        print(f"   90% CI lo {np.round(np.percentile(d, 5, 0), 3).tolist()} hi {np.round(np.percentile(d, 95, 0), 3).tolist()}"
              f"  P(diff>0) {np.round((d > 0).mean(0), 2).tolist()}")
        print(f"   mean over axes: 90% CI [{np.percentile(dm, 5):+.3f}, {np.percentile(dm, 95):+.3f}]  P(>0) {(dm > 0).mean():.2f}")

def do_grid():
    """Is C=1 (tuned on MiniLM) also a fair setting for mpnet? A grid: NOT an honest estimate."""
    use("minilm")
    import cv
    for enc in ENCODERS:
        use(enc); cv.ER = common.embed(cv.R["texts"], "real"); cv.EA = common.embed(cv.A["texts"], "authored")
        for C in (0.3, 1.0, 3.0, 10.0):
            print(f"{enc:<7} emb C={C:<4} sqrt-repeat  {common.fmt(cv.scores(cv.run(cv.emb_features, C=C, weight='sqrt-repeat')))}", flush=True)

if __name__ == "__main__":
    {"embed": do_embed, "cv": do_cv, "boot": do_boot, "grid": do_grid}[sys.argv[1]]()
