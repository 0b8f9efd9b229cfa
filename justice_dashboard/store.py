"""The query layer: DuckDB over the Parquet snapshots, loaded once per data version.

`Store.open(root)` builds an in-memory database from the reference CSVs and every snapshot file by
running the model steps in `queries/_model/` in order. Pages and the CLI then run *named* queries,
`store.query("province_values", indicator="TA04", year=2022)`, each from `queries/<name>.sql` with
its parameters bound, never pasted. Every query runs on its own cursor, because one DuckDB connection
must not be used by two threads at once.

A damaged snapshot file never takes the store down: each file's footer is checked first
(`integrity.sort_snapshots`: empty, truncated, not Parquet, wrong columns, missing or garbled
provenance, misplaced), and if loading the sound ones still fails, the files whose values cannot be
read are found one by one and the model is built again without them. `Store.damaged` lists every
file left out, with the reason, for the pages and the command line to say so.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from justice_dashboard.config import BUNDLED_DATA_DIR, QUERIES_DIR, reference_dir
from justice_dashboard.integrity import DamagedFile, sort_snapshots, unreadable
from justice_dashboard.scoring.files import list_target_files
from justice_dashboard.snapshots import data_version, list_snapshot_files

MODEL_DIR = QUERIES_DIR / "_model"
# The model lives in a private, temporary DuckDB file rather than in ":memory:": a file's tables are
# stored compressed (at scale, 4,9 million values take ~50 MB instead of ~385 MB) and the buffer
# manager keeps at most MEMORY_LIMIT of it, and of any query's intermediates, in memory (spilling
# the rest to the same folder). See docs/benchmarks.md.
MEMORY_LIMIT = "256MB"
THREADS = 2
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
_REFERENCE_FILES = (
    "units",
    "unit_successions",
    "national_results",
    "blocs",
    "bloc_members",
    "population",
    "indicators",
    "indicator_groups",
    "targets",
    "unit_targets",
    "published_figures",
)


_FILE_LISTS = ("snapshot_files", "unit_target_files")


class UnknownQuery(KeyError):
    pass


def _reference_file(ref: Path, name: str) -> Path:
    """A reference file of the data folder's catalog; one added to the catalog later (e.g.
    `unit_targets`) and missing from a data folder's own catalog is taken from the bundled one."""
    own = ref / f"{name}.csv"
    return own if own.exists() else BUNDLED_DATA_DIR / "reference" / f"{name}.csv"


@lru_cache(maxsize=256)
def query_text(name: str, folder: Path = QUERIES_DIR) -> str:
    path = folder / f"{name}.sql"
    if not re.fullmatch(r"[a-z0-9_]+", name) or not path.is_file():
        raise UnknownQuery(name)
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def parameters_of(sql: str) -> set[str]:
    """The `$name` parameters a query uses (ignoring those only mentioned in comments)."""
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return set(_PARAM.findall(code))


@dataclass
class Store:
    root: Path
    version: str
    connection: duckdb.DuckDBPyConnection
    snapshot_files: list[Path] = field(default_factory=list)  # the files loaded
    damaged: tuple[DamagedFile, ...] = ()  # the files left out, and why
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _workdir: Path | None = field(default=None, repr=False)

    @classmethod
    def open(cls, root: Path) -> Store:
        root = Path(root)
        version = data_version(root)
        files, damaged = sort_snapshots(root, list_snapshot_files(root))
        workdir = Path(tempfile.mkdtemp(prefix="justice-model-"))
        try:
            try:
                connection = cls._build(root, workdir, files)
            except duckdb.Error:
                # A footer was sound but some values cannot be read: find which, then again.
                bad = unreadable(root, files, all_at_once_first=False)
                if not bad:
                    raise
                damaged += bad
                left_out = {root / d.path for d in bad}
                files = [p for p in files if p not in left_out]
                shutil.rmtree(workdir, ignore_errors=True)
                workdir.mkdir()
                connection = cls._build(root, workdir, files)
        except BaseException:
            shutil.rmtree(workdir, ignore_errors=True)
            raise
        store = cls(
            root=root,
            version=version,
            connection=connection,
            snapshot_files=files,
            damaged=tuple(sorted(damaged, key=lambda d: d.path)),
            _workdir=workdir,
        )
        # A store dropped without close() (e.g. evicted from Streamlit's cache) still cleans up.
        weakref.finalize(store, shutil.rmtree, workdir, ignore_errors=True)
        return store

    @staticmethod
    def _build(root: Path, workdir: Path, files: list[Path]) -> duckdb.DuckDBPyConnection:
        connection = duckdb.connect(
            str(workdir / "model.duckdb"),
            config={
                "threads": THREADS,
                "memory_limit": MEMORY_LIMIT,
                "temp_directory": str(workdir / "spill"),
            },
        )
        ref = reference_dir(root)
        params: dict[str, Any] = {
            f"{name}_csv": str(_reference_file(ref, name)) for name in _REFERENCE_FILES
        }
        params["snapshot_files"] = [str(p) for p in files]
        params["unit_target_files"] = [str(p) for p in list_target_files(root)]
        try:
            for step in sorted(MODEL_DIR.glob("*.sql")):
                sql = step.read_text(encoding="utf-8")
                needed = parameters_of(sql)
                if any(p in needed and not params[p] for p in _FILE_LISTS):
                    continue  # a step over files there are none of (read_csv([]) fails)
                connection.execute(sql, {k: params[k] for k in needed} or None)
        except BaseException:
            connection.close()
            raise
        return connection

    def query(self, name: str, **params: Any) -> pd.DataFrame:
        """Run the named query with bound parameters on a fresh cursor; return a DataFrame."""
        sql = query_text(name)
        needed = parameters_of(sql)
        missing, unknown = needed - params.keys(), params.keys() - needed
        if missing:
            raise TypeError(f"query {name} needs parameters {sorted(missing)}")
        if unknown:  # e.g. as_of given to a query of the current figures: never drop it silently
            raise TypeError(f"query {name} takes no parameters {sorted(unknown)}")
        with self._lock:
            cursor = self.connection.cursor()
        try:
            return cursor.execute(sql, {k: params[k] for k in needed} or None).df()
        finally:
            cursor.close()

    def is_current(self) -> bool:
        return data_version(self.root) == self.version

    def close(self) -> None:
        self.connection.close()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)


_COLLATION_LOCK = threading.Lock()
_COLLATION_DB: duckdb.DuckDBPyConnection | None = None


def vietnamese_order(names: list[str]) -> list[str]:
    """Sort names with Vietnamese collation (ICU, through DuckDB): Đ after D, not after Z."""
    global _COLLATION_DB
    with _COLLATION_LOCK:
        if _COLLATION_DB is None:
            _COLLATION_DB = duckdb.connect(":memory:")
        cursor = _COLLATION_DB.cursor()
    try:
        rows = cursor.execute(query_text("names_in_vietnamese_order"), {"names": names}).fetchall()
    finally:
        cursor.close()
    return [r[0] for r in rows]
