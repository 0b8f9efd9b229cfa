"""The charts the compare page and the slide pack both draw, each declared once.

A chart's spec holds the named query and its bound parameters, the rows it returned, the frame
(title, subtitle with unit, years and units, source, notes), the figure drawn from them (colours,
marks), the sentence said under it, its file name and its data download. The page shows the spec
(`ui.show_spec`): the chart, its images and its CSV/XLSX; the pack turns the same spec into a slide
(`ChartSpec.slide`). So the page, its images, the slide and the data file cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from justice_dashboard import compare
from justice_dashboard.catalog import Bloc, Catalog, Indicator, Lang
from justice_dashboard.charts.compare import change_figure, compare_bar_figure, compare_lines_figure
from justice_dashboard.charts.frames import rows_frame
from justice_dashboard.charts.rates import rate_dot_figure
from justice_dashboard.charts.theme import ChartFrame
from justice_dashboard.compare import Measure
from justice_dashboard.coverage import Counting
from justice_dashboard.export.chart_data import ChartData
from justice_dashboard.export.model import SlideChart
from justice_dashboard.export.naming import chart_stem
from justice_dashboard.i18n import t
from justice_dashboard.state import Normalisation, Units, code_label

TREND_QUERY = "province_trend"


@dataclass(frozen=True)
class ChartRequest:
    """What a chart of one indicator across the bloc's units is drawn for."""

    catalog: Catalog
    indicator: Indicator
    year: int
    provinces: tuple[str, ...]  # the chosen units' codes, in display order
    members: tuple[str, ...]  # every member of the bloc in the years shown
    lang: Lang = "vi"
    units: Units = "reported"
    as_of: dt.datetime | None = None
    normalisation: Normalisation = "absolute"
    highlight: tuple[str, ...] = ()
    bloc: Bloc | None = None  # None: the catalog's default bloc

    @property
    def block(self) -> Bloc:
        return self.bloc or self.catalog.default_bloc

    def params(self, first_year: int, last_year: int) -> dict[str, Any]:
        """The bound parameters of the `province_trend` query for these years."""
        return {
            "bloc": self.block.code,
            "units": self.units,
            "indicator": self.indicator.code,
            "provinces": list(self.provinces),
            "first_year": first_year,
            "last_year": last_year,
            "normalisation": self.normalisation,
            "as_of": self.as_of,
        }

    def counting(self, first_year: int, last_year: int) -> Counting:
        return Counting(self.units, first_year, last_year, self.catalog.merger_year())

    def where(self, first_year: int, last_year: int) -> str:
        """The units a chart shows, as its subtitle says them (`units_text`)."""
        return units_text(
            self.catalog,
            self.units,
            self.provinces,
            self.members,
            self.highlight,
            (first_year, last_year),
            self.lang,
            self.block,
        )

    def stem(self, first: int, last: int | None = None, suffix: str = "") -> str:
        stem = chart_stem(self.indicator.code, first, last, self.provinces, len(self.members))
        return f"{stem}_{suffix}" if suffix else stem


def units_text(
    catalog: Catalog,
    units: Units,
    provinces: tuple[str, ...] | list[str],
    members: tuple[str, ...] | list[str],
    highlight: tuple[str, ...] | list[str],
    years: tuple[int, int],
    lang: Lang,
    bloc: Bloc,
) -> str:
    """'Khối miền Đông Nam Bộ' when every member is shown, else the short names of those shown
    ('Đ.Nai, B.Dương'); then those highlighted (' · nổi bật: Đ.Nai'). One text for the page, its
    images and the slides."""
    if set(provinces) >= set(members):
        text = bloc.short(lang)
    else:
        text = ", ".join(code_label(catalog, c, units, *years, lang, short=True) for c in provinces)
    return text + highlight_suffix(catalog, units, highlight, years, lang)


def highlight_suffix(
    catalog: Catalog,
    units: Units,
    highlight: tuple[str, ...] | list[str],
    years: tuple[int, int],
    lang: Lang,
) -> str:
    """' · nổi bật: Đ.Nai, B.Dương' after the units a chart shows, so an image says what its grey
    means; '' without a highlight."""
    if not highlight:
        return ""
    names = ", ".join(code_label(catalog, c, units, *years, lang, short=True) for c in highlight)
    return t("view.highlight_text", lang, provinces=names)


@dataclass(frozen=True)
class ChartSpec:
    """One chart: its query, the rows, the frame and figure drawn from them, and what goes with it."""

    key: str  # what it is, e.g. "bars:TA04" (the pack's item, the page's chart)
    query: str
    params: dict[str, Any]
    rows: pd.DataFrame
    frame: ChartFrame
    figure: go.Figure
    caption: str
    stem: str  # its files' name, e.g. TA04_2022_7-tinh
    data: ChartData

    def slide(self) -> SlideChart:
        return SlideChart(
            figure=self.figure, stem=self.stem, frame=self.frame, caption=self.caption
        )


def target_of(targets: pd.DataFrame, code: str, year: int) -> tuple[float, str] | None:
    """The national target of an indicator in a year, with its comparison ("gt", "ge"), if any."""
    mine = targets[(targets["indicator_code"] == code) & (targets["year"] == year)]
    if mine.empty:
        return None
    return float(mine["target"].iloc[0]), str(mine["comparison"].iloc[0])


def no_target_notes(targets: pd.DataFrame, code: str, years: list[int], lang: Lang) -> tuple:
    """For an indicator with national targets in some years: a note for each year shown without
    one ("chưa có chỉ tiêu"), rather than a guessed line."""
    mine = targets[targets["indicator_code"] == code]
    if mine.empty:
        return ()
    known = set(mine["year"].astype(int))
    return tuple(t("units.no_target_note", lang, year=y) for y in years if y not in known)


def bars(
    request: ChartRequest, pair: pd.DataFrame, targets: pd.DataFrame, bloc_rows: pd.DataFrame
) -> ChartSpec:
    """The indicator across the chosen units in the year, with their average and the year's
    target: bars, or a rate's dots on a zoomed axis. `pair`: the `province_trend` rows of the
    year and the one before; `targets`: the `targets` rows (every year); `bloc_rows`: the year's
    rows of every member, for the caption's ranks in the bloc."""
    lang, year, indicator = request.lang, request.year, request.indicator
    norm = request.normalisation
    rows = pair[pair["year"] == year]
    unit = compare.unit_text(indicator, norm, lang)
    frame = rows_frame(
        t("compare.bars_title", lang, indicator=indicator.name(lang), year=year),
        f"{unit} · {year} · {request.where(year, year)}",
        rows,
        lang,
        enforcement_year=year if indicator.is_enforcement_year else None,
        counting=request.counting(year, year),
        notes=no_target_notes(targets, indicator.code, [year], lang),
    )
    target = target_of(targets, indicator.code, year)
    if indicator.is_rate:  # dots on a zoomed axis (issue 11), not bars from 0
        figure = rate_dot_figure(
            pair, indicator, frame, lang, year=year, target=target, highlight=request.highlight
        )
    else:
        figure = compare_bar_figure(
            pair,
            indicator,
            frame,
            lang,
            year=year,
            normalisation=norm,
            target=target,
            highlight=request.highlight,
        )
    return ChartSpec(
        key=f"bars:{indicator.code}",
        query=TREND_QUERY,
        params=request.params(year - 1, year),
        rows=rows,
        frame=frame,
        figure=figure,
        caption=caption(request, pair, bloc_rows),
        stem=request.stem(year),
        data=ChartData(rows, indicator, norm),
    )


def caption(request: ChartRequest, pair: pd.DataFrame, bloc_rows: pd.DataFrame) -> str:
    """The sentence under the indicator's charts: the bloc's leader and last (its ranks) and
    the change, or the chosen units against the bloc."""
    indicator, year = request.indicator, request.year
    table = compare.year_over_year(pair, indicator, year)
    bloc = compare.year_over_year(bloc_rows, indicator, year) if len(bloc_rows) else table
    return compare.caption(
        pair,
        indicator,
        year,
        request.normalisation,
        request.lang,
        table=table,
        bloc=bloc,
        highlight=request.highlight,
    )


def change(request: ChartRequest, pair: pd.DataFrame) -> ChartSpec:
    """The change of the indicator against the year before, per unit."""
    lang, year, indicator = request.lang, request.year, request.indicator
    norm = request.normalisation
    unit = compare.unit_text(indicator, norm, lang)
    frame = rows_frame(
        t("compare.change_title", lang, indicator=indicator.name(lang), previous=year - 1),
        f"{unit} · {year - 1}–{year} · {request.where(year - 1, year)}",
        pair,
        lang,
        enforcement_year=year if indicator.is_enforcement_year else None,
        counting=request.counting(year - 1, year),
    )
    figure = change_figure(
        pair, indicator, frame, lang, year=year, normalisation=norm, highlight=request.highlight
    )
    return ChartSpec(
        key=f"change:{indicator.code}",
        query=TREND_QUERY,
        params=request.params(year - 1, year),
        rows=pair,
        frame=frame,
        figure=figure,
        caption=change_caption(figure, year, lang),
        stem=request.stem(year - 1, year, suffix="thay-doi"),
        data=ChartData(pair, indicator, norm),
    )


def change_caption(figure: Any, year: int, lang: Lang) -> str:
    """'Thay đổi so với năm 2021: nhiều nhất Bình Thuận (+4,2%), ít nhất Bình Dương (-13,2%).'

    Read from the change chart itself (bars sorted from the largest rise, labels as shown)."""
    drawn = figure.data[0]
    shown = [
        (x, text) for x, y, text in zip(drawn.x, drawn.y, drawn.text, strict=True) if y is not None
    ]
    if not shown:
        return t("export.caption_change_none", lang, previous=year - 1)
    (best, best_text), (worst, worst_text) = shown[0], shown[-1]
    return t(
        "export.caption_change",
        lang,
        previous=year - 1,
        best=best,
        best_change=best_text,
        worst=worst,
        worst_change=worst_text,
    )


def lines(
    request: ChartRequest,
    trend: pd.DataFrame,
    targets: pd.DataFrame,
    first_year: int,
    last_year: int,
    *,
    caption_text: str,
    measure: Measure = "values",
) -> ChartSpec:
    """The indicator over the years, a line per unit, with the yearly target as a step line where
    one exists (as reported across the merger: the break drawn). `measure` "indexed": each unit's
    change since its first year."""
    lang, indicator = request.lang, request.indicator
    norm = request.normalisation
    shown = compare.unit_text(indicator, norm, lang)
    if measure == "indexed":  # the change since the first year: in points, or in %
        points = compare.display_scale(indicator, norm) == 100.0
        shown = t("compare.indexed_points" if points else "compare.indexed_percent", lang)
    counting = request.counting(first_year, last_year)
    mine = targets[
        (targets["indicator_code"] == indicator.code)
        & targets["year"].between(first_year, last_year)
    ]
    missing = [] if mine.empty or (mine["year"] == last_year).any() else [last_year]
    frame = rows_frame(
        t("compare.lines_title", lang, indicator=indicator.name(lang)),
        f"{shown} · {first_year}–{last_year} · {request.where(first_year, last_year)}",
        trend,
        lang,
        enforcement_year=True if indicator.is_enforcement_year else None,
        counting=counting,
        notes=tuple(t("units.no_target_note", lang, year=y) for y in missing),
    )
    broken = (
        counting.merger_year if request.units == "reported" and counting.crosses_merger else None
    )
    figure = compare_lines_figure(
        trend,
        indicator,
        frame,
        lang,
        normalisation=norm,
        targets=mine,
        break_year=broken,
        highlight=request.highlight,
        measure=measure,
    )
    return ChartSpec(
        key=f"lines:{indicator.code}",
        query=TREND_QUERY,
        params=request.params(first_year, last_year),
        rows=trend,
        frame=frame,
        figure=figure,
        caption=caption_text,
        stem=request.stem(first_year, last_year, "so-voi-nam-dau" if measure == "indexed" else ""),
        data=ChartData(trend, indicator, norm),
    )
