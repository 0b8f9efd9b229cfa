"""Where things live: the project, the bundled reference data and the configurable data folder."""

from __future__ import annotations

import functools
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = PROJECT_ROOT / "queries"
BUNDLED_DATA_DIR = PROJECT_ROOT / "data"
DATA_DIR_ENV = "JUSTICE_DATA_DIR"


def data_dir() -> Path:
    """The data folder: `$JUSTICE_DATA_DIR` when set, else the bundled `data/`."""
    return _resolved(os.environ.get(DATA_DIR_ENV, "").strip())


# Asked several times in every rerun; resolving a path is a system call per folder in it, each of
# which lets another session's thread take the interpreter, so each setting is resolved once.
@functools.lru_cache(maxsize=16)
def _resolved(configured: str) -> Path:
    return Path(configured).resolve() if configured else BUNDLED_DATA_DIR


def snapshots_dir(root: Path | None = None) -> Path:
    return (root or data_dir()) / "snapshots"


def reference_dir(root: Path | None = None) -> Path:
    """Reference data of a data folder; a folder without its own uses the bundled catalog."""
    own = (root or data_dir()) / "reference"
    return own if (own / "indicators.csv").exists() else BUNDLED_DATA_DIR / "reference"
