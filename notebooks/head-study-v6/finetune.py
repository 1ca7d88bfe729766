"""Head study, version 6 (issue 16, item 6): the encoder fine-tuned end to end on the
annotations with a classification loss, scored by the same grouped cross-validation as every
variant before it (not kept: REPORT.md).

head-study-v2 tried a SetFit-style contrastive fine-tune (pairs of sentences pulled together or
apart, then the linear heads on the new embeddings). This study tries the other standard way:
the encoder and four softmax heads (left / right / none per axis) trained together on the
annotated sentences with the shipped head's own weighted cross-entropy (head-study-v5's
`targets`: `both` trains once as each pole, sqrt class weights, speech sentences x3). One fixed,
textbook recipe, set before any held-out figure was seen and not tuned to a fold:

- all-MiniLM-L6-v2 from models/encoder, the last layer mean-pooled, a Linear(384, 4 x 3) head;
- AdamW, learning rate 3e-5 for the encoder and 1e-3 for the head, weight decay 0.01 (none on
  biases and LayerNorm), linear warm-up over 10% of the steps then linear decay to 0, gradient
  clipping at 1, batch 32, 2 epochs, dropout as the encoder's config (0.1), max 128 tokens;
- batches drawn at random, then sorted by length within runs of 50 batches (less padding).

Per outer fold (training rows: the scored sentences of the other four folds and the authored
ones, as every study), two sets of held-out probabilities:

- `ft_softmax`: the fine-tuned model's own softmax;
- `ft_heads`: the shipped recipe (layers 1 and 6 mean-pooled and normalised, beside the uncapped
  TF-IDF; logistic regression, sqrt class weights, speech x3) on the fine-tuned encoder's
  layers, trained on the same rows.

Both are scored against the shipped recipe on the original encoder (head-study-v5's
`SHIPPED_NAME`), at sentence level and on speech-study's proxy of the cells, with the paired
bootstraps of head-study-v5.

    make eval && python3 scripts/study_data.py
    bash scripts/bench_reference_setup.sh                     # .deps/bench-venv, once
    PY=.deps/bench-venv/bin/python
    THREADS=2 $PY notebooks/head-study-v5/mlp.py prep          # the shipped recipe's probabilities
    THREADS=1 $PY notebooks/head-study-v6/finetune.py fold 0 2 4 &   # two processes, one core each
    THREADS=1 $PY notebooks/head-study-v6/finetune.py fold 1 3
    $PY notebooks/head-study-v6/finetune.py report > notebooks/head-study-v6/report.log
"""
import os, sys, json, time
NB = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(NB, "head-study-v5"))
from mlp import *                  # data, folds, views, targets, feats, SHIPPED, compare5, speech_only, ...
from pooling import mean_pool      # head-study-v4 (on the path through mlp)

HERE6 = os.path.join(NB, "head-study-v6")
RUN6 = os.path.join(HERE6, "cache", "run", DIGEST)
ENCODER = f"{common.MAIN}/models/encoder"

ENC_LR, HEAD_LR, WD = 3e-5, 1e-3, 0.01
BS, EPOCHS, MAX_LEN, WARMUP, CHUNK = 32, 2, 128, 0.1, 50
KINDS = ["ft_softmax", "ft_heads"]


def batches(tr, rng):
    """Index batches into `tr`: a random order, then sorted by length within runs of CHUNK batches."""
    perm = rng.permutation(len(tr))
    out = []
    for s in range(0, len(perm), BS * CHUNK):
        run = sorted(perm[s:s + BS * CHUNK], key=lambda i: len(TEXT[tr[i]]))
        out += [run[b:b + BS] for b in range(0, len(run), BS)]
    rng.shuffle(out)
    return out


def finetune(tr, seed):
    """The encoder and the head trained on rows `tr`; returns (tokenizer, model, head)."""
    import torch
    from transformers import AutoModel, AutoTokenizer, get_linear_schedule_with_warmup
    torch.set_num_threads(THREADS)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    tok = AutoTokenizer.from_pretrained(ENCODER)
    model = AutoModel.from_pretrained(ENCODER)
    head = torch.nn.Linear(384, 4 * 3)
    T = torch.tensor(targets(tr), dtype=torch.float32)          # [n, 4, 3]
    norm = T.sum((0, 2)) / len(tr)                              # each axis's mean weight per row
    no_decay = lambda n: n.endswith("bias") or "LayerNorm" in n
    groups = [
        {"params": [p for n, p in model.named_parameters() if not no_decay(n)], "lr": ENC_LR, "weight_decay": WD},
        {"params": [p for n, p in model.named_parameters() if no_decay(n)], "lr": ENC_LR, "weight_decay": 0.0},
        {"params": [head.weight], "lr": HEAD_LR, "weight_decay": WD},
        {"params": [head.bias], "lr": HEAD_LR, "weight_decay": 0.0},
    ]
    opt = torch.optim.AdamW(groups)
    plan = [batches(tr, rng) for _ in range(EPOCHS)]
    steps = sum(len(p) for p in plan)
    sched = get_linear_schedule_with_warmup(opt, int(WARMUP * steps), steps)
    model.train(); head.train()
    t0 = time.time(); step = 0; seen = []
    for ep, plan_ep in enumerate(plan):
        for idx in plan_ep:
            enc = tok([TEXT[tr[i]] for i in idx], padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt")
            z = head(mean_pool(model(**enc).last_hidden_state, enc["attention_mask"])).view(-1, 4, 3)
            loss = (-(T[idx] * torch.log_softmax(z, -1)).sum((0, 2)) / (norm * len(idx))).mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(list(model.parameters()) + list(head.parameters()), 1.0)
            opt.step(); sched.step(); step += 1
            seen.append(float(loss))
            if step % 100 == 0:
                print(f"    step {step}/{steps} (epoch {ep + 1}): loss {np.mean(seen[-100:]):.3f}, "
                      f"{time.time() - t0:.0f} s", flush=True)
    model.eval(); head.eval()
    return tok, model, head


def held_out(tok, model, head, texts):
    """For `texts`: the head's softmax [n, 4, 3] and layers 1 and 6 mean-pooled [n, 2, 384]."""
    import torch
    soft = np.zeros((len(texts), 4, 3)); layers = np.zeros((len(texts), 2, 384), np.float32)
    order = np.argsort([len(t) for t in texts])
    with torch.no_grad():
        for s in range(0, len(texts), 64):
            idx = order[s:s + 64]
            enc = tok([texts[i] for i in idx], padding=True, truncation=True, max_length=256, return_tensors="pt")
            hs = model(**enc, output_hidden_states=True).hidden_states
            last = mean_pool(hs[-1], enc["attention_mask"])
            soft[idx] = torch.softmax(head(last).view(-1, 4, 3), -1).numpy()
            layers[idx, 0] = mean_pool(hs[1], enc["attention_mask"]).numpy()
            layers[idx, 1] = last.numpy()
    return soft, layers


def fold(o):
    """Outer fold `o`: fine-tune on the other folds, then both kinds' probabilities on fold `o`,
    cached as cache/run/<digest>/<kind>_o<o>.npy."""
    os.makedirs(RUN6, exist_ok=True)
    if all(os.path.exists(f"{RUN6}/{k}_o{o}.npy") for k in KINDS):
        return
    t0 = time.time()
    tr = np.r_[IS[FOLD[IS] != o], IA]
    te = IS[FOLD[IS] == o]
    tok, model, head = finetune(tr, seed=o)
    t1 = time.time()
    rows = np.r_[tr, te]
    texts = sorted(set(TEXT[rows]))
    pos = {t: i for i, t in enumerate(texts)}
    soft, layers = held_out(tok, model, head, texts)
    at = np.array([pos[t] for t in TEXT[rows]])
    emb = np.zeros((len(ROWS), 768), np.float32)
    emb[rows] = unit(np.concatenate([unit(layers[at, 0]), unit(layers[at, 1])], axis=1))
    P_soft = soft[[pos[t] for t in TEXT[te]]].transpose(1, 0, 2)
    Xtr, Xte = feats("e+t", max_features=None, emb=emb)(tr, te)
    P_heads = np.stack([SHIPPED(Xtr, Y[tr, a], Xte, a, tr) for a in range(4)])
    np.save(f"{RUN6}/ft_softmax_o{o}.npy", P_soft.astype(np.float32))
    np.save(f"{RUN6}/ft_heads_o{o}.npy", P_heads.astype(np.float32))
    info = dict(outer=o, train_rows=len(tr), test_rows=len(te), finetune_secs=round(t1 - t0),
                heads_secs=round(time.time() - t1), threads=THREADS)
    json.dump(info, open(f"{RUN6}/info_o{o}.json", "w"))
    print(json.dumps(info), flush=True)


def assemble6(kind):
    P = np.full((4, len(ROWS), 3), np.nan)
    for o in range(K):
        npy = f"{RUN6}/{kind}_o{o}.npy"
        if not os.path.exists(npy):
            return None
        P[:, IS[FOLD[IS] == o]] = np.load(npy)
    return P


def report():
    base = load_P(SHIPPED_NAME)
    print("# the shipped recipe on the original encoder (head-study-v5's prep)")
    show("shipped", base)
    for o in range(K):
        p = f"{RUN6}/info_o{o}.json"
        if os.path.exists(p):
            print(f"  fold {o}: {json.load(open(p))}")
    runs = {}
    for kind, label in [("ft_softmax", "fine-tuned encoder, its own softmax"),
                        ("ft_heads", "fine-tuned encoder, the shipped heads on its layers 1+6 and TF-IDF")]:
        P = assemble6(kind)
        if P is None:
            print(f"# {label}: not run (or incomplete)")
            continue
        print(f"# {label}")
        runs[kind] = P
        compare5(label, P, base)
    if "ft_softmax" in runs:
        runs["mean_softmax"] = (runs["ft_softmax"] + base) / 2
        compare5("mean of the fine-tuned softmax and the shipped probabilities", runs["mean_softmax"], base)
    if "ft_heads" in runs:
        runs["mean_heads"] = (runs["ft_heads"] + base) / 2
        compare5("mean of the heads on the fine-tuned encoder and the shipped probabilities", runs["mean_heads"], base)
    speech_and_frontier(runs, base)


if __name__ == "__main__":
    cmd = sys.argv[1] if sys.argv[1:] else "report"
    t0 = time.time()
    if cmd == "fold":
        for o in map(int, sys.argv[2:]):
            fold(o)
    elif cmd == "pilot":
        # seconds per 20 training steps on fold 0's rows (nothing saved)
        EPOCHS = 1
        tr = np.r_[IS[FOLD[IS] != 0], IA][:BS * 20]
        t = time.time(); finetune(tr, 0); print(f"pilot: {time.time() - t:.0f} s for {len(tr) // BS} steps")
    elif cmd == "report":
        report()
    print(f"# {cmd}: {time.time() - t0:.0f} s wall")
