"""Across the 2025 merger in a real browser: on today's units the compare page's line for the
merged Đồng Nai runs through the years before it existed as the sum of its predecessors, and the
2026 conference pack opens as a deck on today's units."""

from __future__ import annotations

import io

from conftest import AppServer
from intake_files import bundled_values
from playwright.sync_api import Page, expect
from pptx import Presentation
from streamlit_page import act, open_app, page_url

from justice_dashboard import fmt
from justice_dashboard.catalog import load_catalog
from justice_dashboard.export.pack import conference_pack, targeted_indicators


def _trace(page: Page, chart_index: int, name: str) -> dict[str, list]:
    """The x, y and hover texts of the trace called `name` in the chart drawn `chart_index`-th."""
    return page.evaluate(
        """([index, name]) => {
            const plot = document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')[index];
            const trace = plot.data.find(t => t.name === name);
            return trace ? {x: trace.x, y: trace.y, hover: trace.customdata} : null;
        }""",
        [chart_index, name],
    )


def test_on_today_s_units_the_compare_line_for_dong_nai_shows_2022_as_binh_phuoc_plus_dong_nai(
    page: Page, app_server: AppServer
):
    query = "year=2026&from=2018&to=2026&units=current&indicator=TA01"
    open_app(page, page_url(app_server.url, "compare", query))
    lines = page.get_by_role("tabpanel").get_by_test_id("stPlotlyChart")
    expect(lines.locator(".gtitle")).to_contain_text("Tổng số việc phải thi hành qua các năm")
    # the line is named at its end by its short name
    expect(lines.locator(".annotation-text").filter(has_text="Đ.Nai")).to_have_count(1)

    trace = _trace(page, 1, "Đồng Nai")  # the bars come first, then the open tab's lines
    assert trace is not None
    assert trace["x"] == list(range(2018, 2027))  # one line, unbroken across the merger
    summed = bundled_values("70", 2022)["TA01"] + bundled_values("75", 2022)["TA01"]
    at_2022 = trace["x"].index(2022)
    assert trace["y"][at_2022] == summed
    assert trace["hover"][at_2022].startswith(fmt.number(summed, lang="vi"))
    assert trace["y"][trace["x"].index(2026)] == bundled_values("75", 2026)["TA01"]


def test_the_2026_conference_pack_opens_as_a_deck_on_today_s_units(
    page: Page, app_server: AppServer, sample_store
):
    open_app(page, page_url(app_server.url, "slides", "year=2026"))
    expect(page.locator("h1").first).to_have_text("Xuất slide cho hội nghị năm 2026")
    expect(
        page.get_by_test_id("stSidebar").get_by_role(
            "radio", name="Theo đơn vị hiện nay (cộng dồn)"
        )
    ).to_be_checked()

    act(page, page.get_by_role("button", name="Tạo tệp").click)
    deck_button = page.get_by_role("button", name="Tải PowerPoint (.pptx)")
    expect(deck_button).to_be_visible(timeout=240_000)
    with page.expect_download() as deck_info:
        deck_button.click()

    deck = Presentation(io.BytesIO(deck_info.value.path().read_bytes()))
    texts = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    pack = conference_pack(load_catalog(), targeted=targeted_indicators(sample_store.query, 2026))
    charted = sum(any(s.has_chart for s in slide.shapes) for slide in deck.slides)
    tables = sum(any(s.has_table for s in slide.shapes) for slide in deck.slides)  # the weights
    assert charted == len(pack)
    assert len(deck.slides) == 1 + charted + tables
    assert "Kết quả công tác tư pháp năm 2026" in texts
    assert "Dữ liệu minh họa" in texts
    assert "chưa có chỉ tiêu" in texts  # no national target is recorded for 2026
    assert "Số liệu trước 2025 cộng dồn theo đơn vị hiện nay" in texts  # lines 2018–2026
    assert "sơ bộ" in texts  # STP 2026 is preliminary (cut at 31/10/2026)
