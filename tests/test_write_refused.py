"""A data folder that refuses a write (read-only, full, over quota, forbidden, a disk error):
one clear message, exit code 2 on the command line, and the folder exactly as it was."""

from __future__ import annotations

import datetime as dt
import errno
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from faults import fail_nth, refuse_writes, tree
from intake_files import bundled_values, filled_xlsx

from justice_dashboard.__main__ import main
from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR, PROJECT_ROOT
from justice_dashboard.intake import WriteRefused, check_file, commit, latest_snapshot_id, rollback
from justice_dashboard.intake.commit import REFUSED_KINDS, keep_source
from justice_dashboard.snapshots import list_snapshot_files

CATALOG = load_catalog()
V = bundled_values("70", 2024)
NOW = dt.datetime(2025, 12, 2, 3, 4, 5, tzinfo=dt.UTC)
READ_ONLY = (
    "Không ghi được: thư mục dữ liệu «data» chỉ đọc. Chưa ghi gì; hãy nhờ quản trị máy chủ cho "
    "phép ghi vào thư mục này rồi thử lại."
)
FULL = (
    "Không ghi được: ổ đĩa chứa thư mục dữ liệu «data» đã đầy. Chưa ghi gì; hãy nhờ quản trị "
    "máy chủ giải phóng dung lượng rồi thử lại."
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    return root


def submission(ta01: float = V["TA01"] + 100, name: str = "BinhPhuoc_2024.xlsx"):
    content = filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": ta01})
    checked = check_file(content, name, CATALOG, province="70", year=2024)
    assert checked.problems == ()
    return checked.submission


@pytest.mark.parametrize(
    ("code", "kind", "start"),
    [
        (errno.EROFS, "read_only", "Không ghi được: thư mục dữ liệu «data» chỉ đọc."),
        (errno.EACCES, "denied", "Không ghi được: ứng dụng không có quyền ghi vào thư mục"),
        (errno.EPERM, "denied", "Không ghi được: ứng dụng không có quyền ghi vào thư mục"),
    ],
)
def test_a_commit_into_a_folder_that_refuses_every_write_says_why_and_writes_nothing(
    data: Path, monkeypatch, code: int, kind: str, start: str
):
    before = tree(data)
    refuse_writes(monkeypatch, data, code)
    with pytest.raises(WriteRefused) as refused:
        commit(data, submission(), "Nguyễn Thị B", now=NOW)
    monkeypatch.undo()
    assert refused.value.kind == kind
    assert refused.value.text("vi").startswith(start)
    assert str(data.parent) not in refused.value.text("vi")
    assert tree(data) == before


@pytest.mark.parametrize(
    ("call", "n", "code", "kind", "message"),
    [
        ("fsync", 1, errno.ENOSPC, "full", FULL),  # while keeping the source
        ("fsync", 2, errno.ENOSPC, "full", FULL),  # the source kept, then the snapshot
        ("link", 2, errno.EDQUOT, "quota", None),  # the snapshot's link into place
        ("fsync", 2, errno.EIO, "io", None),
        ("fsync", 2, errno.EFBIG, "full", FULL),
    ],
)
def test_a_disk_that_fills_up_in_the_middle_of_a_commit_leaves_nothing_behind(
    data: Path, monkeypatch, call: str, n: int, code: int, kind: str, message: str | None
):
    before = tree(data)
    current = latest_snapshot_id(data, "70", 2024)
    fail_nth(monkeypatch, call, n, code)
    with pytest.raises(WriteRefused) as refused:
        commit(data, submission(), "Nguyễn Thị B", now=NOW)
    monkeypatch.undo()
    assert refused.value.kind == kind
    if message:
        assert refused.value.text("vi") == message
    assert refused.value.errno == code
    # no temporary file, no half source, no partial snapshot; the sources/ folder made is gone
    assert tree(data) == before
    assert latest_snapshot_id(data, "70", 2024) == current


def test_a_source_kept_by_an_earlier_import_stays_when_the_snapshot_write_fails(
    data: Path, monkeypatch
):
    sub = submission()
    kept = keep_source(data, sub)
    before = tree(data)
    fail_nth(monkeypatch, "fsync", 1, errno.ENOSPC)  # the snapshot's (the source is there)
    with pytest.raises(WriteRefused):
        commit(data, sub, "Nguyễn Thị B", now=NOW)
    monkeypatch.undo()
    assert kept.read_bytes() == sub.content
    assert tree(data) == before


def test_a_rollback_into_a_read_only_folder_says_so_and_writes_nothing(data: Path, monkeypatch):
    history = sorted(p for p in list_snapshot_files(data) if p.parts[-3:-1] == ("70", "2024"))
    older = f"70-2024-{history[0].stem}"
    before = tree(data)
    refuse_writes(monkeypatch, data, errno.EROFS)
    with pytest.raises(WriteRefused) as refused:
        rollback(data, older, "Trưởng phòng", "Khôi phục")
    monkeypatch.undo()
    assert refused.value.text("vi") == READ_ONLY
    assert tree(data) == before


def test_keeping_a_source_on_a_full_disk_says_so_and_leaves_no_temporary_file(
    data: Path, monkeypatch
):
    before = tree(data)
    fail_nth(monkeypatch, "fsync", 1, errno.ENOSPC)
    with pytest.raises(WriteRefused) as refused:
        keep_source(data, submission())
    monkeypatch.undo()
    assert refused.value.text("vi") == FULL
    assert tree(data) == before


def test_a_refused_write_is_an_os_error_and_says_every_kind_in_both_languages():
    assert issubclass(WriteRefused, OSError)
    for kind in REFUSED_KINDS:
        refused = WriteRefused(kind, "data", errno.EROFS)
        vi, en = refused.text("vi"), refused.text("en")
        assert "«data»" in vi and "«data»" in en and vi != en
        assert vi.startswith("Không ghi được: ") and en.startswith("Nothing was written: ")


def test_a_failure_that_is_not_the_folders_refusal_is_not_dressed_up_as_one(
    data: Path, monkeypatch
):
    before = tree(data)
    fail_nth(monkeypatch, "link", 2, errno.EXDEV)
    with pytest.raises(OSError) as failed:
        commit(data, submission(), "Nguyễn Thị B", now=NOW)
    monkeypatch.undo()
    assert not isinstance(failed.value, WriteRefused)
    assert tree(data) == before


def test_the_command_line_import_into_a_read_only_folder_says_so_and_exits_2(
    data: Path, tmp_path: Path, monkeypatch, capsys
):
    upload = tmp_path / "bp.xlsx"
    upload.write_bytes(filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": V["TA01"] + 3}))
    before = tree(data)
    refuse_writes(monkeypatch, data, errno.EROFS)
    code = main(["import", str(upload), "--data-dir", str(data), "--by", "Lê Văn C"])
    monkeypatch.undo()
    assert code == 2
    assert capsys.readouterr().out.splitlines() == [READ_ONLY]
    assert tree(data) == before


def test_the_command_line_import_on_a_full_disk_says_so_and_exits_2(
    data: Path, tmp_path: Path, monkeypatch, capsys
):
    upload = tmp_path / "bp.xlsx"
    upload.write_bytes(filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": V["TA01"] + 3}))
    before = tree(data)
    fail_nth(monkeypatch, "fsync", 2, errno.ENOSPC)
    code = main(["import", str(upload), "--data-dir", str(data), "--by", "Lê Văn C"])
    monkeypatch.undo()
    assert code == 2
    assert capsys.readouterr().out.splitlines() == [FULL]
    assert tree(data) == before


def _namespaces_work() -> bool:
    """Whether this machine lets us mount in a private namespace (user namespaces, or root)."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "true"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


needs_namespaces = pytest.mark.skipif(
    not _namespaces_work(), reason="mounting in a private namespace is not allowed here"
)


def _in_namespace(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@needs_namespaces
def test_a_real_read_only_mount_of_the_data_folder_is_refused_with_exit_2(
    data: Path, tmp_path: Path
):
    upload = tmp_path / "bp.xlsx"
    upload.write_bytes(filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": V["TA01"] + 3}))
    before = tree(data)
    done = _in_namespace(
        'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && '
        '"$2" -m justice_dashboard import "$3" --data-dir "$1" --by "Lê Văn C"',
        str(data),
        sys.executable,
        str(upload),
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout.splitlines() == [READ_ONLY]
    assert "Traceback" not in done.stderr
    assert tree(data) == before


@needs_namespaces
def test_a_real_full_disk_under_the_data_folder_is_refused_with_exit_2(tmp_path: Path):
    """The data folder on a tiny tmpfs, filled up: the import fails, says so, leaves it as it was
    (compared inside the namespace, where the tmpfs lives)."""
    upload = tmp_path / "bp.xlsx"
    upload.write_bytes(filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": V["TA01"] + 3}))
    mount = tmp_path / "disk"
    mount.mkdir()
    compare = (
        "import sys; sys.path.insert(0, 'tests'); from faults import tree; from pathlib import "
        "Path; print(sorted(tree(Path(sys.argv[1])).items()))"
    )
    done = _in_namespace(
        'mount -t tmpfs -o size=1m tmpfs "$1" && cp -r "$2" "$1/data" && '
        'dd if=/dev/zero of="$1/filler" bs=4k 2>/dev/null; '
        '"$3" -c "$5" "$1/data" > "$6/before" && '
        '"$3" -m justice_dashboard import "$4" --data-dir "$1/data" --by "Lê Văn C"; '
        'echo "exit=$?"; "$3" -c "$5" "$1/data" > "$6/after"; cmp -s "$6/before" "$6/after" '
        "&& echo same-tree",
        str(mount),
        str(BUNDLED_DATA_DIR),
        sys.executable,
        str(upload),
        compare,
        str(tmp_path),
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stdout.splitlines()[-3:] == [FULL, "exit=2", "same-tree"], done.stdout
