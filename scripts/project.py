"""What the project's scripts share about the repository: where it is and which axes it codes,
read from the axis configuration (models/axes.toml) so that no script carries its own copy of
the names. Standard library only."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AXES_CONFIG = ROOT / "models" / "axes.toml"


def axis_poles():
    """{axis: (left pole, right pole)}, in the configuration's order."""
    with AXES_CONFIG.open("rb") as f:
        return {axis["name"]: (axis["left"]["name"], axis["right"]["name"]) for axis in tomllib.load(f)["axis"]}


def read_axes():
    """The axes' names, in the configuration's order."""
    return tuple(axis_poles())
