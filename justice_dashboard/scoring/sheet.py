"""The scoring sheet as the secretariat circulates it (XLSX): a title, the table and its source, the
illustrative note where it applies; then one row per criterion and one column per unit, the totals
and the ranks. Points are written as numbers with two decimals (`0.00`: Excel shows 2,75 with a
decimal comma on a Vietnamese-set Windows), a second sheet gives each point's reason. Text cells
that a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from justice_dashboard.catalog import Catalog, Lang
from justice_dashboard.i18n import t
from justice_dashboard.scoring.display import reason_text, sheet_rows
from justice_dashboard.scoring.engine import ScoringTable, UnitScore
from justice_dashboard.tables import neutralise

POINTS_FORMAT = "0.00"
RANK_FORMAT = "0"
SHEET_POINTS = "Bảng điểm"
SHEET_REASONS = "Cách tính"
HEADER_ROW = 5  # title, table, illustrative note, blank, then the header


def sheet_bytes(
    table: ScoringTable,
    results: Sequence[UnitScore],
    labels: Mapping[str, str],
    *,
    year: int,
    group: str,
    illustrative: bool,
    catalog: Catalog,
    lang: Lang = "vi",
) -> bytes:
    """The workbook: sheet "Bảng điểm" (criteria × units, totals, ranks), sheet "Cách tính"."""
    book = Workbook()
    points = book.active
    points.title = SHEET_POINTS
    points["A1"] = neutralise(t("scoring.sheet_title", lang, year=year, group=group))
    points["A1"].font = Font(bold=True, size=14)
    points["A2"] = neutralise(
        t("scoring.table_caption", lang, name=table.name(lang), source=table.source)
    )
    if illustrative or table.illustrative:
        points["A3"] = t("scoring.sheet_illustrative", lang)
        points["A3"].font = Font(italic=True, color="9C0006")
    header, rows = sheet_rows(table, results, labels, lang)
    for column, title in enumerate(header, start=1):
        cell = points.cell(row=HEADER_ROW, column=column, value=neutralise(title))
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    rank_row = HEADER_ROW + len(rows)
    for offset, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = points.cell(row=HEADER_ROW + offset, column=column, value=neutralise(value))
            if isinstance(value, int | float) and not isinstance(value, bool):
                last = HEADER_ROW + offset == rank_row
                cell.number_format = RANK_FORMAT if last and column > 3 else POINTS_FORMAT
            if offset >= len(rows) - 1:  # the totals and the ranks
                cell.font = Font(bold=True)
    points.column_dimensions["A"].width = 8
    points.column_dimensions["B"].width = 52
    points.column_dimensions["C"].width = 12
    for column in range(4, len(header) + 1):
        points.column_dimensions[points.cell(row=1, column=column).column_letter].width = 16
    points.freeze_panes = points.cell(row=HEADER_ROW + 1, column=4)

    reasons = book.create_sheet(SHEET_REASONS)
    titles = ["col_unit", "col_code", "col_criterion", "col_points", "col_max", "col_reason"]
    reasons.append([t(f"scoring.{key}", lang) for key in titles])
    for cell in reasons[1]:
        cell.font = Font(bold=True)
    for result in results:
        for score in result.scores:
            reasons.append(
                [
                    neutralise(labels[result.unit_id]),
                    score.criterion.code,
                    neutralise(score.criterion.name(lang)),
                    score.points,
                    score.criterion.max_points,
                    neutralise(reason_text(score, catalog, lang)),
                ]
            )
            for cell in reasons[reasons.max_row][3:5]:
                cell.number_format = POINTS_FORMAT
    for letter, width in zip("ABCDEF", (20, 8, 48, 10, 12, 80), strict=True):
        reasons.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
