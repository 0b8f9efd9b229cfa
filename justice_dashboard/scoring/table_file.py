"""A real year's scoring table brought in as a file, like figures: a template per group and year
(pre-filled with the table in use, to edit), the file read with the intake's reader (its limits and
refusals), every problem named with file, sheet, row, column and what was expected, and a commit as
a new immutable file `scoring/tables/<agency>/<year>/<submitted at>-<sha256[:8]>.csv`. A table
brought in scores that group in that year only, and is used before an illustrative one
(`engine.choose_table`); the latest brought in for a group and year is the one in use.

The sheet: "Nhóm:", "Năm:", "Căn cứ:" (the decision, e.g. QĐ 536/QĐ-BTP ngày 29/3/2024) and
"Danh hiệu đề nghị:" above a header row, then one row per criterion: code, section, name, maximum
points, rule (bậc thang, tỷ lệ so với chỉ tiêu, đạt/không đạt, chấm tay, điểm trừ; or ladder,
proportional, met, manual, penalty), indicator code, the table's target (%), comparison, bonus per
percentage point above the target, the bonus's maximum, and a ladder's steps written
"100: 3; 95: 2,75; 80: 2,5" (lower bound in %, then points).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from justice_dashboard import fmt
from justice_dashboard.catalog import Catalog
from justice_dashboard.i18n import t
from justice_dashboard.intake.numbers import Number, parse_number
from justice_dashboard.intake.problems import InvalidFile, Problem, in_each_language, quoted
from justice_dashboard.intake.reader import Cell, Limits, Sheet, read_sheets
from justice_dashboard.scoring.engine import Criterion, Rule, ScoringTable, Step
from justice_dashboard.scoring.files import list_table_files, tables_dir
from justice_dashboard.scoring.targets import COMPARISONS
from justice_dashboard.snapshots import (
    iso_utc,
    sha256_bytes,
    write_new_file,
)

SHEET_NAME = "Bảng điểm"
HEADER_ROW = 7
RULE_NAMES: dict[str, Rule] = {
    "bậc thang": "ladder",
    "tỷ lệ so với chỉ tiêu": "proportional",
    "đạt/không đạt": "met",
    "chấm tay": "manual",
    "điểm trừ": "penalty",
    "ladder": "ladder",
    "proportional": "proportional",
    "met": "met",
    "manual": "manual",
    "penalty": "penalty",
}
RULE_LABELS: dict[str, str] = {
    "ladder": "bậc thang",
    "proportional": "tỷ lệ so với chỉ tiêu",
    "met": "đạt/không đạt",
    "manual": "chấm tay",
    "penalty": "điểm trừ",
}
# header cell (normalised) -> field
HEADS = {
    "mã tiêu chí": "code",
    "phần": "section",
    "tên tiêu chí": "name",
    "điểm tối đa": "max_points",
    "cách chấm": "rule",
    "mã chỉ tiêu": "indicator_code",
    "chỉ tiêu (%)": "target",
    "so sánh": "comparison",
    "thưởng mỗi điểm % vượt": "bonus_per_point",
    "thưởng tối đa": "bonus_max",
    "các mức (%: điểm)": "steps",
}
LABELS = {"nhóm": "agency", "năm": "year", "căn cứ": "source", "danh hiệu đề nghị": "award"}
FILE_COLUMNS = (
    "agency",
    "year",
    "source",
    "award",
    "code",
    "section",
    "name",
    "max_points",
    "rule",
    "indicator_code",
    "target",
    "comparison",
    "bonus_per_point",
    "bonus_max",
    "steps",
    "submitted_at",
    "submitted_by",
    "source_name",
    "source_sha256",
)
_STEP = re.compile(r"\s*([^:→]+?)\s*(?::|→)\s*([^:→]+?)\s*")
_INPUT_FILL = PatternFill("solid", fgColor="FFF4CC")


@dataclass(frozen=True)
class TableFile:
    filename: str
    sha256: str
    agency: str
    year: int
    source: str
    award: str
    criteria: tuple[Criterion, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().rstrip(":").strip().casefold()


def _percent(value: float) -> str:
    return f"{value * 100:g}".replace(".", ",")


def _points(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def template_bytes(agency: str, year: int, table: ScoringTable | None) -> bytes:
    """The template for a group and year, pre-filled with `table`'s criteria (the one in use)."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    sheet["A1"] = t("scoring.table_file.template_title", "vi")
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"], sheet["B2"] = "Nhóm:", agency
    sheet["A3"], sheet["B3"] = "Năm:", year
    sheet["A4"], sheet["A5"] = "Căn cứ:", "Danh hiệu đề nghị:"
    sheet["B4"].fill = sheet["B5"].fill = _INPUT_FILL
    sheet["B5"] = table.award_vi if table else ""
    sheet["A6"] = t("scoring.table_file.template_hint", "vi")
    sheet["A6"].font = Font(italic=True)
    heads = [
        "Mã tiêu chí", "Phần", "Tên tiêu chí", "Điểm tối đa", "Cách chấm", "Mã chỉ tiêu",
        "Chỉ tiêu (%)", "So sánh", "Thưởng mỗi điểm % vượt", "Thưởng tối đa", "Các mức (%: điểm)",
    ]  # fmt: skip
    for column, head in enumerate(heads, start=1):
        sheet.cell(row=HEADER_ROW, column=column, value=head).font = Font(bold=True)
    for offset, c in enumerate(table.criteria if table else (), start=1):
        steps = "; ".join(f"{_percent(s.lower_bound)}: {_points(s.points)}" for s in c.steps)
        values = [
            c.code,
            c.section_vi,
            c.name_vi,
            c.max_points,
            RULE_LABELS[c.rule],
            c.indicator_code or None,
            c.target * 100 if c.target is not None else None,
            {"ge": "≥", "gt": ">"}.get(c.comparison) if c.target is not None else None,
            c.bonus_per_point or None,
            c.bonus_max or None,
            steps or None,
        ]
        for column, value in enumerate(values, start=1):
            sheet.cell(row=HEADER_ROW + offset, column=column, value=value)
    widths = (12, 22, 48, 12, 22, 12, 12, 10, 14, 12, 36)
    for letter, width in zip("ABCDEFGHIJK", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _right_of(sheet: Sheet, cell: Cell) -> Cell | None:
    return next((c for c in sheet.row_cells(cell.row) if c.column > cell.column), None)


def check_table_file(
    content: bytes,
    filename: str,
    catalog: Catalog,
    *,
    agency: str,
    year: int,
    limits: Limits | None = None,
) -> TableFile:
    """Read and check a scoring table for `agency` and `year` (as chosen on the page); every
    problem at once, each with where it is and what was expected."""
    found: list[Problem] = []
    sha = sha256_bytes(content)

    def result(
        criteria: tuple[Criterion, ...] = (), source: str = "", award: str = ""
    ) -> TableFile:
        return TableFile(filename, sha, agency, year, source, award, criteria, tuple(found))

    try:
        sheets = read_sheets(content, filename, limits or Limits.from_env())
    except InvalidFile as refused:
        found.append(refused.problem)
        return result()
    heads = [
        (s, c)
        for s in sheets
        for c in s.cells
        if isinstance(c.value, str) and _norm(c.value) == "mã tiêu chí"
    ]
    if not heads:
        found.append(Problem("table_no_header", filename))
        return result()
    sheet, head = heads[0]

    def problem(
        kind: str,
        cell: Cell | None,
        row: int | None = None,
        column: int | None = None,
        **values: object,
    ) -> None:
        """A problem at `cell`; with none, at `row` and `column` (the empty cell's place)."""
        letter = cell.letter if cell else get_column_letter(column) if column else None
        found.append(Problem(kind, filename, sheet.name, cell.row if cell else row, letter, values))

    labels: dict[str, Cell] = {}
    given: dict[str, Cell | None] = {}
    for cell in sheet.cells:
        if cell.row < head.row and cell.column == head.column and isinstance(cell.value, str):
            key = LABELS.get(_norm(cell.value))
            if key:
                labels[key] = cell
                given[key] = _right_of(sheet, cell)
    group = given.get("agency")
    if group is None:  # said at the label, where the group is expected right of it
        problem("table_no_group", labels.get("agency"), expected=agency)
    elif group.text.upper() != agency:
        problem("table_other_group", group, given=quoted(group.text), expected=agency)
    year_cell = given.get("year")
    if year_cell is None:
        problem("table_no_year", labels.get("year"), expected=year)
    elif year_cell.text != str(year):
        problem("table_other_year", year_cell, given=quoted(year_cell.text), expected=year)
    source_cell = given.get("source")
    source = source_cell.text if source_cell else ""
    if not source:
        problem("table_no_source", source_cell or labels.get("source"))
    award_cell = given.get("award")
    award = award_cell.text if award_cell else ""
    columns = {
        HEADS[_norm(c.text)]: c.column for c in sheet.row_cells(head.row) if _norm(c.text) in HEADS
    }
    missing = [h for h, f in HEADS.items() if f not in columns]
    if missing:
        shown = (m[0].upper() + m[1:] for m in missing)  # as the template writes them
        problem("table_no_columns", head, columns=", ".join(f"“{m}”" for m in shown))
        return result(source=source, award=award)
    criteria: list[Criterion] = []
    seen: dict[str, int] = {}  # code -> the row it was first on
    for row in sorted(r for r in sheet.rows if r > head.row):

        def cell(field: str, row: int = row) -> Cell | None:
            return sheet.get(row, columns[field])

        def number(field: str) -> float | None:
            c = cell(field)
            if c is None:
                return None
            parsed = parse_number(c.value, c.number_format)
            if parsed is None or parsed.value < 0:
                problem("table_not_number", c, given=quoted(c.text))
                return None
            if field == "target" and not parsed.percent and 0 < parsed.value <= 1:
                problem("table_fraction", c, given=quoted(c.text))  # 0,85 meant 85 %
                return None
            return parsed.value

        code_cell = cell("code")
        if code_cell is None:
            if any(sheet.get(row, col) for col in columns.values()):
                problem("table_no_code", None, row=row, column=columns["code"])
            continue
        code = code_cell.text
        if code in seen:
            problem(
                "table_twice",
                code_cell,
                code=quoted(code),
                first_row=in_each_language(fmt.number, seen[code]),
            )
            continue
        seen[code] = row
        before = len(found)
        rule_cell = cell("rule")
        if rule_cell is None:
            problem("table_no_rule", None, row=row, column=columns["rule"])
            continue
        rule = RULE_NAMES.get(_norm(rule_cell.text))
        if rule is None:
            problem("table_rule", rule_cell, given=quoted(rule_cell.text))
            continue
        maximum = number("max_points")
        if maximum is None or maximum <= 0:
            if cell("max_points") is None or maximum == 0:
                problem("table_no_max", cell("max_points"), row=row, column=columns["max_points"])
            continue
        indicator_cell = cell("indicator_code")
        indicator = indicator_cell.text if indicator_cell else ""
        if rule in ("ladder", "proportional", "met"):
            if not indicator:
                problem(
                    "table_no_indicator",
                    None,
                    row=row,
                    column=columns["indicator_code"],
                    rule=RULE_LABELS[rule],
                )
                continue
            if not catalog.has_indicator(indicator):
                problem(
                    "table_indicator",
                    indicator_cell,
                    given=quoted(indicator, code=True),
                    rule=RULE_LABELS[rule],
                )
                continue
        elif indicator:
            problem("table_indicator_not_used", indicator_cell, rule=RULE_LABELS[rule])
            continue
        target = number("target")
        if target is not None and not 0 < target <= 100:
            problem("table_target", cell("target"), given=quoted(cell("target").text))  # type: ignore[union-attr]
        comparison_cell = cell("comparison")
        comparison = COMPARISONS.get(comparison_cell.text.casefold() if comparison_cell else "≥")
        if comparison is None:
            problem("table_comparison", comparison_cell, given=quoted(comparison_cell.text))  # type: ignore[union-attr]
        steps: list[Step] = []
        steps_cell = cell("steps")
        if rule == "ladder":
            for part in (steps_cell.text if steps_cell else "").split(";"):
                if not part.strip():
                    continue
                match = _STEP.fullmatch(part)
                bound = parse_number(match.group(1)) if match else None
                points = parse_number(match.group(2)) if match else None
                if not (isinstance(bound, Number) and isinstance(points, Number)):
                    problem("table_step", steps_cell, given=quoted(part.strip()))
                    break
                if 0 < bound.value < 1:  # “0,95: 2,75” meant 95 %
                    problem("table_fraction", steps_cell, given=quoted(part.strip()))
                    break
                if not 0 <= bound.value <= 100 or not 0 <= points.value <= maximum:
                    problem(
                        "table_step_range",
                        steps_cell,
                        given=quoted(part.strip()),
                        max=_points(maximum),
                    )
                    break
                steps.append(Step(round(bound.value / 100, 10), points.value))
            else:
                if not steps:
                    problem("table_no_steps", steps_cell, row=row, column=columns["steps"])
        if len(found) > before:
            continue
        name_cell, section_cell = cell("name"), cell("section")
        criteria.append(
            Criterion(
                code=code,
                section_vi=section_cell.text if section_cell else "",
                section_en=section_cell.text if section_cell else "",
                name_vi=name_cell.text if name_cell else code,
                name_en=name_cell.text if name_cell else code,
                max_points=maximum,
                rule=rule,
                indicator_code=indicator,
                target=round(target / 100, 10) if target is not None else None,
                comparison=comparison or "ge",
                bonus_per_point=number("bonus_per_point") or 0.0,
                bonus_max=number("bonus_max") or 0.0,
                steps=tuple(sorted(steps, key=lambda s: -s.lower_bound)),
                display_order=len(criteria) + 1,
            )
        )
    if not criteria and not found:
        problem("table_no_rows", head)
    return result(tuple(criteria), source, award)


def commit_table(
    root: Path, checked: TableFile, submitted_by: str, submitted_at: dt.datetime | None = None
) -> Path:
    """Write the checked table as a new immutable file; refuses (ValueError) one with problems."""
    if not checked.ok:
        raise ValueError("a scoring table with problems is not written")
    if not submitted_by.strip():
        raise ValueError("who brings the table in must be named")
    moment = submitted_at or dt.datetime.now(dt.UTC)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FILE_COLUMNS)
    for c in checked.criteria:
        writer.writerow(
            [
                checked.agency, checked.year, checked.source, checked.award, c.code, c.section_vi,
                c.name_vi, repr(c.max_points), c.rule, c.indicator_code,
                "" if c.target is None else repr(c.target), c.comparison,
                repr(c.bonus_per_point), repr(c.bonus_max),
                ";".join(f"{s.lower_bound!r}:{s.points!r}" for s in c.steps),
                iso_utc(moment), submitted_by.strip(), checked.filename, checked.sha256,
            ]
        )  # fmt: skip
    content = buffer.getvalue().encode("utf-8")
    stamp = moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = tables_dir(root) / checked.agency / str(checked.year)
    target = folder / f"{stamp}-{sha256_bytes(content)[:8]}.csv"
    return write_new_file(root, target, content)


def imported_tables(root: Path) -> tuple[ScoringTable, ...]:
    """Every scoring table brought in as a file, each scoring its group in its year."""
    tables = []
    for path in list_table_files(root):
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        if not rows:
            continue
        first = rows[0]
        criteria = tuple(
            Criterion(
                code=r["code"],
                section_vi=r["section"],
                section_en=r["section"],
                name_vi=r["name"],
                name_en=r["name"],
                max_points=float(r["max_points"]),
                rule=RULE_NAMES[r["rule"]],
                indicator_code=r["indicator_code"],
                target=float(r["target"]) if r["target"] else None,
                comparison=r["comparison"] or "ge",
                bonus_per_point=float(r["bonus_per_point"] or 0),
                bonus_max=float(r["bonus_max"] or 0),
                steps=tuple(
                    Step(float(b), float(p))
                    for b, p in (s.split(":") for s in r["steps"].split(";") if s)
                ),
                display_order=i,
            )
            for i, r in enumerate(rows, start=1)
        )
        year = int(first["year"])
        tables.append(
            ScoringTable(
                table_id=f"{first['agency']}-{year}-{path.stem}",
                agency=first["agency"],
                first_year=year,
                last_year=year,
                name_vi=f"{t('scoring.table_file.template_title', 'vi')} {year}",
                name_en=f"{t('scoring.table_file.template_title', 'en')} {year}",
                source=first["source"],
                illustrative=False,
                award_vi=first["award"],
                award_en=first["award"],
                criteria=criteria,
                version=path.stem,
            )
        )
    return tuple(tables)
