#!/usr/bin/env bash
# Execute notebooks/explore_stances.ipynb headless on a stance output folder.
#
#   bash scripts/run_notebook.sh OUT_DIR
#
# OUT_DIR is a folder written by `stance run … --out OUT_DIR` (stances_wide.csv, stances.csv,
# statements.csv); a relative path is taken from the current directory. The executed notebook,
# with its tables and figures, is written to OUT_DIR/explore_stances.executed.ipynb; the source
# notebook is never modified.
#
# The Python packages (notebooks/requirements.txt, exact pins) go into a virtualenv at
# .deps/notebook-venv, made on first use and reinstalled when requirements.txt changes. The
# notebook runs with nbclient in a kernel of that venv's Python; nothing is registered outside
# the venv (Jupyter, IPython and matplotlib state are kept inside it too). Exits non-zero, with
# the failing cell's error, if any cell fails.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: bash scripts/run_notebook.sh OUT_DIR   (a folder written by \`stance run --out\`)" >&2
    exit 2
fi
if [ ! -d "$1" ]; then
    echo "run_notebook: no such folder: $1" >&2
    exit 2
fi
STANCE_OUT="$(cd "$1" && pwd)"   # absolute, resolved from the caller's directory
export STANCE_OUT

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON="${PYTHON:-python3}"
VENV=.deps/notebook-venv
REQS=notebooks/requirements.txt
STAMP="$VENV/.stamp"
NOTEBOOK=notebooks/explore_stances.ipynb
EXECUTED="$STANCE_OUT/explore_stances.executed.ipynb"
VPY="$VENV/bin/python"

# --- the virtualenv ---------------------------------------------------------------------------
if [ ! -x "$VPY" ]; then
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        echo "run_notebook: $PYTHON is $("$PYTHON" --version 2>&1); the notebook needs Python >= 3.11 (set PYTHON=...)" >&2
        exit 1
    fi
    echo "run_notebook: creating $VENV"
    mkdir -p .deps
    "$PYTHON" -m venv "$VENV"
fi
if [ ! -f "$STAMP" ] || [ "$REQS" -nt "$STAMP" ]; then
    echo "run_notebook: installing $REQS into $VENV"
    "$VPY" -m pip install --quiet --disable-pip-version-check -r "$REQS"
    touch "$STAMP"
fi

# --- keep Jupyter, IPython and matplotlib state inside the venv -------------------------------
# JUPYTER_DATA_DIR replaces the user's ~/.local/share/jupyter, so a kernelspec named python3
# there cannot stand in for the venv's own (ipykernel's, which runs the venv's python).
VENV_ABS="$(cd "$VENV" && pwd)"
export JUPYTER_DATA_DIR="$VENV_ABS/share/jupyter"
export JUPYTER_CONFIG_DIR="$VENV_ABS/etc/jupyter-user"
export JUPYTER_RUNTIME_DIR="$VENV_ABS/run/jupyter"
export JUPYTER_PREFER_ENV_PATH=1
export IPYTHONDIR="$VENV_ABS/ipython"
export MPLCONFIGDIR="$VENV_ABS/matplotlib"
unset JUPYTER_PATH MPLBACKEND
mkdir -p "$JUPYTER_RUNTIME_DIR" "$IPYTHONDIR" "$MPLCONFIGDIR"

echo "run_notebook: executing $NOTEBOOK on $STANCE_OUT"
"$VPY" - "$NOTEBOOK" "$EXECUTED" "$(pwd)/notebooks" <<'PY'
import os
import re
import sys
import time

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

source, executed, workdir = sys.argv[1:4]

# The kernel must be this venv's python. jupyter_client runs a spec whose argv[0] is "python"
# (ipykernel's own spec) with sys.executable, i.e. the interpreter running this script.
spec = KernelSpecManager().get_kernel_spec("python3")
kernel_python = spec.argv[0]
if kernel_python in ("python", "python3", f"python{sys.version_info[0]}.{sys.version_info[1]}"):
    kernel_python = sys.executable
if os.path.abspath(kernel_python) != os.path.abspath(sys.executable):
    sys.exit(f"run_notebook: kernel 'python3' ({spec.resource_dir}) would run {kernel_python}, "
             f"not the venv's {sys.executable}")

nb = nbformat.read(source, as_version=4)
client = NotebookClient(nb, timeout=600, kernel_name="python3",
                        resources={"metadata": {"path": workdir}})
start = time.monotonic()
try:
    client.execute()
except CellExecutionError as err:
    nbformat.write(nb, executed)
    print(f"run_notebook: a cell failed; the notebook as far as it ran is in {executed}\n",
          file=sys.stderr)
    message = str(err)
    if not sys.stderr.isatty():  # the traceback is coloured for terminals
        message = re.sub(r"\x1b\[[0-9;]*m", "", message)
    print(message, file=sys.stderr)
    sys.exit(1)
except Exception as err:  # kernel died, timeout, ...
    nbformat.write(nb, executed)
    print(f"run_notebook: execution failed ({type(err).__name__}): {err}", file=sys.stderr)
    sys.exit(1)
nbformat.write(nb, executed)
print(f"run_notebook: ok, {len(nb.cells)} cells in {time.monotonic() - start:.1f}s "
      f"(kernel: {kernel_python}); executed notebook: {executed}")
PY
