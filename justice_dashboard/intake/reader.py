"""Read an uploaded XLSX or CSV into cells, then find its indicator rows and its header.

The reader is forgiving about layout (a plain template, or a report-style sheet with a form code top
left, headers merged over two or three rows, a row of column numbers A, B, 1, 2…, a "Tổng số" row and
notes or signatures below) and strict about the file itself: its size, its type, a corrupt or
oversized archive. A file that cannot be read at all raises `InvalidFile` with the one problem.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from justice_dashboard import fmt
from justice_dashboard.intake.numbers import parse_number
from justice_dashboard.intake.problems import InvalidFile, Problem

MAX_BYTES_ENV = "JUSTICE_INTAKE_MAX_BYTES"
CODE_LIKE = re.compile(r"[A-Za-z]{1,4}\d{1,3}")
_XLSX_MAGIC = b"PK\x03\x04"
TEXT_TABLE_SUFFIXES = (".csv", ".txt", ".tsv")
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_BINARY_MAGICS = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
)
PROVINCE_LABELS = {
    "mã tỉnh",
    "tỉnh",
    "tỉnh/thành phố",
    "tỉnh, thành phố",
    "mã tỉnh/thành phố",
    "đơn vị báo cáo",
    "province",
    "province code",
}
YEAR_LABELS = {"năm", "năm báo cáo", "năm số liệu", "year"}
VALUE_HEADERS = {"giá trị", "số liệu", "value", "kết quả", "thực hiện", "số lượng"}
_INLINE = re.compile(r"^(?P<label>[^:]{2,30}?)\s*:\s*(?P<value>.+)$")
_TITLE_YEAR = re.compile(r"\bnăm\s+(\d{4})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Limits:
    """How big an upload may be; the file size limit can be set with JUSTICE_INTAKE_MAX_BYTES."""

    max_bytes: int = 5 * 1024 * 1024
    max_unpacked_bytes: int = 50 * 1024 * 1024
    max_ratio: int = 200
    max_entries: int = 500
    max_rows: int = 5000
    max_columns: int = 100

    @classmethod
    def from_env(cls) -> Limits:
        raw = os.environ.get(MAX_BYTES_ENV, "").strip()
        return cls(max_bytes=int(raw)) if raw.isdigit() else cls()


@dataclass(frozen=True)
class Cell:
    row: int
    column: int
    value: object
    number_format: str = ""
    formula: str | None = None  # a formula with no computed value saved with it

    @property
    def letter(self) -> str:
        return get_column_letter(self.column)

    @property
    def text(self) -> str:
        if isinstance(self.value, float) and self.value.is_integer():
            return str(int(self.value))
        return "" if self.value is None else str(self.value).strip()

    @property
    def is_empty(self) -> bool:
        return self.formula is None and self.text == ""


@dataclass
class Sheet:
    name: str | None  # None for a CSV file
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)

    def add(self, cell: Cell) -> None:
        if not cell.is_empty:
            self.cells[(cell.row, cell.column)] = cell

    def get(self, row: int, column: int) -> Cell | None:
        return self.cells.get((row, column))

    def row_cells(self, row: int) -> list[Cell]:
        return sorted((c for (r, _), c in self.cells.items() if r == row), key=lambda c: c.column)


@dataclass(frozen=True)
class Located:
    """Where a value was found in the file."""

    text: str
    sheet: str | None
    row: int
    column: str


@dataclass(frozen=True)
class Entry:
    """One indicator row: its code as written and the cell holding its value (None when empty)."""

    code: str
    sheet: str | None
    row: int
    code_column: str
    value_column: str
    value: Cell | None


@dataclass(frozen=True)
class ReadFile:
    filename: str
    sheet: str | None
    entries: tuple[Entry, ...]
    province: Located | None
    year: Located | None


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().strip().rstrip(":").strip()
    text = re.sub(r"\s*[-–—]\s*", " - ", text)
    return re.sub(r"\s+", " ", text)


def read_file(content: bytes, filename: str, limits: Limits, catalog_codes: set[str]) -> ReadFile:
    """Read the file and locate its indicator rows and header; raise InvalidFile if unreadable."""
    sheets = read_sheets(content, filename, limits)
    if not any(s.cells for s in sheets):
        raise InvalidFile(Problem("empty", filename))
    return locate(sheets, filename, catalog_codes)


def read_sheets(content: bytes, filename: str, limits: Limits) -> list[Sheet]:
    def fail(kind: str, **values: object) -> InvalidFile:
        return InvalidFile(Problem(kind, filename, values=values))

    if len(content) > limits.max_bytes:
        raise fail("too_large", size=_size(len(content)), limit=_size(limits.max_bytes))
    if not content.strip():
        raise fail("empty")
    if content.startswith((_XLSX_MAGIC, _EMPTY_ZIP_MAGIC)):
        return _read_xlsx(content, filename, limits)
    if content.startswith(_OLE_MAGIC):
        raise fail("old_xls")
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise fail("corrupt_not_zip")
    if content.startswith(_BINARY_MAGICS) or b"\x00" in content[:4096]:
        raise fail("not_table")
    suffix = Path(filename).suffix.lower()
    if suffix and suffix not in TEXT_TABLE_SUFFIXES:  # e.g. a .md, .docx or .pdf picked by mistake
        raise fail("not_table")
    return [_read_csv(content, filename, limits)]


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{fmt.number(n / 1024 / 1024, 1)} MB"
    return f"{fmt.number(n / 1024, 1)} KB"


def _check_archive(content: bytes, filename: str, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError) as error:
        raise InvalidFile(Problem("corrupt_archive", filename)) from error
    with archive:
        infos = archive.infolist()
        unpacked = sum(i.file_size for i in infos)
        abnormal = any(
            i.file_size > 1024 * 1024 and i.file_size > limits.max_ratio * max(i.compress_size, 1)
            for i in infos
        )
        if len(infos) > limits.max_entries or unpacked > limits.max_unpacked_bytes or abnormal:
            raise InvalidFile(
                Problem(
                    "zip_bomb",
                    filename,
                    values={"size": _size(unpacked), "limit": _size(limits.max_unpacked_bytes)},
                )
            )
        if "xl/workbook.xml" not in archive.namelist():
            raise InvalidFile(Problem("not_table", filename))
        try:
            broken = archive.testzip()  # the name of the first damaged part, or None
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
            raise InvalidFile(Problem("corrupt_archive", filename)) from error
        if broken:
            raise InvalidFile(Problem("corrupt_part", filename, values={"part": broken}))


def _read_xlsx(content: bytes, filename: str, limits: Limits) -> list[Sheet]:
    _check_archive(content, filename, limits)
    try:
        formulas = _formulas(content, limits, filename)
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheets: list[Sheet] = []
        try:
            for ws in book.worksheets:
                sheet = Sheet(ws.title)
                for row in ws.iter_rows(max_row=limits.max_rows + 1, max_col=limits.max_columns):
                    for cell in row:
                        if not hasattr(cell, "column") or cell.row is None:
                            continue
                        if cell.row > limits.max_rows and cell.value is not None:
                            raise InvalidFile(
                                Problem(
                                    "too_many_rows",
                                    filename,
                                    sheet=ws.title,
                                    values={
                                        "rows": f"> {limits.max_rows}",
                                        "limit": limits.max_rows,
                                    },
                                )
                            )
                        formula = formulas.get((ws.title, cell.row, cell.column))
                        sheet.add(
                            Cell(
                                cell.row,
                                cell.column,
                                cell.value,
                                cell.number_format or "",
                                formula if cell.value is None else None,
                            )
                        )
                sheets.append(sheet)
        finally:
            book.close()
    except InvalidFile:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise InvalidFile(Problem("corrupt_workbook", filename)) from error
    return sheets


def _formulas(content: bytes, limits: Limits, filename: str) -> dict[tuple[str, int, int], str]:
    """Every formula cell, by (sheet, row, column): used to spot formulas saved without a value."""
    book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    found: dict[tuple[str, int, int], str] = {}
    try:
        for ws in book.worksheets:
            for row in ws.iter_rows(max_row=limits.max_rows, max_col=limits.max_columns):
                for cell in row:
                    value = getattr(cell, "value", None)
                    if isinstance(value, ArrayFormula):
                        found[(ws.title, cell.row, cell.column)] = str(value.text)
                    elif isinstance(value, str) and value.startswith("="):
                        found[(ws.title, cell.row, cell.column)] = value
    finally:
        book.close()
    return found


def _read_csv(content: bytes, filename: str, limits: Limits) -> Sheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidFile(Problem("not_utf8", filename)) from error
    sheet = Sheet(None)
    delimiter = _delimiter(text.splitlines()[:60])
    for r, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        if r > limits.max_rows and any(v.strip() for v in row):
            raise InvalidFile(
                Problem(
                    "too_many_rows",
                    filename,
                    values={"rows": f"> {limits.max_rows}", "limit": limits.max_rows},
                )
            )
        for c, value in enumerate(row[: limits.max_columns], start=1):
            sheet.add(Cell(r, c, value))
    return sheet


def _delimiter(lines: list[str]) -> str:
    """The delimiter that splits most lines into the same number (≥ 2) of fields: , ; or tab."""

    def score(delimiter: str) -> int:
        counts = Counter(len(row) for row in csv.reader(lines, delimiter=delimiter) if len(row) > 1)
        if not counts:
            return 0
        fields, rows = counts.most_common(1)[0]
        return fields * rows

    return max((",", ";", "\t"), key=score)


def locate(sheets: list[Sheet], filename: str, catalog_codes: set[str]) -> ReadFile:
    """Find the sheet and column holding indicator codes, the value column and the header fields."""
    best: tuple[int, int, int] = (0, 0, -1)  # (catalog codes, code-like cells, -sheet index)
    chosen: tuple[Sheet, int] | None = None
    for index, sheet in enumerate(sheets):
        known: Counter[int] = Counter()
        like: Counter[int] = Counter()
        for cell in sheet.cells.values():
            if CODE_LIKE.fullmatch(cell.text):
                like[cell.column] += 1
                if cell.text.upper() in catalog_codes:
                    known[cell.column] += 1
        for column in like:
            score = (known[column], like[column], -index)
            if score > best:
                best, chosen = score, (sheet, column)
    if chosen is None:
        raise InvalidFile(Problem("no_rows", filename))
    sheet, code_column = chosen
    code_cells = sorted(
        (
            c
            for c in sheet.cells.values()
            if c.column == code_column and CODE_LIKE.fullmatch(c.text)
        ),
        key=lambda c: c.row,
    )
    first_row = code_cells[0].row
    value_column = _value_column(sheet, code_column, [c.row for c in code_cells], first_row)
    entries = tuple(
        Entry(
            code=c.text.upper(),
            sheet=sheet.name,
            row=c.row,
            code_column=c.letter,
            value_column=get_column_letter(value_column),
            value=sheet.get(c.row, value_column),
        )
        for c in code_cells
    )
    province, year = _header_fields(sheet, first_row)
    return ReadFile(filename, sheet.name, entries, province, year)


def _value_column(sheet: Sheet, code_column: int, rows: list[int], first_row: int) -> int:
    headed = [
        c
        for c in sheet.cells.values()
        if c.row < first_row
        and c.column != code_column
        and (normalise(c.text) in VALUE_HEADERS or normalise(c.text).startswith("giá trị"))
    ]
    if headed:
        return max(headed, key=lambda c: (c.row, -c.column)).column
    numeric: Counter[int] = Counter()
    filled: Counter[int] = Counter()
    for row in rows:
        for cell in sheet.row_cells(row):
            if cell.column == code_column:
                continue
            filled[cell.column] += 1
            if cell.formula or parse_number(cell.value, cell.number_format) is not None:
                numeric[cell.column] += 1
    if numeric:
        return min(numeric, key=lambda col: (-numeric[col], col))
    if filled:
        return max(filled)
    return code_column + 1


def _header_fields(sheet: Sheet, first_row: int) -> tuple[Located | None, Located | None]:
    province: Located | None = None
    year: Located | None = None
    title_year: Located | None = None
    for row in sorted({r for r, _ in sheet.cells if r < first_row}):
        cells = sheet.row_cells(row)
        for i, cell in enumerate(cells):
            label, value = normalise(cell.text), None
            inline = _INLINE.match(cell.text)
            if label in PROVINCE_LABELS or label in YEAR_LABELS:
                value = next((c for c in cells[i + 1 :] if c.text), None)
                if value is None:
                    continue
                found = Located(value.text, sheet.name, value.row, value.letter)
            elif inline and normalise(inline["label"]) in PROVINCE_LABELS | YEAR_LABELS:
                label = normalise(inline["label"])
                found = Located(inline["value"].strip(), sheet.name, cell.row, cell.letter)
            else:
                match = _TITLE_YEAR.search(cell.text)
                if match and title_year is None:
                    title_year = Located(match[1], sheet.name, cell.row, cell.letter)
                continue
            if label in PROVINCE_LABELS and province is None:
                province = found
            elif label in YEAR_LABELS and year is None:
                year = found
    return province, year or title_year
