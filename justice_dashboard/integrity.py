"""What can be wrong with the files of a data folder, found without changing anything.

- `sort_snapshots(root, files)`: the snapshot files that can be trusted, and those that cannot
  (`DamagedFile`, with the reason): empty, truncated, not Parquet, a damaged footer, wrong columns,
  missing or garbled `justice.*` provenance, provenance naming another province, year or snapshot
  than the file's place, rows of another province or year. Only each file's footer is read
  (about 0,1 ms a file), so `Store.open` runs it on every open.
- `unreadable(files)`: the files whose values DuckDB cannot read although their footer is sound
  (a damaged data page). `Store.open` asks only when loading the files failed; `check` always.
- `check(root)`: the whole report of `python -m justice_dashboard check`: damaged snapshots,
  temporary files left by a killed writer, and sources no snapshot refers to.

Paths in a `DamagedFile` and in the report are relative to the data folder, so a message never
shows where the server keeps it.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from justice_dashboard import safe_text
from justice_dashboard.catalog import Catalog, Lang
from justice_dashboard.config import snapshots_dir
from justice_dashboard.i18n import t
from justice_dashboard.snapshots import (
    META_PREFIX,
    SNAPSHOT_NAME,
    STALE_TEMP_S,
    list_snapshot_files,
    temporary_files,
)

MAGIC = b"PAR1"
Quote = Callable[[str], str]
_SHA256 = re.compile(r"[0-9a-f]{64}")
_YEAR_FOLDER = re.compile(r"\d{4}")
REQUIRED_FIELDS = (
    "snapshot_id",
    "province_code",
    "year",
    "submitted_at",
    "submitted_by",
    "source_name",
    "source_sha256",
    "illustrative",
)
# Why a snapshot file is skipped; each has `integrity.reason.<kind>` in the string catalog.
REASONS = (
    "empty",
    "truncated",
    "not_parquet",
    "corrupt",
    "unreadable",
    "bad_name",
    "schema",
    "no_metadata",
    "bad_metadata",
    "misplaced",
    "rows_misplaced",
    "bad_data",
)


# The columns a snapshot has, by Parquet physical type (their logical type checked for text).
_TEXT = "BYTE_ARRAY"
_INTEGER = ("INT32", "INT64")
_COLUMNS: dict[str, tuple[str, ...]] = {
    "province_code": (_TEXT,),
    "year": _INTEGER,
    "period": _INTEGER,
    "indicator_code": (_TEXT,),
    "value": ("DOUBLE", "FLOAT", *_INTEGER),
}


def _columns_sound(meta: pq.FileMetaData) -> bool:
    schema = meta.schema
    if meta.num_columns != len(_COLUMNS):
        return False
    for index in range(meta.num_columns):
        column = schema.column(index)
        allowed = _COLUMNS.get(column.name)
        if allowed is None or column.max_repetition_level or column.physical_type not in allowed:
            return False
        if column.physical_type == _TEXT and column.logical_type.type != "STRING":
            return False
    return True


@dataclass(frozen=True)
class DamagedFile:
    """A snapshot file left out of the figures, and why (`reason` is one of REASONS)."""

    path: str  # relative to the data folder, with "/"
    province: str  # from the file's place: snapshots/<province>/<year>/…
    year: int | None  # None when the year folder is not a year
    reason: str
    detail: str = ""  # the field or the snapshot the provenance names, when that is the reason

    def reason_text(self, lang: Lang = "vi", quote: Quote = safe_text.plain) -> str:
        """Why the file was skipped; `quote` shows what came from the file (plain, or md_code)."""
        return t(f"integrity.reason.{self.reason}", lang, detail=quote(self.detail[:120]))

    def line(
        self, catalog: Catalog | None, lang: Lang = "vi", quote: Quote = safe_text.plain
    ) -> str:
        """'snapshots/70/2024/….parquet (Bình Phước, năm 2024): tệp rỗng (0 byte)'.

        The path, an unknown province code and any detail came from the disk: `quote` makes them
        safe to show (`safe_text.plain` on a terminal, `safe_text.md_code` on a page)."""
        known = catalog is not None and catalog.has_code(self.province)
        if known and self.year is not None:
            name = catalog.name_for(self.province, self.year, lang)  # type: ignore[union-attr]
        elif known:
            name = catalog.latest_unit_with_code(self.province).name(lang)  # type: ignore[union-attr]
        else:
            name = quote(self.province or "?")
        return t(
            "integrity.damaged_line",
            lang,
            path=quote(self.path),
            province=name,
            year=self.year if self.year is not None else "?",
            reason=self.reason_text(lang, quote),
        )


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name


def _damaged(root: Path, path: Path, reason: str, detail: str = "") -> DamagedFile:
    place = path.relative_to(snapshots_dir(root)).parts if path.is_relative_to(root) else ()
    province = place[0] if len(place) == 3 else ""
    year = int(place[1]) if len(place) == 3 and _YEAR_FOLDER.fullmatch(place[1]) else None
    return DamagedFile(_relative(root, path), province, year, reason, detail)


def _unreadable_footer(path: Path) -> str:
    """Why pyarrow could not read a file's footer, from its size and its first and last bytes."""
    try:
        size = path.stat().st_size
        if size == 0:
            return "empty"
        with path.open("rb") as handle:
            head = handle.read(4)
            handle.seek(max(size - 4, 0))
            tail = handle.read(4)
    except OSError:
        return "unreadable"
    if head != MAGIC:
        return "not_parquet"
    if tail != MAGIC or size < 12:
        return "truncated"
    return "corrupt"


def _provenance(raw: dict[bytes, bytes]) -> dict[str, str] | str:
    """The `justice.*` fields decoded, or the name of the first one that is not UTF-8."""
    fields: dict[str, str] = {}
    for key, value in raw.items():
        name = key.decode("utf-8", errors="replace")
        if not name.startswith(META_PREFIX):
            continue
        try:
            fields[name[len(META_PREFIX) :]] = value.decode("utf-8")
        except UnicodeDecodeError:
            return name[len(META_PREFIX) :]
    return fields


def _stats_say(meta: pq.FileMetaData, index: int, expected: object) -> bool:
    """Whether every row group's min and max of column `index`, where written, are `expected`."""
    for group in range(meta.num_row_groups):
        stats = meta.row_group(group).column(index).statistics
        if stats is None or not stats.has_min_max:
            continue
        if stats.min != expected or stats.max != expected:
            return False
    return True


_SUBMITTED_AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


def _submitted_at_sound(text: str, stamp: str) -> bool:
    """An ISO time in UTC that is a real moment and the one the file's name was made from."""
    if not _SUBMITTED_AT.fullmatch(text):
        return False
    try:
        dt.datetime.fromisoformat(text[:-1])
    except ValueError:  # 2024-13-45…
        return False
    return text.replace("-", "").replace(":", "").replace(".", "") == stamp


def damage_of(root: Path, path: Path) -> tuple[DamagedFile | None, dict[str, str]]:
    """Whether one snapshot file can be trusted, from its place and its footer alone.

    Returns the damage (None when sound) and the provenance fields that could be read (so that
    `check` still counts the source of a misplaced snapshot as referred to).
    """
    place = path.parts[-3:]
    if (
        len(place) != 3
        or not _YEAR_FOLDER.fullmatch(place[1])
        or not SNAPSHOT_NAME.fullmatch(place[2])
    ):
        return _damaged(root, path, "bad_name"), {}
    province, year, name = place
    try:
        meta = pq.read_metadata(str(path))
    except Exception:  # pyarrow says ArrowInvalid, OSError or others: the bytes say which
        return _damaged(root, path, _unreadable_footer(path)), {}
    if not _columns_sound(meta):
        return _damaged(root, path, "schema"), {}
    fields = _provenance(meta.metadata or {})
    if isinstance(fields, str):
        return _damaged(root, path, "bad_metadata", fields), {}
    if not fields:
        return _damaged(root, path, "no_metadata"), {}
    missing = [f for f in REQUIRED_FIELDS if f not in fields]
    if missing:
        return _damaged(root, path, "bad_metadata", missing[0]), fields
    stamp, short_sha = name[: -len(".parquet")].split("-")
    if (
        fields["snapshot_id"] != f"{province}-{year}-{stamp}-{short_sha}"
        or fields["province_code"] != province
        or fields["year"] != year
    ):
        said = f"{fields['province_code']} / {fields['year']} / {fields['snapshot_id']}"
        return _damaged(root, path, "misplaced", said), fields
    if not _submitted_at_sound(fields["submitted_at"], stamp):
        return _damaged(root, path, "bad_metadata", "submitted_at"), fields
    sha = fields["source_sha256"]
    if not _SHA256.fullmatch(sha) or sha[:8] != short_sha:
        return _damaged(root, path, "bad_metadata", "source_sha256"), fields
    if fields["illustrative"] not in ("true", "false"):
        return _damaged(root, path, "bad_metadata", "illustrative"), fields
    names = [meta.schema.column(i).name for i in range(meta.num_columns)]
    if not _stats_say(meta, names.index("province_code"), province) or not _stats_say(
        meta, names.index("year"), int(year)
    ):
        return _damaged(root, path, "rows_misplaced"), fields
    return None, fields


def sort_snapshots(root: Path, files: Iterable[Path]) -> tuple[list[Path], list[DamagedFile]]:
    """The files that can be trusted (in the given order) and the damaged ones."""
    good: list[Path] = []
    damaged: list[DamagedFile] = []
    for path in files:
        damage, _ = damage_of(root, path)
        if damage is None:
            good.append(path)
        else:
            damaged.append(damage)
    return good, damaged


def unreadable(
    root: Path, files: list[Path], *, all_at_once_first: bool = True
) -> list[DamagedFile]:
    """The files whose values DuckDB cannot read: all of them read in one pass, and file by file
    only when that pass fails (or at once, when the caller knows it would)."""
    from justice_dashboard.store import query_text  # the store asks this module first

    if not files:
        return []
    sql = query_text("snapshot_file_readable")
    connection = duckdb.connect(":memory:", config={"threads": 2})
    try:
        if all_at_once_first:
            try:
                connection.execute(sql, {"files": [str(p) for p in files]}).fetchall()
                return []
            except duckdb.Error:
                pass
        found: list[DamagedFile] = []
        for path in files:
            try:
                connection.execute(sql, {"files": [str(path)]}).fetchall()
            except duckdb.Error:
                found.append(_damaged(root, path, "bad_data"))
        return found
    finally:
        connection.close()


@dataclass(frozen=True)
class TemporaryFile:
    path: str  # relative to the data folder
    modified: dt.datetime  # UTC
    stale: bool  # older than STALE_TEMP_S: the next write removes it


@dataclass(frozen=True)
class Report:
    """What `check` found; `clean` when nothing."""

    snapshots: int  # snapshot files that can be read
    damaged: tuple[DamagedFile, ...] = ()
    temporary: tuple[TemporaryFile, ...] = ()
    orphans: tuple[str, ...] = ()  # sources/… files no snapshot refers to

    @property
    def clean(self) -> bool:
        return not (self.damaged or self.temporary or self.orphans)


def orphan_sources(root: Path, referenced: set[str]) -> list[str]:
    """Files kept in sources/ (not temporary ones) whose sha256 no snapshot names."""
    folder = Path(root) / "sources"
    if not folder.is_dir():
        return []
    return sorted(
        _relative(root, p)
        for p in folder.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name.split(".", 1)[0] not in referenced
    )


def check(root: Path, now: float | None = None) -> Report:
    """Every damaged snapshot, leftover temporary file and orphan source of a data folder.

    Reads only: nothing is changed, locked or created.
    """
    root = Path(root)
    moment = time.time() if now is None else now
    good: list[Path] = []
    damaged: list[DamagedFile] = []
    referenced: set[str] = set()
    for path in list_snapshot_files(root):
        damage, fields = damage_of(root, path)
        if fields.get("source_sha256"):
            referenced.add(fields["source_sha256"])
        if damage is None:
            good.append(path)
        else:
            damaged.append(damage)
    bad_data = unreadable(root, good)
    damaged += bad_data
    temporary = []
    for path in temporary_files(root):
        try:
            mtime = path.lstat().st_mtime
        except OSError:
            continue  # removed while we looked
        temporary.append(
            TemporaryFile(
                _relative(root, path),
                dt.datetime.fromtimestamp(mtime, dt.UTC),
                moment - mtime > STALE_TEMP_S,
            )
        )
    return Report(
        snapshots=len(good) - len(bad_data),
        damaged=tuple(sorted(damaged, key=lambda d: d.path)),
        temporary=tuple(temporary),
        orphans=tuple(orphan_sources(root, referenced)),
    )


def warn_damaged(damaged: Iterable[DamagedFile], catalog: Catalog | None, lang: Lang) -> list[str]:
    """One line per file skipped, for the command line's stderr."""
    return [t("integrity.skipped_line", lang, line=d.line(catalog, lang)) for d in damaged]


__all__ = [
    "REASONS",
    "DamagedFile",
    "Report",
    "TemporaryFile",
    "check",
    "damage_of",
    "orphan_sources",
    "sort_snapshots",
    "unreadable",
    "warn_damaged",
]
