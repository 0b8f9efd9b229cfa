"""So sánh tỉnh: one indicator across the chosen provinces — bars for a year with the average and
the target, lines over the years, the change against last year, the year-over-year table."""

import streamlit as st

from justice_dashboard import compare, ui
from justice_dashboard.charts.compare import change_figure, compare_bar_figure, compare_lines_figure
from justice_dashboard.i18n import t

view, catalog = ui.current_view(), ui.catalog()
lang, year = view.lang, view.year
if not year:
    ui.no_data(lang)
indicator = catalog.indicator(view.indicator)
name, tha = indicator.name(lang), indicator.is_enforcement_year
st.title(t("compare.heading", lang, indicator=name))
ui.illustrative_banner(lang)
ui.view_notes(view, indicator)

params = {
    "bloc": catalog.default_bloc.code,
    "indicator": indicator.code,
    "provinces": list(view.provinces),
    "normalisation": view.normalisation,
    "as_of": view.as_of_timestamp,
}
pair = ui.query("province_trend", first_year=year - 1, last_year=year, **params)
trend = ui.query("province_trend", first_year=view.first_year, last_year=view.last_year, **params)
targets = ui.query(
    "targets", first_year=min(view.first_year, year), last_year=max(view.last_year, year)
)
targets = targets[targets["indicator_code"] == indicator.code]
st.markdown("**" + compare.caption(pair, indicator, year, view.normalisation, lang) + "**")

unit = compare.unit_text(indicator, view.normalisation, lang)
where = ui.provinces_text(view, catalog, lang)
this_year = targets[targets["year"] == year]
target = (this_year["target"].iloc[0], this_year["comparison"].iloc[0]) if len(this_year) else None
bars = ui.rows_frame(
    t("compare.bars_title", lang, indicator=name, year=year),
    f"{unit} · {year} · {where}",
    pair[pair["year"] == year],
    lang,
    enforcement_year=year if tha else None,
)
figure = compare_bar_figure(
    pair, indicator, bars, lang, year=year, normalisation=view.normalisation, target=target
)
ui.show_chart(figure, f"{indicator.code}_{year}_{len(view.provinces)}-tinh", key="compare_bars")

span = f"{view.first_year}–{view.last_year}"
lines = ui.rows_frame(
    t("compare.lines_title", lang, indicator=name),
    f"{unit} · {span} · {where}",
    trend,
    lang,
    enforcement_year=tha or None,
)
figure = compare_lines_figure(
    trend, indicator, lines, lang, normalisation=view.normalisation, targets=targets
)
ui.show_chart(figure, f"{indicator.code}_{view.first_year}-{view.last_year}", key="compare_lines")

change = ui.rows_frame(
    t("compare.change_title", lang, indicator=name, previous=year - 1),
    f"{unit} · {year - 1}–{year} · {where}",
    pair,
    lang,
    enforcement_year=year if tha else None,
)
figure = change_figure(pair, indicator, change, lang, year=year, normalisation=view.normalisation)
ui.show_chart(figure, f"{indicator.code}_{year}_thay-doi", key="compare_change")

st.subheader(t("compare.table_heading", lang))
st.dataframe(
    compare.year_over_year_display(pair, indicator, year, view.normalisation, lang),
    hide_index=True,
)
st.caption(t("compare.rank_note", lang))
