"""The app started as a real server (`streamlit run app.py`) on a free loopback port over its own
data folder, for the tests that talk to it as a browser or a hostile client would."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from justice_dashboard.config import BUNDLED_DATA_DIR, DATA_DIR_ENV, PROJECT_ROOT
from justice_dashboard.serve import free_port, is_healthy, stop, streamlit_command

INTAKE_SECRET_ENV = "JUSTICE_INTAKE_SECRET"
INTAKE_SECRET = "bi-mat-cua-can-bo-du-lieu"
STARTUP_TIMEOUT_S = 60.0


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
def running_app(data_dir: Path, log_dir: Path, extra_env: dict[str, str | None] | None = None):
    """Start `streamlit run app.py` on a free loopback port over `data_dir`; stop it afterwards.

    `extra_env`: variables to set for the server (None: unset one the tests have)."""
    port = free_port()
    merged = {
        **os.environ,
        DATA_DIR_ENV: str(data_dir),
        INTAKE_SECRET_ENV: INTAKE_SECRET,
        "PYTHONUNBUFFERED": "1",
        **(extra_env or {}),
    }
    env = {k: v for k, v in merged.items() if v is not None}
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
