"""Chấm điểm thi đua: each group (STP, THA) scored on the year's scoring table — points per
criterion, total, rank (ties shared), where each unit lost the most points, whom the leader would be
proposed for (an aid: the bloc votes) — the scoring sheet as XLSX, and the secretariat's manual
points, entered behind the intake unlock and kept as immutable dated versions."""

import streamlit as st

from justice_dashboard import config, ui
from justice_dashboard.charts.scores import scores_figure
from justice_dashboard.coverage import Counting
from justice_dashboard.i18n import t
from justice_dashboard.scoring import access, forms, manual
from justice_dashboard.scoring import display as scores
from justice_dashboard.scoring.engine import choose_table
from justice_dashboard.scoring.sheet import sheet_bytes
from justice_dashboard.scoring.tables import load_tables
from justice_dashboard.state import member_codes

view, catalog = ui.current_view(), ui.catalog()
lang, year = view.lang, view.year
if not year:
    ui.no_data(lang)
st.title(t("scoring.heading", lang, year=year))
units = scores.scoring_units(catalog, year)  # today's units from 2025 on, as reported before
members = member_codes(catalog, units, year, year)
illustrative = ui.data_is_illustrative(units, members, year, year, view.as_of_timestamp)
ui.illustrative_banner(lang, illustrative)
st.info(t("scoring.aid_note", lang), icon="⚖️")
st.caption(t("scoring.units_note", lang, year=year, units=t(f"scoring.units.{units}", lang)))
params = {"bloc": catalog.default_bloc.code, "units": units, "year": year}
inputs = ui.query("scoring_inputs", **params, as_of=view.as_of_timestamp)
root = config.data_dir()
tables = ui.memo(("scoring_tables",), lambda: load_tables(config.reference_dir(), root))
labels = scores.unit_labels(inputs, lang)
colours = dict(zip(inputs["unit_id"], inputs["colour"], strict=True))


def group_section(agency: str) -> None:
    group = t(f"scoring.group_{agency.lower()}", lang)
    table = choose_table(tables, agency, year)
    if table is None:
        st.warning(t("scoring.no_table", lang, group=group, year=year))
        return
    st.caption(t("scoring.table_caption", lang, name=table.name(lang), source=table.source))
    if table.illustrative:
        st.warning(t("scoring.illustrative_table", lang), icon="ℹ️")
    in_use = manual.latest(root, year, agency, view.as_of_timestamp)  # as the figures stood
    rows = inputs[inputs["agency"] == agency]
    results = scores.score_inputs(table, rows, in_use.entries if in_use else {})
    if (nomination := scores.nomination_text(table, results, labels, group, lang)) is not None:
        st.success(nomination, icon="🏆")
    frame = ui.rows_frame(
        t("scoring.slide_title", lang, year=year, group=group),
        t(
            "scoring.slide_subtitle",
            lang,
            table=table.name(lang),
            max=scores.points_text(table.max_total, lang),
        ),
        rows,
        lang,
        enforcement_year=year if agency == "THA" else None,
        counting=Counting(units, year, year, catalog.merger_year()),
    )
    figure = scores_figure(results, labels, colours, table.max_total, frame, lang)
    ui.show_chart(figure, f"cham-diem_{agency}_{year}")
    st.subheader(t("scoring.summary_heading", lang))
    st.dataframe(scores.summary_frame(table, results, labels, lang), hide_index=True)
    if own := scores.own_target_units(results, labels):
        st.caption(t("scoring.own_target_note", lang, units=", ".join(own)))
    if scores.has_preliminary(results):
        st.caption(t("scoring.preliminary_note", lang))
    st.subheader(t("scoring.sheet_heading", lang))
    st.dataframe(scores.sheet_frame(table, results, labels, lang), hide_index=True)
    st.download_button(
        t("scoring.download_sheet", lang),
        sheet_bytes(
            table,
            results,
            labels,
            year=year,
            group=group,
            illustrative=illustrative,
            catalog=catalog,
            lang=lang,
        ),
        file_name=f"bang-cham-diem_{agency}_{year}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon="📥",
        key=f"scores_sheet_{agency}",
    )
    by_unit = {r.unit_id: r for r in results}
    unit = st.selectbox(
        t("scoring.detail_unit", lang),
        list(by_unit),
        format_func=ui.option_label(lambda u: labels[u]),
        key=f"{access.KEY_DETAIL_UNIT}_{agency}",
    )
    st.caption(t("scoring.detail_heading", lang, unit=labels[unit]))
    st.dataframe(scores.detail_frame(by_unit[unit], catalog, lang), hide_index=True)


for agency, tab in zip(
    ("STP", "THA"),
    st.tabs([t("scoring.group_stp", lang), t("scoring.group_tha", lang)]),
    strict=True,
):
    with tab:
        group_section(agency)

st.header(t("scoring.manual_heading", lang))
st.caption(t("scoring.manual_caption", lang))
st.caption(t("scoring.manual_locked", lang))
allowed = access.may_enter_manual_points(lang, catalog)  # the prompt, once, when not yet allowed
unit_ids = scores.unit_order(inputs)
forms.manual_section(root, year, tables, unit_ids, labels, allowed, lang)
st.header(t("scoring.targets.heading", lang))
st.caption(t("scoring.targets.caption", lang))
forms.targets_section(root, year, catalog, tables, members, allowed, lang)
st.header(t("scoring.table_file.heading", lang))
st.caption(t("scoring.table_file.caption", lang))
forms.table_section(root, year, catalog, tables, allowed, lang)
