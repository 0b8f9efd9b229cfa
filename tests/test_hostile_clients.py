"""A hostile client of the real server (Streamlit's own websocket protocol and upload endpoint, as a
script would speak them): values no widget offers, and uploads nobody asked for."""

from __future__ import annotations

import asyncio
import http.client
import http.cookiejar
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from app_server import AppServer, copy_data_folder, running_app
from protocol_client import Drawn, open_session, run
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from justice_dashboard import uploads
from justice_dashboard.errors import RAISE_ENV
from justice_dashboard.i18n import t
from justice_dashboard.navigation import PAGES

UNEXPECTED = t("app.unexpected_error", "vi", id="").split("{")[0][:40]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    data = copy_data_folder(tmp_path_factory.mktemp("hostile-data") / "data")
    # As users get it: an unexpected error becomes the short message, which these tests look for.
    with running_app(data, tmp_path_factory.mktemp("hostile-log"), {RAISE_ENV: None}) as running:
        yield running


def _tampered(widget_id: str) -> list[WidgetState]:
    """Values of every kind the protocol carries, none of them an option of any widget."""
    return [
        WidgetState(id=widget_id, string_value="xx"),
        WidgetState(id=widget_id, int_value=2**40),
        WidgetState(id=widget_id, double_value=1e308),
        WidgetState(id=widget_id, string_array_value={"data": ["xx", "\x00", "9" * 5000]}),
        WidgetState(id=widget_id, double_array_value={"data": [-1e308, 1e308]}),
        WidgetState(id=widget_id, int_array_value={"data": [999, -1]}),
        WidgetState(id=widget_id, json_value='{"x": [1, 2'),
    ]


def _broken(drawn: Drawn) -> list[str]:
    return drawn.exceptions + [x for x in drawn.texts if x.startswith(UNEXPECTED)]


async def _tamper_with_every_widget(url: str, page: str) -> list[str]:
    session = await open_session(url, page)
    try:
        first = await session.run()
        problems = [f"{page}: {p}" for p in _broken(first)]
        for widget_id, (kind, label) in first.widgets.items():
            if kind in ("button", "download_button", "file_uploader"):
                continue  # a click or an upload is the real thing, tested elsewhere
            for state in _tampered(widget_id):
                drawn = await session.run([state])
                problems += [
                    f"{page} · {label} · {state.WhichOneof('value')}: {p}" for p in _broken(drawn)
                ]
                if drawn.status != "FINISHED_SUCCESSFULLY":
                    problems.append(f"{page} · {label}: {drawn.status}")
        return problems
    finally:
        await session.close()


def test_no_page_breaks_on_widget_values_no_widget_offers(server: AppServer):
    problems: list[str] = []
    for spec in PAGES:
        problems += run(_tamper_with_every_widget(server.url, spec.url_path))
    assert problems == []
    assert "Traceback" not in server.log()


# ---- uploads ------------------------------------------------------------------------------------


def _put_from_an_open_session(url: str, size: int) -> int:
    """Open a session on the intake page (locked) and, while it is open, PUT a file of `size`
    bytes to its upload endpoint; return the HTTP status."""

    async def put() -> int:
        session = await open_session(url, "intake")
        try:
            await session.run()
            return await asyncio.to_thread(_put, url, session.session_id, size)
        finally:
            await session.close()

    return run(put())


def _put(url: str, session_id: str, size: int) -> int:
    """PUT a file of `size` bytes to the session's upload endpoint, with the XSRF cookie and header
    a browser would send (the body is sent only if the server does not answer its headers first);
    return the HTTP status."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{url}/_stcore/health").read()
    token = next(c.value for c in jar if c.name == "_streamlit_xsrf")
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + b"7" * size
        + f"\r\n--{boundary}--\r\n".encode()
    )
    host = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    try:
        connection.putrequest("PUT", f"/_stcore/upload_file/{session_id}/{uuid.uuid4()}")
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Content-Length": str(len(body)),
            "X-Xsrftoken": token,
            "Cookie": f"_streamlit_xsrf={token}",
        }
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        connection.sock.settimeout(2)
        try:  # a refusal on the headers alone arrives before any of the body is sent
            return connection.getresponse().status
        except TimeoutError:
            connection.sock.settimeout(30)
        connection.send(body)
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_upload_endpoint_refuses_a_file_over_the_intake_limit(server: AppServer):
    assert _put_from_an_open_session(server.url, 5 * 1024 * 1024 + 1) == 413


def test_an_upload_from_a_session_without_the_secret_is_not_kept(server: AppServer):
    assert _put_from_an_open_session(server.url, 1024) == 204
    assert "upload not kept: the session has not entered the intake secret" in server.log()


def _file(file_id: str, size: int) -> UploadedFileRec:
    return UploadedFileRec(
        file_id=file_id, name=f"{file_id}.csv", type="text/csv", data=b"1" * size
    )


def test_a_session_holds_one_upload_and_a_locked_one_none():
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    uploads.guard(manager, lambda session: session == "unlocked")
    for number in range(5):
        manager.add_file("locked", _file(f"l{number}", 1000))
        manager.add_file("unlocked", _file(f"u{number}", 1000))
    assert manager.get_files("locked", [f"l{n}" for n in range(5)]) == []
    kept = manager.get_files("unlocked", [f"u{n}" for n in range(5)])
    assert [f.file_id for f in kept] == ["u4"]
    assert manager.get_stats()["cache_memory_bytes"][0].byte_length == 1000  # type: ignore[index]


def test_the_upload_limit_follows_the_intake_limit_in_whole_megabytes():
    assert [uploads.upload_limit_mb(n) for n in (1, 5 * 1024 * 1024, 5 * 1024 * 1024 + 1)] == [
        1,
        5,
        6,
    ]


def test_streamlits_config_sets_the_upload_limit_and_shows_no_error_details():
    config = (Path(__file__).parent.parent / ".streamlit" / "config.toml").read_text()
    assert "maxUploadSize = 5\n" in config
    assert 'showErrorDetails = "none"\n' in config
