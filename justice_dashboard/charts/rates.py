"""A rate across the units of a year as dots on a zoomed axis, so 81–87% read as different.

Bars of a rate must start at 0, which makes 81% and 87% look alike and puts the average and the
target lines on the bar tops. Dots need no zero: the axis starts just below the lowest figure (the
start is said in the axis title), the average and the target are vertical lines named in the
legend, and each value is written in a column right of the plot, where no line crosses it.

Takes the rows the bar builders take (`province_trend` for a year, or `province_values`); a unit
without a figure has no dot and "không có số liệu" in the value column; a partial figure is an
open dot, named in the legend.
"""

from __future__ import annotations

import math
from collections.abc import Collection

import pandas as pd
import plotly.graph_objects as go

from justice_dashboard import fmt
from justice_dashboard.catalog import Indicator, Lang
from justice_dashboard.charts.labels import legend_line, partial_legend
from justice_dashboard.charts.theme import (
    BLOC_COLOUR,
    MISSING_COLOUR,
    MUTED_COLOUR,
    TARGET_COLOUR,
    ChartFrame,
    apply_frame,
    names_of,
    partial_flags,
    shown_colours,
)
from justice_dashboard.compare import shown_average
from justice_dashboard.coverage import with_notes
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import t

ROW_PX = 44  # one unit's row
LABEL_ROOM = 0.16  # of the axis span, right of the highest figure, for the value column


def axis_start(values: list[float]) -> float:
    """Where the zoomed axis starts (in %): a whole step below the lowest value, never below 0."""
    low, high = min(values), max(values)
    step = 1.0 if high - low <= 10 else 5.0
    return max(0.0, math.floor((low - max((high - low) * 0.15, 0.5)) / step) * step)


def axis_end(start: float, top: float) -> float:
    """Where the zoomed axis ends (in %): a little past the highest value."""
    return top + max((top - start) * 0.08, 0.3)


def rate_dot_figure(
    frame: pd.DataFrame,
    indicator: Indicator,
    chart: ChartFrame,
    lang: Lang,
    *,
    year: int | None = None,
    target: tuple[float, str] | None = None,
    average: bool = True,
    highlight: Collection[str] = (),
) -> go.Figure:
    """One dot per unit (best on top) on an axis that starts near the lowest figure.

    `year` picks the year's rows when `frame` holds several; `target` is (value, comparison) from
    the `targets` query; `average` draws the shown units' ratio of the sums; with `highlight`, the
    units not highlighted are drawn in the context grey."""
    rows = frame if year is None else frame[frame["year"] == year]
    ascending = indicator.direction == "down"
    order = "display_order" if "display_order" in rows else "province_order"
    rows = rows.assign(_missing=rows["value"].isna()).sort_values(
        ["_missing", "value", order] if order in rows else ["_missing", "value"],
        ascending=[True, ascending, True] if order in rows else [True, ascending],
    )
    names = names_of(rows, lang)
    values = [None if is_missing(v) else 100.0 * v for v in rows["value"]]
    partial = partial_flags(rows)
    labels = [fmt.indicator_value(indicator, v, lang) for v in rows["value"]]
    hovers = [
        with_notes(text, row, lang) for text, (_, row) in zip(labels, rows.iterrows(), strict=True)
    ]
    mean = shown_average(frame, indicator, year) if average and year is not None else math.nan
    if average and year is None and "numerator" in rows:
        mean = shown_average(rows.assign(year=0), indicator, 0)
    present = [v for v in values if v is not None]
    marks = present + [100.0 * m for m in (mean,) if not is_missing(m)]
    marks += [100.0 * target[0]] if target is not None else []
    start = axis_start(marks) if marks else 0.0
    top = max(marks) if marks else 100.0
    end = axis_end(start, top)
    label_x = end
    fig = go.Figure()
    colours = shown_colours(rows, highlight)
    fig.add_trace(
        go.Scatter(
            x=values,
            y=names,
            mode="markers",
            name=indicator.name(lang),
            showlegend=False,
            marker={
                "size": 18,
                "color": ["#ffffff" if p else c for c, p in zip(colours, partial, strict=True)],
                "symbol": ["circle-open" if p else "circle" for p in partial],
                "line": {"color": colours, "width": 3},
            },
            customdata=hovers,
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    fig.add_trace(  # the value column right of the plot: no line ever crosses a label
        go.Scatter(
            x=[label_x] * len(names),
            y=names,
            mode="text",
            text=[
                f"{text} ({t('units.partial_short', lang)})" if p and v is not None else text
                for text, p, v in zip(labels, partial, values, strict=True)
            ],
            textposition="middle right",
            textfont={"color": [MISSING_COLOUR if v is None else "#1f2933" for v in values]},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    if not is_missing(mean):
        _vline(fig, 100.0 * mean, BLOC_COLOUR, "dash")
        text = fmt.indicator_value(indicator, mean, lang)
        legend_line(fig, t("compare.average_rate", lang, value=text), BLOC_COLOUR, "dash")
    if target is not None:
        value, comparison = target
        _vline(fig, 100.0 * value, TARGET_COLOUR, "dot")
        sign = ">" if comparison == "gt" else "≥"
        label = t("compare.target_line", lang, sign=sign, value=fmt.percent(value, 2, lang))
        legend_line(fig, label, TARGET_COLOUR, "dot")
    if any(partial):
        partial_legend(fig, lang, bars=False)
    span = end - start
    fig.update_xaxes(
        title_text=t("rates.axis", lang, start=fmt.number(start, 0, lang)),
        range=[start, end + span * LABEL_ROOM],
        ticksuffix="%",
        tickformat=",~f",
        showline=True,
        linecolor=MUTED_COLOUR,
        zeroline=False,
    )
    fig.update_yaxes(
        categoryorder="array", categoryarray=names, autorange="reversed", automargin=True
    )
    fig.update_layout(
        height=max(360, ROW_PX * len(names) + 260),
        showlegend=True,
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
        hovermode="closest",
    )
    fig = apply_frame(fig, chart, lang)
    # A slide draws it as native dots on the same zoomed axis (`export.native`).
    fig.layout.meta = {**fig.layout.meta, "dots": True}
    return fig


def _vline(fig: go.Figure, x: float, colour: str, dash: str) -> None:
    fig.add_shape(
        type="line",
        xref="x",
        x0=x,
        x1=x,
        yref="y domain",
        y0=0,
        y1=1,
        line={"color": colour, "dash": dash, "width": 2},
        layer="below",
    )
