"""Charts of the overview page."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
import plotly.graph_objects as go

from justice_dashboard import fmt
from justice_dashboard.catalog import Indicator, Lang
from justice_dashboard.charts.labels import partial_legend
from justice_dashboard.charts.theme import (
    MISSING_COLOUR,
    VALUE_TICKS,
    ChartFrame,
    apply_frame,
    bar_marker,
    names_of,
    partial_flags,
    shown_colours,
)
from justice_dashboard.coverage import with_notes
from justice_dashboard.fmt import is_missing


def province_bar_figure(
    frame: pd.DataFrame,
    indicator: Indicator,
    chart: ChartFrame,
    lang: Lang,
    *,
    highlight: Collection[str] = (),
) -> go.Figure:
    """One indicator across the provinces of a year, in the fixed order and colours.

    `frame` is the `province_values` query's result. A province without a figure gets a grey
    placeholder bar labelled "không có số liệu" rather than a zero; a partial figure (a
    re-aggregated one missing a predecessor) is hatched and its hover says which is missing.
    `highlight`: province codes drawn in their colours, the others in the context grey.
    """
    names = names_of(frame, lang)
    values = frame["value"].tolist()
    missing = [is_missing(v) for v in values]
    scale = 100.0 if indicator.is_rate else 1.0
    shown = [None if m else v * scale for v, m in zip(values, missing, strict=True)]
    labels = [fmt.indicator_value(indicator, v, lang) for v in values]
    hovers = [
        with_notes(text, row, lang) for text, (_, row) in zip(labels, frame.iterrows(), strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=names,
            y=shown,
            marker=bar_marker(shown_colours(frame, highlight), partial_flags(frame)),
            text=labels,
            textposition="outside",
            cliponaxis=False,
            customdata=hovers,
            hovertemplate="%{x}: %{customdata}<extra></extra>",
            name=indicator.name(lang),
            showlegend=False,
        )
    )
    top = max((v for v in shown if v is not None), default=1.0) or 1.0
    for name, absent in zip(names, missing, strict=True):
        if absent:
            fig.add_trace(
                go.Bar(
                    x=[name],
                    y=[top * 0.04],
                    marker={"color": MISSING_COLOUR, "pattern": {"shape": "/"}},
                    text=[fmt.MISSING[lang]],
                    textposition="outside",
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
    partial = any(partial_flags(frame))
    if partial:  # the hatched bar named in the legend
        partial_legend(fig, lang, bars=True)
    unit = "%" if indicator.is_rate else indicator.unit(lang)
    fig.update_layout(
        showlegend=partial,
        barmode="overlay",
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},
    )
    fig.update_yaxes(
        title_text=unit, ticksuffix="%" if indicator.is_rate else "", tickformat=VALUE_TICKS
    )
    return apply_frame(fig, chart, lang)
