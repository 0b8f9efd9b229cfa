"""Hồ sơ tỉnh: one province, every indicator — value, rank in the bloc, change, a small trend — in a
table with every row shown, and its normalised scores by indicator group against the bloc's."""

import streamlit as st

from justice_dashboard import ranking, ui
from justice_dashboard.charts.profile import profile_scores_figure
from justice_dashboard.export.chart_data import ChartData, Column
from justice_dashboard.i18n import t
from justice_dashboard.state import code_label, member_codes

view, catalog = ui.current_view(), ui.catalog()
lang, year = view.lang, view.year
if not year:
    ui.no_data(lang)
heading = st.empty()  # the title goes above the province choice, once the province is known
first, last = min(view.first_year, year - 1), max(view.last_year, year)
units = view.units
members = list(member_codes(catalog, units, year, year))
code = st.selectbox(
    t("profile.province", lang),
    members,
    index=members.index(view.focus) if view.focus in members else 0,
    format_func=ui.option_label(lambda c: code_label(catalog, c, units, year, year, lang)),
    key="profile_province",
)
if code != view.focus:
    ui.set_focus(code)
name = code_label(catalog, code, units, year, year, lang)
heading.title(t("profile.heading", lang, province=name, year=year))
ui.illustrative_banner(
    lang, ui.data_is_illustrative(units, [code], first, last, view.as_of_timestamp)
)
ui.view_notes(view)

params = {"bloc": catalog.default_bloc.code, "units": units, "first_year": first, "last_year": last}
params["as_of"] = view.as_of_timestamp
# What each result depends on (not the indicator or normalisation: changing those reuses them).
key = (*params.values(), ("focus", code), ("year", year))
scored = ui.memo(
    ("scored", *params.values()),
    lambda: ranking.with_ranks_and_scores(ui.query("ranking_inputs", **params)),
)
profile = ui.memo(("profile", key), lambda: ranking.profile(scored, code, year))


def table_rows() -> object:
    trend = scored[(scored["province_code"] == code) & scored["year"].between(*view.years)]
    return ui.profile_table(profile, trend, view)


table = ui.memo(("profile_table", *key, view.years, lang), table_rows)
st.dataframe(
    table,
    hide_index=True,
    height=ui.full_table_height(len(table)),
    column_config=ui.profile_table_columns(view),
)
st.caption(t("profile.rank_note", lang))


def scores_chart() -> object:
    chart = ui.rows_frame(
        t("profile.scores_title", lang, province=name, year=year),
        t("profile.scores_subtitle", lang, bloc=catalog.default_bloc.short(lang)),
        profile,
        lang,
        enforcement_year=year if (profile["agency"] == "THA").any() else None,
        counting=ui.counting(view, year, year),
        notes=(t("profile.left_out_note", lang),),
    )
    mine = scored[(scored["province_code"] == code) & (scored["year"] == year)]
    colour = mine["colour"].iloc[0] if len(mine) else "#555555"
    groups = {g.code: g.name(lang) for g in sorted(catalog.groups, key=lambda g: g.display_order)}
    return profile_scores_figure(profile, groups, name, colour, chart, lang)


columns = (
    Column("score", t("chart_data.col_score", lang), 2),
    Column("rank", t("compare.col_rank", lang)),
)
ui.show_chart(
    ui.memo(("profile_scores", *key, lang), scores_chart),
    f"ho-so_{code}_{year}",
    key="profile_scores",
    data=ChartData(profile, unit_name=name, year=year, columns=columns),
)
