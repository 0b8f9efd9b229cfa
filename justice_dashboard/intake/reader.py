"""Read an uploaded XLSX or CSV into cells, then find its indicator rows and its header.

The reader is forgiving about layout (a plain template, or a report-style sheet with a form code top
left, headers merged over two or three rows, a row of column numbers A, B, 1, 2…, a "Tổng số" row and
notes or signatures below) and strict about the file itself: its size, its type, a corrupt or
oversized archive, and how much it holds (sheets, rows, columns, cells, characters in a cell). A
file that cannot be read at all raises `InvalidFile` with the one problem; whatever the bytes, the
reader raises nothing else.

Nothing below the table's first indicator row is dropped without a word: each non-empty row is an
indicator row (its code read), a row whose code is not a code (reported, its characters written
out), a row with a number but no code (reported), or a total, note or signature row (no number in
the value column, or labelled "Tổng số"). An indicator code in another column of the sheet, or on
another sheet beside a number, is reported too.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import FORMULA_TAG, ROW_TAG, VALUE_TAG, WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.i18n import LANGS, t
from justice_dashboard.intake.numbers import NotANumber, read_number
from justice_dashboard.intake.problems import ByLang, InvalidFile, Problem, in_each_language, quoted

MAX_BYTES_ENV = "JUSTICE_INTAKE_MAX_BYTES"
CODE_LIKE = re.compile(r"[A-Za-z]{1,4}[0-9]{1,3}")  # how an indicator code is written: VB01
# Letters then digits of any script ("ТА01" in Cyrillic, "VB٠١"): a code typed with the wrong keys.
_CODE_ISH = re.compile(r"[^\W\d_]{1,4}\d{1,3}")
_XLSX_MAGIC = b"PK\x03\x04"
TEXT_TABLE_SUFFIXES = (".csv", ".txt", ".tsv")
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")  # a password-protected .xlsx
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
TOTAL_LABELS = {"tổng số", "tổng cộng", "cộng", "tổng", "total"}  # a total row has no code
_INLINE = re.compile(r"^(?P<label>[^:]{2,30}?)\s*:\s*(?P<value>.+)$")
_TITLE_YEAR = re.compile(r"\bnăm\s+([0-9]{4})\b", re.IGNORECASE)
# Letters of other scripts drawn like the Latin capitals of a code (Cyrillic, Greek).
_LOOKALIKES = str.maketrans(
    "АВСЕНІЈКМОРЅТХУаерсхуіјоԁһԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
    "ABCEHIJKMOPSTXYaepcxyijodhqwABEZHIKMNOPTYX",
)


@dataclass(frozen=True)
class Limits:
    """How much an upload may hold; the file size limit can be set with JUSTICE_INTAKE_MAX_BYTES.

    The template needs one sheet, about 40 rows, 7 columns and 300 cells; a provincial report a few
    sheets and a few thousand cells. Beyond these limits a file is refused whole, before its cells
    are looked at, so that a crafted file cannot cost minutes of CPU."""

    max_bytes: int = 5 * 1024 * 1024
    max_unpacked_bytes: int = 50 * 1024 * 1024
    max_ratio: int = 200
    max_entries: int = 500
    max_sheets: int = 30
    max_rows: int = 5000
    max_columns: int = 100
    max_cells: int = 50_000  # non-empty cells of the whole workbook
    max_cell_chars: int = 32_767  # Excel's own limit for the text of a cell
    # XML elements in the workbook's parts (a cell is one or two, a shared text two, a format
    # one…), and in the parts other than sheets and shared texts (formats, names…): what openpyxl
    # spends its time on, so the bound on the CPU a file may cost, about two seconds.
    max_xml_elements: int = 250_000
    max_format_elements: int = 30_000

    @classmethod
    def from_env(cls) -> Limits:
        raw = os.environ.get(MAX_BYTES_ENV, "").strip()
        return cls(max_bytes=int(raw)) if re.fullmatch(r"[0-9]{1,15}", raw) else cls()


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

    @cached_property
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
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)

    def add(self, cell: Cell) -> None:
        if not cell.is_empty:
            self.rows.setdefault(cell.row, {})[cell.column] = cell

    def get(self, row: int, column: int) -> Cell | None:
        return self.rows.get(row, {}).get(column)

    def row_cells(self, row: int) -> list[Cell]:
        return sorted(self.rows.get(row, {}).values(), key=lambda c: c.column)

    @property
    def cells(self) -> Iterator[Cell]:
        for row in self.rows.values():
            yield from row.values()


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
    problems: tuple[Problem, ...] = ()  # rows found but not read (a code that is not a code…)
    flagged: frozenset[str] = frozenset()  # codes whose row was reported: not "missing" as well


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).lower().strip().rstrip(":").strip()
    text = re.sub(r"\s*[-‐‑‒–—−]\s*", " - ", text)
    return re.sub(r"\s+", " ", text)


def code_lookalike(text: str) -> str | None:
    """For a cell that is not an indicator code but is meant as one, the code it looks like once
    invisible characters are dropped and letters or digits of other scripts or widths are read as
    their Latin or ASCII twins ("ТА01" in Cyrillic, "VB\\u200b01", "\\ufeffVB01", "ＶＢ０１", "VB٠١" →
    the code, upper case); "" for letters and digits that look like no code ("ДБ01"); None for
    anything else (a code as written, a word, a number, a sentence)."""
    if CODE_LIKE.fullmatch(text) or (text.isascii() and text.isprintable()) or len(text) > 40:
        return None
    kept = "".join(
        char
        for char in text
        if unicodedata.category(char) not in {"Cc", "Cf", "Cn", "Co", "Cs"}
        and not (unicodedata.category(char) == "Zs" and char != " ")
    )
    folded = "".join(
        str(unicodedata.decimal(char)) if unicodedata.category(char) == "Nd" else char
        for char in unicodedata.normalize("NFKC", kept).translate(_LOOKALIKES)
    )
    if CODE_LIKE.fullmatch(folded):
        return folded.upper()
    return "" if _CODE_ISH.fullmatch(kept) else None


def read_file(content: bytes, filename: str, limits: Limits, catalog_codes: set[str]) -> ReadFile:
    """Read the file and locate its indicator rows and header; raise InvalidFile if unreadable."""
    sheets = read_sheets(content, filename, limits)
    if not any(s.rows for s in sheets):
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
        raise fail("encrypted" if _ENCRYPTED_PACKAGE in content else "old_xls")
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise fail("corrupt_not_zip")
    if _looks_utf16(content):
        raise fail("csv_utf16")
    if content.startswith(_BINARY_MAGICS) or b"\x00" in content[:4096]:
        raise fail("not_table")
    suffix = Path(filename).suffix.lower()
    if suffix and suffix not in TEXT_TABLE_SUFFIXES:  # e.g. a .md, .docx or .pdf picked by mistake
        raise fail("not_table")
    return [_read_csv(content, filename, limits)]


def _size(n: int) -> ByLang:
    """A size in bytes, exactly, and roughly in KB or MB: "7.476 byte (7,3 KB)"."""

    def written(lang: Lang) -> str:
        exact = fmt.number(n, 0, lang)
        if n < 1024:
            return t("intake.size.bytes", lang, bytes=exact)
        rough = (
            f"{fmt.number(n / 1024 / 1024, 1, lang)} MB"
            if n >= 1024 * 1024
            else f"{fmt.number(n / 1024, 1, lang)} KB"
        )
        return t("intake.size.rough", lang, bytes=exact, rough=rough)

    return ByLang(*(written(lang) for lang in LANGS))


def _looks_utf16(content: bytes) -> bool:
    """UTF-16 text (Excel's "Unicode Text"), with a byte order mark or without: every other byte
    of a mostly Latin text is zero."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = content[:4096]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return False
    for zeros, others, encoding in ((1, 0, "utf-16-le"), (0, 1, "utf-16-be")):
        half = len(sample) // 2
        if sample[zeros::2].count(0) >= 0.6 * half and sample[others::2].count(0) == 0:
            text = sample.decode(encoding, errors="replace")
            printable = sum(c.isprintable() or c in "\r\n\t" for c in text)
            return printable >= 0.95 * len(text)
    return False


def _check_archive(content: bytes, filename: str, limits: Limits) -> None:
    def fail(kind: str, **values: object) -> InvalidFile:
        return InvalidFile(Problem(kind, filename, values=values))

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except Exception as error:  # BadZipFile, OSError, ValueError, struct errors… on crafted bytes
        raise fail("corrupt_archive") from error
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_entries:
            raise fail(
                "zip_entries",
                entries=in_each_language(fmt.number, len(infos)),
                limit=limits.max_entries,
            )
        unpacked = sum(i.file_size for i in infos)
        if unpacked > limits.max_unpacked_bytes:
            raise fail("zip_unpacked", size=_size(unpacked), limit=_size(limits.max_unpacked_bytes))
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise fail(
                    "zip_ratio",
                    part=quoted(info.filename),
                    packed=_size(info.compress_size),
                    size=_size(info.file_size),
                    ratio=in_each_language(fmt.number, info.file_size / max(info.compress_size, 1)),
                    limit=limits.max_ratio,
                )
        if any(info.flag_bits & 0x1 for info in infos):
            raise fail("encrypted")
        if "xl/workbook.xml" not in archive.namelist():
            raise fail("not_table")
        elements = Counter[str]()
        for info in infos:
            try:
                _count_elements(archive, info, elements)
            except zipfile.BadZipFile as error:  # its bytes do not match their checksum
                raise fail("corrupt_part", part=quoted(info.filename)) from error
            except _Doctype as error:  # never in a workbook: entity tricks
                raise fail("corrupt_workbook") from error
            except Exception as error:  # a damaged stream, an unknown compression method…
                raise fail("corrupt_archive") from error
            total, formats = sum(elements.values()), _formats(elements)
            if total > limits.max_xml_elements or formats > limits.max_format_elements:
                raise fail(
                    "too_complex",
                    elements=in_each_language(fmt.number, total),
                    limit=in_each_language(fmt.number, limits.max_xml_elements),
                    formats=in_each_language(fmt.number, formats),
                    format_limit=in_each_language(fmt.number, limits.max_format_elements),
                )


class _Doctype(Exception):
    """A part declares a document type (a DTD): Office never writes one."""


_DATA_ROOTS = (b"worksheet", b"sst")  # sheets and shared texts: bounded by cells as well
_XML_START = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def _formats(elements: Counter[str]) -> int:
    """The elements of parts other than sheets and shared texts (formats, names, properties…)."""
    return sum(n for root, n in elements.items() if root not in ("worksheet", "sst"))


def _count_elements(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, elements: Counter[str]
) -> None:
    """Read a part whole (which checks its checksum) and, when it is XML, count its elements by
    its root's kind: bytes.count at C speed, so a crafted part costs milliseconds, not seconds."""
    with archive.open(info) as part:
        head = part.read(4096)
        start = _XML_START.search(head.replace(b"\x00", b"")[:1024])
        root = b""
        if head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith(b"<") and start:
            root = start[1].rsplit(b":", 1)[-1]
        kind = root.decode("ascii", "replace") if root in _DATA_ROOTS else "other"
        chunk, tail = head, b""
        while chunk:
            if root:
                text = tail + chunk
                if b"<!DOCTYPE" in text or b"<\x00!\x00D\x00O\x00C\x00T\x00Y\x00P\x00E" in text:
                    raise _Doctype(info.filename)
                elements[kind] += (
                    chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
                )
                tail = chunk[-32:]
            chunk = part.read(1 << 16)


_SHEET_PARTS = frozenset(
    f"{{{SHEET_MAIN_NS}}}{name}"
    for name in [
        "sheetPr",
        "sheetViews",
        "sheetFormatPr",
        "cols",
        "sheetData",
        "sheetCalcPr",
        "sheetProtection",
        "protectedRanges",
        "scenarios",
        "autoFilter",
        "sortState",
        "dataConsolidate",
        "customSheetViews",
        "mergeCells",
        "phoneticPr",
        "conditionalFormatting",
        "dataValidations",
        "hyperlinks",
        "printOptions",
        "pageMargins",
        "pageSetup",
        "headerFooter",
        "rowBreaks",
        "colBreaks",
        "customProperties",
        "cellWatches",
        "ignoredErrors",
        "smartTags",
        "drawing",
        "legacyDrawing",
        "legacyDrawingHF",
        "picture",
        "oleObjects",
        "controls",
        "webPublishItems",
        "tableParts",
        "extLst",
    ]
)


class _CellParser(WorkSheetParser):
    """openpyxl's worksheet parser giving each cell its saved value and, beside it, its formula, so
    that a workbook is parsed once. It yields only the cells present in the file, so a sheet whose
    recorded dimension lies is read whole, and nothing is padded; the sheet's other parts (merged
    cells, widths, validations, conditional formats) are skipped unbuilt (openpyxl 3.1's parser)."""

    def parse(self):  # type: ignore[no-untyped-def]
        for _, element in iterparse(self.source):
            if element.tag == ROW_TAG:
                yield self.parse_row(element)
                element.clear()
            elif element.tag in _SHEET_PARTS:  # with all it holds, unread
                element.clear()

    def parse_cell(self, element):  # type: ignore[no-untyped-def]
        try:
            cell = super().parse_cell(element)
        except ValueError:
            # A number openpyxl cannot convert (int() refuses 5.000 digits): keep its text, which
            # the checks then refuse with its place. Anything else is a damaged workbook.
            if element.get("t", "n") != "n":
                raise
            coordinate = element.get("r")
            row, column = (
                coordinate_to_tuple(coordinate)
                if coordinate
                else (self.row_counter, self.col_counter)
            )
            cell = {"row": row, "column": column, "value": element.findtext(VALUE_TAG)}
            cell["style_id"] = int(element.get("s", 0) or 0)
        formula = element.find(FORMULA_TAG)
        cell["formula"] = None if formula is None else self._formula(element, formula)
        return cell

    def _formula(self, element, formula) -> str:  # type: ignore[no-untyped-def]
        try:
            parsed = self.parse_formula(element)  # shared formulas are written out per cell
        except Exception:  # a formula openpyxl cannot translate: show it as written
            return "=" + (formula.text or "")
        return str(getattr(parsed, "text", None) or parsed)


def _read_xlsx(content: bytes, filename: str, limits: Limits) -> list[Sheet]:
    _check_archive(content, filename, limits)
    try:
        # openpyxl warns on what it does not support (extensions, a missing default style, a date
        # out of range); none of it concerns the figures, and a warning is not for the user.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            try:
                if len(book.sheetnames) > limits.max_sheets:
                    raise InvalidFile(
                        Problem(
                            "too_many_sheets",
                            filename,
                            values={
                                "sheets": in_each_language(fmt.number, len(book.sheetnames)),
                                "limit": in_each_language(fmt.number, limits.max_sheets),
                            },
                        )
                    )
                return _xlsx_sheets(book, filename, limits)
            finally:
                book.close()
    except InvalidFile:
        raise
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise InvalidFile(Problem("corrupt_workbook", filename)) from error


def _xlsx_sheets(book, filename: str, limits: Limits) -> list[Sheet]:  # type: ignore[no-untyped-def]
    formats: dict[int, str] = {}

    def number_format(style_id: int) -> str:
        if style_id not in formats:
            try:
                format_id = book._cell_styles[style_id].numFmtId
                formats[style_id] = (
                    BUILTIN_FORMATS.get(format_id, "General")
                    if format_id < BUILTIN_FORMATS_MAX_SIZE
                    else book._number_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
                )
            except IndexError:  # a style the workbook does not define, as openpyxl tolerates
                formats[style_id] = "General"
        return formats[style_id]

    count = Counter[str]()
    sheets: list[Sheet] = []
    for ws in book.worksheets:
        sheet = Sheet(ws.title)
        with ws._get_source() as source:
            parser = _CellParser(
                source,
                ws._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for _, row in parser.parse():
                for raw in row:
                    value, formula = raw["value"], raw["formula"]
                    if formula is None and (value is None or str(value).strip() == ""):
                        continue  # an empty cell, perhaps with a border or a colour
                    if raw["row"] < 1 or raw["column"] < 1:
                        raise ValueError(f"cell {raw['row']}, {raw['column']} outside the sheet")
                    _within(limits, filename, sheet, raw["row"], raw["column"], value, count)
                    if sheet.get(raw["row"], raw["column"]) is not None:  # Excel never does this
                        raise ValueError(f"cell {raw['row']}, {raw['column']} given twice")
                    style = raw.get("style_id") or 0
                    sheet.add(
                        Cell(
                            raw["row"],
                            raw["column"],
                            value,
                            number_format(style) if isinstance(value, int | float) else "",
                            formula if value is None else None,
                        )
                    )
        sheets.append(sheet)
    return sheets


def column_name(column: int) -> str:
    """A column's letters, however far right (openpyxl's stop at ZZZ): 1 → A, 30.000 → ARIV."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _within(
    limits: Limits,
    filename: str,
    sheet: Sheet,
    row: int,
    column: int,
    value: object,
    count: Counter[str],
) -> None:
    """Refuse the file whole at the first non-empty cell beyond a limit, naming its place."""

    def fail(kind: str, **values: object) -> InvalidFile:
        where = column_name(column)
        return InvalidFile(Problem(kind, filename, sheet.name, row, where, values))

    if row > limits.max_rows:
        raise fail("too_many_rows", limit=in_each_language(fmt.number, limits.max_rows))
    if column > limits.max_columns:
        raise fail("too_many_columns", limit=in_each_language(fmt.number, limits.max_columns))
    if isinstance(value, str) and len(value) > limits.max_cell_chars:
        raise fail(
            "cell_too_long",
            text=quoted(value),
            limit=in_each_language(fmt.number, limits.max_cell_chars),
        )
    count["cells"] += 1
    if count["cells"] > limits.max_cells:
        raise fail("too_many_cells", limit=in_each_language(fmt.number, limits.max_cells))


def _read_csv(content: bytes, filename: str, limits: Limits) -> Sheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidFile(Problem("not_utf8", filename)) from error
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # Windows and old Mac line ends
    sheet = Sheet(None)
    count = Counter[str]()
    delimiter = _delimiter(text)
    consumed = [0]  # how much of `text` the csv reader has asked for: where the next record begins

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline="\n"):
            consumed[0] += len(line)
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    r = 0
    while True:
        start = consumed[0]
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # the one csv raises here: a field over its own size limit
            end = text.find("\n", start)
            column, field_text = _long_field(text, start, delimiter) or (
                None,
                text[start : end if end >= 0 else len(text)],
            )
            raise InvalidFile(
                Problem(
                    "cell_too_long",
                    filename,
                    None,
                    r + 1,
                    None if column is None else column_name(column),
                    {
                        "text": quoted(field_text),
                        "limit": in_each_language(fmt.number, limits.max_cell_chars),
                    },
                )
            ) from error
        r += 1
        for c, value in enumerate(row, start=1):
            if value.strip():
                _within(limits, filename, sheet, r, c, value, count)
                sheet.add(Cell(r, c, value))
    return sheet


_FIELDS: dict[str, re.Pattern[str]] = {}
_QUOTED = re.compile(r'"((?:[^"]|"")*)"?(.*)', re.DOTALL)


def _long_field(text: str, start: int, delimiter: str) -> tuple[int, str] | None:
    """The column and text of the first field over csv's own limit in the record that begins at
    `start`, or None when the record has none."""
    limit = csv.field_size_limit()
    d = re.escape(delimiter)
    pattern = _FIELDS.setdefault(delimiter, re.compile(rf'"(?:[^"]|"")*"?[^{d}\n]*|[^{d}\n]*'))
    position, column = start, 1
    while position <= len(text):
        match = pattern.match(text, position)
        assert match is not None  # the pattern matches the empty string
        raw = match.group()
        quoted_part = _QUOTED.match(raw)  # "…""…" then, as csv does, any text up to the delimiter
        field_text = (
            quoted_part[1].replace('""', '"') + quoted_part[2] if quoted_part is not None else raw
        )
        if len(field_text) > limit:
            return column, field_text
        position = match.end()
        if position >= len(text) or text[position] == "\n":
            return None
        position, column = position + 1, column + 1
    return None


def _delimiter(text: str) -> str:
    """The delimiter that splits most of the first lines into the same number (≥ 2) of fields:
    , ; or tab."""
    lines = []
    for line in io.StringIO(text, newline="\n"):
        lines.append(line[:10_000])
        if len(lines) == 60:
            break

    def score(delimiter: str) -> int:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            return 0
        counts = Counter(len(row) for row in rows if len(row) > 1)
        if not counts:
            return 0
        fields, rows_count = counts.most_common(1)[0]
        return fields * rows_count

    return max((",", ";", "\t"), key=score)


def locate(sheets: list[Sheet], filename: str, catalog_codes: set[str]) -> ReadFile:
    """Find the sheet and column holding indicator codes, the value column and the header fields;
    report the rows below the first indicator row that look like indicator rows but are not."""
    best: tuple[int, int, int] = (0, 0, -1)  # (catalog codes, code-like cells, -sheet index)
    chosen: tuple[Sheet, int] | None = None
    for index, sheet in enumerate(sheets):
        known: Counter[int] = Counter()
        like: Counter[int] = Counter()
        for cell in sheet.cells:
            text = cell.text
            if CODE_LIKE.fullmatch(text):
                like[cell.column] += 1
                if text.upper() in catalog_codes:
                    known[cell.column] += 1
            elif code_lookalike(text) is not None:
                like[cell.column] += 1
        for column in like:
            score = (known[column], like[column], -index)
            if score > best:
                best, chosen = score, (sheet, column)
    if chosen is None:
        raise InvalidFile(Problem("no_rows", filename))
    sheet, code_column = chosen
    column_cells = sorted((c for c in sheet.cells if c.column == code_column), key=lambda c: c.row)
    code_cells = [c for c in column_cells if CODE_LIKE.fullmatch(c.text)]
    odd_cells = {c.row: c for c in column_cells if code_lookalike(c.text) is not None}
    first_row = min([c.row for c in code_cells] + list(odd_cells))
    value_column = _value_column(
        sheet, code_column, [c.row for c in code_cells] or list(odd_cells), first_row
    )
    value_letter = get_column_letter(value_column)
    entries = tuple(
        Entry(
            code=c.text.upper(),
            sheet=sheet.name,
            row=c.row,
            code_column=c.letter,
            value_column=value_letter,
            value=sheet.get(c.row, value_column),
        )
        for c in code_cells
    )
    problems: list[Problem] = []
    flagged: set[str] = set()
    code_rows = {c.row for c in code_cells}
    for row in sorted(r for r in sheet.rows if r > first_row or r in odd_cells):
        if row in code_rows:
            continue
        code = sheet.get(row, code_column)
        where = (filename, sheet.name, row, get_column_letter(code_column))
        if row in odd_cells:
            assert code is not None
            like = code_lookalike(code.text)
            if like:
                flagged.add(like)
                problems.append(
                    Problem(
                        "code_lookalike",
                        *where,
                        {"text": quoted(code.text, code=True), "like": like},
                    )
                )
            else:
                problems.append(
                    Problem("code_foreign", *where, {"text": quoted(code.text, code=True)})
                )
            continue
        value = sheet.get(row, value_column)
        if value is None or not _number_like(value) or _is_total(sheet, row):
            continue  # a note, a signature, a date, a total
        shown = {"value": quoted(value.text or value.formula or ""), "column": value_letter}
        if code is None:
            problems.append(Problem("row_without_code", *where, shown))
        else:
            problems.append(
                Problem("not_a_code", *where, {**shown, "text": quoted(code.text, code=True)})
            )
    for cell in sheet.cells:
        if (
            cell.column != code_column
            and cell.row >= first_row
            and cell.text.upper() in catalog_codes
            and CODE_LIKE.fullmatch(cell.text)
        ):
            problems.append(
                Problem(
                    "code_outside_column",
                    filename,
                    sheet.name,
                    cell.row,
                    cell.letter,
                    {"code": cell.text.upper(), "code_column": get_column_letter(code_column)},
                )
            )
    problems.extend(_codes_on_other_sheets(sheets, sheet, filename, catalog_codes))
    province, year = _header_fields(sheet, first_row)
    return ReadFile(
        filename, sheet.name, entries, province, year, tuple(problems), frozenset(flagged)
    )


def _number_like(cell: Cell) -> bool:
    """A cell that holds a number, a formula, or something meant as one (refused digits…)."""
    if cell.formula is not None:
        return True
    number = read_number(cell.value, cell.number_format)
    return not isinstance(number, NotANumber) or number.kind != "not_a_number"


def _is_total(sheet: Sheet, row: int) -> bool:
    return any(normalise(c.text) in TOTAL_LABELS for c in sheet.row_cells(row))


def _codes_on_other_sheets(
    sheets: list[Sheet], chosen: Sheet, filename: str, catalog_codes: set[str]
) -> list[Problem]:
    """A sheet besides the one read with indicator codes followed by a number on their row: its
    figures would be left out, so it is named (a guide listing codes without figures is not)."""
    problems = []
    for sheet in sheets:
        if sheet is chosen:
            continue
        rows = sorted(
            (
                c
                for c in sheet.cells
                if CODE_LIKE.fullmatch(c.text)
                and c.text.upper() in catalog_codes
                and any(
                    _number_like(other)
                    for other in sheet.row_cells(c.row)
                    if other.column > c.column
                )
            ),
            key=lambda c: (c.row, c.column),
        )
        if rows:
            first = rows[0]
            problems.append(
                Problem(
                    "codes_on_other_sheet",
                    filename,
                    sheet.name,
                    first.row,
                    first.letter,
                    {"count": len(rows), "chosen": quoted(chosen.name or "")},
                )
            )
    return problems


def _value_column(sheet: Sheet, code_column: int, rows: list[int], first_row: int) -> int:
    headed = [
        c
        for c in sheet.cells
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
            if cell.formula or not isinstance(
                read_number(cell.value, cell.number_format), NotANumber
            ):
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
    for row in sorted(r for r in sheet.rows if r < first_row):
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
