"""`python -m justice_dashboard check`: what is wrong in a data folder, one line each, read-only."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from damaged_files import damage
from intake_files import bundled_values, filled_xlsx

from justice_dashboard.__main__ import main
from justice_dashboard.catalog import load_catalog
from justice_dashboard.check import EXIT_CLEAN, EXIT_DAMAGED, EXIT_LEFTOVERS, EXIT_NO_FOLDER
from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.i18n import t
from justice_dashboard.intake import check_file, commit

CATALOG = load_catalog()
LONG_AGO = dt.datetime(2025, 12, 1, 8, 30, tzinfo=dt.UTC)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    return root


def _check(root: Path, capsys) -> tuple[int, list[str]]:
    code = main(["check", "--data-dir", str(root)])
    return code, capsys.readouterr().out.splitlines()


def _leftover(path: Path, modified: dt.datetime | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"PAR1 half written")
    if modified is not None:
        os.utime(path, (modified.timestamp(), modified.timestamp()))
    return path


def _committed_source(root: Path) -> Path:
    content = filled_xlsx(CATALOG, "70", 2024, bundled_values("70", 2024))
    checked = check_file(content, "BinhPhuoc_2024.xlsx", CATALOG, province="70", year=2024)
    commit(root, checked.submission, "Cán bộ")
    return root / "sources" / f"{checked.submission.sha256}.xlsx"


def _everything(root: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file and folder (lock file included): kind, modification time and content."""
    return {
        p.relative_to(root).as_posix(): (
            p.lstat().st_mode,
            p.lstat().st_mtime_ns,
            p.read_bytes() if p.is_file() else b"",
        )
        for p in sorted(root.rglob("*"))
    }


def test_check_says_in_one_line_that_a_sound_data_folder_is_sound_and_exits_0(data: Path, capsys):
    assert _check(data, capsys) == (
        EXIT_CLEAN,
        [
            f"Thư mục dữ liệu «{data}» không có vấn đề: 74 bản số liệu đọc được, "
            "không có tệp tạm còn sót, không có tệp nguồn thừa."
        ],
    )


def test_check_lists_damaged_snapshots_leftover_temporary_files_and_orphan_sources(
    data: Path, capsys
):
    kept = _committed_source(data)  # referred to by the snapshot just written: not an orphan
    damaged = damage(data, "empty")
    stale = _leftover(data / "snapshots" / "70" / "2024" / ".tmp-k9a1.parquet", LONG_AGO)
    young = _leftover(data / "sources" / ".tmp-w2b3")
    orphan = data / "sources" / ("e3" * 32 + ".csv")
    orphan.write_text("Mã chỉ tiêu,Giá trị\n")
    code, out = _check(data, capsys)
    assert code == EXIT_DAMAGED == 3
    young_when = dt.datetime.fromtimestamp(young.stat().st_mtime, dt.UTC).strftime("%d/%m/%Y %H:%M")
    assert out == [
        f"Bản số liệu hỏng: {damaged.relative_to(data).as_posix()} (Bình Phước, năm 2024): "
        "tệp rỗng (0 byte)",
        "Tệp tạm còn sót: snapshots/70/2024/.tmp-k9a1.parquet (sửa lần cuối 01/12/2025 08:30 "
        "UTC; sẽ được xóa ở lần ghi tiếp theo)",
        f"Tệp tạm còn sót: sources/.tmp-w2b3 (sửa lần cuối {young_when} UTC, chưa quá một giờ: "
        "có thể một lần nhập đang ghi)",
        f"Tệp nguồn không có bản số liệu nào dùng: sources/{orphan.name}",
        f"Thư mục dữ liệu «{data}»: 75 bản số liệu đọc được; 1 bản số liệu hỏng, 2 tệp tạm còn "
        "sót, 1 tệp nguồn không có bản số liệu nào dùng. Lệnh check không thay đổi gì.",
    ]
    assert kept.name not in "\n".join(out)
    assert stale.exists() and young.exists() and orphan.exists()  # listed, never removed


def test_check_exits_1_when_it_finds_only_leftovers_that_touch_no_figure(data: Path, capsys):
    _leftover(data / "sources" / ".tmp-w2b3", LONG_AGO)
    code, out = _check(data, capsys)
    assert code == EXIT_LEFTOVERS == 1
    assert out[0].startswith("Tệp tạm còn sót: sources/.tmp-w2b3 (")
    assert len(out) == 2


def test_check_names_a_snapshot_whose_values_are_damaged_behind_a_sound_footer(data: Path, capsys):
    damaged = damage(data, "bad_data")
    code, out = _check(data, capsys)
    assert code == EXIT_DAMAGED
    assert out[0] == (
        f"Bản số liệu hỏng: {damaged.relative_to(data).as_posix()} (Bình Phước, năm 2024): "
        "phần số liệu bên trong tệp bị hỏng, không đọc được"
    )


def test_check_changes_nothing_in_the_data_folder(data: Path, capsys):
    _committed_source(data)
    damage(data, "truncated")
    _leftover(data / "snapshots" / "70" / "2024" / ".tmp-k9a1.parquet", LONG_AGO)
    (data / "sources" / ("e3" * 32 + ".csv")).write_text("x")
    before = _everything(data)
    assert _check(data, capsys)[0] == EXIT_DAMAGED
    assert _everything(data) == before


def test_check_of_a_folder_that_is_not_there_says_so_and_exits_2(tmp_path: Path, capsys):
    missing = tmp_path / "khong-co"
    assert _check(missing, capsys) == (EXIT_NO_FOLDER, [f"Không có thư mục dữ liệu {missing}."])


def test_check_has_its_help_from_the_string_catalog(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert " ".join(t("check.data_dir", "vi").split()) in shown
    with pytest.raises(SystemExit):
        main(["--help"])
    assert " ".join(t("check.help", "vi").split()) in " ".join(capsys.readouterr().out.split())
