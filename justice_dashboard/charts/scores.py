"""The chart of the emulation scores: each unit's total on the scoring table, rank 1 on top."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from justice_dashboard.catalog import Lang
from justice_dashboard.charts.theme import VALUE_TICKS, ChartFrame, apply_frame
from justice_dashboard.i18n import t
from justice_dashboard.scoring.display import points_text
from justice_dashboard.scoring.engine import UnitScore


def scores_figure(
    results: Sequence[UnitScore],
    labels: Mapping[str, str],
    colours: Mapping[str, str],
    maximum: float,
    chart: ChartFrame,
    lang: Lang,
) -> go.Figure:
    """Horizontal bars of each unit's total points (ties share a rank), rank 1 on top."""
    rows = sorted(results, key=lambda r: (-r.rank, -list(results).index(r)))
    fig = go.Figure(
        go.Bar(
            y=[labels[r.unit_id] for r in rows],
            x=[r.total for r in rows],
            orientation="h",
            marker_color=[colours.get(r.unit_id, "#555555") for r in rows],
            text=[
                t("ranking.bar_label", lang, rank=r.rank, score=points_text(r.total, lang))
                for r in rows
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(showlegend=False)
    highest = max([maximum, *(r.total for r in rows)])
    lowest = min([0.0, *(r.total for r in rows)])  # deductions can take a total below zero
    fig.update_xaxes(
        title_text=t("scoring.axis_points", lang),
        range=[lowest * 1.15, highest * 1.15 if highest > 0 else 1],
        tickformat=VALUE_TICKS,
    )
    return apply_frame(fig, chart, lang)
