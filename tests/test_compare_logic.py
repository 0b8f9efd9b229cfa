"""The comparison's queries and sentence on tiny inline data, the expected results written out."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.charts.compare import compare_bar_figure
from justice_dashboard.charts.frames import rows_frame
from justice_dashboard.compare import caption, shown_average, year_over_year

UTC = dt.UTC


def _trend(store, indicator: str, provinces: list[str], normalisation: str = "absolute", **kw):
    return store.query(
        "province_trend",
        bloc="DNB",
        units=kw.get("units", "reported"),
        indicator=indicator,
        provinces=provinces,
        first_year=kw.get("first_year", 2021),
        last_year=kw.get("last_year", 2022),
        normalisation=normalisation,
        as_of=kw.get("as_of"),
    )


def test_per_100000_inhabitants_divides_a_count_by_the_approximate_population(
    write_values, open_store
):
    write_values("58", 2022, {"TG01": 300})  # Ninh Thuận, about 600.000 inhabitants in 2022
    rows = _trend(open_store(), "TG01", ["58"], "per100k", first_year=2022)
    assert rows["value"].tolist() == [pytest.approx(50.0)]
    assert rows["raw_value"].tolist() == [300]
    assert rows["population_approximate"].tolist() == [True]


def test_share_of_the_bloc_is_a_part_of_every_members_total_not_only_of_those_shown(
    write_values, open_store
):
    write_values("70", 2022, {"VB01": 100})
    write_values("75", 2022, {"VB01": 300})
    rows = _trend(open_store(), "VB01", ["75"], "share", first_year=2022)
    assert rows["value"].tolist() == [pytest.approx(0.75)]


def test_the_per_capita_average_line_is_the_sum_over_the_sum_of_population_not_a_mean_of_rates(
    write_values, open_store
):
    write_values("58", 2022, {"TG01": 300})  # 600.000 inhabitants: 50 per 100.000
    write_values("70", 2022, {"TG01": 1030})  # 1.030.000 inhabitants: 100 per 100.000
    rows = _trend(open_store(), "TG01", ["58", "70"], "per100k", first_year=2022)
    indicator = load_catalog().indicator("TG01")
    expected = (300 + 1030) / (600_000 + 1_030_000) * 100_000  # 81,6, not (50 + 100) / 2 = 75
    assert shown_average(rows, indicator, 2022, "per100k") == pytest.approx(expected)
    frame = rows_frame("TG01", "", rows, "vi")
    figure = compare_bar_figure(rows, indicator, frame, "vi", year=2022, normalisation="per100k")
    dashed = [s for s in figure.layout.shapes if s.line.dash == "dash"]
    assert [s.y0 for s in dashed] == [pytest.approx(expected)]
    legend = [trace.name for trace in figure.data if trace.showlegend]
    assert legend == ["Chung các tỉnh đang xem (tổng số/tổng dân số): 81,6 vụ việc"]


def test_the_share_view_has_no_average_line(write_values, open_store):
    write_values("58", 2022, {"TG01": 300})
    write_values("70", 2022, {"TG01": 1030})
    rows = _trend(open_store(), "TG01", ["58", "70"], "share", first_year=2022)
    indicator = load_catalog().indicator("TG01")
    frame = rows_frame("TG01", "", rows, "vi")
    figure = compare_bar_figure(rows, indicator, frame, "vi", year=2022, normalisation="share")
    assert [s for s in figure.layout.shapes if s.line.dash == "dash"] == []
    assert not [trace.name for trace in figure.data if trace.showlegend]


def test_a_rate_is_never_normalised_and_carries_its_parts(write_values, open_store):
    write_values("70", 2022, {"TA02": 200, "TA03": 150})
    rows = _trend(open_store(), "TA04", ["70"], "per100k", first_year=2022)
    assert rows[["value", "numerator", "denominator"]].iloc[0].tolist() == [0.75, 150, 200]


def test_a_province_year_without_figures_keeps_its_row_with_no_value(write_values, open_store):
    write_values("70", 2022, {"VB01": 10})
    rows = _trend(open_store(), "VB01", ["70"])
    assert rows["year"].tolist() == [2021, 2022]
    assert math.isnan(rows["value"].iloc[0]) and rows["value"].iloc[1] == 10


def test_the_trend_as_of_a_date_shows_the_figures_sent_by_then(write_values, open_store):
    write_values("74", 2022, {"VB01": 50}, submitted_at=dt.datetime(2022, 12, 5, tzinfo=UTC))
    write_values("74", 2022, {"VB01": 57}, submitted_at=dt.datetime(2023, 1, 15, tzinfo=UTC))
    store = open_store()
    then = _trend(store, "VB01", ["74"], first_year=2022, as_of=dt.datetime(2022, 12, 31))
    assert then["value"].tolist() == [50]
    assert _trend(store, "VB01", ["74"], first_year=2022)["value"].tolist() == [57]


def test_the_bloc_headline_as_of_a_date_keeps_the_bloc_rate_a_ratio_of_sums(
    write_values, open_store
):
    early = dt.datetime(2022, 12, 5, tzinfo=UTC)
    write_values("70", 2022, {"TA02": 100, "TA03": 90}, submitted_at=early)
    write_values("75", 2022, {"TA02": 1000, "TA03": 100}, submitted_at=early)
    write_values("75", 2022, {"TA02": 1000, "TA03": 500})  # corrected on 15/01/2023
    store = open_store()
    then = store.query(
        "bloc_headline_as_of",
        units="reported",
        bloc="DNB",
        year=2022,
        as_of=dt.datetime(2022, 12, 31),
    )
    now = store.query("bloc_headline", units="reported", bloc="DNB", year=2022)
    rate = "TA04"
    assert then.set_index("indicator_code").loc[rate, "value"] == pytest.approx(190 / 1100)
    assert now.set_index("indicator_code").loc[rate, "value"] == pytest.approx(590 / 1100)
    assert then.set_index("indicator_code").loc[rate, "units_with_figure"] == 2


def _frame(values: dict[str, tuple[float | None, float | None]]) -> pd.DataFrame:
    catalog = load_catalog()
    rows = []
    for code, (before, now) in values.items():
        p = catalog.unit_for(code, 2022)
        for year, value in ((2021, before), (2022, now)):
            rows.append(
                {
                    "province_code": code,
                    "name_vi": p.name_vi,
                    "name_en": p.name_en,
                    "colour": p.colour,
                    "year": year,
                    "value": math.nan if value is None else value,
                }
            )
    return pd.DataFrame(rows)


def _bloc(frame: pd.DataFrame, code: str, year: int = 2022) -> pd.DataFrame:
    """The bloc's year-over-year table, as the compare page hands it to the caption."""
    return year_over_year(frame, load_catalog().indicator(code), year)


def _shown(frame: pd.DataFrame, *codes: str) -> pd.DataFrame:
    return frame[frame["province_code"].isin(codes)].reset_index(drop=True)


def test_with_every_member_shown_the_caption_speaks_of_the_bloc():
    frame = _frame({"75": (1099, 1234), "58": (250, 234), "70": (500, 600)})
    indicator = load_catalog().indicator("TA01")  # context only: highest and lowest
    assert caption(frame, indicator, 2022, "absolute", "vi", bloc=_bloc(frame, "TA01")) == (
        "Đồng Nai cao nhất khối với 1.234 việc, tăng 12,3% so với năm 2021; "
        "Ninh Thuận thấp nhất khối với 234 việc."
    )
    indicator = load_catalog().indicator("TA03")  # higher is better: the first one leads
    assert caption(frame, indicator, 2022, "absolute", "vi", bloc=_bloc(frame, "TA03")) == (
        "Đồng Nai dẫn đầu khối với 1.234 việc, tăng 12,3% so với năm 2021; "
        "Ninh Thuận xếp cuối khối với 234 việc."
    )


def test_the_caption_of_a_rate_speaks_in_points_and_lists_provinces_without_figures():
    frame = _frame({"75": (0.80, 0.8325), "58": (0.81, 0.80), "70": (0.5, None)})
    indicator = load_catalog().indicator("TA04")
    assert caption(frame, indicator, 2022, "absolute", "vi", bloc=_bloc(frame, "TA04")) == (
        "Đồng Nai dẫn đầu khối với 83,25%, tăng 3,25 điểm % so với năm 2021; "
        "Ninh Thuận xếp cuối khối với 80,00%; không có số liệu: Bình Phước."
    )


def test_with_two_provinces_chosen_the_caption_speaks_of_them_with_their_ranks_in_the_bloc():
    bloc = _frame({"74": (0.90, 0.91), "75": (0.80, 0.85), "70": (0.70, 0.75), "58": (0.6, 0.6)})
    shown = _shown(bloc, "75", "70")
    text = caption(
        shown, load_catalog().indicator("TA04"), 2022, "absolute", "vi", bloc=_bloc(bloc, "TA04")
    )
    assert text == (
        "Trong 2 tỉnh đang xem, Đồng Nai đứng đầu với 85,00% (hạng 2/4 của khối), "
        "tăng 5,00 điểm % so với năm 2021; Bình Phước đứng cuối với 75,00% (hạng 3/4 của khối)."
    )
    assert "dẫn đầu khối" not in text and "Bình Dương" not in text and "Ninh Thuận" not in text


def test_with_two_provinces_chosen_the_english_caption_says_so_in_english():
    bloc = _frame({"74": (0.90, 0.91), "75": (0.80, 0.85), "70": (0.70, 0.75), "58": (0.6, 0.6)})
    shown = _shown(bloc, "75", "70")
    text = caption(
        shown, load_catalog().indicator("TA04"), 2022, "absolute", "en", bloc=_bloc(bloc, "TA04")
    )
    assert text == (
        "Of the 2 provinces shown, Dong Nai ranks first with 85.00% (rank 2 of 4 in the bloc), "
        "up 5.00 pp on 2021; Binh Phuoc ranks last with 75.00% (rank 3 of 4 in the bloc)."
    )


def test_without_the_bloc_the_caption_claims_nothing_about_the_bloc():
    frame = _frame({"75": (1099, 1234), "58": (250, 234)})
    text = caption(frame, load_catalog().indicator("TA03"), 2022, "absolute", "vi")
    assert text == (
        "Trong 2 tỉnh đang xem, Đồng Nai đứng đầu với 1.234 việc, tăng 12,3% so với năm 2021; "
        "Ninh Thuận đứng cuối với 234 việc."
    )


def test_tied_provinces_share_their_place_in_the_caption():
    frame = _frame({"75": (10, 30), "58": (20, 30), "70": (30, 5)})
    indicator = load_catalog().indicator("TA03")
    assert caption(frame, indicator, 2022, "absolute", "vi", bloc=_bloc(frame, "TA03")) == (
        "Ninh Thuận và Đồng Nai cùng dẫn đầu khối với 30 việc; Bình Phước xếp cuối khối với 5 việc."
    )
    shown = _shown(frame, "75", "58")
    assert caption(shown, indicator, 2022, "absolute", "en", bloc=_bloc(frame, "TA03")) == (
        "Of the 2 provinces shown, Ninh Thuan and Dong Nai share first place with 30 cases"
        " (rank 1 of 3 in the bloc)."
    )


def test_a_chosen_province_without_a_figure_is_named_and_the_bloc_ranks_only_figures():
    bloc = _frame({"74": (0.90, 0.91), "75": (0.80, 0.85), "70": (0.70, None), "58": (0.6, 0.6)})
    shown = _shown(bloc, "75", "70")
    text = caption(
        shown, load_catalog().indicator("TA04"), 2022, "absolute", "vi", bloc=_bloc(bloc, "TA04")
    )
    assert text == (
        "Trong 2 tỉnh đang xem, Đồng Nai đứng đầu với 85,00% (hạng 2/3 của khối), "
        "tăng 5,00 điểm % so với năm 2021; không có số liệu: Bình Phước."
    )


def test_on_todays_units_a_partial_figure_takes_no_rank_in_the_caption_or_the_bloc():
    bloc = _frame({"74": (0.90, 0.95), "75": (0.80, 0.85), "70": (0.70, 0.75), "58": (0.6, 0.6)})
    bloc["partial"] = bloc["province_code"] == "74"  # the highest figure misses a predecessor
    indicator = load_catalog().indicator("TA04")
    whole = caption(bloc, indicator, 2022, "absolute", "vi", bloc=_bloc(bloc, "TA04"))
    assert whole.startswith("Đồng Nai dẫn đầu khối với 85,00%")
    assert whole.endswith("Chưa đủ số liệu tiền thân, không xếp hạng: Bình Dương.")
    shown = _shown(bloc, "74", "70")
    assert caption(shown, indicator, 2022, "absolute", "vi", bloc=_bloc(bloc, "TA04")) == (
        "Trong 2 tỉnh đang xem, Bình Phước đứng đầu với 75,00% (hạng 2/3 của khối), "
        "tăng 5,00 điểm % so với năm 2021. Chưa đủ số liệu tiền thân, không xếp hạng: Bình Dương."
    )


def test_the_year_over_year_table_shares_ranks_on_ties_and_shows_moves():
    frame = _frame({"75": (10, 30), "58": (20, 30), "70": (30, 5)})
    table = year_over_year(frame, load_catalog().indicator("TA03"), 2022).set_index("province_code")
    assert table["rank"].to_dict() == {"75": 1, "58": 1, "70": 3}
    assert table["rank_change"].to_dict() == {"75": 2, "58": 1, "70": -2}
    assert table.loc["75", "change_pct"] == pytest.approx(2.0)
