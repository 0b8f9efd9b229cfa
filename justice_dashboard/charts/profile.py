"""Charts of the province profile: one province's normalised scores by indicator group, against the
bloc's, the way PCI shows a province's sub-indices.

The builder takes `ranking.profile(...)` rows (from the `ranking_inputs` query): a score is the value
scaled to 0–1 within the bloc with the best province at 1, so "higher is better" always points
right; context-only indicators (no direction) and indicators without a score (no figure, or a partial
re-aggregated one) are left out of the chart and kept in the table.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.charts.labels import wrap_label
from justice_dashboard.charts.theme import BLOC_COLOUR, MUTED_COLOUR, ChartFrame, apply_frame
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import t

ROW_PX = 32  # one indicator (or group heading) row of the chart
SCORE_TEXT_X = 103  # where the score column is written, right of the 0–100 axis
NAME_WIDTH = 42  # characters per line of an indicator's name (most fit on one)


def _value_text(kind: str, value: float, lang: Lang) -> str:
    if is_missing(value):
        return fmt.MISSING[lang]
    return fmt.percent(value, 2, lang) if kind == "rate" else fmt.number(value, 0, lang)


def scored_rows(profile: pd.DataFrame) -> pd.DataFrame:
    """The rows the chart shows: indicators with a direction and a score."""
    return profile[(profile["direction"] != "none") & profile["score"].notna()]


def ordered_rows(profile: pd.DataFrame, groups: Mapping[str, str]) -> pd.DataFrame:
    """The chart's rows top to bottom: groups in `groups` order, best score first within a group."""
    rows = scored_rows(profile)
    order = {code: i for i, code in enumerate(groups)}
    return (
        rows.assign(_group=rows["group_code"].map(order).fillna(len(order)))
        .sort_values(["_group", "score", "indicator_order"], ascending=[True, False, True])
        .drop(columns="_group")
        .reset_index(drop=True)
    )


def group_heading(name: str) -> str:
    return f"<b>{name}</b>"


def profile_scores_figure(
    profile: pd.DataFrame,
    groups: Mapping[str, str],
    province_name: str,
    colour: str,
    chart: ChartFrame,
    lang: Lang,
) -> go.Figure:
    """Horizontal bars of the province's scores (0–100, best province = 100) by indicator group,
    named in full, with the bloc's figure on the same scale as a tick and the score written right.

    `groups`: group code → its name in `lang`, in the catalog's order."""
    rows = ordered_rows(profile, groups)
    name_column = "indicator_vi" if lang == "vi" else "indicator_en"
    categories: list[str] = []
    headings: list[str] = []
    names: list[str] = []
    for code, group_rows in rows.groupby("group_code", sort=False):
        heading = group_heading(groups.get(str(code), str(code)))
        categories.append(heading)
        headings.append(heading)
        for name in group_rows[name_column]:
            names.append(wrap_label(name, NAME_WIDTH))
            categories.append(names[-1])
    scores = [100.0 * s for s in rows["score"]]
    bloc = [None if is_missing(s) else 100.0 * s for s in rows["bloc_score"]]
    mine = [
        f"{n} ({c}): {_value_text(k, v, lang)} · "
        + t("profile.hover_rank", lang, rank=int(r), count=m)
        + " · "
        + t("profile.hover_score", lang, score=fmt.number(s, 0, lang))
        for n, c, k, v, r, m, s in zip(
            rows[name_column],
            rows["indicator_code"],
            rows["kind"],
            rows["value"],
            rows["rank"],
            rows["members_ranked"],
            scores,
            strict=True,
        )
    ]
    bloc_hover = [
        f"{n}: {_value_text(k, v, lang)}"
        + (
            ""
            if b is None
            else " · " + t("profile.hover_score", lang, score=fmt.number(b, 0, lang))
        )
        for n, k, v, b in zip(
            rows[name_column], rows["kind"], rows["bloc_value"], bloc, strict=True
        )
    ]
    fig = go.Figure()
    fig.add_trace(  # the group headings: rows of their own, with nothing drawn
        go.Scatter(
            x=[None] * len(headings),
            y=headings,
            mode="markers",
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Bar(
            x=scores,
            y=names,
            orientation="h",
            name=province_name,
            marker={"color": colour, "line": {"color": colour, "width": 1}},
            width=0.6,
            customdata=mine,
            hovertemplate="%{customdata}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=bloc,
            y=names,
            mode="markers",
            name=t("profile.bloc_trace", lang),
            marker={
                "symbol": "line-ns",
                "size": 22,
                "color": BLOC_COLOUR,
                "line": {"color": BLOC_COLOUR, "width": 3},
            },
            customdata=bloc_hover,
            hovertemplate="%{customdata}<extra>%{fullData.name}</extra>",
        )
    )
    fig.add_trace(  # the score column, right of the axis: each score written once
        go.Scatter(
            x=[SCORE_TEXT_X] * len(names),
            y=names,
            mode="text",
            text=[fmt.number(s, 0, lang) for s in scores],
            textposition="middle right",
            textfont={"color": MUTED_COLOUR},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=categories,
        autorange="reversed",
        automargin=True,
        showgrid=False,
    )
    fig.update_xaxes(
        title_text=t("profile.score_axis", lang),
        range=[0, 112],
        tickvals=[0, 25, 50, 75, 100],
        tickformat=",~f",
    )
    fig.update_layout(
        height=max(420, ROW_PX * len(categories) + 240),
        bargap=0.3,
        # Inside the plot, over the first group's heading row (which has no bar): clear of the
        # subtitle above and of every bar.
        legend={
            "orientation": "h",
            "x": 1,
            "xanchor": "right",
            "y": 1,
            "yanchor": "top",
            "bgcolor": "rgba(255,255,255,0.9)",
        },
    )
    return apply_frame(fig, chart, lang)
