"""Where a unit's own targets brought in as files live (no other import, so the store can use it):

    scoring/targets/<province code>/<year>/<submitted at as YYYYMMDDTHHMMSSffffffZ>-<sha256[:8]>.csv

one file per unit, year and submission, never changed or deleted; the latest of a unit and year is
the state (its name sorts last: the submission time comes first).
"""

from __future__ import annotations

import re
from pathlib import Path

TARGETS_FOLDER = ("scoring", "targets")
TARGET_FILE_NAME = re.compile(r"\d{8}T\d{12}Z-[0-9a-f]{8}\.csv")


def targets_dir(root: Path) -> Path:
    return root.joinpath(*TARGETS_FOLDER)


def list_target_files(root: Path) -> list[Path]:
    """Every committed own-targets file, sorted; temporary files (dot names) are not files."""
    base = targets_dir(root)
    if not base.is_dir():
        return []
    return sorted(p for p in base.glob("*/*/*.csv") if TARGET_FILE_NAME.fullmatch(p.name))
