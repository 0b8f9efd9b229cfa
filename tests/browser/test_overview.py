"""A leader opens the dashboard in a real browser: the 2022 figures, the language switch, a shared
link, and a chart image from the toolbar camera."""

from __future__ import annotations

import io

from conftest import AppServer, BrowserSession
from PIL import Image
from playwright.sync_api import Page, expect
from streamlit_page import (
    chart,
    chart_title,
    choose,
    click_radio,
    combobox,
    heading,
    metric_value,
    metric_values,
    open_app,
    query_param,
)

from justice_dashboard.i18n import t


def test_the_overview_shows_the_articles_2022_figures_after_choosing_the_year(
    page: Page, app_server: AppServer
):
    open_app(page, app_server.url)
    expect(heading(page)).to_have_text("Tổng quan năm 2026")
    expect(
        page.get_by_test_id("stSidebar").get_by_role(
            "radio", name="Theo đơn vị hiện nay (cộng dồn)"
        )
    ).to_be_checked()

    choose(page, "Năm", "2022", in_sidebar=True)  # before the merger: the units as reported

    expect(heading(page)).to_have_text("Tổng quan năm 2022")
    expect(metric_value(page, "Số dự thảo VBQPPL được thẩm định (lượt) ✦")).to_have_text("434")
    expect(metric_value(page, "Tổng số việc phải thi hành (việc) ✦")).to_have_text("125.996")
    expect(page.get_by_test_id("stAlert").first).to_contain_text("Dữ liệu minh họa")
    expect(
        page.get_by_test_id("stCaptionContainer").filter(has_text="✦ Tổng số việc")
    ).to_contain_text("125.996: số liệu công bố")
    assert query_param(page, "year") == "2022"


def test_switching_to_english_translates_the_page_and_writes_english_numbers(
    page: Page, app_server: AppServer
):
    open_app(page, f"{app_server.url}/?year=2022")
    expect(metric_value(page, "Tổng số việc phải thi hành (việc) ✦")).to_have_text("125.996")

    click_radio(page, "English")

    expect(heading(page)).to_have_text("Overview of 2022")
    expect(metric_value(page, "Cases to be enforced (cases) ✦")).to_have_text("125,996")
    expect(metric_value(page, "Drafts appraised (drafts) ✦")).to_have_text("434")
    expect(page.get_by_test_id("stSidebar")).to_contain_text("Language")
    assert query_param(page, "lang") == "en"
    expect(chart(page).locator(".gtitle")).to_contain_text("Drafts appraised")


def test_a_copied_link_opens_the_same_view_in_a_new_page(
    session: BrowserSession, app_server: AppServer
):
    first = session.new_page()
    open_app(first, app_server.url)
    choose(first, "Năm", "2021", in_sidebar=True)
    click_radio(first, "English")
    expect(heading(first)).to_have_text("Overview of 2021")
    cards = metric_values(first)
    title = chart_title(first)
    link = first.url

    second = session.new_page()
    open_app(second, link)

    expect(heading(second)).to_have_text("Overview of 2021")
    expect(second.get_by_test_id("stMetricValue")).to_have_count(len(cards))
    assert metric_values(second) == cards
    assert chart_title(second) == title
    expect(combobox(second, "Year", in_sidebar=True)).to_have_value("2021")


def test_the_toolbar_camera_downloads_a_1920_by_1080_png_for_slides(
    page: Page, app_server: AppServer
):
    open_app(page, f"{app_server.url}/?year=2022")
    plot = chart(page)
    expect(plot.locator(".gtitle")).to_be_visible()

    plot.hover()
    # The camera's tooltip in Vietnamese (the chart's Plotly locale), the one toolbar button kept
    # with "reset" (and Streamlit's full screen).
    camera = plot.locator(f'.modebar-btn[data-title="{t("chart.modebar.download_png", "vi")}"]')
    expect(plot.locator(".modebar-btn")).to_have_count(3)
    with page.expect_download() as download_info:
        camera.click()
    download = download_info.value

    assert download.suggested_filename == "VB01_2022_7-tinh.png"  # the overview opens on VB01
    image = Image.open(io.BytesIO(download.path().read_bytes()))
    assert image.format == "PNG"
    assert image.size == (1920, 1080)
    # Not a blank canvas: the bars carry the provinces' colours (Đồng Nai's #0072B2 among them).
    colours = {rgb for _, rgb in image.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert (0x00, 0x72, 0xB2) in colours
