"""4. SetFit-style contrastive fine-tune of the encoder on the training folds only, then the baseline head
([e_ft ; t], C=1, sqrt repeats, authored in) on the fine-tuned embeddings.

    nice -n 15 .deps/bench-venv/bin/python notebooks/head-study-v2/setfit.py finetune F   # one outer fold
    nice -n 15 .deps/bench-venv/bin/python notebooks/head-study-v2/setfit.py heads        # heads on the folds done

Training rows of outer fold F: the scored sentences of the other 4 folds + all authored sentences.
Pairs, per axis, for every pole sentence (left or right on that axis; `both` is skipped): one same-pole
positive (label 1), one opposite-pole negative (label 0), one negative against a sentence that is `none` on
every axis (label 0). Loss: sentence-transformers' CosineSimilarityLoss (MSE between cosine and label),
1 epoch, lr 2e-5, batch 16, AdamW (weight decay 0.01, not on bias/LayerNorm), linear warm-up over 10% of
the steps then linear decay, gradient clipping at 1: the legacy `SentenceTransformer.fit` loop. `fit` itself
is not called because in sentence-transformers 3.x it needs the `datasets` and `accelerate` packages, which
the pinned bench venv does not have (and this study must not change it); the loop below is what `fit` runs.
"""
import random, time
from common import *

SEED = 0; EPOCHS = 1; LR = 2e-5; BS = 16


def make_pairs(rows, rng):
    allnone = [i for i in rows if np.all(Y[i] == 2)]
    pairs = []
    for a in range(4):
        pole = {c: [i for i in rows if Y[i, a] == c] for c in (0, 1)}
        for c in (0, 1):
            for i in pole[c]:
                same = pole[c]
                if len(same) > 1:
                    j = i
                    while j == i: j = rng.choice(same)
                    pairs.append((i, j, 1.0))
                if pole[1 - c]:
                    pairs.append((i, rng.choice(pole[1 - c]), 0.0))
                pairs.append((i, rng.choice(allnone), 0.0))
    rng.shuffle(pairs)
    return pairs


def finetune(fold):
    import torch
    torch.set_num_threads(1)
    from sentence_transformers import SentenceTransformer, losses
    from transformers import get_linear_schedule_with_warmup
    rng = random.Random(SEED + fold); torch.manual_seed(SEED + fold); np.random.seed(SEED + fold)
    rows = list(IS[FOLD[IS] != fold]) + list(IA)
    pairs = make_pairs(rows, rng)
    model = SentenceTransformer(f"{MAIN}/models/encoder", device="cpu")
    loss_fn = losses.CosineSimilarityLoss(model)
    no_decay = ["bias", "LayerNorm.bias", "LayerNorm.weight"]
    params = [{"params": [p for n, p in loss_fn.named_parameters() if not any(nd in n for nd in no_decay)], "weight_decay": 0.01},
              {"params": [p for n, p in loss_fn.named_parameters() if any(nd in n for nd in no_decay)], "weight_decay": 0.0}]
    opt = torch.optim.AdamW(params, lr=LR)
    nsteps = EPOCHS * ((len(pairs) + BS - 1) // BS)
    sched = get_linear_schedule_with_warmup(opt, int(0.1 * nsteps), nsteps)
    model.train(); t0 = time.time(); step = 0; run_loss = []
    for ep in range(EPOCHS):
        for b in range(0, len(pairs), BS):
            batch = pairs[b:b + BS]
            fa = model.tokenize([TEXT[i] for i, _, _ in batch]); fb = model.tokenize([TEXT[j] for _, j, _ in batch])
            lab = torch.tensor([l for _, _, l in batch], dtype=torch.float32)
            loss = loss_fn([fa, fb], lab)
            opt.zero_grad(); loss.backward()
            torch.nn.utils.clip_grad_norm_(loss_fn.parameters(), 1.0)
            opt.step(); sched.step(); step += 1; run_loss.append(loss.item())
            if step % 50 == 0 or step == nsteps:
                print(f"   fold {fold} step {step}/{nsteps} loss(50) {np.mean(run_loss[-50:]):.4f} {time.time()-t0:.0f}s", flush=True)
    train_secs = time.time() - t0
    model.eval()
    t1 = time.time()
    u = list(dict.fromkeys(TEXT))  # distinct sentences (prev not needed for the baseline head)
    emb = embed_texts(u, f"setfit_fold{fold}", model=model)
    embed_secs = time.time() - t1
    pos = {t: i for i, t in enumerate(u)}
    np.save(f"{CACHE}/setfit_fold{fold}_rows.npy", emb[[pos[t] for t in TEXT]])
    meta = dict(fold=fold, pairs=len(pairs), steps=nsteps, train_secs=round(train_secs, 1), embed_secs=round(embed_secs, 1),
                first_loss=round(float(np.mean(run_loss[:20])), 4), last_loss=round(float(np.mean(run_loss[-50:])), 4))
    json.dump(meta, open(f"{CACHE}/setfit_fold{fold}.json", "w"))
    print(meta, flush=True)


def heads():
    from variants import feats, V
    folds = [f for f in range(K) if os.path.exists(f"{CACHE}/setfit_fold{f}.json")]
    P = np.full((4, len(ROWS), 3), np.nan); Pe = P.copy(); Pb = P.copy(); Pbe = P.copy()
    from variants import E
    secs = 0.0; meta = [json.load(open(f"{CACHE}/setfit_fold{f}.json")) for f in folds]
    for f in folds:
        Eft = np.load(f"{CACHE}/setfit_fold{f}_rows.npy")  # fold f's encoder: trained without fold f
        t0 = time.time()
        Pf, _ = run_cv(feats("e+t", emb=Eft), folds=[f], C=1.0, weight="sqrt"); secs += time.time() - t0
        Pef, _ = run_cv(feats("e", emb=Eft), folds=[f], C=1.0, weight="sqrt")
        te = IS[FOLD[IS] == f]
        P[:, te] = Pf[:, te]; Pe[:, te] = Pef[:, te]
    tag = "all 5 folds" if len(folds) == K else f"folds {folds} only"
    t = dict(fit_secs=round(secs, 1), train_secs=round(sum(m["train_secs"] for m in meta), 1),
             embed_secs=round(sum(m["embed_secs"] for m in meta), 1), folds=folds, pairs=[m["pairs"] for m in meta])
    if len(folds) == K:
        record("setfit [e_ft;t] C=1 sqrt", P, "4 fine-tune", meta=t, note=tag)
        record("setfit x: [e_ft] only", Pe, "4 fine-tune", meta=t, note=tag)
    # fold-restricted comparison (always printed/recorded): same folds, baseline vs fine-tuned
    rows = IS[np.isin(FOLD[IS], folds)]
    from variants import V
    base = load_P("baseline [e;t] C=1 sqrt +auth"); emb_only = load_P("x: embedding only [e]")
    out = {}
    for name, PP in [("baseline [e;t]", base), ("x: embedding only [e]", emb_only), ("setfit [e_ft;t]", P), ("setfit [e_ft]", Pe)]:
        ev = evaluate(PP, rows); out[name] = ev
        print(f"  on {tag}: {name:<26} {ev['axis']} mean {ev['mean']:.3f} genre { {g: v['mean'] for g, v in ev['genre'].items()} }")
    with open(RESULTS, "a") as fh:
        fh.write(json.dumps(dict(name=f"setfit fold-restricted comparison ({tag})", family="4 fine-tune", comparison=out, **t)) + "\n")


if __name__ == "__main__":
    if sys.argv[1] == "finetune":
        for f in sys.argv[2:]:
            finetune(int(f))
    else:
        heads()
