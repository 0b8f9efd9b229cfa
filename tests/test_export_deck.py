"""The PowerPoint pack read back with python-pptx: slides, size, native charts and their data."""

from __future__ import annotations

import datetime as dt
import io
import math

import pandas as pd
import plotly.graph_objects as go
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Emu

from justice_dashboard import fmt
from justice_dashboard.catalog import load_catalog
from justice_dashboard.charts.overview import province_bar_figure
from justice_dashboard.charts.theme import ChartFrame, apply_frame
from justice_dashboard.export import DeckInfo, SlideChart, build_deck
from justice_dashboard.export.naming import ascii_slug, chart_stem, unique_names
from justice_dashboard.export.native import VI_WHOLE_FORMAT, chart_from_figure
from justice_dashboard.export.pack import (
    RANKED_GROUPS,
    PackContext,
    build_pack,
    change_indicators,
    conference_pack,
    targeted_indicators,
)

CATALOG = load_catalog()
BLOC = CATALOG.default_bloc
MEMBERS = tuple(p.code for p in CATALOG.bloc_units(BLOC.code, 2022))
INFO = DeckInfo(BLOC.name("vi"), 2022, dt.date(2022, 12, 2), illustrative=True)


def _read(data: bytes) -> Presentation:
    return Presentation(io.BytesIO(data))


def _charts(prs: Presentation) -> list:
    return [shape.chart for slide in prs.slides for shape in slide.shapes if shape.has_chart]


@pytest.fixture(scope="module")
def pack_2022(sample_store) -> list[SlideChart]:
    context = PackContext(CATALOG, BLOC, 2022, MEMBERS, "vi")
    pack = conference_pack(CATALOG, targeted=targeted_indicators(sample_store.query, 2022))
    return build_pack(pack, sample_store.query, context)


def _trend(store, code: str) -> pd.DataFrame:
    rows = store.query(
        "province_trend",
        units="reported",
        bloc=BLOC.code,
        indicator=code,
        provinces=list(MEMBERS),
        first_year=2021,
        last_year=2022,
        normalisation="absolute",
        as_of=None,
    )
    return rows[rows["year"] == 2022].set_index("name_vi")


def _slides_by_title(prs: Presentation) -> dict:
    """The chart slides by title (not the title slide, nor a table's slide after a chart)."""
    return {
        slide.shapes.title.text: slide
        for slide in list(prs.slides)[1:]
        if any(shape.has_chart for shape in slide.shapes)
    }


def _chart_of(slide):
    return next(shape.chart for shape in slide.shapes if shape.has_chart)


HEADLINE = [i.code for i in CATALOG.headline_indicators()]
CHANGES = change_indicators(CATALOG)


@pytest.fixture(scope="module")
def targeted(sample_store) -> tuple[str, ...]:
    """The indicators with a national target in 2022, from the `targets` query."""
    return targeted_indicators(sample_store.query, 2022)


def test_the_pack_derives_its_target_and_change_charts_from_the_data(sample_store):
    targets = sample_store.query("targets", first_year=2022, last_year=2022)
    assert set(targeted_indicators(sample_store.query, 2022)) == set(targets["indicator_code"])
    published = {f.indicator_code for f in CATALOG.published if f.bloc_code == BLOC.code}
    assert set(CHANGES) == published
    keys = [item.key for item in conference_pack(CATALOG, targeted=("VB02",))]
    assert keys.index("bars:VB02") == len(set(HEADLINE) | {"VB02"}) - 1  # after the headline
    assert [k for k in keys if k.startswith("change:")] == [f"change:{c}" for c in CHANGES]


def test_the_deck_is_16_9_with_a_title_slide_and_one_slide_per_chart(pack_2022, targeted):
    prs = _read(build_deck(pack_2022, INFO))
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-3)
    # Every headline indicator by province and those with a target, then the latter's lines over
    # the years, the groups' rankings and their scores on the scoring table, then the
    # year-over-year change of the figures the bloc's sources publish.
    bars = set(HEADLINE) | set(targeted)
    groups = 2 * len(RANKED_GROUPS)
    assert len(pack_2022) == len(bars) + len(targeted) + groups + len(CHANGES)
    assert [c.stem.split("_")[0] for c in pack_2022[len(bars) - len(targeted) : len(bars)]] == list(
        targeted
    )
    tables = [c.table for c in pack_2022 if c.table is not None]  # the weights a ranking cites
    assert len(prs.slides) == 1 + len(pack_2022) + len(tables)
    title_slide = prs.slides[0]
    text = "\n".join(s.text_frame.text for s in title_slide.shapes if s.has_text_frame)
    assert "Kết quả công tác tư pháp năm 2022" in text
    assert "Khối thi đua các cơ quan Tư pháp khu vực miền Đông Nam Bộ" in text
    assert "ngày 02 tháng 12 năm 2022" in text
    assert "Dữ liệu minh họa" in text


def test_each_chart_slide_has_the_vietnamese_title_a_native_chart_and_notes(pack_2022, targeted):
    prs = _read(build_deck(pack_2022, INFO))
    slides = _slides_by_title(prs)
    bars = list(dict.fromkeys([*HEADLINE, *targeted]))
    expected = (
        [f"{CATALOG.indicator(c).name_vi}, năm 2022" for c in bars]
        + [f"{CATALOG.indicator(c).name_vi} qua các năm" for c in targeted]
        + [
            "Điểm tổng hợp (tham khảo): Khối Sở Tư pháp (STP), năm 2022",
            "Điểm tổng hợp (tham khảo): Khối Thi hành án dân sự (THA), năm 2022",
            "Chấm điểm thi đua 2022 — Sở Tư pháp (STP)",
            "Chấm điểm thi đua 2022 — Thi hành án dân sự (THA)",
        ]
        + [f"{CATALOG.indicator(c).name_vi}: thay đổi so với năm 2021" for c in CHANGES]
    )
    assert sorted(slides) == sorted(expected)
    rates = {
        f"{CATALOG.indicator(c).name_vi}, năm 2022" for c in bars if CATALOG.indicator(c).is_rate
    }
    for title, slide in slides.items():
        ranking = title.startswith(("Điểm tổng hợp", "Chấm điểm thi đua"))
        kind = XL_CHART_TYPE.BAR_CLUSTERED if ranking else XL_CHART_TYPE.COLUMN_CLUSTERED
        if title.endswith("qua các năm"):
            kind = XL_CHART_TYPE.LINE_MARKERS
        elif title in rates:  # dots, and level lines without markers (python-pptx: LINE)
            kind = XL_CHART_TYPE.LINE
        assert _chart_of(slide).chart_type == kind
        notes = slide.notes_slide.notes_text_frame.text
        assert "Nguồn: số liệu mẫu của bảng điều khiển" in notes
        assert "Số liệu đến ngày 15/01/2023" in notes
        assert "Dữ liệu minh họa" in notes
        if title.endswith("qua các năm"):  # the lines give the rule, over their years
            assert "Năm thi hành án tính từ 01/10 năm trước đến 30/9" in notes
        elif title.startswith(("Tỷ lệ thi hành", "Tổng số việc phải thi hành")) or "THA" in title:
            assert "Năm thi hành án 2022: từ 01/10/2021 đến 30/9/2022" in notes


def _visible_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_a_native_chart_slide_shows_its_subtitle_source_date_and_the_tha_year(pack_2022):
    slides = _slides_by_title(_read(build_deck(pack_2022, INFO)))
    frames = {chart.title: chart.frame for chart in pack_2022}
    ta04 = slides["Tỷ lệ thi hành xong về việc, năm 2022"]
    visible = _visible_text(ta04)
    assert "Năm thi hành án 2022: từ 01/10/2021 đến 30/9/2022" in visible
    assert "% · 2022 · " in visible  # the subtitle: unit · year · provinces
    assert "Số liệu đến ngày 15/01/2023" in visible
    assert "Dữ liệu minh họa" in visible
    notes = ta04.notes_slide.notes_text_frame.text
    assert "Năm thi hành án 2022: từ 01/10/2021 đến 30/9/2022" in notes
    for title, slide in slides.items():
        visible = _visible_text(slide)
        assert frames[title].subtitle in visible
        for note in frames[title].notes:
            assert note in visible and note in slide.notes_slide.notes_text_frame.text


def test_native_chart_bars_are_the_query_results_in_the_province_colours(pack_2022, sample_store):
    slides = _slides_by_title(_read(build_deck(pack_2022, INFO)))
    for code in HEADLINE:
        indicator = CATALOG.indicator(code)
        chart = _chart_of(slides[f"{indicator.name_vi}, năm 2022"])
        rows = _trend(sample_store, code)
        bars = next(s for s in chart.plots[0].series if s.name == indicator.name_vi)
        # a rate's figure is written under its unit's name (its dots carry no label)
        names = [c.split("\n")[0] for c in chart.plots[0].categories]
        assert sorted(names) == sorted(rows.index)
        scale = 100 if indicator.is_rate else 1
        assert list(bars.values) == pytest.approx([rows.loc[n, "value"] * scale for n in names])
        points = [bars.points[i] for i in range(len(names))]
        if indicator.is_rate:  # dots in the units' colours
            fills = [str(p.marker.format.fill.fore_color.rgb) for p in points]
        else:
            fills = [str(p.format.fill.fore_color.rgb) for p in points]
        assert fills == [rows.loc[n, "colour"].lstrip("#").upper() for n in names]


def test_the_completion_rates_carry_their_national_target_as_a_line(pack_2022, sample_store):
    slides = _slides_by_title(_read(build_deck(pack_2022, INFO)))
    targets = sample_store.query("targets", first_year=2022, last_year=2022).set_index(
        "indicator_code"
    )
    for code in ("TA04", "TA07"):
        chart = _chart_of(slides[f"{CATALOG.indicator(code).name_vi}, năm 2022"])
        *levels, dots = sorted(chart.plots[0].series, key=lambda s: s.index)  # dots on top
        assert dots.name == CATALOG.indicator(code).name_vi
        lines = {s.name: list(s.values) for s in levels}
        target = targets.loc[code, "target"] * 100
        name = f"Chỉ tiêu Quốc hội giao: > {fmt.percent(targets.loc[code, 'target'], 2)}"
        assert lines[name] == pytest.approx([target] * 7)


def test_counts_show_vietnamese_thousands_whatever_the_viewers_region(pack_2022, sample_store):
    """Whole counts keep live labels with literal dots; rates carry the figure's own labels."""
    slides = _slides_by_title(_read(build_deck(pack_2022, INFO)))
    cases = _chart_of(slides["Tổng số việc phải thi hành, năm 2022"])
    assert cases.value_axis.tick_labels.number_format == VI_WHOLE_FORMAT
    assert cases.plots[0].series[0].data_labels.number_format == VI_WHOLE_FORMAT
    rate = _chart_of(slides["Tỷ lệ thi hành xong về việc, năm 2022"])
    rows = _trend(sample_store, "TA04")
    # a rate's figures are written under the units' names, the Vietnamese way
    names, labels = (
        list(t) for t in zip(*(c.split("\n") for c in rate.plots[0].categories), strict=True)
    )
    ta04 = CATALOG.indicator("TA04")
    assert labels == [fmt.indicator_value(ta04, rows.loc[n, "value"], "vi") for n in names]
    assert all("," in label and label.endswith("%") for label in labels)
    assert rate.value_axis.tick_labels.number_format == '0"%"'


def test_each_groups_ranking_slide_holds_its_composite_scores_rank_1_on_top(
    pack_2022, sample_store
):
    from justice_dashboard import ranking

    slides = _slides_by_title(_read(build_deck(pack_2022, INFO)))
    inputs = sample_store.query(
        "ranking_inputs",
        bloc=BLOC.code,
        units="reported",
        first_year=2022,
        last_year=2022,
        as_of=None,
    )
    scored = ranking.with_ranks_and_scores(inputs)
    for agency, group in (
        ("STP", "Khối Sở Tư pháp (STP)"),
        ("THA", "Khối Thi hành án dân sự (THA)"),
    ):
        slide = slides[f"Điểm tổng hợp (tham khảo): {group}, năm 2022"]
        chart = _chart_of(slide)
        codes = {i.code for i in CATALOG.indicators if i.agency == agency}
        weights = {c: w for c, w in ranking.load_weights().items() if c in codes}
        result = ranking.composite(scored[scored["agency"] == agency], weights)
        expected = result.sort_values("rank", ascending=False)
        assert list(chart.plots[0].categories) == expected["name_vi"].tolist()
        assert list(chart.plots[0].series[0].values) == pytest.approx(
            expected["composite"].tolist()
        )
        caption = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert f"Hạng 1: {expected['name_vi'].iloc[-1]}" in caption
        assert "không phải điểm thi đua chính thức" in caption


def test_the_change_slide_holds_each_provinces_change_with_its_sign(pack_2022, sample_store):
    slides = _slides_by_title(_read(build_deck(pack_2022, INFO)))
    chart = _chart_of(slides["Tổng số việc phải thi hành: thay đổi so với năm 2021"])
    rows = sample_store.query(
        "province_trend",
        units="reported",
        bloc=BLOC.code,
        indicator="TA01",
        provinces=list(MEMBERS),
        first_year=2021,
        last_year=2022,
        normalisation="absolute",
        as_of=None,
    )
    wide = rows.pivot(index="name_vi", columns="year", values="value")
    names = list(chart.plots[0].categories)
    series = chart.plots[0].series[0]
    expected = [(wide.loc[n, 2022] - wide.loc[n, 2021]) / wide.loc[n, 2021] * 100 for n in names]
    assert list(series.values) == pytest.approx(expected)
    labels = [series.points[i].data_label.text_frame.text for i in range(len(names))]
    assert all(label[0] in "+-±" and label.endswith("%") for label in labels)
    slide = slides["Tổng số việc phải thi hành: thay đổi so với năm 2021"]
    caption = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert f"Thay đổi so với năm 2021: nhiều nhất {names[0]} ({labels[0]})" in caption
    assert f"ít nhất {names[-1]} ({labels[-1]})" in caption


def _unquoted(number_format: str) -> str:
    """A number format without its literal text: what the viewer's region decides."""
    return "".join(part for i, part in enumerate(number_format.split('"')) if i % 2 == 0)


def test_a_change_chart_keeps_literal_dots_and_a_minus_whatever_the_viewers_region(sample_store):
    from justice_dashboard.charts.compare import change_figure

    rows = sample_store.query(
        "province_trend",
        units="reported",
        bloc=BLOC.code,
        indicator="TA04",
        provinces=list(MEMBERS),
        first_year=2021,
        last_year=2022,
        normalisation="absolute",
        as_of=None,
    )
    figure = change_figure(rows, CATALOG.indicator("TA04"), _frame(), "vi", year=2022)
    assert any(v is not None and v < 0 for v in figure.data[0].y)  # a signed axis
    chart = _charts(_read(build_deck([SlideChart.from_figure(figure, "TA04", "vi")], INFO)))[0]
    axis = chart.value_axis
    assert axis.tick_labels.number_format == '[>=1000]#"."##0;[>-1000]0;-#"."##0'
    assert not axis.tick_labels.number_format_is_linked
    assert axis.major_unit is not None and float(axis.major_unit).is_integer()
    series = chart.plots[0].series[0]
    data_format = series._element.xpath("./c:val//c:formatCode")[0].text
    assert data_format == '[>=1000]#"."##0;[>-1000]0.00;-#"."##0'
    for number_format in (axis.tick_labels.number_format, data_format):
        # No thousands separator of the viewer's own: thousands are literal dots in quotes.
        assert "," not in _unquoted(number_format)
        assert number_format.endswith(';-#"."##0')  # -1.000 and below: the minus written out


def _frame() -> ChartFrame:
    return ChartFrame("Tiêu đề", "việc · 2022", "nguồn thử", dt.datetime(2023, 1, 15), True)


def test_bars_with_a_target_line_become_columns_with_a_line_on_the_same_axes():
    fig = go.Figure(
        [
            go.Bar(x=["Bình Phước", "Tây Ninh"], y=[82.5, 80.0], name="Tỷ lệ", text=["a", "b"]),
            go.Scatter(x=["Bình Phước", "Tây Ninh"], y=[81.0, 81.0], name="Cả khối", mode="lines"),
        ]
    )
    fig.add_hline(y=81.5, line_dash="dash", line_color="#b00020", annotation_text="Chỉ tiêu")
    apply_frame(fig, _frame(), "vi")
    prs = _read(build_deck([SlideChart.from_figure(fig, "TA04_2022", "vi")], INFO))
    chart = _charts(prs)[0]
    kinds = [type(p).__name__ for p in chart.plots]
    assert kinds == ["BarPlot", "LinePlot"]
    assert [s.name for s in chart.plots[0].series] == ["Tỷ lệ"]
    lines = {s.name: list(s.values) for s in chart.plots[1].series}
    assert lines == {"Cả khối": [81.0, 81.0], "Chỉ tiêu": [81.5, 81.5]}
    plot_area = chart._chartSpace.chart.plotArea
    tags = [child.tag.rsplit("}", 1)[-1] for child in plot_area]
    assert tags.index("lineChart") < tags.index("catAx")


def test_horizontal_ranking_bars_become_a_bar_chart_in_the_same_order():
    fig = go.Figure(go.Bar(y=["Đồng Nai", "Tây Ninh", "Bình Phước"], x=[3, 2, 1], orientation="h"))
    fig.update_yaxes(autorange="reversed")
    chart = chart_from_figure(fig)
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert chart.categories == ["Đồng Nai", "Tây Ninh", "Bình Phước"]
    assert chart.series[0].values == [3.0, 2.0, 1.0]
    assert chart.reversed_categories


def test_a_province_without_a_figure_is_a_gap_not_a_zero():
    indicator = CATALOG.indicator("TA01")
    rows = pd.DataFrame(
        {
            "name_vi": ["Bình Phước", "Tây Ninh", "Bình Dương"],
            "name_en": ["Binh Phuoc", "Tay Ninh", "Binh Duong"],
            "colour": ["#E69F00", "#56B4E9", "#009E73"],
            "value": [1200.0, math.nan, 3400.0],
        }
    )
    fig = province_bar_figure(rows, indicator, _frame(), "vi")
    chart = chart_from_figure(fig)
    assert chart.series[0].values == [1200.0, None, 3400.0]
    assert len(chart.series) == 1  # the grey "không có số liệu" placeholder is not data
    prs = _read(build_deck([SlideChart.from_figure(fig, "TA01_2022", "vi")], INFO))
    series = _charts(prs)[0].plots[0].series[0]
    assert list(series.values) == [1200.0, None, 3400.0]
    assert series.points[1].data_label.text_frame.text == "không có số liệu"


def test_a_province_without_a_figure_keeps_its_slot_labelled_no_data_on_the_slide(
    write_values, open_store
):
    members = MEMBERS[:3]
    for code in members:
        figures = {"TA01": 1000.0 + int(code)} if code != members[1] else {"TA03": 5.0}
        write_values(code, 2021, {"TA01": 900.0 + int(code)}, illustrative=True)
        write_values(code, 2022, figures, illustrative=True)
    store = open_store()
    context = PackContext(CATALOG, BLOC, 2022, members, "vi")
    charts = build_pack(conference_pack(CATALOG, ["TA01"]), store.query, context)
    chart = _charts(_read(build_deck(charts, INFO)))[0]
    names = list(chart.plots[0].categories)
    missing = CATALOG.unit_for(members[1], 2022).name_vi
    assert sorted(names) == sorted(CATALOG.unit_for(c, 2022).name_vi for c in members)
    series = chart.plots[0].series[0]
    values = dict(zip(names, series.values, strict=True))
    assert values[missing] is None  # a gap, never a zero
    assert values[CATALOG.unit_for(members[0], 2022).name_vi] == 1000.0 + int(members[0])
    label = series.points[names.index(missing)].data_label.text_frame.text
    assert label == "không có số liệu"
    shown = [n for n in names if n != missing]
    assert all(series.points[names.index(n)].data_label.text_frame.text == "" for n in shown)


def test_file_names_are_ascii_and_say_indicator_year_and_provinces():
    assert chart_stem("TA04", 2022, provinces=MEMBERS, all_count=7) == "TA04_2022_7-tinh"
    assert chart_stem("TA04", 2018, 2024, ["70", "75"], all_count=7) == "TA04_2018-2024_70-75"
    assert ascii_slug("Xếp hạng nhóm THA – Đồng Nai") == "Xep-hang-nhom-THA-Dong-Nai"
    assert unique_names(["a", "b", "a"], "png") == ["a.png", "b.png", "a-2.png"]


def test_lines_over_years_and_a_rank_chart_become_native_line_charts(sample_store):
    from justice_dashboard.charts.compare import compare_lines_figure
    from justice_dashboard.charts.ranking import bump_figure

    rows = sample_store.query(
        "province_trend",
        units="reported",
        bloc=BLOC.code,
        indicator="TA04",
        provinces=["70", "75"],
        first_year=2020,
        last_year=2022,
        normalisation="absolute",
        as_of=None,
    )
    targets = sample_store.query("targets", first_year=2020, last_year=2022)
    targets = targets[targets["indicator_code"] == "TA04"]
    indicator = CATALOG.indicator("TA04")
    lines = compare_lines_figure(rows, indicator, _frame(), "vi", targets=targets)
    chart = _charts(_read(build_deck([SlideChart.from_figure(lines, "TA04", "vi")], INFO)))[0]
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert list(chart.plots[0].categories) == ["2020", "2021", "2022"]
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    for name, province in rows.groupby("name_vi"):
        assert series[name] == pytest.approx((province.sort_values("year")["value"] * 100).tolist())
    assert series["Chỉ tiêu"] == [None, None, pytest.approx(81.5)]

    ranks = pd.DataFrame(
        {
            "province_code": ["70", "70", "75", "75"],
            "name_vi": ["Bình Phước"] * 2 + ["Đồng Nai"] * 2,
            "name_en": ["Binh Phuoc"] * 2 + ["Dong Nai"] * 2,
            "colour": ["#E69F00"] * 2 + ["#0072B2"] * 2,
            "display_order": [1, 1, 4, 4],
            "year": [2021, 2022, 2021, 2022],
            "rank": [2.0, 1.0, 1.0, 2.0],
            "composite": [40.0, 70.0, 60.0, 50.0],
        }
    )
    bump = _charts(
        _read(
            build_deck(
                [SlideChart.from_figure(bump_figure(ranks, _frame(), "vi"), "b", "vi")], INFO
            )
        )
    )[0]
    assert {s.name: list(s.values) for s in bump.plots[0].series} == {
        "Bình Phước": [2.0, 1.0],
        "Đồng Nai": [1.0, 2.0],
    }
    assert bump.value_axis.reverse_order  # rank 1 on top, as in the figure


def test_the_profile_becomes_a_slide_chart_of_the_provinces_and_the_blocs_scores_by_name(
    sample_store,
):
    from justice_dashboard.charts.profile import profile_scores_figure
    from justice_dashboard.ranking import profile, with_ranks_and_scores

    inputs = sample_store.query(
        "ranking_inputs", bloc="DNB", units="current", first_year=2025, last_year=2026, as_of=None
    )
    rows = profile(with_ranks_and_scores(inputs), "75", 2026)
    catalog = load_catalog()
    groups = {g.code: g.name("vi") for g in catalog.groups}
    figure = profile_scores_figure(rows, groups, "Đồng Nai", "#0072b2", _frame(), "vi")
    chart = chart_from_figure(figure)
    scored = rows[(rows["direction"] != "none") & rows["score"].notna()]
    # one category per scored indicator, by its name (a wrapped name keeps its words)
    names = sorted(c.replace("\n", " ") for c in chart.categories)
    assert names == sorted(catalog.indicator(c).name("vi") for c in scored["indicator_code"])
    assert [(s.name, s.kind) for s in chart.series] == [
        ("Đồng Nai", "bar"),
        ("Khối (tỷ lệ chung / trung bình)", "bar"),  # beside the province's, not a line across
    ]
    deck = Presentation(
        io.BytesIO(
            build_deck(
                [SlideChart.from_figure(figure, "ho-so", "vi")],
                DeckInfo("Khối", 2026, None, True),
                "vi",
            )
        )
    )
    assert len(deck.slides) == 2
