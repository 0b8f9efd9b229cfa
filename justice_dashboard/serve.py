"""Starting the app as a server process: the command, a free loopback port, the health check, the
stop.

Shared by the browser tests' fixture and the benchmarks, so both start the app the same way.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

# Debian's chromium, as the browser tests and the browser benchmark drive it (headless, through
# Playwright's executable_path; nothing is downloaded).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [  # no sandbox as root in CI; nothing fetched
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def is_healthy(url: str) -> bool:
    """Whether the Streamlit server at `url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def streamlit_command(
    script: Path, port: int, *, address: str = "127.0.0.1", base_path: str = ""
) -> list[str]:
    """`streamlit run SCRIPT` on ADDRESS:PORT, headless, with nothing watched or reported; under
    the sub-path `base_path` (e.g. "tuphap": the app at /tuphap/) when one is given."""
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    if base_path.strip("/"):
        command += ["--server.baseUrlPath", base_path.strip("/")]
    return command


def stop(process: subprocess.Popen[bytes], timeout_s: float = 15) -> None:
    """Stop a server started with `streamlit_command`: politely, then for sure."""
    process.terminate()
    try:
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=timeout_s)
