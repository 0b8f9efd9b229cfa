"""The conference pack: a declarative list of the charts a year-end deck holds.

Each item names a query from `queries/`, the parameters it binds for the chosen year and provinces,
and the builder that turns the query's rows into a chart (a pure builder from `charts/`). The page
runs the queries through `ui.query` (cached); the CLI through `Store.query`. Either way a chart's
data is exactly its query's result.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from justice_dashboard import fmt
from justice_dashboard.catalog import Bloc, Catalog, Indicator, Lang
from justice_dashboard.charts.overview import province_bar_figure
from justice_dashboard.export.model import SlideChart
from justice_dashboard.export.naming import chart_stem
from justice_dashboard.i18n import t

QueryRunner = Callable[..., pd.DataFrame]


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

    def stem(self, what: str, first: int, last: int | None = None) -> str:
        return chart_stem(what, first, last, self.provinces, all_count=len(self.members))


@dataclass(frozen=True)
class PackItem:
    """One chart of a pack: a named query, its parameters, and the builder of the chart."""

    key: str
    query: str
    params: Callable[[PackContext], dict[str, Any]]
    build: Callable[[pd.DataFrame, PackContext], SlideChart]

    def run(self, query: QueryRunner, context: PackContext) -> SlideChart:
        return self.build(query(self.query, **self.params(context)), context)


# ---- builders from query rows to slide charts ---------------------------------------------------


def _chosen(frame: pd.DataFrame, context: PackContext) -> pd.DataFrame:
    return frame[frame["province_code"].isin(context.provinces)].reset_index(drop=True)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def bar_caption(frame: pd.DataFrame, indicator: Indicator, year: int, lang: Lang) -> str:
    """'…, năm 2022: cao nhất Đồng Nai (86,60%), thấp nhất Ninh Thuận (81,05%).'"""
    name = "name_vi" if lang == "vi" else "name_en"
    present = frame[[not _missing(v) for v in frame["value"]]]
    parts = []
    if len(present):
        best = present.loc[present["value"].idxmax()]
        worst = present.loc[present["value"].idxmin()]
        parts.append(
            t(
                "export.caption_bar",
                lang,
                indicator=indicator.name(lang),
                year=year,
                best=best[name],
                best_value=fmt.indicator_value(indicator, best["value"], lang),
                worst=worst[name],
                worst_value=fmt.indicator_value(indicator, worst["value"], lang),
            )
        )
    absent = frame[[_missing(v) for v in frame["value"]]]
    if len(absent):
        parts.append(t("export.caption_missing", lang, provinces=", ".join(absent[name])))
    return " ".join(parts)


def province_bar_item(code: str) -> PackItem:
    """One indicator across the chosen provinces in the year (`province_values`)."""

    def params(context: PackContext) -> dict[str, Any]:
        return {
            "bloc": context.bloc.code,
            "indicator": code,
            "year": context.year,
            "as_of": context.as_of,
        }

    def build(frame: pd.DataFrame, context: PackContext) -> SlideChart:
        from justice_dashboard.ui import chart_frame

        indicator = context.catalog.indicator(code)
        rows = _chosen(frame, context)
        chart = chart_frame(
            indicator, str(context.year), context.provinces_text, rows, context.lang
        )
        figure = province_bar_figure(rows, indicator, chart, context.lang)
        return SlideChart(
            figure=figure,
            stem=context.stem(code, context.year),
            frame=chart,
            caption=bar_caption(rows, indicator, context.year, context.lang),
        )

    return PackItem(key=f"province_bar:{code}", query="province_values", params=params, build=build)


# ---- the pack ------------------------------------------------------------------------------------

# Parts of the conference pack whose chart builders have not landed yet (shown on the page).
PENDING: tuple[str, ...] = (
    "TA04/TA07 so với chỉ tiêu",
    "xếp hạng nhóm STP",
    "xếp hạng nhóm THA",
    "thay đổi so với năm trước",
)


def conference_pack(catalog: Catalog, indicators: Sequence[str] | None = None) -> list[PackItem]:
    """The year-end pack: the bloc's headline indicators by province, in catalog order.

    `indicators` replaces the headline indicators with the given codes (the CLI's --indicators).
    """
    codes = list(indicators) if indicators else [i.code for i in catalog.headline_indicators()]
    return [province_bar_item(code) for code in codes]


def build_pack(
    items: Sequence[PackItem],
    query: QueryRunner,
    context: PackContext,
    progress: Callable[[int, int, str], None] | None = None,
) -> list[SlideChart]:
    charts = []
    for done, item in enumerate(items):
        if progress is not None:
            progress(done, len(items), item.key)
        charts.append(item.run(query, context))
    return charts


def item_label(item: PackItem, catalog: Catalog, lang: Lang) -> str:
    """How the page lists an item: 'TA04 · Tỷ lệ thi hành xong về việc'."""
    code = item.key.split(":", 1)[-1]
    if catalog.has_indicator(code):
        return f"{code} · {catalog.indicator(code).name(lang)}"
    return item.key
