"""The scores page (Chấm điểm thi đua) in the running app (Streamlit's AppTest): each group's
totals add up and are ranked with ties shared, the leader's suggestion, a unit's own target said,
manual points from the latest version, the form behind the intake unlock."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR, DATA_DIR_ENV
from justice_dashboard.intake.secret import SECRET_ENV
from justice_dashboard.scoring import manual
from justice_dashboard.scoring.engine import ManualEntry, choose_table
from justice_dashboard.scoring.tables import load_tables
from justice_dashboard.scoring.targets import template_bytes

SECRET = "khóa-chấm-điểm"


@pytest.fixture
def bundled(monkeypatch) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.delenv(SECRET_ENV, raising=False)


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    monkeypatch.setenv(SECRET_ENV, SECRET)
    return root


def _open(year: int = 2025, lang: str = "vi") -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["year"] = str(year)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/scores.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def _sheet(at: AppTest, agency: str) -> dict[str, dict[str, str]]:
    """The sheet of one group as {row label (code, or Tổng điểm / Xếp hạng): {unit: cell}}."""
    frames = [d.value for d in at.dataframe if "Điểm tối đa" in d.value.columns and "Mã" in d.value]
    sheet = [f for f in frames if "Cách tính" not in f.columns][0 if agency == "STP" else 1]
    units = list(sheet.columns[3:])
    return {
        (row["Mã"] or row["Tiêu chí"]): {u: row[u] for u in units} for _, row in sheet.iterrows()
    }


def test_each_groups_totals_add_up_over_its_criteria_and_ties_share_a_rank(bundled):
    at = _open()
    assert at.title[0].value == "Chấm điểm thi đua năm 2025"
    assert any("Bảng điểm minh họa" in w.value for w in at.warning)
    assert "khối thi đua bỏ phiếu suy tôn" in " ".join(i.value for i in at.info)
    for agency in ("STP", "THA"):
        sheet = _sheet(at, agency)
        criteria = [k for k in sheet if k not in ("Tổng điểm", "Xếp hạng")]
        totals = {u: _number(v) for u, v in sheet["Tổng điểm"].items()}
        for unit, total in totals.items():
            assert total == pytest.approx(sum(_number(sheet[c][unit]) for c in criteria))
            higher = sum(other > total for other in totals.values())
            assert int(sheet["Xếp hạng"][unit]) == 1 + higher
        leader = max(totals, key=totals.__getitem__)
        group = "Sở Tư pháp (STP)" if agency == "STP" else "Thi hành án dân sự (THA)"
        (nomination,) = [s.value for s in at.success if f"nhóm {group}" in s.value]
        assert nomination.startswith(f"Gợi ý nhóm {group}: {leader} dẫn đầu với ")
        assert nomination.endswith("đề nghị khối suy tôn Cờ thi đua ngành Tư pháp.")


def test_tay_ninh_is_scored_on_its_own_assigned_target_and_the_page_says_which(bundled):
    at = _open()
    assert any(
        c.value.startswith("Đơn vị có chỉ tiêu được giao riêng") and c.value.endswith("Tây Ninh.")
        for c in at.caption
    )
    at.selectbox(key="scores_detail_unit_THA").set_value("tay-ninh").run()
    details = [d.value for d in at.dataframe if "Cách tính" in d.value.columns]
    tha = details[1]
    reasons = " ".join(tha["Cách tính"])
    assert "85,00% (chỉ tiêu được giao riêng cho đơn vị, dữ liệu minh họa)" in reasons
    assert "51,90% (chỉ tiêu toàn quốc)" in reasons  # money: no own target, the national one


def test_a_year_without_national_targets_scores_the_tha_figures_zero_and_says_why(bundled):
    at = _open(2026)
    details = [d.value for d in at.dataframe if "Cách tính" in d.value.columns]
    assert "Chưa có chỉ tiêu TA04 (Tỷ lệ thi hành xong về việc) cho năm này: 0 điểm" in list(
        details[1]["Cách tính"]
    )
    # nothing scored from the figures: no unit is suggested for the THA group
    assert not [s.value for s in at.success if "Thi hành án dân sự (THA)" in s.value]


def test_the_page_speaks_english_after_the_switch(bundled):
    at = _open(lang="en")
    assert at.title[0].value == "Emulation scores 2025"


def test_manual_points_of_the_latest_version_count_and_the_page_says_whose_they_are(data: Path):
    table = choose_table(load_tables(), "STP", 2025)
    assert table is not None
    before = _sheet(_open(), "STP")
    manual.save_version(
        data,
        2025,
        table,
        {("dong-nai", "B1"): ManualEntry(2.0, "Báo cáo chậm")},
        "Nguyễn Văn A",
        dt.datetime(2025, 12, 1, 8, tzinfo=dt.UTC),
    )
    manual.save_version(
        data,
        2025,
        table,
        {("dong-nai", "B1"): ManualEntry(4.5, "Báo cáo chậm một kỳ")},
        "Trần Thị B",
        dt.datetime(2025, 12, 2, 9, tzinfo=dt.UTC),
    )
    at = _open()
    after = _sheet(at, "STP")
    assert after["B1"]["Đồng Nai"] == "4,5"
    assert _number(after["Tổng điểm"]["Đồng Nai"]) == pytest.approx(
        _number(before["Tổng điểm"]["Đồng Nai"]) + 4.5
    )
    assert (
        "Đang dùng phiên bản ngày 02/12/2025 lúc 09:00:00 (UTC) do Trần Thị B nhập (2 phiên bản)."
        in [c.value for c in at.caption]
    )


def test_the_manual_points_form_opens_only_with_the_intake_secret_and_saves_a_new_version(
    data: Path,
):
    at = _open()
    assert not [b for b in at.button if b.label == "Lưu phiên bản mới"]
    at.text_input(key="intake_secret_input").input(SECRET)
    at.button(key="intake_unlock").click().run()
    assert not at.exception
    at.button(key="scores_manual_save").click().run()
    assert "Hãy nhập tên người nhập điểm." in [e.value for e in at.error]
    assert manual.versions(data, 2025, "STP") == []
    at.text_input(key="scores_manual_by").input("Lê Văn C")
    at.button(key="scores_manual_save").click().run()
    assert not at.exception
    (saved,) = manual.versions(data, 2025, "STP")
    assert saved.entered_by == "Lê Văn C"
    (success,) = [s.value for s in at.success if s.value.startswith("Đã lưu phiên bản")]
    assert f"scoring/manual/2025/STP/{saved.path.name}" in success


def _targets_file(cells: dict[str, object]) -> bytes:
    """The targets template for Tây Ninh 2025 with `cells` typed in."""
    content = template_bytes(load_catalog(), "80", 2025, ["TA04", "TA07"], {})
    book = load_workbook(io.BytesIO(content))
    for where, value in cells.items():
        book.active[where] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_a_units_own_targets_are_brought_in_on_the_page_and_change_its_scores(data: Path):
    at = _open()
    assert not at.file_uploader  # locked
    at.text_input(key="intake_secret_input").input(SECRET)
    at.button(key="intake_unlock").click().run()
    at.selectbox(key="scores_targets_unit").set_value("80").run()
    wrong = _targets_file({"D7": "0,9"})
    at.file_uploader(key="scores_targets_upload").set_value(("ct.xlsx", wrong, XLSX)).run()
    errors = [e.value for e in at.error]
    assert (
        "Tệp ct.xlsx, trang tính Chỉ tiêu được giao, dòng 7, cột D: “0,9” giống một phân số hơn "
        "là phần trăm; cần ghi phần trăm, ví dụ 85 cho 85%." in errors
    )
    good = _targets_file({"B4": "QĐ 15/QĐ-UBND ngày 10/01/2025", "D7": 90})
    at.file_uploader(key="scores_targets_upload").set_value(("ct.xlsx", good, XLSX)).run()
    assert (
        "Tệp hợp lệ: 1 chỉ tiêu được giao riêng cho Tây Ninh năm 2025 (căn cứ: QĐ 15/QĐ-UBND "
        "ngày 10/01/2025)." in [s.value for s in at.success]
    )
    at.text_input(key="scores_targets_by").input("Phạm Thị D")
    at.button(key="scores_targets_commit").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any(
        s.value.startswith("Đã ghi chỉ tiêu được giao của Tây Ninh năm 2025") for s in at.success
    )
    at.selectbox(key="scores_detail_unit_THA").set_value("tay-ninh").run()
    details = [d.value for d in at.dataframe if "Cách tính" in d.value.columns]
    assert "≥ 90,00% (chỉ tiêu được giao riêng cho đơn vị)" in " ".join(details[1]["Cách tính"])
