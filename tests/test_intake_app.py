"""The intake and history pages in the running app (Streamlit's AppTest), on a copy of the data."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from intake_files import bundled_values, filled_xlsx
from streamlit.testing.v1 import AppTest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR, DATA_DIR_ENV
from justice_dashboard.intake.secret import SECRET_ENV
from justice_dashboard.snapshots import list_snapshot_files, read_provenance

CATALOG = load_catalog()
SECRET = "khóa-nhập-2025"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
V = bundled_values("70", 2024)


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    monkeypatch.setenv(SECRET_ENV, SECRET)
    return root


def _app(page: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["year"] = "2024"
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def _unlock(at: AppTest, secret: str = SECRET) -> None:
    at.text_input(key="intake_secret_input").input(secret)
    at.button(key="intake_unlock").click().run()


def _texts(elements) -> list[str]:
    return [e.value for e in elements]


def _overview_bar(at: AppTest, province_name: str) -> float:
    """The overview chart's TA01 bar of a province (the chart is switched to TA01 first)."""
    choice = next(s for s in at.selectbox if s.label == "Chỉ tiêu cho biểu đồ")
    if choice.value != "TA01":
        choice.set_value("TA01").run()
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    bars = figure["data"][0]
    return bars["y"][bars["x"].index(province_name)]


def test_the_intake_page_says_how_to_set_the_secret_when_none_is_set(data: Path, monkeypatch):
    monkeypatch.delenv(SECRET_ENV)
    at = _app("pages/intake.py")
    assert "JUSTICE_INTAKE_SECRET" in at.warning[0].value
    assert not at.file_uploader


def test_the_intake_page_refuses_without_the_right_secret(data: Path):
    at = _app("pages/intake.py")
    assert not at.file_uploader
    _unlock(at, "đoán-bừa")
    assert "Mã bí mật không đúng." in _texts(at.error)
    assert not at.file_uploader


def test_a_bad_upload_shows_its_problems_and_writes_nothing(data: Path):
    at = _app("pages/intake.py")
    _unlock(at)
    at.selectbox(key="intake_province").select("70")
    at.selectbox(key="intake_year").select(2024).run()
    content = filled_xlsx(CATALOG, "70", 2024, {**V, "PB01": -5, "VB01": "khoảng 60"})
    before = list_snapshot_files(data)
    at.file_uploader(key="intake_upload").set_value(("bp.xlsx", content, XLSX)).run()
    assert not at.exception
    assert _texts(at.error)[0].startswith("Tệp `bp.xlsx` có 2 lỗi; chưa ghi gì.")
    shown = at.dataframe[0].value
    messages = shown.iloc[:, 1].tolist()
    assert "PB01: cần số không âm (đơn vị cuộc), nhận được -5." in messages
    assert shown.iloc[0, 0] == "Tệp bp.xlsx, trang tính Số liệu, dòng 8, cột F"
    assert list_snapshot_files(data) == before


def test_upload_preview_commit_and_the_overview_shows_the_new_value(data: Path):
    at = _app("pages/intake.py")
    _unlock(at)
    at.selectbox(key="intake_province").select("70")
    at.selectbox(key="intake_year").select(2024).run()
    new_total = V["TA01"] * 2
    content = filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": new_total})
    at.file_uploader(key="intake_upload").set_value(("BinhPhuoc_2024.xlsx", content, XLSX)).run()
    assert not at.exception
    assert at.subheader[0].value.endswith("30 chỉ tiêu, 1 giá trị thay đổi so với số liệu đang lưu")
    assert any(w.startswith("TA01 Tổng số việc phải thi hành:") for w in _texts(at.warning))
    preview = at.dataframe[0].value.set_index("Mã")
    assert preview.loc["TA01", "Thay đổi"] == "● đổi"
    commit_button = next(b for b in at.button if b.label == "Ghi số liệu thành bản số liệu mới")
    assert commit_button.disabled  # no name typed yet
    at.text_input(key="intake_by").input("Nguyễn Thị B").run()
    next(b for b in at.button if b.label == "Ghi số liệu thành bản số liệu mới").click().run()
    assert not at.exception
    assert _texts(at.success)[0].startswith("Đã ghi bản số liệu 70-2024-")
    newest = list_snapshot_files(data)
    provenance = read_provenance(max(p for p in newest if p.parts[-3:-1] == ("70", "2024")))
    assert provenance["submitted_by"] == "Nguyễn Thị B"
    assert provenance["source_name"] == "BinhPhuoc_2024.xlsx"
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert _overview_bar(at, "Bình Phước") == new_total


def test_rollback_on_the_history_page_restores_the_old_value_as_a_new_snapshot(data: Path):
    at = _app("pages/intake.py")
    _unlock(at)
    at.selectbox(key="intake_province").select("70")
    at.selectbox(key="intake_year").select(2024).run()
    content = filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": V["TA01"] + 1000})
    at.file_uploader(key="intake_upload").set_value(("bp.xlsx", content, XLSX)).run()
    at.text_input(key="intake_by").input("Nguyễn Thị B").run()
    next(b for b in at.button if b.label == "Ghi số liệu thành bản số liệu mới").click().run()
    at.switch_page("pages/history.py").run()
    assert not at.exception
    at.selectbox(key="history_province").select("70")
    at.selectbox(key="history_year").select(2024).run()
    history = at.dataframe[0].value
    assert len(history) == 3  # the sample's preliminary and final cuts, and the new upload
    assert history.iloc[0]["Người nhập"] == "Nguyễn Thị B"
    ids = history["Bản số liệu"].tolist()
    at.selectbox(key="history_snapshot").set_value(ids[1]).run()
    differences = at.dataframe[2].value.set_index("Mã")
    assert list(differences.index) == ["TA01"]
    at.text_input(key="history_by").input("Trưởng phòng").run()
    next(b for b in at.button if b.label.startswith("Khôi phục bản số liệu này")).click().run()
    assert not at.exception
    assert _texts(at.success)[0].startswith("Đã khôi phục: bản số liệu mới 70-2024-")
    assert len(at.dataframe[0].value) == 4
    at.switch_page("pages/overview.py").run()
    assert _overview_bar(at, "Bình Phước") == V["TA01"]


def test_the_history_page_opens_the_overview_as_the_figures_stood_at_a_snapshot(data: Path):
    at = _app("pages/history.py")
    at.selectbox(key="history_province").select("70")
    at.selectbox(key="history_year").select(2024).run()
    history = at.dataframe[0].value
    preliminary = history["Bản số liệu"].tolist()[-1]
    assert at.dataframe[0].value.iloc[-1]["Đang dùng"] == ""
    at.selectbox(key="history_snapshot").set_value(preliminary).run()
    values = at.dataframe[1].value.set_index("Mã")
    at.button[0].click().run()
    assert not at.exception
    assert at.get("page_link")[0].proto.label == (
        "Các trang đang hiện số liệu tại ngày 05/12/2024: mở trang Tổng quan"
    )
    at.switch_page("pages/overview.py").run()
    assert at.title[0].value == "Tổng quan năm 2024"
    shown = _overview_bar(at, "Bình Phước")
    assert values.loc["TA01", "Giá trị"] == f"{int(shown):,}".replace(",", ".")
    assert shown != V["TA01"]  # the preliminary cut, not the final figure


BANNER = "Dữ liệu minh họa"


def _banners(at: AppTest) -> list[str]:
    return [text for text in _texts(at.info) if text.startswith(BANNER)]


@pytest.fixture
def plain_data(tmp_path: Path, write_values, monkeypatch) -> Path:
    """A data folder whose only figures (Bình Phước, 2023 and 2024) are real, not samples."""
    root = tmp_path / "plain"
    for year in (2023, 2024):
        write_values("70", year, bundled_values("70", year), illustrative=False, root=root)
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    monkeypatch.setenv(SECRET_ENV, SECRET)
    return root


def _history_of_70_2024(at: AppTest) -> None:
    at.selectbox(key="history_province").select("70")
    at.selectbox(key="history_year").select(2024).run()
    assert not at.exception


def test_the_history_page_says_sample_data_only_when_its_snapshots_are_samples(data: Path):
    at = _app("pages/history.py")
    _history_of_70_2024(at)
    assert len(_banners(at)) == 1


def test_the_history_page_of_real_figures_has_no_sample_data_banner(plain_data: Path):
    at = _app("pages/history.py")
    _history_of_70_2024(at)
    assert len(at.dataframe[0].value) == 1
    assert _banners(at) == []


def _preview(at: AppTest) -> None:
    _unlock(at)
    at.selectbox(key="intake_province").select("70")
    at.selectbox(key="intake_year").select(2024).run()
    content = filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": V["TA01"] + 1})
    at.file_uploader(key="intake_upload").set_value(("bp.xlsx", content, XLSX)).run()
    assert not at.exception
    assert at.dataframe  # the preview beside the stored figures


def test_the_intake_preview_beside_sample_figures_says_they_are_samples(data: Path):
    at = _app("pages/intake.py")
    _preview(at)
    assert len(_banners(at)) == 1


def test_the_intake_preview_beside_real_figures_has_no_sample_data_banner(plain_data: Path):
    at = _app("pages/intake.py")
    _preview(at)
    assert _banners(at) == []
