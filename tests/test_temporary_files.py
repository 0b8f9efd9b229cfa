"""Temporary files a killed import left behind are removed by the next write, after an hour."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from intake_files import bundled_values, filled_xlsx

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.intake import check_file
from justice_dashboard.intake.commit import keep_source
from justice_dashboard.snapshots import Provenance, write_snapshot

CATALOG = load_catalog()
HOUR = 3600


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    return root


def _leftover(path: Path, age_s: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PAR1 half written")
    moment = time.time() - age_s
    os.utime(path, (moment, moment))
    return path


def _write(root: Path) -> Path:
    return write_snapshot(
        root,
        "72",
        2024,
        pd.DataFrame({"indicator_code": ["VB01"], "value": [61.0]}),
        Provenance(
            source_name="TayNinh_2024.xlsx",
            submitted_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
            submitted_by="Cán bộ",
            source_sha256="ab" * 32,
            illustrative=False,
        ),
    )


def test_the_next_snapshot_write_removes_the_temporary_files_older_than_an_hour(data: Path):
    old = [
        _leftover(data / "snapshots" / "70" / "2024" / ".tmp-k9a1.parquet", 2 * HOUR),
        _leftover(data / "snapshots" / "58" / "2019" / ".tmp-x0x0.parquet", 30 * 24 * HOUR),
        _leftover(data / "sources" / ".tmp-w2b3", HOUR + 60),
    ]
    written = _write(data)
    assert written.exists()
    assert [p for p in old if p.exists()] == []


def test_a_temporary_file_younger_than_an_hour_is_left_alone(data: Path):
    young = [
        _leftover(data / "snapshots" / "70" / "2024" / ".tmp-k9a1.parquet", 0),
        _leftover(data / "sources" / ".tmp-w2b3", HOUR - 60),
    ]
    _write(data)
    assert [p for p in young if p.exists()] == young


def test_keeping_a_source_removes_the_old_temporary_files_too(data: Path):
    old = _leftover(data / "sources" / ".tmp-w2b3", 2 * HOUR)
    content = filled_xlsx(CATALOG, "70", 2024, bundled_values("70", 2024))
    checked = check_file(content, "BinhPhuoc_2024.xlsx", CATALOG, province="70", year=2024)
    kept = keep_source(data, checked.submission)
    assert kept.read_bytes() == content
    assert not old.exists()


def test_a_write_never_removes_a_source_or_a_snapshot_only_temporary_files(data: Path):
    orphan = data / "sources" / ("e3" * 32 + ".csv")
    orphan.parent.mkdir()
    orphan.write_text("Mã chỉ tiêu,Giá trị\n")
    moment = time.time() - 48 * HOUR
    os.utime(orphan, (moment, moment))
    snapshots_before = sorted((data / "snapshots").rglob("*.parquet"))
    for path in snapshots_before:
        os.utime(path, (moment, moment))
    written = _write(data)
    assert orphan.exists()
    assert sorted((data / "snapshots").rglob("*.parquet")) == sorted([*snapshots_before, written])
