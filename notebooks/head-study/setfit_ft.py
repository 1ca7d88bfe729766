"""(g) Upper-bound experiment: SetFit-style contrastive fine-tune of the encoder on the TRAINING folds only
(real training docs + authored), then the baseline LR heads on the fine-tuned embeddings.
Needs end-to-end encoder training: not implementable with linfa (would need candle/tch training in Rust or an
offline Python step producing new encoder weights)."""
import sys, time, random
import torch
torch.set_num_threads(1)
from cv import *
from sentence_transformers import SentenceTransformer

PAIRS_PER_POLE = int(sys.argv[1]) if len(sys.argv) > 1 else 3
EPOCHS = 1; LR = 2e-5; BS = 16; SEED = 0
C = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
W = sys.argv[3] if len(sys.argv) > 3 else "repeat"
only = [int(x) for x in sys.argv[4].split(",")] if len(sys.argv) > 4 else list(range(5))

TX = R["texts"] + A["texts"]; Y = np.vstack([R["y"], A["y"]])

def make_pairs(rows, rng):
    """rows: indices into TX/Y. Per axis and pole sentence: PAIRS_PER_POLE positives (same pole, same axis),
    PAIRS_PER_POLE hard negatives (opposite pole), PAIRS_PER_POLE negatives against sentences that are none on
    every axis. Avoids the cross-axis contradictions of none-none pairs."""
    pairs = []
    allnone = [i for i in rows if np.all(Y[i] == 2)]
    for a in range(4):
        pole = {c: [i for i in rows if Y[i, a] == c] for c in (0, 1)}
        for c in (0, 1):
            for i in pole[c]:
                for _ in range(PAIRS_PER_POLE):
                    j = rng.choice(pole[c]); pairs.append((i, j, 1.0))
                    if pole[1 - c]: pairs.append((i, rng.choice(pole[1 - c]), 0.0))
                    pairs.append((i, rng.choice(allnone), 0.0))
    rng.shuffle(pairs)
    return pairs

def finetune(rows, fold):
    rng = random.Random(SEED + fold); torch.manual_seed(SEED + fold)
    model = SentenceTransformer(f"{MAIN}/models/encoder", device="cpu"); model.max_seq_length = 128
    pairs = make_pairs(rows, rng)
    opt = torch.optim.AdamW(model.parameters(), lr=LR)
    nsteps = EPOCHS * (len(pairs) + BS - 1) // BS
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / (0.1 * nsteps)) * max(0.0, (nsteps - s) / nsteps))
    model.train(); t0 = time.time(); step = 0
    for ep in range(EPOCHS):
        for b in range(0, len(pairs), BS):
            batch = pairs[b:b + BS]
            fa = model.tokenize([TX[i] for i, _, _ in batch]); fb = model.tokenize([TX[j] for _, j, _ in batch])
            ea = model(fa)["sentence_embedding"]; eb = model(fb)["sentence_embedding"]
            lab = torch.tensor([l for _, _, l in batch])
            loss = torch.nn.functional.mse_loss(torch.cosine_similarity(ea, eb), lab)  # SetFit's CosineSimilarityLoss
            opt.zero_grad(); loss.backward(); opt.step(); sched.step(); step += 1
            if step % 50 == 0: print(f"   fold {fold} step {step}/{nsteps} loss {loss.item():.3f} {time.time()-t0:.0f}s", flush=True)
    model.eval()
    return model, len(pairs), time.time() - t0

if __name__ == "__main__":
    P = np.zeros((4, NR, 3)); T0 = time.time()
    for f in only:
        tr = np.where(FOLD != f)[0]; te = np.where(FOLD == f)[0]
        rows = list(tr) + list(range(NR, NR + NA))
        model, npairs, secs = finetune(rows, f)
        with torch.no_grad():
            e = model.encode(TX, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        eR, eA = e[:NR], e[NR:]
        np.save(f"{CACHE}/setfit_fold{f}_p{PAIRS_PER_POLE}.npy", e)
        Pf = run(lambda a, b: (eR[a], eA, eR[b]), C=C, weight=W)  # only fold f's slice is used below
        for a in range(4): P[a, te] = Pf[a, te]
        print(f"fold {f}: {npairs} pairs, fine-tune {secs:.0f}s, total {time.time()-T0:.0f}s; fold-f macro-F1 "
              f"{[round(macro_f1(R['y'][te, a], argmax_rust(P[a, te])), 3) for a in range(4)]}", flush=True)
    if len(only) == 5:
        record(f"g: SetFit fine-tune (p={PAIRS_PER_POLE}) + LR C={C:g},{W}", P,
               note=f"encoder fine-tuned per outer fold on training folds only; {time.time()-T0:.0f}s CPU")
