"""The frame of a chart (title, subtitle, source, data date, notes) built from the rows behind it.

Pure functions, shared by the pages (through `ui`), the slide pack and the command line.
"""

from __future__ import annotations

import pandas as pd

from justice_dashboard.catalog import Indicator, Lang
from justice_dashboard.charts.theme import ChartFrame, enforcement_year_note
from justice_dashboard.coverage import Counting, chart_notes
from justice_dashboard.i18n import t


def rows_frame(
    title: str,
    subtitle: str,
    rows: pd.DataFrame,
    lang: Lang,
    *,
    enforcement_year: int | bool | None = None,
    counting: Counting | None = None,
    notes: tuple[str, ...] = (),
) -> ChartFrame:
    """A ChartFrame for any chart, with its data date and illustrative flag read from its rows.

    `enforcement_year`: a year for the THA note of that year, True for the general THA rule.
    `counting`: how the figures were counted, for the notes on the 2025 merger, partial and
    preliminary figures (`coverage.chart_notes`). `notes`: any other line its footer needs."""
    dates = rows["data_date"].dropna() if "data_date" in rows else pd.Series(dtype=object)
    illustrative = (
        bool(rows["illustrative"].fillna(False).any()) if "illustrative" in rows else False
    )
    footer: tuple[str, ...] = ()
    if enforcement_year is True:
        footer = (t("app.enforcement_year_rule", lang),)
    elif enforcement_year:
        footer = (enforcement_year_note(int(enforcement_year), lang),)
    footer += chart_notes(rows, counting, lang) + tuple(notes)
    return ChartFrame(
        title=title,
        subtitle=subtitle,
        source=t("app.source_sample" if illustrative else "app.source_snapshots", lang),
        data_date=dates.max().to_pydatetime() if len(dates) else None,
        illustrative=illustrative,
        notes=footer,
    )


def chart_frame(
    indicator: Indicator,
    year_text: str,
    provinces_text: str,
    rows: pd.DataFrame,
    lang: Lang,
    counting: Counting | None = None,
) -> ChartFrame:
    """The frame of one indicator's chart: its name, unit, year(s) and provinces."""
    unit = "%" if indicator.is_rate else indicator.unit(lang)
    enforcement: int | bool | None = None
    if indicator.is_enforcement_year:
        enforcement = int(year_text) if year_text.isdigit() else True
    return rows_frame(
        indicator.name(lang),
        f"{unit} · {year_text} · {provinces_text}",
        rows,
        lang,
        enforcement_year=enforcement,
        counting=counting,
    )
