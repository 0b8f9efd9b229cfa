"""A chart's own data, for download beside its images: the rows the page handed to the chart's
builder, as the reader sees them (unit names, year, indicator, the value as a number in the unit
shown and as the chart writes it, unit of measure, notes on partial or preliminary figures), with
the chart's title and subtitle above and its source, data date, illustrative flag and rules below.

CSV for Excel set to Vietnamese (as on the data page: ';' between fields, decimal comma, UTF-8 with
a byte-order mark so the diacritics show); XLSX through openpyxl, numbers kept as numbers with a
number format of the indicator's decimals. Text a spreadsheet would run as a formula is neutralised
(`tables.neutralise`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from justice_dashboard import fmt
from justice_dashboard.catalog import Catalog, Indicator, Lang
from justice_dashboard.charts.theme import ChartFrame, names_of
from justice_dashboard.compare import effective_normalisation, unit_text, value_text
from justice_dashboard.coverage import coverage_text, is_partial, status_text
from justice_dashboard.i18n import t
from justice_dashboard.state import Normalisation
from justice_dashboard.tables import CSV_SEPARATOR, SHEET_NAME, excel_number, neutralise


@dataclass(frozen=True)
class Column:
    """A further column a chart draws from its rows (a score, a rank, a target)."""

    name: str  # the rows' column
    header: str  # what the table calls it, from the string catalog
    decimals: int = 0
    scale: float = 1.0  # 100: a fraction shown as a percentage number


@dataclass(frozen=True)
class ChartData:
    """The rows behind a chart, as the page passed them to its builder, and how to read them."""

    rows: pd.DataFrame
    indicator: Indicator | None = None  # the chart's one indicator; None: each row's, if any
    normalisation: Normalisation = "absolute"
    year: int | None = None  # the year of rows that carry none (one year's values)
    unit_name: str | None = None  # the unit of rows that name none (one province's profile)
    columns: tuple[Column, ...] = ()
    values: bool = True  # whether the chart draws the rows' indicator values


@dataclass(frozen=True)
class ChartTable:
    """What a chart's data file holds: the lines above, the table, the lines below."""

    heading: tuple[str, ...]
    table: pd.DataFrame
    decimals: dict[str, list[int | None]]  # per numeric column, each row's decimals
    footer: tuple[str, ...]


def _shown_number(
    indicator: Indicator, value: object, normalisation: Normalisation
) -> tuple[float | None, int]:
    """The value as a number in the unit the chart shows (a rate or share as a percentage)."""
    norm = effective_normalisation(indicator, normalisation)
    if indicator.is_rate:
        decimals, scale = indicator.decimals, 100.0
    elif norm == "share":
        decimals, scale = 1, 100.0
    elif norm == "per100k":
        decimals, scale = 1, 1.0
    else:
        decimals, scale = indicator.decimals, 1.0
    if fmt.is_missing(value):
        return None, decimals
    return round(float(value) * scale, decimals), decimals  # type: ignore[arg-type]


def chart_table(data: ChartData, frame: ChartFrame, catalog: Catalog, lang: Lang) -> ChartTable:
    """The chart's rows as a table in `lang`, with the frame's lines above and below it."""
    rows = data.rows.reset_index(drop=True)
    out: dict[str, list[object]] = {}
    decimals: dict[str, list[int | None]] = {}
    if "name_vi" in rows:
        out[t("compare.col_province", lang)] = list(names_of(rows, lang))
    elif data.unit_name is not None:
        out[t("compare.col_province", lang)] = [data.unit_name] * len(rows)
    if "year" in rows:
        out[t("app.year", lang)] = [int(y) for y in rows["year"]]
    elif data.year is not None:
        out[t("app.year", lang)] = [data.year] * len(rows)
    indicators: list[Indicator | None] = [data.indicator] * len(rows)
    if data.indicator is None and "indicator_code" in rows:
        indicators = [catalog.indicator(str(c)) for c in rows["indicator_code"]]
    if data.values and any(i is not None for i in indicators):
        out[t("ranking.col_code", lang)] = [i.code if i else "" for i in indicators]
        out[t("ranking.col_indicator", lang)] = [i.name(lang) if i else "" for i in indicators]
        shown = [
            _shown_number(i, v, data.normalisation) if i else (None, None)
            for i, v in zip(indicators, rows["value"], strict=True)
        ]
        value_header = t("compare.col_value", lang)
        out[value_header] = [number for number, _ in shown]
        decimals[value_header] = [d for _, d in shown]
        out[t("chart_data.col_shown", lang)] = [
            value_text(i, v, data.normalisation, lang) if i else ""
            for i, v in zip(indicators, rows["value"], strict=True)
        ]
        out[t("data.col_unit", lang)] = [
            unit_text(i, data.normalisation, lang) if i else "" for i in indicators
        ]
    for column in data.columns:
        series = rows[column.name]
        present = [v for v in series if not fmt.is_missing(v)]
        if present and all(isinstance(v, bool | np.bool_) for v in present):
            out[column.header] = [
                "" if fmt.is_missing(v) else t("data.yes" if v else "data.no", lang) for v in series
            ]
            continue
        out[column.header] = [
            None if fmt.is_missing(v) else round(float(v) * column.scale, column.decimals)
            for v in series
        ]
        decimals[column.header] = [column.decimals] * len(rows)
    out[t("data.col_note", lang)] = [_note(r, data, lang) for _, r in rows.iterrows()]
    return ChartTable(
        heading=tuple(line for line in (frame.title, frame.subtitle) if line),
        table=pd.DataFrame(out),
        decimals=decimals,
        footer=_footer(frame, lang),
    )


def _note(row: pd.Series, data: ChartData, lang: Lang) -> str:
    """What a row says about itself: partial ('chưa đủ: 2/3 tỉnh tiền thân; thiếu …', or only
    'chưa đủ' where the rows do not count the predecessors), preliminary, or no figure."""
    counted = "expected" in row and not fmt.is_missing(row["expected"])
    partial = coverage_text(row, lang) if counted else ""
    if not counted and is_partial(row):
        partial = t("units.partial_short", lang)
    notes = [n for n in (partial, status_text(row, lang)) if n]
    if not notes and data.values and "value" in row and fmt.is_missing(row["value"]):
        notes.append(fmt.MISSING[lang])
    return "; ".join(notes)


def _footer(frame: ChartFrame, lang: Lang) -> tuple[str, ...]:
    lines = [t("app.source_line", lang, source=frame.source)]
    if frame.data_date is not None:
        lines.append(t("app.data_date", lang, date=fmt.date(frame.data_date, lang)))
    if frame.illustrative:
        lines.append(t("export.illustrative_note", lang))
    return (*lines, *frame.notes)


def _cells(table: ChartTable) -> list[list[object]]:
    return [list(table.table.columns), *table.table.itertuples(index=False, name=None)]


def csv_bytes(table: ChartTable) -> bytes:
    """The title and subtitle, a blank line, the table, a blank line, the source and notes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    for line in table.heading:
        writer.writerow([neutralise(line)])
    writer.writerow([])
    for cells in _cells(table):
        writer.writerow(
            [
                excel_number(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
                for v in (neutralise("" if c is None else c) for c in cells)
            ]
        )
    writer.writerow([])
    for line in table.footer:
        writer.writerow([neutralise(line)])
    return buffer.getvalue().encode("utf-8-sig")


def number_format(decimals: int | None) -> str:
    """Excel's format for a number of `decimals` (shown with the viewer's own separators)."""
    return "#,##0" if not decimals else "#,##0." + "0" * decimals


def xlsx_bytes(table: ChartTable, sheet: str = SHEET_NAME) -> bytes:
    """One worksheet: the title (bold) and subtitle, the table with a bold header and its numbers
    as numbers in the indicator's decimals, then the source and notes."""
    book = Workbook()
    worksheet = book.active
    worksheet.title = sheet[:31]
    for line in table.heading:
        worksheet.append([neutralise(line)])
    if table.heading:
        worksheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    worksheet.append([])
    header_row = worksheet.max_row + 1
    headers = list(table.table.columns)
    worksheet.append([neutralise(str(h)) for h in headers])
    for cell in worksheet[header_row]:
        cell.font = Font(bold=True)
    for index, values in enumerate(table.table.itertuples(index=False, name=None)):
        worksheet.append([neutralise(v) for v in values])
        for position, header in enumerate(headers, start=1):
            if header in table.decimals:
                cell = worksheet.cell(row=worksheet.max_row, column=position)
                cell.number_format = number_format(table.decimals[header][index])
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
    worksheet.append([])
    for line in table.footer:
        worksheet.append([neutralise(line)])
    _fit_widths(worksheet, headers, table.table)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fit_widths(worksheet: object, headers: Sequence[object], frame: pd.DataFrame) -> None:
    from openpyxl.utils import get_column_letter

    for position, header in enumerate(headers, start=1):
        texts = [str(header), *("" if v is None else str(v) for v in frame[header])]
        width = max(len(text) for text in texts)
        worksheet.column_dimensions[get_column_letter(position)].width = min(width + 2, 60)  # type: ignore[attr-defined]
