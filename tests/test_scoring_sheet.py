"""The scoring sheet the secretariat circulates (XLSX): one row per criterion, one column per unit,
points as numbers shown with two decimals, then the totals and the ranks; the reasons on a second
sheet; illustrative tables say so; formula-like text is neutralised."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from justice_dashboard.catalog import load_catalog
from justice_dashboard.scoring.engine import (
    Criterion,
    Figure,
    ManualEntry,
    ScoringTable,
    Step,
    score_table,
)
from justice_dashboard.scoring.sheet import sheet_bytes

CATALOG = load_catalog()
LADDER = Criterion(
    "A1", "A", "A", "Thẩm định dự thảo VBQPPL đúng hạn", "Drafts appraised on time", 3.0,
    "ladder", "VB02", steps=(Step(1.0, 3.0), Step(0.95, 2.75), Step(0.8, 2.5)),
)  # fmt: skip
BY_HAND = Criterion("B1", "B", "B", "Chỉ đạo, điều hành", "Direction", 5.0, "manual")
DEDUCTION = Criterion("C1", "C", "C", "Trừ điểm", "Deduction", 2.0, "penalty")
TABLE = ScoringTable(
    "kiem-thu", "STP", 2025, None, "Bảng kiểm thử", "Test table", "Minh họa (kiểm thử)", True,
    "Cờ thi đua ngành Tư pháp", "Justice sector emulation flag", (LADDER, BY_HAND, DEDUCTION),
)  # fmt: skip
LABELS = {"a": "Đồng Nai", "b": "Tây Ninh", "c": "Lâm Đồng"}


def _workbook() -> object:
    results = score_table(
        TABLE,
        ["a", "b", "c"],
        {("a", "VB02"): Figure(0.95), ("b", "VB02"): Figure(1.0), ("c", "VB02"): Figure(None)},
        {},
        {},
        {
            ("a", "B1"): ManualEntry(5.0, ""),
            ("b", "B1"): ManualEntry(5.0, ""),
            ("b", "C1"): ManualEntry(0.25, '=HYPERLINK("x")'),
        },
    )
    content = sheet_bytes(
        TABLE, results, LABELS, year=2025, group="Sở Tư pháp (STP)", illustrative=False,
        catalog=CATALOG,
    )  # fmt: skip
    return load_workbook(io.BytesIO(content))


def test_the_sheet_has_a_row_per_criterion_a_column_per_unit_then_totals_and_ranks():
    sheet = _workbook()["Bảng điểm"]
    assert sheet["A1"].value == "Bảng chấm điểm thi đua năm 2025 — nhóm Sở Tư pháp (STP)"
    assert sheet["A3"].value.startswith("Dữ liệu minh họa")  # the table is illustrative
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5)]
    assert rows == [
        ["Mã", "Tiêu chí", "Điểm tối đa", "Đồng Nai", "Tây Ninh", "Lâm Đồng"],
        ["A1", "Thẩm định dự thảo VBQPPL đúng hạn", 3, 2.75, 3, 0],
        ["B1", "Chỉ đạo, điều hành", 5, 5, 5, 0],
        ["C1", "Trừ điểm", -2, 0, -0.25, 0],
        [None, "Tổng điểm", 8, 7.75, 7.75, 0],
        [None, "Xếp hạng", None, 1, 1, 3],  # equal totals share the rank
    ]


def test_points_are_numbers_shown_with_two_decimals_and_ranks_as_whole_numbers():
    sheet = _workbook()["Bảng điểm"]
    assert isinstance(sheet["D6"].value, float) and sheet["D6"].number_format == "0.00"
    assert sheet["D10"].number_format == "0"


def test_the_reasons_sheet_explains_each_point_and_neutralises_formula_like_text():
    reasons = _workbook()["Cách tính"]
    rows = [[c.value for c in row] for row in reasons.iter_rows(min_row=1)]
    assert rows[0] == ["Đơn vị", "Mã", "Tiêu chí", "Điểm", "Điểm tối đa", "Cách tính"]
    assert rows[1] == [
        "Đồng Nai", "A1", "Thẩm định dự thảo VBQPPL đúng hạn", 2.75, 3, "95,00% (mức từ 95%): 2,75 điểm",
    ]  # fmt: skip
    missing = next(r for r in rows if r[0] == "Lâm Đồng" and r[1] == "A1")
    assert missing[5] == "Không có số liệu VB02 (Tỷ lệ thẩm định đúng hạn): 0 điểm"
    docked = next(r for r in rows if r[0] == "Tây Ninh" and r[1] == "C1")
    assert docked[5] == 'Trừ 0,25 điểm: =HYPERLINK("x")'  # inside the text: never run


def test_a_unit_name_or_criterion_that_looks_like_a_formula_is_written_as_text():
    results = score_table(TABLE, ["a"], {}, {}, {}, {})
    content = sheet_bytes(
        TABLE, results, {"a": "=1+1"}, year=2025, group="STP", illustrative=False,
        catalog=CATALOG,
    )  # fmt: skip
    book = load_workbook(io.BytesIO(content))
    assert book["Bảng điểm"]["D5"].value == "'=1+1"
    assert book["Cách tính"]["A2"].value == "'=1+1"
