"""A chart's own data file from tiny inline rows: what each column says, in CSV and XLSX."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd

from justice_dashboard.catalog import load_catalog
from justice_dashboard.charts.theme import ChartFrame
from justice_dashboard.export.chart_data import (
    ChartData,
    Column,
    chart_table,
    csv_bytes,
    xlsx_bytes,
)

CATALOG = load_catalog()
FRAME = ChartFrame(
    title="=Tỷ lệ thi hành xong về việc",  # a title a spreadsheet would run as a formula
    subtitle="% · 2024",
    source="số liệu mẫu",
    data_date=None,
    illustrative=True,
    notes=("Năm thi hành án 2024: từ 01/10/2023 đến 30/9/2024",),
)
ROWS = pd.DataFrame(
    {
        "name_vi": ["Đồng Nai", "TP. Hồ Chí Minh", "Tây Ninh"],
        "name_en": ["Dong Nai", "Ho Chi Minh City", "Tay Ninh"],
        "year": [2024, 2024, 2024],
        "value": [0.8620, 0.84523, None],
        "partial": [False, True, False],
        "target": [0.8325, 0.8325, 0.8325],
        "met": [True, None, False],
    }
)
TARGETS = (Column("target", "Chỉ tiêu (%)", 2, 100.0), Column("met", "Đạt"))


def _lines(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_a_rate_reads_as_a_percentage_number_and_as_the_chart_writes_it():
    table = chart_table(ChartData(ROWS, CATALOG.indicator("TA04"), columns=TARGETS), FRAME,
                        CATALOG, "vi").table  # fmt: skip
    assert table["Giá trị"].tolist()[:2] == [86.2, 84.52]
    assert table["Giá trị (như trên biểu đồ)"].tolist() == ["86,20%", "84,52%", "không có số liệu"]
    assert table["Chỉ tiêu (%)"].tolist() == [83.25, 83.25, 83.25]
    assert table["Đạt"].tolist() == ["Có", "", "Không"]  # a flag in words, a missing one empty
    assert table["Ghi chú"].tolist() == ["", "chưa đủ", "không có số liệu"]


def test_the_csv_has_the_title_above_the_table_and_the_source_and_rules_below_it():
    data = csv_bytes(chart_table(ChartData(ROWS, CATALOG.indicator("TA04")), FRAME, CATALOG, "vi"))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = _lines(data)
    assert lines[0] == ["'=Tỷ lệ thi hành xong về việc"]  # neutralised, not a formula
    assert lines[1] == ["% · 2024"]
    assert lines[2] == []
    header = 3  # the title, the subtitle, a blank line, then the table
    assert lines[header][:2] == ["Tỉnh", "Năm"]
    assert lines[header + 1][4] == "86,2"  # a decimal comma for Vietnamese Excel
    below = [c[0] for c in lines[header + 4 :] if c]
    assert below[0] == "Nguồn: số liệu mẫu"
    assert any(line.startswith("Dữ liệu minh họa") for line in below)
    assert below[-1] == "Năm thi hành án 2024: từ 01/10/2023 đến 30/9/2024"


def test_the_xlsx_keeps_numbers_as_numbers_in_the_indicators_decimals():
    data = xlsx_bytes(chart_table(ChartData(ROWS, CATALOG.indicator("TA04"), columns=TARGETS),
                                  FRAME, CATALOG, "en"))  # fmt: skip
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(rows) if row[0] == "Province") + 1
    assert rows[header - 1][:5] == ["Province", "Year", "Code", "Indicator", "Value"]
    first = sheet.cell(row=header + 1, column=5)
    assert first.value == 86.2 and first.number_format == "#,##0.00"
    assert sheet.cell(row=header + 1, column=9).value == "Yes"
    assert sheet.cell(row=header + 3, column=5).value is None  # no figure: an empty cell


def test_a_count_per_100k_reads_with_one_decimal_in_its_shown_unit():
    counts = ROWS.assign(value=[1234.56, 98.04, 5.0])
    data = ChartData(counts, CATALOG.indicator("TA01"), normalisation="per100k")
    table = chart_table(data, FRAME, CATALOG, "vi").table
    assert table["Giá trị"].tolist() == [1234.6, 98.0, 5.0]
    assert table["Giá trị (như trên biểu đồ)"].tolist()[0] == "1.234,6 việc"
    assert table["Đơn vị tính"].iloc[0] != CATALOG.indicator("TA01").unit("vi")  # per 100.000
