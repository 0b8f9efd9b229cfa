"""Numbers, percentages, money and dates are written the Vietnamese way, or the English way in
the English view."""

from __future__ import annotations

import ast
import datetime as dt
import unicodedata
from pathlib import Path

import pandas as pd

from justice_dashboard import fmt
from justice_dashboard.catalog import load_catalog

CATALOG = load_catalog()


def test_thousands_use_a_dot_and_decimals_a_comma():
    assert fmt.number(125996) == "125.996"
    assert fmt.number(434) == "434"
    assert fmt.number(-0.75, 2) == "-0,75"
    assert fmt.number(1234567.891, 1) == "1.234.567,9"


def test_any_finite_number_however_large_is_written_out_without_failing():
    assert fmt.number(1e28) == "10.000.000.000.000.000.000.000.000.000"
    assert fmt.number(9e27, 2) == "9.000.000.000.000.000.000.000.000.000,00"
    largest = fmt.number(1.7976931348623157e308)
    assert largest.startswith("179.769.313.486.231.570.000.") and len(largest) == 411
    assert fmt.percent(1e28) == "1" + ".000" * 10 + ",00%"
    assert fmt.number(5e-324, 2) == "0,00"


def test_a_value_that_rounds_to_zero_is_written_without_a_minus_sign():
    assert fmt.number(-0.0) == "0"
    assert fmt.number(-0.0001, 2) == "0,00"
    assert fmt.percent(-0.0) == "0,00%"
    assert fmt.percent(-0.00004) == "0,00%"
    assert fmt.number(-0.005001, 2) == "-0,01"
    assert fmt.percent(-0.0001) == "-0,01%"


def test_a_rate_stored_as_a_fraction_is_shown_as_a_percentage():
    assert fmt.percent(0.8325) == "83,25%"
    assert fmt.percent(0.5) == "50,00%"
    assert fmt.indicator_value(CATALOG.indicator("TA04"), 0.8325) == "83,25%"
    assert fmt.indicator_value(CATALOG.indicator("TA01"), 125996.0) == "125.996"


def test_the_english_view_writes_numbers_the_english_way():
    assert fmt.number(125996, lang="en") == "125,996"
    assert fmt.number(-0.75, 2, lang="en") == "-0.75"
    assert fmt.number(1234567.891, 1, lang="en") == "1,234,567.9"
    assert fmt.percent(0.8325, lang="en") == "83.25%"
    assert fmt.indicator_change(CATALOG.indicator("TA01"), 138596, 125996, "en") == "+10.0%"
    assert fmt.indicator_change(CATALOG.indicator("TA04"), 0.84, 0.8275, "en") == "+1.25 pp"
    assert fmt.money_billion(1234567, "en") == "1,234.6 billion VND"


def test_the_english_view_writes_dates_day_month_name_year():
    assert fmt.date(dt.date(2022, 12, 2), "en") == "2 Dec 2022"
    assert fmt.date(dt.datetime(2023, 1, 15, 8, 30), "en") == "15 Jan 2023"
    assert fmt.formal_date(dt.date(2022, 12, 2), "en") == "2 December 2022"


def test_charts_take_the_separators_of_the_language_shown():
    assert fmt.plotly_separators("vi") == ",."
    assert fmt.plotly_separators("en") == ".,"


def test_changes_are_signed_and_rates_change_in_points():
    assert fmt.indicator_change(CATALOG.indicator("TA01"), 138596, 125996) == "+10,0%"
    assert fmt.indicator_change(CATALOG.indicator("TA01"), 100, 125) == "-20,0%"
    assert fmt.indicator_change(CATALOG.indicator("TA04"), 0.84, 0.8275) == "+1,25 điểm %"
    assert fmt.indicator_change(CATALOG.indicator("TA01"), 5, None) is None


def test_missing_values_read_as_no_data_never_as_zero():
    assert fmt.number(None) == "không có số liệu"
    assert fmt.percent(float("nan")) == "không có số liệu"
    assert fmt.number(None, lang="en") == "no data"
    assert fmt.number(pd.NA) == "không có số liệu"  # a nullable column's empty cell
    assert fmt.is_missing(pd.NaT) and not fmt.is_missing(0.0)


def test_money_in_million_dong_reads_in_billion_dong():
    assert fmt.money_billion(1234567) == "1.234,6 tỷ đồng"


def test_dates_are_day_month_year():
    assert fmt.date(dt.date(2022, 12, 2)) == "02/12/2022"
    assert fmt.date(dt.datetime(2023, 1, 15, 8, 30)) == "15/01/2023"
    assert fmt.formal_date(dt.date(2022, 12, 2)) == "ngày 02 tháng 12 năm 2022"


def _texts_outside_docstrings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


def test_the_words_of_formatted_values_come_from_the_string_catalog_not_from_code():
    words = [
        text
        for text in _texts_outside_docstrings(Path(fmt.__file__))
        if any(ord(c) > 127 and unicodedata.category(c).startswith("L") for c in text)
        or any(w in text.split() for w in ("no", "data", "pp", "billion"))
    ]
    assert words == []
    assert fmt.number(None, 0, "vi") == "không có số liệu"
    assert fmt.percentage_points(0.0125, 2, "en") == "+1.25 pp"
