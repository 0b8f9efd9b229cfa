"""The server alone under twenty users: CONTEXTS sessions on Streamlit's own websocket protocol
(what the browser's JavaScript sends and receives), each opening the overview and then choosing
another year STEPS times at once. A step is timed from the message that picks the year until the
chart's figure for that year has arrived (what a browser would then draw). No browser runs, so the
figures say what the server gives twenty users whose browsers run on their own machines, which a
2-CPU machine running twenty chromium renderers beside the server cannot show (bench_browser).

BENCH_TARGETS says what the sessions talk to, in one run: `direct` (one Streamlit process, no
proxy), and a number N (N processes behind nginx under /tuphap/, started by `python -m
justice_dashboard serve`; each session's websocket goes where nginx sends a new user, as a
browser's would). Default `direct,1,2`: the goal is p95 with two processes ≤ 0,6 × p95 with one.

    uv run python -m benchmarks sessions
    BENCH_TARGETS=1,2 BENCH_DATA=sample uv run python -m benchmarks sessions
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.report import goal, ms, percentile, print_table
from benchmarks.scale import data_dirs
from benchmarks.server import cpu_seconds, peak_rss_mb, streamlit_server
from justice_dashboard.cluster import BACKEND_HEADER, Serving, serving

CONTEXTS = int(os.environ.get("BENCH_CONTEXTS", "20"))
STEPS = int(os.environ.get("BENCH_STEPS", "5"))
DATA = os.environ.get("BENCH_DATA", "sample,scale").split(",")
TARGETS = os.environ.get("BENCH_TARGETS", "direct,1,2").split(",")
TWO_OVER_ONE = 0.6  # goal: p95 with two processes ≤ 0,6 × p95 with one
YEARS = [str(y) for y in range(2024, 2018, -1)]
STEP_TIMEOUT_S = 15
TIMED_APP = Path(__file__).resolve().parent / "timed_app.py"
YEAR_LABEL = "Năm"


class Session:
    """One user's websocket session, speaking the protocol the way Streamlit's frontend does."""

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.backend = connection.response.headers.get(BACKEND_HEADER, "")  # nginx's choice
        self.widgets: dict[str, WidgetState] = {}  # the values this user has chosen, by widget id
        self.year_widget = ""

    async def rerun(self) -> None:
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.widget_states.widgets.extend(self.widgets.values())
        await self.connection.send(message.SerializeToString())

    async def until_finished(self, year: str | None) -> float | None:
        """Read messages until the script run finishes; return when the chart showing `year`
        arrived (perf_counter), or None if it did not."""
        chart_at = None
        while True:
            message = ForwardMsg()
            message.ParseFromString(await self.connection.recv())
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                which = element.WhichOneof("type")
                if which == "selectbox" and element.selectbox.label == YEAR_LABEL:
                    self.year_widget = element.selectbox.id
                elif which == "plotly_chart" and chart_at is None:
                    title = json.loads(element.plotly_chart.spec)["layout"]["title"]["text"]
                    if year is None or f"· {year} ·" in title:
                        chart_at = time.perf_counter()
                elif which == "exception":
                    raise RuntimeError(element.exception.message)
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(message.script_finished)
                if status != "FINISHED_SUCCESSFULLY":
                    raise RuntimeError(status)
                return chart_at

    async def pick_year(self, year: str) -> float:
        state = WidgetState(id=self.year_widget, string_value=year)
        self.widgets[self.year_widget] = state
        started = time.perf_counter()
        await self.rerun()
        chart_at = await asyncio.wait_for(self.until_finished(year), STEP_TIMEOUT_S)
        if chart_at is None:
            raise RuntimeError(f"no chart for {year}")
        return chart_at - started


async def open_session(url: str) -> Session:
    connection = await websockets.connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit"],
        max_size=None,
        open_timeout=60,
    )
    session = Session(connection)
    await session.rerun()
    await asyncio.wait_for(session.until_finished(None), 120)
    if not session.year_widget:
        raise RuntimeError("the page has no year picker")
    return session


async def steps(session: Session, offset: int) -> dict[str, Any]:
    timings, errors = [], []
    for step in range(STEPS):
        year = YEARS[(offset + step + 1) % len(YEARS)]
        try:
            timings.append(await session.pick_year(year))
        except Exception as error:
            errors.append(f"step {step} ({year}): {type(error).__name__}: {error}")
    return {"timings": timings, "errors": errors}


class Target(Protocol):
    """What the sessions talk to: its address and the app processes behind it."""

    url: str

    def pids(self) -> list[int]: ...


@dataclass
class Direct:
    url: str
    pid: int

    def pids(self) -> list[int]:
        return [self.pid]


@dataclass
class Behind:
    served: Serving

    @property
    def url(self) -> str:
        return self.served.url

    def pids(self) -> list[int]:
        return [self.served.pid(name) for name in self.served.names]


@contextlib.contextmanager
def started(target: str, env: dict[str, str]) -> Iterator[Target]:
    if target == "direct":
        with streamlit_server(TIMED_APP, env=env) as server:
            yield Direct(server.url, server.process.pid)
        return
    with (
        tempfile.TemporaryDirectory(prefix="bench-serve-") as run_dir,
        serving(int(target), Path(run_dir), env=env, script=TIMED_APP) as served,
    ):
        yield Behind(served)


def label(target: str) -> str:
    return "Streamlit alone" if target == "direct" else f"nginx + {target} process(es)"


async def crowd(server: Target, run_log: Path) -> dict[str, Any]:
    sessions = await asyncio.gather(*(open_session(server.url) for _ in range(CONTEXTS)))
    runs_before = len(run_log.read_text().split())
    pids = server.pids()
    cpu_before, began = sum(map(cpu_seconds, pids)), time.perf_counter()
    try:
        results = await asyncio.gather(*(steps(s, i) for i, s in enumerate(sessions)))
    finally:
        wall = time.perf_counter() - began
        cpu = sum(map(cpu_seconds, pids)) - cpu_before
        for session in sessions:
            await session.connection.close()
    timings = [t for r in results for t in r["timings"]]
    runs = [float(x) for x in run_log.read_text().split()[runs_before:]]
    return {
        "p50": percentile(timings, 50),
        "p95": percentile(timings, 95),
        "max": max(timings, default=float("nan")),
        "errors": [e for r in results for e in r["errors"]],
        "server_busy": cpu / wall,
        "script_p50": percentile(runs, 50),
        "script_p95": percentile(runs, 95),
        "spread": collections.Counter(s.backend for s in sessions),
        "peak_rss": [peak_rss_mb(pid) for pid in pids],
    }


def main() -> int:
    rows = []
    for name, root in data_dirs(DATA).items():
        p95: dict[str, float] = {}
        for target in TARGETS:
            run_log = Path(tempfile.mkstemp(prefix="bench-runs-", suffix=".txt")[1])
            env = {"JUSTICE_DATA_DIR": str(root), "BENCH_RUN_LOG": str(run_log)}
            try:
                with started(target, env) as server:
                    result = asyncio.run(crowd(server, run_log))
            finally:
                run_log.unlink(missing_ok=True)
            p95[target] = result["p95"]
            spread = " / ".join(str(n) for _, n in sorted(result["spread"].items()))
            rows.append(
                [
                    name,
                    label(target),
                    f"{CONTEXTS} × {STEPS}",
                    spread if target != "direct" else "",
                    ms(result["p50"]),
                    ms(result["p95"]),
                    ms(result["max"]),
                    str(len(result["errors"])),
                    f"{result['server_busy']:.0%}",
                    f"{ms(result['script_p50'])} / {ms(result['script_p95'])}",
                    " / ".join(f"{mb:.0f} MB" for mb in result["peak_rss"]),
                ]
            )
            for error in result["errors"][:10]:
                print(f"  {name}, {label(target)}: {error}")
            ok = result["p95"] <= 1.5 and not result["errors"]
            print(goal(f"{name}, {label(target)}: p95 ≤ 1,5 s, zero errors", ok, ms(result["p95"])))
        if "1" in p95 and "2" in p95:
            ratio = p95["2"] / p95["1"]
            ok = ratio <= TWO_OVER_ONE and p95["2"] <= 1.5
            print(goal(f"{name}: p95 two processes ≤ 0,6 × one, ≤ 1,5 s", ok, f"{ratio:.2f}×"))
    print_table(
        "Sessions at once changing the year, time until the new chart arrives",
        [
            "data",
            "server",
            "sessions × steps",
            "sessions per process",
            "p50",
            "p95",
            "max",
            "errors",
            "app CPU (of one)",
            "script p50 / p95",
            "peak RSS per process",
        ],
        rows,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
