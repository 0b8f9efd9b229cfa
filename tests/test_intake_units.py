"""Units with periods: a predecessor outside the bloc (Long An, to 2024) can be brought in for its
own years, so that its successor's history (the merged Tây Ninh, code 80) becomes whole, while it
never becomes a unit of the bloc; a file naming it for a year after the merger is refused naming
the successor. Every test writes into a copy of the bundled data, never into data/."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from intake_files import bundled_values, copy_of_bundled, filled_xlsx, tree_hashes
from streamlit.testing.v1 import AppTest

from justice_dashboard.__main__ import main
from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.intake import check_file
from justice_dashboard.intake.secret import SECRET_ENV
from justice_dashboard.intake.template import template_bytes
from justice_dashboard.intake.validate import code_label
from justice_dashboard.snapshots import list_snapshot_files, read_provenance
from justice_dashboard.store import Store

CATALOG = load_catalog()
SECRET = "khóa-nhập-2025"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TAY_NINH_2022 = bundled_values("72", 2022)  # the old Tây Ninh, in the sample
# Long An's 2022 figures, brought into a copy of the data without the sample's Long An 2022: a
# little more than the old Tây Ninh's.
LONG_AN_2022 = {c: v + 7 if c not in ("TA03", "TA06") else v for c, v in TAY_NINH_2022.items()}
BOTH = "Sở Tư pháp (STP) và Cục Thi hành án dân sự (THA)"


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    root = copy_of_bundled(tmp_path / "data", ("80", 2022))
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    monkeypatch.setenv(SECRET_ENV, SECRET)
    return root


def _trend(root: Path, units: str, code: str, indicator: str = "VB01"):
    store = Store.open(root)
    try:
        return store.query(
            "province_trend",
            bloc="DNB",
            units=units,
            indicator=indicator,
            provinces=[code],
            first_year=2022,
            last_year=2022,
            normalisation="absolute",
            as_of=None,
        )
    finally:
        store.close()


def _members_2022(root: Path) -> list[str]:
    store = Store.open(root)
    try:
        frame = store.query(
            "province_values", bloc="DNB", units="reported", indicator="VB01", year=2022
        )
    finally:
        store.close()
    return frame["unit_id"].tolist()


def test_a_choice_of_code_names_every_unit_that_carried_it():
    assert code_label(CATALOG, "80", "vi") == "80 · Tây Ninh / Long An"
    assert code_label(CATALOG, "72", "vi") == "72 · Tây Ninh"
    assert code_label(CATALOG, "75", "vi") == "75 · Đồng Nai"


def test_the_template_of_code_80_for_2022_is_long_an_s_and_for_2025_the_merged_tay_ninh_s():
    for year, name in ((2022, "Long An"), (2025, "Tây Ninh")):
        ws = openpyxl.load_workbook(io.BytesIO(template_bytes(CATALOG, "80", year))).active
        assert (ws["B2"].value, ws["C2"].value, ws["B3"].value) == ("80", name, year)


def test_a_long_an_2022_file_is_committed_from_the_command_line_and_completes_tay_ninh_s_2022(
    data: Path, tmp_path: Path, capsys
):
    partial = _trend(data, "current", "80").iloc[0]
    assert (partial["reporting"], partial["expected"], partial["partial"]) == (1, 2, True)
    members = _members_2022(data)

    template = tmp_path / "mau-long-an-2022.xlsx"
    command = ["template", "--province", "80", "--year", "2022", "--out", str(template)]
    assert main(command) == 0
    assert capsys.readouterr().out.startswith(
        f"Đã ghi mẫu nhập của Long An năm 2022 (30 chỉ tiêu) cho {BOTH} vào "
    )
    upload = tmp_path / "long-an-2022.xlsx"
    upload.write_bytes(filled_xlsx(CATALOG, "80", 2022, LONG_AN_2022))
    assert main(["import", str(upload), "--data-dir", str(data), "--by", "Cán bộ Long An"]) == 0
    assert capsys.readouterr().out.startswith(
        "Đã nhập 30 chỉ tiêu của Long An năm 2022 từ long-an-2022.xlsx"
    )
    (written,) = [p for p in list_snapshot_files(data) if p.parts[-3:-1] == ("80", "2022")]
    assert read_provenance(written)["submitted_by"] == "Cán bộ Long An"

    whole = _trend(data, "current", "80").iloc[0]
    assert whole["unit_id"] == "tay-ninh"
    assert whole["value"] == TAY_NINH_2022["VB01"] + LONG_AN_2022["VB01"]
    assert (whole["reporting"], whole["expected"], whole["partial"]) == (2, 2, False)
    rate = _trend(data, "current", "80", "TA04").iloc[0]["value"]
    assert rate == pytest.approx(
        (TAY_NINH_2022["TA03"] + LONG_AN_2022["TA03"])
        / (TAY_NINH_2022["TA02"] + LONG_AN_2022["TA02"])
    )
    # As reported, Long An is no unit of the bloc: it is not a member, and code 80 shows nothing.
    assert _members_2022(data) == members
    assert "long-an" not in members
    assert _trend(data, "reported", "80").empty


def test_a_file_naming_long_an_for_2025_is_refused_naming_the_merged_tay_ninh(
    data: Path, tmp_path: Path, capsys
):
    def long_an(ws):
        ws["C2"] = None
        ws["B2"] = "Long An"

    upload = tmp_path / "long-an-2025.xlsx"
    upload.write_bytes(filled_xlsx(CATALOG, "80", 2025, LONG_AN_2022, long_an))
    before = tree_hashes(data)
    assert main(["import", str(upload), "--data-dir", str(data)]) == 2
    assert capsys.readouterr().out.splitlines()[1:] == [
        "- Tệp long-an-2025.xlsx, trang tính Số liệu, dòng 2, cột B: Long An (mã 80) đã hợp nhất"
        " vào Tây Ninh từ 01/07/2025; hãy nhập số liệu năm 2025 cho Tây Ninh (mã 80)."
    ]
    assert tree_hashes(data) == before
    checked = check_file(upload.read_bytes(), "long-an-2025.xlsx", CATALOG, province="80")
    assert [p.kind for p in checked.problems] == ["merged"]
    # in English: the units' English names and an English date
    assert (
        checked.problems[0]
        .message("en")
        .startswith("Long An (code 80) was merged into Tay Ninh on 1 Jul 2025")
    )


def test_a_long_an_2022_file_is_committed_on_the_intake_page(data: Path):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    at.switch_page("pages/intake.py").run()
    at.text_input(key="intake_secret_input").input(SECRET)
    at.button(key="intake_unlock").click().run()
    province = at.selectbox(key="intake_province")
    assert "80 · Tây Ninh / Long An" in province.options
    province.select("80")
    at.selectbox(key="intake_year").select(2022).run()
    assert not at.warning  # a unit that existed that year: no "merged" message
    content = filled_xlsx(CATALOG, "80", 2022, LONG_AN_2022)
    at.file_uploader(key="intake_upload").set_value(("long-an-2022.xlsx", content, XLSX)).run()
    assert not at.exception
    assert at.subheader[0].value == (
        f"Xem trước: Long An, năm 2022 — {BOTH}: 30 chỉ tiêu, 30 giá trị thay đổi so với số liệu"
        " đang lưu"
    )
    at.text_input(key="intake_by").input("Cán bộ Long An").run()
    next(b for b in at.button if b.label == "Ghi số liệu thành bản số liệu mới").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Đã ghi bản số liệu 80-2022-")
    assert "cho Long An năm 2022 (30 chỉ tiêu;" in at.success[0].value
    whole = _trend(data, "current", "80").iloc[0]
    assert whole["value"] == TAY_NINH_2022["VB01"] + LONG_AN_2022["VB01"]
