"""A corpus of bad files, one per problem: each is refused with its own message and place, and the
data folder stays byte-for-byte as it was (`python -m justice_dashboard import` exits 2)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
import pytest
from intake_files import bundled_values, filled_csv, filled_xlsx, row_of, tree_hashes, zipped

from justice_dashboard import fmt
from justice_dashboard.__main__ import main
from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.i18n import strings
from justice_dashboard.intake import check_file
from justice_dashboard.intake.reader import MAX_BYTES_ENV

SCORING_FILE_PROBLEMS = ("intake.problem.target_", "intake.problem.table_")
CATALOG = load_catalog()
V = bundled_values("70", 2024)
ROW = {i.code: 8 + n for n, i in enumerate(CATALOG.stored_indicators())}
NEXT_YEAR = dt.date.today().year + 1
SHEET = "Tệp bp.xlsx, trang tính Số liệu"


def xlsx(edit: Callable | None = None, year: int = 2024, **values: object) -> bytes:
    return filled_xlsx(CATALOG, "70", year, {**V, **values}, edit)


def add_row(code: str, value: object) -> Callable:
    def edit(ws):
        row = ws.max_row + 1
        ws.cell(row, 1, code)
        ws.cell(row, 6, value)

    return edit


def set_cell(ref: str, value: object) -> Callable:
    def edit(ws):
        ws[ref] = value

    return edit


def clear(code: str) -> Callable:
    def edit(ws):
        ws.cell(row_of(ws, code), 6).value = None

    return edit


def empty_workbook() -> bytes:
    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    return out.getvalue()


def damaged_part() -> bytes:
    """A workbook archive whose sheet's bytes no longer match their checksum."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"<sheetData>" + b"1" * 64 + b"</sheetData>")
    return out.getvalue().replace(b"1" * 64, b"2" + b"1" * 63)


ZIP_BOMB = zipped({"xl/workbook.xml": b"<w/>", "xl/worksheets/sheet1.xml": b"0" * 3_000_000})
BOMB = zipfile.ZipFile(io.BytesIO(ZIP_BOMB)).getinfo("xl/worksheets/sheet1.xml")


def codes_only_csv() -> bytes:
    return "\n".join(f"{code},{value}" for code, value in V.items()).encode()


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    content: Callable[[], bytes]
    says: str  # the whole problem line, or its start when `exact` is False
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    exact: bool = True


CASES = [
    Case(
        "file_over_the_limit",
        "bp.xlsx",
        xlsx,
        "Tệp bp.xlsx: tệp nặng ",
        env={MAX_BYTES_ENV: "4096"},
        exact=False,
    ),
    Case(
        "empty_file",
        "bp.xlsx",
        lambda: b"",
        "Tệp bp.xlsx: tệp rỗng, không có ô nào có nội dung; cần bảng số liệu theo mẫu.",
    ),
    Case(
        "workbook_without_cells",
        "bp.xlsx",
        empty_workbook,
        "Tệp bp.xlsx: tệp rỗng, không có ô nào có nội dung; cần bảng số liệu theo mẫu.",
    ),
    Case(
        "csv_of_blank_lines",
        "bp.csv",
        lambda: b" \n\n ,, \n",
        "Tệp bp.csv: tệp rỗng, không có ô nào có nội dung; cần bảng số liệu theo mẫu.",
    ),
    Case(
        "pdf_renamed",
        "bp.pdf",
        lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        "Tệp bp.pdf: không phải tệp Excel (.xlsx) hay CSV",
        exact=False,
    ),
    Case(
        "word_document",
        "bp.docx",
        lambda: zipped({"word/document.xml": b"<w/>"}),
        "Tệp bp.docx: không phải tệp Excel (.xlsx) hay CSV",
        exact=False,
    ),
    Case(
        "excel_97",
        "bp.xls",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
        "Tệp bp.xls: tệp Excel 97–2003 (.xls) chưa được hỗ trợ; hãy mở trong Excel và lưu thành .xlsx.",
    ),
    Case(
        "truncated_workbook",
        "bp.xlsx",
        lambda: xlsx()[:3000],
        "Tệp bp.xlsx: tệp Excel bị hỏng: không mở được tệp (có thể tải về hoặc sao chép chưa hết);"
        " hãy mở trong Excel, lưu lại rồi gửi lại.",
    ),
    Case(
        "renamed_to_xlsx",
        "bp.xlsx",
        lambda: "Mã chỉ tiêu\tGiá trị\nVB01\t12\n".encode(),
        "Tệp bp.xlsx: tệp mang đuôi .xlsx nhưng nội dung không phải tệp Excel (có thể đã bị đổi"
        " tên); hãy mở trong Excel, lưu thành .xlsx rồi gửi lại.",
    ),
    Case(
        "damaged_part",
        "bp.xlsx",
        damaged_part,
        "Tệp bp.xlsx: tệp Excel bị hỏng: phần “xl/worksheets/sheet1.xml” bên trong tệp không đọc"
        " được; hãy mở trong Excel, lưu lại rồi gửi lại.",
    ),
    Case(
        "workbook_without_its_parts",
        "bp.xlsx",
        lambda: zipped({"xl/workbook.xml": b"<workbook/>"}),
        "Tệp bp.xlsx: tệp Excel bị hỏng: không đọc được bảng tính bên trong (thiếu hoặc sai cấu"
        " trúc); hãy mở trong Excel, lưu lại rồi gửi lại.",
    ),
    Case(
        "zip_bomb",
        "bp.xlsx",
        lambda: ZIP_BOMB,
        "Tệp bp.xlsx: phần “xl/worksheets/sheet1.xml” của tệp nén bất thường: "
        f"{fmt.number(BOMB.compress_size)} byte ({fmt.number(BOMB.compress_size / 1024, 1)} KB) "
        "giải nén thành 3.000.000 byte (2,9 MB), "
        f"gấp {fmt.number(3_000_000 / BOMB.compress_size)} lần (giới hạn 200 lần), dấu hiệu của "
        "một “bom nén”; tệp bị từ chối.",
    ),
    Case(
        "csv_not_utf8",
        "bp.csv",
        lambda: filled_csv(CATALOG, "70", 2024, V).encode("cp1258", errors="replace"),
        "Tệp bp.csv: tệp CSV không ở mã UTF-8; trong Excel hãy chọn “Lưu thành” → “CSV UTF-8”.",
    ),
    Case(
        "no_indicator_rows",
        "bp.csv",
        lambda: "Báo cáo năm\nKhông có số liệu\n".encode(),
        "Tệp bp.csv: không tìm thấy dòng chỉ tiêu nào; cần một cột “Mã chỉ tiêu” với các mã như VB01, TA01.",
    ),
    Case(
        "too_many_rows",
        "bp.csv",
        lambda: ("ghi chú\n" * 5001 + "VB01,1\n").encode(),
        "Tệp bp.csv, dòng 5.001, cột A: có nội dung ở dòng này, quá giới hạn 5.000 dòng của một"
        " trang tính; hãy xóa các dòng thừa (kể cả những dòng ở rất xa bên dưới) rồi gửi lại; tệp"
        " bị từ chối, không dòng nào được đọc.",
    ),
    Case(
        "unknown_province_in_file",
        "bp.xlsx",
        lambda: xlsx(set_cell("B2", "99")),
        f"{SHEET}, dòng 2, cột B: tỉnh “99” không có trong danh mục; cần mã hoặc đúng tên của một"
        " trong: 70 (Bình Phước), 72 (Tây Ninh), 74 (Bình Dương), 75 (Đồng Nai), 77 (Bà Rịa - Vũng"
        " Tàu), 58 (Ninh Thuận), 60 (Bình Thuận), 79 (TP. Hồ Chí Minh), 80 (Long An), 56 (Khánh"
        " Hòa), 68 (Lâm Đồng), 67 (Đắk Nông) (có thể kèm “Tỉnh”, “Thành phố”, “TP.” hay tên cơ"
        " quan phía trước).",
    ),
    Case(
        "unknown_province_chosen",
        "bp.xlsx",
        xlsx,
        "Tệp bp.xlsx: tỉnh “99” không có trong danh mục",
        args=("--province", "99"),
        exact=False,
    ),
    Case(
        "province_differs",
        "bp.xlsx",
        xlsx,
        f"{SHEET}, dòng 2, cột B: tệp ghi tỉnh 70 (Bình Phước), khác tỉnh đã chọn 72 (Tây Ninh); hãy chọn đúng tỉnh hoặc dùng đúng tệp.",
        args=("--province", "72"),
    ),
    Case(
        "year_differs",
        "bp.xlsx",
        xlsx,
        f"{SHEET}, dòng 3, cột B: tệp ghi năm 2024, khác năm đã chọn 2023; hãy chọn đúng năm hoặc dùng đúng tệp.",
        args=("--year", "2023"),
    ),
    Case(
        "year_before_the_data",
        "bp.xlsx",
        lambda: xlsx(year=2010),
        f"{SHEET}, dòng 3, cột B: năm 2010 trước năm đầu tiên có số liệu (2018); cần năm từ 2018 đến {NEXT_YEAR - 1}.",
    ),
    Case(
        "a_merged_province_in_a_year_after_the_merger",
        "bp.xlsx",
        lambda: xlsx(set_cell("B3", 2025)),
        f"{SHEET}, dòng 2, cột B: Bình Phước (mã 70) đã hợp nhất vào Đồng Nai từ 01/07/2025; hãy"
        " nhập số liệu năm 2025 cho Đồng Nai (mã 75).",
    ),
    Case(
        "year_in_the_future",
        "bp.xlsx",
        lambda: xlsx(set_cell("B3", NEXT_YEAR)),
        f"{SHEET}, dòng 3, cột B: năm {NEXT_YEAR} sau năm hiện tại ({NEXT_YEAR - 1}); cần năm từ 2018 đến {NEXT_YEAR - 1}.",
    ),
    Case(
        "year_not_a_year",
        "bp.xlsx",
        lambda: xlsx(set_cell("B3", "năm nay")),
        f"{SHEET}, dòng 3, cột B: năm “năm nay” không phải một năm; cần bốn chữ số 0–9, ví dụ 2024.",
    ),
    Case(
        "no_year_anywhere",
        "bp.csv",
        codes_only_csv,
        "Tệp bp.csv: không xác định được năm: tệp không ghi “Năm” và chưa chọn năm (dùng --year).",
        args=("--province", "70"),
    ),
    Case(
        "no_province_anywhere",
        "bp.csv",
        codes_only_csv,
        "Tệp bp.csv: không xác định được tỉnh: tệp không ghi “Mã tỉnh” và chưa chọn tỉnh (dùng --province).",
        args=("--year", "2024"),
    ),
    Case(
        "unknown_indicator",
        "bp.xlsx",
        lambda: xlsx(add_row("XX99", 5)),
        f"{SHEET}, dòng 38, cột A: mã chỉ tiêu “XX99” không có trong danh mục; cần một mã của mẫu nhập (ví dụ VB01, TA01).",
    ),
    Case(
        "text_for_a_number",
        "bp.xlsx",
        lambda: xlsx(VB01="khoảng 60"),
        f"{SHEET}, dòng {ROW['VB01']}, cột F: VB01: cần một số (ví dụ 125.996 hoặc 83,25), nhận được “khoảng 60”.",
    ),
    Case(
        "formula_without_value",
        "bp.xlsx",
        lambda: xlsx(VB01="=60+11"),
        f"{SHEET}, dòng {ROW['VB01']}, cột F: VB01: ô có công thức “=60+11” nhưng chưa có giá trị đã tính",
        exact=False,
    ),
    Case(
        "english_thousands_in_a_count",
        "bp.xlsx",
        lambda: xlsx(TA01="125,996"),
        f"{SHEET}, dòng {ROW['TA01']}, cột F: TA01: cần số nguyên (đơn vị việc), nhận được 125,996; lưu ý dấu phẩy là dấu thập phân (125.996 chứ không phải 125,996).",
    ),
    Case(
        "negative_count",
        "bp.xlsx",
        lambda: xlsx(PB01=-5),
        f"{SHEET}, dòng {ROW['PB01']}, cột F: PB01: cần số không âm (đơn vị cuộc), nhận được -5.",
    ),
    Case(
        "negative_money",
        "bp.xlsx",
        lambda: xlsx(TA05="-1.000"),
        f"{SHEET}, dòng {ROW['TA05']}, cột F: TA05: cần số không âm (đơn vị triệu đồng), nhận được -1.000.",
    ),
    Case(
        "rate_over_100",
        "bp.xlsx",
        lambda: xlsx(add_row("TA04", "120%")),
        f"{SHEET}, dòng 38, cột F: TA04: tỷ lệ phải từ 0 đến 100 (%), nhận được 120,00.",
    ),
    Case(
        "cases_completed_over_enforceable",
        "bp.xlsx",
        lambda: xlsx(TA03=V["TA02"] + 1),
        f"{SHEET}, dòng {ROW['TA03']}, cột F: TA03 ({fmt.number(V['TA02'] + 1)}) lớn hơn TA02 "
        f"({fmt.number(V['TA02'])}, dòng {ROW['TA02']}); cần TA03 ≤ TA02.",
    ),
    Case(
        "money_recovered_over_enforceable",
        "bp.xlsx",
        lambda: xlsx(TA06=V["TA05"] + 1),
        f"{SHEET}, dòng {ROW['TA06']}, cột F: TA06 (",
        exact=False,
    ),
    Case(
        "enforceable_over_total",
        "bp.xlsx",
        lambda: xlsx(TA02=V["TA01"] + 1),
        f"{SHEET}, dòng {ROW['TA02']}, cột F: TA02 (",
        exact=False,
    ),
    Case(
        "indicator_twice",
        "bp.xlsx",
        lambda: xlsx(add_row("VB01", 71)),
        f"{SHEET}, dòng 38, cột A: chỉ tiêu VB01 xuất hiện lần thứ hai (lần đầu ở dòng 8); mỗi chỉ tiêu chỉ một dòng.",
    ),
    Case(
        "required_indicator_missing",
        "bp.xlsx",
        lambda: xlsx(clear("VB03")),
        "Tệp bp.xlsx: thiếu 1 chỉ tiêu bắt buộc của Sở Tư pháp (STP) (để trống hoặc không có dòng):"
        " VB03; tệp có số liệu của một cơ quan thì cần đủ mọi chỉ tiêu của cơ quan đó.",
    ),
    Case(
        "no_figure_at_all",
        "bp.xlsx",
        lambda: filled_xlsx(CATALOG, "70", 2024, {}),
        f"Tệp bp.xlsx: thiếu 30 chỉ tiêu bắt buộc (để trống hoặc không có dòng): "
        f"{', '.join(i.code for i in CATALOG.stored_indicators())}.",
    ),
    Case(
        "an_agency_s_rows_left_empty",
        "bp.xlsx",
        lambda: filled_xlsx(CATALOG, "70", 2024, {c: v for c, v in V.items() if c[:2] != "TA"}),
        "Tệp bp.xlsx: tệp có các dòng chỉ tiêu của Cục Thi hành án dân sự (THA) nhưng không điền"
        " số nào (thiếu 5 chỉ tiêu: TA01, TA02, TA03, TA05, TA06); nếu tệp chỉ gồm số liệu của Sở"
        " Tư pháp (STP), hãy xóa các dòng của THA hoặc dùng mẫu nhập riêng của Sở Tư pháp (STP);"
        " nếu không, hãy điền đủ.",
    ),
]


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("data")
    shutil.copytree(BUNDLED_DATA_DIR, root, dirs_exist_ok=True)
    return root


def test_the_corpus_has_a_bad_file_for_every_kind_of_problem(monkeypatch):
    from test_intake_hostile import HOSTILE

    seen: set[str] = set()
    for case in CASES + HOSTILE:
        with monkeypatch.context() as patched:
            for name, value in case.env.items():
                patched.setenv(name, value)
            chosen = dict(zip(case.args[::2], case.args[1::2], strict=True))
            checked = check_file(
                case.content(),
                case.filename,
                CATALOG,
                province=chosen.get("--province"),
                year=int(chosen["--year"]) if "--year" in chosen else None,
            )
        seen |= {p.kind for p in checked.problems}
    # The figures' problems: the own targets' (target_*) and scoring tables' (table_*) files have
    # their own corpus (tests/test_scoring_file_corpus.py).
    kinds = {
        k.removeprefix("intake.problem.")
        for k in strings()
        if k.startswith("intake.problem.") and not k.startswith(SCORING_FILE_PROBLEMS)
    }
    assert len(CASES) >= 20
    assert seen == kinds


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_bad_file_is_refused_with_its_own_message_and_nothing_changes(
    case: Case, data_copy: Path, tmp_path: Path, monkeypatch, capsys
):
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    upload = tmp_path / case.filename
    upload.write_bytes(case.content())
    before = tree_hashes(data_copy)
    code = main(
        ["import", str(upload), "--data-dir", str(data_copy), "--by", "Kiểm thử", *case.args]
    )
    out = capsys.readouterr().out
    assert code == 2
    lines = out.splitlines()
    assert lines[0].startswith(f"Tệp {case.filename} có ") and lines[0].endswith("; không ghi gì:")
    problems = [line.removeprefix("- ") for line in lines[1:]]
    if case.exact:
        assert case.says in problems, out
    else:
        assert any(p.startswith(case.says) for p in problems), out
    assert tree_hashes(data_copy) == before


def test_a_units_problem_names_the_unit_in_the_language_it_is_shown_in():
    checked = check_file(xlsx(TA05="-1.000", PB01=2.5), "bp.xlsx", CATALOG)
    by_code = {p.values["code"]: p for p in checked.problems if p.kind in ("negative", "not_whole")}
    assert by_code["TA05"].message("en") == (
        "TA05: a number not below zero (million VND) is expected, got -1,000."
    )
    assert by_code["TA05"].message("vi") == (
        "TA05: cần số không âm (đơn vị triệu đồng), nhận được -1.000."
    )
    assert "(sessions)" in by_code["PB01"].message("en")
    assert "(đơn vị cuộc)" in by_code["PB01"].message("vi")


def test_every_problem_of_a_file_is_reported_at_once(data_copy: Path, tmp_path: Path, capsys):
    upload = tmp_path / "bp.xlsx"
    upload.write_bytes(xlsx(add_row("VB01", 1), PB01=-5, HT01="nhiều", TA03=V["TA02"] + 1))
    before = tree_hashes(data_copy)
    assert main(["import", str(upload), "--data-dir", str(data_copy), "--year", "2023"]) == 2
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Tệp bp.xlsx có 5 lỗi; không ghi gì:"
    said = "\n".join(lines)
    for fragment in (
        "khác năm đã chọn 2023",
        "PB01: cần số không âm",
        "HT01: cần một số",
        "TA03 (",
        "VB01 xuất hiện lần thứ hai",
    ):
        assert fragment in said
    assert tree_hashes(data_copy) == before
