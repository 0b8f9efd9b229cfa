"""STP and THA prepare their own figures: a file holds one agency's figures or both, each in full;
the template is made for one agency or both; a file of one agency leaves the other's figures in use.
Every test writes into a copy of the bundled data, never into data/."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import openpyxl
import pytest
from intake_files import (
    VALUE_COLUMN,
    agency_values,
    bundled_values,
    copy_of_bundled,
    filled_csv,
    filled_xlsx,
    row_of,
)
from streamlit.testing.v1 import AppTest

from justice_dashboard.__main__ import main
from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.intake import check_file
from justice_dashboard.intake.preview import changed_count, compare
from justice_dashboard.intake.secret import SECRET_ENV
from justice_dashboard.intake.template import template_bytes
from justice_dashboard.snapshots import list_snapshot_files, read_provenance
from justice_dashboard.store import Store

CATALOG = load_catalog()
TODAY = dt.date(2026, 12, 2)
SECRET = "khóa-nhập-2025"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The sample's figures of the old Đồng Nai, brought in as the merged Đồng Nai's 2025 into a copy
# of the data without the sample's 2025 snapshot of code 75.
V = bundled_values("75", 2024)
STP = agency_values(CATALOG, V, "STP")
THA = agency_values(CATALOG, V, "THA")
THA_2025 = "Thi hành án dân sự tỉnh/thành phố (THA)"


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    root = copy_of_bundled(tmp_path / "data", ("75", 2025))
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    monkeypatch.setenv(SECRET_ENV, SECRET)
    return root


def _check(content: bytes, name: str):
    return check_file(content, name, CATALOG, province="75", year=2025, today=TODAY)


# ---- what a file must hold ----------------------------------------------------------------------


def test_a_file_of_the_stp_figures_alone_is_accepted_as_the_stp_s():
    checked = _check(filled_xlsx(CATALOG, "75", 2025, STP, agencies=("STP",)), "stp.xlsx")
    assert checked.problems == ()
    assert checked.submission is not None
    assert checked.submission.agencies == ("STP",)
    assert checked.submission.values == STP


def test_a_csv_of_the_tha_figures_alone_is_accepted_as_the_tha_s():
    content = filled_csv(CATALOG, "75", 2025, THA, agencies=("THA",)).encode()
    checked = _check(content, "tha.csv")
    assert checked.problems == ()
    assert checked.submission is not None
    assert checked.submission.agencies == ("THA",)
    assert checked.submission.values == THA


def test_a_file_of_one_agency_needs_every_indicator_of_that_agency_and_none_of_the_other():
    partial = {c: v for c, v in THA.items() if c != "TA06"}
    checked = _check(filled_xlsx(CATALOG, "75", 2025, partial, agencies=("THA",)), "tha.xlsx")
    assert [p.text() for p in checked.problems] == [
        f"Tệp tha.xlsx: thiếu 1 chỉ tiêu bắt buộc của {THA_2025} (để trống hoặc không có dòng):"
        " TA06; tệp có số liệu của một cơ quan thì cần đủ mọi chỉ tiêu của cơ quan đó."
    ]


def test_a_file_of_both_agencies_with_the_tha_rows_left_empty_says_how_to_send_stp_alone():
    checked = _check(filled_xlsx(CATALOG, "75", 2025, STP), "ca-hai.xlsx")
    assert [p.text() for p in checked.problems] == [
        f"Tệp ca-hai.xlsx: tệp có các dòng chỉ tiêu của {THA_2025} nhưng không điền số nào (thiếu"
        " 5 chỉ tiêu: TA01, TA02, TA03, TA05, TA06); nếu tệp chỉ gồm số liệu của Sở Tư pháp (STP),"
        " hãy xóa các dòng của THA hoặc dùng mẫu nhập riêng của Sở Tư pháp (STP); nếu không, hãy"
        " điền đủ."
    ]


def test_the_preview_of_one_agency_s_file_compares_only_that_agency_s_figures():
    checked = _check(filled_xlsx(CATALOG, "75", 2025, STP, agencies=("STP",)), "stp.xlsx")
    assert checked.submission is not None
    frame, _ = compare(CATALOG, checked.submission, current=dict(V), previous_year={})
    shown = set(frame["indicator_code"])
    assert shown == {i.code for i in CATALOG.indicators if i.agency == "STP"}
    assert changed_count(frame) == 0  # the THA figures stored are not "changed" by leaving them


# ---- templates ----------------------------------------------------------------------------------


def _sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def _rows(ws) -> list[list[object]]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=8)]


def test_the_command_line_template_of_the_enforcement_agency_names_it_and_its_period(
    tmp_path: Path, capsys
):
    out = tmp_path / "mau-tha.xlsx"
    command = ["template", "--province", "75", "--year", "2025", "--agency", "THA"]
    assert main([*command, "--out", str(out)]) == 0
    assert capsys.readouterr().out == (
        f"Đã ghi mẫu nhập của Đồng Nai năm 2025 (5 chỉ tiêu) cho {THA_2025} vào {out}\n"
    )
    ws = _sheet(out.read_bytes())
    assert (ws["B2"].value, ws["C2"].value) == ("75", "Đồng Nai")
    assert ws["B4"].value == f"{THA_2025}: năm thi hành án từ 01/10/2024 đến 30/9/2025"
    assert (ws["A5"].value, ws["B5"].value) == ("Cơ quan báo cáo", THA_2025)
    rows = _rows(ws)
    assert [r[0] for r in rows] == ["TA01", "TA02", "TA03", "TA05", "TA06"]
    assert {tuple(r[3:5]) for r in rows} == {("THA", "01/10/2024 – 30/9/2025")}


def test_the_template_names_the_enforcement_agency_as_it_was_called_that_year():
    ws = _sheet(template_bytes(CATALOG, "75", 2024))
    assert ws["B4"].value == (
        "Sở Tư pháp (STP): từ 01/01/2024 đến 31/12/2024; Cục Thi hành án dân sự (THA): năm thi"
        " hành án từ 01/10/2023 đến 30/9/2024"
    )
    assert ws["B5"].value == "Sở Tư pháp (STP); Cục Thi hành án dân sự (THA)"
    assert len(_rows(ws)) == 30


def test_the_template_of_the_merged_dong_nai_for_2025_names_it_and_both_periods():
    ws = _sheet(template_bytes(CATALOG, "75", 2025))
    assert (ws["B2"].value, ws["C2"].value, ws["B3"].value) == ("75", "Đồng Nai", 2025)
    assert ws["B4"].value == (
        f"Sở Tư pháp (STP): từ 01/01/2025 đến 31/12/2025; {THA_2025}: năm thi hành án từ"
        " 01/10/2024 đến 30/9/2025"
    )
    periods = {r[0]: r[4] for r in _rows(ws)}
    assert periods["VB01"] == "01/01/2025 – 31/12/2025"
    assert periods["TA01"] == "01/10/2024 – 30/9/2025"


def test_the_stp_template_filled_in_reads_back_as_the_stp_figures(tmp_path: Path):
    out = tmp_path / "mau-stp.xlsx"
    command = ["template", "--province", "75", "--year", "2025", "--agency", "stp"]
    assert main([*command, "--out", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    ws = book.active
    assert [r[0] for r in _rows(ws)] == [
        i.code for i in CATALOG.stored_indicators() if i.agency == "STP"
    ]
    for code, value in STP.items():
        ws.cell(row_of(ws, code), VALUE_COLUMN, value)
    filled = io.BytesIO()
    book.save(filled)
    checked = _check(filled.getvalue(), "mau-stp.xlsx")
    assert checked.problems == ()
    assert checked.submission is not None
    assert (checked.submission.agencies, checked.submission.values) == (("STP",), STP)


def test_a_template_for_an_agency_not_in_the_catalog_is_refused_with_exit_2(tmp_path: Path, capsys):
    out = tmp_path / "mau.xlsx"
    command = ["template", "--province", "75", "--year", "2025", "--agency", "CA"]
    assert main([*command, "--out", str(out)]) == 2
    assert capsys.readouterr().out == (
        "--agency “CA” không phải một cơ quan của danh mục; cần một trong: STP, THA.\n"
    )
    assert not out.exists()


# ---- one agency's file, then the other's ----------------------------------------------------------


def _stored_75_2025(root: Path) -> dict[str, tuple[float, str]]:
    store = Store.open(root)
    try:
        frame = store.query("province_year_values", province="75", years=[2025])
    finally:
        store.close()
    return {
        r.indicator_code: (r.value, r.snapshot_id)
        for r in frame.itertuples()
        if not CATALOG.indicator(r.indicator_code).is_rate
    }


def test_an_stp_file_then_a_tha_file_from_the_command_line_leave_both_agencies_figures_in_use(
    data: Path, tmp_path: Path, capsys
):
    for agency, values in (("STP", STP), ("THA", THA)):
        upload = tmp_path / f"dong-nai-2025-{agency}.xlsx"
        upload.write_bytes(filled_xlsx(CATALOG, "75", 2025, values, agencies=(agency,)))
        assert main(["import", str(upload), "--data-dir", str(data), "--by", "Cán bộ"]) == 0
    first, second = capsys.readouterr().out.splitlines()
    assert first.startswith("Đã nhập 25 chỉ tiêu của Đồng Nai năm 2025 từ dong-nai-2025-STP.xlsx")
    assert "(Sở Tư pháp (STP): chính thức); 25 giá trị thay đổi" in first
    assert second.startswith("Đã nhập 5 chỉ tiêu của Đồng Nai năm 2025 từ dong-nai-2025-THA.xlsx")
    assert f"({THA_2025}: chính thức); 5 giá trị thay đổi" in second
    stp_snapshot, tha_snapshot = (
        f"75-2025-{p.stem}" for p in list_snapshot_files(data) if p.parts[-3:-1] == ("75", "2025")
    )
    stored = _stored_75_2025(data)
    assert {c: v for c, (v, _) in stored.items()} == V
    assert {s for c, (_, s) in stored.items() if c in STP} == {stp_snapshot}
    assert {s for c, (_, s) in stored.items() if c in THA} == {tha_snapshot}


def _unlock(at: AppTest) -> None:
    at.text_input(key="intake_secret_input").input(SECRET)
    at.button(key="intake_unlock").click().run()


def _commit_button(at: AppTest):
    return next(b for b in at.button if b.label == "Ghi số liệu thành bản số liệu mới")


def _bar(at: AppTest, code: str, name: str) -> float:
    next(s for s in at.selectbox if s.label == "Chỉ tiêu cho biểu đồ").set_value(code).run()
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = figure["data"][0]
    return bars["y"][bars["x"].index(name)]


def test_on_the_intake_page_an_stp_file_then_a_tha_file_show_both_agencies_figures(data: Path):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    at.switch_page("pages/intake.py").run()
    _unlock(at)
    at.selectbox(key="intake_province").select("75")
    at.selectbox(key="intake_year").select(2025).run()
    template_for = at.radio(key="intake_template_agency")
    assert template_for.options == ["Cả hai cơ quan", "Sở Tư pháp (STP)", THA_2025]
    for agency, values, count in (("STP", STP, 25), ("THA", THA, 5)):
        content = filled_xlsx(CATALOG, "75", 2025, values, agencies=(agency,))
        name = f"dong-nai-2025-{agency}.xlsx"
        at.file_uploader(key="intake_upload").set_value((name, content, XLSX)).run()
        assert not at.exception
        label = "Sở Tư pháp (STP)" if agency == "STP" else THA_2025
        assert at.subheader[0].value == (
            f"Xem trước: Đồng Nai, năm 2025 — {label}: {count} chỉ tiêu, {count} giá trị thay"
            " đổi so với số liệu đang lưu"
        )
        assert [r.label for r in at.radio if r.key and r.key.startswith("intake_status_")] == [
            f"Số liệu của {label}"
        ]
        at.text_input(key="intake_by").input("Cán bộ nhập").run()
        _commit_button(at).click().run()
        assert not at.exception
        done = at.success[0].value
        assert done.startswith("Đã ghi bản số liệu 75-2025-")
        assert f"cho Đồng Nai năm 2025 ({count} chỉ tiêu; {label}: chính thức)." in done
        # The same file again: nothing to commit.
        assert at.info[-1].value == (
            "Tệp này (cùng mã sha256) đã là số liệu đang lưu của Đồng Nai năm 2025; không cần"
            " ghi lại."
        )
    files = [p for p in list_snapshot_files(data) if p.parts[-3:-1] == ("75", "2025")]
    assert [read_provenance(p)["source_name"] for p in files] == [
        "dong-nai-2025-STP.xlsx",
        "dong-nai-2025-THA.xlsx",
    ]
    # A leader opening the overview of 2025 afterwards sees each agency's figures.
    overview = AppTest.from_file("../app.py", default_timeout=60)
    overview.query_params["year"] = "2025"
    overview.run()
    assert not overview.exception
    assert _bar(overview, "TA01", "Đồng Nai") == THA["TA01"]
    assert _bar(overview, "VB01", "Đồng Nai") == STP["VB01"]
