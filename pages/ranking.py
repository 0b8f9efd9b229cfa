"""Xếp hạng thi đua: STP and THA ranked separately on a composite score with editable weights (an
aid, not the official score), ranks over the years, THA completion against the national targets."""

import streamlit as st

from justice_dashboard import ranking, ui
from justice_dashboard.charts.labels import years_text
from justice_dashboard.charts.ranking import bump_figure, ranking_figure, target_figure
from justice_dashboard.export.chart_data import ChartData, Column
from justice_dashboard.export.pack import ranking_caption, ranking_subtitle, weights_table
from justice_dashboard.i18n import t
from justice_dashboard.state import member_codes

view, catalog = ui.current_view(), ui.catalog()
lang, year = view.lang, view.year
if not year:
    ui.no_data(lang)
st.title(t("ranking.heading", lang, year=year))
first, last = min(view.first_year, year), max(view.last_year, year)
members = member_codes(catalog, view.units, first, last)
ui.illustrative_banner(
    lang, ui.data_is_illustrative(view.units, members, first, last, view.as_of_timestamp)
)
ui.view_notes(view)
st.info(t("ranking.aid_note", lang), icon="⚖️")

params = {"bloc": catalog.default_bloc.code, "units": view.units}
params |= {"first_year": first, "last_year": last}
params["as_of"] = view.as_of_timestamp
scored = ui.memo(
    ("scored", *params.values()),
    lambda: ranking.with_ranks_and_scores(ui.query("ranking_inputs", **params)),
)
span, data = f"{view.first_year}–{view.last_year}", tuple(params.values())
# Keys name what each result depends on: the scored data, the weights, the year or the range
# shown, the language (not the indicator, provinces or normalisation, which this page ignores).
this_year, in_range = (("year", year), ("lang", lang)), (("years", *view.years), ("lang", lang))


def scores(rows: object) -> ChartData:
    """A ranking chart's rows: each unit's composite score and rank (no indicator values)."""
    columns = (
        Column("composite", t("ranking.col_composite", lang), 1),
        Column("rank", t("compare.col_rank", lang)),
    )
    return ChartData(rows, columns=columns, values=False)  # type: ignore[arg-type]


def group_section(agency: str) -> None:
    group, tha = t(f"ranking.group_{agency.lower()}", lang), agency == "THA"
    weights = ui.weights_editor(agency, catalog, lang)
    used = tuple((c, w) for c, w in weights.items() if w > 0)
    rows = ui.memo(("rows", agency, *params.values()), lambda: scored[scored["agency"] == agency])
    result = ui.memo((agency, *data, used), lambda: ranking.composite(rows, weights))
    subtitle = ranking_subtitle(used, lang)

    def bars() -> object:
        frame = ui.rows_frame(
            t("ranking.bar_title", lang, group=group, year=year),
            subtitle,
            rows[rows["year"] == year],
            lang,
            enforcement_year=year if tha else None,
            counting=ui.counting(view, year, year),
        )
        return ranking_figure(result[result["year"] == year], frame, lang)

    def bump() -> object:
        in_range = rows["year"].between(view.first_year, view.last_year)
        shown = result[result["year"].between(*view.years)]
        drawn = years_text(shown.loc[shown["composite"].notna(), "year"], span)  # as drawn
        frame = ui.rows_frame(
            t("ranking.bump_title", lang, group=group),
            f"{drawn} · {subtitle}",
            rows[in_range],
            lang,
            enforcement_year=tha or None,
            counting=ui.counting(view, view.first_year, view.last_year),
        )
        return bump_figure(result[result["year"].between(*view.years)], frame, lang)

    ui.show_chart(
        ui.memo(("bars", agency, *data, used, *this_year), bars),
        f"xep-hang_{agency}_{year}",
        key=f"ranking_bars_{agency}",
        caption=ranking_caption(result[result["year"] == year], lang),
        data=scores(result[result["year"] == year]),
        table=weights_table(used, group, catalog, lang),
    )
    codes = [c for c, _ in used]
    table = ui.memo(
        ("table", agency, *data, used, *this_year),
        lambda: ranking.rank_table_display(rows, result, year, codes, lang),
    )
    st.dataframe(table, hide_index=True)
    ui.show_chart(
        ui.memo(("bump", agency, *data, used, *in_range), bump),
        f"xep-hang_{agency}_{span}",
        key=f"ranking_bump_{agency}",
        data=scores(result[result["year"].between(*view.years)]),
        table=weights_table(used, group, catalog, lang),
    )


def target_section(code: str) -> None:
    indicator = catalog.indicator(code)

    def status_rows() -> object:
        targets = ui.query("targets", first_year=view.first_year, last_year=view.last_year)
        own = ui.query("unit_targets", first_year=view.first_year, last_year=view.last_year)
        values = scored[(scored["indicator_code"] == code) & scored["year"].between(*view.years)]
        return ranking.target_status(values, targets, own)  # a unit's own target replaces it

    status = ui.memo(("status", code, *data, *in_range), status_rows)
    if status.empty:
        return
    shown = scored[(scored["indicator_code"] == code) & scored["year"].between(*view.years)]
    national = set(status.loc[status["national_target"].notna(), "year"])
    without = sorted(set(shown["year"]) - national)  # years with no national target recorded
    frame = ui.rows_frame(
        t("ranking.target_title", lang, indicator=indicator.name(lang)),
        f"% · {years_text(status['year'], span)} · {catalog.default_bloc.short(lang)}",
        status,
        lang,
        enforcement_year=True,
        counting=ui.counting(view, view.first_year, view.last_year),
        notes=tuple(n for y in without for n in ui.no_target_note(indicator, int(y))),
    )
    figure = ui.memo(
        ("target", code, *data, *in_range), lambda: target_figure(status, indicator, frame, lang)
    )
    columns = (
        Column("target", t("chart_data.col_target", lang), indicator.decimals, 100.0),
        Column("met", t("chart_data.col_met", lang)),
    )
    ui.show_chart(
        figure,
        f"{code}_chi-tieu_{span}",
        key=f"ranking_target_{code}",
        data=ChartData(status, indicator, columns=columns),
    )
    table = ui.memo(
        ("target_table", code, *data, *in_range),
        lambda: ranking.target_table_display(status, indicator, lang),
    )
    st.dataframe(table)
    if (own := ranking.own_targets_text(status, indicator, lang)) is not None:
        st.caption(own)


for agency, tab in zip(
    ("STP", "THA"),
    st.tabs([t("ranking.group_stp", lang), t("ranking.group_tha", lang)]),
    strict=True,
):
    with tab:
        group_section(agency)
st.header(t("ranking.targets_heading", lang))
targets = ui.query("targets", first_year=view.first_year, last_year=view.last_year)
for code in dict.fromkeys(targets["indicator_code"]):  # every indicator with a national target
    target_section(str(code))
st.caption(t("ranking.targets_table_note", lang))
