"""What a person does on a Streamlit page, in Playwright terms: read a card, pick an option, wait for
the app to settle. Every wait is on a condition the user would see, never a fixed delay.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from justice_dashboard.navigation import PAGES

# Installed in every browser context: counts the script runs the page has seen start, read from the
# `data-test-script-state` attribute Streamlit keeps on its root element.
RUN_COUNTER_SCRIPT = """
window.__scriptRuns = 0;
new MutationObserver((records) => {
  for (const r of records) {
    if (r.target.getAttribute('data-test-script-state') === 'running') window.__scriptRuns += 1;
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
"""
RUN_START_MS = 2_000
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def page_url(base: str, name: str, query: str = "") -> str:
    """The address of the page declared in `navigation.PAGES` by its file name (e.g. "compare")."""
    spec = next(p for p in PAGES if Path(p.file).stem == name)
    return f"{base}/{spec.url_path}{'?' + query if query else ''}"


def script_runs(page: Page) -> int:
    return int(page.evaluate("() => window.__scriptRuns || 0"))


@contextmanager
def rerun_of(page: Page) -> Iterator[None]:
    """Wrap one user action: afterwards, wait until the rerun it caused has started and finished.

    A very short rerun can go from "running" to "notRunning" within one frame, unseen by the
    counter; so the wait for its start is bounded, and the caller then checks what the user sees
    with `expect` (which retries).
    """
    before = script_runs(page)
    yield
    with suppress(PlaywrightTimeoutError):
        page.wait_for_function("n => window.__scriptRuns > n", arg=before, timeout=RUN_START_MS)
    wait_until_idle(page)
    expect_no_app_error(page)


def act(page: Page, action: Callable[[], object]) -> None:
    with rerun_of(page):
        action()


def open_app(page: Page, url: str) -> None:
    """Go to `url` and wait until the page has drawn its title (or an error) and finished running."""
    page.goto(url)
    page.wait_for_function("() => window.__scriptRuns > 0")
    wait_until_idle(page)
    expect(page.locator("h1").or_(page.get_by_test_id("stException")).first).to_be_visible()
    expect_no_app_error(page)


def expect_no_app_error(page: Page) -> None:
    """A script error shows as an exception box; fail with its text rather than wait for content."""
    errors = page.get_by_test_id("stException")
    if errors.count():
        raise AssertionError("the app shows an error:\n" + errors.first.inner_text())


def wait_until_idle(page: Page) -> None:
    """Wait until no script runs (Streamlit marks its root element `notRunning`)."""
    expect(page.locator(IDLE)).to_have_count(1)


def heading(page: Page) -> Locator:
    return page.locator("h1").first


def metric_value(page: Page, label: str) -> Locator:
    """The value of the metric card whose title (and screen readers' label) is exactly `label`."""
    card = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return card.get_by_test_id("stMetricValue")


def metric_values(page: Page) -> dict[str, str]:
    # A card's title is drawn above it in full; the metric's own label is kept for screen readers
    # but not drawn, so its text is read from the document rather than as rendered.
    labels = page.get_by_test_id("stMetricLabel").evaluate_all("els => els.map(e => e.textContent)")
    values = page.get_by_test_id("stMetricValue").all_inner_texts()
    return {label.strip(): value.strip() for label, value in zip(labels, values, strict=True)}


def scope(page: Page, *, in_sidebar: bool) -> Locator:
    return page.get_by_test_id("stSidebar" if in_sidebar else "stMain")


def combobox(page: Page, label: str, *, in_sidebar: bool = False) -> Locator:
    """The text input of a selectbox or multiselect, found by its label as a screen reader would."""
    return scope(page, in_sidebar=in_sidebar).get_by_role("combobox", name=label, exact=True)


def pick(page: Page, box: Locator, option: str) -> None:
    """Type the option's text into the combobox, as a person searching the list does, and take it.

    (Streamlit's react-aria lists take a keyboard choice reliably; a synthetic click on an option
    can land before the list is ready and be dropped.)
    """
    box.click()
    box.fill(option)
    expect(page.get_by_role("option", name=option, exact=True)).to_be_visible()
    page.keyboard.press("Enter")


def choose(page: Page, label: str, option: str, *, in_sidebar: bool = False) -> None:
    """Open the selectbox labelled `label` and pick the option whose text is `option`."""
    box = combobox(page, label, in_sidebar=in_sidebar)
    with rerun_of(page):
        pick(page, box, option)
    expect(box).to_have_value(option)


def choose_only(page: Page, label: str, options: list[str], *, in_sidebar: bool = False) -> None:
    """Leave exactly `options` chosen in the multiselect labelled `label`: remove the other tags
    with their ✕, then type in the missing ones."""
    box = combobox(page, label, in_sidebar=in_sidebar)
    container = (
        scope(page, in_sidebar=in_sidebar)
        .get_by_test_id("stMultiSelect")
        .filter(has=page.get_by_role("combobox", name=label, exact=True))
    )
    tags = container.locator("span[data-tag]")
    chosen = tags.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")
    for name in [n for n in options if n not in chosen]:
        with rerun_of(page):
            pick(page, box, name)
        # The open list hides the rest from assistive technology (and from role queries): close it.
        page.keyboard.press("Escape")
        expect(container.get_by_role("button", name=f"Remove {name}")).to_have_count(1)
    for name in [n for n in chosen if n not in options]:
        act(page, container.get_by_role("button", name=f"Remove {name}").click)
    page.keyboard.press("Escape")
    expect(tags).to_have_count(len(options))


def click_radio(page: Page, option: str, *, in_sidebar: bool = True) -> None:
    button = (
        scope(page, in_sidebar=in_sidebar).get_by_test_id("stRadio").get_by_text(option, exact=True)
    )
    act(page, button.click)


def chart(page: Page, index: int = 0) -> Locator:
    return page.get_by_test_id("stPlotlyChart").nth(index)


def chart_title(page: Page, index: int = 0) -> str:
    return chart(page, index).locator(".gtitle").first.text_content() or ""


def chart_bar_labels(page: Page, index: int = 0) -> list[str]:
    """The value labels drawn on the bars (what a reader sees above each bar)."""
    return chart(page, index).locator("g.bartext text").all_text_contents()


def query_param(page: Page, name: str) -> str | None:
    match = re.search(rf"[?&]{re.escape(name)}=([^&#]*)", page.url)
    return match.group(1) if match else None
