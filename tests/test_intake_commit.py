"""Committing a checked file: a new immutable snapshot with provenance, atomic, serialised, and
rollback as a new snapshot. Every test writes into a copy of the bundled data, never into data/."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from intake_files import bundled_values, filled_xlsx, tree_hashes

from justice_dashboard import snapshots
from justice_dashboard.__main__ import main
from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR, PROJECT_ROOT
from justice_dashboard.intake import StaleState, check_file, commit, latest_snapshot_id, rollback
from justice_dashboard.intake.preview import changed_count, compare, preview_table
from justice_dashboard.intake.secret import SECRET_ENV, configured_secret, secret_matches
from justice_dashboard.intake.template import template_bytes
from justice_dashboard.snapshots import list_snapshot_files, read_provenance
from justice_dashboard.store import Store

CATALOG = load_catalog()
UTC = dt.UTC
V = bundled_values("70", 2024)
NOW = dt.datetime(2025, 12, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    return root


def submission(**values: object):
    content = filled_xlsx(CATALOG, "70", 2024, {**V, **values})
    checked = check_file(content, "BinhPhuoc_2024.xlsx", CATALOG, province="70", year=2024)
    assert checked.problems == ()
    return checked.submission


def current_value(root: Path, code: str, province: str = "70", year: int = 2024) -> float:
    store = Store.open(root)
    try:
        frame = store.query("province_year_values", province=province, years=[year])
    finally:
        store.close()
    return float(frame.set_index("indicator_code").loc[code, "value"])


def test_a_commit_writes_a_new_snapshot_with_its_provenance_and_becomes_current(data: Path):
    before = list_snapshot_files(data)
    sub = submission(TA01=V["TA01"] + 100)
    path = commit(data, sub, "  Nguyễn Thị B ", now=NOW)
    assert list_snapshot_files(data) == sorted([*before, path])
    provenance = read_provenance(path)
    assert provenance["source_name"] == "BinhPhuoc_2024.xlsx"
    assert provenance["source_sha256"] == sub.sha256
    assert provenance["submitted_by"] == "Nguyễn Thị B"
    assert provenance["submitted_at"] == "2025-12-02T03:04:05.000000Z"
    assert provenance["illustrative"] == "false"
    assert current_value(data, "TA01") == V["TA01"] + 100
    assert current_value(data, "TA04") == pytest.approx(V["TA03"] / V["TA02"])  # derived again
    kept = data / "sources" / f"{sub.sha256}.xlsx"
    assert kept.read_bytes() == sub.content


def test_a_commit_without_a_name_is_refused_and_writes_nothing(data: Path):
    before = tree_hashes(data)
    with pytest.raises(ValueError, match="named"):
        commit(data, submission(), "   ")
    assert tree_hashes(data) == before


@pytest.mark.parametrize("crash_at", ["link", "fsync"])
def test_a_crash_in_the_middle_of_a_commit_leaves_the_previous_state_readable(
    data: Path, monkeypatch, crash_at: str
):
    before = list_snapshot_files(data)
    old = current_value(data, "TA01")

    def crash(*args, **kwargs):
        raise OSError("mất điện")

    monkeypatch.setattr(snapshots.os, crash_at, crash)
    with pytest.raises(OSError, match="mất điện"):
        commit(data, submission(TA01=V["TA01"] + 100), "Nguyễn Thị B", now=NOW)
    monkeypatch.undo()
    assert list_snapshot_files(data) == before
    assert not [p for p in (data / "snapshots").rglob(".tmp-*")]
    assert current_value(data, "TA01") == old


def test_two_commits_at_once_both_land_as_separate_readable_snapshots(data: Path):
    before = set(list_snapshot_files(data))
    subs = [submission(TA01=V["TA01"] + 1), submission(TA01=V["TA01"] + 2)]
    start = threading.Barrier(2)
    written: list[Path] = []

    def run(sub, name):
        start.wait()
        written.append(commit(data, sub, name))

    threads = [threading.Thread(target=run, args=(s, f"Cán bộ {n}")) for n, s in enumerate(subs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(list_snapshot_files(data)) - before == set(written)
    assert len(set(written)) == 2
    for path in written:
        assert pq.read_table(path).num_rows == len(V)
    assert current_value(data, "TA01") in {V["TA01"] + 1, V["TA01"] + 2}


def test_of_two_commits_reviewed_against_the_same_state_the_second_is_refused_cleanly(data: Path):
    reviewed = latest_snapshot_id(data, "70", 2024)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def run(sub):
        start.wait()
        try:
            outcomes.append(commit(data, sub, "Cán bộ", expected_current=reviewed))
        except StaleState as stale:
            outcomes.append(stale)

    subs = [submission(TA01=V["TA01"] + 1), submission(TA01=V["TA01"] + 2)]
    threads = [threading.Thread(target=run, args=(s,)) for s in subs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    landed = [o for o in outcomes if isinstance(o, Path)]
    refused = [o for o in outcomes if isinstance(o, StaleState)]
    assert len(landed) == 1 and len(refused) == 1
    assert refused[0].found == f"70-2024-{landed[0].stem}"
    assert latest_snapshot_id(data, "70", 2024) == f"70-2024-{landed[0].stem}"


def test_two_import_processes_at_once_both_land(data: Path, tmp_path: Path):
    files = []
    for n in (1, 2):
        path = tmp_path / f"bp{n}.xlsx"
        path.write_bytes(filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": V["TA01"] + n}))
        files.append(path)
    before = set(list_snapshot_files(data))
    command = [sys.executable, "-m", "justice_dashboard", "import"]
    runs: list[subprocess.Popen[str]] = []
    try:
        for f in files:
            runs.append(
                subprocess.Popen(
                    [*command, str(f), "--data-dir", str(data), "--by", "Cán bộ"],
                    cwd=PROJECT_ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
        results = [run.communicate(timeout=120) for run in runs]
    finally:
        # A timeout (or any failure) must not leave an import running.
        for run in runs:
            if run.poll() is None:
                run.kill()
            run.communicate()
    assert [run.returncode for run in runs] == [0, 0], results
    added = set(list_snapshot_files(data)) - before
    assert len(added) == 2
    assert sorted(
        pq.read_table(p).to_pandas().set_index("indicator_code").loc["TA01", "value"] for p in added
    ) == [
        V["TA01"] + 1,
        V["TA01"] + 2,
    ]


def test_a_commit_made_with_a_clock_behind_the_latest_snapshot_still_becomes_current(data: Path):
    path = commit(
        data, submission(TA01=V["TA01"] + 7), "Cán bộ", now=dt.datetime(2000, 1, 1, tzinfo=UTC)
    )
    assert latest_snapshot_id(data, "70", 2024) == f"70-2024-{path.stem}"
    assert current_value(data, "TA01") == V["TA01"] + 7


def test_rollback_restores_the_old_values_as_a_new_snapshot_and_deletes_nothing(data: Path):
    old_id = latest_snapshot_id(data, "70", 2024)
    old_value = current_value(data, "TA01")
    commit(data, submission(TA01=V["TA01"] + 500), "Cán bộ", now=NOW)
    assert current_value(data, "TA01") == V["TA01"] + 500
    files = list_snapshot_files(data)
    path = rollback(data, old_id, "Trưởng phòng", "Khôi phục từ bản số liệu " + old_id)
    assert list_snapshot_files(data) == sorted([*files, path])
    assert current_value(data, "TA01") == old_value
    old_file = snapshots.snapshot_path(data, "70", 2024, old_id)
    assert pq.read_table(path).to_pylist() == pq.read_table(old_file).to_pylist()
    provenance = read_provenance(path)
    assert provenance["submitted_by"] == "Trưởng phòng"
    assert provenance["note"] == f"Khôi phục từ bản số liệu {old_id}"
    assert provenance["illustrative"] == read_provenance(old_file)["illustrative"] == "true"


def test_the_command_line_import_prints_one_line_and_writes_one_snapshot(
    data: Path, tmp_path: Path, capsys
):
    upload = tmp_path / "bp.xlsx"
    upload.write_bytes(filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": V["TA01"] + 3}))
    before = set(list_snapshot_files(data))
    assert main(["import", str(upload), "--data-dir", str(data), "--by", "Lê Văn C"]) == 0
    out = capsys.readouterr().out.splitlines()
    (added,) = set(list_snapshot_files(data)) - before
    assert out == [
        f"Đã nhập 30 chỉ tiêu của Bình Phước năm 2024 từ bp.xlsx (sha256 "
        f"{read_provenance(added)['source_sha256'][:12]}…, người nhập: Lê Văn C) thành bản số liệu "
        f"70-2024-{added.stem} (Sở Tư pháp (STP): chính thức; Cục Thi hành án dân sự (THA): "
        "chính thức); 1 giá trị thay đổi so với số liệu đang lưu."
    ]


def test_the_template_has_one_row_per_stored_indicator_and_names_province_year_and_period(
    tmp_path: Path, capsys
):
    out = tmp_path / "mau.xlsx"
    assert main(["template", "--province", "75", "--year", "2025", "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith("Đã ghi mẫu nhập của Đồng Nai năm 2025 (30 chỉ tiêu)")
    ws = openpyxl.load_workbook(out).active
    assert (ws["A2"].value, ws["B2"].value, ws["C2"].value) == ("Mã tỉnh", "75", "Đồng Nai")
    assert (ws["A3"].value, ws["B3"].value) == ("Năm", 2025)
    assert "01/10/2024 đến 30/9/2025" in ws["B4"].value
    assert (ws["A5"].value, ws["B5"].value) == (
        "Cơ quan báo cáo",
        "Sở Tư pháp (STP); Thi hành án dân sự tỉnh/thành phố (THA)",
    )
    header = [c.value for c in ws[7]]
    assert header == [
        "Mã chỉ tiêu",
        "Tên chỉ tiêu",
        "Đơn vị tính",
        "Cơ quan",
        "Kỳ báo cáo",
        "Giá trị",
        "Ghi chú",
    ]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=8)]
    assert [r[0] for r in rows] == [i.code for i in CATALOG.stored_indicators()]
    assert "TA04" not in [r[0] for r in rows]  # a rate is derived, never typed
    ta01 = rows[[r[0] for r in rows].index("TA01")]
    assert ta01[1:5] == ["Tổng số việc phải thi hành", "việc", "THA", "01/10/2024 – 30/9/2025"]
    assert all(r[5] is None for r in rows)


def test_the_template_read_back_empty_asks_for_every_indicator():
    checked = check_file(template_bytes(CATALOG, "70", 2024), "mau.xlsx", CATALOG)
    assert [p.kind for p in checked.problems] == ["missing"]
    assert checked.problems[0].values["count"] == 30


def test_the_preview_marks_changes_and_warns_on_a_jump_of_more_than_half():
    sub = submission(TA01=V["TA01"] * 2, VB01=V["VB01"] + 1)
    previous = {"TA01": V["TA01"], "VB01": V["VB01"]}
    frame, warnings = compare(CATALOG, sub, current=dict(V), previous_year=previous)
    assert changed_count(frame) == 2
    texts = [w.text() for w in warnings]
    assert any(t.startswith("TA01 Tổng số việc phải thi hành:") and "năm 2023" in t for t in texts)
    assert any(t.startswith("TA01 Tổng số việc phải thi hành:") and "đang lưu" in t for t in texts)
    assert not any(t.startswith("VB01") for t in texts)
    table = preview_table(CATALOG, frame, "vi").set_index("Mã")
    assert table.loc["TA01", "Thay đổi"] == "● đổi"
    assert table.loc["VB03", "Thay đổi"] == ""
    assert table.loc["TA01", "Giá trị mới"] == f"{int(V['TA01'] * 2):,}".replace(",", ".")


def test_the_secret_comes_from_the_environment_and_is_compared_exactly(monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    assert configured_secret() is None
    monkeypatch.setenv(SECRET_ENV, "mật-khẩu")
    assert configured_secret() == "mật-khẩu"
    assert secret_matches("mật-khẩu", "mật-khẩu")
    assert not secret_matches("mật-khẩ", "mật-khẩu")
    assert not secret_matches("", "mật-khẩu")
    assert not secret_matches("x", None)


def test_a_dry_run_checks_and_compares_but_writes_nothing(data: Path, tmp_path: Path, capsys):
    upload = tmp_path / "bp.xlsx"
    upload.write_bytes(filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": V["TA01"] * 3}))
    before = tree_hashes(data)
    assert main(["import", str(upload), "--data-dir", str(data), "--dry-run"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "Kiểm tra xong: 30 chỉ tiêu của Bình Phước năm 2024 từ bp.xlsx hợp lệ (Sở Tư pháp (STP): "
        "chính thức; Cục Thi hành án dân sự (THA): chính thức); 1 giá trị thay đổi; chưa ghi gì "
        "(--dry-run)."
    ]
    assert "Cảnh báo: TA01 Tổng số việc phải thi hành:" in captured.err
    assert tree_hashes(data) == before


def _help(*command: str, capsys) -> str:
    with pytest.raises(SystemExit) as done:
        main([*command, "--help"])
    assert done.value.code == 0
    return " ".join(capsys.readouterr().out.split())  # argparse wraps lines


def test_every_command_line_help_text_comes_from_the_string_catalog(capsys):
    from justice_dashboard.export.render import DEFAULT_PRESET
    from justice_dashboard.i18n import strings, t

    shown = " ".join(
        _help(*command, capsys=capsys)
        for command in (
            (),
            ("sample",),
            ("export",),
            ("template",),
            ("import",),
            ("users",),
            ("users", "add"),
            ("users", "remove"),
            ("users", "passwd"),
            ("users", "list"),
        )
    )
    messages = {"cli.sample.written", "cli.export.bad_date"}
    helps = [
        k
        for k in strings()
        if k.startswith("cli.") and k not in messages and not k.startswith("cli.import.")
    ]
    helps += [
        f"cli.import.{k}" for k in ("help", "file", "data_dir", "province", "year", "by", "as")
    ]
    helps += ["cli.import.dry_run", "cli.import.preliminary", "cli.import.preliminary_metavar"]
    for key in helps:
        text = t(key, "vi", default=DEFAULT_PRESET) if key == "cli.export.size" else t(key, "vi")
        assert " ".join(text.split()) in shown, key


def test_importing_a_file_that_is_not_there_says_so_in_vietnamese(
    data: Path, tmp_path: Path, capsys
):
    missing = tmp_path / "khong-co.xlsx"
    assert main(["import", str(missing), "--data-dir", str(data)]) == 2
    assert capsys.readouterr().out.strip() == f"Không có tệp {missing}."
