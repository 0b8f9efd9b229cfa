"""The deck read back with python-pptx reads right: the bars' own colours without a misleading
legend swatch, labels clear of the average and target lines (a rate's figures under the units'
names, its dots on a zoomed axis), no blank series, the weights table a ranking cites, and every
text tagged Vietnamese."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from justice_dashboard import config, fmt, ranking
from justice_dashboard.catalog import load_catalog
from justice_dashboard.export import DeckInfo, SlideChart, build_deck
from justice_dashboard.export.pack import (
    PackContext,
    build_pack,
    conference_pack,
    targeted_indicators,
)

CATALOG = load_catalog()
BLOC = CATALOG.default_bloc
MEMBERS = tuple(p.code for p in CATALOG.bloc_units(BLOC.code, 2022))


def _deck(charts: list[SlideChart], lang: str = "vi") -> Presentation:
    info = DeckInfo(BLOC.name(lang), 2022, dt.date(2022, 12, 2), illustrative=True)
    return Presentation(io.BytesIO(build_deck(charts, info, lang)))


@pytest.fixture(scope="module")
def pack(sample_store) -> list[SlideChart]:
    context = PackContext(CATALOG, BLOC, 2022, MEMBERS, "vi")
    items = conference_pack(CATALOG, targeted=targeted_indicators(sample_store.query, 2022))
    return build_pack(items, sample_store.query, context)


@pytest.fixture(scope="module")
def deck(pack) -> Presentation:
    return _deck(pack)


def _slide(prs: Presentation, title: str):
    return next(
        s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == title
    )


def _chart(slide):
    return next(shape.chart for shape in slide.shapes if shape.has_chart)


def _bars_2022(sample_store, code: str):
    rows = sample_store.query(
        "province_trend",
        bloc=BLOC.code,
        units="reported",
        indicator=code,
        provinces=list(MEMBERS),
        first_year=2022,
        last_year=2022,
        normalisation="absolute",
        as_of=None,
    )
    return rows.set_index("name_vi")


def _legend(chart) -> tuple[set[int], list[str]]:
    """The indexes of the series the legend leaves out, and the names it lists."""
    legend = chart._chartSpace.chart.find(qn("c:legend"))
    deleted = {
        int(entry.find(qn("c:idx")).get("val"))
        for entry in legend.findall(qn("c:legendEntry"))
        if entry.find(qn("c:delete")) is not None
    }
    every = sorted((s for p in chart.plots for s in p.series), key=lambda s: s.index)
    return deleted, [s.name for s in every if s.index not in deleted]


def test_the_bars_keep_each_units_colour_and_the_legend_lists_only_the_lines(deck, sample_store):
    title = f"{CATALOG.indicator('TA01').name_vi}, năm 2022"
    chart = _chart(_slide(deck, title))
    bars = chart.plots[0]
    rows = _bars_2022(sample_store, "TA01")
    categories = list(bars.categories)
    fills = [
        str(point.format.fill.fore_color.rgb)
        for point in (bars.series[0].points[i] for i in range(len(categories)))
    ]
    assert fills == [rows.loc[name, "colour"].lstrip("#").upper() for name in categories]
    assert len(set(fills)) == len(categories)  # seven colours, not one
    deleted, listed = _legend(chart)
    assert deleted == {bars.series[0].index}  # the bars: their names are on the axis
    assert [name.split(":")[0] for name in listed] == ["Trung bình các tỉnh đang xem"]


def test_a_rates_dots_keep_each_units_colour_and_the_legend_lists_the_average_and_target(
    deck, sample_store
):
    title = f"{CATALOG.indicator('TA04').name_vi}, năm 2022"
    chart = _chart(_slide(deck, title))
    *_levels, dots = sorted(chart.plots[0].series, key=lambda s: s.index)  # dots drawn on top
    assert dots.name == CATALOG.indicator("TA04").name_vi
    rows = _bars_2022(sample_store, "TA04")
    names = [c.split("\n")[0] for c in chart.plots[0].categories]
    colours = [str(dots.points[i].marker.format.fill.fore_color.rgb) for i in range(len(names))]
    assert colours == [rows.loc[name, "colour"].lstrip("#").upper() for name in names]
    deleted, listed = _legend(chart)
    assert deleted == {dots.index}  # the dots: their names are on the axis
    assert any(name.startswith("Tỷ lệ chung") for name in listed)  # the bloc's rate
    assert any(name.startswith("Chỉ tiêu") for name in listed)  # the national target


def test_the_bar_labels_sit_on_white_boxes_the_average_line_passes_behind(deck):
    for code in ("VB01", "TA01"):
        chart = _chart(_slide(deck, f"{CATALOG.indicator(code).name_vi}, năm 2022"))
        bars = chart.plots[0].series[0]
        assert [s for p in chart.plots[1:] for s in p.series]  # the provinces' average
        labels = bars._element.find(qn("c:dLbls"))
        assert labels.find(qn("c:dLblPos")).get("val") == "ctr"  # inside, as on the page
        fill = labels.find(f"{qn('c:spPr')}/{qn('a:solidFill')}/{qn('a:srgbClr')}")
        assert fill is not None and fill.get("val") == "FFFFFF"  # readable on any colour


def test_a_rates_figures_stand_under_the_units_names_where_no_line_passes(deck, sample_store):
    for code in ("TA04", "TA07"):
        indicator = CATALOG.indicator(code)
        chart = _chart(_slide(deck, f"{indicator.name_vi}, năm 2022"))
        dots = next(s for s in chart.plots[0].series if s.name == indicator.name_vi)
        assert dots._element.find(qn("c:dLbls")) is None  # no label among the lines
        rows = _bars_2022(sample_store, code)
        for category in chart.plots[0].categories:
            name, figure = category.split("\n")
            assert figure == fmt.indicator_value(indicator, rows.loc[name, "value"], "vi")
        low = chart.value_axis.minimum_scale
        assert 0 < low < 100 * rows["value"].min()  # zoomed, below the lowest figure
        assert f"trục bắt đầu từ {fmt.number(low, 0, 'vi')}%" in (
            chart.value_axis.axis_title.text_frame.text
        )


def test_no_series_of_the_deck_has_a_blank_name(deck, pack):
    names = [s.name for slide in deck.slides for shape in slide.shapes if shape.has_chart
             for plot in shape.chart.plots for s in plot.series]  # fmt: skip
    assert names and all(name.strip() for name in names)
    ranking_chart = next(c for c in pack if c.stem.startswith("xep-hang-STP"))
    chart = _chart(_slide(deck, ranking_chart.title))
    axis_title = ranking_chart.figure.layout.xaxis.title.text
    assert [s.name for s in chart.plots[0].series] == [axis_title]


def test_a_ranking_that_cites_the_weights_table_is_followed_by_it(deck, pack):
    weights = ranking.load_weights(config.reference_dir())
    for chart in (c for c in pack if c.stem.startswith("xep-hang")):
        if "bảng trọng số" not in chart.frame.subtitle:
            assert chart.table is None
            continue
        slides = list(deck.slides)
        at = slides.index(_slide(deck, chart.title))
        table_slide = slides[at + 1]
        table = next(s.table for s in table_slide.shapes if s.has_table)
        cells = [[c.text for c in row.cells] for row in table.rows]
        assert cells[0] == ["Mã", "Chỉ tiêu", "Trọng số"]
        agency = "STP" if "STP" in chart.title else "THA"
        expected = [
            i for i in CATALOG.indicators if i.agency == agency and weights.get(i.code, 0) > 0
        ]
        assert sorted(row[0] for row in cells[1:]) == sorted(i.code for i in expected)
        for row in cells[1:]:
            indicator = CATALOG.indicator(row[0])
            assert row[1] == indicator.name_vi
            assert row[2] == f"{weights[row[0]]:.1f}".replace(".", ",")  # 1,0 the Vietnamese way


def _languages(prs: Presentation) -> tuple[set[str], int]:
    """Every language tag in the deck's XML, and how many text runs carry none."""
    tags: set[str] = set()
    untagged = 0
    for part in prs.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None:
            continue
        for node in element.iter(qn("a:rPr"), qn("a:defRPr"), qn("a:endParaRPr")):
            if node.get("lang"):
                tags.add(node.get("lang"))
        for run in element.iter(qn("a:r")):
            properties = run.find(qn("a:rPr"))
            untagged += properties is None or not properties.get("lang")
    return tags, untagged


def test_every_text_of_the_deck_is_tagged_vietnamese(deck):
    tags, untagged = _languages(deck)
    assert tags == {"vi-VN"}
    assert untagged == 0
    chart_xml = etree.tostring(_chart(list(deck.slides)[1])._chartSpace).decode()
    assert 'lang="vi-VN"' in chart_xml and "en-US" not in chart_xml


def test_an_english_deck_is_tagged_english(sample_store):
    context = PackContext(CATALOG, BLOC, 2022, MEMBERS, "en")
    items = [i for i in conference_pack(CATALOG) if i.key == "bars:VB01"]
    tags, untagged = _languages(_deck(build_pack(items, sample_store.query, context), "en"))
    assert tags == {"en-US"} and untagged == 0


def test_rates_over_the_years_start_near_their_lowest_figure_and_say_where(deck):
    for code in ("TA04", "TA07"):
        chart = _chart(_slide(deck, f"{CATALOG.indicator(code).name_vi} qua các năm"))
        values = [v for p in chart.plots for s in p.series for v in s.values if v is not None]
        low = chart.value_axis.minimum_scale
        assert 0 < low < min(values)  # not from 0: the lines' differences show
        assert chart.value_axis.maximum_scale >= max(values)
        assert chart.value_axis.axis_title.text_frame.text == (
            f"% (trục bắt đầu từ {fmt.number(low, 0, 'vi')}%, không từ 0, để thấy rõ chênh lệch)"
        )
