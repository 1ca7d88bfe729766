"""Python reference for `make bench-compare`: sentence-transformers' own `encode` on the very
sentences, model files and thread count that `stance bench` uses, timed the same way (encode
only: model loading, the warm-up and token counting are outside the clock).

    .deps/bench-venv/bin/python benches/reference/encode.py \
        --sentences out/bench-compare/statements.csv --threads 2 --rounds 3 --out ref.json

The sentences are the DISTINCT values of column `text` of a `stance` statements.csv, in
first-seen order: exactly the list `stance bench` embeds (src/app.rs, distinct_texts). Run in
.deps/bench-venv (scripts/bench_reference_setup.sh). Nothing is downloaded: the model is loaded
from a local directory with the hub switched off.

Like with like: sentence-transformers sorts the sentences by length (characters, longest
first) before cutting them into batches of `--batch-size` and pads each batch to its longest
member, as `stance` does (src/embed/mod.rs sorts by token count, longest first, and pads per
batch too), so neither side spends much compute on padding, and both batch by 32.
"""

import argparse
import csv
import json
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

# Before transformers/huggingface_hub are imported: never touch a model hub.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
# transformers 4.44 warns about a decoding default (clean_up_tokenization_spaces) that encode
# never uses.
warnings.filterwarnings("ignore", category=FutureWarning)

import torch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent
WARMUP_SENTENCES = 64


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sentences", required=True, type=Path,
                   help="a stance statements.csv; its column `text` holds the sentences")
    p.add_argument("--model", type=Path, default=ROOT / "models" / "encoder",
                   help="sentence-transformers model directory [default: models/encoder]")
    p.add_argument("--threads", type=int, default=None,
                   help="libtorch intra-op threads, like `stance --threads N` "
                        "[default: libtorch's own, as stance without --threads]")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--rounds", type=int, default=3, help="timed rounds [default: 3]")
    p.add_argument("--out", type=Path, default=None, help="write the results as JSON here")
    args = p.parse_args()
    if args.rounds < 1 or args.batch_size < 1 or (args.threads is not None and args.threads < 1):
        p.error("--rounds, --batch-size and --threads must be at least 1")
    return args


def set_threads(threads: "int | None") -> None:
    # `stance --threads N` calls tch::set_num_threads(N) (src/embed/mod.rs, set_threads), i.e.
    # at::set_num_threads: the intra-op pool (OpenMP/MKL) that does the arithmetic. It leaves
    # the inter-op pool alone; that pool is only used by torch.jit fork/async, never by an eager
    # forward pass, so pinning it to 1 here changes nothing but keeps stray threads out.
    # Both must be set before the first parallel op.
    torch.set_num_interop_threads(1)
    if threads is not None:
        torch.set_num_threads(threads)


def read_sentences(path: Path) -> "list[str]":
    """Distinct values of column `text`, in first-seen order (as stance's distinct_texts)."""
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or "text" not in reader.fieldnames:
            sys.exit(f"{path}: no column `text` (is it a stance statements.csv?)")
        return list(dict.fromkeys(row["text"] for row in reader))


def count_tokens(model, sentences: "list[str]") -> int:
    # As `stance bench` counts (src/embed/encoder.rs, token_counts): the model's tokenizer.json,
    # special tokens included, truncated at the model's max_seq_length, no padding.
    enc = model.tokenizer(sentences, add_special_tokens=True, truncation=True,
                          max_length=model.max_seq_length, padding=False)
    return sum(len(ids) for ids in enc["input_ids"])


def main() -> None:
    args = parse_args()
    set_threads(args.threads)

    import sentence_transformers
    import tokenizers
    import transformers
    from sentence_transformers import SentenceTransformer

    sentences = read_sentences(args.sentences)
    if not sentences:
        sys.exit(f"{args.sentences}: no sentences")
    if not (args.model / "modules.json").is_file():
        sys.exit(f"{args.model}: not a sentence-transformers directory (run `make setup`)")
    model = SentenceTransformer(str(args.model), device="cpu", local_files_only=True)
    model.eval()
    tokens = count_tokens(model, sentences)

    def encode(texts):
        return model.encode(texts, batch_size=args.batch_size, convert_to_numpy=True,
                            normalize_embeddings=False, show_progress_bar=False)

    rounds = []
    with torch.inference_mode():
        encode(sentences[:WARMUP_SENTENCES])  # warm-up: allocator, oneDNN/MKL kernels, threads
        for _ in range(args.rounds):
            t0 = time.perf_counter()
            embeddings = encode(sentences)
            seconds = time.perf_counter() - t0
            rounds.append({
                "seconds": seconds,
                "sentences_per_s": len(sentences) / seconds,
                "tokens_per_s": tokens / seconds,
            })
    median_s = statistics.median(r["seconds"] for r in rounds)
    first = [round(float(v), 6) for v in embeddings[0][:5]]

    result = {
        "what": "sentence-transformers encode (embedding only)",
        "sentences_file": str(args.sentences),
        "model": str(args.model),
        "sentences": len(sentences),
        "tokens": tokens,
        "threads": torch.get_num_threads(),
        "interop_threads": torch.get_num_interop_threads(),
        "batch_size": args.batch_size,
        "max_seq_length": model.max_seq_length,
        "dim": int(embeddings.shape[1]),
        "attn_implementation": getattr(model[0].auto_model.config, "_attn_implementation", None),
        "rounds": rounds,
        "median": {
            "seconds": median_s,
            "sentences_per_s": len(sentences) / median_s,
            "tokens_per_s": tokens / median_s,
        },
        "first_sentence": sentences[0],
        "first_vector_head": first,
        "versions": {
            "python": platform.python_version(),
            "torch": torch.__version__,
            "sentence_transformers": sentence_transformers.__version__,
            "transformers": transformers.__version__,
            "tokenizers": tokenizers.__version__,
        },
    }
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")

    m = result["median"]
    print(f"python reference: {len(sentences)} sentences, {tokens} tokens, "
          f"{result['threads']} thread(s), batch {args.batch_size}, {args.rounds} round(s): "
          f"median {m['seconds']:.3f} s, {m['sentences_per_s']:.1f} sentences/s, "
          f"{m['tokens_per_s']:.0f} tokens/s")
    # For a human to hold against stance's vector of the same sentence.
    print(f"first sentence, first 5 values: {first}  ({sentences[0][:60]!r})")


if __name__ == "__main__":
    main()
