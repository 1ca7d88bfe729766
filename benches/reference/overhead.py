"""Where sentence-transformers' time goes, and how much padding each side computes (README,
Performance): what bounds the Rust/Python ratio when both run the same libtorch kernels.

1. `encode(batch_size=B)` once under torch.profiler: the share of its wall time spent inside
   ATen operators (self time of every aten:: op). The rest is Python: the most a caller with
   no overhead at all could gain over it with the same kernels and the same batches.
2. Token positions computed (batch rows × padded length, summed over batches) when the
   sentences are batched sentence-transformers' way (sorted by characters, longest first) and
   `stance`'s way (sorted by tokens, longest first, src/embed/mod.rs), at batch size B and,
   for `stance`, at a few others. The encoder's work is proportional to these positions.

    .deps/bench-venv/bin/python benches/reference/overhead.py SENTENCES_CSV THREADS [B]

SENTENCES_CSV is a stance statements.csv (e.g. out/bench-compare/statements.csv after `make
bench-compare`); the model is models/encoder.
"""
import sys
import time
from pathlib import Path

from encode import ROOT, read_sentences, set_threads  # also switches the model hub off

import torch  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402
from torch.profiler import ProfilerActivity, profile  # noqa: E402


def positions(lengths, order, batch):
    """Token positions computed when `order` is cut into batches of `batch`, each padded to its
    longest member."""
    return sum(len(part) * max(lengths[i] for i in part)
               for part in (order[k:k + batch] for k in range(0, len(order), batch)))


def main() -> None:
    sentences_csv, threads = sys.argv[1], int(sys.argv[2])
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    set_threads(threads)
    texts = read_sentences(Path(sentences_csv))
    model = SentenceTransformer(str(ROOT / "models" / "encoder"), device="cpu", local_files_only=True)

    def encode():
        model.encode(texts, batch_size=batch, convert_to_numpy=True, show_progress_bar=False)

    with torch.inference_mode():
        encode()  # warm-up
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            t0 = time.perf_counter()
            encode()
            wall = time.perf_counter() - t0
    ops = [e for e in prof.key_averages() if e.key.startswith("aten::")]
    aten = sum(e.self_cpu_time_total for e in ops) / 1e6
    print(f"encode(batch_size={batch}), {len(texts)} sentences, {threads} thread(s): {wall:.2f} s, "
          f"of which {aten:.2f} s ({aten / wall:.1%}) inside ATen operators")
    for e in sorted(ops, key=lambda e: -e.self_cpu_time_total)[:4]:
        print(f"  {e.key:50s} {e.self_cpu_time_total / 1e6:6.2f} s  ({e.count} calls)")

    enc = model.tokenizer(texts, add_special_tokens=True, truncation=True,
                          max_length=model.max_seq_length, padding=False)
    lengths = [len(ids) for ids in enc["input_ids"]]
    by_chars = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    by_tokens = sorted(range(len(texts)), key=lambda i: (-lengths[i], i))
    python = positions(lengths, by_chars, batch)
    print(f"token positions: {sum(lengths)} real tokens; sentence-transformers (by characters, "
          f"batch {batch}) {python}")
    for b in sorted({8, 16, batch, 64}):
        ours = positions(lengths, by_tokens, b)
        print(f"  stance (by tokens, batch {b:2d}) {ours}: python/stance {python / ours:.3f}")


if __name__ == "__main__":
    main()
