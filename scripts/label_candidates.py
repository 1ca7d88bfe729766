"""The sentences to annotate (data/labels/ follows them), from `stance run` outputs.

    target/release/stance run ../shared/records/ungd-1946-2023 \
        --manifest ../shared/records/ungd-1946-2023/manifest.csv --out out/cand-ungd
    target/release/stance run ../shared/records/netmundial-2014 \
        --manifest ../shared/records/netmundial-2014/manifest.csv --out out/cand-netmundial
    python3 scripts/label_candidates.py out/cand-ungd/statements.csv out/cand-netmundial/statements.csv OUT_DIR

A run's statements.csv lists every sentence (those out of scope too), with its statement, so the
lists do not depend on the classifier. Writes to OUT_DIR (conference,doc,delegation,sentence,
text; one row per distinct sentence of a record, in record order):

- ungd_2013_2024.csv: the candidates of the 2013-2024 speeches;
- ungd_probe_2013_2024.csv: SAMPLE random (seed SEED) non-candidates within 3 sentences of one;
- ungd_window_2009_2012.csv: the candidates of the 2009-2012 speeches (minus those in
  data/labels/ungd_cyber.csv and ungd_random.csv, annotated before);
- ungd_1997_2008.csv: the candidates of the 1997-2008 speeches (sessions 52-63);
- ungd_1946_1996.csv: the sentences of the 1946-1996 speeches (sessions 1-51) that the run's
  scope lets count (statements.csv's in_scope), not WIDE's candidates: before the Internet a
  speech's "computers" or "telecommunications" is rarely about cyberspace, and only what the
  scope lets count can become a stance;
- netmundial_gov.csv: every sentence of the government contributions (manifest column sector);
- netmundial_other.csv: the candidates of the other contributions.

A candidate is a sentence that matches WIDE, or the sentence after it in the same statement.
WIDE is the scope pattern of models/axes.toml as of 2026-12-01 plus a few subjects the scope
leaves out (artificial intelligence, new and emerging technologies ...), so that the annotations
also show what the scope misses. Doc ids are made relative to ../shared/records, where
data/labels' docs point (ungd-2009-2012 speeches keep their bundled ids). Standard library only.
"""

import csv
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

WIDE = re.compile(
    r"cyber|internet|\bICTs?\b|information and communications? technolog|information security"
    r"|information space|information society|digital|telecommunication|online|e-government"
    r"|broadband|ICANN|\bIGF\b|\bWSIS\b|surveillance|espionage|social media|social network"
    r"|artificial intelligence|\bAI\b|disinformation|misinformation|fake news|hate speech"
    r"|information warfare|hack(er|ing)|malware|ransomware|data protection|personal data|big data"
    r"|data flows?|privacy|computer|electronic|information technolog|(new|emerging|frontier) technolog"
    r"|technological revolution|fourth industrial|algorithm",
    re.I,
)
SEED = 20261201
SAMPLE = 400
COLUMNS = ["conference", "doc", "delegation", "sentence", "text"]
ROOT = Path(__file__).resolve().parent.parent


def session(doc):
    return int(doc.split("/")[0][1:3])


def records(path, prefix):
    """Rows of a statements.csv grouped by record, in order, doc ids given `prefix`."""
    docs = defaultdict(list)
    for row in csv.DictReader(open(path, newline="")):
        row = dict(row)
        row["doc"] = prefix + row["doc"]
        docs[row["doc"]].append(row)
    return docs


def candidates(rows):
    chosen = set()
    for i, row in enumerate(rows):
        if WIDE.search(row["text"]):
            chosen.add(i)
            if i + 1 < len(rows) and rows[i + 1]["statement"] == row["statement"]:
                chosen.add(i + 1)
    return chosen


def write(path, rows):
    seen, out = set(), []
    for row in rows:
        if (row["doc"], row["text"]) not in seen:
            seen.add((row["doc"], row["text"]))
            out.append(row)
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for row in out:
            writer.writerow([row[c] for c in COLUMNS])
    print(f"{path}: {len(out)} sentences", file=sys.stderr)


def main():
    ungd_csv, netmundial_csv, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    done = set()
    for name in ["ungd_cyber.csv", "ungd_random.csv"]:
        for row in csv.DictReader(open(ROOT / "data" / "labels" / name, newline="")):
            done.add((row["doc"], row["sentence"]))

    speeches = records(ungd_csv, "ungd-1946-2023/")
    recent, window, near, early, oldest = [], [], [], [], []
    for doc, rows in sorted(speeches.items()):
        s = session(doc.split("/", 1)[1])
        chosen = candidates(rows)
        if s >= 68:
            recent += [rows[i] for i in sorted(chosen)]
            around = {j for i in chosen for j in range(i - 3, i + 4) if 0 <= j < len(rows)} - chosen
            near += [rows[j] for j in sorted(around)]
        elif 64 <= s <= 67:
            for i in sorted(chosen):
                row = dict(rows[i], doc=doc.replace("ungd-1946-2023/", "ungd-2009-2012/"))
                if (row["doc"], row["text"]) not in done:
                    window.append(row)
        elif 52 <= s <= 63:
            early += [rows[i] for i in sorted(chosen)]
        elif s <= 51:
            oldest += [row for row in rows if row["in_scope"] == "true"]
    random.seed(SEED)
    write(out / "ungd_2013_2024.csv", recent)
    write(out / "ungd_probe_2013_2024.csv", random.sample(near, SAMPLE))
    write(out / "ungd_window_2009_2012.csv", window)
    write(out / "ungd_1997_2008.csv", early)
    write(out / "ungd_1946_1996.csv", oldest)

    papers = records(netmundial_csv, "netmundial-2014/")
    government, other = [], []
    for doc, rows in sorted(papers.items()):
        if rows[0]["sector"] == "Government":
            government += rows
        else:
            other += [rows[i] for i in sorted(candidates(rows))]
    write(out / "netmundial_gov.csv", government)
    write(out / "netmundial_other.csv", other)


if __name__ == "__main__":
    main()
