"""The encoder's hidden states, every layer mean-pooled and the last also max-pooled: the views
of one forward pass that head-study-v4 (layers.py) and head-study-v5 (mlp.py) give their heads.
Each study caches the pass in its own folder."""
import hashlib
import os
import time

import numpy as np

LAYERS = 7                          # the embedding layer and the six transformer layers


def pooled_layers(texts, main, cache, threads=2, batch_size=32):
    """[len(texts), LAYERS + 1, 384]: each hidden state of the encoder under `main`/models/encoder
    mean-pooled over the tokens (as sentence-transformers pools the last), then the last layer
    max-pooled; nothing normalised. Cached in `cache` by the texts' digest."""
    import torch
    from transformers import AutoModel, AutoTokenizer
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
    path = f"{cache}/layers_{key}.npy"
    if os.path.exists(path):
        return np.load(path)
    torch.set_num_threads(threads)
    tok = AutoTokenizer.from_pretrained(f"{main}/models/encoder")
    model = AutoModel.from_pretrained(f"{main}/models/encoder", output_hidden_states=True).eval()
    out = np.zeros((len(texts), LAYERS + 1, 384), np.float32)
    order = np.argsort([len(t) for t in texts])
    t0 = time.time()
    with torch.no_grad():
        for s in range(0, len(texts), batch_size):
            idx = order[s:s + batch_size]
            enc = tok([texts[i] for i in idx], padding=True, truncation=True, max_length=256, return_tensors="pt")
            hs = model(**enc).hidden_states
            for l, h in enumerate(hs):
                out[idx, l] = mean_pool(h, enc["attention_mask"]).numpy()
            m = enc["attention_mask"].unsqueeze(-1)
            out[idx, LAYERS] = hs[-1].masked_fill(m == 0, -1e4).max(1).values.numpy()
    print(f"encoder: {len(texts)} texts in {time.time() - t0:.0f} s", flush=True)
    np.save(path, out)
    return out


def mean_pool(h, mask):
    """The mean of the token states `h` [batch, tokens, dim] over the tokens `mask` keeps, as
    sentence-transformers pools."""
    m = mask.unsqueeze(-1).to(h.dtype)
    return (h * m).sum(1) / m.sum(1).clamp(min=1e-9)


def unit(x):
    return x / np.linalg.norm(x, axis=-1, keepdims=True).clip(min=1e-12)


def view(L, parts):
    """The rows' embedding made of `parts` of the pooled layers `L` (layer numbers, or "max"),
    each part normalised, then the whole normalised."""
    return unit(np.concatenate([unit(L[:, LAYERS if p == "max" else p]) for p in parts], axis=1))
