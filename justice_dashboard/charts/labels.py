"""Labels that read in full: long names broken over lines at word boundaries, never cut; legend
entries for marks the traces do not name; where labels go at the end of lines."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

import plotly.graph_objects as go

from justice_dashboard.catalog import Lang
from justice_dashboard.charts.theme import MUTED_COLOUR
from justice_dashboard.i18n import t


def wrap_lines(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters where the words allow it (a longer word keeps its own
    line, whole)."""
    lines = textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=False)
    return lines or [str(text)]


def wrap_label(text: str, width: int = 28) -> str:
    """'Số dự thảo VBQPPL được thẩm định đúng hạn' -> 'Số dự thảo VBQPPL được<br>thẩm định đúng hạn'
    (`wrap_lines` joined with Plotly's line break)."""
    return "<br>".join(wrap_lines(text, width))


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


def legend_line(fig: go.Figure, name: str, colour: str, dash: str) -> None:
    """A legend entry for a reference line (the line itself is a layout shape, drawn nowhere as a
    trace)."""
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            name=name,
            line={"color": colour, "dash": dash, "width": 2},
            hoverinfo="skip",
            showlegend=True,
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


def nudge_apart(positions: Sequence[float], gap: float) -> list[float]:
    """Label positions at least `gap` apart, each as near its own point as it can be.

    Labels too close are moved apart as a group centred on their points' mean (a label keeps
    its place when nothing crowds it); the order of the points is kept. Returned in the order
    given.
    """
    if gap <= 0 or len(positions) < 2:
        return [float(p) for p in positions]
    order = sorted(range(len(positions)), key=lambda i: (positions[i], i))
    # Each group: (indexes in ascending order, the mean of their points).
    groups: list[tuple[list[int], float]] = []
    for index in order:
        groups.append(([index], float(positions[index])))
        while len(groups) > 1:
            (low, low_mean), (high, high_mean) = groups[-2], groups[-1]
            low_top = low_mean + (len(low) - 1) * gap / 2
            high_bottom = high_mean - (len(high) - 1) * gap / 2
            if high_bottom - low_top >= gap:
                break
            merged = low + high
            mean = (low_mean * len(low) + high_mean * len(high)) / len(merged)
            groups[-2:] = [(merged, mean)]
    placed = [0.0] * len(positions)
    for members, mean in groups:
        start = mean - (len(members) - 1) * gap / 2
        for step, index in enumerate(members):
            placed[index] = start + step * gap
    return placed
