"""Immutable Parquet snapshots of indicator values, one file per province, year and submission.

Layout (ASCII names only), under the data folder:

    snapshots/<province_code>/<year>/<submitted_at as YYYYMMDDTHHMMSSffffffZ>-<sha256[:8]>.parquet

Each file holds the rows (province_code, year, period, indicator_code, value); `period` 0 is the whole
reporting year and 1-12 a month within it. Its provenance travels inside the file as Parquet key-value
metadata (`justice.*`): source name, submitted at (UTC), submitted by, the source's sha256 and whether
the figures are illustrative. A snapshot is never changed or deleted: a correction or a rollback is a
new snapshot, and the latest snapshot of a (province, year) is the current state.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from justice_dashboard.config import snapshots_dir

FORMAT_VERSION = "1"
READABLE = 0o644
META_PREFIX = "justice."
# <submitted at, UTC>-<sha256[:8]>.parquet: the name every snapshot is written under.
SNAPSHOT_NAME = re.compile(r"\d{8}T\d{12}Z-[0-9a-f]{8}\.parquet")
TEMP_PREFIX = ".tmp-"  # a file being written (or left by a writer that was killed)
STALE_TEMP_S = 3600.0  # a temporary file older than this is removed at the next write
SCHEMA = pa.schema(
    [
        ("province_code", pa.string()),
        ("year", pa.int16()),
        ("period", pa.int16()),
        ("indicator_code", pa.string()),
        ("value", pa.float64()),
    ]
)


FINAL = "final"
PRELIMINARY = "preliminary"
STATUSES = (FINAL, PRELIMINARY)


@dataclass(frozen=True)
class Status:
    """Whether one agency's figures in a snapshot are final (chính thức) or preliminary (sơ bộ,
    with the date they were cut at, e.g. 31/10). Of a unit and year, an agency's latest final
    snapshot is its state; a preliminary one only until a final one exists."""

    status: str = FINAL
    cut_date: dt.date | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {self.status!r}")


@dataclass(frozen=True)
class Provenance:
    source_name: str
    submitted_at: dt.datetime
    submitted_by: str
    source_sha256: str
    illustrative: bool
    note: str = ""
    # By agency (STP, THA); an agency not named is final. Written as justice.status.<agency> and
    # justice.cut_date.<agency>; a file without them (written before) holds final figures.
    statuses: tuple[tuple[str, Status], ...] = ()
    # The signed-in account that wrote it (justice.account; submitted_by is then its display
    # name); empty where no accounts are used.
    account: str = ""

    def as_metadata(self, snapshot_id: str, province_code: str, year: int) -> dict[str, str]:
        statuses: dict[str, str] = {}
        for agency, status in self.statuses:
            statuses[f"status.{agency}"] = status.status
            if status.cut_date is not None:
                statuses[f"cut_date.{agency}"] = status.cut_date.isoformat()
        fields = {
            "format_version": FORMAT_VERSION,
            "snapshot_id": snapshot_id,
            "province_code": province_code,
            "year": str(year),
            "source_name": self.source_name,
            "submitted_at": iso_utc(self.submitted_at),
            "submitted_by": self.submitted_by,
            "source_sha256": self.source_sha256,
            "illustrative": "true" if self.illustrative else "false",
            "note": self.note,
            **({"account": self.account} if self.account else {}),
            **statuses,
        }
        return {META_PREFIX + k: v for k, v in fields.items()}


def iso_utc(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("submitted_at must carry a time zone")
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def sha256_bytes(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def snapshot_id(province_code: str, year: int, provenance: Provenance) -> str:
    stamp = provenance.submitted_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"{province_code}-{year}-{stamp}-{provenance.source_sha256[:8]}"


def snapshot_path(root: Path, province_code: str, year: int, snap_id: str) -> Path:
    stamp_and_hash = snap_id.split("-", 2)[2]
    return snapshots_dir(root) / province_code / str(year) / f"{stamp_and_hash}.parquet"


def list_snapshot_files(root: Path) -> list[Path]:
    """Every committed snapshot file, sorted; temporary files (dot names) are not snapshots."""
    base = snapshots_dir(root)
    if not base.is_dir():
        return []
    return sorted(p for p in base.glob("*/*/*.parquet") if not p.name.startswith("."))


# Every query asks for the data version (the store is cached by it), several times per rerun; at
# nationwide scale walking the ~1.500 snapshot files takes ~15 ms, so the answer is remembered for
# VERSION_TTL_S. A snapshot written by this process (write_snapshot) forgets it at once; one written
# by another process (the CLI) is seen within VERSION_TTL_S. When the answer is due again, one thread
# walks the files while the others (twenty users' reruns arriving together) keep the last answer
# for those few milliseconds instead of each walking the same files.
VERSION_TTL_S = 1.0
_VERSIONS: dict[str, tuple[float, int, str]] = {}
_VERSIONS_LOCK = threading.Lock()
_WALK_LOCK = threading.Lock()
_GENERATION = [0]


def data_version(root: Path) -> str:
    """A fingerprint that changes whenever a snapshot (or a reference file) is added or changed."""
    key = os.path.abspath(root)
    now = time.monotonic()
    with _VERSIONS_LOCK:
        cached = _VERSIONS.get(key)
        generation = _GENERATION[0]
    if cached is not None and cached[1] == generation:
        if now - cached[0] < VERSION_TTL_S or not _WALK_LOCK.acquire(blocking=False):
            return cached[2]  # fresh, or another thread is walking the files right now
    else:  # never walked, or a snapshot was written since: everyone waits for the new answer
        _WALK_LOCK.acquire()
        with _VERSIONS_LOCK:  # the thread we waited for may have walked it for us
            walked = _VERSIONS.get(key)
            done = walked is not None and walked[1] == generation == _GENERATION[0]
        if done:
            _WALK_LOCK.release()
            return walked[2]  # type: ignore[index]
    try:
        version = _fingerprint(Path(root))
    finally:
        _WALK_LOCK.release()
    with _VERSIONS_LOCK:
        if _GENERATION[0] == generation:
            _VERSIONS[key] = (time.monotonic(), generation, version)
    return version


def forget_data_versions() -> None:
    """Make the next data_version() look at the files again (called after every write)."""
    with _VERSIONS_LOCK:
        _GENERATION[0] += 1
        _VERSIONS.clear()


def _sorted_entries(folder: str) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _fingerprint(root: Path) -> str:
    """Relative name, size and modification time of every snapshot file and reference CSV."""
    digest = hashlib.sha1(usedforsecurity=False)
    base = snapshots_dir(root)
    prefix = base.relative_to(root).as_posix() if base.is_relative_to(root) else str(base)
    for province in _sorted_entries(str(base)):
        if not province.is_dir():
            continue
        for year in _sorted_entries(province.path):
            if not year.is_dir():
                continue
            for entry in _sorted_entries(year.path):
                if entry.name.startswith(".") or not entry.name.endswith(".parquet"):
                    continue
                stat = entry.stat()
                name = f"{prefix}/{province.name}/{year.name}/{entry.name}"
                digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    # Brought in as files for the scoring: units' own targets (scoring/targets/<code>/<year>/…csv)
    # and scoring tables (scoring/tables/<agency>/<year>/…csv).
    for kind in ("targets", "tables"):
        for group in _sorted_entries(str(root / "scoring" / kind)):
            for year in _sorted_entries(group.path) if group.is_dir() else []:
                for entry in _sorted_entries(year.path) if year.is_dir() else []:
                    if entry.name.startswith(".") or not entry.name.endswith(".csv"):
                        continue
                    stat = entry.stat()
                    name = f"scoring/{kind}/{group.name}/{year.name}/{entry.name}"
                    digest.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    for entry in _sorted_entries(str(root / "reference")):
        if entry.name.endswith(".csv"):
            digest.update(f"{entry.name}:{entry.stat().st_mtime_ns}\n".encode())
    return digest.hexdigest()


_HELD = threading.local()


@contextlib.contextmanager
def write_lock(root: Path) -> Iterator[None]:
    """Serialise writers of one data folder (across threads and processes).

    Re-entrant within a thread, so a caller can check the current state and then `write_snapshot`
    under one lock (the intake does: nobody else can commit between its check and its write).
    """
    base = snapshots_dir(root)
    base.mkdir(parents=True, exist_ok=True)
    key = str(base.resolve())
    held: set[str] = getattr(_HELD, "roots", None) or set()
    _HELD.roots = held
    if key in held:
        yield
        return
    with (base / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
            fcntl.flock(handle, fcntl.LOCK_UN)


def to_table(values: pd.DataFrame, metadata: dict[str, str]) -> pa.Table:
    frame = values.reindex(columns=SCHEMA.names)
    table = pa.Table.from_pandas(frame, schema=SCHEMA, preserve_index=False)
    return table.replace_schema_metadata(metadata)


def write_snapshot(
    root: Path,
    province_code: str,
    year: int,
    values: pd.DataFrame,
    provenance: Provenance,
) -> Path:
    """Write one new immutable snapshot atomically: temporary file, fsync, then link into place.

    `values` has the columns indicator_code, value and optionally period (default 0). An existing
    snapshot is never replaced: if the target name exists, FileExistsError is raised. Under the
    lock, the temporary files a killed writer left more than STALE_TEMP_S ago are removed first.
    """
    frame = values.copy()
    frame["province_code"] = province_code
    frame["year"] = year
    if "period" not in frame:
        frame["period"] = 0
    frame = frame.sort_values(["period", "indicator_code"], kind="stable")
    snap_id = snapshot_id(province_code, year, provenance)
    table = to_table(frame, provenance.as_metadata(snap_id, province_code, year))
    target = snapshot_path(root, province_code, year, snap_id)
    with write_lock(root):
        remove_stale_temporaries(root)
        with written_or_nothing(target.parent, suffix=".parquet") as tmp:
            with tmp.open("wb") as handle:
                pq.write_table(table, handle, compression="zstd")
                handle.flush()
                os.fsync(handle.fileno())
            os.link(tmp, target)  # fails rather than overwrite an existing snapshot
        try:
            _fsync_dir(target.parent)
        finally:  # linked: the snapshot is there, whole, even if the folder's fsync failed
            forget_data_versions()
    return target


def write_new_file(root: Path, target: Path, content: bytes) -> Path:
    """Write `content` as the new file `target` of the data folder (a scoring file, a version of
    manual points), as a snapshot is written: under the folder's lock, whole or not at all (a
    temporary file, fsync, linked into place, never over an existing file), the folder synced; the
    data version is read again."""
    with write_lock(root):
        remove_stale_temporaries(root)  # left by a writer that was killed
        with written_or_nothing(target.parent, suffix=target.suffix) as tmp:
            with tmp.open("wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.link(tmp, target)  # fails rather than overwrite an existing file
        try:
            _fsync_dir(target.parent)
        finally:
            forget_data_versions()
    return target


@contextlib.contextmanager
def written_or_nothing(folder: Path, suffix: str = "") -> Iterator[Path]:
    """A new temporary file in `folder` (created with its missing parents), readable by all.

    The caller writes it, fsyncs it and links it into place inside the block. Whatever happens,
    the temporary file is gone afterwards; if the block fails, so are the folders made for it
    (once empty), so a refused or failed write leaves the data folder as it was.
    """
    created = missing_folders(folder)
    tmp: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=suffix, dir=folder)
        tmp = Path(tmp_name)
        try:
            os.fchmod(fd, READABLE)  # mkstemp makes 0600; the app's user must read it
        finally:
            os.close(fd)
        yield tmp
    except BaseException:
        _remove(tmp)
        for made in created:  # deepest first; one that is not empty stays
            with contextlib.suppress(OSError):
                made.rmdir()
        raise
    _remove(tmp)


def missing_folders(folder: Path) -> list[Path]:
    """`folder` and those of its parents that do not exist yet, deepest first."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove(tmp: Path | None) -> None:
    if tmp is not None:
        with contextlib.suppress(OSError):  # the write's own error is the one to report
            tmp.unlink(missing_ok=True)


def temporary_files(root: Path) -> list[Path]:
    """Every temporary file (`.tmp-*`) under `snapshots/`, `sources/` and `scoring/`, sorted.

    A writer creates one under the data folder's lock and removes it before letting go, so any
    found while holding the lock was left by a writer that was killed (`kill -9`, a power cut).
    """
    found: list[Path] = []
    for base in (snapshots_dir(root), Path(root) / "sources", Path(root) / "scoring"):
        for folder, _, names in os.walk(base):  # symbolic links to folders are not followed
            found.extend(Path(folder) / n for n in names if n.startswith(TEMP_PREFIX))
    return sorted(found)


def remove_stale_temporaries(
    root: Path, older_than_s: float = STALE_TEMP_S, now: float | None = None
) -> list[Path]:
    """Remove the temporary files last modified more than `older_than_s` ago; return them.

    Called by every writer under the write lock. A younger one is left alone: it may belong to a
    writer that does not take the lock (an older version of this program still running).
    """
    moment = time.time() if now is None else now
    removed: list[Path] = []
    for path in temporary_files(root):
        try:
            if moment - path.lstat().st_mtime > older_than_s:
                path.unlink()
                removed.append(path)
        except OSError:  # gone already, or not ours to remove: the write itself goes on
            continue
    return removed


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read_provenance(path: Path) -> dict[str, str]:
    raw = pq.read_schema(path).metadata or {}
    return {
        k.decode()[len(META_PREFIX) :]: v.decode()
        for k, v in raw.items()
        if k.decode().startswith(META_PREFIX)
    }


def statuses_of(provenance: dict[str, str]) -> tuple[tuple[str, Status], ...]:
    """The per-agency statuses a snapshot's provenance (`read_provenance`) gives."""
    found = []
    for key, value in sorted(provenance.items()):
        if key.startswith("status."):
            agency = key.removeprefix("status.")
            cut = provenance.get(f"cut_date.{agency}")
            found.append((agency, Status(value, dt.date.fromisoformat(cut) if cut else None)))
    return tuple(found)
