#!/usr/bin/env bash
# `make scaling`: the full pipeline (`stance run`, cache cold) over 1/4, 1/2 and all of the UNGD
# 2009-2012 speeches (every 4th / 2nd / every row of the manifest, so each share spans all four
# sessions), then the full run again with its cache warm. Each run's wall time and peak resident
# memory come from /usr/bin/time. Takes about 30 min on 2 cores; needs target/release/stance.
#
#   scripts/scaling_curve.sh [THREADS]      (default: 2)
#
# Writes out/scaling/scaling.csv (share,cache,records,sentences,seconds,peak_mib) and prints it.
set -euo pipefail

THREADS="${1:-2}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STANCE="$ROOT/target/release/stance"
UNGD="$ROOT/data/records/ungd-2009-2012"
OUT="$ROOT/out/scaling"
CSV="$OUT/scaling.csv"

die() { printf 'scaling: %s\n' "$*" >&2; exit 1; }
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || die "THREADS must be a positive integer, not '$THREADS'"
[[ -x "$STANCE" ]] || die "no $STANCE: build it first (cargo build --release)"
[[ -x /usr/bin/time ]] || die "needs /usr/bin/time (Debian package 'time')"

rm -rf "$OUT"
mkdir -p "$OUT"
echo "share,cache,records,sentences,seconds,peak_mib" > "$CSV"

# One timed run: SHARE CACHE_STATE MANIFEST CACHE_DIR
timed_run() {
    local share="$1" state="$2" manifest="$3" cache="$4"
    local log="$OUT/run_${share//\//_of_}_$state.log"
    /usr/bin/time -f 'TIME %e %M' "$STANCE" run --manifest "$manifest" --out "$OUT/out_${share//\//_of_}" \
        --cache-dir "$cache" --threads "$THREADS" > "$log" 2>&1 || { cat "$log" >&2; die "stance run failed"; }
    local seconds kib records sentences
    read -r seconds kib < <(awk '/^TIME /{print $2, $3}' "$log")
    records=$(sed -n 's/^read \([0-9]*\) record(s).*/\1/p' "$log")
    sentences=$(sed -n 's/^read .*, \([0-9]*\) sentence(s)$/\1/p' "$log")
    printf '%s,%s,%s,%s,%s,%s\n' "$share" "$state" "$records" "$sentences" "$seconds" "$((kib / 1024))" >> "$CSV"
    printf 'scaling: %s of the speeches, cache %s: %s records, %s sentences, %s s, peak %s MiB\n' \
        "$share" "$state" "$records" "$sentences" "$seconds" "$((kib / 1024))" >&2
}

for every in 4 2 1; do
    # Paths in a manifest are relative to its folder (the manifest has no quoted fields).
    awk -F, -v OFS=, -v every="$every" -v prefix="../../data/records/ungd-2009-2012/" \
        'NR == 1 { print; next } (NR - 2) % every == 0 { $1 = prefix $1; print }' \
        "$UNGD/manifest.csv" > "$OUT/manifest_1_of_$every.csv"
    timed_run "1/$every" cold "$OUT/manifest_1_of_$every.csv" "$OUT/cache_1_of_$every"
done
timed_run 1/1 warm "$OUT/manifest_1_of_1.csv" "$OUT/cache_1_of_1"
cat "$CSV"
