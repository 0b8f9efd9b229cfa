"""What staff really type is read as the numbers they meant (XLSX and CSV, template or report)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from intake_files import (
    bundled_values,
    filled_csv,
    filled_xlsx,
    report_style_xlsx,
    row_of,
    with_cached_values,
)

from justice_dashboard.catalog import load_catalog
from justice_dashboard.intake import check_file
from justice_dashboard.intake.numbers import Number, parse_number

CATALOG = load_catalog()
TODAY = dt.date(2025, 12, 1)
VALUES = bundled_values("70", 2024)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("125.996", Number(125996.0)),
        ("125996", Number(125996.0)),
        ("83,25", Number(83.25)),
        ("83,25%", Number(83.25, percent=True)),
        ("83,25 %", Number(83.25, percent=True)),
        ("  1.250  ", Number(1250.0)),
        ("1 250", Number(1250.0)),
        ("\u00a0434\u00a0", Number(434.0)),
        ("1.234.567,5", Number(1234567.5)),
        ("1,234,567", Number(1234567.0)),
        ("83.25", Number(83.25)),
        ("-0,75", Number(-0.75)),
        ("(12)", Number(-12.0)),
        (434, Number(434.0)),
        (83.25, Number(83.25)),
    ],
)
def test_a_number_typed_the_way_staff_type_it_reads_as_meant(typed, expected):
    assert parse_number(typed) == expected


@pytest.mark.parametrize("typed", ["", "abc", "khoảng 60", "12a", "=SUM(F8:F9)", "1..2", True])
def test_text_that_is_not_a_number_is_not_read_as_one(typed):
    assert parse_number(typed) is None


def test_a_cell_formatted_as_a_percentage_reads_in_percent():
    assert parse_number(0.8325, "0.00%") == Number(83.25, percent=True)


def _check(content: bytes, name: str = "bp.xlsx", **chosen):
    return check_file(content, name, CATALOG, today=TODAY, **chosen)


def test_the_template_filled_with_real_world_spellings_gives_the_right_numbers():
    typed: dict[str, object] = dict(VALUES)
    typed["TA01"] = "12.345"  # Vietnamese thousands, as text
    typed["TA02"] = " 9000 "  # number stored as text with spaces
    typed["TA05"] = "250.000,5"  # money with a decimal comma
    typed["PB02"] = "180 500"  # spaces as thousands
    typed["LS01"] = 61.0  # a real number

    def edit(ws):
        rate = ws.max_row + 1
        ws.cell(rate, 1, "TA04")  # a rate row given anyway
        ws.cell(rate, 6, "83,25 %")
        ws.cell(rate + 1, 2, "Tổng số")
        ws.cell(rate + 1, 6, 999999)
        ws.cell(rate + 3, 1, "Ghi chú: số liệu sơ bộ đến 30/11.")

    checked = _check(filled_xlsx(CATALOG, "70", 2024, typed, edit), province="70", year=2024)
    assert checked.problems == ()
    values = checked.submission.values
    assert values["TA01"] == 12345
    assert values["TA02"] == 9000
    assert values["TA05"] == 250000.5
    assert values["PB02"] == 180500
    assert values["LS01"] == 61
    assert values["VB01"] == VALUES["VB01"]
    assert "TA04" not in values  # rates are derived, never stored
    assert checked.submission.given_rates == {"TA04": 83.25}


def test_a_formula_with_its_saved_value_reads_the_saved_value():
    def edit(ws):
        ws.cell(row_of(ws, "VB01"), 6, "=60+11")

    content = with_cached_values(filled_xlsx(CATALOG, "70", 2024, VALUES, edit), {"F8": "71"})
    checked = _check(content)
    assert checked.problems == ()
    assert checked.submission.values["VB01"] == 71


def _with_semicolons(text: str) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(csv.reader(io.StringIO(text)))
    return out.getvalue()


def test_the_same_layout_as_csv_reads_with_or_without_a_bom_and_with_semicolons():
    typed = {**VALUES, "TA01": "12.345", "TA05": "250.000,5"}
    text = filled_csv(CATALOG, "70", 2024, typed)
    for content in (
        text.encode("utf-8"),
        text.encode("utf-8-sig"),
        _with_semicolons(text).encode("utf-8-sig"),
    ):
        checked = _check(content, "bp.csv")
        assert checked.problems == (), [p.text() for p in checked.problems]
        assert checked.submission.province_code == "70"
        assert checked.submission.year == 2024
        assert checked.submission.values["TA01"] == 12345
        assert checked.submission.values["TA05"] == 250000.5


def test_a_report_style_sheet_with_merged_headers_and_signatures_is_read():
    typed = {**VALUES, "TA01": "12.345"}
    content = report_style_xlsx(typed, "Sở Tư pháp tỉnh Bình Phước", 2024)
    checked = _check(content, "bao-cao.xlsx", province="70", year=2024)
    assert checked.problems == (), [p.text() for p in checked.problems]
    assert checked.submission.values["TA01"] == 12345
    assert checked.submission.values["VB01"] == VALUES["VB01"]
    assert len(checked.submission.values) == len(CATALOG.stored_indicators())


def test_a_report_naming_another_province_in_its_header_is_caught():
    content = report_style_xlsx(VALUES, "Sở Tư pháp tỉnh Đồng Nai", 2024)
    checked = _check(content, "bao-cao.xlsx", province="70", year=2024)
    assert [p.text() for p in checked.problems] == [
        "Tệp bao-cao.xlsx, trang tính Biểu 01, dòng 1, cột F: tệp ghi tỉnh 75 (Đồng Nai), khác "
        "tỉnh đã chọn 70 (Bình Phước); hãy chọn đúng tỉnh hoặc dùng đúng tệp."
    ]


@pytest.mark.parametrize("name", ["README.md", "bao-cao.docx.txt.pdf", "ghi-chu.json"])
def test_a_text_file_that_is_not_a_table_is_refused_as_such(name):
    content = "# Ghi chú\nMã tỉnh, 70\nVB01, 60\n".encode()
    checked = _check(content, name, province="70", year=2024)
    assert [p.text() for p in checked.problems] == [
        f"Tệp {name}: không phải tệp Excel (.xlsx) hay CSV; cần tệp tải từ nút “Tải mẫu nhập” "
        "hoặc CSV cùng bố cục."
    ]
