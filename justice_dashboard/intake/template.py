"""The Excel template for one province and year: one row per stored indicator, an empty value column.

Rates are not in it: they are derived from their parts. The header names the province, the year and
the reporting periods (STP: the calendar year; THA: the enforcement year 1/10–30/9), and the reader
takes the province and year back from it.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from justice_dashboard.catalog import Catalog, Indicator
from justice_dashboard.i18n import t

COLUMNS = ("code", "name", "unit", "agency", "period", "value", "note")
WIDTHS = (13, 58, 13, 9, 26, 16, 30)
HEADER_ROW = 7
_INPUT_FILL = PatternFill("solid", fgColor="FFF4CC")
_HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
_THIN = Side(style="thin", color="9AA5B1")


def _period(indicator: Indicator, year: int) -> str:
    key = (
        "intake.template.period_tha"
        if indicator.is_enforcement_year
        else "intake.template.period_stp"
    )
    return t(key, "vi", year=year, previous=year - 1)


def template_bytes(catalog: Catalog, province_code: str, year: int) -> bytes:
    """The filled-in header and empty value column for `province_code` and `year`, as .xlsx bytes."""
    province = catalog.province(province_code)
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = t("intake.template.sheet", "vi")
    ws["A1"] = t("intake.template.title", "vi")
    ws["A1"].font = Font(bold=True, size=13)
    header = (
        (t("intake.template.province", "vi"), province.code, province.name_vi),
        (t("intake.template.year", "vi"), year, ""),
        (
            t("intake.template.period", "vi"),
            t("intake.template.period_text", "vi", year=year, previous=year - 1),
            "",
        ),
        (t("intake.template.guide_label", "vi"), t("intake.template.guide", "vi"), ""),
    )
    for offset, (label, value, extra) in enumerate(header, start=2):
        ws.cell(offset, 1, label).font = Font(bold=True)
        ws.cell(offset, 2, value).alignment = Alignment(horizontal="left")
        if extra:
            ws.cell(offset, 3, extra)
    ws.cell(3, 2).number_format = "0"
    ws.cell(2, 2).number_format = "@"
    for column, key in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, column, t(f"intake.template.{key}", "vi"))
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.border = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
    for row, indicator in enumerate(catalog.stored_indicators(), start=HEADER_ROW + 1):
        cells = (
            indicator.code,
            indicator.name_vi,
            indicator.unit_vi,
            indicator.agency,
            _period(indicator, year),
            None,
            None,
        )
        for column, value in enumerate(cells, start=1):
            cell = ws.cell(row, column, value)
            cell.border = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
        value_cell = ws.cell(row, COLUMNS.index("value") + 1)
        value_cell.fill = _INPUT_FILL
        value_cell.number_format = "#,##0" if indicator.kind == "count" else "#,##0.##"
    for column, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(ord("A") + column - 1)].width = width
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_csv(catalog: Catalog, province_code: str, year: int, values: dict[str, float]) -> str:
    """The same layout as CSV text (used to document and test the CSV form)."""
    import csv

    province = catalog.province(province_code)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([t("intake.template.province", "vi"), province.code, province.name_vi])
    writer.writerow([t("intake.template.year", "vi"), year])
    writer.writerow([])
    writer.writerow([t(f"intake.template.{key}", "vi") for key in COLUMNS])
    for indicator in catalog.stored_indicators():
        value = values.get(indicator.code)
        writer.writerow(
            [
                indicator.code,
                indicator.name_vi,
                indicator.unit_vi,
                indicator.agency,
                _period(indicator, year),
                "" if value is None else value,
                "",
            ]
        )
    return out.getvalue()
