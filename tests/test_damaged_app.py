"""A damaged snapshot file in the data folder: every page still renders and says which file was
skipped (Streamlit's AppTest); the command line's import and export still work and say so too."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from damaged_files import BOGUS_TA01, damage
from intake_files import bundled_values, filled_xlsx
from streamlit.testing.v1 import AppTest

from justice_dashboard.__main__ import main
from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR, DATA_DIR_ENV
from justice_dashboard.navigation import PAGES
from justice_dashboard.snapshots import list_snapshot_files
from justice_dashboard.state import KEY_LANG

CATALOG = load_catalog()
V = bundled_values("70", 2024)


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    return root


def _damage_warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning if "python -m justice_dashboard check" in w.value]


def test_every_page_renders_with_a_damaged_snapshot_and_names_the_file_it_skipped(data: Path):
    damaged = damage(data, "truncated").relative_to(data).as_posix()
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["year"] = "2024"
    at.run()
    for page in PAGES:
        at.switch_page(page.file).run()
        assert not at.exception, page.file
        (warning,) = _damage_warnings(at)
        assert warning.startswith("Đã bỏ qua 1 tệp bản số liệu bị hỏng; số liệu của các tỉnh"), (
            page.file
        )
        assert (
            f"- `{damaged}` (Bình Phước, năm 2024): tệp bị cắt cụt (thiếu phần cuối của tệp "
            "Parquet)" in warning
        )
        assert str(data) not in warning  # the server's folder is never shown


def test_the_figures_beside_the_warning_are_the_previous_snapshots_not_the_damaged_ones(
    data: Path,
):
    damage(data, "bad_data")
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["year"] = "2024"
    at.run()
    assert not at.exception
    choice = next(s for s in at.selectbox if s.label == "Chỉ tiêu cho biểu đồ")
    choice.set_value("TA01").run()
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert bars["y"][bars["x"].index("Bình Phước")] == V["TA01"] != BOGUS_TA01
    assert len(_damage_warnings(at)) == 1


def test_the_warning_speaks_english_after_the_language_switch(data: Path):
    damaged = damage(data, "empty").relative_to(data).as_posix()
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    assert _damage_warnings(at)[0].startswith("Đã bỏ qua 1 tệp")
    at.radio(key=KEY_LANG).set_value("en").run()
    assert not at.exception
    (warning,) = _damage_warnings(at)
    assert warning.startswith("Damaged snapshot files skipped: 1. The figures")
    assert f"- `{damaged}` (Binh Phuoc, 2024): the file is empty (0 bytes)" in warning


def test_a_file_name_that_looks_like_markdown_is_shown_literally(data: Path):
    odd = data / "snapshots" / "70" / "2024" / "**[bấm vào đây](javascript:x)**.parquet"
    odd.write_bytes(b"")
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    (warning,) = _damage_warnings(at)
    assert "`snapshots/70/2024/**[bấm vào đây](javascript:x)**.parquet`" in warning


def test_the_command_line_import_still_works_and_says_on_stderr_which_file_it_skipped(
    data: Path, tmp_path: Path, capsys
):
    damaged = damage(data, "not_parquet").relative_to(data).as_posix()
    upload = tmp_path / "bp.xlsx"
    upload.write_bytes(filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": V["TA01"] + 3}))
    before = set(list_snapshot_files(data))
    assert main(["import", str(upload), "--data-dir", str(data), "--by", "Lê Văn C"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("Đã nhập 30 chỉ tiêu của Bình Phước năm 2024 từ bp.xlsx")
    # compared with the sound current snapshot: only the TA01 typed differently has changed
    assert captured.out.rstrip().endswith("1 giá trị thay đổi so với số liệu đang lưu.")
    assert (
        f"Cảnh báo: đã bỏ qua bản số liệu hỏng {damaged} (Bình Phước, năm 2024): không phải tệp "
        "Parquet. Số liệu của tỉnh và năm này có thể bị thiếu hoặc chưa phải bản mới nhất."
    ) in captured.err.splitlines()
    assert len(set(list_snapshot_files(data)) - before) == 1


def test_the_command_line_export_still_works_and_says_on_stderr_which_file_it_skipped(
    data: Path, tmp_path: Path, capsys
):
    damaged = damage(data, "schema").relative_to(data).as_posix()
    out = tmp_path / "slide_2024.pptx"
    assert main(["export", "--year", "2024", "--format", "pptx", "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert out.stat().st_size > 0
    assert (
        f"Cảnh báo: đã bỏ qua bản số liệu hỏng {damaged} (Bình Phước, năm 2024): các cột không "
        "đúng (cần đúng các cột province_code, year, period, indicator_code, value). Số liệu của "
        "tỉnh và năm này có thể bị thiếu hoặc chưa phải bản mới nhất."
    ) in captured.err.splitlines()
