"""Each chart's text alternative, from tiny inline rows: its title, subtitle and one line on its
data, as a screen reader reads it; and the chart camera's notes in the page's language."""

from __future__ import annotations

import pandas as pd

from justice_dashboard.accessibility import LISTED_VALUES, chart_text
from justice_dashboard.catalog import load_catalog
from justice_dashboard.charts.theme import ChartFrame
from justice_dashboard.export.chart_data import ChartData, Column

CATALOG = load_catalog()
RATE = CATALOG.indicator("TA04")
FRAME = ChartFrame(
    title="Tỷ lệ thi hành xong về việc",
    subtitle="% · 2024",
    source="số liệu mẫu",
    data_date=None,
    illustrative=True,
)
ROWS = pd.DataFrame(
    {
        "name_vi": ["Đồng Nai", "TP. Hồ Chí Minh", "Tây Ninh"],
        "name_en": ["Dong Nai", "Ho Chi Minh City", "Tay Ninh"],
        "value": [0.8620, 0.9, None],
    }
)


def test_a_one_year_chart_lists_each_units_value_highest_first_and_leaves_out_a_missing_one():
    text = chart_text(FRAME, ChartData(ROWS, RATE, year=2024), "vi")

    assert text == (
        "Biểu đồ: Tỷ lệ thi hành xong về việc (% · 2024). "
        "Từ cao xuống thấp: TP. Hồ Chí Minh: 90,00%; Đồng Nai: 86,20%."
    )


def test_the_english_text_names_the_units_and_writes_numbers_the_english_way():
    text = chart_text(FRAME, ChartData(ROWS, RATE, year=2024), "en")

    assert text == (
        "Chart: Tỷ lệ thi hành xong về việc (% · 2024). "
        "From highest to lowest: Ho Chi Minh City: 90.00%; Dong Nai: 86.20%."
    )


def test_a_chart_over_several_years_gives_the_count_the_years_and_the_extremes():
    rows = pd.DataFrame(
        {
            "name_vi": ["Đồng Nai", "Đồng Nai", "Tây Ninh", "Tây Ninh"],
            "name_en": ["Dong Nai", "Dong Nai", "Tay Ninh", "Tay Ninh"],
            "year": [2023, 2024, 2023, 2024],
            "value": [0.80, 0.85, 0.75, 0.95],
        }
    )

    text = chart_text(FRAME, ChartData(rows, RATE), "vi")

    assert text.endswith(
        "4 số liệu, 2023–2024; cao nhất: Tây Ninh, 2024: 95,00%; thấp nhất: Tây Ninh, 2023: 75,00%."
    )


def test_a_one_year_chart_of_many_units_gives_the_extremes_rather_than_a_long_list():
    count = LISTED_VALUES + 1
    rows = pd.DataFrame(
        {
            "name_vi": [f"Tỉnh {n}" for n in range(count)],
            "name_en": [f"Province {n}" for n in range(count)],
            "value": [n / 100 for n in range(count)],
        }
    )

    text = chart_text(FRAME, ChartData(rows, RATE, year=2024), "vi")

    assert text.endswith(
        f"{count} số liệu, 2024; cao nhất: Tỉnh {count - 1}: 12,00%; thấp nhất: Tỉnh 0: 0,00%."
    )


def test_a_score_chart_lists_its_first_column_the_way_the_reader_sees_it():
    rows = ROWS.assign(composite=[71.24, 88.0, 40.5])
    data = ChartData(rows, columns=(Column("composite", "Điểm", 1),), values=False)

    text = chart_text(FRAME, data, "vi")

    assert text.endswith(
        "Từ cao xuống thấp: TP. Hồ Chí Minh: 88,0; Đồng Nai: 71,2; Tây Ninh: 40,5."
    )


def test_a_chart_of_many_indicators_says_how_many_rows_of_data_it_has_and_where_they_are():
    rows = pd.DataFrame({"indicator_code": ["TA04", "VB01"], "value": [0.8, 120.0]})

    text = chart_text(FRAME, ChartData(rows, unit_name="Đồng Nai", year=2024), "vi")

    assert text.endswith("2 dòng số liệu, có trong nút “Tải số liệu”.")


def test_a_chart_without_data_rows_is_named_by_its_title_and_subtitle_alone():
    assert chart_text(FRAME, None, "en") == "Chart: Tỷ lệ thi hành xong về việc (% · 2024)."


def test_the_notes_the_chart_camera_shows_are_said_in_the_pages_language():
    from justice_dashboard.ui import plotly_config

    words = plotly_config("VB01_2024", "vi")["locales"]["vi"]["dictionary"]

    assert words["Preparing image - this may take a few seconds"] == (
        "Đang chuẩn bị ảnh, có thể mất vài giây"
    )
    assert words["Image download succeeded"] == "Đã tải ảnh"
