"""A unit's own targets (chỉ tiêu được giao) brought in like figures: a template per unit and year,
the file read with the intake's reader (its limits and refusals: size, zip bombs, old .xls, CSV
encodings…), every problem named with file, sheet, row, column and what was expected, and a commit
as a new immutable file `scoring/targets/<code>/<year>/<submitted at>-<sha256[:8]>.csv` (the latest
of a unit and year is the state: `files`, model steps 7c–7e).

The template lists the rates a target can be given for (those with a national target, and those a
scoring table scores against a target): code, name, the national target where one is recorded, an
empty "Chỉ tiêu được giao (%)" column and the comparison (≥ or >). Targets are percentages 0–100
("85", "85,5", "85%" or a cell formatted as a percentage); an empty cell: no own target (the
national one applies).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from justice_dashboard import fmt
from justice_dashboard.catalog import Catalog, Unit
from justice_dashboard.i18n import t
from justice_dashboard.intake.numbers import Number, read_number
from justice_dashboard.intake.problems import InvalidFile, Problem, in_each_language, quoted
from justice_dashboard.intake.reader import Cell, Limits, Sheet, read_sheets
from justice_dashboard.intake.validate import unit_problem
from justice_dashboard.scoring.engine import ScoringTable
from justice_dashboard.scoring.files import targets_dir
from justice_dashboard.snapshots import (
    iso_utc,
    sha256_bytes,
    write_new_file,
)

SHEET_NAME = "Chỉ tiêu được giao"
HEADER_ROW = 6
LABEL_UNIT, LABEL_YEAR, LABEL_SOURCE = "đơn vị", "năm", "căn cứ"
HEAD_CODE, HEAD_TARGET, HEAD_COMPARISON = "mã chỉ tiêu", "chỉ tiêu được giao", "so sánh"
TARGET_HEADING, COMPARISON_HEADING = "Chỉ tiêu được giao (%)", "So sánh (≥ hoặc >)"
COMPARISONS = {"≥": "ge", ">=": "ge", "=>": "ge", "ge": "ge", ">": "gt", "gt": "gt"}
FILE_COLUMNS = (
    "unit_id",
    "year",
    "indicator_code",
    "target",
    "comparison",
    "source",
    "submitted_at",
    "submitted_by",
    "source_name",
    "source_sha256",
)
_INPUT_FILL = PatternFill("solid", fgColor="FFF4CC")


@dataclass(frozen=True)
class TargetRow:
    indicator_code: str
    target: float | None  # a fraction (0.85); None: no own target, the national one applies
    comparison: str  # "ge" or "gt"


@dataclass(frozen=True)
class TargetFile:
    filename: str
    sha256: str
    unit: Unit | None
    year: int | None
    source: str
    rows: tuple[TargetRow, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def target_indicators(
    catalog: Catalog, national_codes: Sequence[str], tables: Sequence[ScoringTable]
) -> list[str]:
    """The rates a unit can be given its own target for, in catalog order: those with a national
    target, and those a scoring table scores against a target."""
    scored = {
        c.indicator_code
        for table in tables
        for c in table.criteria
        if c.rule in ("proportional", "met") and c.indicator_code
    }
    wanted = set(national_codes) | scored
    return [i.code for i in catalog.indicators if i.is_rate and i.code in wanted]


def template_bytes(
    catalog: Catalog,
    code: str,
    year: int,
    indicators: Sequence[str],
    national: Mapping[str, tuple[float, str]],
) -> bytes:
    """The template for one unit and year: its header (unit, year, source), one row per rate."""
    unit = catalog.unit_for(code, year)
    if unit is None:
        raise ValueError(f"no unit has code {code} in {year}")
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet["A1"] = t("scoring.targets.template_title", "vi")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"], sheet["B2"], sheet["C2"] = "Đơn vị:", code, unit.name_vi
    sheet["A3"], sheet["B3"] = "Năm:", year
    sheet["A4"] = "Căn cứ giao chỉ tiêu:"
    sheet["B4"].fill = _INPUT_FILL
    sheet["A5"] = t("scoring.targets.template_hint", "vi")
    sheet["A5"].font = Font(italic=True)
    heads = ("Mã chỉ tiêu", "Tên chỉ tiêu", "Chỉ tiêu toàn quốc", TARGET_HEADING)
    for column, head in enumerate((*heads, COMPARISON_HEADING), start=1):
        sheet.cell(row=HEADER_ROW, column=column, value=head).font = Font(bold=True)
    for offset, indicator_code in enumerate(indicators, start=1):
        row = HEADER_ROW + offset
        indicator = catalog.indicator(indicator_code)
        sheet.cell(row=row, column=1, value=indicator_code)
        sheet.cell(row=row, column=2, value=indicator.name_vi)
        if indicator_code in national:
            value, comparison = national[indicator_code]
            shown = f"{'>' if comparison == 'gt' else '≥'} {fmt.percent(value, 2)}"
            sheet.cell(row=row, column=3, value=shown)
        sheet.cell(row=row, column=4).fill = _INPUT_FILL
        sheet.cell(row=row, column=5, value="≥").fill = _INPUT_FILL
    for letter, width in zip("ABCDE", (24, 48, 20, 24, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _label(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().rstrip(":").strip().casefold()


def _right_of(sheet: Sheet, cell: Cell) -> Cell | None:
    return next((c for c in sheet.row_cells(cell.row) if c.column > cell.column), None)


def check_targets_file(
    content: bytes,
    filename: str,
    catalog: Catalog,
    *,
    code: str,
    year: int,
    limits: Limits | None = None,
) -> TargetFile:
    """Read and check a targets file for the unit `code` names in `year` (as chosen on the page);
    every problem at once, each with where it is and what was expected."""
    sha = sha256_bytes(content)
    unit = catalog.unit_for(code, year)
    found: list[Problem] = []

    def result(rows: tuple[TargetRow, ...] = (), source: str = "") -> TargetFile:
        return TargetFile(filename, sha, unit, year, source, rows, tuple(found))

    if (refused_unit := unit_problem(catalog, code, year, filename)) is not None:
        found.append(refused_unit)  # merged, or not yet a unit that year
        return result()
    try:
        sheets = read_sheets(content, filename, limits or Limits.from_env())
    except InvalidFile as refused:
        found.append(refused.problem)
        return result()
    heads = [
        (sheet, cell)
        for sheet in sheets
        for cell in sheet.cells
        if isinstance(cell.value, str) and _label(cell.value) == HEAD_CODE
    ]
    if not heads:
        found.append(Problem("target_no_header", filename))
        return result()
    sheet, head = heads[0]

    def problem(kind: str, cell: Cell | None, row: int | None = None, **values: object) -> None:
        found.append(
            Problem(
                kind,
                filename,
                sheet.name,
                cell.row if cell else row,
                cell.letter if cell else None,
                values,
            )
        )

    labels = {
        _label(c.value): c
        for c in sheet.cells
        if isinstance(c.value, str) and c.row < head.row and c.column == head.column
    }

    def labelled(prefix: str) -> Cell | None:
        return next((c for k, c in labels.items() if k.startswith(prefix)), None)

    unit_cell = labelled(LABEL_UNIT)
    given_code = _right_of(sheet, unit_cell) if unit_cell else None
    if given_code is None:
        problem("target_no_unit", unit_cell, row=None)
    elif given_code.text != code:
        problem(
            "target_other_unit",
            given_code,
            given=quoted(given_code.text),
            expected=code,
            name=unit.name_vi if unit else code,
        )
    year_cell = labelled(LABEL_YEAR)
    given_year = _right_of(sheet, year_cell) if year_cell else None
    if given_year is None:
        problem("target_no_year", year_cell, row=None)
    elif given_year.text != str(year):
        problem("target_other_year", given_year, given=quoted(given_year.text), expected=year)
    source_cell = labelled(LABEL_SOURCE)
    given_source = _right_of(sheet, source_cell) if source_cell else None
    source = given_source.text if given_source else ""

    header = {_label(c.text): c for c in sheet.row_cells(head.row)}
    target_head = next((c for k, c in header.items() if k.startswith(HEAD_TARGET)), None)
    comparison_head = next((c for k, c in header.items() if k.startswith(HEAD_COMPARISON)), None)
    if target_head is None or comparison_head is None:
        missing = [TARGET_HEADING] if target_head is None else []
        missing += [COMPARISON_HEADING] if comparison_head is None else []
        problem("target_no_columns", head, columns=", ".join(f"“{m}”" for m in missing))
        return result(source=source)
    rows: list[TargetRow] = []
    seen: dict[str, int] = {}  # code -> the row it was first on
    for row in sorted(r for r in sheet.rows if r > head.row):
        code_cell = sheet.get(row, head.column)
        target_cell = sheet.get(row, target_head.column)
        if code_cell is None:
            if target_cell is not None:
                problem("target_no_code", target_cell)
            continue
        indicator_code = code_cell.text
        if not catalog.has_indicator(indicator_code):
            problem("target_unknown_indicator", code_cell, code=quoted(indicator_code, code=True))
            continue
        if not catalog.indicator(indicator_code).is_rate:
            problem("target_not_rate", code_cell, code=indicator_code)
            continue
        if indicator_code in seen:
            problem(
                "target_twice",
                code_cell,
                code=indicator_code,
                first_row=in_each_language(fmt.number, seen[indicator_code]),
            )
            continue
        seen[indicator_code] = row
        target = None
        if target_cell is not None:
            number = read_number(target_cell.value, target_cell.number_format)
            if not isinstance(number, Number):
                problem("target_not_number", target_cell, given=quoted(target_cell.text))
                continue
            if not number.percent and 0 < number.value <= 1:
                problem("target_fraction", target_cell, given=quoted(target_cell.text))
                continue
            if not 0 < number.value <= 100:
                problem("target_out_of_range", target_cell, given=quoted(target_cell.text))
                continue
            target = round(number.value / 100, 10)
        comparison_cell = sheet.get(row, comparison_head.column)
        comparison = COMPARISONS.get(comparison_cell.text.casefold() if comparison_cell else "≥")
        if comparison is None:
            problem("target_comparison", comparison_cell, given=quoted(comparison_cell.text))  # type: ignore[union-attr]
            continue
        rows.append(TargetRow(indicator_code, target, comparison))
    if not rows and not found:
        problem("target_no_rows", head)
    if any(r.target is not None for r in rows) and not source:
        problem("target_no_source", given_source or source_cell, row=None)
    return result(tuple(rows), source)


def commit_targets(
    root: Path,
    checked: TargetFile,
    submitted_by: str,
    submitted_at: dt.datetime | None = None,
) -> Path:
    """Write the checked file's targets as a new immutable file (temporary file, fsync, link);
    refuses (ValueError) a file with problems or without who brought it in."""
    if not checked.ok or checked.unit is None or checked.year is None:
        raise ValueError("a targets file with problems is not written")
    if not submitted_by.strip():
        raise ValueError("who brings the targets in must be named")
    moment = submitted_at or dt.datetime.now(dt.UTC)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FILE_COLUMNS)
    for row in checked.rows:
        writer.writerow(
            [
                checked.unit.unit_id,
                checked.year,
                row.indicator_code,
                "" if row.target is None else repr(row.target),
                row.comparison,
                checked.source,
                iso_utc(moment),
                submitted_by.strip(),
                checked.filename,
                checked.sha256,
            ]
        )
    content = buffer.getvalue().encode("utf-8")
    stamp = moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = targets_dir(root) / checked.unit.code / str(checked.year)
    target = folder / f"{stamp}-{sha256_bytes(content)[:8]}.csv"
    return write_new_file(root, target, content)
