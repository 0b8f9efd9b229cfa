"""Charts of the emulation ranking: the composite score of a group, ranks over the years (bump chart),
and the THA completion rates against each year's national target.

Builders take the frames of `justice_dashboard.ranking` (computed from the `ranking_inputs` query)
and the `targets` query as they are; a missing figure is a gap or a note, never a zero.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from justice_dashboard import fmt
from justice_dashboard.catalog import Indicator, Lang
from justice_dashboard.charts.labels import legend_marker
from justice_dashboard.charts.theme import (
    MISSING_COLOUR,
    MUTED_COLOUR,
    TARGET_COLOUR,
    VALUE_TICKS,
    YEAR_TICKS,
    ChartFrame,
    apply_frame,
    names_of,
    partial_flags,
)
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import t


def _names(frame: pd.DataFrame, lang: Lang) -> list[str]:
    return names_of(frame, lang)


def ranking_figure(table: pd.DataFrame, chart: ChartFrame, lang: Lang) -> go.Figure:
    """Horizontal bars of the composite score (0–100) for one year, rank 1 on top.

    `table` has one row per province: `name_vi`, `name_en`, `colour`, `composite`, `rank`."""
    rows = table.assign(_missing=table["composite"].isna()).sort_values(
        ["_missing", "rank"], ascending=[False, False]
    )
    values = rows["composite"].tolist()
    labels = [
        fmt.MISSING[lang]
        if is_missing(v)
        else t("ranking.bar_label", lang, rank=int(r), score=fmt.number(v, 1, lang))
        for v, r in zip(values, rows["rank"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            y=_names(rows, lang),
            x=[None if is_missing(v) else v for v in values],
            orientation="h",
            marker_color=[
                MISSING_COLOUR if is_missing(v) else c
                for v, c in zip(values, rows["colour"], strict=True)
            ],
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_layout(showlegend=False)
    fig.update_xaxes(
        title_text=t("ranking.score_axis", lang), range=[0, 115], tickformat=VALUE_TICKS
    )
    return apply_frame(fig, chart, lang)


def bump_figure(composites: pd.DataFrame, chart: ChartFrame, lang: Lang) -> go.Figure:
    """Each province's composite rank over the years; rank 1 at the top; a missing year is a gap.
    The rank is printed once, on the axis (the hover gives rank and score).

    `composites` has one row per province and year: `name_*`, `colour`, `display_order` (or
    `province_order`), `year`, `rank`, `composite`."""
    order = "province_order" if "province_order" in composites else "display_order"
    fig = go.Figure()
    for _code, rows in composites.sort_values([order, "year"]).groupby(
        "unit_id" if "unit_id" in composites else "province_code", sort=False
    ):
        scores = [
            fmt.MISSING[lang] if is_missing(v) else fmt.number(v, 1, lang)
            for v in rows["composite"]
        ]
        fig.add_trace(
            go.Scatter(
                x=rows["year"].tolist(),
                y=[None if is_missing(r) else r for r in rows["rank"]],
                mode="lines+markers",  # the rank is read on the axis, not printed again
                name=_names(rows, lang)[0],
                line={"color": rows["colour"].iloc[0], "width": 3},
                marker={"size": 12},
                connectgaps=False,
                customdata=scores,
                hovertemplate="%{fullData.name}, %{x}: "
                + t("ranking.hover_rank", lang)
                + "<extra></extra>",
            )
        )
    count = composites["province_code"].nunique()
    fig.update_yaxes(
        title_text=t("ranking.rank_axis", lang),
        autorange=False,
        range=[count + 0.5, 0.5],
        dtick=1,
        tickformat="d",
    )
    fig.update_xaxes(title_text=t("app.year", lang), tickformat=YEAR_TICKS, dtick=1)
    return apply_frame(fig, chart, lang)


def target_figure(
    status: pd.DataFrame, indicator: Indicator, chart: ChartFrame, lang: Lang
) -> go.Figure:
    """One THA completion rate per province and year against that year's national target.

    `status` is `ranking.target_status` for this indicator: `name_*`, `colour`, `year`, `value`,
    `target`, `comparison`, `met`. A met target is a filled circle, a missed one a cross, a partial
    figure (a predecessor's missing: not judged) an open circle, as open markers are everywhere in
    the app; each kind has its legend entry."""
    fig = go.Figure()
    any_partial = False
    order = "province_order" if "province_order" in status else "display_order"
    for _code, rows in status.sort_values([order, "year"]).groupby(
        "unit_id" if "unit_id" in status else "province_code", sort=False
    ):
        own = rows["basis"] == "unit" if "basis" in rows else pd.Series(False, index=rows.index)
        partial = partial_flags(rows)
        any_partial = any_partial or any(
            p and not is_missing(v) for p, v in zip(partial, rows["value"], strict=True)
        )
        labels = [
            f"{fmt.indicator_value(indicator, v, lang)} ({t('units.partial_short', lang)})"
            if p and not is_missing(v)
            else fmt.MISSING[lang]
            if m is None
            else f"{fmt.indicator_value(indicator, v, lang)} · "
            + t("ranking.met" if m else "ranking.not_met", lang)
            + (
                f" ({t('ranking.own_target_short', lang, target=fmt.percent(tg, 2, lang))})"
                if o
                else ""
            )
            for v, m, o, tg, p in zip(
                rows["value"], rows["met"], own, rows["target"], partial, strict=True
            )
        ]
        name, colour = _names(rows, lang)[0], rows["colour"].iloc[0]
        years = rows["year"].tolist()
        values = [None if is_missing(v) else v * 100.0 for v in rows["value"]]
        fig.add_trace(  # the markers: what each year's figure did against its target
            go.Scatter(
                x=years,
                y=values,
                mode="markers",
                name=name,
                legendgroup=name,
                showlegend=False,
                marker={
                    "size": 11,
                    "color": colour,
                    "symbol": [
                        "circle-open" if p else "circle" if m else "x"
                        for m, p in zip(rows["met"], partial, strict=True)
                    ],
                    "line": {"width": 2, "color": colour},
                },
                customdata=labels,
                hovertemplate="%{fullData.name}, %{x}: %{customdata}<extra></extra>",
            )
        )
        fig.add_trace(  # the line, named in the legend by a line (not by its first marker)
            go.Scatter(
                x=years,
                y=values,
                mode="lines",
                name=name,
                legendgroup=name,
                line={"color": colour, "width": 2},
                connectgaps=False,
                hoverinfo="skip",
            )
        )
    national = "national_target" if "national_target" in status else "target"
    targets = (
        status.dropna(subset=[national])
        .drop_duplicates("year")
        .sort_values("year")
        .assign(target=lambda f: f[national])
    )
    if "national_comparison" in targets:
        targets = targets.assign(comparison=targets["national_comparison"])
    fig.add_trace(
        go.Scatter(
            x=targets["year"].tolist(),
            y=[v * 100.0 for v in targets["target"]],
            mode="lines+markers",
            name=t("compare.target_legend", lang),
            line={"color": TARGET_COLOUR, "dash": "dot", "width": 3},
            marker={"symbol": "line-ew-open", "size": 16, "color": TARGET_COLOUR},
            hoverinfo="skip",
        )
    )
    # Each year's target is written under its year, where no province's line can cover it.
    target_text = {
        int(y): f"{'>' if c == 'gt' else '≥'} {fmt.percent(v, 2, lang)}"
        for y, v, c in zip(targets["year"], targets["target"], targets["comparison"], strict=True)
    }
    years = sorted({int(y) for y in status["year"]})
    ticks = [
        f"{y}<br><span style='color:{TARGET_COLOUR}'>"
        + t("ranking.target_tick", lang, target=target_text[y])
        + "</span>"
        if y in target_text
        else str(y)
        for y in years
    ]
    # What the markers mean, in the legend (the provinces' lines name only the provinces).
    legend_marker(fig, t("ranking.met", lang), "circle", MUTED_COLOUR, group="marks")
    legend_marker(fig, t("ranking.not_met", lang), "x", MUTED_COLOUR, group="marks")
    if any_partial:
        legend_marker(
            fig, t("ranking.partial_legend", lang), "circle-open", MUTED_COLOUR, group="marks"
        )
    fig.update_layout(legend={"font": {"size": 12}, "tracegroupgap": 2}, height=560)
    fig.update_yaxes(title_text="%", ticksuffix="%", tickformat=VALUE_TICKS)
    fig.update_xaxes(
        title_text=t("app.year", lang),
        tickmode="array",
        tickvals=years,
        ticktext=ticks,
        tickfont={"size": 12},
    )
    return apply_frame(fig, chart, lang)
