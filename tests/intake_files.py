"""Builders of intake files for the tests: the template filled in, CSV, report-style sheets, damage."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from justice_dashboard.catalog import Catalog
from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.intake.template import template_bytes, template_csv
from justice_dashboard.snapshots import list_snapshot_files

VALUE_COLUMN = 6  # F in the template
FIRST_ROW = 8


def bundled_values(province: str, year: int) -> dict[str, float]:
    """The stored values of the bundled sample's current snapshot of a province and year."""
    latest = [
        p for p in list_snapshot_files(BUNDLED_DATA_DIR) if p.parts[-3:-1] == (province, str(year))
    ]
    frame = pd.read_parquet(latest[-1])
    return dict(zip(frame["indicator_code"], frame["value"], strict=True))


def copy_of_bundled(root: Path, *without: tuple[str, int]) -> Path:
    """A copy of the bundled data in root, less the snapshots of each (province code, year) in
    without: the data as it stood before those figures were brought in."""
    shutil.copytree(BUNDLED_DATA_DIR, root)
    for code, year in without:
        shutil.rmtree(root / "snapshots" / code / str(year))
    return root


def row_of(ws: Worksheet, code: str) -> int:
    for row in range(FIRST_ROW, ws.max_row + 1):
        if ws.cell(row, 1).value == code:
            return row
    raise KeyError(code)


def filled_xlsx(
    catalog: Catalog,
    province: str,
    year: int,
    values: dict[str, object],
    edit: Callable[[Worksheet], None] | None = None,
    agencies: tuple[str, ...] | None = None,
) -> bytes:
    """The template (of `agencies`; None: both) with `values` typed into the value column, then
    `edit` applied."""
    template = template_bytes(catalog, province, year, agencies)
    book = openpyxl.load_workbook(io.BytesIO(template))
    ws = book.active
    for code, value in values.items():
        ws.cell(row_of(ws, code), VALUE_COLUMN, value)
    if edit:
        edit(ws)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filled_csv(
    catalog: Catalog,
    province: str,
    year: int,
    values: dict[str, object],
    agencies: tuple[str, ...] | None = None,
) -> str:
    return template_csv(catalog, province, year, values, agencies)  # type: ignore[arg-type]


def agency_values(catalog: Catalog, values: dict[str, float], agency: str) -> dict[str, float]:
    """The values of one agency's indicators (STP or THA) among `values`."""
    return {c: v for c, v in values.items() if catalog.indicator(c).agency == agency}


def with_cached_values(xlsx: bytes, cached: dict[str, str]) -> bytes:
    """Give formula cells a saved value, as Excel does on save (openpyxl itself never does)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                for ref, value in cached.items():
                    text, n = re.subn(
                        rf'(<c r="{ref}"[^>]*>)<f>(.*?)</f><v\s*/?>(?:</v>)?',
                        rf"\1<f>\2</f><v>{value}</v>",
                        text,
                    )
                    assert n == 1, (ref, text[:2000])
                data = text.encode()
            target.writestr(item, data)
    return out.getvalue()


def report_style_xlsx(values: dict[str, object], province_phrase: str, year: int) -> bytes:
    """A provincial report as it really looks: form code, centred title, merged headers over three
    rows, a row of column numbers, a "Tổng số" row, then notes and signatures."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Biểu 01"
    ws["A1"] = "Biểu số 01/BTP/TKTH"
    ws.merge_cells("A1:B1")
    ws["C1"] = f"BÁO CÁO KẾT QUẢ CÔNG TÁC TƯ PHÁP NĂM {year}"
    ws.merge_cells("C1:E1")
    ws["F1"] = f"Đơn vị báo cáo: {province_phrase}"
    ws["F2"] = "Đơn vị tính: theo từng chỉ tiêu"
    ws["A4"], ws["B4"], ws["C4"], ws["D4"], ws["F4"] = (
        "Mã số",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Số liệu",
        "Ghi chú",
    )
    for cells in ("A4:A6", "B4:B6", "C4:C6", "D4:E4", "F4:F6"):
        ws.merge_cells(cells)
    ws["D5"], ws["E5"] = "Kỳ này", "Kỳ trước"
    ws.merge_cells("D5:D6")
    ws.merge_cells("E5:E6")
    for column, label in enumerate(["A", "B", "1", "2", "3", "4"], start=1):
        ws.cell(7, column, label)
    ws["B8"] = "Tổng số"
    ws["D8"] = 999999
    row = 9
    for code, value in values.items():
        ws.cell(row, 1, code)
        ws.cell(row, 2, f"chỉ tiêu {code}")
        ws.cell(row, 4, value)
        ws.cell(row, 5, 1)
        row += 1
    ws.cell(row + 1, 1, "Ghi chú: số liệu chính thức.")
    ws.cell(row + 3, 2, "Người lập biểu")
    ws.cell(row + 3, 5, "Thủ trưởng đơn vị")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tree_hashes(root: Path) -> dict[str, str]:
    """sha256 of every file under `root` (a data folder), by relative path; not the accounts
    folder, whose audit log records each refused write (tests/test_accounts.py reads it)."""
    import hashlib

    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).parts[0] != "accounts"
    }


def zipped(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An archive of `entries` (name → bytes), as a crafted .xlsx would be."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def parts(xlsx: bytes) -> dict[str, bytes]:
    """The parts of a workbook archive, by name, in order."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def edit_part(xlsx: bytes, name: str, edit: Callable[[str], str]) -> bytes:
    """The workbook with one XML part rewritten by `edit` (its text in, its text out)."""
    found = parts(xlsx)
    found[name] = edit(found[name].decode()).encode()
    return zipped(found)


def sheet_xml_rows(rows: str) -> Callable[[str], str]:
    """An edit of a sheet's XML appending raw `<row>` elements at the end of its data."""
    return lambda xml: xml.replace("</sheetData>", rows + "</sheetData>", 1)
