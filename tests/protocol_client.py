"""A client of Streamlit's own websocket protocol, as a browser's JavaScript speaks it (or an attacker's
script does): open a session on a page, read what the page draws, send widget values of one's own
choosing, and upload to the session's endpoint. Used by the tests of hostile clients."""

from __future__ import annotations

import asyncio
import concurrent.futures
import urllib.parse
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

RUN_TIMEOUT_S = 60
T = TypeVar("T")


@dataclass
class Drawn:
    """What one script run drew: widgets (id → element type and label) and every text shown."""

    widgets: dict[str, tuple[str, str]] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    status: str = ""


def _texts_of(element: Any, which: str) -> list[str]:
    if which == "markdown":
        return [element.markdown.body]
    if which == "alert":
        return [element.alert.body]
    if which == "exception":
        return [element.exception.message, *element.exception.stack_trace]
    if which == "toast":
        return [element.toast.body]
    return []


class Session:
    def __init__(self, connection: Any, page: str, query: dict[str, str]) -> None:
        self.connection = connection
        self.page = page
        self.query = urllib.parse.urlencode(query)
        self.session_id = ""

    async def run(self, widgets: list[WidgetState] | None = None) -> Drawn:
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_name = self.page
        message.rerun_script.widget_states.widgets.extend(widgets or [])
        await self.connection.send(message.SerializeToString())
        return await asyncio.wait_for(self._read_run(), RUN_TIMEOUT_S)

    async def _read_run(self) -> Drawn:
        drawn = Drawn()
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.connection.recv())
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self.session_id = message.new_session.initialize.session_id
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                which = element.WhichOneof("type")
                widget = getattr(element, which, None)
                widget_id = getattr(widget, "id", "")
                if widget_id and hasattr(widget, "label"):
                    drawn.widgets[widget_id] = (which, widget.label)
                drawn.texts.extend(_texts_of(element, which))
                if which == "exception":
                    drawn.exceptions.append(element.exception.message)
            elif kind == "script_finished":
                drawn.status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                if drawn.status != "FINISHED_EARLY_FOR_RERUN":
                    return drawn

    async def close(self) -> None:
        await self.connection.close()


async def open_session(url: str, page: str = "", query: dict[str, str] | None = None) -> Session:
    connection = await websockets.connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit"],
        max_size=None,
        open_timeout=60,
    )
    return Session(connection, page, query or {})


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end on its own event loop in a thread of its own (Playwright's sync
    API keeps a loop running in the test's thread while a browser fixture is alive)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
