"""A leader compares two provinces on one indicator, then takes the charts away: the server-rendered
image beside a chart, and the slide pack (PowerPoint and ZIP of images)."""

from __future__ import annotations

import io
import zipfile

from conftest import AppServer
from PIL import Image
from playwright.sync_api import Page, expect
from pptx import Presentation
from streamlit_page import (
    act,
    chart,
    choose,
    choose_only,
    open_app,
    page_url,
)

from justice_dashboard.catalog import load_catalog
from justice_dashboard.export.pack import conference_pack, targeted_indicators

INDICATOR = "TA01 · Tổng số việc phải thi hành (THA · Thi hành án dân sự)"


def test_choosing_two_provinces_and_one_indicator_redraws_the_comparison(
    page: Page, app_server: AppServer
):
    open_app(page, page_url(app_server.url, "compare", "year=2022&from=2018&to=2022"))
    bars = chart(page, 0)
    # before the merger: seven provinces (TA04, a rate: a dot each, named on the y axis)
    expect(bars.locator(".ytick text")).to_have_count(7)

    choose_only(page, "Tỉnh", ["Bình Dương", "Đồng Nai"], in_sidebar=True)
    choose(page, "Chỉ tiêu (gõ mã hoặc tên để tìm)", INDICATOR, in_sidebar=True)

    expect(page.locator("h1").first).to_contain_text("Tổng số việc phải thi hành")
    expect(bars.locator(".gtitle")).to_contain_text("Tổng số việc phải thi hành")
    expect(bars.locator(".xtick text")).to_have_count(2)
    assert sorted(bars.locator(".xtick text").all_text_contents()) == ["Bình Dương", "Đồng Nai"]
    expect(bars.locator(".gtitle")).to_contain_text("2022")
    assert "provinces=74" in page.url.replace("%2C", ",") and "indicator=TA01" in page.url

    lines = page.get_by_role("tabpanel").get_by_test_id("stPlotlyChart")  # the open tab's lines
    expect(lines.locator(".gtitle")).to_contain_text("Tổng số việc phải thi hành qua các năm")
    # each line named at its end, by its short name (the chart's other notes are annotations too)
    ends = lines.locator(".annotation-text")
    expect(ends.filter(has_text="B.Dương")).to_have_count(1)
    shorts = {u.short("vi") for u in load_catalog().units}
    assert sorted(t for t in ends.all_text_contents() if t in shorts) == ["B.Dương", "Đ.Nai"]

    page.get_by_role("tab", name="Thay đổi so với năm trước").click()  # computed when opened
    change = page.get_by_role("tabpanel").get_by_test_id("stPlotlyChart")
    expect(change.locator(".gtitle")).to_contain_text("thay đổi so với năm 2021")
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(2)  # the bars and this tab's chart


def test_the_server_image_beside_a_chart_is_a_1920_by_1080_png(page: Page, app_server: AppServer):
    open_app(page, f"{app_server.url}/?year=2022")
    expect(chart(page).locator(".gtitle")).to_be_visible()

    page.get_by_test_id("stPopover").get_by_role("button", name="Tải ảnh").first.click()
    expect(page.get_by_text("Cỡ ảnh")).to_be_visible()  # the popover shows the size and files
    with page.expect_download(timeout=120_000) as download_info:
        page.get_by_test_id("stDownloadButton").get_by_role("button", name="Tải PNG").first.click()
    download = download_info.value

    assert download.suggested_filename.endswith(".png")
    assert download.suggested_filename.startswith("VB01_2022")  # the overview opens on VB01
    image = Image.open(io.BytesIO(download.path().read_bytes()))
    assert image.format == "PNG"
    assert image.size == (1920, 1080)
    colours = {rgb for _, rgb in image.convert("RGB").getcolors(maxcolors=1 << 22)}
    assert (0x00, 0x72, 0xB2) in colours  # Đồng Nai's bar


def test_the_slide_pack_downloads_as_a_deck_and_a_zip_of_images(
    page: Page, app_server: AppServer, sample_store
):
    open_app(page, page_url(app_server.url, "slides", "year=2022"))
    expect(page.locator("h1").first).to_have_text("Xuất slide cho hội nghị năm 2022")

    act(page, page.get_by_role("button", name="Tạo tệp").click)
    deck_button = page.get_by_role("button", name="Tải PowerPoint (.pptx)")
    expect(deck_button).to_be_visible(timeout=240_000)

    with page.expect_download() as deck_info:
        deck_button.click()
    with page.expect_download() as zip_info:
        page.get_by_role("button", name="Tải ảnh (.zip: PNG và SVG)").click()

    deck = Presentation(io.BytesIO(deck_info.value.path().read_bytes()))
    texts = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    # The title slide, then one slide per chart of the conference pack the page offers (and after a
    # ranking that cites them, its weights).
    pack = conference_pack(load_catalog(), targeted=targeted_indicators(sample_store.query, 2022))
    charted = sum(any(s.has_chart for s in slide.shapes) for slide in deck.slides)
    tables = sum(any(s.has_table for s in slide.shapes) for slide in deck.slides)
    assert charted == len(pack)
    assert len(deck.slides) == 1 + charted + tables
    assert "Kết quả công tác tư pháp năm 2022" in texts
    assert "Dữ liệu minh họa" in texts
    assert deck_info.value.suggested_filename.endswith(".pptx")

    with zipfile.ZipFile(io.BytesIO(zip_info.value.path().read_bytes())) as archive:
        names = archive.namelist()
        pngs = [n for n in names if n.endswith(".png")]
        assert len(pngs) == len(pack)
        assert len([n for n in names if n.endswith(".svg")]) == len(pack)
        for name in pngs:
            image = Image.open(io.BytesIO(archive.read(name)))
            assert (image.format, image.size) == ("PNG", (1920, 1080)), name
