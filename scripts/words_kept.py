"""How much of each record's text reaches a sentence: the words of a record's rows in a run's
`statements.parquet` (or `statements.csv`) against the words of its file. A record whose share is
low has text the segmenter took for headings, page furniture or an annex (README, "What comes
out"). Prints the records under the threshold and the median share.

    make corpus
    .deps/notebook-venv/bin/python scripts/words_kept.py out/corpus ../shared/records/ungd-1946-2023

(`.deps/notebook-venv` is the notebook's Python with polars, made by `make test`.)

Word counts are whitespace-separated tokens, so a hyphen joined across a line break counts one
word fewer in the sentences than in the file: shares a little under 1 are normal.
"""
import argparse
import pathlib
import statistics

import polars as pl


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run", type=pathlib.Path, help="a `stance run --out` folder")
    parser.add_argument("records", type=pathlib.Path, help="the folder the run read")
    parser.add_argument("--below", type=float, default=0.92, help="list records under this share (default 0.92)")
    args = parser.parse_args()

    parquet, csv = args.run / "statements.parquet", args.run / "statements.csv"
    table = pl.read_parquet(parquet) if parquet.exists() else pl.read_csv(csv, infer_schema=False)
    # A sentence of a record can sit in several statements' rows only once: one row per sentence.
    words = (
        table.unique(["doc", "sentence"])
        .group_by("doc")
        .agg(pl.col("text").str.extract_all(r"\S+").list.len().sum().alias("kept"))
    )
    shares = []
    for doc, kept in words.iter_rows():
        total = len((args.records / doc).read_text(encoding="utf-8", errors="replace").split())
        shares.append((kept / total if total else 1.0, doc, kept, total))
    shares.sort()
    for share, doc, kept, total in shares:
        if share < args.below:
            print(f"{doc}: {kept} of {total} words ({share:.0%})")
    print(f"{len(shares)} records; median share {statistics.median(s for s, *_ in shares):.3f}; "
          f"{sum(s < args.below for s, *_ in shares)} under {args.below:.0%}")


if __name__ == "__main__":
    main()
