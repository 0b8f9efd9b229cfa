"""The comparison pages render for the default and a narrowed view, and show the named queries' data
(Streamlit's AppTest from app.py; the URL is set through `AppTest.query_params`)."""

from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from justice_dashboard import fmt
from justice_dashboard.catalog import load_catalog
from justice_dashboard.compare import year_over_year_display
from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.state import KEY_COMPARE_TAB
from justice_dashboard.store import Store

NARROW = {
    "provinces": "75,58",
    "indicator": "VB01",
    "from": "2019",
    "to": "2022",
    "year": "2022",
}
ALL = ["70", "72", "74", "75", "77", "58", "60"]  # the bloc's members until 2024
TODAY = ["75", "79", "80", "56", "68"]  # its members from 2025, the merged provinces
LATEST = 2026  # the default view: the latest year, on today's units


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    return AppTest.from_file("../app.py", default_timeout=60)


def open_page(app: AppTest, page: str, params: dict[str, str] | None = None) -> AppTest:
    for key, value in (params or {}).items():
        app.query_params[key] = value
    app.run()  # the first run reads the link and draws the sidebar, as a browser's first visit
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, app.exception
    return app


def figures(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def same(shown: list, expected: list) -> bool:
    return len(shown) == len(expected) and all(
        (a is None and (b is None or math.isnan(b))) or (a is not None and a == pytest.approx(b))
        for a, b in zip(shown, expected, strict=True)
    )


def trend(store: Store, **params) -> object:
    defaults = {"bloc": "DNB", "units": "reported", "normalisation": "absolute", "as_of": None}
    if "units" not in params and params.get("last_year", 0) >= 2025:
        defaults["units"] = "current"
    return store.query("province_trend", **{**defaults, **params})


def test_the_compare_page_shows_the_default_view_bars_equal_to_the_query(app, sample_store):
    open_page(app, "compare")
    assert app.title[0].value == "So sánh các tỉnh: Tỷ lệ thi hành xong về việc"
    bars, lines = figures(app)  # the year's bars and the open tab's lines; no other tab is sent
    assert app.query_params["units"] == "current"
    rows = trend(sample_store, indicator="TA04", provinces=TODAY, first_year=2025, last_year=LATEST)
    rows = rows[rows["year"] == LATEST].sort_values("value", ascending=False)
    # a rate: one dot per province, best on top, on an axis that starts near the lowest figure
    dots = bars["data"][0]
    assert dots["y"] == rows["name_vi"].tolist()
    assert bars["layout"]["yaxis"]["autorange"] == "reversed"
    assert same(dots["x"], (rows["value"] * 100).tolist())
    start, end = bars["layout"]["xaxis"]["range"]
    assert 0 < start <= rows["value"].min() * 100 and end > rows["value"].max() * 100
    assert f"trục bắt đầu từ {start:.0f}%, không từ 0" in bars["layout"]["xaxis"]["title"]["text"]
    footer = json.dumps(bars["layout"]["annotations"], ensure_ascii=False)
    assert "Năm thi hành án 2026: từ 01/10/2025 đến 30/9/2026" in footer
    assert "Chỉ tiêu toàn quốc năm 2026: chưa có chỉ tiêu" in footer  # none recorded for 2026
    drawn = [tr for tr in lines["data"] if tr.get("hoverinfo") != "skip"]  # not legend-only
    assert len(drawn) == 5 + 1  # today's five provinces and the target line
    assert app.markdown[0].value.startswith("**" + rows["name_vi"].iloc[0] + " dẫn đầu khối với ")


def test_the_bloc_average_beside_a_rates_dots_is_the_ratio_of_the_sums_and_hides_no_label(
    app, sample_store
):
    open_page(app, "compare", {"year": "2022", "provinces": "70,75"})
    dots = figures(app)[0]
    rows = trend(
        sample_store, indicator="TA04", provinces=["70", "75"], first_year=2022, last_year=2022
    )
    ratio = rows["numerator"].sum() / rows["denominator"].sum()
    lines = [s for s in dots["layout"]["shapes"] if s["line"]["dash"] == "dash"]
    assert lines[0]["x0"] == lines[0]["x1"] == pytest.approx(ratio * 100)
    assert ratio * 100 != pytest.approx(rows["value"].mean() * 100)
    target = [s for s in dots["layout"]["shapes"] if s["line"]["dash"] == "dot"]
    targets = sample_store.query("targets", first_year=2022, last_year=2022)
    expected = targets.set_index("indicator_code").loc["TA04", "target"]
    assert target[0]["x0"] == pytest.approx(expected * 100)  # "> 81,50%" in 2022
    legend = [tr["name"] for tr in dots["data"] if tr.get("showlegend")]
    assert any(n.startswith("Tỷ lệ chung các tỉnh đang xem") for n in legend)
    assert "Chỉ tiêu Quốc hội giao: > 81,50%" in legend
    # each value is written right of every dot and every line, where no line crosses it
    labels = next(tr for tr in dots["data"] if tr.get("mode") == "text")
    units, provinces = app.query_params["units"], app.query_params["provinces"].split(",")
    drawn = trend(
        sample_store,
        indicator="TA04",
        provinces=provinces,
        first_year=2022,
        last_year=2022,
        units=units,
    )  # the units the page counts (today's: Bình Phước is part of Đồng Nai)
    shown = [fmt.indicator_value(load_catalog().indicator("TA04"), v) for v in drawn["value"]]
    assert sorted(labels["text"]) == sorted(shown)
    marks = [*drawn["value"] * 100, ratio * 100, expected * 100]
    assert min(labels["x"]) > max(marks)


def test_the_compare_page_narrowed_to_two_provinces_one_indicator_and_four_years(app, sample_store):
    open_page(app, "compare", NARROW)
    bars, lines = figures(app)
    assert sorted(bars["data"][0]["x"]) == ["Ninh Thuận", "Đồng Nai"]
    rows = trend(
        sample_store, indicator="VB01", provinces=["75", "58"], first_year=2019, last_year=2022
    )
    for trace in lines["data"]:
        mine = rows[rows["name_vi"] == trace["name"]]
        assert trace["x"] == [2019, 2020, 2021, 2022]
        assert same(trace["y"], mine["value"].tolist())
    assert not app.dataframe  # the table's tab is closed: not computed, not sent
    app.session_state[KEY_COMPARE_TAB] = "Bảng so sánh"  # what clicking the tab does
    app.run()
    assert len(figures(app)) == 1  # the bars stay; the lines' tab is closed now
    table = app.dataframe[0].value
    pair = trend(
        sample_store, indicator="VB01", provinces=["75", "58"], first_year=2021, last_year=2022
    )
    vb01 = load_catalog().indicator("VB01")
    expected = year_over_year_display(pair, vb01, 2022, "absolute", "vi")
    assert table.columns.tolist() == expected.columns.tolist()
    assert table.iloc[0].tolist() == expected.iloc[0].tolist()
    assert len(table) == 2
    assert "Tổng" not in app.markdown[0].value


def test_the_link_of_a_narrowed_view_reproduces_it_on_another_page_and_in_a_new_session(app):
    open_page(app, "compare", {**NARROW, "norm": "per100k"})
    link = dict(app.query_params)
    assert {k: link[k] for k in NARROW} == NARROW
    assert link["norm"] == "per100k"
    app.switch_page("pages/overview.py").run()
    assert dict(app.query_params) == link  # the view survives the page switch
    again = open_page(AppTest.from_file("../app.py", default_timeout=60), "compare", link)
    assert (
        figures(again)[0]["data"] == figures(app.switch_page("pages/compare.py").run())[0]["data"]
    )
    assert "Trên 100.000 dân" in " ".join(c.value for c in again.caption)


def test_a_malformed_link_falls_back_to_the_default_view_with_a_notice(app):
    for key, value in {"indicator": "ZZ99", "provinces": "99", "from": "x"}.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    notices = " ".join(toast.value for toast in app.toast)
    assert "Mã chỉ tiêu trong đường dẫn không có trong danh mục" in notices
    assert "Khoảng năm trong đường dẫn không hợp lệ" in notices
    app.switch_page("pages/compare.py").run()
    assert app.title[0].value == "So sánh các tỉnh: Tỷ lệ thi hành xong về việc"
    assert len(figures(app)[0]["data"][0]["x"]) == 5
    assert app.query_params["indicator"] == "TA04"


def test_a_missing_figure_is_a_hatched_bar_labelled_no_data_never_zero(
    app, monkeypatch, tmp_path, write_values
):
    write_values("70", 2022, {"VB01": 60})
    write_values("75", 2022, {"VB01": 80})
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    open_page(app, "compare", {"indicator": "VB01", "provinces": "70,75,58"})
    bars = figures(app)[0]
    assert bars["data"][0]["x"][:2] == ["Đồng Nai", "Bình Phước"]
    assert bars["data"][0]["y"][:2] == [80, 60]
    assert bars["data"][0]["y"][2] is None
    assert bars["data"][1]["x"] == ["Ninh Thuận"]
    assert bars["data"][1]["text"] == ["không có số liệu"]
    assert bars["data"][1]["marker"]["pattern"]["shape"] == "/"
    assert "không có số liệu: Ninh Thuận" in app.markdown[0].value


def scored_inputs(store: Store, first_year: int, last_year: int):
    from justice_dashboard.ranking import with_ranks_and_scores

    inputs = store.query(
        "ranking_inputs",
        bloc="DNB",
        units="current" if last_year >= 2025 else "reported",
        first_year=first_year,
        last_year=last_year,
        as_of=None,
    )
    return with_ranks_and_scores(inputs)


@pytest.mark.parametrize("params", [{}, NARROW], ids=["default", "narrowed"])
def test_the_profile_shows_every_indicator_with_its_bloc_rank_and_its_scores_by_named_group(
    app, sample_store, params
):
    from justice_dashboard.ranking import profile

    open_page(app, "profile", params)
    year = int(params.get("year", LATEST))
    focus = params.get("provinces", TODAY[0]).split(",")[0]
    catalog = load_catalog()
    members = len(catalog.bloc_units("DNB", year))
    assert app.selectbox(key="profile_province").value == focus
    table = app.dataframe[0].value
    assert len(table) == len(catalog.indicators)  # every indicator of the catalog
    mine = profile(scored_inputs(sample_store, year - 1, year), focus, year)
    ranks = dict(zip(table["Mã"], table["Hạng"], strict=True))
    expected = mine.set_index("indicator_code")
    assert ranks["TA04"] == f"{int(expected.loc['TA04', 'rank'])}/{members}"
    # counts: the provinces' mean, labelled as an average (not read as the bloc's total)
    bloc = dict(zip(table["Mã"], table["Trung bình khối"], strict=True))
    vb01 = catalog.indicator("VB01")
    assert bloc["VB01"] == fmt.indicator_value(vb01, expected.loc["VB01", "bloc_value"], "vi")

    chart = figures(app)[0]
    shown = expected[(expected["direction"] != "none") & expected["score"].notna()]
    named = {catalog.indicator(c).name("vi"): c for c in shown.index}
    bars = next(tr for tr in chart["data"] if tr["type"] == "bar")
    labels = [label.replace("<br>", " ") for label in bars["y"]]
    assert sorted(labels) == sorted(named)  # every scored indicator, by its name, not its code
    scores = dict(zip(labels, bars["x"], strict=True))
    for name, code in named.items():
        assert scores[name] == pytest.approx(100 * shown.loc[code, "score"])
    # top to bottom: each group's name, then its indicators, best score first
    rows = [r.replace("<br>", " ") for r in chart["layout"]["yaxis"]["categoryarray"]]
    assert chart["layout"]["yaxis"]["autorange"] == "reversed"
    expected_rows = []
    for group in sorted(catalog.groups, key=lambda g: g.display_order):
        mine_in_group = shown[[catalog.indicator(c).group_code == group.code for c in shown.index]]
        if len(mine_in_group):
            expected_rows.append(f"<b>{group.name_vi}</b>")
            ordered = mine_in_group.sort_values("score", ascending=False, kind="stable")
            expected_rows += [catalog.indicator(c).name("vi") for c in ordered.index]
    assert rows == expected_rows
    reference = next(
        tr for tr in chart["data"] if tr.get("name") == "Khối (tỷ lệ chung / trung bình)"
    )
    assert reference.get("showlegend", True)  # the bloc's mark is in the legend
    by_name = dict(
        zip([y.replace("<br>", " ") for y in reference["y"]], reference["x"], strict=True)
    )
    for name, code in named.items():
        assert by_name[name] == pytest.approx(100 * shown.loc[code, "bloc_score"])


def test_the_profile_table_shows_every_row_and_headings_short_enough_to_read_in_full(
    app, monkeypatch
):
    import streamlit

    shown_heights: list[tuple[int, object]] = []
    original = streamlit.dataframe

    def recording(data=None, *args, **kwargs):
        shown_heights.append((len(data), kwargs.get("height")))
        return original(data, *args, **kwargs)

    monkeypatch.setattr(streamlit, "dataframe", recording)
    open_page(app, "profile")
    rows, height = shown_heights[0]
    assert rows == len(load_catalog().indicators)
    # Streamlit draws 35 px a row and as much for the heading: no row is scrolled out of sight.
    assert isinstance(height, int) and height >= (rows + 1) * 35
    columns = json.loads(app.dataframe[0].proto.columns)
    for name in app.dataframe[0].value.columns:
        heading = columns.get(name, {}).get("label", name)
        assert len(heading) <= 12, heading  # fits its column; the full meaning is in its help
        assert columns[name]["help"]


def test_choosing_a_province_on_the_profile_puts_it_in_the_link_and_keeps_it(app):
    open_page(app, "profile")
    app.selectbox(key="profile_province").set_value("56").run()
    assert app.title[0].value.startswith("Hồ sơ tỉnh: Khánh Hòa")
    assert app.query_params["province"] == "56"
    app.switch_page("pages/compare.py").run()
    app.switch_page("pages/profile.py").run()
    assert app.selectbox(key="profile_province").value == "56"


@pytest.mark.parametrize("params", [{}, NARROW], ids=["default", "narrowed"])
def test_the_heatmap_names_each_indicator_in_full_and_colours_each_cell_by_its_bloc_rank(
    app, sample_store, params
):
    open_page(app, "heatmap", params)
    year = int(params.get("year", LATEST))
    heat = figures(app)[0]["data"][0]
    scored = scored_inputs(sample_store, year, year)
    scored = scored[scored["direction"] != "none"]
    members = len(load_catalog().bloc_units("DNB", year))  # a rank in the whole bloc
    provinces = params.get("provinces", ",".join(TODAY)).split(",")
    assert len(heat["x"]) == len(provinces)  # a column per province shown
    column = heat["x"].index("Đồng Nai")
    cells = scored[scored["province_code"] == "75"].set_index("indicator_code")
    cells = cells.sort_values("indicator_order")
    # each row is named by the indicator's full name (broken over lines, never cut, no code)
    assert [y.replace("<br>", " ") for y in heat["y"]] == cells["indicator_vi"].tolist()
    for row, code in enumerate(cells.index):
        rank = cells.loc[code, "rank"]
        assert heat["text"][row][column] == str(int(rank))
        assert heat["z"][row][column] == pytest.approx((members - rank) / (members - 1))
        assert f"({code})" in heat["customdata"][row][column]  # the code is in the hover
    app.radio(key="heatmap_colour_by").set_value("score").run()
    heat = figures(app)[0]["data"][0]
    assert same([r[column] for r in heat["z"]], cells["score"].tolist())


@pytest.mark.parametrize("params", [{}, NARROW], ids=["default", "narrowed"])
def test_the_ranking_shows_both_groups_the_weights_and_targets_met_per_province_year(
    app, sample_store, params
):
    from justice_dashboard.ranking import composite, load_weights, target_status

    open_page(app, "ranking", params)
    year = int(params.get("year", LATEST))
    assert "không phải điểm thi đua chính thức" in app.info[-1].value
    charts = figures(app)
    first = int(params.get("from", 2018))
    scored = scored_inputs(sample_store, first, year)
    weights = load_weights()
    stp = composite(scored[scored["agency"] == "STP"], weights)
    stp_year = stp[stp["year"] == year]
    bars = charts[0]["data"][0]
    by_name = dict(zip(bars["y"], bars["x"], strict=True))
    for row in stp_year.itertuples():
        assert by_name[row.name_vi] == pytest.approx(row.composite)
    assert bars["y"][-1] == stp_year.sort_values("rank")["name_vi"].iloc[0]  # rank 1 on top
    targets = sample_store.query("targets", first_year=first, last_year=year)
    values = scored[(scored["indicator_code"] == "TA04")]
    status = target_status(values, targets)
    ta04 = charts[4]
    assert "Tỷ lệ thi hành xong về việc so với chỉ tiêu" in ta04["layout"]["title"]["text"]
    dong_nai = next(tr for tr in ta04["data"] if tr["name"] == "Đồng Nai")
    mine = status[status["province_code"] == "75"].sort_values("year")
    assert dong_nai["x"] == mine["year"].tolist()
    assert same(dong_nai["y"], (mine["value"] * 100).tolist())
    partial = mine["partial"].fillna(False).astype(bool)
    assert dong_nai["marker"]["symbol"] == [
        "circle-open" if p else "circle" if m else "x"
        for m, p in zip(mine["met"], partial, strict=True)
    ]
    # every kind of marker is named in the legend; the provinces are named by their lines
    legend = [tr["name"] for tr in ta04["data"] if tr.get("showlegend", True)]
    assert {"đạt chỉ tiêu", "chưa đạt chỉ tiêu"} <= set(legend)
    if (partial & mine["value"].notna()).any():
        assert "chưa đủ số liệu tiền thân (không xét chỉ tiêu)" in legend
    # each year's target is written under its year, not on the plot where lines would cover it
    assert all("text" not in tr.get("mode", "") for tr in ta04["data"])
    national = targets[targets["indicator_code"] == "TA04"].set_index("year")
    for year_shown, tick in zip(
        ta04["layout"]["xaxis"]["tickvals"], ta04["layout"]["xaxis"]["ticktext"], strict=True
    ):
        if year_shown in national.index:
            sign = ">" if national.loc[year_shown, "comparison"] == "gt" else "≥"
            value = fmt.percent(national.loc[year_shown, "target"], 2)
            assert f"chỉ tiêu {sign} {value}" in tick
    # the subtitle says exactly the years the chart draws
    drawn = sorted(set(status["year"]))
    span = f"{drawn[0]}–{drawn[-1]}" if drawn[0] != drawn[-1] else str(drawn[0])
    assert f"% · {span} · " in ta04["layout"]["title"]["text"]
    # ranks over the years: each rank read once, on the axis, not printed again at each point
    bump = charts[1]
    assert all("text" not in tr.get("mode", "") for tr in bump["data"])
    composites = stp[stp["year"].between(first, year) & stp["composite"].notna()]
    years = sorted(set(composites["year"]))
    assert f"{years[0]}–{years[-1]} · " in bump["layout"]["title"]["text"]


@pytest.mark.parametrize("params", [{}, NARROW], ids=["default", "narrowed"])
def test_the_data_page_lists_the_filtered_values_and_the_snapshots_behind_them(
    app, sample_store, params
):
    open_page(app, "data", params)
    table = app.dataframe[0].value
    provinces = params.get("provinces", ",".join(TODAY)).split(",")
    first, last = int(params.get("from", 2018)), int(params.get("to", LATEST))
    units = "current" if last >= 2025 else "reported"
    rows = sample_store.query(
        "data_table",
        bloc="DNB",
        units=units,
        provinces=provinces,
        indicators=[params.get("indicator", "TA04")],
        first_year=first,
        last_year=last,
        as_of=None,
    )
    assert len(table) == len(rows) == len(provinces) * (last - first + 1)
    indicator = load_catalog().indicator(params.get("indicator", "TA04"))
    assert table["Giá trị"].tolist() == [fmt.indicator_value(indicator, v) for v in rows["value"]]
    sources = app.dataframe[1].value
    behind = sample_store.query(
        "data_sources",
        bloc="DNB",
        units=units,
        provinces=provinces,
        first_year=first,
        last_year=last,
        as_of=None,
    )
    assert len(sources) == len(behind)
    if units == "current":  # today's units: their predecessors' snapshots before 2025 too
        assert set(behind["province_code"]) == {"70", "72", "74", "75", "77", "58", "60", "80"} | {
            "79",
            "56",
            "68",
        }
        assert len(sources) > len(provinces) * (last - first + 1)
    else:
        assert len(sources) == len(provinces) * (last - first + 1)
    assert all(len(h) == 64 for h in sources["Mã băm SHA-256 của tệp nguồn"])
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Tải CSV (UTF-8, mở được bằng Excel)", "Tải Excel (.xlsx)"]


def test_an_as_of_date_in_the_link_shows_the_figures_as_they_stood_then(app, sample_store):
    # 2024's figures were first sent on 05/12/2024 and corrected on 15/01/2025.
    link = {"asof": "2024-12-31", "indicator": "TA03", "year": "2024", "units": "reported"}
    open_page(app, "compare", link)
    assert "31/12/2024" in app.warning[0].value
    bars = figures(app)[0]["data"][0]
    import datetime as dt

    then = sample_store.query(
        "province_trend",
        bloc="DNB",
        units="reported",
        indicator="TA03",
        provinces=ALL,
        first_year=2024,
        last_year=2024,
        normalisation="absolute",
        as_of=dt.datetime(2024, 12, 31, 23, 59, 59, 999999),
    )
    now = trend(sample_store, indicator="TA03", provinces=ALL, first_year=2024, last_year=2024)
    assert sorted(bars["y"]) == sorted(then["value"].tolist())
    assert sorted(then["value"].tolist()) != sorted(now["value"].tolist())


def test_the_data_page_as_of_a_date_before_any_figure_lists_every_row_as_no_data(app):
    open_page(app, "data", {"asof": "2010-01-01", "provinces": "75", "from": "2023", "to": "2024"})
    table = app.dataframe[0].value
    assert table["Ghi chú"].tolist() == ["không có số liệu", "không có số liệu"]
    assert table["Dữ liệu minh họa"].tolist() == ["", ""]
    assert len(app.dataframe[1].value) == 0  # no snapshot stood behind any figure then


def test_the_data_page_counts_its_rows_with_a_thousands_dot(app, sample_store):
    open_page(app, "data")
    app.checkbox(key="data_all_indicators").check().run()
    rows = sample_store.query(
        "data_table",
        bloc="DNB",
        units="current",
        provinces=TODAY,
        indicators=[i.code for i in load_catalog().indicators],
        first_year=2018,
        last_year=LATEST,
        as_of=None,
    )
    assert len(rows) >= 1000
    assert any(c.value.startswith(f"{fmt.number(len(rows))} dòng · ") for c in app.caption)
    assert str(len(rows)) not in " ".join(c.value for c in app.caption)


def sidebar_labels(app: AppTest) -> list[str]:
    widgets = [
        *app.sidebar.radio,
        *app.sidebar.selectbox,
        *app.sidebar.multiselect,
        *app.sidebar.select_slider,
        *app.sidebar.date_input,
    ]
    return sorted(w.label for w in widgets)


@pytest.mark.parametrize(
    ("page", "filters"),
    [
        (
            "overview",
            ["Năm", "Đơn vị hành chính", "Tô nổi bật", "Số liệu tại ngày (để trống = mới nhất)"],
        ),
        (
            "compare",
            [
                "Cách tính",
                "Đơn vị hành chính",
                "Chỉ tiêu (gõ mã hoặc tên để tìm)",
                "Khoảng năm",
                "Năm",
                "Số liệu tại ngày (để trống = mới nhất)",
                "Tỉnh",
                "Tô nổi bật",
            ],
        ),
        (
            "ranking",
            ["Khoảng năm", "Năm", "Đơn vị hành chính", "Số liệu tại ngày (để trống = mới nhất)"],
        ),
        ("heatmap", ["Năm", "Đơn vị hành chính", "Số liệu tại ngày (để trống = mới nhất)", "Tỉnh"]),
        ("history", ["Số liệu tại ngày (để trống = mới nhất)"]),
    ],
)
def test_the_sidebar_shows_only_the_filters_the_page_reads(app, page, filters):
    open_page(app, page)
    assert sidebar_labels(app) == sorted(["Ngôn ngữ", *filters])


def test_a_filter_hidden_on_one_page_keeps_its_choice_for_the_next(app, sample_store):
    open_page(app, "compare", NARROW)
    app.switch_page("pages/overview.py").run()  # no province, indicator or range filter here
    app.sidebar.selectbox(key="view_year").set_value(2021).run()
    app.switch_page("pages/compare.py").run()
    assert not app.exception
    assert sorted(app.sidebar.multiselect[0].value) == ["58", "75"]
    bars = figures(app)[0]
    assert sorted(bars["data"][0]["x"]) == ["Ninh Thuận", "Đồng Nai"]
    assert "2021" in bars["layout"]["title"]["text"]
    assert dict(app.query_params)["indicator"] == "VB01"


def test_the_open_compare_tab_stays_open_while_the_year_changes_and_shows_the_new_change(app):
    open_page(app, "compare", NARROW)
    app.session_state[KEY_COMPARE_TAB] = "Thay đổi so với năm trước"
    app.run()
    bars, change = figures(app)
    assert "thay đổi so với năm 2021" in change["layout"]["title"]["text"]
    app.sidebar.selectbox(key="view_year").set_value(2020).run()
    assert not app.exception
    bars, change = figures(app)
    assert "2020" in bars["layout"]["title"]["text"]
    assert "thay đổi so với năm 2019" in change["layout"]["title"]["text"]


def test_the_open_compare_tab_stays_open_in_english_and_after_a_visit_to_another_page(app):
    open_page(app, "compare", NARROW)
    app.session_state[KEY_COMPARE_TAB] = "Bảng so sánh"
    app.run()
    assert len(app.dataframe) == 1
    app.sidebar.radio(key="view_lang").set_value("en").run()
    assert not app.exception
    assert app.session_state[KEY_COMPARE_TAB] == "Table"
    assert len(app.dataframe) == 1 and len(figures(app)) == 1  # still the table, now in English
    app.switch_page("pages/overview.py").run()
    app.switch_page("pages/compare.py").run()
    assert len(app.dataframe) == 1 and len(figures(app)) == 1


def _bloc_order(store: Store, indicator: str, year: int) -> pd.DataFrame:
    """The bloc's members that year with a figure, best first (higher is better)."""
    rows = trend(store, indicator=indicator, provinces=ALL, first_year=year, last_year=year)
    return rows.dropna(subset=["value"]).sort_values("value", ascending=False)


def test_with_every_province_shown_the_compare_caption_names_the_blocs_first_and_last(
    app, sample_store
):
    open_page(app, "compare", {"indicator": "TA04", "year": "2022", "from": "2018", "to": "2022"})
    order = _bloc_order(sample_store, "TA04", 2022)
    first, last = order.iloc[0], order.iloc[-1]
    sentence = app.markdown[0].value.strip("*")
    assert sentence.startswith(f"{first['name_vi']} dẫn đầu khối với {fmt.percent(first['value'])}")
    assert f"; {last['name_vi']} xếp cuối khối với {fmt.percent(last['value'])}" in sentence


def test_with_two_provinces_chosen_the_compare_caption_speaks_of_them_and_their_bloc_ranks(
    app, sample_store
):
    params = {"provinces": "75,74", "indicator": "TA04", "year": "2022"}
    open_page(app, "compare", params | {"from": "2018", "to": "2022"})
    order = _bloc_order(sample_store, "TA04", 2022)
    rank = {code: i + 1 for i, code in enumerate(order["province_code"])}
    chosen = order[order["province_code"].isin(["75", "74"])]
    higher, lower = chosen.iloc[0], chosen.iloc[-1]
    sentence = app.markdown[0].value.strip("*")
    assert sentence.startswith(
        f"Trong 2 tỉnh đang xem, {higher['name_vi']} đứng đầu với "
        f"{fmt.percent(higher['value'])} (hạng {rank[higher['province_code']]}/{len(order)} của khối)"
    )
    assert (
        f"; {lower['name_vi']} đứng cuối với {fmt.percent(lower['value'])} "
        f"(hạng {rank[lower['province_code']]}/{len(order)} của khối)."
    ) in sentence
    assert "dẫn đầu khối" not in sentence and "cuối khối" not in sentence
    others = order[~order["province_code"].isin(["75", "74"])]["name_vi"]
    assert not [name for name in others if name in sentence]  # the bloc's others go unnamed


def test_in_english_the_compare_caption_writes_english_numbers(app, sample_store):
    params = {"provinces": "75,74", "indicator": "TA04", "year": "2022", "lang": "en"}
    open_page(app, "compare", params | {"from": "2018", "to": "2022"})
    order = _bloc_order(sample_store, "TA04", 2022)
    higher = order[order["province_code"].isin(["75", "74"])].iloc[0]
    sentence = app.markdown[0].value.strip("*")
    assert sentence.startswith(
        f"Of the 2 provinces shown, {higher['name_en']} ranks first with "
        f"{fmt.percent(higher['value'], lang='en')} (rank "
    )
    assert "." in fmt.percent(higher["value"], lang="en")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_data_page_shows_figures_as_the_charts_write_them_and_snapshots_without_a_path(
    app, sample_store, lang
):
    link = {"provinces": "75,74", "indicator": "TA04", "from": "2021", "to": "2022", "lang": lang}
    link["year"] = "2022"
    open_page(app, "data", link)
    table, sources = app.dataframe[0].value, app.dataframe[1].value
    params = {"bloc": "DNB", "units": "reported", "provinces": ["75", "74"], "as_of": None}
    params |= {"first_year": 2021, "last_year": 2022}
    rows = sample_store.query("data_table", indicators=["TA04"], **params)
    ta04 = load_catalog().indicator("TA04")
    value = "Giá trị" if lang == "vi" else "Value"
    assert table[value].tolist() == [fmt.indicator_value(ta04, v, lang) for v in rows["value"]]
    mark = "," if lang == "vi" else "."
    assert all(text.endswith("%") and mark in text for text in table[value])
    snapshot = "Bản số liệu" if lang == "vi" else "Snapshot"
    days = [fmt.date(d.to_pydatetime(), lang) for d in rows["snapshot_submitted_at"]]
    assert len(table) == 4 and all(  # each figure's snapshot by its source and the day it was sent
        text.endswith(day) for day, text in zip(days, table[snapshot], strict=True)
    )
    behind = sample_store.query("data_sources", **params)
    shown = " ".join(map(str, [*table.to_numpy().ravel(), *sources.to_numpy().ravel()]))
    for snapshot_id in behind["snapshot_id"]:
        assert snapshot_id not in shown  # neither the file's id nor its path in the data folder
        assert snapshot_id.replace("-", "/", 2) not in shown


def test_the_compare_page_in_english_writes_its_chart_and_table_the_english_way(app, sample_store):
    link = {**NARROW, "indicator": "TA01", "lang": "en", "norm": "per100k"}
    open_page(app, "compare", link)
    bars = figures(app)[0]
    assert bars["layout"]["separators"] == ".,"
    assert "per 100,000 inhabitants" in bars["layout"]["title"]["text"]
    rows = trend(
        sample_store,
        indicator="TA01",
        provinces=["75", "58"],
        first_year=2022,
        last_year=2022,
        normalisation="per100k",
    )
    hovers = bars["data"][0]["customdata"]
    assert sorted(h.split(" (")[0] for h in hovers) == sorted(
        f"{fmt.number(v, 1, 'en')} cases" for v in rows["value"]
    )
    app.session_state[KEY_COMPARE_TAB] = "Table"
    app.run()
    table = app.dataframe[0].value
    pair = trend(
        sample_store,
        indicator="TA01",
        provinces=["75", "58"],
        first_year=2021,
        last_year=2022,
        normalisation="per100k",
    )
    ta01 = load_catalog().indicator("TA01")
    expected = year_over_year_display(pair, ta01, 2022, "per100k", "en")
    assert table.to_numpy().tolist() == expected.to_numpy().tolist()
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})*\.\d cases", v) for v in table["Value 2022"])


def test_on_todays_units_a_partial_figure_takes_no_rank_in_the_compare_caption(app, sample_store):
    link = {"provinces": "75,79", "indicator": "TA04", "year": "2022", "units": "current"}
    open_page(app, "compare", link | {"from": "2018", "to": "2022"})
    bloc = trend(
        sample_store,
        indicator="TA04",
        provinces=TODAY,
        first_year=2022,
        last_year=2022,
        units="current",
    )
    ranked = bloc[~bloc["partial"] & bloc["value"].notna()].sort_values("value", ascending=False)
    chosen = bloc.set_index("province_code").loc[["75", "79"]]
    assert not chosen.loc["75", "partial"] and chosen.loc["79", "partial"]  # the case at hand
    place = ranked["province_code"].tolist().index("75") + 1
    sentence = app.markdown[0].value.strip("*")
    assert sentence.startswith(
        f"Trong 2 tỉnh đang xem, Đồng Nai đứng đầu với {fmt.percent(chosen.loc['75', 'value'])}"
        f" (hạng {place}/{len(ranked)} của khối)"
    )
    assert "TP. Hồ Chí Minh đứng cuối" not in sentence
    assert sentence.endswith("Chưa đủ số liệu tiền thân, không xếp hạng: TP. Hồ Chí Minh.")
