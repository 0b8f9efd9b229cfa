"""`kill -9` during a real command-line import, at each point of its write: no half-written
snapshot is ever seen, `check` names what was left, and the next import cleans up and succeeds."""

from __future__ import annotations

import os
import select
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from intake_files import bundled_values, filled_xlsx

from justice_dashboard.__main__ import main
from justice_dashboard.catalog import load_catalog
from justice_dashboard.check import EXIT_CLEAN, EXIT_LEFTOVERS
from justice_dashboard.config import BUNDLED_DATA_DIR, PROJECT_ROOT
from justice_dashboard.snapshots import list_snapshot_files, temporary_files
from justice_dashboard.store import Store

CATALOG = load_catalog()
V = bundled_values("70", 2024)
NEW_TA01 = V["TA01"] + 4321
WRAPPER = Path(__file__).with_name("import_that_stops.py")
HOUR = 3600
# Where the import stops, and what it has written by then (the calls of one commit, in order:
# fsync and link of the kept source, fsync and link of the snapshot, fsync of its folder).
POINTS = {
    "fsync-1": ("fsync", 1),  # the source half kept: its temporary file, not yet synced
    "link-1": ("link", 1),  # the source's temporary file synced, not linked into place
    "fsync-2": ("fsync", 2),  # the source kept; the snapshot's temporary file written, not synced
    "link-2": ("link", 2),  # the snapshot's temporary file synced, not linked into place
    "fsync-3": ("fsync", 3),  # the snapshot linked into place, its folder not yet synced
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    return root


@pytest.fixture
def upload(tmp_path: Path) -> Path:
    path = tmp_path / "bp.xlsx"
    path.write_bytes(filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": NEW_TA01}))
    return path


@pytest.fixture
def killed_import(data: Path, upload: Path) -> Iterator:
    """killed_import(call, n): run the import until the n-th os.<call>, then SIGKILL it there."""
    running: list[subprocess.Popen[bytes]] = []

    def run(call: str, n: int) -> None:
        ready_read, ready_write = os.pipe()
        try:
            command = [sys.executable, str(WRAPPER), call, str(n), str(ready_write)]
            command += ["import", str(upload), "--data-dir", str(data), "--by", "Cán bộ"]
            process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                pass_fds=(ready_write,),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            running.append(process)
            os.close(ready_write)
            ready_write = -1
            # Wait for its byte (or for the end of the pipe, if it exits without reaching the
            # point); 120 s only bounds a broken run, it is never waited out in a good one.
            readable, _, _ = select.select([ready_read], [], [], 120)
            reached = bool(readable) and os.read(ready_read, 1) == b"!"
            assert reached, f"the import ended before its call {n} of os.{call}"
        finally:
            os.close(ready_read)
            if ready_write != -1:
                os.close(ready_write)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        assert process.returncode == -signal.SIGKILL

    yield run
    for process in running:  # a failed test never leaves an import running
        if process.poll() is None:
            process.kill()
        process.wait(timeout=60)
        if process.stderr:
            process.stderr.close()


def _figures(root: Path) -> tuple[float, int, tuple]:
    """TA01 of Bình Phước 2024 as the app sees it, how many snapshots, which were skipped."""
    store = Store.open(root)
    try:
        frame = store.query("province_year_values", province="70", years=[2024])
        ta01 = float(frame.set_index("indicator_code").loc["TA01", "value"])
        return ta01, len(store.snapshot_files), store.damaged
    finally:
        store.close()


def _check(root: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", "--data-dir", str(root)])
    return code, capsys.readouterr().out.splitlines()


def _age(paths: list[Path], seconds: float) -> None:
    moment = time.time() - seconds
    for path in paths:
        os.utime(path, (moment, moment))


@pytest.mark.parametrize("point", list(POINTS))
def test_an_import_killed_in_the_middle_of_its_write_leaves_the_figures_whole_and_is_cleaned_up(
    data: Path, upload: Path, killed_import, capsys, point: str
):
    sound = len(list_snapshot_files(data))
    killed_import(*POINTS[point])

    # Nothing half-written is visible: the previous figures, or (once linked) the whole new ones.
    linked = point == "fsync-3"
    ta01, snapshots, damaged = _figures(data)
    assert damaged == ()
    assert (ta01, snapshots) == ((NEW_TA01, sound + 1) if linked else (V["TA01"], sound))

    # check names each leftover temporary file, and the source kept for a snapshot never written.
    left = temporary_files(data)
    places = {p.relative_to(data).parts[0] for p in left}
    assert (
        places
        == {
            "fsync-1": {"sources"},
            "link-1": {"sources"},
            "fsync-2": {"snapshots"},
            "link-2": {"snapshots"},
            "fsync-3": set(),
        }[point]
    )
    code, out = _check(data, capsys)
    orphans = [line for line in out if line.startswith("Tệp nguồn không có bản số liệu nào dùng")]
    assert len(orphans) == (1 if point in ("fsync-2", "link-2") else 0)
    for path in left:
        assert any(
            line.startswith(f"Tệp tạm còn sót: {path.relative_to(data).as_posix()} (")
            for line in out
        )
    assert code == (EXIT_CLEAN if linked else EXIT_LEFTOVERS)

    # An hour later the next real import removes them and succeeds; the source is referred to.
    _age(left, 2 * HOUR)
    assert main(["import", str(upload), "--data-dir", str(data), "--by", "Cán bộ"]) == 0
    assert temporary_files(data) == []
    assert _figures(data)[0] == NEW_TA01
    capsys.readouterr()
    assert _check(data, capsys)[0] == EXIT_CLEAN


def test_the_temporary_file_of_an_import_killed_less_than_an_hour_ago_is_left_alone(
    data: Path, upload: Path, killed_import, capsys
):
    killed_import("link", 2)
    (left,) = temporary_files(data)
    assert main(["import", str(upload), "--data-dir", str(data), "--by", "Cán bộ"]) == 0
    assert temporary_files(data) == [left]  # it may still be someone's write: not removed
    assert _figures(data)[0] == NEW_TA01
    capsys.readouterr()
    code, out = _check(data, capsys)
    assert code == EXIT_LEFTOVERS
    assert out[0].startswith(f"Tệp tạm còn sót: {left.relative_to(data).as_posix()} (")
    assert out[0].endswith("chưa quá một giờ: có thể một lần nhập đang ghi)")
