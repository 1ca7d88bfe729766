"""Write the sentences to annotate (data/labels/ follows them), from a `stance run` output.

    python3 scripts/label_candidates.py out/statements.csv /tmp/labels

Writes four CSVs (conference,doc,delegation,sentence,text; one row per distinct sentence of a
document, in document order):
- beijing_report.csv, beijing_cable.csv: every sentence of the two 2014 Beijing records;
- ungd_cyber.csv: every UN General Debate sentence matching CYBER below;
- ungd_random.csv: a random sample (seed SEED) of SAMPLE other General Debate sentences.
Standard library only.
"""

import csv
import random
import re
import sys
from pathlib import Path

CYBER = re.compile(
    r"cyber|internet|\bICTs?\b|information and communications? technolog|information security"
    r"|digital|telecommunication|online|e-government|broadband",
    re.I,
)
SEED = 20261123
SAMPLE = 320
COLUMNS = ["conference", "doc", "delegation", "sentence", "text"]


def distinct(rows):
    seen = set()
    for row in rows:
        key = (row["doc"], row["text"])
        if key not in seen:
            seen.add(key)
            yield row


def write(path: Path, rows) -> None:
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow([row[c] for c in COLUMNS])
    print(f"{path}: {len(rows)} sentences", file=sys.stderr)


def main() -> None:
    statements, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    rows = list(distinct(csv.DictReader(statements.open())))
    beijing = [r for r in rows if r["conference"] == "2014-beijing-workshop"]
    write(out / "beijing_report.csv", [r for r in beijing if "unrcpd" in r["doc"]])
    write(out / "beijing_cable.csv", [r for r in beijing if "us-embassy" in r["doc"]])
    ungd = [r for r in rows if r["conference"].startswith("UNGA")]
    write(out / "ungd_cyber.csv", [r for r in ungd if CYBER.search(r["text"])])
    others = [r for r in ungd if not CYBER.search(r["text"])]
    random.seed(SEED)
    write(out / "ungd_random.csv", random.sample(others, SAMPLE))


if __name__ == "__main__":
    main()
