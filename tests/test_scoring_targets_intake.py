"""A unit's own targets brought in like figures: the template round trip, every problem named with
file, sheet, row, column and what was expected, a new immutable file per unit and year whose latest
replaces the catalog's rows, and the scores follow it."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.scoring.files import list_target_files
from justice_dashboard.scoring.targets import (
    TargetRow,
    check_targets_file,
    commit_targets,
    template_bytes,
)
from justice_dashboard.snapshots import data_version, forget_data_versions
from justice_dashboard.store import Store

CATALOG = load_catalog()
NATIONAL = {"TA04": (0.839, "ge"), "TA07": (0.519, "ge")}


def filled(cells: dict[str, object], code: str = "80", year: int = 2025) -> bytes:
    """The template for `code` and `year` with `cells` typed in (e.g. {"D7": 85})."""
    book = load_workbook(
        io.BytesIO(template_bytes(CATALOG, code, year, ["TA04", "TA07"], NATIONAL))
    )
    sheet = book.active
    for where, value in cells.items():
        sheet[where] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SOURCE = {"B4": "QĐ 15/QĐ-UBND ngày 10/01/2025"}


def test_the_template_names_the_unit_year_and_each_rate_with_its_national_target():
    sheet = load_workbook(io.BytesIO(filled({}))).active
    assert [sheet["A2"].value, sheet["B2"].value, sheet["C2"].value] == [
        "Đơn vị:",
        "80",
        "Tây Ninh",
    ]
    assert [sheet["A3"].value, sheet["B3"].value] == ["Năm:", 2025]
    assert [c.value for c in sheet[6]] == [
        "Mã chỉ tiêu", "Tên chỉ tiêu", "Chỉ tiêu toàn quốc", "Chỉ tiêu được giao (%)",
        "So sánh (≥ hoặc >)",
    ]  # fmt: skip
    assert [sheet["A7"].value, sheet["C7"].value] == ["TA04", "≥ 83,90%"]


def test_a_filled_template_is_read_as_fractions_with_their_comparison():
    checked = check_targets_file(
        filled({**SOURCE, "D7": 85, "D8": "52,5%", "E8": ">"}), "chi-tieu.xlsx", CATALOG,
        code="80", year=2025,
    )  # fmt: skip
    assert checked.ok, [p.text() for p in checked.problems]
    assert checked.rows == (TargetRow("TA04", 0.85, "ge"), TargetRow("TA07", 0.525, "gt"))
    assert checked.source == "QĐ 15/QĐ-UBND ngày 10/01/2025"


def test_every_problem_is_named_with_file_sheet_row_column_and_what_was_expected():
    checked = check_targets_file(
        filled({"B2": "75", "D7": "0,85", "D8": "nhiều", "E8": "=", "A9": "TA03", "D9": 90}),
        "chi-tieu.xlsx",
        CATALOG,
        code="80",
        year=2025,
    )
    where = "Tệp chi-tieu.xlsx, trang tính Chỉ tiêu được giao"
    assert [p.text() for p in checked.problems] == [
        f"{where}, dòng 2, cột B: tệp ghi đơn vị “75”, khác đơn vị đã chọn; cần mã 80 (Tây Ninh).",
        f"{where}, dòng 7, cột D: “0,85” giống một phân số hơn là phần trăm; cần ghi phần trăm, "
        "ví dụ 85 cho 85%.",
        f"{where}, dòng 8, cột D: “nhiều” không phải một số; cần tỷ lệ phần trăm lớn hơn 0 và "
        "không quá 100, ví dụ 85 hoặc 85,5%.",
        f"{where}, dòng 9, cột A: TA03 không phải một tỷ lệ; chỉ tiêu được giao chỉ áp dụng cho "
        "các tỷ lệ (ví dụ TA04, TA07).",
    ]


def test_targets_without_their_source_or_for_a_merged_unit_are_refused():
    checked = check_targets_file(filled({"D7": 85}), "a.xlsx", CATALOG, code="80", year=2025)
    assert [p.kind for p in checked.problems] == ["target_no_source"]
    merged = check_targets_file(filled({}), "a.xlsx", CATALOG, code="70", year=2025)
    assert "đã hợp nhất vào Đồng Nai" in merged.problems[0].text()
    old_xls = check_targets_file(
        b"\xd0\xcf\x11\xe0" + b"\0" * 600, "a.xls", CATALOG, code="80", year=2025
    )
    assert old_xls.problems[0].kind == "old_xls"  # the figures' reader and its refusals


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    return root


def _own(root: Path) -> dict[tuple[str, int, str], tuple[float, str]]:
    store = Store.open(root)
    try:
        rows = store.query("unit_targets", first_year=2018, last_year=2030)
    finally:
        store.close()
    return {
        (r.unit_id, r.year, r.indicator_code): (r.target, r.comparison) for r in rows.itertuples()
    }


def test_the_latest_file_of_a_unit_and_year_replaces_the_catalogs_targets_and_older_files_stay(
    data: Path,
):
    assert _own(data)[("tay-ninh", 2025, "TA04")] == (0.85, "ge")  # the catalog's illustrative row
    before = data_version(data)
    first = commit_targets(
        data,
        check_targets_file(filled({**SOURCE, "D8": 55}), "a.xlsx", CATALOG, code="80", year=2025),
        "Nguyễn Văn A",
        dt.datetime(2025, 12, 1, 8, tzinfo=dt.UTC),
    )
    forget_data_versions()
    assert data_version(data) != before  # the running app sees the new targets at once
    own = _own(data)
    assert ("tay-ninh", 2025, "TA04") not in own  # left empty in the file: the national one applies
    assert own[("tay-ninh", 2025, "TA07")] == (0.55, "ge")
    second = commit_targets(
        data,
        check_targets_file(filled({**SOURCE, "D7": 86}), "b.xlsx", CATALOG, code="80", year=2025),
        "Trần Thị B",
        dt.datetime(2025, 12, 2, 8, tzinfo=dt.UTC),
    )
    assert list_target_files(data) == [first, second]  # the first is kept, unchanged
    own = _own(data)
    assert own[("tay-ninh", 2025, "TA04")] == (0.86, "ge")
    assert ("tay-ninh", 2025, "TA07") not in own
    store = Store.open(data)
    try:
        inputs = store.query("scoring_inputs", bloc="DNB", units="current", year=2025, as_of=None)
    finally:
        store.close()
    ta04 = inputs[(inputs["unit_id"] == "tay-ninh") & (inputs["indicator_code"] == "TA04")]
    assert ta04["unit_target"].tolist() == [0.86]


def test_a_file_with_problems_or_without_a_name_is_not_written(data: Path):
    wrong = check_targets_file(filled({"D7": "x"}), "a.xlsx", CATALOG, code="80", year=2025)
    with pytest.raises(ValueError):
        commit_targets(data, wrong, "A")
    good = check_targets_file(filled({**SOURCE, "D7": 85}), "a.xlsx", CATALOG, code="80", year=2025)
    with pytest.raises(ValueError):
        commit_targets(data, good, "  ")
    assert list_target_files(data) == []
