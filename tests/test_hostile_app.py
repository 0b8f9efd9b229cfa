"""Hostile and clumsy use of the running app (Streamlit's AppTest): crafted links, an unexpected
error, guessing the intake secret, and two officers committing the same province and year."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from intake_files import bundled_values, filled_xlsx
from streamlit.testing.v1 import AppTest

from justice_dashboard import errors
from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR, DATA_DIR_ENV
from justice_dashboard.i18n import t
from justice_dashboard.intake import gate
from justice_dashboard.intake.secret import SECRET_ENV
from justice_dashboard.navigation import PAGES
from justice_dashboard.ratelimit import Limiter, Rule
from justice_dashboard.snapshots import list_snapshot_files, read_provenance

CATALOG = load_catalog()
SECRET = "khóa-nhập-2025"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
V = bundled_values("70", 2024)
PAGE_FILES = [p.file for p in PAGES]


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    monkeypatch.setenv(SECRET_ENV, SECRET)
    return root


def _app(page: str, **params: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    return at


# ---- links ----------------------------------------------------------------------------------------

CRAFTED_LINKS = [
    ("year", "\u00b2", "year"),  # a superscript two: str.isdigit() says yes, int() says no
    ("year", "9" * 5000, "year"),  # over Python's 4.300-digit limit for int()
    ("year", "٢٠٢٤", "year"),  # Arabic-Indic digits
    ("from", "\u00b9", "range"),
    ("to", "２０２４", "range"),  # full-width digits
    ("asof", "２０２４-01-01", "asof"),
    ("asof", "2024-13-45", "asof"),
    ("asof", "20240101", "asof"),  # Python 3.11 reads this ISO form; the link's form is YYYY-MM-DD
    ("provinces", "70,\x00,<b>", "provinces"),
    ("highlight", "٧٥,<b>", "highlight"),  # Arabic-Indic digits and markup
    ("indicator", "TA04\u200b", "indicator"),
    ("norm", "<script>", "norm"),
    ("lang", "xx", "lang"),
    ("province", "../../etc", "province"),
]


@pytest.mark.parametrize("page", PAGE_FILES)
def test_every_page_opens_from_a_crafted_link_with_a_notice_instead_of_an_error(page: str, data):
    for name, value, notice in CRAFTED_LINKS:
        at = AppTest.from_file("../app.py", default_timeout=60)
        at.query_params[name] = value
        at.switch_page(page).run()  # the link opens this page straight away
        assert not at.exception, (name, value)
        toasts = [toast.value for toast in at.toast]
        assert t(f"url.fallback.{notice}", "vi") in toasts, (name, value, toasts)
        assert at.title, (name, value)  # the page drew its heading


def test_a_year_of_five_thousand_digits_opens_the_latest_year(data):
    at = _app("pages/overview.py", year="9" * 5000)
    assert at.title[0].value == "Tổng quan năm 2026"
    assert at.query_params["year"] == "2026"


# ---- an unexpected error ------------------------------------------------------------------------


def test_an_unexpected_error_shows_a_short_message_with_an_id_and_logs_the_stack(
    data, monkeypatch, caplog
):
    monkeypatch.delenv(errors.RAISE_ENV)

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng ở /srv/justice/secret-path")

    monkeypatch.setattr("justice_dashboard.compare.caption", broken)
    with caplog.at_level(logging.ERROR, logger="justice_dashboard.errors"):
        at = _app("pages/compare.py")
    assert not at.exception  # Streamlit shows no exception, type or stack
    shown = " ".join(e.value for e in at.error)
    found = re.search(r"báo cho quản trị viên mã lỗi ([0-9a-f]{8})\.", shown)
    assert found, shown
    assert "secret-path" not in shown and "Traceback" not in shown and "RuntimeError" not in shown
    logged = [r for r in caplog.records if found[1] in r.getMessage()]
    assert logged and logged[0].exc_info is not None
    assert "secret-path" in str(logged[0].exc_info[1])


# ---- the intake secret ----------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    limiter = Limiter({"session": Rule(free=5), "address": Rule(free=20)}, clock=clock)
    monkeypatch.setattr(gate, "LIMITER", limiter)
    return clock


def _try_secret(at: AppTest, secret: str) -> list[str]:
    at.text_input(key=gate.KEY_SECRET_INPUT).input(secret)
    at.button(key="intake_unlock").click().run()
    assert not at.exception
    return [e.value for e in at.error]


def test_after_five_wrong_secrets_even_the_right_one_waits_and_the_wait_grows(data, clock, caplog):
    at = _app("pages/intake.py")
    with caplog.at_level(logging.WARNING, logger="justice_dashboard.security"):
        for _ in range(4):
            assert _try_secret(at, "đoán-bừa") == ["Mã bí mật không đúng."]
        assert _try_secret(at, "đoán-nữa") == [
            "Mã bí mật không đúng.",
            "Đã nhập sai quá nhiều lần. Hãy chờ 1 giây rồi thử lại.",
        ]
        assert _try_secret(at, SECRET) == ["Đã nhập sai quá nhiều lần. Hãy chờ 1 giây rồi thử lại."]
        assert not at.file_uploader
        clock.now += 1
        assert _try_secret(at, "lần-sáu") == [
            "Mã bí mật không đúng.",
            "Đã nhập sai quá nhiều lần. Hãy chờ 2 giây rồi thử lại.",
        ]
        clock.now += 2
        assert _try_secret(at, SECRET) == []
    assert at.file_uploader  # unlocked
    refused = [r.getMessage() for r in caplog.records]
    assert sum("wrong secret" in m for m in refused) == 6
    assert sum("refused while waiting" in m for m in refused) == 1
    assert not any(s in m for m in refused for s in ("đoán", "lần-sáu", SECRET))


def test_a_new_session_from_the_same_address_does_not_start_guessing_again(
    data, clock, monkeypatch
):
    # AppTest gives every session the same id; here each browser tab gets its own.
    tab = ["tab 1"]
    monkeypatch.setattr(gate, "session_id", lambda: tab[0])
    for number in range(1, 5):  # four tabs, five guesses each: twenty from one address
        tab[0] = f"tab {number}"
        at = _app("pages/intake.py")
        for _ in range(5):
            _try_secret(at, "đoán-bừa")
        clock.now += 3600
    tab[0] = "tab 5"
    fresh = _app("pages/intake.py")
    assert _try_secret(fresh, "đoán-bừa") == [
        "Mã bí mật không đúng.",
        "Đã nhập sai quá nhiều lần. Hãy chờ 2 giây rồi thử lại.",
    ]


def test_the_wait_is_said_in_minutes_when_it_is_long(data, clock):
    at = _app("pages/intake.py")
    for _ in range(15):  # 2^10 seconds after the fifteenth: more than the 15-minute cap
        _try_secret(at, "đoán-bừa")
        clock.now += 10_000
    assert _try_secret(at, "đoán-bừa")[-1] == (
        "Đã nhập sai quá nhiều lần. Hãy chờ 15 phút rồi thử lại."
    )


# ---- two officers, one province and year --------------------------------------------------------


def _officer(data: Path, name: str, new_total: float) -> AppTest:
    at = _app("pages/intake.py")
    _try_secret(at, SECRET)
    at.selectbox(key="intake_province").select("70")
    at.selectbox(key="intake_year").select(2024).run()
    content = filled_xlsx(CATALOG, "70", 2024, {**V, "TA01": new_total})
    at.file_uploader(key="intake_upload").set_value((f"{name}.xlsx", content, XLSX)).run()
    at.text_input(key="intake_by").input(name).run()
    assert not at.exception
    return at


def _commit(at: AppTest) -> None:
    next(b for b in at.button if b.label == "Ghi số liệu thành bản số liệu mới").click().run()
    assert not at.exception


def _current_70_2024(data: Path) -> dict[str, str]:
    files = [p for p in list_snapshot_files(data) if p.parts[-3:-1] == ("70", "2024")]
    return read_provenance(max(files))


def test_the_second_officer_is_told_to_look_again_when_the_first_committed_since_the_preview(
    data,
):
    first = _officer(data, "Can bo A", V["TA01"] + 100)
    second = _officer(data, "Can bo B", V["TA01"] + 200)
    _commit(first)
    assert next(s.value for s in first.success).startswith("Đã ghi bản số liệu 70-2024-")
    before = list_snapshot_files(data)

    _commit(second)
    errors_shown = [e.value for e in second.error]
    assert errors_shown and errors_shown[0].startswith(
        "Số liệu của Bình Phước năm 2024 vừa được người khác cập nhật (bản số liệu 70-2024-"
    )
    assert list_snapshot_files(data) == before  # nothing written
    assert _current_70_2024(data)["submitted_by"] == "Can bo A"
    # B now sees A's figures as the stored ones, and a second click commits over them knowingly.
    preview = second.dataframe[0].value.set_index("Mã")
    assert preview.loc["TA01", "Đang lưu"] == f"{V['TA01'] + 100:,.0f}".replace(",", ".")
    _commit(second)
    assert _current_70_2024(data)["submitted_by"] == "Can bo B"


def test_a_rollback_is_refused_when_someone_committed_since_the_history_was_shown(data):
    def history_session() -> AppTest:
        at = _app("pages/history.py")
        at.selectbox(key=gate.KEY_HISTORY_PROVINCE).select("70")
        at.selectbox(key=gate.KEY_HISTORY_YEAR).select(2024).run()
        at.selectbox(key=gate.KEY_HISTORY_SNAPSHOT).select_index(1).run()  # the older one
        _try_secret(at, SECRET)
        at.text_input(key=gate.KEY_HISTORY_BY).input("Thư ký khối").run()
        assert not at.exception
        return at

    # A first correction, so that an older final snapshot is there to roll back to (the other
    # older one is the preliminary cut of 30/11, which a final one has replaced for good).
    _commit(_officer(data, "Can bo B", V["TA01"] + 50))
    watching = history_session()
    officer = _officer(data, "Can bo A", V["TA01"] + 100)
    _commit(officer)
    before = list_snapshot_files(data)
    next(
        b for b in watching.button if b.label.startswith("Khôi phục bản số liệu này")
    ).click().run()
    assert not watching.exception
    assert next(e.value for e in watching.error).startswith(
        "Số liệu của Bình Phước năm 2024 vừa được người khác cập nhật"
    )
    assert list_snapshot_files(data) == before
    assert _current_70_2024(data)["submitted_by"] == "Can bo A"


def test_a_file_is_checked_once_however_often_the_page_reruns(data, monkeypatch):
    checks = []
    from justice_dashboard.intake import validate

    real = validate.check_file

    def counting(*args, **kwargs):
        checks.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(validate, "check_file", counting)
    at = _officer(data, "Can bo A", V["TA01"])
    at.text_input(key="intake_by").input("Can bo A2").run()
    at.radio(key="view_lang").set_value("en").run()
    assert not at.exception
    assert checks == ["Can bo A.xlsx"]


def test_a_file_name_is_shown_literally_not_as_markdown(data):
    at = _app("pages/intake.py")
    _try_secret(at, SECRET)
    name = "**đậm** ![x](http://example.invalid/x.png)\x1b[31m\u202e.xlsx"
    at.file_uploader(key="intake_upload").set_value((name, b"%PDF-1.7", XLSX)).run()
    assert not at.exception
    heading = at.error[0].value
    assert heading.startswith("Tệp `**đậm** ![x](http://example.invalid/x.png).xlsx` có 1 lỗi")


def test_a_read_only_data_folder_refuses_the_commit_on_the_page_and_nothing_changes(
    data, monkeypatch
):
    from faults import refuse_writes, tree

    officer = _officer(data, "Can bo A", V["TA01"] + 100)
    before = tree(data)
    refuse_writes(monkeypatch, data)
    _commit(officer)
    assert [e.value for e in officer.error] == [
        "Không ghi được: thư mục dữ liệu «data» chỉ đọc. Chưa ghi gì; hãy nhờ quản trị máy chủ"
        " cho phép ghi vào thư mục này rồi thử lại."
    ]
    monkeypatch.undo()
    assert {k: v for k, v in tree(data).items() if not k.endswith(".lock")} == {
        k: v for k, v in before.items() if not k.endswith(".lock")
    }
