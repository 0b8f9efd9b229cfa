"""Where files brought in for the scoring live (no other import, so the store can use it):

    scoring/targets/<province code>/<year>/<submitted at as YYYYMMDDTHHMMSSffffffZ>-<sha256[:8]>.csv
    scoring/tables/<agency>/<year>/<submitted at>-<sha256[:8]>.csv

a unit's own targets, one file per unit, year and submission; a year's scoring table, one file per
agency, year and submission. Never changed or deleted; the latest of a unit (an agency) and year is
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


TABLES_FOLDER = ("scoring", "tables")


def tables_dir(root: Path) -> Path:
    return root.joinpath(*TABLES_FOLDER)


def list_table_files(root: Path) -> list[Path]:
    """Every committed scoring-table file, sorted (oldest first within an agency and year)."""
    base = tables_dir(root)
    if not base.is_dir():
        return []
    return sorted(p for p in base.glob("*/*/*.csv") if TARGET_FILE_NAME.fullmatch(p.name))
