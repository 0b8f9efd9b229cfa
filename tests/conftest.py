"""Shared fixtures: the bundled sample store, and tiny data folders written from inline rows."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest

from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.errors import RAISE_ENV as RAISE_ERRORS_ENV
from justice_dashboard.snapshots import Provenance, Status, sha256_bytes, write_snapshot
from justice_dashboard.store import Store

UTC = dt.UTC
# An unexpected error fails the test that meets it, instead of becoming the page's short message
# (tests/test_hostile_links.py checks that message with this unset).
os.environ[RAISE_ERRORS_ENV] = "1"


@pytest.fixture(scope="session")
def sample_store() -> Iterator[Store]:
    store = Store.open(BUNDLED_DATA_DIR)
    yield store
    store.close()


SnapshotWriter = Callable[..., Path]


@pytest.fixture
def write_values(tmp_path: Path) -> SnapshotWriter:
    """write_values(province, year, {code: value}, submitted_at=…, illustrative=…, statuses=…)
    -> file path."""

    def write(
        province: str,
        year: int,
        values: dict[str, float],
        submitted_at: dt.datetime = dt.datetime(2023, 1, 15, tzinfo=UTC),
        illustrative: bool = False,
        root: Path = tmp_path,
        statuses: tuple[tuple[str, Status], ...] = (),
    ) -> Path:
        frame = pd.DataFrame({"indicator_code": list(values), "value": list(values.values())})
        provenance = Provenance(
            source_name=f"{province}-{year}.xlsx",
            submitted_at=submitted_at,
            submitted_by="Kiểm thử",
            source_sha256=sha256_bytes(frame.to_csv().encode() + submitted_at.isoformat().encode()),
            illustrative=illustrative,
            statuses=statuses,
        )
        return write_snapshot(root, province, year, frame, provenance)

    return write


@pytest.fixture
def open_store(tmp_path: Path) -> Iterator[Callable[[], Store]]:
    opened: list[Store] = []

    def open_() -> Store:
        store = Store.open(tmp_path)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()
