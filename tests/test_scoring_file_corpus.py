"""A corpus of bad files for the two kinds of scoring files brought in besides figures: a unit's own
targets (`scoring.targets`) and a year's scoring table (`scoring.table_file`). Each is the real
template with one thing wrong; each is refused with the whole message the user sees (file, sheet,
row, column and what was expected), nothing is written, and between them the files produce every
declared kind of problem of their prefix."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from intake_files import copy_of_bundled, tree_hashes
from openpyxl import load_workbook

from justice_dashboard.catalog import load_catalog
from justice_dashboard.i18n import strings
from justice_dashboard.scoring import table_file, targets
from justice_dashboard.scoring.engine import choose_table
from justice_dashboard.scoring.tables import load_tables

CATALOG = load_catalog()

# --- a unit's own targets: Tây Ninh (80) in 2025, the rates TA04 (row 7) and TA07 (row 8) --------
NATIONAL = {"TA04": (0.839, "ge"), "TA07": (0.519, "ge")}
TARGETS = "Tệp chi-tieu.xlsx, trang tính Chỉ tiêu được giao"
TARGETS_SOURCE = {"B4": "QĐ 15/QĐ-UBND ngày 10/01/2025"}


def targets_file(cells: dict[str, object]) -> Callable[[], bytes]:
    """The targets template of unit 80 for 2025 with `cells` typed in (None empties a cell)."""

    def build() -> bytes:
        template = targets.template_bytes(CATALOG, "80", 2025, ["TA04", "TA07"], NATIONAL)
        return _edited(template, cells)

    return build


# --- a year's scoring table: the STP table of 2024, rows 8–14 (A1–A3 ladders, A4 proportional,
# A5 met, B1 manual, C1 penalty) -----------------------------------------------------------------
TABLE = "Tệp bd.xlsx, trang tính Bảng điểm"
DECISION = {"B4": "QĐ 536/QĐ-BTP ngày 29/3/2024"}


def table_of(cells: dict[str, object], *, empty: bool = False) -> Callable[[], bytes]:
    """The STP 2024 template, filled with the table in use (none when `empty`), `cells` typed in."""

    def build() -> bytes:
        table = None if empty else choose_table(load_tables(), "STP", 2024)
        return _edited(table_file.template_bytes("STP", 2024, table), cells)

    return build


def _edited(template: bytes, cells: dict[str, object]) -> bytes:
    book = load_workbook(io.BytesIO(template))
    for where, value in cells.items():
        book.active[where] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Case:
    name: str
    content: Callable[[], bytes]
    says: tuple[str, ...]  # every problem the user sees, in order


TARGET_CASES = [
    Case(
        "no_header",
        targets_file({"A6": None}),
        (
            "Tệp chi-tieu.xlsx: không tìm thấy ô tiêu đề “Mã chỉ tiêu”; cần bảng theo mẫu chỉ tiêu"
            " được giao (Mã chỉ tiêu, Tên chỉ tiêu, Chỉ tiêu được giao (%), So sánh).",
        ),
    ),
    Case(
        "no_columns",
        targets_file({"D6": "Chỉ tiêu"}),
        (
            f"{TARGETS}, dòng 6, cột A: dòng tiêu đề thiếu cột “Chỉ tiêu được giao (%)”; cần đủ các"
            " cột của mẫu.",
        ),
    ),
    Case(
        "no_target_nor_comparison_column",
        targets_file({"D6": "Chỉ tiêu", "E6": None}),
        (
            f"{TARGETS}, dòng 6, cột A: dòng tiêu đề thiếu cột “Chỉ tiêu được giao (%)”, “So sánh"
            " (≥ hoặc >)”; cần đủ các cột của mẫu.",
        ),
    ),
    Case(
        "no_unit",
        targets_file({"B2": None, "C2": None}),
        (
            f"{TARGETS}, dòng 2, cột A: không thấy mã đơn vị; cần mã tỉnh ở ô bên phải ô “Đơn vị:”"
            " như trong mẫu.",
        ),
    ),
    Case(
        "other_unit",
        targets_file({"B2": "75"}),
        (
            f"{TARGETS}, dòng 2, cột B: tệp ghi đơn vị “75”, khác đơn vị đã chọn; cần mã 80 (Tây Ninh).",
        ),
    ),
    Case(
        "no_year",
        targets_file({"B3": None}),
        (
            f"{TARGETS}, dòng 3, cột A: không thấy năm; cần năm ở ô bên phải ô “Năm:” như trong mẫu.",
        ),
    ),
    Case(
        "other_year",
        targets_file({"B3": 2024}),
        (f"{TARGETS}, dòng 3, cột B: tệp ghi năm “2024”, khác năm đã chọn; cần năm 2025.",),
    ),
    Case(
        "no_code",
        targets_file({**TARGETS_SOURCE, "A8": None, "D8": 55}),
        (
            f"{TARGETS}, dòng 8, cột D: có chỉ tiêu được giao nhưng dòng này không có mã"
            " chỉ tiêu; cần một mã của mẫu (ví dụ TA04).",
        ),
    ),
    Case(
        "unknown_indicator",
        targets_file({"A8": "XX99"}),
        (
            f"{TARGETS}, dòng 8, cột A: mã chỉ tiêu “XX99” không có trong danh mục; cần một mã của"
            " mẫu (ví dụ TA04).",
        ),
    ),
    Case(
        "not_rate",
        targets_file({"A8": "TA03"}),
        (
            f"{TARGETS}, dòng 8, cột A: TA03 không phải một tỷ lệ; chỉ tiêu được giao chỉ áp dụng"
            " cho các tỷ lệ (ví dụ TA04, TA07).",
        ),
    ),
    Case(
        "twice",
        targets_file({"A8": "TA04"}),
        (
            f"{TARGETS}, dòng 8, cột A: chỉ tiêu TA04 xuất hiện lần thứ hai (lần đầu ở dòng 7); cần"
            " mỗi mã một dòng.",
        ),
    ),
    Case(
        "not_number",
        targets_file({**TARGETS_SOURCE, "D7": "nhiều"}),
        (
            f"{TARGETS}, dòng 7, cột D: “nhiều” không phải một số; cần tỷ lệ phần trăm lớn hơn"
            " 0 và không quá 100, ví dụ 85 hoặc 85,5%.",
        ),
    ),
    Case(
        "fraction",
        targets_file({**TARGETS_SOURCE, "D7": "0,85"}),
        (
            f"{TARGETS}, dòng 7, cột D: “0,85” giống một phân số hơn là phần trăm; cần ghi phần"
            " trăm, ví dụ 85 cho 85%.",
        ),
    ),
    Case(
        "out_of_range",
        targets_file({**TARGETS_SOURCE, "D7": 120}),
        (
            f"{TARGETS}, dòng 7, cột D: “120” nằm ngoài khoảng cho phép; cần tỷ lệ phần trăm lớn"
            " hơn 0 và không quá 100.",
        ),
    ),
    Case(
        "comparison",
        targets_file({"E7": "="}),
        (
            f"{TARGETS}, dòng 7, cột E: cách so sánh “=” không hợp lệ; cần “≥” (đạt khi bằng) hoặc"
            " “>” (chỉ đạt khi cao hơn).",
        ),
    ),
    Case(
        "no_rows",
        targets_file({"A7": None, "A8": None}),
        (
            f"{TARGETS}, dòng 6, cột A: không có dòng chỉ tiêu nào dưới dòng tiêu đề; cần ít nhất"
            " một dòng theo mẫu.",
        ),
    ),
    Case(
        "no_source",
        targets_file({"D7": 85}),
        (
            f"{TARGETS}, dòng 4, cột A: chưa ghi căn cứ giao chỉ tiêu; cần số, ngày văn bản giao"
            " chỉ tiêu ở ô bên phải ô “Căn cứ giao chỉ tiêu:”.",
        ),
    ),
]

TABLE_CASES = [
    Case(
        "no_header",
        table_of({**DECISION, "A7": None}),
        ("Tệp bd.xlsx: không tìm thấy ô tiêu đề “Mã tiêu chí”; cần bảng theo mẫu bảng chấm điểm.",),
    ),
    Case(
        "no_columns",
        table_of({**DECISION, "K7": "Các mức"}),
        (
            f"{TABLE}, dòng 7, cột A: dòng tiêu đề thiếu cột “Các mức (%: điểm)”; cần đủ các cột"
            " của mẫu.",
        ),
    ),
    Case(
        "no_group",
        table_of({**DECISION, "B2": None}),
        (
            f"{TABLE}, dòng 2, cột A: không thấy nhóm; cần STP ở ô bên phải ô “Nhóm:” như trong"
            " mẫu.",
        ),
    ),
    Case(
        "other_group",
        table_of({**DECISION, "B2": "THA"}),
        (
            f"{TABLE}, dòng 2, cột B: tệp ghi nhóm “THA”, khác nhóm đã chọn; cần STP ở ô bên phải"
            " ô “Nhóm:”.",
        ),
    ),
    Case(
        "no_year",
        table_of({**DECISION, "B3": None}),
        (
            f"{TABLE}, dòng 3, cột A: không thấy năm; cần năm 2024 ở ô bên phải ô “Năm:” như trong"
            " mẫu.",
        ),
    ),
    Case(
        "other_year",
        table_of({**DECISION, "B3": 2023}),
        (
            f"{TABLE}, dòng 3, cột B: tệp ghi năm “2023”, khác năm đã chọn; cần năm 2024 ở ô bên"
            " phải ô “Năm:”.",
        ),
    ),
    Case(
        "no_source",
        table_of({}),
        (
            f"{TABLE}, dòng 4, cột A: chưa ghi căn cứ của bảng điểm; cần số, ngày quyết định (ví"
            " dụ QĐ 536/QĐ-BTP ngày 29/3/2024) ở ô bên phải ô “Căn cứ:”.",
        ),
    ),
    Case(
        "no_code",
        table_of({**DECISION, "A8": None}),
        (
            f"{TABLE}, dòng 8, cột A: dòng có nội dung nhưng không có mã tiêu chí; cần mã (ví dụ A1).",
        ),
    ),
    Case(
        "twice",
        table_of({**DECISION, "A9": "A1"}),
        (
            f"{TABLE}, dòng 9, cột A: mã tiêu chí “A1” xuất hiện lần thứ hai (lần đầu ở dòng 8);"
            " cần mỗi mã một dòng.",
        ),
    ),
    Case(
        "no_rule",
        table_of({**DECISION, "E9": None}),
        (
            f"{TABLE}, dòng 9, cột E: chưa có cách chấm; cần một trong: bậc thang, tỷ lệ so với chỉ"
            " tiêu, đạt/không đạt, chấm tay, điểm trừ.",
        ),
    ),
    Case(
        "rule",
        table_of({**DECISION, "E9": "bậc"}),
        (
            f"{TABLE}, dòng 9, cột E: cách chấm “bậc” không hợp lệ; cần một trong: bậc thang, tỷ"
            " lệ so với chỉ tiêu, đạt/không đạt, chấm tay, điểm trừ.",
        ),
    ),
    Case(
        "no_max",
        table_of({**DECISION, "D8": None}),
        (f"{TABLE}, dòng 8, cột D: điểm tối đa để trống hoặc bằng 0; cần một số lớn hơn 0.",),
    ),
    Case(
        "zero_max",
        table_of({**DECISION, "D8": 0}),
        (f"{TABLE}, dòng 8, cột D: điểm tối đa để trống hoặc bằng 0; cần một số lớn hơn 0.",),
    ),
    Case(
        "not_number",
        table_of({**DECISION, "D8": "nhiều"}),
        (f"{TABLE}, dòng 8, cột D: “nhiều” không phải một số không âm; cần một số, ví dụ 2,75.",),
    ),
    Case(
        "no_indicator",
        table_of({**DECISION, "F8": None}),
        (
            f"{TABLE}, dòng 8, cột F: chưa có mã chỉ tiêu; cách chấm “bậc thang” tính từ số liệu"
            " nên cần một mã chỉ tiêu của danh mục (ví dụ VB02).",
        ),
    ),
    Case(
        "indicator",
        table_of({**DECISION, "F8": "XX99"}),
        (
            f"{TABLE}, dòng 8, cột F: cách chấm “bậc thang” cần mã chỉ tiêu của danh mục (ví dụ"
            " VB02), không phải “XX99”.",
        ),
    ),
    Case(
        "indicator_not_used",
        table_of({**DECISION, "F13": "VB02"}),
        (
            f"{TABLE}, dòng 13, cột F: cách chấm “chấm tay” không tính từ số liệu; cần để trống mã"
            " chỉ tiêu.",
        ),
    ),
    Case(
        "target",
        table_of({**DECISION, "G11": 120}),
        (
            f"{TABLE}, dòng 11, cột G: chỉ tiêu “120” nằm ngoài khoảng cho phép; cần phần trăm lớn"
            " hơn 0 và không quá 100.",
        ),
    ),
    Case(
        "comparison",
        table_of({**DECISION, "H11": "="}),
        (f"{TABLE}, dòng 11, cột H: cách so sánh “=” không hợp lệ; cần “≥” hoặc “>”.",),
    ),
    Case(
        "step",
        table_of({**DECISION, "K8": "100: 3; 95"}),
        (
            f"{TABLE}, dòng 8, cột K: mức “95” không đọc được; cần dạng “95: 2,75” (mức từ, %:"
            " điểm), các mức cách nhau bằng “;”.",
        ),
    ),
    Case(
        "target_fraction",
        table_of({**DECISION, "G11": "0,85"}),
        (
            f"{TABLE}, dòng 11, cột G: “0,85” giống một phân số hơn là phần trăm; cần ghi phần"
            " trăm, ví dụ 85 cho 85% (mức “95: 2,75” cho 95%).",
        ),
    ),
    Case(
        "step_fraction",
        table_of({**DECISION, "K8": "1: 3; 0,95: 2,75"}),
        (
            f"{TABLE}, dòng 8, cột K: “0,95: 2,75” giống một phân số hơn là phần trăm; cần ghi"
            " phần trăm, ví dụ 85 cho 85% (mức “95: 2,75” cho 95%).",
        ),
    ),
    Case(
        "step_range",
        table_of({**DECISION, "K8": "100: 4"}),
        (
            f"{TABLE}, dòng 8, cột K: mức “100: 4” nằm ngoài khoảng; cần mức từ 0 đến 100% và điểm"
            " từ 0 đến 3.",
        ),
    ),
    Case(
        "no_steps",
        table_of({**DECISION, "K8": None}),
        (
            f"{TABLE}, dòng 8, cột K: cách chấm bậc thang cần các mức; cần dạng “100: 3; 95: 2,75; 80:"
            " 2,5”.",
        ),
    ),
    Case(
        "no_rows",
        table_of(DECISION, empty=True),
        (
            f"{TABLE}, dòng 7, cột A: không có tiêu chí nào dưới dòng tiêu đề; cần ít nhất một"
            " dòng theo mẫu.",
        ),
    ),
]


def checked_targets(content: bytes) -> targets.TargetFile:
    return targets.check_targets_file(content, "chi-tieu.xlsx", CATALOG, code="80", year=2025)


def checked_table(content: bytes) -> table_file.TableFile:
    return table_file.check_table_file(content, "bd.xlsx", CATALOG, agency="STP", year=2024)


def declared(prefix: str) -> set[str]:
    return {
        k.removeprefix("intake.problem.")
        for k in strings()
        if k.startswith(f"intake.problem.{prefix}")
    }


def test_the_targets_corpus_has_a_bad_file_for_every_kind_of_targets_problem():
    seen = {p.kind for case in TARGET_CASES for p in checked_targets(case.content()).problems}
    assert seen == declared("target_")


def test_the_tables_corpus_has_a_bad_file_for_every_kind_of_table_problem():
    seen = {p.kind for case in TABLE_CASES for p in checked_table(case.content()).problems}
    assert seen == declared("table_")


def test_each_bad_file_is_one_edit_of_a_template_that_is_itself_accepted():
    assert checked_targets(targets_file({**TARGETS_SOURCE, "D7": 85})()).ok
    assert checked_table(table_of(DECISION)()).ok


@pytest.mark.parametrize("case", TARGET_CASES, ids=[c.name for c in TARGET_CASES])
def test_a_bad_targets_file_is_refused_with_its_own_message_and_nothing_is_written(
    case: Case, tmp_path: Path
):
    data = copy_of_bundled(tmp_path / "data")
    before = tree_hashes(data)
    checked = checked_targets(case.content())
    assert [p.text() for p in checked.problems] == list(case.says)
    with pytest.raises(ValueError):
        targets.commit_targets(data, checked, "Kiểm thử")
    assert tree_hashes(data) == before


@pytest.mark.parametrize("case", TABLE_CASES, ids=[c.name for c in TABLE_CASES])
def test_a_bad_table_file_is_refused_with_its_own_message_and_nothing_is_written(
    case: Case, tmp_path: Path
):
    data = copy_of_bundled(tmp_path / "data")
    before = tree_hashes(data)
    checked = checked_table(case.content())
    assert [p.text() for p in checked.problems] == list(case.says)
    with pytest.raises(ValueError):
        table_file.commit_table(data, checked, "Kiểm thử")
    assert tree_hashes(data) == before
