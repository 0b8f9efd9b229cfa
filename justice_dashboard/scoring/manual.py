"""Manual points and deductions, entered by the secretariat, kept as immutable dated versions.

Layout, under the data folder (ASCII names only):

    scoring/manual/<year>/<agency>/<entered at as YYYYMMDDTHHMMSSffffffZ>-<sha256[:8]>.json

Each version holds every manual point and deduction of that year and group (unit, criterion,
points, note), who entered them, when (UTC) and the table they were entered for. A version is never
changed or deleted: a correction is a new version, and the latest one is in use. Versions are written
like snapshots: a temporary file, fsync, then linked into place under the data folder's lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from justice_dashboard.scoring.engine import ManualEntry, ScoringTable, points
from justice_dashboard.snapshots import (
    iso_utc,
    write_new_file,
)

MANUAL_FOLDER = ("scoring", "manual")
VERSION_NAME = re.compile(r"\d{8}T\d{12}Z-[0-9a-f]{8}\.json")
FORMAT_VERSION = "1"
Entries = Mapping[tuple[str, str], ManualEntry]  # (unit_id, criterion code) -> points and note


@dataclass(frozen=True)
class ManualVersion:
    path: Path
    year: int
    agency: str
    table_id: str
    entered_at: dt.datetime
    entered_by: str
    entries: dict[tuple[str, str], ManualEntry]


@dataclass(frozen=True)
class EntryProblem:
    """What is wrong with one entry: a key under scoring.problem.* and its values."""

    unit_id: str
    criterion_code: str
    key: str
    maximum: float = 0.0


def manual_dir(root: Path, year: int, agency: str) -> Path:
    return root.joinpath(*MANUAL_FOLDER, str(int(year)), agency)


def _read(path: Path) -> ManualVersion | None:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        entries = {
            (e["unit_id"], e["criterion_code"]): ManualEntry(float(e["points"]), str(e["note"]))
            for e in raw["entries"]
        }
        return ManualVersion(
            path=path,
            year=int(raw["year"]),
            agency=str(raw["agency"]),
            table_id=str(raw["table_id"]),
            entered_at=dt.datetime.fromisoformat(raw["entered_at"].replace("Z", "+00:00")),
            entered_by=str(raw["entered_by"]),
            entries=entries,
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a damaged version is not used (the one before it is)


def versions(root: Path, year: int, agency: str) -> list[ManualVersion]:
    """Every readable version of that year and group, oldest first (the last one is in use)."""
    folder = manual_dir(root, year, agency)
    if not folder.is_dir():
        return []
    found = [
        _read(p) for p in sorted(folder.iterdir()) if VERSION_NAME.fullmatch(p.name) is not None
    ]
    return sorted((v for v in found if v is not None), key=lambda v: (v.entered_at, v.path.name))


def latest(
    root: Path, year: int, agency: str, as_of: dt.datetime | None = None
) -> ManualVersion | None:
    """The version in use: the latest one, or the latest entered by `as_of` (UTC; naive is UTC),
    as the figures are shown as they stood then."""
    found = versions(root, year, agency)
    if as_of is not None:
        moment = as_of if as_of.tzinfo else as_of.replace(tzinfo=dt.UTC)
        found = [v for v in found if v.entered_at <= moment]
    return found[-1] if found else None


def problems(table: ScoringTable, entries: Entries) -> list[EntryProblem]:
    """Every problem of a set of entries at once: a criterion that takes no entered points, points
    outside 0 to the criterion's maximum, no note where the unit lost points or was docked."""
    found: list[EntryProblem] = []
    by_code = {c.code: c for c in table.criteria}
    for (unit_id, code), entry in entries.items():
        criterion = by_code.get(code)
        if criterion is None or not criterion.entered:
            found.append(EntryProblem(unit_id, code, "not_entered"))
            continue
        if not 0 <= entry.points <= criterion.max_points:
            found.append(EntryProblem(unit_id, code, "out_of_range", criterion.max_points))
            continue
        docked = criterion.rule == "penalty" and entry.points > 0
        short = criterion.rule == "manual" and entry.points < criterion.max_points
        if (docked or short) and not entry.note.strip():
            found.append(EntryProblem(unit_id, code, "note_needed", criterion.max_points))
    return found


def save_version(
    root: Path,
    year: int,
    table: ScoringTable,
    entries: Entries,
    entered_by: str,
    entered_at: dt.datetime | None = None,
) -> Path:
    """Write a new version atomically; never replaces one (FileExistsError if the name exists).

    Refuses (ValueError) entries with problems or without a name of who entered them."""
    if problems(table, entries):
        raise ValueError("entries with problems are not written")
    if not entered_by.strip():
        raise ValueError("who entered the points must be named")
    moment = entered_at or dt.datetime.now(dt.UTC)
    body = {
        "format": FORMAT_VERSION,
        "year": int(year),
        "agency": table.agency,
        "table_id": table.table_id,
        "entered_at": iso_utc(moment),
        "entered_by": entered_by.strip(),
        "entries": [
            {
                "unit_id": unit_id,
                "criterion_code": code,
                "points": points(entry.points),
                "note": entry.note.strip(),
            }
            for (unit_id, code), entry in sorted(entries.items())
        ],
    }
    content = json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")
    stamp = moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = manual_dir(root, year, table.agency) / (
        f"{stamp}-{hashlib.sha256(content).hexdigest()[:8]}.json"
    )
    return write_new_file(root, target, content)
