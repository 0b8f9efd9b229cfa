"""A data officer brings in a province's figures through the browser: the secret, a good file
(preview, commit, the new figure on the overview) and a bad file (a clear error, nothing written).
These tests write snapshots, so the module runs its own server over its own data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import INTAKE_SECRET, AppServer, copy_data_folder, running_app
from intake_files import bundled_values, filled_xlsx
from playwright.sync_api import Page, expect
from streamlit_page import (
    RUN_COUNTER_SCRIPT,
    act,
    choose,
    metric_value,
    open_app,
    page_url,
    rerun_of,
)

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.snapshots import list_snapshot_files

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CATALOG = load_catalog(BUNDLED_DATA_DIR / "reference")
CASES_CARD = "Tổng số việc phải thi hành (việc)"


@pytest.fixture(scope="module")
def intake_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    data = copy_data_folder(tmp_path_factory.mktemp("intake-data") / "data")
    with running_app(data, tmp_path_factory.mktemp("intake-log")) as server:
        yield server


def unlock_intake(page: Page, server: AppServer) -> None:
    open_app(page, page_url(server.url, "intake"))
    expect(page.locator("h1").first).to_have_text("Nhập số liệu")
    page.get_by_label("Mã bí mật nhập số liệu").fill(INTAKE_SECRET)
    act(page, page.get_by_role("button", name="Mở khóa").click)
    expect(page.get_by_test_id("stFileUploader")).to_be_visible()


def upload(page: Page, name: str, content: bytes) -> None:
    with rerun_of(page):
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            files=[{"name": name, "mimeType": XLSX, "buffer": content}]
        )


def as_number(text: str) -> int:
    return int(text.replace(".", ""))


def test_a_wrong_secret_keeps_the_intake_locked(page: Page, intake_server: AppServer):
    open_app(page, page_url(intake_server.url, "intake"))
    page.get_by_label("Mã bí mật nhập số liệu").fill("khong-dung")
    act(page, page.get_by_role("button", name="Mở khóa").click)

    expect(page.get_by_text("Mã bí mật không đúng.")).to_be_visible()
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)


def test_a_good_file_is_previewed_committed_and_shown_on_the_overview(
    page: Page, intake_server: AppServer
):
    open_app(page, intake_server.url)  # 2026, the latest year, on today's units
    before = as_number(metric_value(page, CASES_CARD).inner_text())
    values = bundled_values("75", 2026)
    values["TA01"] += 1000

    unlock_intake(page, intake_server)
    choose(page, "Tỉnh", "75 · Đồng Nai")
    choose(page, "Năm số liệu", "2026")
    upload(page, "bao-cao-dong-nai-2026.xlsx", filled_xlsx(CATALOG, "75", 2026, values))

    expect(page.get_by_role("heading", name="Xem trước: Đồng Nai, năm 2026")).to_be_visible()
    expect(page.get_by_text("1 giá trị thay đổi so với số liệu đang lưu")).to_be_visible()
    page.get_by_label("Họ và tên người nhập").fill("Nguyễn Văn Thử")
    page.keyboard.press("Tab")
    act(page, page.get_by_role("button", name="Ghi số liệu thành bản số liệu mới").click)

    expect(page.get_by_text("Đã ghi bản số liệu 75-2026-")).to_be_visible()
    act(page, page.get_by_role("link", name="Xem trang Tổng quan").click)
    expect(page.locator("h1").first).to_have_text("Tổng quan năm 2026")
    expect(metric_value(page, CASES_CARD)).to_have_text(f"{before + 1000:,}".replace(",", "."))


def test_a_bad_file_is_refused_with_a_message_and_nothing_is_written(
    page: Page, intake_server: AppServer
):
    before = list_snapshot_files(Path(intake_server.data_dir))
    values: dict[str, object] = dict(bundled_values("72", 2023))
    values["HT01"] = "nhiều"

    unlock_intake(page, intake_server)
    choose(page, "Tỉnh", "72 · Tây Ninh")
    choose(page, "Năm số liệu", "2023")
    upload(page, "tay-ninh-2023-loi.xlsx", filled_xlsx(CATALOG, "72", 2023, values))

    error = page.get_by_test_id("stAlertContentError")
    expect(error).to_contain_text("Tệp tay-ninh-2023-loi.xlsx có 1 lỗi; chưa ghi gì")
    expect(page.get_by_role("button", name="Ghi số liệu thành bản số liệu mới")).to_have_count(0)
    assert list_snapshot_files(Path(intake_server.data_dir)) == before


def test_two_officers_preview_the_same_province_and_the_second_is_asked_to_look_again(
    session, intake_server: AppServer
):
    other = session.context.browser.new_context(viewport={"width": 1400, "height": 900})
    other.add_init_script(RUN_COUNTER_SCRIPT)  # another officer: a browser of their own
    first, second = session.new_page(), other.new_page()
    try:
        for page, extra, name in ((first, 100, "Cán bộ A"), (second, 200, "Cán bộ B")):
            values = bundled_values("75", 2023)
            values["TA01"] += extra
            unlock_intake(page, intake_server)
            choose(page, "Tỉnh", "75 · Đồng Nai")
            choose(page, "Năm số liệu", "2023")
            upload(page, f"dong-nai-2023-{extra}.xlsx", filled_xlsx(CATALOG, "75", 2023, values))
            page.get_by_label("Họ và tên người nhập").fill(name)
            page.keyboard.press("Tab")
        commit = "Ghi số liệu thành bản số liệu mới"
        act(first, first.get_by_role("button", name=commit).click)
        expect(first.get_by_text("Đã ghi bản số liệu 75-2023-")).to_be_visible()
        written = list_snapshot_files(Path(intake_server.data_dir))

        act(second, second.get_by_role("button", name=commit).click)
        expect(second.get_by_test_id("stAlertContentError")).to_contain_text(
            "Số liệu của Đồng Nai năm 2023 vừa được người khác cập nhật"
        )
        assert list_snapshot_files(Path(intake_server.data_dir)) == written
        act(second, second.get_by_role("button", name=commit).click)  # looked again: commits
        expect(second.get_by_text("Đã ghi bản số liệu 75-2023-")).to_be_visible()
        assert len(list_snapshot_files(Path(intake_server.data_dir))) == len(written) + 1
    finally:
        other.close()
