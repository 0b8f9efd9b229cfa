"""A damaged snapshot file is skipped and named, never taking the other figures down."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from damaged_files import BOGUS_TA01, KINDS, damage
from intake_files import bundled_values

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.intake import latest_snapshot_id
from justice_dashboard.integrity import REASONS, DamagedFile
from justice_dashboard.snapshots import list_snapshot_files
from justice_dashboard.store import Store

CATALOG = load_catalog()
SOUND = len(list_snapshot_files(BUNDLED_DATA_DIR))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    return root


def _ta01(store: Store, province: str = "70", year: int = 2024) -> float:
    frame = store.query("province_year_values", province=province, years=[year])
    return float(frame.set_index("indicator_code").loc["TA01", "value"])


@pytest.mark.parametrize("kind", KINDS)
def test_a_damaged_snapshot_is_skipped_and_named_while_every_other_figure_stays(
    data: Path, kind: str
):
    path = damage(data, kind)
    store = Store.open(data)
    try:
        assert store.damaged == (
            DamagedFile(
                path.relative_to(data).as_posix(),
                "70",
                2024,
                kind,
                store.damaged[0].detail,
            ),
        )
        assert len(store.snapshot_files) == SOUND
        # The damaged file would have been the current one: the previous figures are shown.
        assert _ta01(store) == bundled_values("70", 2024)["TA01"] != BOGUS_TA01
        assert _ta01(store, "75", 2022) == bundled_values("75", 2022)["TA01"]
    finally:
        store.close()


def test_the_skipped_file_is_named_by_its_place_in_the_data_folder_with_the_reason(data: Path):
    damage(data, "truncated")
    store = Store.open(data)
    store.close()
    (skipped,) = store.damaged
    assert skipped.line(CATALOG, "vi") == (
        "snapshots/70/2024/20260102T030405000000Z-c0ffeeab.parquet (Bình Phước, năm 2024): "
        "tệp bị cắt cụt (thiếu phần cuối của tệp Parquet)"
    )
    assert skipped.line(CATALOG, "en") == (
        "snapshots/70/2024/20260102T030405000000Z-c0ffeeab.parquet (Binh Phuoc, 2024): "
        "the file is truncated (the end of the Parquet file is missing)"
    )
    assert str(data) not in skipped.line(CATALOG, "vi")


def test_garbled_provenance_is_named_by_its_field_and_a_misplaced_one_by_what_it_says(data: Path):
    damage(data, "bad_metadata")
    store = Store.open(data)
    store.close()
    assert store.damaged[0].reason_text("vi") == (
        "thông tin nguồn gốc bị thiếu hoặc hỏng ở trường submitted_by"
    )
    misplaced = Path(data.parent / "misplaced")
    shutil.copytree(BUNDLED_DATA_DIR, misplaced)
    damage(misplaced, "misplaced")
    store = Store.open(misplaced)
    store.close()
    assert store.damaged[0].reason_text("vi") == (
        "thông tin nguồn gốc ghi (tỉnh / năm / bản số liệu) 72 / 2024 / "
        "70-2024-20260102T030405000000Z-c0ffeeab, không khớp với vị trí và tên của tệp"
    )


def test_a_data_folder_whose_only_snapshot_is_damaged_opens_without_figures(tmp_path: Path):
    damage(tmp_path, "empty")
    store = Store.open(tmp_path)
    try:
        assert store.query("available_years").empty
        assert [d.reason for d in store.damaged] == ["empty"]
    finally:
        store.close()


def test_several_damaged_files_are_all_named_in_the_order_of_their_paths(data: Path):
    empty = damage(data, "empty")
    extra = data / "snapshots" / "58" / "2019" / "20200115T010000000000Z-00000000.parquet"
    extra.write_bytes(b"PAR1")
    store = Store.open(data)
    store.close()
    assert [(d.path, d.reason) for d in store.damaged] == [
        (extra.relative_to(data).as_posix(), "truncated"),
        (empty.relative_to(data).as_posix(), "empty"),
    ]
    assert [(d.province, d.year) for d in store.damaged] == [("58", 2019), ("70", 2024)]


def test_the_current_snapshot_a_commit_is_checked_against_skips_a_damaged_newer_file(data: Path):
    before = latest_snapshot_id(data, "70", 2024)
    for kind in ("bad_name", "truncated"):
        damage(data, kind)
        assert latest_snapshot_id(data, "70", 2024) == before


def test_every_reason_is_said_in_both_languages():
    for reason in REASONS:
        damaged = DamagedFile("snapshots/70/2024/x.parquet", "70", 2024, reason, "note")
        vi, en = damaged.reason_text("vi"), damaged.reason_text("en")
        assert vi and en and vi != en and "{" not in vi + en
