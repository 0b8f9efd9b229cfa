"""Damaged snapshot files for the tests: each kind of damage a disk, a copy or a hand can do.

`damage(root, kind)` writes a new snapshot of Bình Phước 2024 that would be the current one (its
TA01 is BOGUS_TA01), then damages it; the sound files around it are untouched.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from justice_dashboard.snapshots import Provenance, snapshot_id, snapshot_path, to_table

BOGUS_TA01 = 999_999.0
PROVINCE, YEAR = "70", 2024
MOMENT = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
KINDS = (
    "empty",
    "truncated",
    "not_parquet",
    "corrupt",
    "bad_name",
    "schema",
    "no_metadata",
    "bad_metadata",
    "misplaced",
    "rows_misplaced",
    "bad_data",
)


def _provenance() -> Provenance:
    return Provenance(
        source_name="BinhPhuoc_2024.xlsx",
        submitted_at=MOMENT,
        submitted_by="Kiểm thử",
        source_sha256="c0ffee" + "ab" * 29,
        illustrative=False,
    )


def sound_table(province: str = PROVINCE) -> tuple[pa.Table, Path]:
    """A sound new snapshot of 70/2024 (rows of `province`) and the path it belongs at."""
    provenance = _provenance()
    snap = snapshot_id(PROVINCE, YEAR, provenance)
    frame = pd.DataFrame(
        {
            "province_code": province,
            "year": YEAR,
            "period": 0,
            "indicator_code": ["TA01", "VB01"],
            "value": [BOGUS_TA01, 1.0],
        }
    )
    return to_table(frame, provenance.as_metadata(snap, PROVINCE, YEAR)), Path(snap)


def _write(root: Path, table: pa.Table, name: str | None = None) -> Path:
    provenance = _provenance()
    path = snapshot_path(root, PROVINCE, YEAR, snapshot_id(PROVINCE, YEAR, provenance))
    if name:
        path = path.with_name(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd")
    return path


def damage(root: Path, kind: str) -> Path:
    """Write the damaged file and return its path."""
    table, _ = sound_table()
    meta = dict(table.schema.metadata)
    if kind == "bad_name":
        return _write(root, table, "ban-sao (1).parquet")
    if kind == "schema":
        return _write(root, table.rename_columns([*table.column_names[:4], "gia_tri"]))
    if kind == "no_metadata":
        return _write(root, table.replace_schema_metadata(None))
    if kind == "bad_metadata":
        meta[b"justice.submitted_by"] = b"\xff\xfe Nguy\xe1n"  # not UTF-8
        return _write(root, table.replace_schema_metadata(meta))
    if kind == "misplaced":
        meta[b"justice.province_code"] = b"72"
        return _write(root, table.replace_schema_metadata(meta))
    if kind == "rows_misplaced":
        other, _ = sound_table(province="72")
        return _write(root, other)
    path = _write(root, table)
    content = path.read_bytes()
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        path.write_bytes(content[: len(content) // 2])
    elif kind == "not_parquet":
        path.write_bytes("Mã chỉ tiêu,Giá trị\nTA01,999999\n".encode())
    elif kind == "corrupt":  # both magic numbers kept, the footer in between garbled
        footer = int.from_bytes(content[-8:-4], "little")
        start = len(content) - 8 - footer
        garbled = bytes(b ^ 0x5A for b in content[start:-8])
        path.write_bytes(content[:start] + garbled + content[-8:])
    elif kind == "bad_data":  # the footer sound, the compressed values garbled
        footer = int.from_bytes(content[-8:-4], "little")
        end = len(content) - 8 - footer
        path.write_bytes(content[:4] + bytes(b ^ 0x5A for b in content[4:end]) + content[end:])
    else:
        raise ValueError(kind)
    return path


def copy_data(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target
