"""Tổng quan: the bloc's headline figures for a year, and one headline indicator by province."""

import streamlit as st

from justice_dashboard import fmt, ui
from justice_dashboard.charts.overview import province_bar_figure
from justice_dashboard.charts.rates import rate_dot_figure
from justice_dashboard.charts.theme import enforcement_year_note
from justice_dashboard.export.chart_data import ChartData
from justice_dashboard.export.pack import bars_caption
from justice_dashboard.i18n import t
from justice_dashboard.state import member_codes

view, catalog = ui.current_view(), ui.catalog()
lang, year = view.lang, view.year
if not year:
    ui.no_data(lang)
bloc = catalog.default_bloc

st.title(t("overview.heading", lang, year=year))
st.caption(bloc.name(lang))
units = view.units
members = member_codes(catalog, units, year - 1, year)
ui.illustrative_banner(
    lang, ui.data_is_illustrative(units, members, year - 1, year, view.as_of_timestamp)
)

params = {"bloc": bloc.code, "units": units, "year": year}
if view.as_of is None:
    headline = ui.query("bloc_headline", **params)
else:
    headline = ui.query("bloc_headline_as_of", **params, as_of=view.as_of_timestamp)
count = int(headline["members"].max()) if len(headline) else 0
# The bloc of the year before was other units (as reported across the merger): no change shown.
compared = bool(headline["same_members_as_before"].any()) or not len(headline)
caption = t(
    "overview.cards_caption_units", lang, count=count, units=t(f"units.counted.{units}", lang)
)
caption += t(
    "overview.compared_with" if compared else "overview.not_compared", lang, previous=year - 1
)
st.caption(caption)
partial = int(headline["units_partial"].max()) if len(headline) else 0
if partial:
    st.caption("○ " + t("overview.card_partial", lang, count=partial))
notes, enforcement = [], False
for start in range(0, len(headline), 4):
    for column, row in zip(
        st.columns(4), headline.iloc[start : start + 4].itertuples(), strict=False
    ):
        indicator = catalog.indicator(row.indicator_code)
        published = catalog.published_figure(bloc.code, year, indicator.code)
        published = published if not fmt.is_missing(row.published_value) else None
        marks = (" ✦" if published else "") + (" ○" if row.units_partial else "")
        if row.preliminary:
            marks += f" ({t('overview.card_preliminary', lang)})"
        title = indicator.name(lang)  # a rate's unit is in its value ("83,25%")
        if not indicator.is_rate:
            title = t("overview.card_title", lang, name=title, unit=indicator.unit(lang))
        ui.card(
            column,
            title + marks,
            fmt.indicator_value(indicator, row.value, lang),
            delta=fmt.indicator_change(indicator, row.value, row.previous_value, lang),
            delta_color={"up": "normal", "down": "inverse"}.get(indicator.direction, "off"),
        )
        if published:
            notes.append(ui.published_note(indicator, row.value, published, lang))
        enforcement = enforcement or indicator.is_enforcement_year
if enforcement:  # the THA cards count the enforcement year (1/10 to 30/9)
    st.caption(enforcement_year_note(year, lang))
for note in dict.fromkeys(notes):
    st.caption("✦ " + note)

options = [i.code for i in catalog.headline_indicators()]
quoted = [c for c in options if catalog.published_figure(bloc.code, year, c)]
code = st.selectbox(
    t("overview.chart_indicator", lang),
    options,
    index=options.index(quoted[0]) if quoted else 0,
    format_func=ui.option_label(lambda c: f"{c} · {catalog.indicator(c).name(lang)}"),
)
indicator = catalog.indicator(code)
params = {"bloc": bloc.code, "units": units, "indicator": code, "year": year}
if view.as_of is None:
    values = ui.query("province_values", **params)
else:
    values = ui.query("province_values_as_of", **params, as_of=view.as_of_timestamp)
counting = ui.counting(view, year, year)
where = bloc.short(lang) + ui.highlight_text(view, catalog, lang)
chart = ui.chart_frame(indicator, str(year), where, values, lang, counting)
if indicator.is_rate:  # a rate's dots on a zoomed axis, not bars from 0
    figure = rate_dot_figure(values, indicator, chart, lang, highlight=view.highlight)
else:
    figure = province_bar_figure(values, indicator, chart, lang, highlight=view.highlight)
ui.show_chart(
    figure,
    f"{code}_{year}_{len(values)}-tinh",
    key="overview_bars",
    caption=bars_caption(values, indicator, year, lang),
    data=ChartData(values, indicator, year=year),
)
