"""Real-browser fixtures: the app started on a free loopback port with its own data folder, and
Debian's chromium driven by Playwright.

One server per session (a module that changes data starts its own with `running_app`), one browser
per session, a fresh browser context per test. When a test fails, a screenshot and the page's console
log are kept under `test-artifacts/<test name>/`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    expect,
    sync_playwright,
)
from streamlit_page import RUN_COUNTER_SCRIPT

from justice_dashboard.config import BUNDLED_DATA_DIR, DATA_DIR_ENV, PROJECT_ROOT
from justice_dashboard.serve import (
    CHROMIUM,
    CHROMIUM_ARGS,
    free_port,
    is_healthy,
    stop,
    streamlit_command,
)

ARTIFACTS_DIR = PROJECT_ROOT / "test-artifacts"
INTAKE_SECRET_ENV = "JUSTICE_INTAKE_SECRET"
INTAKE_SECRET = "bi-mat-cua-can-bo-du-lieu"
STARTUP_TIMEOUT_S = 60.0
# Playwright waits (milliseconds): generous, since a cold Streamlit page on 2 cores takes seconds.
UI_TIMEOUT_MS = 30_000
expect.set_options(timeout=UI_TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


def copy_data_folder(target: Path) -> Path:
    """A private copy of the bundled data (reference and snapshots), without lock or temp files."""
    shutil.copytree(
        BUNDLED_DATA_DIR,
        target,
        ignore=shutil.ignore_patterns(".lock", ".tmp-*"),
        dirs_exist_ok=True,
    )
    return target


@dataclass
class AppServer:
    url: str
    data_dir: Path
    process: subprocess.Popen[bytes]
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def wait_until_healthy(server: AppServer, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
    """Poll the health endpoint until it answers "ok" (or the process dies, or time runs out)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{server.log()}")
        if is_healthy(server.url):
            return
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.process.wait(timeout=0.2)  # wakes at once if the server dies
    raise TimeoutError(
        f"streamlit did not answer on {server.url} in {timeout_s} s:\n{server.log()}"
    )


@contextlib.contextmanager
def running_app(data_dir: Path, log_dir: Path, extra_env: dict[str, str] | None = None):
    """Start `streamlit run app.py` on a free loopback port over `data_dir`; stop it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        DATA_DIR_ENV: str(data_dir),
        INTAKE_SECRET_ENV: INTAKE_SECRET,
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    log_path = log_dir / f"streamlit-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            streamlit_command(PROJECT_ROOT / "app.py", port),
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = AppServer(f"http://127.0.0.1:{port}", data_dir, process, log_path, env)
    try:
        wait_until_healthy(server)
        yield server
    finally:
        stop(process)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app over a private copy of the bundled data, shared by the tests that only read."""
    data = copy_data_folder(tmp_path_factory.mktemp("app-data") / "data")
    with running_app(data, tmp_path_factory.mktemp("app-log")) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
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
