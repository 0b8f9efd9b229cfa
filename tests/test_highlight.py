"""Two provinces against the others (`highlight=`), lines named at their ends, the target as a
labelled step, and the lines' change since the first year."""

from __future__ import annotations

import itertools
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.charts.labels import nudge_apart
from justice_dashboard.charts.theme import CONTEXT_COLOUR
from justice_dashboard.compare import since_first_year
from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.i18n import t
from justice_dashboard.state import (
    KEY_COMPARE_MEASURE,
    KEY_COMPARE_TAB,
    KEY_HIGHLIGHT,
    parse_view,
    view_params,
)

CATALOG = load_catalog()
YEARS = [2024, 2023, 2022, 2021, 2020, 2019, 2018]
OLD = ["70", "72", "74", "75", "77", "58", "60"]  # the bloc's members until 2024
VIEW_2024 = {"year": "2024", "from": "2020", "to": "2024", "units": "reported"}


# ---- the nudge ----------------------------------------------------------------------------------


def test_labels_with_room_keep_their_places():
    assert nudge_apart([10.0, 50.0, 30.0], gap=5.0) == [10.0, 50.0, 30.0]


def test_two_labels_too_close_move_apart_evenly_around_their_points():
    assert nudge_apart([10.0, 11.0], gap=4.0) == [pytest.approx(8.5), pytest.approx(12.5)]


def test_a_crowd_of_labels_is_spread_by_the_gap_in_the_order_of_their_points():
    placed = nudge_apart([20.0, 20.5, 19.8, 60.0], gap=2.0)
    assert placed[3] == 60.0  # far from the crowd: not moved
    assert placed[2] < placed[0] < placed[1]  # the order of the points is kept
    crowd = sorted(placed[:3])
    assert crowd[1] - crowd[0] == pytest.approx(2.0)
    assert crowd[2] - crowd[1] == pytest.approx(2.0)
    assert sum(crowd) / 3 == pytest.approx((20.0 + 20.5 + 19.8) / 3)  # centred on its points


def test_labels_pushed_into_a_neighbour_take_it_along():
    placed = nudge_apart([0.0, 0.1, 0.2, 2.5], gap=1.0)
    ordered = sorted(placed)
    assert all(b - a >= 1.0 - 1e-9 for a, b in itertools.pairwise(ordered))


# ---- change since the first year ----------------------------------------------------------------


def _rows(values: list[tuple[str, int, float | None, bool]]) -> pd.DataFrame:
    return pd.DataFrame(values, columns=["unit_id", "year", "value", "partial"]).assign(
        province_code=lambda f: f["unit_id"]
    )


def test_a_count_changes_in_percent_from_each_units_first_whole_year():
    rows = _rows(
        [
            ("a", 2022, 50.0, True),  # partial: not a base
            ("a", 2023, 100.0, False),
            ("a", 2024, 125.0, False),
            ("b", 2025, 40.0, False),  # a unit that starts in 2025 counts from 2025
            ("b", 2026, 30.0, False),
        ]
    )
    out = since_first_year(rows, CATALOG.indicator("VB01"))
    assert out["base_year"].tolist() == [2023, 2023, 2023, 2025, 2025]
    changes = out["since_first"].tolist()
    assert pd.isna(changes[0])  # before its base year
    assert changes[1:] == [pytest.approx(0.0), pytest.approx(0.25), 0.0, pytest.approx(-0.25)]


def test_a_rate_changes_in_points_and_a_missing_year_has_no_change():
    rows = _rows([("a", 2022, 0.80, False), ("a", 2023, None, False), ("a", 2024, 0.8325, False)])
    out = since_first_year(rows, CATALOG.indicator("TA04"))
    assert pd.isna(out["since_first"].iloc[1])
    assert out["since_first"].iloc[2] == pytest.approx(0.0325)  # +3,25 points, not +4,06%


def test_a_count_from_zero_has_no_relative_change():
    out = since_first_year(
        _rows([("a", 2022, 0.0, False), ("a", 2023, 5.0, False)]), CATALOG.indicator("VB01")
    )
    assert out["since_first"].isna().all()


# ---- the link -----------------------------------------------------------------------------------


def test_a_highlight_survives_the_round_trip_through_the_url():
    view = parse_view({"provinces": "75,74,58", "highlight": "74,75"}, YEARS, CATALOG)
    assert view.highlight == ("74", "75")  # in the fixed order
    assert view_params(view)["highlight"] == "74,75"
    assert parse_view(view_params(view), YEARS, CATALOG) == view
    assert "highlight" not in view_params(parse_view({}, YEARS, CATALOG))


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("75,99", ("75",)),  # an unknown code dropped
        ("٧٥", ()),  # Arabic-Indic digits are not a code
        ("７５", ()),  # nor full-width ones
        ("75,<b>", ("75",)),
        ("72", ()),  # a member that is not among the provinces shown
    ],
)
def test_a_crafted_highlight_keeps_only_shown_codes_and_says_so(raw, kept):
    view = parse_view({"provinces": "75,74", "highlight": raw}, YEARS, CATALOG)
    assert view.highlight == kept
    assert view.notices == ("highlight",)
    assert "đường dẫn" in t("url.fallback.highlight", "vi")


# ---- the compare page ---------------------------------------------------------------------------


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    return AppTest.from_file("../app.py", default_timeout=60)


def open_compare(app: AppTest, params: dict[str, str]) -> AppTest:
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page("pages/compare.py").run()
    assert not app.exception, app.exception
    return app


def figures(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def trend(store, indicator: str, provinces: list[str], first: int, last: int) -> pd.DataFrame:
    return store.query(
        "province_trend",
        bloc="DNB",
        units="reported",
        indicator=indicator,
        provinces=provinces,
        first_year=first,
        last_year=last,
        normalisation="absolute",
        as_of=None,
    )


def test_highlighted_provinces_keep_their_colours_and_the_others_turn_grey(app, sample_store):
    open_compare(app, {**VIEW_2024, "highlight": "75,74"})
    bars, lines = figures(app)
    colours = {u.name_vi: u.colour for u in CATALOG.units}
    dots = bars["data"][0]  # a rate (TA04): a dot per unit, its name on the y axis
    assert dots["type"] == "scatter" and dots["mode"] == "markers"
    for name, colour in zip(dots["y"], dots["marker"]["line"]["color"], strict=True):
        expected = colours[name] if name in ("Đồng Nai", "Bình Dương") else CONTEXT_COLOUR
        assert colour == expected, name
    units = [d for d in lines["data"] if d["name"] != "Chỉ tiêu"]
    lit = {d["name"]: d["line"]["color"] for d in units if d["line"]["color"] != CONTEXT_COLOUR}
    assert lit == {"Đồng Nai": colours["Đồng Nai"], "Bình Dương": colours["Bình Dương"]}
    assert len(units) == 7
    assert [d["name"] for d in units][-2:] == ["Bình Dương", "Đồng Nai"]  # drawn on top
    assert app.query_params["highlight"] == "74,75"
    shorts = [CATALOG.latest_unit_with_code(c).short("vi") for c in ("74", "75")]
    for figure in (bars, lines):  # an image says what its grey means
        assert f" · nổi bật: {', '.join(shorts)}" in figure["layout"]["title"]["text"]


def test_the_change_bars_grey_out_the_provinces_not_highlighted(app, sample_store):
    open_compare(app, {**VIEW_2024, "highlight": "75,74"})
    app.session_state[KEY_COMPARE_TAB] = "Thay đổi so với năm trước"  # what clicking the tab does
    app.run()
    change = figures(app)[1]
    colours = {u.name_vi: u.colour for u in CATALOG.units}
    shown = dict(zip(change["data"][0]["x"], change["data"][0]["marker"]["color"], strict=True))
    assert shown.pop("Đồng Nai") == colours["Đồng Nai"]
    assert shown.pop("Bình Dương") == colours["Bình Dương"]
    assert len(shown) == 5 and set(shown.values()) == {CONTEXT_COLOUR}


def test_the_caption_speaks_of_the_highlighted_provinces_against_the_bloc(app, sample_store):
    open_compare(app, {**VIEW_2024, "highlight": "75,74"})
    rows = trend(sample_store, "TA04", OLD, 2024, 2024)
    ranks = rows["value"].rank(ascending=False, method="min").astype(int)
    rank = dict(zip(rows["name_vi"], ranks, strict=True))
    caption = app.markdown[0].value.strip("*")
    first, second = sorted(["Đồng Nai", "Bình Dương"], key=rank.get)
    assert caption.startswith(f"{first} và {second} so với khối: {first} hạng {rank[first]}/7 với ")
    assert f"; {second} hạng {rank[second]}/7 với " in caption
    leader = rows.loc[rows["value"].idxmax(), "name_vi"]
    if leader in ("Đồng Nai", "Bình Dương"):
        assert "dẫn đầu khối là" not in caption  # one of them leads: no need to name it
    else:
        assert f"dẫn đầu khối là {leader} với " in caption


def test_the_caption_in_english_speaks_of_the_highlight_against_the_bloc(app):
    open_compare(app, {**VIEW_2024, "highlight": "75", "lang": "en"})
    caption = app.markdown[0].value.strip("*")
    assert caption.startswith("Dong Nai against the bloc: Dong Nai ranks ")
    assert " of 7 with " in caption


def test_without_a_highlight_every_province_keeps_its_colour_and_the_sentence_is_the_blocs(app):
    open_compare(app, VIEW_2024)
    bars, _lines = figures(app)
    assert CONTEXT_COLOUR not in bars["data"][0]["marker"]["color"]
    assert "dẫn đầu khối với " in app.markdown[0].value
    assert "highlight" not in app.query_params


def test_a_highlight_chosen_in_the_sidebar_goes_into_the_link(app):
    open_compare(app, VIEW_2024)
    app.sidebar.multiselect(key=KEY_HIGHLIGHT).set_value(["58"]).run()
    assert app.query_params["highlight"] == "58"
    assert app.markdown[0].value.startswith("**Ninh Thuận so với khối: Ninh Thuận hạng ")


def test_each_line_is_named_at_its_end_in_its_colour_with_no_legend(app, sample_store):
    open_compare(app, {**VIEW_2024, "provinces": "75,58", "indicator": "TA04"})
    lines = figures(app)[1]
    rows = trend(sample_store, "TA04", ["75", "58"], 2020, 2024)
    labels = {a["text"]: a for a in lines["layout"]["annotations"] if a.get("yref") == "y"}
    for _unit, mine in rows.groupby("unit_id"):
        last = mine.dropna(subset=["value"]).sort_values("year").iloc[-1]
        label = labels[last["short_vi"]]
        assert label["x"] == last["year"]
        assert label["font"]["color"] == last["colour"]
        assert label["y"] == pytest.approx(last["value"] * 100, abs=1.0)  # nudged, if at all
    assert not any(d.get("showlegend", True) for d in lines["data"])


def test_the_target_is_a_step_line_over_its_years_labelled_where_it_starts(app, sample_store):
    open_compare(app, {**VIEW_2024, "provinces": "75,58", "indicator": "TA04"})
    lines = figures(app)[1]
    targets = sample_store.query("targets", first_year=2020, last_year=2024)
    targets = targets[targets["indicator_code"] == "TA04"].sort_values("year")
    step = next(d for d in lines["data"] if d["name"] == "Chỉ tiêu")
    assert step["line"]["shape"] == "hv"
    assert step["x"] == targets["year"].tolist()
    assert step["y"] == pytest.approx((targets["target"] * 100).tolist())
    # Labelled with its level at its first year, left of the lines' end labels (at 2024).
    first = targets.iloc[0]
    sign = ">" if first["comparison"] == "gt" else "≥"
    percent = f"{first['target'] * 100:.2f}".replace(".", ",")
    label = next(a for a in lines["layout"]["annotations"] if a["text"].startswith("Chỉ tiêu"))
    assert label["text"] == f"Chỉ tiêu {sign} {percent}%"
    assert (label["x"], label["y"]) == (first["year"], pytest.approx(first["target"] * 100))


def test_the_lines_can_show_each_units_change_since_the_first_year(app, sample_store):
    open_compare(app, {**VIEW_2024, "provinces": "75,58", "indicator": "VB01"})
    app.radio(key=KEY_COMPARE_MEASURE).set_value("indexed").run()
    assert not app.exception
    lines = figures(app)[1]
    assert lines["layout"]["yaxis"]["title"]["text"] == "% so với năm đầu"
    assert "% so với năm đầu · 2020–2024 · " in lines["layout"]["title"]["text"]  # not "lượt"
    rows = trend(sample_store, "VB01", ["75", "58"], 2020, 2024)
    for trace in lines["data"]:
        mine = rows[rows["name_vi"] == trace["name"]].sort_values("year")
        first = mine["value"].iloc[0]
        assert trace["y"] == pytest.approx(((mine["value"] / first - 1) * 100).tolist())
    assert not [d for d in lines["data"] if d["name"] == "Chỉ tiêu"]  # no target on changes


# ---- the overview and the slide pack ------------------------------------------------------------


def test_the_overview_bars_grey_out_the_provinces_not_highlighted(app, sample_store):
    app.query_params.update({"year": "2024", "units": "reported", "highlight": "60"})
    app.run()
    assert not app.exception
    bars = figures(app)[0]
    colours = {u.name_vi: u.colour for u in CATALOG.units}
    shown = dict(zip(bars["data"][0]["x"], bars["data"][0]["marker"]["color"], strict=True))
    assert shown.pop("Bình Thuận") == colours["Bình Thuận"]
    assert len(shown) == 6 and set(shown.values()) == {CONTEXT_COLOUR}


def test_the_pack_draws_the_highlight_and_speaks_of_it_in_its_slides(sample_store):
    from justice_dashboard.export.pack import PackContext, indicator_bars, indicator_lines

    bloc = CATALOG.default_bloc
    context = PackContext(
        CATALOG, bloc, 2024, tuple(OLD), "vi", units="reported", highlight=("75",)
    )
    bars = indicator_bars("TA04").run(sample_store.query, context)
    dots = bars.figure.data[0]  # a rate (TA04): a dot per unit, as on the page
    colours = dict(zip(dots.y, dots.marker.line.color, strict=True))
    assert colours.pop("Đồng Nai") == CATALOG.latest_unit_with_code("75").colour
    assert set(colours.values()) == {CONTEXT_COLOUR}
    assert bars.caption.startswith("Đồng Nai so với khối: Đồng Nai hạng ")
    lines = indicator_lines("TA04").run(sample_store.query, context)
    lit = [tr.name for tr in lines.figure.data if tr.line.color not in (CONTEXT_COLOUR, None)]
    assert "Đồng Nai" in lit and not {"Bình Dương", "Ninh Thuận"} & set(lit)


def test_end_labels_of_a_crowded_year_do_not_overlap(sample_store):
    from justice_dashboard.charts.compare import compare_lines_figure, end_label_gap
    from justice_dashboard.charts.frames import rows_frame

    rows = trend(sample_store, "TA04", OLD, 2018, 2024)
    figure = compare_lines_figure(
        rows, CATALOG.indicator("TA04"), rows_frame("", "", rows, "vi"), "vi"
    )
    at_end = sorted(a.y for a in figure.layout.annotations if a.yref == "y" and a.x == 2024)
    assert len(at_end) == 7
    low, high = figure.layout.yaxis.range
    gap = end_label_gap(low, high)
    last = (rows[rows["year"] == 2024]["value"] * 100).sort_values().tolist()
    assert min(b - a for a, b in itertools.pairwise(last)) < gap  # the figures are crowded
    assert all(b - a >= gap - 1e-9 for a, b in itertools.pairwise(at_end))  # nudged apart
    assert low <= at_end[0] - gap / 2 and at_end[-1] + gap / 2 <= high  # all inside the plot


def test_the_export_command_highlights_the_provinces_it_is_given(tmp_path, monkeypatch, capsys):
    from pptx import Presentation

    from justice_dashboard.__main__ import main

    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    out = tmp_path / "pack.pptx"
    args = ["export", "--year", "2024", "--format", "pptx", "--out", str(out), "--units"]
    assert main([*args, "reported", "--indicators", "TA04", "--highlight", "75"]) == 0
    texts = [
        shape.text_frame.text
        for slide in Presentation(str(out)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    ]
    assert any(text.startswith("Đồng Nai so với khối: Đồng Nai hạng ") for text in texts)
    refused = tmp_path / "refused.pptx"
    wrong = ["--provinces", "58,60", "--highlight", "75"]
    refuse = ["export", "--year", "2024", "--format", "pptx", "--out", str(refused)]
    assert main([*refuse, "--units", "reported", *wrong]) == 2
    assert "Tỉnh tô nổi bật 75 không thuộc các tỉnh được chọn." in capsys.readouterr().err
    assert not refused.exists()
