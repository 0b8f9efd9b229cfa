"""The conference pack: a declarative list of the charts a year-end deck holds.

Each item names the queries from `queries/` it needs, the parameters they bind for the chosen year
and provinces, and the builder that turns the rows into a chart (a pure builder from `charts/`).
The page runs the queries through `ui.query` (cached); the CLI through `Store.query`. Either way a
chart's data is exactly its query's result.

The chart frames (title, subtitle, source, data date) come from `charts.frames.rows_frame`, the same function
the pages use, so a slide says exactly what the page says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from justice_dashboard import specs
from justice_dashboard.catalog import Bloc, Catalog, Lang
from justice_dashboard.charts.frames import rows_frame
from justice_dashboard.coverage import Counting
from justice_dashboard.export.model import SlideChart, SlideTable
from justice_dashboard.export.naming import chart_stem
from justice_dashboard.i18n import t
from justice_dashboard.specs import ChartRequest
from justice_dashboard.state import Units, member_codes

QueryRunner = Callable[..., pd.DataFrame]
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class PackContext:
    """What every item of a pack is built for."""

    catalog: Catalog
    bloc: Bloc
    year: int
    provinces: tuple[str, ...]  # the chosen member codes, in display order
    lang: Lang = "vi"
    as_of: dt.datetime | None = None  # None: the latest figures
    units: Units = "reported"  # as reported, or on today's units (history re-aggregated)
    first_year: int | None = None  # the first year of the pack's lines (None: the year before)
    highlight: tuple[str, ...] = ()  # codes drawn in their colours, the others in grey

    @property
    def members(self) -> tuple[str, ...]:
        return member_codes(self.catalog, self.units, self.year, self.year, self.bloc.code)

    @property
    def lines_from(self) -> int:
        return self.first_year if self.first_year is not None else self.year - 1

    def counting(self, first_year: int, last_year: int) -> Counting:
        return Counting(self.units, first_year, last_year, self.catalog.merger_year())

    @property
    def provinces_text(self) -> str:
        """The provinces a chart shows, and those highlighted (' · nổi bật: Đ.Nai') if any."""
        return specs.units_text(
            self.catalog,
            self.units,
            self.provinces,
            self.members,
            self.highlight,
            (self.year, self.year),
            self.lang,
            self.bloc,
        )

    def stem(self, what: str, first: int, last: int | None = None, suffix: str = "") -> str:
        stem = chart_stem(what, first, last, self.provinces, all_count=len(self.members))
        return f"{stem}_{suffix}" if suffix else stem


@dataclass(frozen=True)
class QuerySpec:
    """A named query and how its parameters follow from the context."""

    name: str
    params: Callable[[PackContext], dict[str, Any]]
    key: str = ""  # its rows' name for the builder ("": the query's name)


@dataclass(frozen=True)
class PackItem:
    """One chart of a pack: its queries, and the builder from their rows (by query name)."""

    key: str
    label: Callable[[Catalog, Lang], str]
    queries: tuple[QuerySpec, ...]
    build: Callable[[dict[str, pd.DataFrame], PackContext], SlideChart]

    def run(self, query: QueryRunner, context: PackContext) -> SlideChart:
        frames = {q.key or q.name: query(q.name, **q.params(context)) for q in self.queries}
        return self.build(frames, context)


# ---- queries ------------------------------------------------------------------------------------


def request(context: PackContext, code: str) -> ChartRequest:
    """The chart request of one indicator for the pack's year, units and provinces."""
    return ChartRequest(
        catalog=context.catalog,
        indicator=context.catalog.indicator(code),
        year=context.year,
        provinces=context.provinces,
        members=context.members,
        lang=context.lang,
        units=context.units,
        as_of=context.as_of,
        highlight=context.highlight,
        bloc=context.bloc,
    )


def _two_years(code: str) -> QuerySpec:
    """`province_trend` for the year and the one before (bars, change, caption)."""
    return QuerySpec(specs.TREND_QUERY, lambda c: request(c, code).params(c.year - 1, c.year))


def _years(code: str) -> QuerySpec:
    """`province_trend` over the pack's years (the lines)."""
    return QuerySpec(specs.TREND_QUERY, lambda c: request(c, code).params(c.lines_from, c.year))


def _bloc_year(code: str) -> QuerySpec:
    """`province_trend` of every member in the year: the caption's ranks are the bloc's."""

    def params(context: PackContext) -> dict[str, Any]:
        return request(context, code).params(context.year, context.year) | {
            "provinces": list(context.members)
        }

    return QuerySpec(specs.TREND_QUERY, params, key="bloc_year")


_TARGETS = QuerySpec("targets", lambda c: {"first_year": c.lines_from, "last_year": c.year})


def _indicator_label(code: str, suffix_key: str | None = None) -> Callable[[Catalog, Lang], str]:
    def label(catalog: Catalog, lang: Lang) -> str:
        text = f"{code} · {catalog.indicator(code).name(lang)}"
        return text + (f" — {t(suffix_key, lang)}" if suffix_key else "")

    return label


# ---- items --------------------------------------------------------------------------------------


def indicator_bars(code: str) -> PackItem:
    """One indicator across the chosen provinces in the year, with their average and, where the
    `targets` query has a national target for it that year, the target line: bars, or for a rate
    its dots on a zoomed axis (as the compare page draws it)."""

    def build(frames: dict[str, pd.DataFrame], context: PackContext) -> SlideChart:
        pair, targets = frames[specs.TREND_QUERY], frames["targets"]
        return specs.bars(request(context, code), pair, targets, frames["bloc_year"]).slide()

    return PackItem(
        key=f"bars:{code}",
        label=_indicator_label(code),
        queries=(_two_years(code), _TARGETS, _bloc_year(code)),
        build=build,
    )


def bars_caption(values: pd.DataFrame, indicator: Any, year: int, lang: Lang) -> str:
    """'Tổng số việc phải thi hành, năm 2022: cao nhất Đồng Nai (36.357), thấp nhất Bình Phước
    (9.252). Không có số liệu: …' from one year's values by unit (`province_values`)."""
    from justice_dashboard import fmt
    from justice_dashboard.charts.theme import names_of

    names = names_of(values, lang)
    present = [(n, v) for n, v in zip(names, values["value"], strict=True) if not fmt.is_missing(v)]
    missing = [n for n, v in zip(names, values["value"], strict=True) if fmt.is_missing(v)]
    if not present:
        return t("export.caption_missing", lang, provinces=", ".join(missing))
    (best, high), (worst, low) = max(present, key=lambda p: p[1]), min(present, key=lambda p: p[1])
    sentence = t(
        "export.caption_bar",
        lang,
        indicator=indicator.name(lang),
        year=year,
        best=best,
        best_value=fmt.indicator_value(indicator, high, lang),
        worst=worst,
        worst_value=fmt.indicator_value(indicator, low, lang),
    )
    if missing:
        sentence += " " + t("export.caption_missing", lang, provinces=", ".join(missing))
    return sentence


def indicator_change(code: str) -> PackItem:
    """The change of one indicator against the year before, per province."""

    def build(frames: dict[str, pd.DataFrame], context: PackContext) -> SlideChart:
        return specs.change(request(context, code), frames[specs.TREND_QUERY]).slide()

    return PackItem(
        key=f"change:{code}",
        label=_indicator_label(code, "export.label_change"),
        queries=(_two_years(code),),
        build=build,
    )


def indicator_lines(code: str) -> PackItem:
    """One indicator over the pack's years, a line per unit (on today's units: re-aggregated back to
    the first year, partial years marked; as reported: the old provinces to 2024, the merged ones
    from 2025, the break drawn), with the yearly national target as a step line where one exists."""

    def build(frames: dict[str, pd.DataFrame], context: PackContext) -> SlideChart:
        year, chart = context.year, request(context, code)
        trend = frames[specs.TREND_QUERY]
        pair = trend[trend["year"].between(year - 1, year)]
        said = specs.caption(chart, pair, frames["bloc_year"])
        spec = specs.lines(
            chart, trend, frames["targets"], context.lines_from, year, caption_text=said
        )
        return spec.slide()

    return PackItem(
        key=f"lines:{code}",
        label=_indicator_label(code, "export.label_lines"),
        queries=(_years(code), _TARGETS, _bloc_year(code)),
        build=build,
    )


# More weights than this are counted in a ranking's subtitle, not listed: their table follows it.
LISTED_WEIGHTS = 5


def ranking_subtitle(used: Sequence[tuple[str, float]], lang: Lang) -> str:
    """'Điểm 0–100 · trọng số: VB01 × 1,0, …', or with many weights their count and a pointer to
    the weights table (`weights_table`), as the ranking page and the pack say it."""
    from justice_dashboard import fmt

    if len(used) > LISTED_WEIGHTS:
        return t("ranking.subtitle_count", lang, count=len(used))
    listed = ", ".join(f"{c} × {fmt.number(w, 1, lang)}" for c, w in used) or "–"
    return t("ranking.subtitle", lang, weights=listed)


def weights_table(
    used: Sequence[tuple[str, float]], group: str, catalog: Catalog, lang: Lang
) -> SlideTable | None:
    """The weights a ranking's subtitle points to ("xem bảng trọng số"), for the slide after
    the ranking's; None when the subtitle lists them itself."""
    from justice_dashboard import fmt

    if len(used) <= LISTED_WEIGHTS:
        return None
    return SlideTable(
        title=t("export.weights_title", lang, group=group),
        header=(
            t("ranking.col_code", lang),
            t("ranking.col_indicator", lang),
            t("ranking.col_weight", lang),
        ),
        rows=tuple(
            (code, catalog.indicator(code).name(lang), fmt.number(weight, 1, lang))
            for code, weight in used
        ),
    )


def ranking_caption(result: pd.DataFrame, lang: Lang) -> str:
    """'Hạng 1: Đồng Nai (71,3 điểm); hạng 7: Bình Phước (40,2 điểm). …' from a group's composite
    (`ranking.composite` of one year), as the ranking page and the pack say it."""
    from justice_dashboard import fmt

    ranked = result.dropna(subset=["composite"]).sort_values("rank")
    if not len(ranked):
        return t("export.caption_ranking_none", lang)
    name = "name_vi" if lang == "vi" else "name_en"
    first, last = ranked.iloc[0], ranked.iloc[-1]
    return t(
        "export.caption_ranking",
        lang,
        first=first[name],
        first_score=fmt.number(first["composite"], 1, lang),
        last_rank=int(last["rank"]),
        last=last[name],
        last_score=fmt.number(last["composite"], 1, lang),
    )


def group_ranking(agency: str) -> PackItem:
    """The composite emulation score of one group (STP or THA) in the year, rank 1 on top, with
    the default weights of `emulation_weights.csv` (an aid, not the official score). Ranks are
    within the whole bloc, whatever provinces are chosen."""

    def params(context: PackContext) -> dict[str, Any]:
        return {
            "bloc": context.bloc.code,
            "units": context.units,
            "first_year": context.year,
            "last_year": context.year,
            "as_of": context.as_of,
        }

    def build(frames: dict[str, pd.DataFrame], context: PackContext) -> SlideChart:
        from justice_dashboard import config, ranking
        from justice_dashboard.charts.ranking import ranking_figure

        lang, year = context.lang, context.year
        scored = ranking.with_ranks_and_scores(frames["ranking_inputs"])
        rows = scored[(scored["agency"] == agency) & (scored["year"] == year)]
        codes = {i.code for i in context.catalog.indicators if i.agency == agency}
        weights = {
            c: w for c, w in ranking.load_weights(config.reference_dir()).items() if c in codes
        }
        result = ranking.composite(rows, weights)
        group = t(f"ranking.group_{agency.lower()}", lang)
        used = [(c, w) for c, w in weights.items() if w > 0]
        # As on the ranking page: the weights by name when few, else their count and a table.
        frame = rows_frame(
            t("ranking.bar_title", lang, group=group, year=year),
            ranking_subtitle(used, lang),
            rows,
            lang,
            enforcement_year=year if agency == "THA" else None,
            counting=context.counting(year, year),
        )
        figure = ranking_figure(result, frame, lang)
        members = context.members
        return SlideChart(
            figure=figure,
            stem=chart_stem(f"xep-hang-{agency}", year, None, members, len(members)),
            frame=frame,
            caption=ranking_caption(result, lang),
            table=weights_table(used, group, context.catalog, lang),
        )

    return PackItem(
        key=f"ranking:{agency}",
        label=lambda catalog, lang: (
            t(f"ranking.group_{agency.lower()}", lang) + " — " + t("export.label_ranking", lang)
        ),
        queries=(QuerySpec("ranking_inputs", params),),
        build=build,
    )


def group_scores(agency: str) -> PackItem:
    """The emulation scores of one group (STP or THA) on the year's scoring table, rank 1 on top,
    the manual points of the latest version included; the caption says whom the leader would be
    proposed for (an aid: the bloc votes). Counted like the scores page: on today's units from
    2025 on, as reported before, over the whole bloc whatever provinces are chosen."""

    def params(context: PackContext) -> dict[str, Any]:
        from justice_dashboard.scoring.display import scoring_units

        return {
            "bloc": context.bloc.code,
            "units": scoring_units(context.catalog, context.year),
            "year": context.year,
            "as_of": context.as_of,
        }

    def build(frames: dict[str, pd.DataFrame], context: PackContext) -> SlideChart:
        from justice_dashboard import config
        from justice_dashboard.charts.scores import scores_figure
        from justice_dashboard.scoring import display, manual
        from justice_dashboard.scoring.engine import choose_table
        from justice_dashboard.scoring.tables import load_tables

        lang, year = context.lang, context.year
        inputs = frames["scoring_inputs"]
        rows = inputs[inputs["agency"] == agency]
        group = t(f"scoring.group_{agency.lower()}", lang)
        tables = load_tables(config.reference_dir(), config.data_dir())
        table = choose_table(tables, agency, year)
        labels = display.unit_labels(inputs, lang)
        colours = dict(zip(inputs["unit_id"], inputs["colour"], strict=True))
        results: tuple = ()
        caption = t("scoring.no_table", lang, group=group, year=year)
        subtitle = caption
        maximum = 0.0
        if table is not None:
            in_use = manual.latest(config.data_dir(), year, agency, context.as_of)
            results = display.score_inputs(table, rows, in_use.entries if in_use else {})
            maximum = table.max_total
            subtitle = t(
                "scoring.slide_subtitle",
                lang,
                table=table.name(lang),
                max=display.points_text(maximum, lang),
            )
            caption = display.nomination_text(table, results, labels, group, lang) or t(
                "scoring.caption_none", lang
            )
        frame = rows_frame(
            t("scoring.slide_title", lang, year=year, group=group),
            subtitle,
            rows,
            lang,
            enforcement_year=year if agency == "THA" else None,
            counting=Counting(params(context)["units"], year, year, context.catalog.merger_year()),
        )
        figure = scores_figure(results, labels, colours, maximum, frame, lang)
        members = context.members
        return SlideChart(
            figure=figure,
            stem=chart_stem(f"cham-diem-{agency}", year, None, members, len(members)),
            frame=frame,
            caption=caption,
        )

    return PackItem(
        key=f"scores:{agency}",
        label=lambda catalog, lang: (
            t(f"scoring.group_{agency.lower()}", lang) + " — " + t("scoring.pack_label", lang)
        ),
        queries=(QuerySpec("scoring_inputs", params),),
        build=build,
    )


# ---- the pack -----------------------------------------------------------------------------------

# The two groups ranked separately in the bloc.
RANKED_GROUPS = ("STP", "THA")
# Parts of the conference pack whose chart builders have not landed yet (the page says so).
PENDING: tuple[str, ...] = ()


def targeted_indicators(query: QueryRunner, year: int) -> tuple[str, ...]:
    """The indicators with a national target (the `targets` query) in any year up to `year`, in
    its order: their bars carry the year's target, or say that none is recorded for it."""
    rows = query("targets", first_year=0, last_year=year)
    return tuple(dict.fromkeys(str(c) for c in rows["indicator_code"]))


def change_indicators(catalog: Catalog, bloc: Bloc | None = None) -> tuple[str, ...]:
    """The figures the bloc's published sources report (`published_figures.csv`), in file order:
    their year-over-year change closes the pack."""
    code = (bloc or catalog.default_bloc).code
    return tuple(
        dict.fromkeys(
            f.indicator_code
            for f in catalog.published
            if f.bloc_code == code and catalog.has_indicator(f.indicator_code)
        )
    )


def conference_pack(
    catalog: Catalog,
    indicators: Sequence[str] | None = None,
    targeted: Sequence[str] = (),
) -> list[PackItem]:
    """The year-end pack: each headline indicator across the provinces, then the indicators with a
    national target (`targeted`, from `targeted_indicators`: each with the year's target line or
    the words that none is recorded, then its lines over the pack's years), the ranking of each
    group (STP, THA), each group's scores on the year's scoring table, then the year-over-year change of the figures the bloc's published sources
    report (`change_indicators`).

    `indicators` (the CLI's --indicators) replaces the pack with one bar chart per given code.
    """
    if indicators:
        return [indicator_bars(code) for code in indicators]
    with_target = [c for c in targeted if catalog.has_indicator(c)]
    headline = [i.code for i in catalog.headline_indicators()]
    ordered = [c for c in headline if c not in with_target] + with_target
    items = [indicator_bars(code) for code in ordered]
    items += [indicator_lines(code) for code in with_target]
    items += [group_ranking(agency) for agency in RANKED_GROUPS]
    items += [group_scores(agency) for agency in RANKED_GROUPS]
    items += [indicator_change(code) for code in change_indicators(catalog)]
    return items


def build_pack(
    items: Sequence[PackItem],
    query: QueryRunner,
    context: PackContext,
    progress: Progress | None = None,
) -> list[SlideChart]:
    charts = []
    for done, item in enumerate(items):
        if progress is not None:
            progress(done, len(items), item.label(context.catalog, context.lang))
        charts.append(item.run(query, context))
    return charts
