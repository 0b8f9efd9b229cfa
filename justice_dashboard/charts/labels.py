"""Axis labels that read in full: long names broken over lines at word boundaries, never cut."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import plotly.graph_objects as go

from justice_dashboard.catalog import Lang
from justice_dashboard.charts.theme import MUTED_COLOUR
from justice_dashboard.i18n import t


def wrap_label(text: str, width: int = 28) -> str:
    """'Số dự thảo VBQPPL được thẩm định đúng hạn' -> 'Số dự thảo VBQPPL được<br>thẩm định đúng hạn'.

    Lines of at most `width` characters where the words allow it (a longer word keeps its own
    line, whole); joined with Plotly's line break."""
    lines = textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(lines) if lines else str(text)


def years_text(years: Iterable[object], fallback: str = "") -> str:
    """The years a chart shows, as its subtitle says them: '2022–2024', or '2024' for one year;
    `fallback` when it shows none."""
    shown = sorted({int(y) for y in years if y == y and y is not None})  # type: ignore[call-overload]
    if not shown:
        return fallback
    return str(shown[0]) if shown[0] == shown[-1] else f"{shown[0]}–{shown[-1]}"


def legend_marker(
    fig: go.Figure, name: str, symbol: str, colour: str, *, size: int = 11, group: str = ""
) -> None:
    """A legend entry for a kind of marker that the chart's traces draw but do not name (a filled
    or an open circle), drawn nowhere on the plot."""
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            marker={"symbol": symbol, "size": size, "color": colour, "line": {"width": 2}},
            showlegend=True,
            hoverinfo="skip",
            legendgroup=group or None,
        )
    )


def partial_legend(fig: go.Figure, lang: Lang, *, bars: bool) -> None:
    """The legend entry of a partial figure (a re-aggregated one missing a predecessor): a hatched
    bar, or an open marker on a line."""
    name = t("chart.partial_legend", lang)
    if not bars:
        legend_marker(fig, name, "circle-open", MUTED_COLOUR, group="partial")
        return
    fig.add_trace(
        go.Bar(
            x=[None],
            y=[None],
            name=name,
            marker={
                "color": MUTED_COLOUR,
                "pattern": {"shape": "x", "fillmode": "overlay", "fgcolor": "#ffffff"},
            },
            showlegend=True,
            hoverinfo="skip",
            legendgroup="partial",
        )
    )
