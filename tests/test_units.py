"""Units that change (the 2025 merger): figures as reported and re-aggregated onto today's units, on
tiny data folders written from inline rows (the bundled catalog: units, successions, membership)."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.charts.compare import compare_bar_figure, compare_lines_figure
from justice_dashboard.charts.frames import rows_frame
from justice_dashboard.coverage import Counting, coverage_text
from justice_dashboard.ranking import with_ranks_and_scores
from justice_dashboard.snapshots import PRELIMINARY, Status

UTC = dt.UTC
CATALOG = load_catalog()


def _trend(store, units: str, indicator: str, provinces: list[str], first: int, last: int, **kw):
    return store.query(
        "province_trend",
        bloc="DNB",
        units=units,
        indicator=indicator,
        provinces=provinces,
        first_year=first,
        last_year=last,
        normalisation=kw.get("normalisation", "absolute"),
        as_of=None,
    )


def _row(frame: pd.DataFrame, code: str, year: int) -> pd.Series:
    rows = frame[(frame["province_code"] == code) & (frame["year"] == year)]
    assert len(rows) == 1, (code, year, rows)
    return rows.iloc[0]


def test_a_current_units_rate_is_the_ratio_of_its_predecessors_summed_parts(
    write_values, open_store
):
    # Đồng Nai today = Bình Phước + Đồng Nai (cũ): 80/100 and 10/100 -> 90/200, not (80% + 10%)/2
    write_values("70", 2022, {"TA02": 100, "TA03": 80})
    write_values("75", 2022, {"TA02": 100, "TA03": 10})
    rows = _trend(open_store(), "current", "TA04", ["75"], 2022, 2022)
    dong_nai = _row(rows, "75", 2022)
    assert dong_nai["value"] == pytest.approx(90 / 200)
    assert (dong_nai["numerator"], dong_nai["denominator"]) == (90, 200)
    assert not dong_nai["partial"]
    assert (dong_nai["expected"], dong_nai["reporting"]) == (2, 2)


def test_a_count_on_todays_units_is_the_sum_of_the_predecessors_and_says_which_is_missing(
    write_values, open_store
):
    # TP. Hồ Chí Minh today = Bình Dương + Bà Rịa - Vũng Tàu + TP. Hồ Chí Minh (cũ, no figures)
    write_values("74", 2022, {"VB01": 40})
    write_values("77", 2022, {"VB01": 25})
    rows = _trend(open_store(), "current", "VB01", ["79"], 2022, 2022)
    city = _row(rows, "79", 2022)
    assert city["value"] == 65
    assert city["partial"]
    assert (city["expected"], city["reporting"]) == (3, 2)
    assert city["missing_vi"] == "TP. Hồ Chí Minh (cũ)"
    assert coverage_text(city, "vi") == "chưa đủ: 2/3 tỉnh tiền thân; thiếu TP. Hồ Chí Minh (cũ)"
    assert coverage_text(city, "en") == (
        "incomplete: 2 of 3 predecessors; missing Ho Chi Minh City (former)"
    )


def test_a_non_member_predecessors_history_completes_its_successors_line(write_values, open_store):
    # Tây Ninh today = Tây Ninh (cũ, code 72) + Long An (code 80 until 2024, not a member)
    write_values("72", 2022, {"VB01": 30})
    store = open_store()
    before = _row(_trend(store, "current", "VB01", ["80"], 2022, 2022), "80", 2022)
    assert (before["value"], before["partial"], before["missing_vi"]) == (30, True, "Long An (cũ)")
    write_values("80", 2022, {"VB01": 12})  # Long An's history brought in
    store = open_store()
    after = _row(_trend(store, "current", "VB01", ["80"], 2022, 2022), "80", 2022)
    assert (after["value"], after["partial"]) == (42, False)
    # As reported, Long An was never a member of the bloc: its figure is no unit of the bloc.
    reported = store.query(
        "province_values", bloc="DNB", units="reported", indicator="VB01", year=2022
    )
    assert "long-an" not in reported["unit_id"].tolist()
    assert reported.set_index("unit_id").loc["tay-ninh-cu", "value"] == 30


def test_as_reported_a_line_across_the_merger_is_two_units_with_the_break_marked(
    write_values, open_store
):
    write_values("75", 2024, {"VB01": 30})  # Đồng Nai (cũ)
    write_values("75", 2025, {"VB01": 44})  # Đồng Nai, merged with Bình Phước
    rows = _trend(open_store(), "reported", "VB01", ["75"], 2024, 2025)
    assert rows[["unit_id", "year", "value"]].values.tolist() == [
        ["dong-nai-cu", 2024, 30.0],
        ["dong-nai", 2025, 44.0],
    ]
    assert rows["label_vi"].tolist() == ["Đồng Nai (cũ)", "Đồng Nai"]
    counting = Counting("reported", 2024, 2025, CATALOG.merger_year())
    frame = rows_frame("VB01", "lượt", rows, "vi", counting=counting)
    assert frame.notes[0].startswith("Gián đoạn giữa 2024 và 2025: từ 01/07/2025 các tỉnh")
    figure = compare_lines_figure(
        rows, CATALOG.indicator("VB01"), frame, "vi", break_year=counting.merger_year
    )
    lines = [trace for trace in figure.data if trace.mode == "lines+markers"]
    assert [(t.name, list(t.x)) for t in lines] == [("Đồng Nai (cũ)", [2024]), ("Đồng Nai", [2025])]
    breaks = [s for s in figure.layout.shapes if s.x0 == s.x1]
    assert [s.x0 for s in breaks] == [2024.5]
    assert any(a.text == "Hợp nhất tỉnh 01/07/2025" for a in figure.layout.annotations)


def test_on_todays_units_the_same_line_runs_unbroken_and_the_partial_year_is_an_open_marker(
    write_values, open_store
):
    write_values("70", 2024, {"VB01": 10})
    write_values("75", 2024, {"VB01": 30})
    write_values("74", 2024, {"VB01": 5})  # TP.HCM's predecessors: only Bình Dương
    write_values("75", 2025, {"VB01": 44})
    write_values("79", 2025, {"VB01": 90})
    rows = _trend(open_store(), "current", "VB01", ["75", "79"], 2024, 2025)
    assert rows[["unit_id", "year", "value", "partial"]].values.tolist() == [
        ["dong-nai", 2024, 40.0, False],
        ["tp-ho-chi-minh", 2024, 5.0, True],
        ["dong-nai", 2025, 44.0, False],
        ["tp-ho-chi-minh", 2025, 90.0, False],
    ]
    counting = Counting("current", 2024, 2025, CATALOG.merger_year())
    frame = rows_frame("VB01", "lượt", rows, "vi", counting=counting)
    assert frame.notes == (
        "Số liệu trước 2025 cộng dồn theo đơn vị hiện nay: tổng của các tỉnh tiền thân (tỷ lệ ="
        " tổng tử số / tổng mẫu số).",
        "○ / gạch chéo: chưa đủ số liệu của các tỉnh tiền thân, không xếp hạng.",
    )
    figure = compare_lines_figure(rows, CATALOG.indicator("VB01"), frame, "vi")
    city = next(t for t in figure.data if t.name == "TP. Hồ Chí Minh")
    assert list(city.marker.symbol) == ["circle-open", "circle"]
    assert "chưa đủ: 1/3 tỉnh tiền thân" in city.customdata[0]
    # the open marker is named in the legend, as the hatched bar is beside the bars
    named = [t for t in figure.data if t.name == "chưa đủ số liệu tiền thân (không xếp hạng)"]
    assert [(t.marker.symbol, t.showlegend) for t in named] == [("circle-open", True)]
    bars = compare_bar_figure(rows, CATALOG.indicator("VB01"), frame, "vi", year=2024)
    hatched = [t for t in bars.data if t.name == "chưa đủ số liệu tiền thân (không xếp hạng)"]
    assert [(t.marker.pattern.shape, t.showlegend) for t in hatched] == [("x", True)]


def test_a_partial_figure_takes_no_rank(write_values, open_store):
    for code, value in (("70", 10), ("75", 30), ("74", 50), ("77", 60)):
        write_values(code, 2024, {"VB01": value})
    inputs = open_store().query(
        "ranking_inputs", bloc="DNB", units="current", first_year=2024, last_year=2024, as_of=None
    )
    ranked = with_ranks_and_scores(inputs)
    vb01 = ranked[ranked["indicator_code"] == "VB01"].set_index("unit_id")
    assert vb01.loc["tp-ho-chi-minh", "value"] == 110  # bigger, but TP.HCM (cũ) is missing
    assert math.isnan(vb01.loc["tp-ho-chi-minh", "rank"])
    assert vb01.loc["dong-nai", "rank"] == 1


def test_per_100000_inhabitants_on_todays_units_uses_the_summed_population(
    write_values, open_store
):
    write_values("70", 2022, {"TG01": 103})  # Bình Phước, about 1.030.000 inhabitants in 2022
    write_values("75", 2022, {"TG01": 326})  # Đồng Nai (cũ), about 3.260.000
    rows = _trend(open_store(), "current", "TG01", ["75"], 2022, 2022, normalisation="per100k")
    dong_nai = _row(rows, "75", 2022)
    assert dong_nai["population"] == 1_030_000 + 3_260_000
    assert dong_nai["value"] == pytest.approx((103 + 326) / (1_030_000 + 3_260_000) * 100_000)


def test_a_final_snapshot_supersedes_a_preliminary_one_of_its_agency_whatever_came_later(
    write_values, open_store
):
    cut = dt.date(2026, 10, 31)
    write_values(
        "75", 2026, {"VB01": 100, "TA01": 900}, submitted_at=dt.datetime(2026, 10, 15, tzinfo=UTC)
    )
    write_values(
        "75",
        2026,
        {"VB01": 80, "TA01": 700},
        submitted_at=dt.datetime(2026, 11, 5, tzinfo=UTC),
        statuses=(("STP", Status(PRELIMINARY, cut)), ("THA", Status(PRELIMINARY, cut))),
    )
    store = open_store()
    rows = store.query(
        "province_values", bloc="DNB", units="reported", indicator="VB01", year=2026
    ).set_index("unit_id")
    assert rows.loc["dong-nai", "value"] == 100  # the earlier final one, not the later preliminary
    assert not rows.loc["dong-nai", "preliminary"]


def test_a_preliminary_figure_is_shown_until_a_final_one_comes_and_says_so(
    write_values, open_store
):
    cut = dt.date(2026, 10, 31)
    write_values(
        "75",
        2026,
        {"VB01": 80},
        submitted_at=dt.datetime(2026, 11, 5, tzinfo=UTC),
        statuses=(("STP", Status(PRELIMINARY, cut)),),
    )
    rows = _trend(open_store(), "current", "VB01", ["75"], 2026, 2026)
    dong_nai = _row(rows, "75", 2026)
    assert dong_nai["value"] == 80 and dong_nai["preliminary"]
    assert pd.Timestamp(dong_nai["cut_date"]).date() == cut
    frame = rows_frame("VB01", "lượt", rows, "vi", counting=Counting("current", 2026, 2026, 2025))
    assert frame.notes == (
        "Số liệu năm 2026 là số liệu sơ bộ (đến 31/10/2026), sẽ được thay bằng số liệu chính thức.",
    )


def test_the_bloc_as_reported_is_not_compared_across_the_merger(write_values, open_store):
    write_values("75", 2024, {"VB01": 30})
    write_values("75", 2025, {"VB01": 44})
    cards = open_store().query("bloc_headline", bloc="DNB", units="reported", year=2025)
    vb01 = cards.set_index("indicator_code").loc["VB01"]
    assert vb01["value"] == 44
    assert math.isnan(vb01["previous_value"]) and not vb01["same_members_as_before"]
    now = open_store().query("bloc_headline", bloc="DNB", units="current", year=2025)
    assert now.set_index("indicator_code").loc["VB01", "previous_value"] == 30
