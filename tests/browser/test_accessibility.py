"""Every page, in Vietnamese and in English, passes axe-core's WCAG 2 A and AA rules in a real
browser; the page declares its language, and a keyboard user sees where the focus is.

axe-core is the copy that the dev dependency `axe-playwright-python` ships (`axe.min.js`), injected
into the page as a script: nothing is fetched at test time.
"""

from __future__ import annotations

import functools
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from conftest import AppServer
from playwright.sync_api import Page, expect
from streamlit_page import act, click_radio, heading, open_app, page_url

from justice_dashboard.accessibility import SHELL_MARK, VISUALLY_HIDDEN
from justice_dashboard.navigation import PAGES

PAGE_NAMES = [Path(p.file).stem for p in PAGES]
LANGS = ("vi", "en")
WCAG_TAGS = ["wcag2a", "wcag2aa"]
# Nodes listed per violation in a failure message.
NODES_SHOWN = 3
# Enough Tab presses to pass what comes before the sidebar's links (the skip of Streamlit's header).
TABS_TO_SIDEBAR = 10


@functools.cache
def axe_source() -> str:
    return (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")


def open_page(page: Page, base: str, name: str, lang: str) -> None:
    query = f"lang={lang}"
    # The first page is the app's root: its url_path alone would open "Page not found".
    url = f"{base}/?{query}" if name == PAGE_NAMES[0] else page_url(base, name, query)
    open_app(page, url)
    expect(page.get_by_role("dialog")).to_have_count(0)
    # The page's stylesheet and language come in an HTML element that Streamlit may draw a moment
    # after the rest (its code is loaded on first use): wait until it is there.
    expect(page.locator(f".{SHELL_MARK}")).to_be_attached()
    # Plotly draws a chart after the script run ends: wait until every chart has its SVG.
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                  .every(c => c.querySelector('svg.main-svg'))"""
    )


def axe_violations(page: Page, include: str | None = None) -> list[dict[str, Any]]:
    """axe-core's WCAG 2 A and AA violations on the page (or within the elements `include`
    selects)."""
    page.add_script_tag(content=axe_source())
    result = page.evaluate(
        "([context, options]) => axe.run(context || document, options)",
        [
            {"include": [include]} if include else None,
            {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
        ],
    )
    return result["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s)")
        for node in v["nodes"][:NODES_SHOWN]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
            lines.append(f"      {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", PAGE_NAMES)
def test_axe_finds_no_wcag_a_or_aa_violation_on_the_page(
    page: Page, app_server: AppServer, name: str, lang: str
):
    open_page(page, app_server.url, name, lang)

    violations = axe_violations(page)

    assert not violations, f"axe-core on {name} ({lang}):\n{describe(violations)}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_page_declares_its_language_on_the_html_element(
    page: Page, app_server: AppServer, lang: str
):
    open_page(page, app_server.url, "compare", lang)

    expect(page.locator("html")).to_have_attribute("lang", lang)


def test_switching_the_language_declares_the_new_one(page: Page, app_server: AppServer):
    open_page(page, app_server.url, "overview", "vi")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    click_radio(page, "English")

    expect(heading(page)).to_contain_text("Overview")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_a_sidebar_link_reached_with_the_keyboard_shows_a_focus_ring(
    page: Page, app_server: AppServer
):
    open_page(page, app_server.url, "overview", "vi")
    links = page.get_by_test_id("stSidebarNav").get_by_role("link")
    expect(links.first).to_be_visible()

    # Tab from the page's start until a sidebar link has the focus, as a keyboard user does.
    for _ in range(TABS_TO_SIDEBAR):
        page.keyboard.press("Tab")
        if links.evaluate_all("els => els.includes(document.activeElement)"):
            break
    focused = page.locator("[data-testid=stSidebarNav] a:focus-visible")
    expect(focused).to_have_count(1)

    ring = focused.evaluate(
        "el => { const s = getComputedStyle(el);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    assert ring == ["solid", 2.0, "rgb(0, 114, 178)"]


def test_each_chart_has_a_text_alternative_with_its_title_and_values_that_the_page_hides(
    page: Page, app_server: AppServer
):
    open_page(page, app_server.url, "compare", "en")
    charts = page.get_by_test_id("stPlotlyChart")
    expect(charts).to_have_count(2)  # the year's bars and the open tab's lines

    texts = page.locator(f".{VISUALLY_HIDDEN}")

    expect(texts).to_have_count(2)
    for index in range(2):
        # The title's first line (the second is the subtitle).
        title = charts.nth(index).locator(".gtitle tspan.line").first.text_content()
        assert title
        expect(texts.nth(index)).to_contain_text(f"Chart: {title}")
        expect(texts.nth(index)).to_have_css("width", "1px")
    expect(texts.first).to_contain_text("From highest to lowest: Ho Chi Minh City:")
    expect(texts.nth(1)).to_contain_text("highest:")
    # A screen reader finds it: it is in the page's text, not hidden from assistive technology.
    assert page.get_by_text("From highest to lowest:").count() == 1


def test_the_note_the_chart_camera_shows_reads_at_aa_contrast(page: Page, app_server: AppServer):
    open_page(page, app_server.url, "overview", "vi")
    # The note Plotly shows for a few seconds after the camera is clicked, built as Plotly builds
    # it (a timed note would race the check); Plotly's own stylesheet is on the page with the chart.
    page.evaluate(
        """() => {
          const box = document.createElement('div');
          box.className = 'plotly-notifier';
          box.innerHTML = '<div class="notifier-note"><p><span>Đang chuẩn bị ảnh</span></p></div>';
          document.body.appendChild(box);
        }"""
    )
    note = page.locator(".plotly-notifier .notifier-note")
    expect(note).to_have_css("color", "rgb(255, 255, 255)")  # Plotly's rule is in force

    violations = axe_violations(page, include=".plotly-notifier")

    assert not violations, describe(violations)


def test_axe_finds_no_violation_in_the_compare_pages_other_tabs_and_open_download_menus(
    page: Page, app_server: AppServer
):
    open_page(page, app_server.url, "compare", "vi")
    tabs = page.get_by_test_id("stMain").get_by_role("tab")
    expect(tabs).to_have_count(3)
    found = {}

    for index in (1, 2):
        act(page, tabs.nth(index).click)
        expect(tabs.nth(index)).to_have_attribute("aria-selected", "true")
        found[tabs.nth(index).inner_text()] = axe_violations(page)
    for name in ("Tải ảnh", "Tải số liệu"):
        page.get_by_test_id("stPopover").get_by_role("button", name=name).first.click()
        expect(page.get_by_role("dialog")).to_be_visible()
        found[name] = axe_violations(page)
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_have_count(0)

    assert found == {name: [] for name in found}, "\n".join(
        f"{name}:\n{describe(v)}" for name, v in found.items() if v
    )
