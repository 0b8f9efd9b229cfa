"""Xếp hạng thi đua: STP and THA ranked separately on a composite score with editable weights (an
aid, not the official score), ranks over the years, THA completion against the national targets."""

import streamlit as st

from justice_dashboard import fmt, ranking, ui
from justice_dashboard.charts.ranking import bump_figure, ranking_figure, target_figure
from justice_dashboard.i18n import t

view, catalog = ui.current_view(), ui.catalog()
lang, year = view.lang, view.year
if not year:
    ui.no_data(lang)
st.title(t("ranking.heading", lang, year=year))
ui.illustrative_banner(lang)
ui.view_notes(view)
st.info(t("ranking.aid_note", lang), icon="⚖️")

first, last = min(view.first_year, year), max(view.last_year, year)
inputs = ui.query(
    "ranking_inputs",
    bloc=catalog.default_bloc.code,
    first_year=first,
    last_year=last,
    as_of=view.as_of_timestamp,
)
scored = ranking.with_ranks_and_scores(inputs)
span = f"{view.first_year}–{view.last_year}"

for agency, tab in zip(
    ("STP", "THA"),
    st.tabs([t("ranking.group_stp", lang), t("ranking.group_tha", lang)]),
    strict=True,
):
    group = t(f"ranking.group_{agency.lower()}", lang)
    tha = agency == "THA"
    with tab:
        weights = ui.weights_editor(agency, catalog, lang)
        rows = scored[scored["agency"] == agency]
        result = ranking.composite(rows, weights)
        used = ", ".join(f"{c} × {fmt.number(w, 1, lang)}" for c, w in weights.items() if w > 0)
        subtitle = t("ranking.subtitle", lang, weights=used or "–")
        year_rows = rows[rows["year"] == year]
        bars = ui.rows_frame(
            t("ranking.bar_title", lang, group=group, year=year),
            subtitle,
            year_rows,
            lang,
            enforcement_year=year if tha else None,
        )
        figure = ranking_figure(result[result["year"] == year], bars, lang)
        ui.show_chart(figure, f"xep-hang_{agency}_{year}", key=f"ranking_bars_{agency}")
        codes = [c for c, w in weights.items() if w > 0]
        st.dataframe(ranking.rank_table_display(rows, result, year, codes, lang), hide_index=True)
        in_range = result[result["year"].between(view.first_year, view.last_year)]
        bump = ui.rows_frame(
            t("ranking.bump_title", lang, group=group),
            f"{span} · {subtitle}",
            rows[rows["year"].between(view.first_year, view.last_year)],
            lang,
            enforcement_year=tha or None,
        )
        ui.show_chart(bump_figure(in_range, bump, lang), f"xep-hang_{agency}_{span}")

st.header(t("ranking.targets_heading", lang))
targets = ui.query("targets", first_year=view.first_year, last_year=view.last_year)
for code in ("TA04", "TA07"):
    indicator = catalog.indicator(code)
    values = inputs[(inputs["indicator_code"] == code) & inputs["year"].between(*view.years)]
    status = ranking.target_status(values, targets)
    if status.empty:
        continue
    chart = ui.rows_frame(
        t("ranking.target_title", lang, indicator=indicator.name(lang)),
        f"% · {span} · {catalog.default_bloc.short(lang)}",
        status,
        lang,
        enforcement_year=True,
    )
    ui.show_chart(target_figure(status, indicator, chart, lang), f"{code}_chi-tieu_{span}")
    st.dataframe(ranking.target_table_display(status, indicator, lang), hide_index=False)
st.caption(t("ranking.targets_table_note", lang))
