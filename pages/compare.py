"""So sánh tỉnh: one indicator across the chosen provinces — bars for a year with the average and
the target; in tabs below them, lines over the years, the change against last year and the
year-over-year table."""

import streamlit as st

from justice_dashboard import compare, specs, ui
from justice_dashboard.i18n import t
from justice_dashboard.state import (
    KEY_COMPARE_MEASURE,
    KEY_COMPARE_TAB,
    KEY_COMPARE_TAB_INDEX,
    member_codes,
)

view, catalog = ui.current_view(), ui.catalog()
lang, year, norm, highlight = view.lang, view.year, view.normalisation, view.highlight
if not year:
    ui.no_data(lang)
indicator = catalog.indicator(view.indicator)
key = ui.view_key(view)
st.title(t("compare.heading", lang, indicator=indicator.name(lang)))
shown = (min(view.first_year, year - 1), max(view.last_year, year))
ui.illustrative_banner(
    lang, ui.data_is_illustrative(view.units, view.provinces, *shown, view.as_of_timestamp)
)
ui.view_notes(view, indicator)

# One request for the page's three charts, the slides and the data files (`specs`).
request = specs.ChartRequest(
    catalog=catalog,
    indicator=indicator,
    year=year,
    provinces=tuple(view.provinces),
    members=member_codes(
        catalog, view.units, min(view.first_year, year), max(view.last_year, year)
    ),
    lang=lang,
    units=view.units,
    as_of=view.as_of_timestamp,
    normalisation=norm,
    highlight=tuple(highlight),
)


def frames() -> tuple:
    # One query over the range and the chosen year with the one before (a year's rows do not
    # depend on the range asked for), so a year inside the range needs no new query.
    rows = ui.query(specs.TREND_QUERY, **request.params(*shown))
    pair = rows[rows["year"].between(year - 1, year)].reset_index(drop=True)
    trend = rows[rows["year"].between(view.first_year, view.last_year)].reset_index(drop=True)
    targets = ui.query("targets", first_year=0, last_year=9999)
    return pair, trend, targets[targets["indicator_code"] == indicator.code]


pair, trend, targets = ui.memo(("frames", key), frames)


def bloc_year() -> object:
    # Every member of the bloc that year, so the sentence gives the bloc's ranks, not the
    # chosen provinces' (the same rows when every member is chosen).
    members = member_codes(catalog, view.units, year, year)
    if set(members) <= set(view.provinces):
        return pair[pair["year"] == year]
    params = request.params(year, year) | {"provinces": list(members)}
    return ui.query(specs.TREND_QUERY, **params)


bars = ui.memo(("bars", key), lambda: specs.bars(request, pair, targets, bloc_year()))
st.markdown(f"**{bars.caption}**")
ui.show_spec(bars, key="compare_bars")
# The year's bars stay in view; the years, the change and the table are one click away. Only the
# open tab is computed and sent (a click reruns the page), so the first chart shows sooner and a
# rerun draws two charts, not three and a table.
# The open tab is kept by position, so it survives a language switch and a visit to another page.
tab_labels = [t(f"compare.tab_{name}", lang) for name in ("lines", "change", "table")]
if st.session_state.get(KEY_COMPARE_TAB) not in tab_labels:
    st.session_state[KEY_COMPARE_TAB] = tab_labels[st.session_state.get(KEY_COMPARE_TAB_INDEX, 0)]
tabs = st.tabs(tab_labels, key=KEY_COMPARE_TAB, on_change="rerun")
st.session_state[KEY_COMPARE_TAB_INDEX] = next(i for i, tab in enumerate(tabs) if tab.open)
tab_lines, tab_change, tab_table = tabs
if tab_lines.open:
    with tab_lines:
        measure = st.radio(
            t("compare.lines_measure", lang),
            options=list(compare.MEASURES),
            format_func=ui.option_label(lambda m: t(f"compare.measure.{m}", lang)),
            key=KEY_COMPARE_MEASURE,
            horizontal=True,
        )
        measure = measure if measure in compare.MEASURES else "values"
        if measure == "indexed":
            st.caption(t("compare.indexed_note", lang))
        lines = ui.memo(
            ("lines", measure, key),
            lambda: specs.lines(
                request,
                trend,
                targets,
                view.first_year,
                view.last_year,
                caption_text=bars.caption,
                measure=measure,
            ),
        )
        ui.show_spec(lines, key="compare_lines")
if tab_change.open:
    with tab_change:
        ui.show_spec(
            ui.memo(("change", key), lambda: specs.change(request, pair)), key="compare_change"
        )
if tab_table.open:
    with tab_table:
        st.subheader(t("compare.table_heading", lang))
        table = ui.memo(
            ("yoy", key),
            lambda: compare.year_over_year_display(pair, indicator, year, norm, lang),
        )
        st.dataframe(table, hide_index=True)
        st.caption(t("compare.rank_note", lang))
