"""So sánh tỉnh: one indicator across the chosen provinces — bars for a year with the average and
the target; in tabs below them, lines over the years, the change against last year and the
year-over-year table."""

import streamlit as st

from justice_dashboard import compare, ui
from justice_dashboard.charts.compare import change_figure, compare_bar_figure, compare_lines_figure
from justice_dashboard.charts.rates import rate_dot_figure
from justice_dashboard.export.chart_data import ChartData
from justice_dashboard.export.pack import change_caption
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
name, tha, key = indicator.name(lang), indicator.is_enforcement_year, ui.view_key(view)
st.title(t("compare.heading", lang, indicator=name))
shown = (min(view.first_year, year - 1), max(view.last_year, year))
ui.illustrative_banner(
    lang, ui.data_is_illustrative(view.units, view.provinces, *shown, view.as_of_timestamp)
)
ui.view_notes(view, indicator)

params = {"bloc": catalog.default_bloc.code, "units": view.units, "indicator": indicator.code}
params |= {"provinces": list(view.provinces), "normalisation": norm, "as_of": view.as_of_timestamp}


def frames() -> tuple:
    # One query over the range and the chosen year with the one before (a year's rows do not
    # depend on the range asked for), so a year inside the range needs no new query.
    first, last = min(view.first_year, year - 1), max(view.last_year, year)
    rows = ui.query("province_trend", first_year=first, last_year=last, **params)
    pair = rows[rows["year"].between(year - 1, year)].reset_index(drop=True)
    trend = rows[rows["year"].between(view.first_year, view.last_year)].reset_index(drop=True)
    span_years = {"first_year": min(view.first_year, year), "last_year": max(view.last_year, year)}
    targets = ui.query("targets", **span_years)
    return pair, trend, targets[targets["indicator_code"] == indicator.code]


no_target = ui.no_target_note(indicator, year)


pair, trend, targets = ui.memo(("frames", key), frames)
yoy = ui.memo(("yoy_rows", key), lambda: compare.year_over_year(pair, indicator, year))


def bloc_year() -> object:
    # Every member of the bloc that year, so the sentence gives the bloc's ranks, not the
    # chosen provinces' (the same rows when every member is chosen).
    members = member_codes(catalog, view.units, year, year)
    if set(members) <= set(view.provinces):
        return yoy
    rows = ui.query(
        "province_trend", first_year=year, last_year=year, **params | {"provinces": list(members)}
    )
    return compare.year_over_year(rows, indicator, year)


bloc = ui.memo(("bloc_rows", key), bloc_year)
caption = ui.memo(
    ("caption", key),
    lambda: compare.caption(
        pair, indicator, year, norm, lang, table=yoy, bloc=bloc, highlight=highlight
    ),
)
st.markdown(f"**{caption}**")

unit, where = compare.unit_text(indicator, norm, lang), ui.provinces_text(view, catalog, lang)
where += ui.highlight_text(view, catalog, lang)
this_year = targets[targets["year"] == year]
target = (this_year["target"].iloc[0], this_year["comparison"].iloc[0]) if len(this_year) else None
span = f"{view.first_year}–{view.last_year}"


def bars() -> object:
    title = t("compare.bars_title", lang, indicator=name, year=year)
    rows = pair[pair["year"] == year]
    frame = ui.rows_frame(
        title,
        f"{unit} · {year} · {where}",
        rows,
        lang,
        enforcement_year=year if tha else None,
        counting=ui.counting(view, year, year),
        notes=no_target,
    )
    if indicator.is_rate:  # a rate's dots on a zoomed axis (issue 11), not bars from 0
        return rate_dot_figure(
            pair, indicator, frame, lang, year=year, target=target, highlight=highlight
        )
    return compare_bar_figure(
        pair,
        indicator,
        frame,
        lang,
        year=year,
        normalisation=norm,
        target=target,
        highlight=highlight,
    )


def lines(measure: compare.Measure) -> object:
    title = t("compare.lines_title", lang, indicator=name)
    counting = ui.counting(view, view.first_year, view.last_year)
    shown = unit
    if measure == "indexed":  # the change since the first year: in points, or in %
        points = compare.display_scale(indicator, norm) == 100.0
        shown = t("compare.indexed_points" if points else "compare.indexed_percent", lang)
    frame = ui.rows_frame(
        title,
        f"{shown} · {span} · {where}",
        trend,
        lang,
        enforcement_year=tha or None,
        counting=counting,
    )
    broken = counting.merger_year if view.units == "reported" and counting.crosses_merger else None
    return compare_lines_figure(
        trend,
        indicator,
        frame,
        lang,
        normalisation=norm,
        targets=targets,
        break_year=broken,
        highlight=highlight,
        measure=measure,
    )


def change() -> object:
    title = t("compare.change_title", lang, indicator=name, previous=year - 1)
    subtitle = f"{unit} · {year - 1}–{year} · {where}"
    frame = ui.rows_frame(
        title,
        subtitle,
        pair,
        lang,
        enforcement_year=year if tha else None,
        counting=ui.counting(view, year - 1, year),
    )
    return change_figure(
        pair, indicator, frame, lang, year=year, normalisation=norm, highlight=highlight
    )


ui.show_chart(
    ui.memo(("bars", key), bars),
    f"{indicator.code}_{year}_{len(view.provinces)}-tinh",
    key="compare_bars",
    caption=caption,
    data=ChartData(pair[pair["year"] == year], indicator, norm),
)
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
        ui.show_chart(
            ui.memo(("lines", measure, key), lambda: lines(measure)),
            f"{indicator.code}_{span}" + ("_so-voi-nam-dau" if measure == "indexed" else ""),
            key="compare_lines",
            caption=caption,
            data=ChartData(trend, indicator, norm),
        )
if tab_change.open:
    with tab_change:
        figure = ui.memo(("change", key), change)
        ui.show_chart(
            figure,
            f"{indicator.code}_{year}_thay-doi",
            key="compare_change",
            caption=change_caption(figure, year, lang),
            data=ChartData(pair, indicator, norm),
        )
if tab_table.open:
    with tab_table:
        st.subheader(t("compare.table_heading", lang))
        table = ui.memo(
            ("yoy", key),
            lambda: compare.year_over_year_display(pair, indicator, year, norm, lang, table=yoy),
        )
        st.dataframe(table, hide_index=True)
        st.caption(t("compare.rank_note", lang))
