"""Where the data folder uses accounts, only the bloc secretariat enters manual points: an officer is
told so, the secretariat's entries are named after its account and are in the audit log."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from intake_files import copy_of_bundled
from streamlit.testing.v1 import AppTest

from justice_dashboard.__main__ import main
from justice_dashboard.accounts import audit_entries
from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.intake.gate import LIMITER
from justice_dashboard.scoring import manual

OFFICER, OFFICER_PASSWORD = "dongnai.stp", "mật-khẩu-đồng-nai-1"
CHIEF, CHIEF_PASSWORD = "thuky", "mật-khẩu-thư-ký-22"


def _users(data: Path, monkeypatch, *command: str, password: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return main(["users", *command, "--data-dir", str(data), "--password-stdin"])


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    root = copy_of_bundled(tmp_path / "data")
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    LIMITER._records.clear()
    add = ("add", OFFICER, "--display-name", "Nguyễn Văn An", "--unit", "dong-nai", "--agency")
    assert _users(root, monkeypatch, *add, "STP", password=OFFICER_PASSWORD) == 0
    chief = ("add", CHIEF, "--display-name", "Trần Thị Bình", "--role", "secretariat")
    assert _users(root, monkeypatch, *chief, password=CHIEF_PASSWORD) == 0
    return root


def _signed_in(name: str, password: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["year"] = "2025"
    at.run()
    at.switch_page("pages/scores.py").run()
    at.text_input(key="intake_account_input").input(name)
    at.text_input(key="intake_password_input").input(password)
    next(b for b in at.button if b.label == "Đăng nhập").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_an_officer_is_told_only_the_secretariat_enters_manual_points(data: Path):
    at = _signed_in(OFFICER, OFFICER_PASSWORD)
    assert (
        "Tài khoản dongnai.stp không nhập được điểm chấm tay, chỉ tiêu được giao hay bảng chấm "
        "điểm: chỉ thư ký khối nhập." in [w.value for w in at.warning]
    )
    assert not [b for b in at.button if b.label == "Lưu phiên bản mới"]
    assert not at.file_uploader


def test_the_secretariats_manual_points_are_named_after_its_account_and_audited(data: Path):
    at = _signed_in(CHIEF, CHIEF_PASSWORD)
    assert not [t for t in at.text_input if t.key == "scores_manual_by"]  # the account says who
    at.button(key="scores_manual_save").click().run()
    assert not at.exception
    (saved,) = manual.versions(data, 2025, "STP")
    assert saved.entered_by == "Trần Thị Bình (thuky)"
    (event,) = [e for e in audit_entries(data) if e["event"] == "scoring_manual"]
    assert (event["account"], event["year"], event["agency"]) == (CHIEF, 2025, "STP")
    assert event["path"] == f"scoring/manual/2025/STP/{saved.path.name}"
