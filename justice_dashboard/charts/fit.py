"""A framed chart fitted to the width it is drawn at: the page (a laptop or a projector), a phone, or
a server image. Plotly never wraps a title, a legend row or a note, and lays out the title block, the
legend and the footer each on its own; so the texts that would run past the chart's edge or into
each other are broken into lines here, and the margins made for the lines they take.

`apply_frame` fits every chart for the page; `ui.show_chart` fits it again for a phone and
`export.render.prepare_figure` for an image's size. Widths are estimated from the characters (a
character of the chart's font is about `CHAR_WIDTH` of its size wide); the browser tests measure
what Chromium draws (tests/browser/test_chart_text_legible.py).
"""

from __future__ import annotations

import math
import re
from typing import Any

import plotly.graph_objects as go

from justice_dashboard.charts.labels import nudge_apart
from justice_dashboard.charts.labels import wrap_lines as wrap
from justice_dashboard.charts.theme import MUTED_COLOUR, footer_lines, frame_from_meta

# A chart's width on a page at 1280×720 with the sidebar open (the narrowest desktop it is read at),
# and on a phone 390 px wide.
PAGE_WIDTH = 820
PHONE_WIDTH = 358
DEFAULT_HEIGHT = 450  # Plotly's (and Streamlit's) height of a figure that sets none

TITLE_SIZE, SUBTITLE_SIZE, FOOTER_SIZE = 20, 14, 12
CHAR_WIDTH = 0.56  # a character's width, as a share of the font size (Noto Sans, Vietnamese text)
LINE_HEIGHT = 1.3  # a line of text, as a multiple of the font size
TITLE_TOP = 14  # px from the chart's top to its title
TITLE_PAD = 12  # px left of the title (template `title.pad.l`)
TOOLBAR_PX = 90  # the buttons drawn over the chart's top right corner on a page
LEGEND_ENTRY_PX = 48  # a legend entry's symbol and the gaps around it
LEGEND_ROW = 1.75  # a legend row's height, as a multiple of its font size
LEGEND_SHARE = 0.45  # the most of a chart's width a legend beside its plot may take
YEAR_ROOM = 1.6  # a year tick's slot, as a multiple of its label's width
MIN_PLOT_PX = 200  # the least height left for the plot under the title block and over the footer
GAP = 10  # px between the title block, the legend and the plot
FOOTER_GAP = 55  # px from the plot's bottom to the footer's first line, with one-line ticks


def chars(pixels: float, size: float) -> int:
    """How many characters of a font size fit in `pixels`."""
    return max(4, int(pixels / (size * CHAR_WIDTH)))


def text_width(text: str, size: float) -> float:
    return len(re.sub(r"<[^>]+>", "", text)) * size * CHAR_WIDTH


def _fit_settings(fig: go.Figure) -> dict[str, Any]:
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    return dict(meta.get("fit") or {})


def fit_figure(fig: go.Figure, width: float, height: float | None = None) -> go.Figure:
    """Fit a figure framed by `apply_frame` to `width` px (in place; returned for chaining).

    `height`: the height it is drawn at (the figure's own when it sets one, else Plotly's 450).
    A figure without a frame is left as it is."""
    frame = frame_from_meta(fig.layout.meta)
    settings = _fit_settings(fig)
    if frame is None or not settings:
        return fig
    layout = fig.layout
    left, right = settings["left"], settings["right"]
    if _names_do_not_fit(fig, width - left - right):
        _bars_across(fig)  # a phone: horizontal bars, each name in full left of its bar
    height = height or fig.layout.height or DEFAULT_HEIGHT
    # Names left of the plot (horizontal bars, the heatmap's rows) widen its margin (automargin);
    # a colour bar takes room at its right.
    plot_left = max(left, _labels_width(fig) + 16)
    colour_bar = any(getattr(trace, "type", "") == "heatmap" for trace in fig.data)
    entries = [
        str(trace.name)
        for trace in fig.data
        if trace.name and trace.showlegend is not False and layout.showlegend is not False
    ]
    legend = layout.legend
    font = legend.font.size or layout.font.size or 14
    # A legend beside the plot (Plotly's own place for it) takes its widest entry's room; where
    # that would squeeze the plot (a phone), it goes above the plot instead.
    beside = bool(entries) and legend.orientation != "h"
    legend_width = max(text_width(e, font) for e in entries) + LEGEND_ENTRY_PX if beside else 0
    # The plot's height, near enough: less a two-line title block and the footer's lines.
    notes = len(footer_lines(frame, settings["lang"])) + 1
    plot_height = height - 110 - settings["bottom"] - FOOTER_SIZE * 1.5 * notes
    too_tall = beside and len(entries) * font * LEGEND_ROW > plot_height
    if legend_width > width * LEGEND_SHARE or too_tall:
        # Rows above the plot instead: a legend beside it that would squeeze the plot (a phone)
        # or run taller than it (Plotly then scrolls it, hiding entries).
        legend.update(orientation="h", y=1, traceorder="normal")
        beside, legend_width = False, 0
    plot_width = max(width - plot_left - right - (110 if colour_bar else 0) - legend_width, 80)

    # The title block: the title, then its subtitle, each broken to the chart's width.
    # (less the toolbar's camera, reset and full-screen buttons over the chart's top right corner)
    room = width - 2 * TITLE_PAD - TOOLBAR_PX
    titles = wrap(frame.title, chars(room, TITLE_SIZE))
    subtitles = wrap(frame.subtitle, chars(room, SUBTITLE_SIZE)) if frame.subtitle else []
    style = f"font-size:{SUBTITLE_SIZE}px;color:{MUTED_COLOUR}"
    layout.title.text = "<br>".join(
        [*titles, *(f"<span style='{style}'>{line}</span>" for line in subtitles)]
    )
    block = TITLE_SIZE * LINE_HEIGHT * len(titles) + SUBTITLE_SIZE * LINE_HEIGHT * len(subtitles)
    top = TITLE_TOP + block + GAP

    # A legend above the plot gets rows of its own under the title block, never over the subtitle.
    if entries and legend.orientation == "h" and (legend.y or 0) >= 1:
        rows = 1
        for trace in fig.data:  # an entry longer than the plot is wide: over lines
            if str(trace.name) in entries and text_width(str(trace.name), font) > plot_width:
                lines = wrap(str(trace.name), chars(plot_width - LEGEND_ENTRY_PX, font))
                trace.name = "<br>".join(lines)
                rows += len(lines) - 1
        sizes = [
            min(text_width(e, font), plot_width - LEGEND_ENTRY_PX) + LEGEND_ENTRY_PX
            for e in entries
        ]
        if sum(sizes) > plot_width:
            # Entries that wrap are laid out by Plotly in columns as wide as the widest.
            per_row = max(1, int(plot_width // max(sizes)))
            rows += math.ceil(len(entries) / per_row) - 1
        legend.update(x=0, xanchor="left", y=1, yanchor="bottom", yref="paper")
        top += rows * font * LEGEND_ROW + GAP / 2
    # A label over the plot's top edge (the merger's break line) gets its row too.
    if any(
        a.yref in ("paper", "y domain") and (a.y or 0) >= 1 and a.yanchor == "bottom"
        for a in layout.annotations
    ):
        top += FOOTER_SIZE * 1.5 + GAP / 2
    layout.margin.t = top + settings["top"]

    # Category labels along the x axis (under vertical bars, over a heatmap's columns): broken
    # over lines to fit their slot, never turned.
    categories: list[str] = []
    for trace in fig.data:
        xs = getattr(trace, "x", None)
        if getattr(trace, "orientation", None) == "h" or xs is None:
            continue
        categories.extend(x for x in xs if isinstance(x, str) and x not in categories)
    size = layout.xaxis.tickfont.size or layout.font.size or 14
    below = 0.0  # px the labels under the plot need beyond one line
    if categories:
        slot = plot_width / len(categories) - 6
        words = [w for c in categories for w in c.split()]
        if max(text_width(w, size) for w in words) <= slot:
            wrapped = ["<br>".join(wrap(c, chars(slot, size))) for c in categories]
            lines = max(w.count("<br>") for w in wrapped) + 1
            layout.xaxis.update(ticktext=wrapped, tickangle=0)
            below = (lines - 1) * size * LINE_HEIGHT
        else:  # not even a word fits its slot (a phone): the names turned upright, whole
            layout.xaxis.update(ticktext=categories, tickangle=-90)
            lines = 1
            below = max(text_width(c, size) for c in categories) - size * LINE_HEIGHT
        layout.xaxis.update(tickmode="array", tickvals=categories)
        if layout.xaxis.side == "top":
            layout.margin.t += lines * size * LINE_HEIGHT
            below = 0.0
    _room_for_value_column(fig, plot_width)
    # The value or year axis's title, broken to the plot's width.
    axis_title = layout.xaxis.title.text
    if axis_title and text_width(axis_title, 14) > plot_width:
        lines = wrap(re.sub(r"<br>", " ", axis_title), chars(plot_width, 14))
        layout.xaxis.title.text = "<br>".join(lines)
        below += (len(lines) - 1) * 14 * LINE_HEIGHT
    # Years one apart that would not fit side by side: every other year.
    if layout.xaxis.dtick == 1 and layout.xaxis.tickformat == "d":
        years = [
            x for trace in fig.data for x in (getattr(trace, "x", None) or ()) if x is not None
        ]
        numeric = [float(x) for x in years if isinstance(x, int | float)]
        if numeric:
            count = max(numeric) - min(numeric) + 1
            if count * text_width("2020", size) * YEAR_ROOM > plot_width:
                layout.xaxis.dtick = 2

    # The footer: the source line and the notes, each broken to the plot's width.
    footer = _footer(fig)
    line = FOOTER_SIZE * 1.5
    extra = below
    if footer is not None:
        lines = [
            part
            for text in footer_lines(frame, settings["lang"])
            for part in wrap(text, chars(plot_width - 8, FOOTER_SIZE))
        ]
        footer.text = "<br>".join(lines)
        footer.yshift = -(FOOTER_GAP + extra + line * len(lines))
        layout.margin.b = settings["bottom"] + extra + line * len(lines)
    layout.margin.l, layout.margin.r = left, right
    # Room for the plot itself: a chart whose texts take more than its height grows taller.
    needed = layout.margin.t + layout.margin.b + MIN_PLOT_PX
    if needed > height:
        height = layout.height = math.ceil(needed)
    height = _space_end_labels(fig, plot_width, height)
    # Plotly anchors a multi-line title by its first line's baseline: put that line below the top.
    layout.title.update(
        yref="container", yanchor="top", y=1 - TITLE_TOP / height, pad={"l": TITLE_PAD, "t": 0}
    )
    return fig


END_LABEL = "end_label"  # the name of a line's label at its end (`charts.compare`)
END_LABEL_PX = 21  # its height on the chart (13 px text on its white box)
END_LABEL_SHIFT = 8  # px right of the line's last point


def _space_end_labels(fig: go.Figure, plot_width: float, height: float) -> float:
    """Lines' end labels that would run into each other at this width, spaced apart.

    Labels at nearby years (the old provinces' lines end in 2024, the new ones' in 2026) overlap
    side by side on a narrow chart: those whose boxes meet horizontally are spaced as one column,
    by a label's height; the chart grows taller if a column needs more than its plot. Returns
    the height."""
    layout = fig.layout
    labels = [a for a in layout.annotations if a.name == END_LABEL]
    if len(labels) < 2 or not layout.yaxis.range:
        return height
    years = [float(a.x) for a in labels] + [
        float(x) for trace in fig.data for x in (trace.x or ()) if isinstance(x, int | float)
    ]
    first, last = min(years), max(years)
    per_year = plot_width / max(last - first, 1.0)
    labels.sort(key=lambda a: float(a.x))
    columns: list[list[Any]] = []
    reach = -math.inf
    for label in labels:
        start = (float(label.x) - first) * per_year + END_LABEL_SHIFT
        if columns and start < reach + 4:
            columns[-1].append(label)
        else:
            columns.append([label])
        reach = max(reach, start + text_width(str(label.text), label.font.size or 13))
    tallest = max(len(column) for column in columns) * END_LABEL_PX + GAP
    plot_height = height - layout.margin.t - layout.margin.b
    if tallest > plot_height:
        height = layout.height = math.ceil(height + tallest - plot_height)
        plot_height = tallest
    low, high = layout.yaxis.range
    gap = (high - low) * END_LABEL_PX / plot_height
    for column in columns:
        placed = nudge_apart([float(a.y) for a in column], gap)
        # Kept inside the plot: a column pushed past an edge moves back as a whole.
        shift = max(0.0, low + gap / 2 - min(placed)) - max(0.0, max(placed) - (high - gap / 2))
        for label, y in zip(column, placed, strict=True):
            label.y = y + shift
    return height


BAR_ROW_PX = 34  # a horizontal bar's row, with its gap


def _bar_categories(fig: go.Figure) -> list[str]:
    """The names under vertical bars (none when the chart has other traces with data)."""
    names: list[str] = []
    for trace in fig.data:
        xs = list(trace.x or ())
        if trace.type != "bar" or trace.orientation == "h":
            if any(x is not None for x in xs):
                return []  # a line or a dot over the bars: not a plain bar chart
            continue
        names.extend(x for x in xs if isinstance(x, str) and x not in names)
    return names


def _names_do_not_fit(fig: go.Figure, plot_width: float) -> bool:
    """Whether a vertical bar chart's names would not fit under their bars, not even a word."""
    names = _bar_categories(fig)
    values = [y for trace in fig.data for y in (trace.y or ()) if isinstance(y, int | float)]
    if not names or any(v < 0 for v in values):  # a change's bars keep their names underneath
        return False
    size = fig.layout.xaxis.tickfont.size or fig.layout.font.size or 14
    slot = plot_width / len(names) - 6
    return max(text_width(w, size) for n in names for w in n.split()) > slot


def _bars_across(fig: go.Figure) -> None:
    """Turn a vertical bar chart into horizontal bars, the first name at the top: values along
    the x axis (its title, ticks and format moved over), level lines standing upright."""
    layout = fig.layout
    swap = {"%{x}": "%{y}", "%{y}": "%{x}"}
    for trace in fig.data:
        if trace.type != "bar":
            continue
        trace.x, trace.y = trace.y, trace.x
        trace.orientation = "h"
        if trace.hovertemplate:
            trace.hovertemplate = re.sub(
                r"%\{[xy]\}", lambda m: swap[m.group()], trace.hovertemplate
            )
    value = layout.yaxis
    layout.xaxis.update(
        title_text=value.title.text,
        ticksuffix=value.ticksuffix,
        tickformat=value.tickformat,
        rangemode=value.rangemode,
        tickmode=None,
        tickvals=None,
        ticktext=None,
        tickangle=None,
    )
    layout.yaxis = {"autorange": "reversed", "automargin": True, "showgrid": False}
    for shape in layout.shapes:  # a level line across the plot: upright at the same value
        if shape.xref == "x domain" and shape.yref == "y":
            shape.update(xref="x", x0=shape.y0, x1=shape.y1, yref="y domain", y0=0, y1=1)
    names = _bar_categories(fig) or [
        y for trace in fig.data for y in (trace.y or ()) if isinstance(y, str)
    ]
    rows = len(dict.fromkeys(names))
    layout.height = max(layout.height or 0, rows * BAR_ROW_PX + 260)


def _room_for_value_column(fig: go.Figure, plot_width: float) -> None:
    """A column of values written right of the plot's marks (a rate's dots) needs its text's
    width inside the value axis: on a narrow chart the axis is widened to hold it."""
    axis = fig.layout.xaxis
    if not axis.range or any(v is None for v in axis.range):
        return
    for trace in fig.data:
        if getattr(trace, "mode", None) != "text" or trace.textposition != "middle right":
            continue
        xs = [float(x) for x in (trace.x or ()) if isinstance(x, int | float)]
        texts = [str(v) for v in (trace.text or ())]
        if not xs or not texts:
            continue
        size = (trace.textfont.size if trace.textfont else None) or 14
        need = max(text_width(v, size) for v in texts) + 8
        start, end, at = float(axis.range[0]), float(axis.range[1]), max(xs)
        if need >= plot_width or (end - at) / (end - start) * plot_width >= need:
            continue
        # (end' - at) / (end' - start) · W = need  →  end' = (at·W − need·start) / (W − need)
        axis.range = [start, (at * plot_width - need * start) / (plot_width - need)]


def _labels_width(fig: go.Figure) -> float:
    """How wide the longest line of the names left of the plot is (0 with none)."""
    if not fig.layout.yaxis.automargin:
        return 0.0
    size = fig.layout.yaxis.tickfont.size or fig.layout.font.size or 14
    names = [
        y for trace in fig.data for y in (getattr(trace, "y", None) or ()) if isinstance(y, str)
    ]
    lines = [line for name in names for line in name.split("<br>")]
    return max((text_width(line, size) for line in lines), default=0.0)


def _footer(fig: go.Figure) -> Any:
    """The source line `apply_frame` puts below the plot (paper y = 0, shifted down)."""
    for annotation in fig.layout.annotations:
        if annotation.yref == "paper" and annotation.y == 0 and (annotation.yshift or 0) < 0:
            return annotation
    return None
