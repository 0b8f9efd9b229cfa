"""Dữ liệu: the filtered values as a table, downloadable as CSV (UTF-8 with BOM) and XLSX with
formula cells neutralised, and the snapshots behind every figure."""

import streamlit as st

from justice_dashboard import fmt, tables, ui
from justice_dashboard.i18n import t

view, catalog = ui.current_view(), ui.catalog()
lang, year = view.lang, view.year
if not year:
    ui.no_data(lang)
st.title(t("data.heading", lang))
ui.illustrative_banner(
    lang,
    ui.data_is_illustrative(
        view.units, view.provinces, view.first_year, view.last_year, view.as_of_timestamp
    ),
)
ui.view_notes(view)

every = st.checkbox(t("data.all_indicators", lang), key="data_all_indicators")
codes = [i.code for i in catalog.indicators] if every else [view.indicator]
params = {"bloc": catalog.default_bloc.code, "units": view.units}
params |= {"provinces": list(view.provinces), "first_year": view.first_year}
params |= {"last_year": view.last_year, "as_of": view.as_of_timestamp}
rows = ui.query("data_table", indicators=codes, **params)
key = (*ui.view_key(view), ("every", str(every)))
# Numbers for the spreadsheets; the page shows the same rows as text, as the charts write them.
table = ui.memo(("data_download", key), lambda: tables.download_frame(rows, lang))
shown = ui.memo(("data_shown", key), lambda: tables.shown_frame(rows, lang, table))
where = ui.provinces_text(view, catalog, lang)
st.caption(
    t(
        "data.rows",
        lang,
        count=fmt.number(len(table), 0, lang),
        provinces=where,
        first=view.first_year,
        last=view.last_year,
    )
)
st.dataframe(shown, hide_index=True)
st.caption(t("data.rate_note", lang))

name = f"du-lieu_{'tat-ca' if every else view.indicator}_{view.first_year}-{view.last_year}"
csv_column, xlsx_column = st.columns(2)
csv_column.download_button(
    t("data.download_csv", lang),
    data=lambda: tables.csv_bytes(table),
    file_name=f"{name}.csv",
    mime="text/csv",
    key="data_csv",
)
xlsx_column.download_button(
    t("data.download_xlsx", lang),
    data=lambda: tables.xlsx_bytes(table),
    file_name=f"{name}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="data_xlsx",
)

st.subheader(t("data.sources_heading", lang))
sources = ui.query("data_sources", **params)
st.caption(t("data.sources_note", lang))
st.dataframe(tables.sources_frame(sources, lang), hide_index=True)
