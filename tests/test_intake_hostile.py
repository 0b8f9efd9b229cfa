"""Hostile and clumsy files: nothing crashes, nothing is silently dropped, no traceback reaches a user.

Each bad file is refused with its one exact message and place, `python -m justice_dashboard import`
exits 2, and the data folder stays byte for byte as it was. The files are what a careful attacker
(or a tired officer) would bring: absurd numbers, digits of other scripts, look-alike codes, rows
far below the limit, oversized cells and archives, UTF-16 text, escapes in names.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest
from intake_files import (
    edit_part,
    filled_csv,
    filled_xlsx,
    parts,
    row_of,
    sheet_xml_rows,
    tree_hashes,
    zipped,
)
from openpyxl.utils import get_column_letter
from test_intake_corpus import CATALOG, ROW, SHEET, Case, V, add_row, set_cell, xlsx

from justice_dashboard.__main__ import main
from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.intake import check_file
from justice_dashboard.intake import cli as intake_cli
from justice_dashboard.intake.numbers import NotANumber, Number, read_number
from justice_dashboard.intake.reader import MAX_BYTES_ENV, Limits
from justice_dashboard.intake.validate import province_of
from justice_dashboard.snapshots import list_snapshot_files, read_provenance

CSV = "Tệp bp.csv"
VB01_CSV_ROW = 5  # the template as CSV: province, year, a blank line, the header, then VB01
MAX = "9.007.199.254.740.992"
LOOKS_LIKE = (
    "nhưng có ký tự không phải chữ A–Z hay chữ số 0–9 (chữ Kirin, Hy Lạp, chữ toàn độ rộng hoặc"
    " ký tự ẩn, ghi ra dạng \\uXXXX); hãy gõ lại mã bằng bàn phím thường."
)
TOO_LONG = (
    "dài quá giới hạn 32.767 ký tự của một ô Excel; cần bảng số liệu theo mẫu (mỗi ô một số hoặc"
    " một dòng chữ ngắn); tệp bị từ chối."
)
BEYOND_ROWS = (
    "có nội dung ở dòng này, quá giới hạn 5.000 dòng của một trang tính; hãy xóa các dòng thừa"
    " (kể cả những dòng ở rất xa bên dưới) rồi gửi lại; tệp bị từ chối, không dòng nào được đọc."
)
BEYOND_COLUMNS = (
    "có nội dung ở cột này, quá giới hạn 100 cột của một trang tính; hãy xóa các cột thừa rồi gửi"
    " lại; tệp bị từ chối, không dòng nào được đọc."
)
CORRUPT = (
    "tệp Excel bị hỏng: không đọc được bảng tính bên trong (thiếu hoặc sai cấu trúc); hãy mở trong"
    " Excel, lưu lại rồi gửi lại."
)
UTF16 = (
    "tệp văn bản ở mã UTF-16 (“Unicode Text” của Excel), không phải UTF-8; trong Excel hãy chọn"
    " “Lưu thành” → “CSV UTF-8 (Comma delimited)” rồi gửi lại."
)
ENCRYPTED = (
    "tệp Excel được đặt mật khẩu (mã hóa) nên không đọc được; hãy mở trong Excel, bỏ mật khẩu"
    " (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại rồi gửi"
    " lại."
)


def vi(n: int) -> str:
    """A whole number the Vietnamese way, written here without the code under test."""
    return f"{n:,}".replace(",", ".")


def csv_text(**values: object) -> str:
    return filled_csv(CATALOG, "70", 2024, {**V, **values})


def too_big(code: str, row: int, shown: str, where: str = SHEET, column: str = "F") -> str:
    return (
        f"{where}, dòng {row}, cột {column}: {code}: số {shown} quá lớn, vượt {MAX} (2^53, số lớn"
        " nhất lưu được chính xác); hãy kiểm tra lại số (có thể gõ thừa chữ số)."
    )


def exponent(code: str, row: int, shown: str, where: str = SHEET) -> str:
    return (
        f"{where}, dòng {row}, cột F: {code}: số viết dạng lũy thừa {shown} không được nhận (khi"
        " lưu CSV, Excel ghi số lớn dạng này sau khi làm tròn còn 6 chữ số); hãy gõ đủ các chữ số,"
        " ví dụ 125996, hoặc định dạng ô là Number rồi lưu lại."
    )


def foreign_digit(row: int, char: str, codepoint: str, typed: str) -> str:
    return (
        f"{SHEET}, dòng {row}, cột F: VB01: ô có chữ số “{char}” ({codepoint}) không phải chữ số"
        " 0–9 thông thường; chỉ nhận chữ số 0–9 (chữ số toàn độ rộng ０–９ cũng không được nhận),"
        f" hãy gõ lại số bằng bàn phím thường; nhận được “{typed}”."
    )


def implausible(code: str, value: str, unit: str, bound: str) -> str:
    return (
        f"{SHEET}, dòng {ROW[code]}, cột F: {code}: {value} {unit} vượt mức tối đa hợp lý của chỉ"
        f" tiêu này ({bound} {unit}); hãy kiểm tra lại số (có thể gõ thừa chữ số hoặc nhầm đơn vị)."
    )


def with_number_cell(code: str, digits: str) -> bytes:
    """The template whose value cell of `code` is a number cell holding `digits` as written."""
    content = xlsx(**{code: 12345})
    return edit_part(
        content,
        "xl/worksheets/sheet1.xml",
        lambda sheet: sheet.replace("<v>12345</v>", f"<v>{digits}</v>", 1),
    )


def with_extra_sheet(name: str, rows: list[list[object]]) -> bytes:
    def edit(ws):
        extra = ws.parent.create_sheet(name)
        for row in rows:
            extra.append(row)

    return xlsx(edit)


def with_sheets(count: int) -> bytes:
    def edit(ws):
        for n in range(count):
            ws.parent.create_sheet(f"Trang {n + 2}")

    return xlsx(edit)


def sheet_name_edit(name_xml: str) -> bytes:
    return edit_part(
        xlsx(VB01="x"),
        "xl/workbook.xml",
        lambda book: book.replace('name="Số liệu"', f'name="{name_xml}"', 1),
    )


def empty_cells(count: int) -> bytes:
    """A minimal archive whose one sheet holds `count` empty cells (XML elements, no content)."""
    sheet = b"<worksheet><sheetData><row>" + b"<c/>" * count + b"</row></sheetData></worksheet>"
    return zipped({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": sheet})


def many_formats(count: int) -> bytes:
    styles = b"<styleSheet>" + b"<xf/>" * count + b"</styleSheet>"
    return zipped({"xl/workbook.xml": b"<workbook/>", "xl/styles.xml": styles})


def encrypted_entries() -> bytes:
    """An archive whose entries are marked encrypted (general purpose flag bit 0)."""
    plain = bytearray(zipped({"xl/workbook.xml": b"<workbook/>"}, zipfile.ZIP_STORED))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = plain.index(signature) + flag_at
        flags = struct.unpack_from("<H", plain, at)[0]
        struct.pack_into("<H", plain, at, flags | 0x1)
    return bytes(plain)


def unpacked_over_the_limit() -> bytes:
    """53 parts of a million zeros each: no part abnormal alone, 53.000.004 bytes together."""
    zeros = {f"xl/media/image{n}.bin": b"\x00" * 1_000_000 for n in range(53)}
    return zipped({"xl/workbook.xml": b"<w/>", **zeros})


def ole_encrypted() -> bytes:
    """What Excel writes for a workbook with a password to open: an OLE file with its package."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return header + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64


def csv_with_a_nul_code() -> bytes:
    """A CSV whose last row's code holds a NUL, past the first 4.096 bytes that are sniffed."""
    note = "Ghi chú," + "x" * 5000 + "\n"
    return (note + csv_text() + "VB\x0001,,,,,5,\n").encode()


SIZE_OVER = xlsx()
SIZE = len(SIZE_OVER)
KB = f"{SIZE / 1024:.1f}".replace(".", ",")
CSV_ROWS = csv_text().count("\n")
QUOTES = 'a,"' * 20  # rows of the plain template as CSV

HOSTILE = [
    Case(
        "a_count_of_ten_to_the_28",
        "bp.xlsx",
        lambda: xlsx(PB02=1e28),
        too_big("PB02", ROW["PB02"], "“1E+28”"),
    ),
    Case(
        "participants_of_nine_times_ten_to_the_27",
        "bp.xlsx",
        lambda: xlsx(PB02=9e27),
        too_big("PB02", ROW["PB02"], "“9E+27”"),
    ),
    Case(
        "one_above_two_to_the_53_typed_as_text",
        "bp.xlsx",
        lambda: xlsx(TA05="9007199254740993"),
        too_big("TA05", ROW["TA05"], "“9007199254740993”"),
    ),
    Case(
        "a_number_cell_of_5000_digits",
        "bp.xlsx",
        lambda: with_number_cell("VB01", "9" * 5000),
        too_big("VB01", ROW["VB01"], f"“{'9' * 59}…” (5.000 ký tự)"),
    ),
    Case(
        "a_text_of_20_000_digits",
        "bp.xlsx",
        lambda: xlsx(VB01="1" * 20_000),
        too_big("VB01", ROW["VB01"], f"“{'1' * 59}…” (20.000 ký tự)"),
    ),
    Case(
        "an_exponent_typed_as_text",
        "bp.xlsx",
        lambda: xlsx(PB02="1E+23"),
        exponent("PB02", ROW["PB02"], "“1E+23”"),
    ),
    Case(
        "a_small_exponent_in_a_csv",
        "bp.csv",
        lambda: csv_text(VB01="1e5").encode(),
        exponent("VB01", VB01_CSV_ROW, "“1e5”", where=CSV),
    ),
    Case(
        "participants_over_their_bound",
        "bp.xlsx",
        lambda: xlsx(PB02=2_000_000_000),
        implausible("PB02", "2.000.000.000", "lượt người", "1.000.000.000"),
    ),
    Case(
        "money_over_its_bound",
        "bp.xlsx",
        lambda: xlsx(TA05="20.000.000.000"),
        implausible("TA05", "20.000.000.000", "triệu đồng", "10.000.000.000"),
    ),
    Case(
        "a_devanagari_digit_among_ascii_ones",
        "bp.xlsx",
        lambda: xlsx(VB01="1२3"),
        foreign_digit(ROW["VB01"], "२", "U+0968", "1२3"),
    ),
    Case(
        "full_width_digits",
        "bp.xlsx",
        lambda: xlsx(VB01="１２３"),
        foreign_digit(ROW["VB01"], "１", "U+FF11", "１２３"),
    ),
    Case(
        "a_superscript_digit",
        "bp.xlsx",
        lambda: xlsx(VB01="10²"),
        foreign_digit(ROW["VB01"], "²", "U+00B2", "10²"),
    ),
    Case(
        "a_zero_width_space_inside_a_number",
        "bp.xlsx",
        lambda: xlsx(VB01="12\u200b345"),
        f"{SHEET}, dòng {ROW['VB01']}, cột F: VB01: cần một số (ví dụ 125.996 hoặc 83,25), nhận"
        " được “12\\u200b345”.",
    ),
    Case(
        "a_csv_field_over_csv_s_own_limit",
        "bp.csv",
        lambda: csv_text(VB01="1" * 200_000).encode(),
        f"{CSV}, dòng {VB01_CSV_ROW}, cột F: ô “{'1' * 59}…” (200.000 ký tự) {TOO_LONG}",
    ),
    Case(
        "a_quoted_csv_field_over_csv_s_limit_holding_commas_and_quotes",
        "bp.csv",
        lambda: csv_text(VB01='a,"' * 50_000).encode(),
        f"{CSV}, dòng {VB01_CSV_ROW}, cột F: ô “{QUOTES[:59]}…” (150.000 ký tự) {TOO_LONG}",
    ),
    Case(
        "a_csv_note_over_excel_s_cell_limit",
        "bp.csv",
        lambda: (csv_text() + "," * 6 + "x" * 40_000 + "\n").encode(),
        f"{CSV}, dòng {CSV_ROWS + 1}, cột G: ô “{'x' * 59}…” (40.000 ký tự) {TOO_LONG}",
    ),
    Case(
        "utf16_text_with_a_byte_order_mark",
        "bp.csv",
        lambda: csv_text().encode("utf-16"),
        f"{CSV}: {UTF16}",
    ),
    Case(
        "utf16_text_without_a_byte_order_mark",
        "bp.csv",
        lambda: csv_text().encode("utf-16-le"),
        f"{CSV}: {UTF16}",
    ),
    Case(
        "excel_unicode_text_big_endian",
        "bp.txt",
        lambda: csv_text().replace(",", "\t").encode("utf-16-be"),
        f"Tệp bp.txt: {UTF16}",
    ),
    Case(
        "a_code_in_cyrillic_letters",
        "bp.xlsx",
        lambda: xlsx(lambda ws: ws.cell(row_of(ws, "TA01"), 1, "\u0422\u041001")),
        f"{SHEET}, dòng {ROW['TA01']}, cột A: mã chỉ tiêu “\\u0422\\u041001” trông giống TA01"
        f" {LOOKS_LIKE}",
    ),
    Case(
        "a_zero_width_space_in_a_code_beside_the_real_row",
        "bp.xlsx",
        lambda: xlsx(add_row("VB\u200b01", 71)),
        f"{SHEET}, dòng 38, cột A: mã chỉ tiêu “VB\\u200b01” trông giống VB01 {LOOKS_LIKE}",
    ),
    Case(
        "a_byte_order_mark_before_a_code_in_a_csv",
        "bp.csv",
        lambda: (csv_text() + "\ufeffVB01,,,,,99,\n").encode(),
        f"{CSV}, dòng {CSV_ROWS + 1}, cột A: mã chỉ tiêu “\\ufeffVB01” trông giống VB01 {LOOKS_LIKE}",
    ),
    Case(
        "a_nul_in_a_code_past_the_sniffed_start",
        "bp.csv",
        csv_with_a_nul_code,
        f"{CSV}, dòng {CSV_ROWS + 2}, cột A: mã chỉ tiêu “VB\\u000001” trông giống VB01 {LOOKS_LIKE}",
    ),
    Case(
        "a_code_in_full_width_letters",
        "bp.xlsx",
        lambda: xlsx(add_row("ＶＢ０１", 5)),
        f"{SHEET}, dòng 38, cột A: mã chỉ tiêu “\\uff36\\uff22\\uff10\\uff11” trông giống VB01"
        f" {LOOKS_LIKE}",
    ),
    Case(
        "a_code_with_arabic_indic_digits",
        "bp.xlsx",
        lambda: xlsx(add_row("VB٠١", 5)),
        f"{SHEET}, dòng 38, cột A: mã chỉ tiêu “VB\\u0660\\u0661” trông giống VB01 {LOOKS_LIKE}",
    ),
    Case(
        "a_code_of_letters_like_no_code",
        "bp.xlsx",
        lambda: xlsx(add_row("ДБ01", 5)),
        f"{SHEET}, dòng 38, cột A: ô mã chỉ tiêu ghi “\\u0414\\u041101”, có chữ cái hoặc chữ số"
        " không phải A–Z, 0–9 (ghi ra dạng \\uXXXX) và không giống mã nào; cần một mã của mẫu nhập"
        " (ví dụ VB01, TA01).",
    ),
    Case(
        "a_row_with_a_number_and_no_code",
        "bp.xlsx",
        lambda: xlsx(add_row(None, 5)),
        f"{SHEET}, dòng 38, cột A: dòng có số “5” ở cột F nhưng không có mã chỉ tiêu; hãy ghi mã"
        " chỉ tiêu (ví dụ VB01) vào ô này, hoặc xóa dòng nếu không phải số liệu.",
    ),
    Case(
        "a_code_with_a_space_in_it",
        "bp.xlsx",
        lambda: xlsx(add_row("VB 01", 5)),
        f"{SHEET}, dòng 38, cột A: ô mã chỉ tiêu ghi “VB 01”, không phải một mã (chữ A–Z rồi chữ"
        " số 0–9, ví dụ VB01), mà dòng có số “5” ở cột F; hãy sửa mã hoặc xóa dòng.",
    ),
    Case(
        "a_code_outside_the_code_column",
        "bp.xlsx",
        lambda: xlsx(set_cell("H10", "VB01")),
        f"{SHEET}, dòng 10, cột H: mã chỉ tiêu VB01 nằm ngoài cột mã chỉ tiêu (cột A) nên dòng này"
        " không được đọc; hãy đưa mọi chỉ tiêu về một bảng, mã ở cột A.",
    ),
    Case(
        "figures_on_a_second_sheet",
        "bp.xlsx",
        lambda: with_extra_sheet("Năm 2023", [["VB01", 60], ["VB03", 900]]),
        "Tệp bp.xlsx, trang tính Năm 2023, dòng 1, cột A: trang tính này cũng có 2 dòng chỉ tiêu"
        " kèm số (dòng đầu ở đây), nhưng chỉ trang tính “Số liệu” được đọc; mỗi tệp chỉ một trang"
        " tính số liệu: hãy xóa trang tính này hoặc chuyển sang tệp khác.",
    ),
    Case(
        "a_duplicate_at_row_100_000",
        "bp.xlsx",
        lambda: xlsx(set_cell("A100000", "VB01")),
        f"{SHEET}, dòng 100.000, cột A: {BEYOND_ROWS}",
    ),
    Case(
        "a_note_in_excel_s_last_row",
        "bp.xlsx",
        lambda: xlsx(set_cell("B1048576", "ghi chú")),
        f"{SHEET}, dòng 1.048.576, cột B: {BEYOND_ROWS}",
    ),
    Case(
        "a_csv_line_far_below_blank_lines",
        "bp.csv",
        lambda: (csv_text() + "\n" * 100_000 + "VB01,,,,,1,\n").encode(),
        f"{CSV}, dòng {vi(CSV_ROWS + 100_001)}, cột A: {BEYOND_ROWS}",
    ),
    Case(
        "a_cell_in_excel_s_last_column",
        "bp.xlsx",
        lambda: xlsx(set_cell("XFD10", 1)),
        f"{SHEET}, dòng 10, cột XFD: {BEYOND_COLUMNS}",
    ),
    Case(
        "a_csv_row_of_151_fields",
        "bp.csv",
        lambda: (csv_text() + "," * 150 + "5\n").encode(),
        f"{CSV}, dòng {CSV_ROWS + 1}, cột {get_column_letter(151)}: {BEYOND_COLUMNS}",
    ),
    Case(
        "a_csv_row_of_30_000_fields",
        "bp.csv",
        lambda: (csv_text() + "," * 29_999 + "5\n").encode(),
        f"{CSV}, dòng {CSV_ROWS + 1}, cột ARIV: {BEYOND_COLUMNS}",
    ),
    Case(
        "a_csv_of_50_001_cells",
        "bp.csv",
        lambda: (",".join(["1"] * 20) + "\n").encode() * 2501,
        f"{CSV}, dòng 2.501, cột A: tệp có hơn 50.000 ô có nội dung, vượt giới hạn ở ô này; hãy chỉ"
        " gửi trang tính số liệu theo mẫu (xóa các bảng, trang tính khác); tệp bị từ chối.",
    ),
    Case(
        "thirty_one_sheets",
        "bp.xlsx",
        lambda: with_sheets(30),
        "Tệp bp.xlsx: tệp có 31 trang tính, vượt giới hạn 30; hãy chỉ gửi trang tính số liệu theo"
        " mẫu.",
    ),
    Case(
        "a_sheet_of_250_000_empty_cells",
        "bp.xlsx",
        lambda: empty_cells(250_000),
        "Tệp bp.xlsx: tệp Excel chứa quá nhiều thành phần bên trong: ít nhất 250.004 thẻ XML (ô,"
        " dòng, chuỗi chữ, định dạng…; giới hạn 250.000), trong đó 1 thẻ định dạng, tên, thuộc"
        " tính (giới hạn 30.000); hãy chỉ gửi trang tính số liệu theo mẫu, không kèm định dạng hay"
        " trang tính khác; tệp bị từ chối.",
    ),
    Case(
        "thirty_thousand_formats",
        "bp.xlsx",
        lambda: many_formats(30_000),
        "Tệp bp.xlsx: tệp Excel chứa quá nhiều thành phần bên trong: ít nhất 30.002 thẻ XML (ô,"
        " dòng, chuỗi chữ, định dạng…; giới hạn 250.000), trong đó 30.002 thẻ định dạng, tên, thuộc"
        " tính (giới hạn 30.000); hãy chỉ gửi trang tính số liệu theo mẫu, không kèm định dạng hay"
        " trang tính khác; tệp bị từ chối.",
    ),
    Case(
        "a_document_type_declaration",
        "bp.xlsx",
        lambda: zipped(
            {"xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aa">]><w>&a;</w>'}
        ),
        f"Tệp bp.xlsx: {CORRUPT}",
    ),
    Case(
        "two_cells_at_one_place",
        "bp.xlsx",
        lambda: edit_part(
            xlsx(),
            "xl/worksheets/sheet1.xml",
            sheet_xml_rows(
                '<row r="40"><c r="B40" t="n"><v>1</v></c><c r="B40"><v>2</v></c></row>'
            ),
        ),
        f"Tệp bp.xlsx: {CORRUPT}",
    ),
    Case(
        "a_cell_in_row_zero",
        "bp.xlsx",
        lambda: edit_part(
            xlsx(),
            "xl/worksheets/sheet1.xml",
            sheet_xml_rows('<row r="0"><c r="A0" t="n"><v>1</v></c></row>'),
        ),
        f"Tệp bp.xlsx: {CORRUPT}",
    ),
    Case(
        "five_hundred_and_one_parts",
        "bp.xlsx",
        lambda: zipped(
            {"xl/workbook.xml": b"<w/>", **{f"xl/p{n}.xml": b"<p/>" for n in range(500)}}
        ),
        "Tệp bp.xlsx: tệp Excel gồm 501 phần nén bên trong, vượt giới hạn 500 phần (một tệp bình"
        " thường chỉ có vài chục); tệp bị từ chối.",
    ),
    Case(
        "parts_unpacking_over_the_limit_together",
        "bp.xlsx",
        unpacked_over_the_limit,
        "Tệp bp.xlsx: tệp Excel khi giải nén nặng 53.000.004 byte (50,5 MB), vượt giới hạn"
        " 52.428.800 byte (50,0 MB); hãy chỉ gửi bảng số liệu (không kèm hình ảnh, trang tính khác).",
    ),
    Case(
        "a_workbook_with_a_password",
        "bp.xlsx",
        ole_encrypted,
        f"Tệp bp.xlsx: {ENCRYPTED}",
    ),
    Case(
        "an_archive_of_encrypted_parts",
        "bp.xlsx",
        encrypted_entries,
        f"Tệp bp.xlsx: {ENCRYPTED}",
    ),
    Case(
        "one_byte_over_the_size_limit",
        "bp.xlsx",
        lambda: SIZE_OVER,
        f"Tệp bp.xlsx: tệp nặng {vi(SIZE)} byte ({KB} KB), vượt giới hạn {vi(SIZE - 1)} byte"
        f" ({KB} KB); hãy chỉ gửi bảng số liệu (không kèm hình ảnh, trang tính khác).",
        env={MAX_BYTES_ENV: str(SIZE - 1)},
    ),
    Case(
        "a_phrase_that_merely_contains_a_province",
        "bp.xlsx",
        lambda: xlsx(set_cell("B2", "Không phải Bình Phước mà là Tây Ninh")),
        f"{SHEET}, dòng 2, cột B: tỉnh “Không phải Bình Phước mà là Tây Ninh” không có trong danh"
        " mục; cần mã hoặc đúng tên của một trong: 70 (Bình Phước), 72 (Tây Ninh), 74 (Bình"
        " Dương), 75 (Đồng Nai), 77 (Bà Rịa - Vũng Tàu), 58 (Ninh Thuận), 60 (Bình Thuận), 79 (TP."
        " Hồ Chí Minh), 80 (Long An), 56 (Khánh Hòa), 68 (Lâm Đồng), 67 (Đắk Nông) (có thể"
        " kèm “Tỉnh”, “Thành phố”, “TP.” hay tên cơ quan phía trước).",
    ),
    Case(
        "a_year_in_devanagari_digits",
        "bp.xlsx",
        lambda: xlsx(set_cell("B3", "२०२४")),
        f"{SHEET}, dòng 3, cột B: năm “२०२४” không phải một năm; cần bốn chữ số 0–9, ví dụ 2024.",
    ),
    Case(
        "a_sheet_named_with_a_newline_and_a_bidi_override",
        "bp.xlsx",
        lambda: sheet_name_edit("Số&#10;liệu&#x202E;xoá"),
        f"Tệp bp.xlsx, trang tính Số liệuxoá, dòng {ROW['VB01']}, cột F: VB01: cần một số (ví dụ"
        " 125.996 hoặc 83,25), nhận được “x”.",
    ),
]


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(BUNDLED_DATA_DIR, root, dirs_exist_ok=True)
    return root


@pytest.mark.parametrize("case", HOSTILE, ids=[c.name for c in HOSTILE])
def test_a_hostile_file_is_refused_with_its_one_message_and_nothing_changes(
    case: Case, data_copy: Path, tmp_path: Path, monkeypatch, capsys
):
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    upload = tmp_path / case.filename
    upload.write_bytes(case.content())
    before = tree_hashes(data_copy)
    code = main(["import", str(upload), "--data-dir", str(data_copy), "--by", "Kiểm thử"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 2
    assert lines == [f"Tệp {case.filename} có 1 lỗi; không ghi gì:", f"- {case.says}"]
    assert tree_hashes(data_copy) == before


def test_a_lookalike_code_is_reported_once_not_also_as_missing():
    content = xlsx(lambda ws: ws.cell(row_of(ws, "TA01"), 1, "\u0422\u041001"))
    checked = check_file(content, "bp.xlsx", CATALOG)
    assert [p.kind for p in checked.problems] == ["code_lookalike"]


def test_a_row_without_a_code_is_reported_with_the_indicator_it_leaves_missing():
    def clear_code(ws):
        ws.cell(row_of(ws, "VB03"), 1).value = None

    content = xlsx(clear_code)
    assert [p.text() for p in check_file(content, "bp.xlsx", CATALOG).problems] == [
        f"{SHEET}, dòng {ROW['VB03']}, cột A: dòng có số “{vi(int(V['VB03']))}” ở cột F nhưng"
        " không có mã chỉ tiêu; hãy ghi mã chỉ tiêu (ví dụ VB01) vào ô này, hoặc xóa dòng nếu không"
        " phải số liệu.",
        "Tệp bp.xlsx: thiếu 1 chỉ tiêu bắt buộc của Sở Tư pháp (STP) (để trống hoặc không có dòng):"
        " VB03; tệp có số liệu của một cơ quan thì cần đủ mọi chỉ tiêu của cơ quan đó.",
    ]


def test_a_duplicate_within_the_row_limit_is_reported_with_both_rows():
    content = xlsx(lambda ws: (ws.cell(5000, 1, "VB01"), ws.cell(5000, 6, 1)))
    assert [p.text() for p in check_file(content, "bp.xlsx", CATALOG).problems] == [
        f"{SHEET}, dòng 5.000, cột A: chỉ tiêu VB01 xuất hiện lần thứ hai (lần đầu ở dòng 8); mỗi"
        " chỉ tiêu chỉ một dòng."
    ]


def test_a_shared_formula_without_saved_values_is_refused_in_every_cell_it_covers():
    def shared(sheet: str) -> str:
        first = re.sub(
            r'<c r="F8"([^>]*)><v>[^<]*</v></c>',
            r'<c r="F8"\1><f t="shared" ref="F8:F9" si="0">E8+1</f></c>',
            sheet,
        )
        return re.sub(
            r'<c r="F9"([^>]*)><v>[^<]*</v></c>', r'<c r="F9"\1><f t="shared" si="0"/></c>', first
        )

    content = edit_part(xlsx(), "xl/worksheets/sheet1.xml", shared)
    texts = [p.text() for p in check_file(content, "bp.xlsx", CATALOG).problems]
    assert texts == [
        f"{SHEET}, dòng {row}, cột F: {code}: ô có công thức “=E{row}+1” nhưng chưa có giá trị đã"
        " tính; hãy mở tệp trong Excel, lưu lại rồi gửi lại (hoặc gõ số)."
        for code, row in (("VB01", 8), ("VB06", 9))
    ]


def test_a_date_cell_outside_excel_s_calendar_is_text_not_a_warning():
    def edit(ws):
        cell = ws.cell(row_of(ws, "VB01"), 6, 10**10)
        cell.number_format = "dd/mm/yyyy"

    checked = check_file(xlsx(edit), "bp.xlsx", CATALOG)
    assert [p.text() for p in checked.problems] == [
        f"{SHEET}, dòng 8, cột F: VB01: cần một số (ví dụ 125.996 hoặc 83,25), nhận được “#VALUE!”."
    ]


def test_a_sheet_whose_recorded_dimension_lies_is_read_whole():
    def lie(sheet: str) -> str:
        return re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:A1"/>', sheet)

    checked = check_file(
        edit_part(xlsx(TA01=50_000), "xl/worksheets/sheet1.xml", lie), "bp.xlsx", CATALOG
    )
    assert checked.problems == ()
    assert checked.submission.values["TA01"] == 50_000
    assert len(checked.submission.values) == len(CATALOG.stored_indicators())


def test_a_workbook_without_a_default_style_is_read_without_a_warning():
    found = parts(xlsx())
    del found["xl/styles.xml"]
    for name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        found[name] = re.sub(rb"<(Relationship|Override)[^>]*styles[^>]*/>", b"", found[name])
    checked = check_file(zipped(found), "bp.xlsx", CATALOG)
    assert checked.problems == ()
    assert checked.submission.values == V


def test_minus_zero_is_stored_as_zero():
    checked = check_file(xlsx(VB04="-0", XL01=-0.0, LS01="(0)"), "bp.xlsx", CATALOG)
    assert checked.problems == ()
    for code in ("VB04", "XL01", "LS01"):
        value = checked.submission.values[code]
        assert value == 0 and math.copysign(1, value) == 1, code


def test_a_csv_with_old_mac_line_ends_is_read():
    content = csv_text().replace("\n", "\r").encode()
    checked = check_file(content, "bp.csv", CATALOG)
    assert checked.problems == ()
    assert checked.submission.values == V


@pytest.mark.parametrize(
    "typed",
    [
        "70",
        "Bình Phước",
        "  bình   PHƯỚC ",
        "Tỉnh Bình Phước",
        "tỉnh bình phước",
        "Sở Tư pháp tỉnh Bình Phước",
        "Cục Thi hành án dân sự tỉnh Bình Phước",
        "Thi hành án dân sự tỉnh Bình Phước",
        "Binh Phuoc",
        "Bi\u0300nh Phu\u031bo\u031b\u0301c",  # the same name in decomposed form (NFD)
    ],
)
def test_a_province_is_read_from_its_code_or_its_exact_name(typed):
    assert province_of(CATALOG, typed) == "70"


@pytest.mark.parametrize("typed", ["Bà Rịa-Vũng Tàu", "bà rịa – vũng tàu", "TP. Bà Rịa - Vũng Tàu"])
def test_a_province_name_is_read_whatever_its_dashes_and_spacing(typed):
    assert province_of(CATALOG, typed) == "77"


@pytest.mark.parametrize(
    "typed",
    [
        "Không phải Bình Phước mà là Tây Ninh",
        "Bình Phước mới",
        "Bình",
        "Tỉnh",
        "70 - Bình Phước",
        "Sở Tư pháp",
        "७०",
    ],
)
def test_a_phrase_or_a_part_of_a_name_is_not_a_province(typed):
    assert province_of(CATALOG, typed) is None


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("1e5", "exponent"),
        ("1,5E+3", "exponent"),
        ("-2E-3", "exponent"),
        ("1२3", "foreign_digit"),
        ("１２３", "foreign_digit"),
        ("½", "foreign_digit"),
        ("Ⅻ", "foreign_digit"),
        ("9007199254740993", "too_big"),
        ("9.007.199.254.740.993", "too_big"),
        ("1" * 1_000_000, "too_big"),
        (2**53 + 1, "too_big"),
        (10**400, "too_big"),
        (1e300, "too_big"),
        (float("inf"), "not_a_number"),
        (float("nan"), "not_a_number"),
        ("e5", "not_a_number"),
    ],
)
def test_a_number_in_a_refused_form_says_why(typed, kind):
    number = read_number(typed)
    assert isinstance(number, NotANumber) and number.kind == kind


def test_two_to_the_53_itself_and_minus_zero_are_numbers():
    assert read_number(str(2**53)) == Number(float(2**53))
    assert read_number(2**53) == Number(float(2**53))
    assert read_number("-0") == Number(0.0)
    assert math.copysign(1, read_number(-0.0).value) == 1


@pytest.mark.parametrize("raw", ["５", "²", "1e6", "-5", "99999999999999999999"])
def test_a_size_limit_that_is_not_plain_digits_leaves_the_default(monkeypatch, raw):
    monkeypatch.setenv(MAX_BYTES_ENV, raw)
    assert Limits.from_env() == Limits()


def test_every_stored_indicator_has_a_bound_that_the_sample_stays_well_below():
    import pandas as pd

    frame = pd.concat(pd.read_parquet(p) for p in list_snapshot_files(BUNDLED_DATA_DIR))
    largest = frame.groupby("indicator_code")["value"].max()
    for indicator in CATALOG.stored_indicators():
        assert indicator.max_value is not None, indicator.code
        assert largest[indicator.code] * 100 <= indicator.max_value, indicator.code
    assert all(i.max_value is None for i in CATALOG.indicators if i.is_rate)


def test_a_catalog_without_the_bound_column_loads_with_no_bounds(tmp_path: Path):
    from justice_dashboard.catalog import load_catalog

    reference = tmp_path / "reference"
    shutil.copytree(BUNDLED_DATA_DIR / "reference", reference)
    lines = (reference / "indicators.csv").read_text(encoding="utf-8").splitlines()
    (reference / "indicators.csv").write_text(
        "\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", encoding="utf-8"
    )
    catalog = load_catalog(reference)
    assert "max_value" not in lines[0].rsplit(",", 1)[0]
    assert all(i.max_value is None for i in catalog.indicators)
    checked = check_file(xlsx(PB02=2_000_000_000), "bp.xlsx", catalog)
    assert checked.problems == () and checked.submission.values["PB02"] == 2_000_000_000


ESCAPED_NAME = "bp\x1b[2J\x1b]0;pwned\x07\n- Đã nhập xong\u202egpj.csv"


def test_the_command_line_shows_a_hostile_file_name_as_plain_text(data_copy, tmp_path, capsys):
    upload = tmp_path / ESCAPED_NAME
    upload.write_bytes(csv_text(VB01="x").encode())
    before = tree_hashes(data_copy)
    assert main(["import", str(upload), "--data-dir", str(data_copy)]) == 2
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Tệp bp - Đã nhập xonggpj.csv có 1 lỗi; không ghi gì:",
        f"- Tệp bp - Đã nhập xonggpj.csv, dòng {VB01_CSV_ROW}, cột F: VB01: cần một số (ví dụ"
        " 125.996 hoặc 83,25), nhận được “x”.",
    ]
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", out)
    assert tree_hashes(data_copy) == before


def test_the_command_line_shows_a_missing_path_as_plain_text(tmp_path, capsys):
    missing = tmp_path / "không\x1b[31mcó\n.xlsx"
    assert main(["import", str(missing)]) == 2
    assert capsys.readouterr().out == f"Không có tệp {tmp_path}/khôngcó .xlsx.\n"


def test_a_name_given_with_escapes_is_shown_and_stored_as_plain_text(tmp_path, capsys):
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    upload = tmp_path / "bp.xlsx"
    upload.write_bytes(filled_xlsx(CATALOG, "70", 2024, V))
    before = set(list_snapshot_files(root))
    by = "Nguyễn\x1b[8m Văn A\u202e\n"
    assert main(["import", str(upload), "--data-dir", str(root), "--by", by]) == 0
    out = capsys.readouterr().out
    assert "người nhập: Nguyễn Văn A)" in out and "\x1b" not in out and out.count("\n") == 1
    (written,) = set(list_snapshot_files(root)) - before
    assert read_provenance(written)["submitted_by"] == "Nguyễn Văn A"


def test_a_defect_of_the_checks_is_one_line_and_exit_2_not_a_traceback(
    data_copy, tmp_path, monkeypatch, capsys
):
    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr("justice_dashboard.intake.validate.check_file", broken)
    upload = tmp_path / "bp.xlsx"
    upload.write_bytes(xlsx())
    before = tree_hashes(data_copy)
    assert main(["import", str(upload), "--data-dir", str(data_copy)]) == 2
    assert capsys.readouterr().out == (
        "Lỗi nội bộ khi kiểm tra tệp bp.xlsx (KeyError); không ghi gì. Hãy báo cho người quản trị"
        " kèm tệp này.\n"
    )
    assert tree_hashes(data_copy) == before
    assert intake_cli.EXIT_INVALID == 2


def test_a_report_sheet_with_a_signature_a_date_and_a_total_in_the_value_column_is_read():
    import datetime as dt

    def edit(ws):
        last = ws.max_row
        ws.cell(last + 1, 2, "Tổng cộng")
        ws.cell(last + 1, 6, 123456)
        ws.cell(last + 3, 6, "Bình Phước, ngày 15 tháng 12 năm 2024")
        ws.cell(last + 4, 6, dt.datetime(2024, 12, 15))
        ws.cell(last + 5, 6, "Thủ trưởng đơn vị")
        ws.cell(last + 6, 6, "(Ký, ghi rõ họ tên, đóng dấu)")
        ws.cell(last + 9, 6, "Nguyễn Văn A")

    checked = check_file(xlsx(edit), "bp.xlsx", CATALOG)
    assert checked.problems == ()
    assert checked.submission.values == V


def test_checking_the_workbook_reads_it_once(monkeypatch):
    import justice_dashboard.intake.reader as reader

    opened: list[bool] = []
    real = reader.load_workbook

    def counting(*args, **kwargs):
        opened.append(kwargs.get("data_only", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(reader, "load_workbook", counting)
    assert check_file(xlsx(), "bp.xlsx", CATALOG).problems == ()
    assert opened == [True]


def test_a_workbook_of_many_cells_within_the_limits_is_read(tmp_path):
    book = openpyxl.load_workbook(io.BytesIO(xlsx()))
    extra = book.create_sheet("Chi tiết")
    for row in range(1, 401):
        extra.append([f"huyện {row}"] + [row * column for column in range(1, 100)])
    out = io.BytesIO()
    book.save(out)
    checked = check_file(out.getvalue(), "bp.xlsx", CATALOG)
    assert checked.problems == ()
    assert checked.submission.values == V
