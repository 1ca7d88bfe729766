#!/usr/bin/env bash
# Set-up for the Python reference of `make bench-compare` (benches/reference/).
#
#   .deps/bench-venv: a venv (python3 -m venv) that sees torch==2.4.1 from .deps/site-packages
#   through a .pth file (torch is NOT installed twice), with the exact pins of
#   benches/reference/requirements.txt installed by pip with --no-deps.
#
# Needs `make setup` (scripts/setup.sh) first, for .deps/site-packages/torch and models/encoder.
# Runs from any directory, is idempotent: when the stamp matches the requirements, nothing is
# installed or downloaded, and the import check alone runs. Nothing is fetched from a model hub.
# First run: ~1.9 GB download from PyPI (mostly the CUDA libraries that `import torch` loads),
# ~3.2 GB on disk. `rm -rf .deps/bench-venv` (or `make clean-deps`) removes it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$ROOT/.deps"
SITE="$DEPS/site-packages"
VENV="$DEPS/bench-venv"
REQS="$ROOT/benches/reference/requirements.txt"
STAMP="$VENV/stance-bench.stamp"
PIP_LOG="$DEPS/bench-venv-pip.log"
PY="$VENV/bin/python"

say() { printf 'bench-reference-setup: %s\n' "$*"; }
die() {
    printf 'bench-reference-setup: FAILED: %s\n' "$1" >&2
    shift
    for line in "$@"; do printf '  %s\n' "$line" >&2; done
    exit 1
}

[[ -f "$SITE/torch/__init__.py" ]] ||
    die "no torch in .deps/site-packages" "Run \`make setup\` (scripts/setup.sh) first."
[[ -f "$REQS" ]] || die "missing $REQS"
command -v python3 >/dev/null 2>&1 || die "python3 not found"

# What the stamp records: the requirements, and the interpreter they were installed for.
want_stamp() {
    printf 'python: %s\n' "$(python3 -c 'import sys; print(sys.version.split()[0])')"
    printf 'requirements sha256: %s\n' "$(sha256sum "$REQS" | cut -d' ' -f1)"
}
WANT="$(want_stamp)"

if [[ -x "$PY" && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT" ]]; then
    say "venv: up to date in .deps/bench-venv"
else
    t0=$SECONDS
    # The torch wheel in .deps/site-packages was built for this interpreter (setup.sh ran pip
    # with the same python3); the pins were checked on CPython 3.11.
    tag="$(python3 -c 'import sys; print(f"cpython-{sys.version_info[0]}{sys.version_info[1]}")')"
    compgen -G "$SITE/torch/_C.$tag-*.so" >/dev/null ||
        die "torch in .deps/site-packages was not built for this python3 ($tag)" \
            "Run \`make clean-deps\` and \`make setup\` with the python3 you use here."
    [[ "$tag" == "cpython-311" ]] ||
        say "warning: requirements.txt is pinned for CPython 3.11, this is $tag; trying anyway"
    say "venv: creating .deps/bench-venv and installing benches/reference/requirements.txt"
    say "      (first time ~1.9 GB from PyPI, a few minutes; log: .deps/bench-venv-pip.log)"
    rm -rf "$VENV"
    python3 -m venv "$VENV" || die "python3 -m venv failed" \
        "Debian: apt-get install python3-venv"
    if ! "$PY" -m pip install --no-deps --only-binary=:all: --no-input \
        --disable-pip-version-check --progress-bar off \
        -r "$REQS" >"$PIP_LOG" 2>&1; then
        tail -n 15 "$PIP_LOG" >&2 || true
        die "pip could not install benches/reference/requirements.txt" "Full log: $PIP_LOG" \
            "Check that PyPI is reachable, then rerun this script."
    fi
    say "venv: installed in $((SECONDS - t0)) s"
fi

# torch (and the CUDA runtime/cupti wheels setup.sh put beside it) come from .deps/site-packages.
# Rewritten on every run, so the path always follows the repository's current location.
purelib="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
printf '%s\n' "$SITE" >"$purelib/stance-deps.pth"

# The check: both import, and torch is the one from .deps/site-packages.
if ! check="$(HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 "$PY" -W ignore -c '
import sentence_transformers, torch
print(torch.__version__, sentence_transformers.__version__, torch.__file__)' 2>&1)"; then
    rm -f "$STAMP"
    printf '%s\n' "$check" | tail -n 15 >&2
    die "import sentence_transformers, torch fails in .deps/bench-venv" \
        "Rerun this script (it reinstalls); if that fails too, see the error above."
fi
read -r torch_v st_v torch_file <<<"$(printf '%s\n' "$check" | tail -n 1)"
[[ "$torch_file" == "$SITE/"* ]] || die "the venv imports torch from $torch_file, not .deps/site-packages"
printf '%s\n' "$WANT" >"$STAMP"
say "ok: torch $torch_v (.deps/site-packages), sentence-transformers $st_v; disk $(du -sh "$VENV" | cut -f1)"
