"""The conference pack: a declarative list of the charts a year-end deck holds.

Each item names the queries from `queries/` it needs, the parameters they bind for the chosen year
and provinces, and the builder that turns the rows into a chart (a pure builder from `charts/`).
The page runs the queries through `ui.query` (cached); the CLI through `Store.query`. Either way a
chart's data is exactly its query's result.

The chart frames (title, subtitle, source, data date) come from `ui.rows_frame`, the same function
the pages use, so a slide says exactly what the page says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from justice_dashboard import compare
from justice_dashboard.catalog import Bloc, Catalog, Lang
from justice_dashboard.charts.compare import change_figure, compare_bar_figure
from justice_dashboard.export.model import SlideChart
from justice_dashboard.export.naming import chart_stem
from justice_dashboard.i18n import t

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

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.catalog.bloc_provinces(self.bloc.code, self.year))

    @property
    def provinces_text(self) -> str:
        if set(self.provinces) == set(self.members):
            return self.bloc.short(self.lang)
        return ", ".join(self.catalog.province(c).short(self.lang) for c in self.provinces)

    def stem(self, what: str, first: int, last: int | None = None, suffix: str = "") -> str:
        stem = chart_stem(what, first, last, self.provinces, all_count=len(self.members))
        return f"{stem}_{suffix}" if suffix else stem


@dataclass(frozen=True)
class QuerySpec:
    """A named query and how its parameters follow from the context."""

    name: str
    params: Callable[[PackContext], dict[str, Any]]


@dataclass(frozen=True)
class PackItem:
    """One chart of a pack: its queries, and the builder from their rows (by query name)."""

    key: str
    label: Callable[[Catalog, Lang], str]
    queries: tuple[QuerySpec, ...]
    build: Callable[[dict[str, pd.DataFrame], PackContext], SlideChart]

    def run(self, query: QueryRunner, context: PackContext) -> SlideChart:
        frames = {q.name: query(q.name, **q.params(context)) for q in self.queries}
        return self.build(frames, context)


# ---- queries ------------------------------------------------------------------------------------


def _two_years(code: str) -> QuerySpec:
    """`province_trend` for the year and the one before (bars, change, caption)."""

    def params(context: PackContext) -> dict[str, Any]:
        return {
            "bloc": context.bloc.code,
            "indicator": code,
            "provinces": list(context.provinces),
            "first_year": context.year - 1,
            "last_year": context.year,
            "normalisation": "absolute",
            "as_of": context.as_of,
        }

    return QuerySpec("province_trend", params)


_TARGETS = QuerySpec("targets", lambda c: {"first_year": c.year, "last_year": c.year})


def _indicator_label(code: str, suffix_key: str | None = None) -> Callable[[Catalog, Lang], str]:
    def label(catalog: Catalog, lang: Lang) -> str:
        text = f"{code} · {catalog.indicator(code).name(lang)}"
        return text + (f" — {t(suffix_key, lang)}" if suffix_key else "")

    return label


# ---- items --------------------------------------------------------------------------------------


def indicator_bars(code: str) -> PackItem:
    """One indicator across the chosen provinces in the year, with their average and, for a rate
    with a national target (TA04, TA07), the target line."""

    def build(frames: dict[str, pd.DataFrame], context: PackContext) -> SlideChart:
        from justice_dashboard.ui import rows_frame

        lang, year = context.lang, context.year
        indicator = context.catalog.indicator(code)
        pair = frames["province_trend"]
        targets = frames["targets"]
        this_year = targets[(targets["indicator_code"] == code) & (targets["year"] == year)]
        target = (
            (float(this_year["target"].iloc[0]), str(this_year["comparison"].iloc[0]))
            if len(this_year)
            else None
        )
        unit = compare.unit_text(indicator, "absolute", lang)
        frame = rows_frame(
            t("compare.bars_title", lang, indicator=indicator.name(lang), year=year),
            f"{unit} · {year} · {context.provinces_text}",
            pair[pair["year"] == year],
            lang,
            enforcement_year=year if indicator.is_enforcement_year else None,
        )
        figure = compare_bar_figure(pair, indicator, frame, lang, year=year, target=target)
        return SlideChart(
            figure=figure,
            stem=context.stem(code, year),
            frame=frame,
            caption=compare.caption(pair, indicator, year, "absolute", lang),
        )

    return PackItem(
        key=f"bars:{code}",
        label=_indicator_label(code),
        queries=(_two_years(code), _TARGETS),
        build=build,
    )


def indicator_change(code: str) -> PackItem:
    """The change of one indicator against the year before, per province."""

    def build(frames: dict[str, pd.DataFrame], context: PackContext) -> SlideChart:
        from justice_dashboard.ui import rows_frame

        lang, year = context.lang, context.year
        indicator = context.catalog.indicator(code)
        pair = frames["province_trend"]
        unit = compare.unit_text(indicator, "absolute", lang)
        frame = rows_frame(
            t("compare.change_title", lang, indicator=indicator.name(lang), previous=year - 1),
            f"{unit} · {year - 1}–{year} · {context.provinces_text}",
            pair,
            lang,
            enforcement_year=year if indicator.is_enforcement_year else None,
        )
        figure = change_figure(pair, indicator, frame, lang, year=year)
        return SlideChart(
            figure=figure,
            stem=context.stem(code, year - 1, year, suffix="thay-doi"),
            frame=frame,
            caption=compare.caption(pair, indicator, year, "absolute", lang),
        )

    return PackItem(
        key=f"change:{code}",
        label=_indicator_label(code, "export.label_change"),
        queries=(_two_years(code),),
        build=build,
    )


# ---- the pack -----------------------------------------------------------------------------------

# The two THA completion rates, shown against their national targets.
TARGET_RATES = ("TA04", "TA07")
# The year-over-year change of the two figures the conference article reports for the bloc.
CHANGE_INDICATORS = ("VB01", "TA01")
# Parts of the conference pack whose chart builders have not landed yet (the page says so).
PENDING: tuple[str, ...] = ("xếp hạng nhóm STP", "xếp hạng nhóm THA")


def conference_pack(catalog: Catalog, indicators: Sequence[str] | None = None) -> list[PackItem]:
    """The year-end pack: each headline indicator across the provinces (the THA completion rates
    against their targets), then the year-over-year change of the article's two figures.

    `indicators` (the CLI's --indicators) replaces the pack with one bar chart per given code.
    """
    if indicators:
        return [indicator_bars(code) for code in indicators]
    headline = [i.code for i in catalog.headline_indicators()]
    ordered = [c for c in headline if c not in TARGET_RATES] + [
        c for c in TARGET_RATES if catalog.has_indicator(c)
    ]
    items = [indicator_bars(code) for code in ordered]
    items += [indicator_change(code) for code in CHANGE_INDICATORS if catalog.has_indicator(code)]
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
