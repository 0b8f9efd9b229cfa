"""What a figure says about itself besides its value: whether it is partial (a re-aggregated figure
missing a predecessor's part), preliminary (sơ bộ, with its cut date) and, for a chart, the notes
its footer needs about the 2025 merger. Pure functions over query rows (`province_trend`,
`province_values`, `ranking_inputs`, `data_table`), shared by pages, charts, tables and exports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import t


@dataclass(frozen=True)
class Counting:
    """How a chart's figures were counted: the view and the years it spans, and the first year of
    the merged units (None: the catalog has no merger)."""

    units: str  # "reported" or "current"
    first_year: int
    last_year: int
    merger_year: int | None

    @property
    def crosses_merger(self) -> bool:
        return self.merger_year is not None and self.first_year < self.merger_year <= self.last_year

    @property
    def before_merger(self) -> bool:
        return self.merger_year is not None and self.first_year < self.merger_year


def _get(row: Mapping[str, object] | pd.Series, key: str, default: object = None) -> object:
    value = row.get(key, default)
    return default if is_missing(value) else value


def is_partial(row: Mapping[str, object] | pd.Series) -> bool:
    return bool(_get(row, "partial", False))


def coverage_text(row: Mapping[str, object] | pd.Series, lang: Lang) -> str:
    """'chưa đủ: 2/3 tỉnh tiền thân; thiếu TP. Hồ Chí Minh (cũ)', or '' for a complete figure."""
    if not is_partial(row):
        return ""
    return t(
        "units.partial",
        lang,
        reporting=int(_get(row, "reporting", 0)),  # type: ignore[arg-type]
        expected=int(_get(row, "expected", 0)),  # type: ignore[arg-type]
        missing=_get(row, "missing_vi" if lang == "vi" else "missing_en", "–"),
    )


def status_text(row: Mapping[str, object] | pd.Series, lang: Lang) -> str:
    """'sơ bộ, đến 31/10/2026' for a preliminary figure, '' for a final one."""
    if not _get(row, "preliminary", False):
        return ""
    cut = _get(row, "cut_date")
    date = fmt.date(pd.Timestamp(cut).date(), lang) if cut is not None else "–"  # type: ignore[arg-type]
    return t("units.preliminary", lang, date=date)


def with_notes(text: str, row: Mapping[str, object] | pd.Series, lang: Lang) -> str:
    """A shown value with what it says about itself: '83,25% (chưa đủ: …; sơ bộ, đến …)'."""
    notes = [n for n in (coverage_text(row, lang), status_text(row, lang)) if n]
    return f"{text} ({'; '.join(notes)})" if notes else text


def chart_notes(rows: pd.DataFrame, counting: Counting | None, lang: Lang) -> tuple[str, ...]:
    """The footer lines a chart of these rows needs: the break at the merger (as reported), the
    re-aggregation (on today's units), what partial marks mean, which figures are preliminary."""
    if counting is None:
        return ()
    notes = []
    if counting.units == "reported" and counting.crosses_merger:
        notes.append(t("units.note_break", lang))
    if counting.units == "current" and counting.before_merger:
        notes.append(t("units.note_current", lang))
    if "partial" in rows and rows["partial"].fillna(False).astype(bool).any():
        notes.append(t("units.note_partial", lang))
    if "preliminary" in rows and rows["preliminary"].fillna(False).astype(bool).any():
        early = rows[rows["preliminary"].fillna(False).astype(bool)]
        cuts = early["cut_date"].dropna() if "cut_date" in early else pd.Series(dtype=object)
        date = fmt.date(pd.Timestamp(cuts.max()).date(), lang) if len(cuts) else "–"
        shown = early["year"].dropna().unique() if "year" in early else [counting.last_year]
        years = ", ".join(str(int(y)) for y in sorted(shown))
        notes.append(t("units.note_preliminary", lang, date=date, years=years))
    return tuple(notes)


def cut_date_of(value: object) -> dt.date | None:
    return None if is_missing(value) else pd.Timestamp(value).date()  # type: ignore[arg-type]
