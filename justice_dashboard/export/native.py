"""A Plotly figure's traces as a native PowerPoint chart (python-pptx) carrying the same data.

Any builder's figure converts: vertical bars become a column chart, horizontal bars a bar chart, lines
a line chart, and bars with lines (a bloc average, a target) a column chart with line series on the
same axes. Horizontal reference lines drawn as shapes (`add_hline`) become a constant line series.
Each point keeps its colour (the province's fixed colour) and its label.

Numbers in the Vietnamese way, whatever the viewer's Windows region: a number format such as
`#,##0` is shown with the viewer's own separators (125,996 on an English Windows), so
- whole, non-negative values get a format whose dots are literal text, in sections by size
  (`[>=1000000]#"."###"."##0;[>=1000]#"."##0;0` shows 125996 as 125.996 everywhere) and their
  labels stay live: edit the data in PowerPoint and the label follows;
- other values (rates, decimals, negatives) get the figure's own label text (83,25%) on each point,
  written the Vietnamese way by `fmt`; the data behind them is unchanged;
- a value axis with negatives (a change chart) gets the same literal dots with a negative section
  (`-#"."##0` below -1.000), and whole-number steps, so its ticks read -1.000 … 0 … 1.000 everywhere.
A number format cannot make the *decimal* sign literal (the "." of a format code is always the
viewer's decimal symbol), so decimals reach the slide only as label text; the embedded data of a
decimal series keeps literal thousands dots and two decimals in the viewer's own sign.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import plotly.graph_objects as go
from lxml import etree
from pptx.chart.chart import Chart
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
    XL_TICK_LABEL_POSITION,
)
from pptx.oxml.ns import qn
from pptx.util import Pt

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.charts.rates import LABEL_ROOM, axis_end, axis_start
from justice_dashboard.charts.theme import MUTED_COLOUR
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import t

# Whole numbers with literal dots: the same text on every Windows region.
VI_WHOLE_FORMAT = '[>=1000000]#"."###"."##0;[>=1000]#"."##0;0'
VI_PERCENT_AXIS_FORMAT = '0"%"'
# Any sign, literal thousands dots: -1.000, -12, 0, 125.996. The last section (what no condition
# holds: -1.000 and below) writes its own minus. No "<" in a format: python-pptx writes a chart's
# data formats into its XML unescaped.
AXIS_SIGNED_FORMAT = '[>=1000]#"."##0;[>-1000]0;-#"."##0'
# Decimals (rates, changes): literal thousands dots beyond ±1.000, else two decimals.
DECIMAL_DATA_FORMAT = '[>=1000]#"."##0;[>-1000]0.00;-#"."##0'
# How many steps a signed axis has at most.
AXIS_MAX_STEPS = 8
LABEL_FONT_PT = 12
AXIS_FONT_PT = 12


class NotConvertible(ValueError):
    """The figure has no bar or line traces a native chart can carry."""


@dataclass
class NativeSeries:
    name: str
    kind: str  # "bar" or "line"
    values: list[float | None]
    colours: list[str | None]  # one per point (bars) or one for the series (lines)
    labels: list[str] | None  # the figure's label text per point, if it shows labels
    dash: bool = False
    in_legend: bool = True  # False: a trace the figure leaves out of its legend
    label_position: str = "outside"  # bars: "outside", "inside" (at the top) or "center"
    fills: list[str | None] | None = None  # dots: each one's fill (white: an open, partial dot)
    markers: bool = True  # lines: False for a level line (an average, a target) among dots


@dataclass
class NativeChart:
    """The data of a native chart, taken from a figure; `values` equal the figure's values."""

    categories: list[str]
    series: list[NativeSeries] = field(default_factory=list)
    horizontal: bool = False
    reversed_categories: bool = False
    percent_axis: bool = False
    value_range: tuple[float, float] | None = None
    show_legend: bool = False
    value_title: str | None = None  # said on the value axis (a zoomed axis says where it starts)

    @property
    def chart_type(self) -> XL_CHART_TYPE:
        kinds = {s.kind for s in self.series}
        if kinds <= {"line", "dot"}:
            return XL_CHART_TYPE.LINE_MARKERS
        return XL_CHART_TYPE.BAR_CLUSTERED if self.horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED


def _category(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("<br>", "\n")  # a wrapped name (a chart's line break)


def _colour(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith("#") and len(value) in (4, 7):
        text = value[1:]
        return (text if len(text) == 6 else "".join(c * 2 for c in text)).upper()
    if isinstance(value, str) and value.startswith("rgb"):
        parts = value[value.index("(") + 1 : value.index(")")].split(",")
        return "".join(f"{int(float(p)):02X}" for p in parts[:3])
    return None


def _as_list(value: Any, length: int) -> list[Any]:
    if value is None:
        return [None] * length
    if isinstance(value, str | int | float):
        return [value] * length
    items = list(value)
    return items + [None] * (length - len(items))


def _is_decoration(trace: Any) -> bool:
    """Placeholders and helpers (no hover, no legend entry), e.g. the 'no data' grey bars."""
    return trace.hoverinfo == "skip" or (trace.visible is False)


def _labelled_at_end(trace: Any) -> bool:
    """A line the figure names at its end instead of in its legend: a slide's native chart has
    no such labels, so it lists the line in its legend."""
    return isinstance(trace.meta, dict) and bool(trace.meta.get("end_label"))


def _placeholder_labels(figure: go.Figure, horizontal: bool) -> dict[str, str]:
    """The 'không có số liệu' text of the grey placeholder bars, by category."""
    labels: dict[str, str] = {}
    for tr in figure.data:
        if tr.type != "bar" or not _is_decoration(tr) or tr.text is None:
            continue
        keys = tr.y if horizontal else tr.x
        if keys is None:
            continue
        for key, text in zip(keys, _as_list(tr.text, len(keys)), strict=False):
            if text:
                labels.setdefault(_category(key), str(text))
    return labels


def _label_position(trace: Any) -> str:
    """Where the figure writes a bar's label: above it, or inside (at the top, or centred)."""
    position = trace.textposition if isinstance(trace.textposition, str) else None
    if position != "inside":
        return "outside"
    return "center" if trace.insidetextanchor == "middle" else "inside"


def _unnamed_series_name(figure: go.Figure, horizontal: bool) -> str:
    """A name for a trace the figure leaves unnamed (a ranking, a change): its value axis's title,
    else the chart's title, so no series of the slide's data is blank."""
    from justice_dashboard.charts.theme import frame_from_meta

    axis = figure.layout.xaxis if horizontal else figure.layout.yaxis
    if axis.title.text:
        return str(axis.title.text)
    frame = frame_from_meta(figure.layout.meta)
    return frame.title if frame is not None and frame.title else "—"


def chart_from_figure(figure: go.Figure, lang: Lang = "vi") -> NativeChart:
    """Read a figure's bar and line traces into a NativeChart.

    A placeholder bar (a province without a figure) is not data: its category stays, with no
    value (a gap, never a zero), and its text ("không có số liệu") labels that point. A trace
    without a name is named for the value axis (or the chart); a trace the figure keeps out of its
    legend stays out of the slide's legend. Rates over the years start where their figures do,
    as on the page (`_zoomed_rate_lines`); `lang` is that axis title's."""
    meta = figure.layout.meta
    if isinstance(meta, dict) and meta.get("dots"):  # a rate's dots on a zoomed axis
        return _dots_from_figure(figure)
    traces = [
        tr
        for tr in figure.data
        if tr.type in ("bar", "scatter") and not _is_decoration(tr) and tr.x is not None
    ]
    if not traces:
        raise NotConvertible("no bar or line traces")
    horizontal = any(tr.type == "bar" and tr.orientation == "h" for tr in traces)
    placeholders = _placeholder_labels(figure, horizontal)
    categories: list[str] = []
    for tr in traces:
        for c in tr.y if horizontal else tr.x:
            if _category(c) not in categories:
                categories.append(_category(c))
    categories += [c for c in placeholders if c not in categories]
    chart = NativeChart(categories=categories, horizontal=horizontal)
    for tr in traces:
        keys = [_category(c) for c in (tr.y if horizontal else tr.x)]
        raw = list(tr.x if horizontal else tr.y)
        by_key = dict(zip(keys, raw, strict=False))
        values = [None if is_missing(by_key.get(c)) else float(by_key[c]) for c in categories]
        if tr.type == "bar":
            marker_colours = _as_list(tr.marker.color, len(keys))
            colour_by_key = dict(zip(keys, marker_colours, strict=False))
            colours = [_colour(colour_by_key.get(c)) for c in categories]
            kind = "bar"
        elif horizontal:
            # A mark beside horizontal bars (the profile's bloc tick) would run across the
            # categories as a line: on a slide it is a bar of its own beside each category's.
            colours = [_colour(tr.marker.color) or _colour(tr.line.color)] * len(categories)
            kind = "bar"
        else:
            colours = [_colour(tr.line.color) or _colour(tr.marker.color)]
            kind = "line"
        labels = None
        shows_text = tr.text is not None and (
            tr.type == "bar" or (tr.mode is not None and "text" in tr.mode)
        )
        if shows_text and tr.textposition != "none":
            texts = dict(zip(keys, _as_list(tr.text, len(keys)), strict=False))
            labels = ["" if texts.get(c) is None else str(texts.get(c)) for c in categories]
        if kind == "bar" and placeholders and not any(s.kind == "bar" for s in chart.series):
            # The first bars carry the placeholders' label on their empty points.
            labels = labels or [""] * len(categories)
            labels = [
                placeholders[c] if v is None and c in placeholders else text
                for c, v, text in zip(categories, values, labels, strict=True)
            ]
        chart.series.append(
            NativeSeries(
                name=str(tr.name or "") or _unnamed_series_name(figure, horizontal),
                kind=kind,
                values=values,
                colours=colours,
                labels=labels,
                dash=kind == "line" and tr.line.dash not in (None, "solid"),
                in_legend=tr.showlegend is not False or _labelled_at_end(tr),
                label_position=_label_position(tr) if kind == "bar" else "outside",
            )
        )
    _add_reference_lines(figure, chart)
    value_axis = figure.layout.xaxis if horizontal else figure.layout.yaxis
    chart.percent_axis = value_axis.ticksuffix == "%"
    # A lines chart's range on the page holds the labels at the lines' ends, which a slide does
    # not draw (its legend names the lines): the slide sets its own.
    end_labelled = any(_labelled_at_end(trace) for trace in figure.data)
    if (
        value_axis.range is not None
        and all(v is not None for v in value_axis.range)
        and not end_labelled
    ):
        low, high = value_axis.range
        chart.value_range = (float(low), float(high))
    chart.reversed_categories = figure.layout.yaxis.autorange == "reversed" if horizontal else False
    if value_axis.rangemode != "tozero":
        _zoomed_rate_lines(chart, lang)
    listed = [s for s in chart.series if s.in_legend]
    chart.show_legend = len(chart.series) > 1 and len(listed) > 0
    if figure.layout.showlegend is False and len(chart.series) > 1:
        chart.show_legend = len({s.kind for s in chart.series}) > 1
    return chart


def _zoomed_rate_lines(chart: NativeChart, lang: Lang) -> None:
    """Rates over the years (a line chart on a % axis the figure lets range freely): the value
    axis starts a whole step below the lowest figure, as the rates' dots do, and its title says
    where, instead of from 0, where 81–87% would run as one line at the top."""
    if chart.value_range is not None or not chart.percent_axis:
        return
    if chart.chart_type != XL_CHART_TYPE.LINE_MARKERS:
        return
    present = [v for s in chart.series for v in s.values if v is not None]
    if not present or min(present) < 0:
        return
    start = axis_start(present)
    if start <= 0:
        return
    top = max(present)
    chart.value_range = (start, float(math.ceil(axis_end(start, top))))
    chart.value_title = t("rates.axis", lang, start=fmt.number(start, 0, lang))


def _dots_from_figure(figure: go.Figure) -> NativeChart:
    """A rate's dots (`charts.rates.rate_dot_figure`) on a slide: a dot per unit in its colour
    (open when partial), no line between them, on a value axis from the figure's zoomed start,
    which the axis title states as on the page; each unit's figure under its name on the category
    axis, where no average or target line passes (the page's value column); the average and the
    target as level lines without markers, named in the legend, drawn below the dots."""
    dots, column = figure.data[0], figure.data[1]
    names = [_category(n) for n in dots.y]
    texts = _as_list(column.text, len(names))
    categories = [f"{name}\n{text}" for name, text in zip(names, texts, strict=True)]
    values = [None if is_missing(v) else float(v) for v in dots.x]
    chart = NativeChart(categories=categories, percent_axis=True)
    marks = NativeSeries(
        name=str(dots.name or "") or "—",
        kind="dot",
        values=values,
        colours=[_colour(c) for c in _as_list(dots.marker.line.color, len(names))],
        labels=None,
        in_legend=False,
        fills=[_colour(c) for c in _as_list(dots.marker.color, len(names))],
    )
    named = {
        _colour(tr.line.color): str(tr.name)
        for tr in figure.data
        if tr.type == "scatter" and tr.mode == "lines" and all(x is None for x in (tr.x or ()))
    }
    for shape in figure.layout.shapes:
        if shape.type != "line" or shape.x0 is None or shape.x0 != shape.x1:
            continue
        colour = _colour(shape.line.color)
        chart.series.append(
            NativeSeries(
                name=named.get(colour, "—"),
                kind="line",
                values=[float(shape.x0)] * len(categories),
                colours=[colour],
                labels=None,
                dash=shape.line.dash not in (None, "solid"),
                markers=False,
            )
        )
    chart.series.append(marks)  # the last series is drawn on top: the dots over the lines
    low, high = (float(v) for v in figure.layout.xaxis.range)
    # The figure's axis runs on past the highest mark to make room for its value column.
    chart.value_range = (low, float(math.ceil(low + (high - low) / (1 + LABEL_ROOM))))
    chart.value_title = str(figure.layout.xaxis.title.text or "") or None
    chart.show_legend = len(chart.series) > 1
    return chart


def _add_reference_lines(figure: go.Figure, chart: NativeChart) -> None:
    """Horizontal lines across the plot (targets, averages) become constant line series."""
    if chart.horizontal:
        return
    annotations = [a for a in figure.layout.annotations if a.yref == "y" and a.y is not None]
    # A builder may name a line through a legend-only trace in the line's colour (x = [None]).
    legend_names = {
        _colour(tr.line.color): str(tr.name)
        for tr in figure.data
        if tr.type == "scatter" and tr.name and all(x is None for x in (tr.x or ()))
    }
    for shape in figure.layout.shapes:
        if shape.type != "line" or shape.y0 is None or shape.y0 != shape.y1:
            continue
        if shape.yref not in ("y", None) or not str(shape.xref or "").startswith(("x", "paper")):
            continue
        level = float(shape.y0)
        name = (
            shape.name
            or legend_names.get(_colour(shape.line.color))
            or next((str(a.text) for a in annotations if float(a.y) == level), "—")
        )
        chart.series.append(
            NativeSeries(
                name=name,
                kind="line",
                values=[level] * len(chart.categories),
                colours=[_colour(shape.line.color)],
                labels=None,
                dash=shape.line.dash not in (None, "solid"),
            )
        )


def _whole_and_non_negative(values: Sequence[float | None]) -> bool:
    present = [v for v in values if v is not None]
    return bool(present) and all(v >= 0 and float(v).is_integer() for v in present)


def series_format(series: NativeSeries) -> str:
    """The format of a series' embedded data (and of its live labels)."""
    whole = _whole_and_non_negative(series.values)
    return VI_WHOLE_FORMAT if whole else DECIMAL_DATA_FORMAT


def axis_format(chart: NativeChart) -> str:
    if chart.percent_axis:
        return VI_PERCENT_AXIS_FORMAT
    if any(v is not None and v < 0 for s in chart.series for v in s.values):
        # A change axis: signs matter more than literal dots (separators only from ±1.000).
        return AXIS_SIGNED_FORMAT
    return VI_WHOLE_FORMAT


def whole_step(chart: NativeChart) -> float:
    """A whole-number tick step (1, 2, 5, 10, 20, …) giving at most AXIS_MAX_STEPS steps from the
    lowest to the highest value (and zero), so a whole-number tick format never rounds a tick."""
    present = [v for s in chart.series for v in s.values if v is not None] + [0.0]
    span = max(present) - min(present)
    step = 1.0
    while span / step > AXIS_MAX_STEPS:
        for factor in (2.0, 2.5, 2.0):  # 1 → 2 → 5 → 10
            step *= factor
            if span / step <= AXIS_MAX_STEPS:
                break
    return step


def chart_data(chart: NativeChart) -> CategoryChartData:
    data = CategoryChartData(number_format=DECIMAL_DATA_FORMAT)
    data.categories = chart.categories
    for s in chart.series:
        data.add_series(s.name or " ", s.values, number_format=series_format(s))
    return data


def add_native_chart(slide: Any, chart: NativeChart, x: int, y: int, cx: int, cy: int) -> Chart:
    """Draw `chart` on `slide` in the given box (EMU) and style it like the figure."""
    graphic = slide.shapes.add_chart(chart.chart_type, x, y, cx, cy, chart_data(chart))
    native: Chart = graphic.chart
    kinds = {s.kind for s in chart.series}
    if kinds == {"bar", "line"}:
        _move_line_series(native, [i for i, s in enumerate(chart.series) if s.kind == "line"])
    native.has_title = False
    native.font.size = Pt(AXIS_FONT_PT)
    native.has_legend = chart.show_legend
    if chart.show_legend:
        native.legend.position = XL_LEGEND_POSITION.BOTTOM
        native.legend.include_in_layout = False
        _drop_legend_entries(native, chart)
    value_axis = native.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor.from_string("E4E7EB")
    value_axis.format.line.fill.background()
    ticks = value_axis.tick_labels
    ticks.number_format = axis_format(chart)
    ticks.number_format_is_linked = False
    if chart.value_range is not None:
        low, high = chart.value_range
        if low > high:  # a reversed axis (ranks: 1 on top)
            low, high = high, low
            value_axis.reverse_order = True
        value_axis.minimum_scale, value_axis.maximum_scale = low, high
    elif all(v is None or v >= 0 for s in chart.series for v in s.values):
        value_axis.minimum_scale = 0
    if any(v is not None and v < 0 for s in chart.series for v in s.values):
        value_axis.major_unit = whole_step(chart)  # whole ticks: the formats show no decimals
        # The names at the foot of the plot, not on the zero line, where a bar below zero and
        # its label would run over them.
        native.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if chart.value_title:
        value_axis.has_title = True
        value_axis.axis_title.text_frame.text = chart.value_title
        value_axis.axis_title.text_frame.paragraphs[0].font.size = Pt(AXIS_FONT_PT)
        value_axis.axis_title.text_frame.paragraphs[0].font.bold = False
    if chart.reversed_categories:
        native.category_axis.reverse_order = True
    native.category_axis.format.line.color.rgb = RGBColor.from_string("BFC5CC")
    plot_series = _series_in_order(native)
    for spec, series in zip(chart.series, plot_series, strict=True):
        _style_series(spec, series)
    if "bar" in kinds:
        native.plots[0].gap_width = 60
    return native


def _series_in_order(native: Chart) -> list[Any]:
    """The chart's series in the order they were added (across the bar and line plots)."""
    every = [s for plot in native.plots for s in plot.series]
    return sorted(every, key=lambda s: s.index)


def _style_series(spec: NativeSeries, series: Any) -> None:
    if spec.kind == "bar":
        single = {c for c in spec.colours if c}
        if len(single) == 1:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = RGBColor.from_string(single.pop())
        else:
            for i, colour in enumerate(spec.colours):
                if colour:
                    point = series.points[i]
                    point.format.fill.solid()
                    point.format.fill.fore_color.rgb = RGBColor.from_string(colour)
        series.invert_if_negative = False
    elif spec.kind == "dot":
        _style_dots(spec, series)
    else:
        colour = spec.colours[0] if spec.colours else None
        line = series.format.line
        line.width = Pt(2.25)
        if colour:
            line.color.rgb = RGBColor.from_string(colour)
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = RGBColor.from_string(colour)
            series.marker.format.line.color.rgb = RGBColor.from_string(colour)
        if spec.dash:
            from pptx.enum.dml import MSO_LINE_DASH_STYLE

            line.dash_style = MSO_LINE_DASH_STYLE.DASH
        series.smooth = False
        if not spec.markers:
            series.marker.style = XL_MARKER_STYLE.NONE
    if spec.labels is None:
        return
    live = spec.kind == "bar" and series_format(spec) == VI_WHOLE_FORMAT
    position = _BAR_LABEL_POSITIONS[spec.label_position]
    if live:
        labels = series.data_labels
        labels.number_format = VI_WHOLE_FORMAT
        labels.number_format_is_linked = False
        labels.show_value = True
        labels.font.size = Pt(LABEL_FONT_PT)
        labels.position = position
    for i, (text, value) in enumerate(zip(spec.labels, spec.values, strict=True)):
        # Live labels need text only where there is no value ("không có số liệu").
        if not text or (live and value is not None):
            continue
        label = series.points[i].data_label
        label.text_frame.text = text
        label.font.size = Pt(LABEL_FONT_PT)
        if spec.kind != "bar":
            label.position = XL_LABEL_POSITION.ABOVE
        else:  # a placeholder's words stand on the axis, above its empty bar
            label.position = position if value is not None else XL_LABEL_POSITION.OUTSIDE_END
    if spec.kind == "bar":
        _label_boxes(series)


DOT_SIZE = 13  # pt
NEUTRAL_DOT = MUTED_COLOUR.lstrip("#").upper()


def _style_dots(spec: NativeSeries, series: Any) -> None:
    """Dots without a line: each in its unit's colour, filled (white when partial: open)."""
    series.format.line.fill.background()
    series.smooth = False
    series.marker.style = XL_MARKER_STYLE.CIRCLE
    series.marker.size = DOT_SIZE
    # A viewer that ignores the points' own colours (LibreOffice) shows a neutral dot, never one
    # unit's colour (its default blue is Tây Ninh's) on every unit.
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = RGBColor.from_string(NEUTRAL_DOT)
    series.marker.format.line.color.rgb = RGBColor.from_string(NEUTRAL_DOT)
    fills = spec.fills or spec.colours
    for i, (colour, fill) in enumerate(zip(spec.colours, fills, strict=True)):
        if not colour:
            continue
        point = series.points[i]
        point.format.fill.solid()  # LibreOffice colours a point's dot from the point's own fill
        point.format.fill.fore_color.rgb = RGBColor.from_string(colour)
        point.format.line.fill.background()
        marker = point.marker
        marker.style = XL_MARKER_STYLE.CIRCLE
        marker.size = DOT_SIZE
        marker.format.fill.solid()
        marker.format.fill.fore_color.rgb = RGBColor.from_string(fill or colour)
        marker.format.line.color.rgb = RGBColor.from_string(colour)
        marker.format.line.width = Pt(2.5)


# Where a bar's label goes, as the figure puts it (see `_label_position`).
_BAR_LABEL_POSITIONS = {
    "outside": XL_LABEL_POSITION.OUTSIDE_END,
    "inside": XL_LABEL_POSITION.INSIDE_END,
    "center": XL_LABEL_POSITION.CENTER,
}
LABEL_BOX_COLOUR = "FFFFFF"
# What follows c:spPr in a c:dLbl or c:dLbls (the schema's order).
_AFTER_LABEL_SHAPE = ("c:txPr", "c:dLblPos", "c:showLegendKey", "c:showVal", "c:showCatName")


def _label_boxes(series: Any) -> None:
    """Each of a bar series' labels on a white box: readable on any bar's colour, and a bloc
    average or target line drawn across the bars passes behind a label, never through its text."""
    ser = series._element
    for labels in ser.iter(qn("c:dLbls"), qn("c:dLbl")):
        if labels.find(qn("c:delete")) is not None:
            continue
        shape = labels.find(qn("c:spPr"))
        if shape is None:
            shape = etree.Element(qn("c:spPr"))
            following = next(
                (c for c in labels if c.tag in {qn(t) for t in _AFTER_LABEL_SHAPE}), None
            )
            if following is None:
                labels.append(shape)
            else:
                following.addprevious(shape)
        for child in list(shape):
            shape.remove(child)
        fill = etree.SubElement(shape, qn("a:solidFill"))
        etree.SubElement(fill, qn("a:srgbClr")).set("val", LABEL_BOX_COLOUR)


def _drop_legend_entries(native: Chart, chart: NativeChart) -> None:
    """No legend entry for a series the figure keeps out of its legend (the bars, whose colours
    are the units' and whose names are on the axis: one swatch would show one colour for seven)."""
    legend = native._chartSpace.chart.find(qn("c:legend"))
    position = legend.find(qn("c:legendPos"))
    for index, spec in enumerate(chart.series):
        if spec.in_legend:
            continue
        entry = etree.Element(qn("c:legendEntry"))
        etree.SubElement(entry, qn("c:idx")).set("val", str(index))
        etree.SubElement(entry, qn("c:delete")).set("val", "1")
        if position is not None:
            position.addnext(entry)
            position = entry
        else:
            legend.insert(0, entry)


_LINE_SER_CHILDREN = (
    "c:idx",
    "c:order",
    "c:tx",
    "c:spPr",
    "c:marker",
    "c:dPt",
    "c:dLbls",
    "c:trendline",
    "c:errBars",
    "c:cat",
    "c:val",
    "c:smooth",
    "c:extLst",
)


def _move_line_series(native: Chart, line_indexes: list[int]) -> None:
    """Turn the given series of a column chart into line series on the same axes (a combo chart)."""
    plot_area = native._chartSpace.chart.plotArea
    bar_chart = plot_area.find(qn("c:barChart"))
    ax_ids = [copy.deepcopy(a) for a in bar_chart.findall(qn("c:axId"))]
    line_chart = etree.SubElement(plot_area, qn("c:lineChart"))
    etree.SubElement(line_chart, qn("c:grouping")).set("val", "standard")
    etree.SubElement(line_chart, qn("c:varyColors")).set("val", "0")
    for ser in list(bar_chart.findall(qn("c:ser"))):
        if int(ser.find(qn("c:idx")).get("val")) not in line_indexes:
            continue
        bar_chart.remove(ser)
        for child in list(ser):
            if child.tag == qn("c:invertIfNegative") or child.tag == qn("c:shape"):
                ser.remove(child)
        order = {qn(tag): i for i, tag in enumerate(_LINE_SER_CHILDREN)}
        children = sorted(ser, key=lambda c: order.get(c.tag, len(order)))
        for child in children:
            ser.append(child)
        marker = etree.Element(qn("c:marker"))
        etree.SubElement(marker, qn("c:symbol")).set("val", "none")
        _insert_in_order(ser, marker, order)
        smooth = etree.Element(qn("c:smooth"))
        smooth.set("val", "0")
        _insert_in_order(ser, smooth, order)
        line_chart.append(ser)
    etree.SubElement(line_chart, qn("c:marker")).set("val", "1")
    for a in ax_ids:
        line_chart.append(a)
    # The plot area lists the charts before the axes.
    first_axis = next(
        (c for c in plot_area if c.tag in (qn("c:catAx"), qn("c:valAx"), qn("c:dateAx"))), None
    )
    if first_axis is not None:
        plot_area.remove(line_chart)
        first_axis.addprevious(line_chart)


def _insert_in_order(ser: Any, element: Any, order: dict[str, int]) -> None:
    if ser.find(element.tag) is not None:
        return
    rank = order[element.tag]
    for child in ser:
        if order.get(child.tag, len(order)) > rank:
            child.addprevious(element)
            return
    ser.append(element)
