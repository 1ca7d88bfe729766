"""What the project's scripts share about the repository: where it is, which axes it codes
(models/axes.toml) and which genre each collection of records is (data/genres.toml), so that no
script carries its own copy of them, and how an annotated sentence is named. Standard library
only."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXES_CONFIG = ROOT / "models" / "axes.toml"
GENRES_CONFIG = ROOT / "data" / "genres.toml"


def axis_poles():
    """{axis: (left pole, right pole)}, in the configuration's order."""
    with AXES_CONFIG.open("rb") as f:
        return {axis["name"]: (axis["left"]["name"], axis["right"]["name"]) for axis in tomllib.load(f)["axis"]}


def read_axes():
    """The axes' names, in the configuration's order."""
    return tuple(axis_poles())


def read_genres():
    """A function from an annotation's `doc` to its record's genre: the genre of its collection
    (the doc's first folder), "other" for a collection data/genres.toml does not list."""
    with GENRES_CONFIG.open("rb") as f:
        genres = tomllib.load(f)["genres"]
    return lambda doc: genres.get(doc.split("/")[0], "other")


def sentence_key(row):
    """An annotated sentence, as a row of the label files or of the consistency notes names it."""
    return (row["conference"], row["doc"], row["delegation"], row["sentence"])
