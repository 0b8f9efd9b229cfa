"""The Excel template for one province and year, for one agency or both: one row per stored
indicator of the agencies chosen, an empty value column.

Rates are not in it: they are derived from their parts. The header names the unit the code names in
that year (after 1/7/2025 the merged province), the year, the agencies by their name in that year
(THA: "Cục Thi hành án dân sự" to 2024, "Thi hành án dân sự tỉnh/thành phố" from 2025) and each
one's reporting period (STP: the calendar year; THA: the enforcement year 1/10–30/9); the reader
takes the province and year back from it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from justice_dashboard.catalog import Catalog, Indicator, Unit
from justice_dashboard.i18n import t
from justice_dashboard.intake.status import agencies as every_agency
from justice_dashboard.intake.status import agency_label

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


def _agencies(catalog: Catalog, chosen: Iterable[str] | None) -> tuple[str, ...]:
    """The agencies chosen (None: every one), in the catalog's order."""
    every = every_agency(catalog)
    if chosen is None:
        return every
    wanted = set(chosen)
    unknown = wanted - set(every)
    if unknown or not wanted:
        raise ValueError(f"agencies must be some of {every}, not {sorted(unknown)}")
    return tuple(a for a in every if a in wanted)


def _unit(catalog: Catalog, province_code: str, year: int) -> Unit:
    province = catalog.unit_for(province_code, year)
    if province is None:
        raise ValueError(f"no unit has code {province_code} in {year}")
    return province


def template_indicators(
    catalog: Catalog, chosen: Iterable[str] | None = None
) -> tuple[Indicator, ...]:
    """The rows of a template for the agencies chosen (None: both)."""
    held = _agencies(catalog, chosen)
    return tuple(i for i in catalog.stored_indicators() if i.agency in held)


def agencies_line(catalog: Catalog, held: tuple[str, ...], year: int) -> str:
    return "; ".join(agency_label(catalog, a, year, "vi") for a in held)


def periods_line(catalog: Catalog, held: tuple[str, ...], year: int) -> str:
    """Each agency's reporting period, named as the agency was called that year."""
    parts = []
    for agency in held:
        enforcement = any(
            i.is_enforcement_year for i in catalog.stored_indicators() if i.agency == agency
        )
        key = (
            "intake.template.period_tha_text" if enforcement else "intake.template.period_stp_text"
        )
        label = agency_label(catalog, agency, year, "vi")
        parts.append(t(key, "vi", agency=label, year=year, previous=year - 1))
    return "; ".join(parts)


def template_bytes(
    catalog: Catalog, province_code: str, year: int, agencies: Iterable[str] | None = None
) -> bytes:
    """The filled-in header and empty value column for `province_code` and `year`, as .xlsx bytes:
    the unit that code names in that year (after 1/7/2025 the merged province), for the agencies
    chosen (None: both)."""
    province = _unit(catalog, province_code, year)
    held = _agencies(catalog, agencies)
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = t("intake.template.sheet", "vi")
    ws["A1"] = t("intake.template.title", "vi")
    ws["A1"].font = Font(bold=True, size=13)
    header = (
        (t("intake.template.province", "vi"), province.code, province.name_vi),
        (t("intake.template.year", "vi"), year, ""),
        (t("intake.template.period", "vi"), periods_line(catalog, held, year), ""),
        (t("intake.template.agencies", "vi"), agencies_line(catalog, held, year), ""),
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
    for row, indicator in enumerate(template_indicators(catalog, held), start=HEADER_ROW + 1):
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


def template_csv(
    catalog: Catalog,
    province_code: str,
    year: int,
    values: dict[str, float],
    agencies: Iterable[str] | None = None,
) -> str:
    """The same layout as CSV text (used to document and test the CSV form)."""
    import csv

    province = _unit(catalog, province_code, year)
    held = _agencies(catalog, agencies)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([t("intake.template.province", "vi"), province.code, province.name_vi])
    writer.writerow([t("intake.template.year", "vi"), year])
    writer.writerow([])
    writer.writerow([t(f"intake.template.{key}", "vi") for key in COLUMNS])
    for indicator in template_indicators(catalog, held):
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
