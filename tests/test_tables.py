"""Downloads open with their diacritics intact and with formula-like text neutralised."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from justice_dashboard.tables import csv_bytes, download_frame, neutralise, shown_frame, xlsx_bytes

FRAME = pd.DataFrame(
    {
        "Tỉnh": ["Bà Rịa - Vũng Tàu", "Đồng Nai", "Ninh Thuận", "Bình Thuận"],
        "Ghi chú": ['=HYPERLINK("http://x")', "+84 912", "-1+2", "@SUM(A1)"],
        "Giá trị": [125996, -0.75, 83.25, None],
    }
)


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_starts_with_a_bom_and_reads_back_with_its_diacritics():
    data = csv_bytes(FRAME)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data)
    assert rows[0] == ["Tỉnh", "Ghi chú", "Giá trị"]
    assert [r[0] for r in rows[1:]] == ["Bà Rịa - Vũng Tàu", "Đồng Nai", "Ninh Thuận", "Bình Thuận"]


def test_csv_cells_that_would_start_a_formula_get_an_apostrophe_and_numbers_stay_numbers():
    rows = _rows(csv_bytes(FRAME))
    assert [r[1] for r in rows[1:]] == [
        '\'=HYPERLINK("http://x")',
        "'+84 912",
        "'-1+2",
        "'@SUM(A1)",
    ]
    assert [r[2] for r in rows[1:]] == ["125996", "-0,75", "83,25", ""]


def test_the_csv_is_written_for_vietnamese_excel_semicolons_and_a_decimal_comma():
    text = csv_bytes(FRAME).decode("utf-8-sig")
    assert text.splitlines()[0] == "Tỉnh;Ghi chú;Giá trị"
    assert text.splitlines()[2] == "Đồng Nai;'+84 912;-0,75"
    back = pd.read_csv(io.BytesIO(csv_bytes(FRAME)), sep=";", decimal=",", encoding="utf-8-sig")
    pd.testing.assert_series_equal(back["Giá trị"], FRAME["Giá trị"].astype(float))


def test_the_data_pages_csv_reads_back_with_the_querys_values(sample_store):
    rows = sample_store.query(
        "data_table",
        bloc="DNB",
        units="reported",
        provinces=["75", "58"],
        indicators=["TA01", "TA04"],
        first_year=2021,
        last_year=2023,
        as_of=None,
    )
    table = download_frame(rows, "vi")
    back = pd.read_csv(io.BytesIO(csv_bytes(table)), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["Giá trị"].tolist() == pytest.approx(table["Giá trị"].astype(float).tolist())
    cases = (rows["indicator_code"] == "TA01").tolist()
    written = [r[6] for r in _rows(csv_bytes(table))[1:]]
    whole = [text for text, count in zip(written, cases, strict=True) if count]
    assert whole == [str(int(v)) for v in rows["value"][cases]]  # "12345", never "12345,0"
    assert back["Năm"].tolist() == rows["year"].tolist()


def test_the_xlsx_has_text_not_formulas_and_keeps_diacritics_and_numbers():
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(FRAME)))
    sheet = book.active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0] == ["Tỉnh", "Ghi chú", "Giá trị"]
    assert cells[2][0] == "Đồng Nai"
    assert all(sheet.cell(row=r, column=2).data_type == "s" for r in range(2, 6))
    assert cells[1][1] == '\'=HYPERLINK("http://x")'
    assert cells[2][2] == -0.75
    assert book.sheetnames == ["Dữ liệu"]


def test_plain_text_and_numbers_are_left_as_they_are():
    assert neutralise("Đồng Nai") == "Đồng Nai"
    assert neutralise(-5) == -5


def test_the_download_frame_writes_a_rate_as_a_percentage_and_a_missing_figure_as_empty():
    rows = pd.DataFrame(
        {
            "province_code": ["75", "58"],
            "name_vi": ["Đồng Nai", "Ninh Thuận"],
            "name_en": ["Dong Nai", "Ninh Thuan"],
            "year": [2022, 2022],
            "indicator_code": ["TA04", "TA04"],
            "indicator_vi": ["Tỷ lệ thi hành xong về việc"] * 2,
            "indicator_en": ["Completion rate by cases"] * 2,
            "unit_vi": ["%", "%"],
            "unit_en": ["%", "%"],
            "kind": ["rate", "rate"],
            "value": [0.8325, None],
            "data_date": [pd.Timestamp("2023-01-15 01:00"), pd.NaT],
            "snapshot_id": ["75-2022-20230115T010000000000Z-5d7a9834", None],
            "snapshot_source": ["dong-nai-2022.xlsx", None],
            "snapshot_submitted_at": [pd.Timestamp("2023-01-15 01:00", tz="UTC"), pd.NaT],
            "illustrative": [True, None],
            "partial": [False, False],
            "preliminary": [False, False],
        }
    )
    table = download_frame(rows, "vi")
    assert table["Giá trị"].iloc[0] == 83.25
    assert pd.isna(table["Giá trị"].iloc[1])
    assert table["Ghi chú"].tolist() == ["", "không có số liệu"]
    assert table["Ngày số liệu"].tolist() == ["15/01/2023", ""]
    # the snapshot by its source and the day it was sent, never its file on the server
    assert table["Bản số liệu"].tolist() == ["dong-nai-2022.xlsx, nộp ngày 15/01/2023", ""]
    assert table["Tình trạng số liệu"].tolist() == ["chính thức", ""]


def test_the_download_frame_says_a_figure_is_partial_or_preliminary():
    rows = pd.DataFrame(
        {
            "province_code": ["79", "75"],
            "name_vi": ["TP. Hồ Chí Minh", "Đồng Nai"],
            "name_en": ["Ho Chi Minh City", "Dong Nai"],
            "year": [2022, 2026],
            "indicator_code": ["VB01", "VB01"],
            "indicator_vi": ["Số dự thảo VBQPPL được thẩm định"] * 2,
            "indicator_en": ["Drafts appraised"] * 2,
            "unit_vi": ["lượt", "lượt"],
            "unit_en": ["drafts", "drafts"],
            "kind": ["count", "count"],
            "value": [120.0, 95.0],
            "data_date": [pd.Timestamp("2023-01-15"), pd.Timestamp("2026-11-05")],
            "snapshot_id": [None, "75-2026-20261105T010000000000Z-0a1b2c3d"],
            "snapshot_source": [None, "dong-nai-2026.xlsx"],
            "snapshot_submitted_at": [pd.NaT, pd.Timestamp("2026-11-05 01:00", tz="UTC")],
            "illustrative": [True, True],
            "partial": [True, False],
            "expected": [3, 1],
            "reporting": [2, 1],
            "missing_vi": ["TP. Hồ Chí Minh (cũ)", None],
            "missing_en": ["Ho Chi Minh City (former)", None],
            "preliminary": [False, True],
            "cut_date": [None, pd.Timestamp("2026-10-31")],
        }
    )
    table = download_frame(rows, "vi")
    assert table["Độ đầy đủ"].tolist() == [
        "chưa đủ: 2/3 tỉnh tiền thân; thiếu TP. Hồ Chí Minh (cũ)",
        "",
    ]
    assert table["Tình trạng số liệu"].tolist() == ["chính thức", "sơ bộ, đến 31/10/2026"]


def _read_rows() -> pd.DataFrame:
    """Three `data_table` rows: a rate, a count and a missing figure."""
    return pd.DataFrame(
        {
            "province_code": ["75", "75", "58"],
            "name_vi": ["Đồng Nai", "Đồng Nai", "Ninh Thuận"],
            "name_en": ["Dong Nai", "Dong Nai", "Ninh Thuan"],
            "year": [2022, 2022, 2022],
            "indicator_code": ["TA04", "TA01", "TA01"],
            "indicator_vi": ["Tỷ lệ thi hành xong về việc", "Tổng số việc phải thi hành", "x"],
            "indicator_en": ["Completion rate by cases", "Cases to be enforced", "x"],
            "unit_vi": ["%", "việc", "việc"],
            "unit_en": ["%", "cases", "cases"],
            "kind": ["rate", "count", "count"],
            "decimals": [2, 0, 0],
            "value": [0.805154, 125996.0, None],
            "data_date": [pd.Timestamp("2023-01-15 01:00")] * 2 + [pd.NaT],
            "snapshot_id": ["75-2022-20230115T010000000000Z-5d7a9834"] * 2 + [None],
            "snapshot_source": ["Bộ sinh dữ liệu minh họa (seed 2022)"] * 2 + [None],
            "snapshot_submitted_at": [pd.Timestamp("2023-01-15 01:00", tz="UTC")] * 2 + [pd.NaT],
            "illustrative": [True, True, None],
            "partial": [False, False, False],
            "preliminary": [False, False, False],
        }
    )


def test_the_data_pages_table_writes_each_figure_as_the_charts_do_in_vietnamese():
    table = shown_frame(_read_rows(), "vi")
    assert table["Giá trị"].tolist() == ["80,52%", "125.996", "không có số liệu"]
    assert download_frame(_read_rows(), "vi")["Giá trị"].iloc[0] == pytest.approx(80.5154)


def test_the_data_pages_table_writes_each_figure_the_english_way_in_english():
    table = shown_frame(_read_rows(), "en")
    assert table["Value"].tolist() == ["80.52%", "125,996", "no data"]
    assert table["Data date"].tolist() == ["15 Jan 2023", "15 Jan 2023", ""]
    # the sample's own provenance, stored in Vietnamese, read in English
    assert table["Snapshot"].tolist() == [
        "The dashboard's sample generator (seed 2022), submitted 15 Jan 2023",
    ] * 2 + [""]
