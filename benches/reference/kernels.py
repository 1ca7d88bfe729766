"""Which kernels make the difference, measured inside Python (README, Performance): the same
model run three ways, alternating rounds on the same sentences and threads.

- sdpa/fused/addmm: transformers 4.44 as it is (what `make bench-compare` runs);
- sdpa/fused/mm+add: every Linear as a matmul then a separate bias add;
- eager/composed/mm+add: also step-by-step attention and the five-op GELU, i.e. the kernels of
  rust-bert 0.23 as published (before patches/rust-bert-0.23.0-fused-kernels.diff).

    .deps/bench-venv/bin/python benches/reference/kernels.py SENTENCES_CSV THREADS ROUNDS MODEL_DIR

SENTENCES_CSV is a stance statements.csv (e.g. out/bench-compare/statements.csv after `make
bench-compare`), MODEL_DIR is models/encoder.
"""
import csv, math, os, statistics, sys, time
os.environ["HF_HUB_OFFLINE"] = "1"
import torch
from sentence_transformers import SentenceTransformer

sentences_csv, threads, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
seen, texts = set(), []
with open(sentences_csv, newline="") as f:
    for row in csv.DictReader(f):
        if row["text"] not in seen:
            seen.add(row["text"]); texts.append(row["text"])

def composed_gelu(x):
    return x * 0.5 * (1.0 + (x / math.sqrt(2.0)).erf())

class Composed(torch.nn.Module):
    def forward(self, x):
        return composed_gelu(x)

class UnfusedLinear(torch.nn.Module):
    """tch's nn::Linear: matmul, then the bias added in a second pass (at::linear uses addmm)."""
    def __init__(self, lin):
        super().__init__(); self.weight, self.bias = lin.weight, lin.bias
    def forward(self, x):
        return x.matmul(self.weight.t()) + self.bias

def unfuse_linears(module):
    for name, child in module.named_children():
        if isinstance(child, torch.nn.Linear):
            setattr(module, name, UnfusedLinear(child))
        else:
            unfuse_linears(child)

def load(attn, gelu, linear="fused"):
    m = SentenceTransformer(sys.argv[4], device="cpu", model_kwargs={"attn_implementation": attn})
    if gelu == "composed":
        for layer in m[0].auto_model.encoder.layer:
            layer.intermediate.intermediate_act_fn = Composed()
    if linear == "unfused":
        unfuse_linears(m[0].auto_model)
    m.eval()
    return m

variants = {("sdpa", "fused", "addmm"): load("sdpa", "fused"), ("sdpa", "fused", "mm+add"): load("sdpa", "fused", "unfused"), ("eager", "composed", "mm+add"): load("eager", "composed", "unfused")}
ref = variants[("sdpa", "fused", "addmm")].encode(texts[:64], batch_size=32, convert_to_numpy=False, convert_to_tensor=True)
for k, m in variants.items():
    e = m.encode(texts[:64], batch_size=32, convert_to_tensor=True)
    print(k, "max diff vs sdpa/fused", float((e - ref).abs().max()), flush=True)
rates = {k: [] for k in variants}
for r in range(rounds):
    for k, m in variants.items():
        t = time.perf_counter()
        with torch.inference_mode():
            m.encode(texts, batch_size=32)
        rates[k].append(len(texts) / (time.perf_counter() - t))
    print("round", r, {"/".join(k): round(v[-1], 1) for k, v in rates.items()}, flush=True)
base = statistics.median(rates[("sdpa", "fused", "addmm")])
for k, v in rates.items():
    print(f"{'/'.join(k):24s} median {statistics.median(v):6.1f} sentences/s, x{statistics.median(v)/base:.3f} of transformers' own kernels")
