#!/usr/bin/env bash
# `make scaling`: the full pipeline (`stance run`, cache cold, Parquet tables) over 1/4, 1/2 and
# all of a corpus of one-speaker records with a manifest (every 4th / 2nd / every row of the
# manifest, so each share spans all its sessions), then the full run again with its cache warm.
# Each run's wall time and peak resident memory come from /usr/bin/time. Needs
# target/release/stance.
#
#   scripts/scaling_curve.sh CORPUS [THREADS]      (THREADS default: 2)
#
# CORPUS is a folder with a manifest.csv (unquoted fields), e.g. ../shared/records/ungd-1946-2023.
# Writes out/scaling/scaling.csv (share,cache,records,sentences,in_scope,seconds,peak_mib) and
# prints it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CORPUS="$(cd "${1:?usage: scripts/scaling_curve.sh CORPUS [THREADS]}" && pwd)"
THREADS="${2:-2}"
STANCE="$ROOT/target/release/stance"
OUT="$ROOT/out/scaling"
CSV="$OUT/scaling.csv"

die() { printf 'scaling: %s\n' "$*" >&2; exit 1; }
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || die "THREADS must be a positive integer, not '$THREADS'"
[[ -x "$STANCE" ]] || die "no $STANCE: build it first (cargo build --release)"
[[ -x /usr/bin/time ]] || die "needs /usr/bin/time (Debian package 'time')"
[[ -f "$CORPUS/manifest.csv" ]] || die "no $CORPUS/manifest.csv"

rm -rf "$OUT"
mkdir -p "$OUT"
echo "share,cache,records,sentences,in_scope,seconds,peak_mib" > "$CSV"

# One timed run: SHARE CACHE_STATE MANIFEST CACHE_DIR
timed_run() {
    local share="$1" state="$2" manifest="$3" cache="$4"
    local log="$OUT/run_${share//\//_of_}_$state.log"
    RAYON_NUM_THREADS="$THREADS" /usr/bin/time -f 'TIME %e %M' "$STANCE" run --manifest "$manifest" \
        --out "$OUT/out_${share//\//_of_}" --format parquet --cache-dir "$cache" --threads "$THREADS" \
        > "$log" 2>&1 || { cat "$log" >&2; die "stance run failed"; }
    local seconds kib records sentences in_scope
    read -r seconds kib < <(awk '/^TIME /{print $2, $3}' "$log")
    records=$(sed -n 's/^read \([0-9]*\) record(s).*/\1/p' "$log")
    sentences=$(sed -n 's/^read .*, \([0-9]*\) sentence(s), .*/\1/p' "$log")
    in_scope=$(sed -n 's/^read .*, \([0-9]*\) in scope;.*/\1/p' "$log")
    printf '%s,%s,%s,%s,%s,%s,%s\n' "$share" "$state" "$records" "$sentences" "$in_scope" "$seconds" "$((kib / 1024))" >> "$CSV"
    printf 'scaling: %s of the corpus, cache %s: %s records, %s sentences (%s in scope), %s s, peak %s MiB\n' \
        "$share" "$state" "$records" "$sentences" "$in_scope" "$seconds" "$((kib / 1024))" >&2
}

for every in 4 2 1; do
    # Paths in a manifest are relative to its folder (the manifest has no quoted fields).
    awk -F, -v OFS=, -v every="$every" -v prefix="$CORPUS/" \
        'NR == 1 { print; next } (NR - 2) % every == 0 { $1 = prefix $1; print }' \
        "$CORPUS/manifest.csv" > "$OUT/manifest_1_of_$every.csv"
    timed_run "1/$every" cold "$OUT/manifest_1_of_$every.csv" "$OUT/cache_1_of_$every"
done
timed_run 1/1 warm "$OUT/manifest_1_of_1.csv" "$OUT/cache_1_of_1"
cat "$CSV"
