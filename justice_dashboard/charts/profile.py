"""Charts of the province profile: one province against the bloc on normalised scores.

The builder takes `ranking.profile(...)` rows (from the `ranking_inputs` query): a score is the value
scaled to 0–1 within the bloc with the best province at 1, so "higher is better" always points
outward; context-only indicators (no direction) and indicators without a figure are left out.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.charts.theme import BLOC_COLOUR, ChartFrame, apply_frame
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import t


def _value_text(kind: str, value: float, lang: Lang) -> str:
    if is_missing(value):
        return fmt.MISSING[lang]
    return fmt.percent(value, 2, lang) if kind == "rate" else fmt.number(value, 0, lang)


def scored_rows(profile: pd.DataFrame) -> pd.DataFrame:
    """The rows a radar shows: indicators with a direction and a score."""
    return profile[(profile["direction"] != "none") & profile["score"].notna()]


def profile_radar_figure(
    profile: pd.DataFrame,
    province_name: str,
    colour: str,
    chart: ChartFrame,
    lang: Lang,
) -> go.Figure:
    """A radar of the province's scores (0–1) against the bloc's on the same scale."""
    rows = scored_rows(profile)
    codes = rows["indicator_code"].tolist()
    names = rows["indicator_vi" if lang == "vi" else "indicator_en"].tolist()
    closed = [*codes, codes[0]] if codes else []

    def close(values: list) -> list:
        return [*values, values[0]] if values else []

    mine = [
        f"{n}: {_value_text(k, v, lang)} · " + t("profile.hover_rank", lang, rank=int(r), count=c)
        for n, k, v, r, c in zip(
            names, rows["kind"], rows["value"], rows["rank"], rows["members_ranked"], strict=True
        )
    ]
    bloc = [
        f"{n}: {_value_text(k, v, lang)}"
        for n, k, v in zip(names, rows["kind"], rows["bloc_value"], strict=True)
    ]
    fig = go.Figure()
    fig.add_trace(
        go.Scatterpolar(
            r=close(rows["bloc_score"].tolist()),
            theta=closed,
            name=t("profile.bloc_trace", lang),
            line={"color": BLOC_COLOUR, "dash": "dash", "width": 2},
            customdata=close(bloc),
            hovertemplate="%{customdata}<extra>%{fullData.name}</extra>",
        )
    )
    fig.add_trace(
        go.Scatterpolar(
            r=close(rows["score"].tolist()),
            theta=closed,
            name=province_name,
            fill="toself",
            opacity=0.75,
            line={"color": colour, "width": 3},
            customdata=close(mine),
            hovertemplate="%{customdata}<extra>%{fullData.name}</extra>",
        )
    )
    fig.update_layout(
        polar={
            "radialaxis": {"range": [0, 1], "tickvals": [0, 0.5, 1], "tickformat": ",.1f"},
            "angularaxis": {"direction": "clockwise"},
        },
        legend={"x": 1, "xanchor": "right", "y": 1},
    )
    return apply_frame(fig, chart, lang)
