"""Real-browser fixtures: the app started on a free loopback port with its own data folder, and
Debian's chromium driven by Playwright.

One server per session (a module that changes data starts its own with `running_app`), one browser
per session, a fresh browser context per test. When a test fails, a screenshot and the page's console
log are kept under `test-artifacts/<test name>/`.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from app_server import (  # noqa: F401 (the browser tests import these from here)
    INTAKE_SECRET,
    INTAKE_SECRET_ENV,
    AppServer,
    copy_data_folder,
    running_app,
)
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    expect,
    sync_playwright,
)
from streamlit_page import RUN_COUNTER_SCRIPT

from justice_dashboard.config import PROJECT_ROOT
from justice_dashboard.serve import (
    CHROMIUM,
    CHROMIUM_ARGS,
)

ARTIFACTS_DIR = PROJECT_ROOT / "test-artifacts"
# Playwright waits (milliseconds): generous, since a cold Streamlit page on 2 cores takes seconds.
UI_TIMEOUT_MS = 30_000
expect.set_options(timeout=UI_TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app over a private copy of the bundled data, shared by the tests that only read."""
    data = copy_data_folder(tmp_path_factory.mktemp("app-data") / "data")
    with running_app(data, tmp_path_factory.mktemp("app-log")) as server:
        yield server


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@dataclass
class BrowserSession:
    """A browser context with what the test's pages wrote to the console, for the artefacts."""

    context: BrowserContext
    console: list[str] = field(default_factory=list)

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.set_default_timeout(UI_TIMEOUT_MS)
        label = f"page {len(self.context.pages)}"

        def record(message: ConsoleMessage) -> None:
            self.console.append(f"[{label}] {message.type}: {message.text}")

        page.on("console", record)
        page.on("pageerror", lambda error: self.console.append(f"[{label}] pageerror: {error}"))
        return page


@pytest.fixture
def session(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserSession]:
    context = browser.new_context(
        accept_downloads=True, viewport={"width": 1400, "height": 900}, locale="vi-VN"
    )
    context.add_init_script(RUN_COUNTER_SCRIPT)
    shutil.rmtree(ARTIFACTS_DIR / request.node.name, ignore_errors=True)  # only this run's
    result = BrowserSession(context)
    try:
        yield result
    finally:
        failed = any(
            getattr(getattr(request.node, f"report_{when}", None), "failed", False)
            for when in ("setup", "call")
        )
        if failed:
            keep_artifacts(request.node.name, result)
        context.close()


def keep_artifacts(test_name: str, session: BrowserSession) -> None:
    folder = ARTIFACTS_DIR / test_name
    folder.mkdir(parents=True, exist_ok=True)
    for number, page in enumerate(session.context.pages, start=1):
        with contextlib.suppress(Exception):
            page.screenshot(path=str(folder / f"page-{number}.png"), full_page=True)
    (folder / "console.log").write_text("\n".join(session.console) + "\n", encoding="utf-8")


@pytest.fixture
def page(session: BrowserSession) -> Page:
    return session.new_page()
