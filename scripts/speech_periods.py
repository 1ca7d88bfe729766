"""The trained heads' held-out speech cells of one `stance eval` run, by period of the General
Debate: 1946-1996 (sessions 1-51; only the sentences the scope lets count are annotated),
1997-2008 (52-63), 2009-2012 (64-67), 2013-2023 (68-78, the period of the
speeches kept aside to evaluate the project) and 2024 (79).

    python3 scripts/speech_periods.py out/eval

Reads OUT/eval_cell_labels.csv. Per period: agreement on the cells where a speech takes a side,
`not_addressed` kept on the other axes of such speeches ("uncoded") and on every axis of the
speeches that take none ("silent"), and of the cells stated (a pole or `mixed`) how many are
right and how many are invented (the annotations find no stance). Standard library only.
"""

import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

HEADS = "trained heads"
PERIODS = [
    ("1946-1996 (sessions 1-51)", range(1, 52)),
    ("1997-2008 (sessions 52-63)", range(52, 64)),
    ("2009-2012 (sessions 64-67)", range(64, 68)),
    ("2013-2023 (sessions 68-78)", range(68, 79)),
    ("2024 (session 79)", range(79, 80)),
]


def session(conference):
    found = re.search(r"UNGA (\d+)", conference)
    return int(found.group(1)) if found else None


def figures(cells):
    takes_a_side = defaultdict(bool)
    for c in cells:
        takes_a_side[(c["conference"], c["delegation"])] |= c["truth"] != "not_addressed"
    addressed = [c for c in cells if c["truth"] != "not_addressed"]
    uncoded = [c for c in cells if c["truth"] == "not_addressed" and takes_a_side[(c["conference"], c["delegation"])]]
    silent = [c for c in cells if c["truth"] == "not_addressed" and not takes_a_side[(c["conference"], c["delegation"])]]
    stated = [c for c in cells if c["predicted"] != "not_addressed"]
    right = lambda group: sum(c["truth"] == c["predicted"] for c in group)
    share = lambda group: f"{right(group) / len(group):.3f}" if group else "n/a"
    invented = sum(c["truth"] == "not_addressed" for c in stated)
    return (
        f"agreement {share(addressed)} ({right(addressed)} of {len(addressed)}); "
        f"uncoded {right(uncoded)} of {len(uncoded)}; silent {right(silent)} of {len(silent)}; "
        f"stated right {right(stated)} of {len(stated)}, {invented} invented"
    )


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    path = Path(sys.argv[1]) / "eval_cell_labels.csv"
    with open(path, newline="") as f:
        speeches = [c for c in csv.DictReader(f) if c["classifier"] == HEADS and c["genre"] == "speech"]
    for name, sessions in PERIODS:
        print(f"{name}: {figures([c for c in speeches if session(c['conference']) in sessions])}")
    print(f"all speeches: {figures(speeches)}")


if __name__ == "__main__":
    main()
