#!/usr/bin/env bash
# `make bench-compare`: embedding throughput of `stance` (Rust, rust-bert on libtorch) against
# sentence-transformers (Python, benches/reference/encode.py), same sentences, same model files,
# same thread count, run alternately, with the median Rust/Python ratio of sentences/s.
#
#   scripts/bench_compare.sh [ROUNDS] [THREADS] [RECORDS...]
#       (defaults: 5 rounds, 2 threads, data/records/2014-beijing-workshop)
#
# Both numbers rate the embedding alone: for Rust the `embedding throughput` (sentences/s) row
# of `stance bench`'s bench.csv (the `embed and classify sentences` stage: tokenising, forward passes,
# pooling), for Python the time of `model.encode(...)` alone (no model load, no warm-up).
# Needs target/release/stance (built beforehand: this script never builds) and `make setup`;
# sets up .deps/bench-venv itself on first use (scripts/bench_reference_setup.sh).
# Writes out/bench-compare/compare.csv (round,rust_sentences_per_s,python_sentences_per_s,ratio)
# and keeps each run's output and log beside it.
set -euo pipefail

ROUNDS="${1:-5}"
THREADS="${2:-2}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STANCE="$ROOT/target/release/stance"
if (($# > 2)); then
    RECORDS=("${@:3}")
else
    RECORDS=("$ROOT/data/records/2014-beijing-workshop")
fi
OUT="$ROOT/out/bench-compare"
RUST_OUT="$OUT/rust"
LOGS="$OUT/logs"
SENTENCES="$OUT/statements.csv"
PY="$ROOT/.deps/bench-venv/bin/python"
ENCODE="$ROOT/benches/reference/encode.py"
CSV="$OUT/compare.csv"

die() { printf 'bench-compare: %s\n' "$*" >&2; exit 1; }
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, not '$ROUNDS'"
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || die "THREADS must be a positive integer, not '$THREADS'"
[[ -x "$STANCE" ]] || die "no $STANCE: build it first (cargo build --release)"

bash "$ROOT/scripts/bench_reference_setup.sh"
rm -rf "$OUT"
mkdir -p "$RUST_OUT" "$LOGS"

# One field of stance's bench.csv: the value of the row (measure, unit).
bench_value() { # CSV MEASURE UNIT
    python3 - "$@" <<'EOF'
import csv, sys
path, measure, unit = sys.argv[1:]
with open(path, newline="") as f:
    for row in csv.DictReader(f):
        if row["measure"] == measure and row["unit"] == unit:
            print(row["value"])
            sys.exit(0)
sys.exit(f"{path}: no row {measure!r} in {unit}")
EOF
}
json_value() { # JSON KEY...
    python3 - "$@" <<'EOF'
import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2:]:
    value = value[key]
print(value)
EOF
}
run_stance() { # LOG
    # --all-sentences: the reference embeds every sentence, so stance must too (a run embeds
    # only the sentences in scope).
    if ! "$STANCE" bench "${RECORDS[@]}" --all-sentences --out "$RUST_OUT" --threads "$THREADS" >"$1" 2>&1; then
        tail -n 20 "$1" >&2
        die "stance bench failed (log: ${1#"$ROOT/"})"
    fi
}

# The sentences: the statements.csv of a first, untimed run (it also warms the page cache).
printf 'bench-compare: %s round(s), %s thread(s); sentences from %s (%s path(s))\n' \
    "$ROUNDS" "$THREADS" "${RECORDS[0]#"$ROOT/"}" "${#RECORDS[@]}"
run_stance "$LOGS/rust-0.log"
cp "$RUST_OUT/statements.csv" "$SENTENCES"
embedded="$(bench_value "$RUST_OUT/bench.csv" "sentences embedded" sentences)"

printf 'round,rust_sentences_per_s,python_sentences_per_s,ratio\n' >"$CSV"
printf '\n%5s  %22s  %24s  %12s\n' round "rust sentences/s" "python sentences/s" "rust/python"
for ((r = 1; r <= ROUNDS; r++)); do
    run_stance "$LOGS/rust-$r.log"
    rust="$(bench_value "$RUST_OUT/bench.csv" "embedding throughput" sentences/s)"
    if ! "$PY" "$ENCODE" --sentences "$SENTENCES" --threads "$THREADS" --batch-size 32 \
        --rounds 1 --out "$OUT/python-$r.json" >"$LOGS/python-$r.log" 2>&1; then
        tail -n 20 "$LOGS/python-$r.log" >&2
        die "encode.py failed (log: ${LOGS#"$ROOT/"}/python-$r.log)"
    fi
    python="$(json_value "$OUT/python-$r.json" median sentences_per_s)"
    ratio="$(awk -v a="$rust" -v b="$python" 'BEGIN { printf "%.4f", a / b }')"
    printf '%s,%s,%s,%s\n' "$r" "$rust" "$python" "$ratio" >>"$CSV"
    printf '%5d  %22.1f  %24.1f  %12.3f\n' "$r" "$rust" "$python" "$ratio"
done

# Both sides must have embedded the same sentences.
py_sentences="$(json_value "$OUT/python-1.json" sentences)"
[[ "$py_sentences" == "${embedded%.*}" ]] ||
    printf 'bench-compare: WARNING: stance embedded %s sentences, the Python reference %s\n' \
        "$embedded" "$py_sentences" >&2

python3 - "$CSV" "$OUT/python-1.json" <<'EOF'
import csv, json, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
med = lambda key: statistics.median(float(r[key]) for r in rows)
ref = json.load(open(sys.argv[2]))
print(f"\nmedian over {len(rows)} round(s): rust {med('rust_sentences_per_s'):.1f} sentences/s, "
      f"python {med('python_sentences_per_s'):.1f} sentences/s, "
      f"rust/python ratio {med('ratio'):.3f}")
print(f"({ref['sentences']} distinct sentences, {ref['tokens']} tokens, {ref['threads']} thread(s); "
      f"python: torch {ref['versions']['torch']}, sentence-transformers "
      f"{ref['versions']['sentence_transformers']}, attention {ref['attn_implementation']})")
print(f"python, first sentence, first 5 values: {ref['first_vector_head']}")
EOF
printf 'wrote %s\n' "${CSV#"$ROOT/"}"
