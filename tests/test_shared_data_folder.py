"""Several app processes share one data folder: a snapshot another process writes is seen here
within a second (and the files are not walked more often than that), and the folder's lock makes
a writer here wait for a writer in another process."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from justice_dashboard.config import snapshots_dir
from justice_dashboard.snapshots import (
    VERSION_TTL_S,
    data_version,
    forget_data_versions,
    list_snapshot_files,
)

# Another process that commits: it says "ready" once imported, writes a snapshot when it reads a
# line ("hold" first: take the folder's lock, say "held", and wait for another line before writing).
WRITER = """
import datetime as dt, sys
import pandas as pd
from pathlib import Path
from justice_dashboard.snapshots import Provenance, write_lock, write_snapshot
root, mode = Path(sys.argv[1]), sys.argv[2]
frame = pd.DataFrame({"indicator_code": ["VB01"], "value": [7.0]})
moment = dt.datetime.now(dt.UTC)
provenance = Provenance("khac.xlsx", moment, "Tiến trình khác", "cd" * 32, False)
print("ready", flush=True)
sys.stdin.readline()
if mode == "hold":
    with write_lock(root):
        print("held", flush=True)
        sys.stdin.readline()
        write_snapshot(root, "72", 2023, frame, provenance)
else:
    write_snapshot(root, "72", 2023, frame, provenance)
print("written", flush=True)
"""
POLL_S = 0.01
SLACK_S = 0.5  # a loaded machine's delay in answering the next call


@pytest.fixture
def other_process(tmp_path: Path):
    started: list[subprocess.Popen[str]] = []

    def start(mode: str) -> subprocess.Popen[str]:
        process = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), mode],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def tell(process: subprocess.Popen[str], expect: str) -> None:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("\n")
    process.stdin.flush()
    assert process.stdout.readline() == f"{expect}\n"


def test_a_snapshot_another_process_writes_is_seen_here_within_a_second(
    tmp_path: Path, write_values, other_process
):
    write_values("70", 2023, {"VB01": 1.0})
    writer = other_process("write")
    forget_data_versions()
    before = data_version(tmp_path)  # walked now, and remembered
    walked_at = time.monotonic()

    tell(writer, "written")
    written_at = time.monotonic()
    while (after := data_version(tmp_path)) == before:
        assert time.monotonic() < max(written_at, walked_at + VERSION_TTL_S) + SLACK_S
        time.sleep(POLL_S)
    seen_at = time.monotonic()

    assert after != before
    assert seen_at - written_at <= VERSION_TTL_S + SLACK_S
    assert seen_at - walked_at >= VERSION_TTL_S or written_at - walked_at >= VERSION_TTL_S


def blocked_on_flock(pid: int) -> bool:
    """Whether a thread of process `pid` waits for an flock (a "->" line of /proc/locks)."""
    lines = Path("/proc/locks").read_text().splitlines()
    return any("->" in line and " FLOCK " in line and f" {pid} " in line for line in lines)


def test_a_writer_here_waits_while_another_process_holds_the_data_folders_lock(
    tmp_path: Path, write_values, other_process
):
    writer = other_process("hold")
    tell(writer, "held")
    with (snapshots_dir(tmp_path) / ".lock").open("a") as lock, pytest.raises(BlockingIOError):
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)

    mine: list[Path] = []
    here = threading.Thread(target=lambda: mine.append(write_values("70", 2023, {"VB01": 2.0})))
    here.start()
    deadline = time.monotonic() + 30
    while not blocked_on_flock(os.getpid()):  # this process now waits for the lock
        assert here.is_alive() and time.monotonic() < deadline
        time.sleep(POLL_S)
    tell(writer, "written")  # the other process writes under its lock, then lets go
    here.join(timeout=30)

    theirs = [p for p in list_snapshot_files(tmp_path) if p not in mine]
    assert len(mine) == 1 and len(theirs) == 1
    assert mine[0].stat().st_mtime_ns >= theirs[0].stat().st_mtime_ns
