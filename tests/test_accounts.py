"""Accounts scoped to units and agencies: a data officer of Đồng Nai's STP may bring in Đồng Nai's STP
figures and its predecessors' (Bình Phước's) history, nothing else; only the bloc secretariat rolls
back; the scope is checked where the write happens, for the page and the command line alike; every
sign-in, refusal and write is in the audit log, and no password is in any file or log. Every test
writes into a copy of the bundled data, never into data/."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from intake_files import agency_values, bundled_values, copy_of_bundled, filled_xlsx, tree_hashes
from streamlit.testing.v1 import AppTest

from justice_dashboard.__main__ import main
from justice_dashboard.accounts import audit_entries, load_accounts
from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.intake import ScopeRefused, check_file, commit, rollback
from justice_dashboard.intake.gate import LIMITER
from justice_dashboard.snapshots import list_snapshot_files, read_provenance

CATALOG = load_catalog()
OFFICER, OFFICER_PASSWORD = "dongnai.stp", "mật-khẩu-đồng-nai-1"
CHIEF, CHIEF_PASSWORD = "thuky", "mật-khẩu-thư-ký-22"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _stp(code: str, year: int, bump: float = 1) -> dict[str, float]:
    """An STP file's values for a unit and year: the sample's figures of that code, a little more."""
    source = bundled_values(code, year)
    return {c: v + bump for c, v in agency_values(CATALOG, source, "STP").items()}


def _users(data: Path, monkeypatch, *command: str, password: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["users", *command, "--data-dir", str(data), "--password-stdin"])


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    root = copy_of_bundled(tmp_path / "data")
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    monkeypatch.delenv("JUSTICE_PASSWORD", raising=False)
    LIMITER._records.clear()  # the page's limiter is per process: each test starts afresh
    add = ("add", OFFICER, "--display-name", "Nguyễn Văn An", "--unit", "dong-nai", "--agency")
    assert _users(root, monkeypatch, *add, "STP", password=OFFICER_PASSWORD) == 0
    chief = ("add", CHIEF, "--display-name", "Trần Thị Bình", "--role", "secretariat")
    assert _users(root, monkeypatch, *chief, password=CHIEF_PASSWORD) == 0
    return root


def _upload(tmp_path: Path, code: str, year: int, agencies=("STP",)) -> Path:
    path = tmp_path / f"{code}-{year}.xlsx"
    source = bundled_values(code, year)
    values = _stp(code, year) if agencies == ("STP",) else agency_values(CATALOG, source, "THA")
    path.write_bytes(filled_xlsx(CATALOG, code, year, values, agencies=agencies))
    return path


def _import_as(data: Path, upload: Path, account: str, password: str, monkeypatch) -> int:
    monkeypatch.setenv("JUSTICE_PASSWORD", password)
    return main(["import", str(upload), "--data-dir", str(data), "--as", account])


def _snapshot_files(data: Path) -> set[Path]:
    return set(list_snapshot_files(data))


def _data_only(data: Path) -> dict[str, str]:
    """The data folder's files less the accounts folder (whose audit log records the refusal)."""
    return tree_hashes(data)


# ---- the command line ---------------------------------------------------------------------------


def test_users_list_shows_each_account_with_its_scope_and_no_password_is_kept_in_clear(
    data: Path, capsys
):
    capsys.readouterr()
    assert main(["users", "list", "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "dongnai.stp · Nguyễn Văn An · cán bộ nhập số liệu · đơn vị Đồng Nai (và các tỉnh tiền"
        " thân), cơ quan STP",
        "thuky · Trần Thị Bình · thư ký khối thi đua · mọi đơn vị, cả hai cơ quan; được khôi phục"
        " bản số liệu cũ",
    ]
    stored = (data / "accounts" / "accounts.json").read_text(encoding="utf-8")
    assert OFFICER_PASSWORD not in stored and CHIEF_PASSWORD not in stored
    assert load_accounts(data)[OFFICER].password_hash.startswith("$argon2")


def test_an_officer_brings_in_their_unit_s_figures_and_the_snapshot_names_the_account(
    data: Path, tmp_path: Path, monkeypatch, capsys
):
    before = _snapshot_files(data)
    assert (
        _import_as(data, _upload(tmp_path, "75", 2025), OFFICER, OFFICER_PASSWORD, monkeypatch) == 0
    )
    (written,) = _snapshot_files(data) - before
    provenance = read_provenance(written)
    assert (provenance["submitted_by"], provenance["account"]) == ("Nguyễn Văn An", OFFICER)
    events = [(e["event"], e["account"]) for e in audit_entries(data)][-2:]
    assert events == [("sign_in", OFFICER), ("import", OFFICER)]
    assert audit_entries(data)[-1]["snapshot"] == f"75-2025-{written.stem}"


def test_an_officer_of_dong_nai_may_bring_in_binh_phuoc_s_history_its_predecessor(
    data: Path, tmp_path: Path, monkeypatch
):
    before = _snapshot_files(data)
    assert (
        _import_as(data, _upload(tmp_path, "70", 2022), OFFICER, OFFICER_PASSWORD, monkeypatch) == 0
    )
    (written,) = _snapshot_files(data) - before
    assert written.parts[-3:-1] == ("70", "2022")


def test_an_officer_is_refused_another_unit_s_figures_from_the_command_line_and_nothing_is_written(
    data: Path, tmp_path: Path, monkeypatch, capsys
):
    upload = _upload(tmp_path, "74", 2022)  # Bình Dương: now part of TP. Hồ Chí Minh, not Đồng Nai
    before = _data_only(data)
    capsys.readouterr()
    assert _import_as(data, upload, OFFICER, OFFICER_PASSWORD, monkeypatch) == 2
    assert capsys.readouterr().out.strip() == (
        "Tài khoản dongnai.stp không được nhập số liệu của Bình Dương năm 2022: ngoài phạm vi đơn"
        " vị của tài khoản. Không ghi gì."
    )
    assert _data_only(data) == before
    refused = audit_entries(data)[-1]
    assert (refused["event"], refused["account"], refused["reason"]) == (
        "import_refused",
        OFFICER,
        "unit",
    )
    assert (refused["unit"], refused["year"]) == ("binh-duong", 2022)


def test_an_stp_officer_is_refused_the_tha_figures_of_their_own_unit(
    data: Path, tmp_path: Path, monkeypatch, capsys
):
    upload = _upload(tmp_path, "75", 2025, agencies=("THA",))
    before = _data_only(data)
    capsys.readouterr()
    assert _import_as(data, upload, OFFICER, OFFICER_PASSWORD, monkeypatch) == 2
    assert "không được nhập số liệu của cơ quan THA (Đồng Nai, năm 2025)" in capsys.readouterr().out
    assert _data_only(data) == before


def test_without_an_account_a_data_folder_with_accounts_refuses_the_import(
    data: Path, tmp_path: Path, capsys
):
    upload = _upload(tmp_path, "75", 2025)
    before = _data_only(data)
    capsys.readouterr()
    assert main(["import", str(upload), "--data-dir", str(data), "--by", "Ai đó"]) == 2
    assert capsys.readouterr().out.startswith("Thư mục dữ liệu này dùng tài khoản: cần --as")
    assert _data_only(data) == before
    with pytest.raises(ScopeRefused) as refused:  # the write itself asks, whoever calls it
        checked = check_file(upload.read_bytes(), upload.name, CATALOG, province="75", year=2025)
        commit(data, checked.submission, "Ai đó")
    assert refused.value.text() == (
        "Thư mục dữ liệu này dùng tài khoản: cần đăng nhập để ghi số liệu. Không ghi gì."
    )
    assert _data_only(data) == before


def test_a_wrong_password_is_refused_and_after_five_the_sixth_try_waits_even_if_right(
    data: Path, tmp_path: Path, monkeypatch, capsys
):
    upload = _upload(tmp_path, "75", 2025)
    before = _data_only(data)
    for _ in range(5):
        assert _import_as(data, upload, OFFICER, "sai-mật-khẩu-123", monkeypatch) == 2
        assert capsys.readouterr().out.strip() == (
            "Tài khoản hoặc mật khẩu không đúng. Không ghi gì."
        )
    assert _import_as(data, upload, OFFICER, OFFICER_PASSWORD, monkeypatch) == 2
    assert capsys.readouterr().out.startswith("Đã nhập sai nhiều lần; hãy thử lại sau ")
    assert _data_only(data) == before
    reasons = [e.get("reason") for e in audit_entries(data) if e["event"] == "sign_in_refused"]
    assert reasons == ["wrong"] * 5 + ["waiting"]


def test_only_the_bloc_secretariat_rolls_back(data: Path, tmp_path: Path):
    accounts = load_accounts(data)
    (original,) = [p for p in list_snapshot_files(data) if p.parts[-3:-1] == ("75", "2025")]
    upload = _upload(tmp_path, "75", 2025)
    checked = check_file(upload.read_bytes(), upload.name, CATALOG, province="75", year=2025)
    commit(data, checked.submission, "x", account=accounts[CHIEF])  # the secretariat may import
    snapshot = f"75-2025-{original.stem}"
    before = _data_only(data)
    with pytest.raises(ScopeRefused) as refused:
        rollback(data, snapshot, "x", "khôi phục", account=accounts[OFFICER])
    assert refused.value.text() == (
        "Tài khoản dongnai.stp không được khôi phục bản số liệu cũ (Đồng Nai, năm 2025): chỉ thư"
        " ký khối thi đua được khôi phục. Không ghi gì."
    )
    assert _data_only(data) == before
    written = rollback(data, snapshot, "x", "khôi phục", account=accounts[CHIEF])
    assert read_provenance(written)["submitted_by"] == "Trần Thị Bình"
    events = [e["event"] for e in audit_entries(data)]
    assert events[-3:] == ["import", "rollback_refused", "rollback"]


# ---- the page -----------------------------------------------------------------------------------


def _sign_in(at: AppTest, name: str, password: str) -> None:
    at.text_input(key="intake_account_input").input(name)
    at.text_input(key="intake_password_input").input(password)
    next(b for b in at.button if b.label == "Đăng nhập").click().run()


def test_on_the_intake_page_an_officer_signs_in_is_refused_another_unit_and_commits_their_own(
    data: Path,
):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    at.switch_page("pages/intake.py").run()
    assert at.subheader[0].value == "Đăng nhập để nhập số liệu"
    _sign_in(at, OFFICER, "không-phải-mật-khẩu")
    assert [e.value for e in at.error] == ["Tài khoản hoặc mật khẩu không đúng."]
    _sign_in(at, OFFICER, OFFICER_PASSWORD)
    assert not at.exception
    assert at.caption[1].value.startswith("Đã đăng nhập: Nguyễn Văn An (dongnai.stp) — đơn vị")

    at.selectbox(key="intake_province").select("79")
    at.selectbox(key="intake_year").select(2025).run()
    assert at.warning[0].value == (
        "Tài khoản dongnai.stp không được nhập số liệu của TP. Hồ Chí Minh năm 2025: ngoài phạm"
        " vi đơn vị của tài khoản. Không ghi gì."
    )
    assert not at.get("file_uploader")

    at.selectbox(key="intake_province").select("75").run()
    content = filled_xlsx(CATALOG, "75", 2025, _stp("75", 2025), agencies=("STP",))
    at.file_uploader(key="intake_upload").set_value(("dong-nai-stp.xlsx", content, XLSX)).run()
    assert not at.exception
    assert not [w for w in at.text_input if w.key == "intake_by"]  # the account names the snapshot
    before = _snapshot_files(data)
    next(b for b in at.button if b.label == "Ghi số liệu thành bản số liệu mới").click().run()
    assert not at.exception
    (written,) = _snapshot_files(data) - before
    assert read_provenance(written)["submitted_by"] == "Nguyễn Văn An"
    events = [(e["event"], e["account"]) for e in audit_entries(data)]
    assert events[-3:] == [
        ("sign_in_refused", OFFICER),
        ("sign_in", OFFICER),
        ("import", OFFICER),
    ]
    assert audit_entries(data)[-2]["address"]  # where the sign-in came from


def test_no_password_reaches_the_audit_log_or_the_server_log(
    data: Path, tmp_path: Path, monkeypatch, caplog
):
    caplog.set_level(logging.INFO, logger="justice_dashboard")
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    at.switch_page("pages/intake.py").run()
    _sign_in(at, OFFICER, "một-mật-khẩu-sai-9")
    _sign_in(at, OFFICER, OFFICER_PASSWORD)
    _import_as(data, _upload(tmp_path, "75", 2025), OFFICER, OFFICER_PASSWORD, monkeypatch)
    logged = (data / "accounts" / "audit.jsonl").read_text(encoding="utf-8") + caplog.text
    assert "signed in: account dongnai.stp" in caplog.text
    assert len(audit_entries(data)) >= 4
    for secret in (OFFICER_PASSWORD, "một-mật-khẩu-sai-9", CHIEF_PASSWORD):
        assert secret not in logged
    assert all("password" not in json.dumps(e) for e in audit_entries(data))


def test_a_changed_password_replaces_the_old_one_and_a_removed_account_signs_in_no_more(
    data: Path, tmp_path: Path, monkeypatch, capsys
):
    new_password = "mật-khẩu-mới-đồng-nai"
    assert _users(data, monkeypatch, "passwd", OFFICER, password=new_password) == 0
    assert capsys.readouterr().out.strip() == "Đã đổi mật khẩu của tài khoản dongnai.stp."
    upload = _upload(tmp_path, "75", 2025)
    assert _import_as(data, upload, OFFICER, OFFICER_PASSWORD, monkeypatch) == 2
    assert _import_as(data, upload, OFFICER, new_password, monkeypatch) == 0
    capsys.readouterr()
    assert main(["users", "remove", OFFICER, "--data-dir", str(data)]) == 0
    assert capsys.readouterr().out.strip() == "Đã xóa tài khoản dongnai.stp."
    assert main(["users", "remove", OFFICER, "--data-dir", str(data)]) == 2
    assert capsys.readouterr().out.strip() == "Không có tài khoản dongnai.stp."
    assert _import_as(data, upload, OFFICER, new_password, monkeypatch) == 2
    assert capsys.readouterr().out.strip() == "Tài khoản hoặc mật khẩu không đúng. Không ghi gì."
