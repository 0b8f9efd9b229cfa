"""The provincial server: two app processes behind a real nginx (Debian's) under /tuphap/, sharing
one data folder, started the way a quick try starts them (`python -m justice_dashboard serve`) with
the nginx site rendered from the same template as deploy/.

A browser context is pinned to one process by the cookie that keeps every user on one process
(`jd_backend`, which nginx sets for a new user and follows afterwards): a data officer commits a
figure through process 1 and a reader sees it through process 2; a process that dies is started
again and its user's page comes back by itself."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from conftest import (
    INTAKE_SECRET,
    INTAKE_SECRET_ENV,
    UI_TIMEOUT_MS,
    BrowserSession,
    copy_data_folder,
    keep_artifacts,
)
from intake_files import bundled_values, filled_xlsx
from playwright.sync_api import Browser, Page, Response, expect
from streamlit_page import (
    RUN_COUNTER_SCRIPT,
    act,
    choose,
    heading,
    metric_value,
    open_app,
    page_url,
)
from test_intake import CASES_CARD, CATALOG, XLSX, as_number

from justice_dashboard.cluster import BACKEND_HEADER, COOKIE, Serving, pinned_health, serving
from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.snapshots import VERSION_TTL_S

RESTART_TIMEOUT_S = 90.0


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serving]:
    data = copy_data_folder(tmp_path_factory.mktemp("serving-data") / "data")
    env = {DATA_DIR_ENV: str(data), INTAKE_SECRET_ENV: INTAKE_SECRET}
    with serving(2, tmp_path_factory.mktemp("serving-run"), env=env) as running:
        yield running


@dataclass
class PinnedSession(BrowserSession):
    """A browser context whose requests all carry the cookie naming one process; it notes which
    process answered each of its HTTP responses (nginx says so in X-Justice-Backend)."""

    answered_by: set[str] = field(default_factory=set)

    def cookie(self) -> str | None:
        values = [c["value"] for c in self.context.cookies() if c["name"] == COOKIE]
        return values[-1] if values else None


@pytest.fixture
def pinned(
    browser: Browser, served: Serving, request: pytest.FixtureRequest
) -> Iterator[Callable[[str], PinnedSession]]:
    sessions: list[PinnedSession] = []

    def pin(name: str) -> PinnedSession:
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1400, "height": 900}, locale="vi-VN"
        )
        context.add_init_script(RUN_COUNTER_SCRIPT)
        context.add_cookies(
            [{"name": COOKIE, "value": name, "domain": "127.0.0.1", "path": "/tuphap/"}]
        )
        session = PinnedSession(context)

        def note(response: Response) -> None:
            backend = response.headers.get(BACKEND_HEADER.lower())
            if backend:
                session.answered_by.add(backend)

        context.on("response", note)
        sessions.append(session)
        return session

    yield pin
    failed = any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )
    for number, session in enumerate(sessions, start=1):
        if failed:
            keep_artifacts(f"{request.node.name}-{number}", session)
        session.context.close()


def new_page(session: BrowserSession) -> Page:
    page = session.new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    return page


def test_nginx_sends_each_cookie_to_its_process_and_gives_a_new_user_one(served: Serving):
    assert pinned_health(served.url, "b1") == "b1"
    assert pinned_health(served.url, "b2") == "b2"

    for cookie in ("", f"{COOKIE}=127.0.0.1:22", f"{COOKIE}=b9"):
        request = urllib.request.Request(
            f"{served.url}/_stcore/health", headers={"Cookie": cookie} if cookie else {}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            answered = response.headers.get(BACKEND_HEADER)
            assert answered in {"b1", "b2"}, cookie  # never somewhere the cookie names
            set_cookies = response.headers.get_all("Set-Cookie") or []
            assert any(c.startswith(f"{COOKIE}={answered};") for c in set_cookies)

    with urllib.request.urlopen(served.url.removesuffix("/tuphap") + "/", timeout=10) as response:
        assert response.url.endswith("/tuphap/")  # the bare address opens the app


def test_a_figure_committed_through_process_1_is_read_through_process_2(
    pinned: Callable[[str], PinnedSession], served: Serving
):
    reader = pinned("b2")
    reading = new_page(reader)
    open_app(reading, f"{served.url}/?year=2024")
    before = as_number(metric_value(reading, CASES_CARD).inner_text())
    values = bundled_values("70", 2024)
    values["TA01"] += 1000

    officer = pinned("b1")
    page = new_page(officer)
    open_app(page, page_url(served.url, "intake"))
    expect(heading(page)).to_have_text("Nhập số liệu")
    page.get_by_label("Mã bí mật nhập số liệu").fill(INTAKE_SECRET)
    act(page, page.get_by_role("button", name="Mở khóa").click)
    choose(page, "Tỉnh", "70 · Bình Phước")
    choose(page, "Năm số liệu", "2024")
    content = filled_xlsx(CATALOG, "70", 2024, values)
    act(
        page,
        lambda: page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            files=[{"name": "binh-phuoc-2024.xlsx", "mimeType": XLSX, "buffer": content}]
        ),
    )
    expect(page.get_by_role("heading", name="Xem trước: Bình Phước, năm 2024")).to_be_visible()
    page.get_by_label("Họ và tên người nhập").fill("Nguyễn Văn Thử")
    page.keyboard.press("Tab")
    act(page, page.get_by_role("button", name="Ghi số liệu thành bản số liệu mới").click)
    expect(page.get_by_text("Đã ghi bản số liệu 70-2024-")).to_be_visible()
    committed_at = time.monotonic()

    # Process 2 walks the data folder again at most VERSION_TTL_S after it last did: the reader
    # opens the overview again (as a person would) until it shows the new figure.
    expected = f"{before + 1000:,}".replace(",", ".")
    deadline = committed_at + VERSION_TTL_S + UI_TIMEOUT_MS / 1000
    while True:
        open_app(reading, f"{served.url}/?year=2024")
        shown = metric_value(reading, CASES_CARD).inner_text()
        if shown == expected or time.monotonic() > deadline:
            break
    assert shown == expected

    assert officer.answered_by == {"b1"} and officer.cookie() == "b1"
    assert reader.answered_by == {"b2"} and reader.cookie() == "b2"


def test_a_process_that_dies_is_started_again_and_its_users_page_comes_back(
    pinned: Callable[[str], PinnedSession], served: Serving
):
    user = pinned("b2")
    page = new_page(user)
    open_app(page, served.url)
    expect(heading(page)).to_have_text("Tổng quan năm 2026")
    old_pid = served.pid("b2")

    os.kill(old_pid, signal.SIGKILL)

    deadline = time.monotonic() + RESTART_TIMEOUT_S
    while not (served.pid("b2") != old_pid and pinned_health(served.url, "b2") == "b2"):
        assert served.process.poll() is None, served.log()
        assert time.monotonic() < deadline, served.log()
        with contextlib.suppress(subprocess.TimeoutExpired):
            served.process.wait(timeout=0.2)  # wakes at once if the supervisor dies
    assert "Tiến trình b2 đã dừng (mã -9); khởi động lại" in served.log()

    # The page reconnected by itself (to process 1 while 2 was down, or to 2 again: the cookie
    # follows the process that answers) and goes on: another page, another year.
    act(page, page.get_by_test_id("stSidebarNav").get_by_text("Xếp hạng thi đua").click)
    expect(heading(page)).to_have_text("Xếp hạng thi đua năm 2026")
    choose(page, "Năm", "2025", in_sidebar=True)
    expect(heading(page)).to_have_text("Xếp hạng thi đua năm 2025")
    assert user.cookie() in {"b1", "b2"}
