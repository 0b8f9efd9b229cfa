"""Bản đồ nhiệt: the chosen provinces × every indicator for a year, coloured by rank in the bloc or
by normalised score (the indicator's direction respected), values in the hover."""

import streamlit as st

from justice_dashboard import ranking, ui
from justice_dashboard.charts.heatmap import heatmap_figure
from justice_dashboard.export.chart_data import ChartData, Column
from justice_dashboard.i18n import t

view, catalog = ui.current_view(), ui.catalog()
lang, year = view.lang, view.year
if not year:
    ui.no_data(lang)
st.title(t("heatmap.heading", lang, year=year))
ui.illustrative_banner(
    lang, ui.data_is_illustrative(view.units, view.provinces, year, year, view.as_of_timestamp)
)
ui.view_notes(view)

left, middle, right = st.columns([1, 1, 2])
colour_by = left.radio(
    t("heatmap.colour_by", lang),
    ["rank", "score"],
    format_func=ui.option_label(lambda c: t(f"heatmap.colour_{c}", lang)),
    key="heatmap_colour_by",
    horizontal=True,
)
agencies = middle.multiselect(
    t("heatmap.agency", lang), ["STP", "THA"], default=["STP", "THA"], key="heatmap_agencies"
)
context = right.checkbox(t("heatmap.context", lang), key="heatmap_context")

# What the heatmap depends on (not the indicator, range or normalisation: changing those reuses it).
shown = ("year", year), ("lang", lang), ("provinces", *view.provinces), ("as_of", view.as_of)
shown += (("units", view.units),)
key = (*shown, ("colour_by", colour_by), ("agencies", *agencies), ("context", context))


def heatmap() -> tuple:
    params = {"bloc": catalog.default_bloc.code, "units": view.units}
    params |= {"first_year": year, "last_year": year}
    inputs = ui.query("ranking_inputs", **params, as_of=view.as_of_timestamp)
    scored = ranking.with_ranks_and_scores(inputs)
    scored = scored[scored["agency"].isin(agencies or ["STP", "THA"])]
    if not context:
        scored = scored[scored["direction"] != "none"]
    shown = scored[scored["province_code"].isin(view.provinces)]
    chart = ui.rows_frame(
        t("heatmap.title", lang, year=year),
        t("heatmap.subtitle", lang, provinces=ui.provinces_text(view, catalog, lang)),
        shown,
        lang,
        enforcement_year=year if "THA" in (agencies or ["THA"]) else None,
        counting=ui.counting(view, year, year),
    )
    figure = heatmap_figure(scored, colour_by, chart, lang, provinces=list(view.provinces))
    return figure, shown


figure, rows = ui.memo(("heatmap", key), heatmap)
columns = (
    Column("rank", t("compare.col_rank", lang)),
    Column("score", t("chart_data.col_score", lang), 2),
)
ui.show_chart(
    figure,
    f"ban-do-nhiet_{year}_{colour_by}",
    key="heatmap",
    data=ChartData(rows, columns=columns),
)
