"""Final (chính thức) and preliminary (sơ bộ) figures, per agency: said on the command line
(--preliminary STP=2026-10-31) or on the page, written into the snapshot, shown on the history
page; a final snapshot replaces a preliminary one, and a preliminary file or rollback for an agency
that already has final figures is refused, writing nothing. Every test writes into a copy of the
bundled data, never into data/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from intake_files import agency_values, bundled_values, copy_of_bundled, filled_xlsx, tree_hashes
from streamlit.testing.v1 import AppTest

from justice_dashboard.__main__ import main
from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.intake import StatusRefused, check_file, commit, rollback
from justice_dashboard.intake.secret import SECRET_ENV
from justice_dashboard.snapshots import (
    PRELIMINARY,
    Status,
    list_snapshot_files,
    read_provenance,
    statuses_of,
)
from justice_dashboard.store import Store

CATALOG = load_catalog()
SECRET = "khóa-nhập-2025"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UTC = dt.UTC
# The sample's figures of the old Đồng Nai, brought in as the merged Đồng Nai's 2025 into a copy
# of the data without the sample's 2025 snapshot of code 75.
V = bundled_values("75", 2024)
THA = agency_values(CATALOG, V, "THA")
THA_2025 = "Thi hành án dân sự tỉnh/thành phố (THA)"
THA_2024 = "Cục Thi hành án dân sự (THA)"
CUT = dt.date(2025, 8, 31)  # inside the 2025 enforcement year (01/10/2024 – 30/9/2025)


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    root = copy_of_bundled(tmp_path / "data", ("75", 2025))
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    monkeypatch.setenv(SECRET_ENV, SECRET)
    return root


def _files(root: Path, province: str = "75", year: int = 2025) -> list[Path]:
    return [p for p in list_snapshot_files(root) if p.parts[-3:-1] == (province, str(year))]


def _upload(tmp_path: Path, name: str, values: dict[str, float], agencies=None) -> Path:
    path = tmp_path / name
    path.write_bytes(filled_xlsx(CATALOG, "75", 2025, values, agencies=agencies))
    return path


def _import(root: Path, upload: Path, *options: str) -> int:
    return main(["import", str(upload), "--data-dir", str(root), "--by", "Cán bộ", *options])


def _current_ta01(root: Path) -> tuple[float, bool]:
    """The merged Đồng Nai's 2025 TA01 as the dashboard counts it, and whether it is preliminary."""
    store = Store.open(root)
    try:
        frame = store.query(
            "province_trend",
            bloc="DNB",
            units="reported",
            indicator="TA01",
            provinces=["75"],
            first_year=2025,
            last_year=2025,
            normalisation="absolute",
            as_of=None,
        )
    finally:
        store.close()
    row = frame.iloc[0]
    return float(row["value"]), bool(row["preliminary"])


# ---- the command line ---------------------------------------------------------------------------


def test_a_preliminary_import_writes_the_agency_s_status_and_cut_date_into_the_snapshot(
    data: Path, tmp_path: Path, capsys
):
    upload = _upload(tmp_path, "dong-nai-2025.xlsx", V)
    assert _import(data, upload, "--preliminary", "THA=2025-08-31") == 0
    out = capsys.readouterr().out
    assert f"(Sở Tư pháp (STP): chính thức; {THA_2025}: sơ bộ, đến 31/08/2025);" in out
    (written,) = _files(data)
    assert statuses_of(read_provenance(written)) == (
        ("STP", Status()),
        ("THA", Status(PRELIMINARY, CUT)),
    )
    assert _current_ta01(data) == (V["TA01"], True)


def test_the_cut_date_may_be_written_the_vietnamese_way(data: Path, tmp_path: Path):
    upload = _upload(tmp_path, "tha.xlsx", THA, agencies=("THA",))
    assert _import(data, upload, "--preliminary", "tha=31/8/2025") == 0
    (written,) = _files(data)
    assert statuses_of(read_provenance(written)) == (("THA", Status(PRELIMINARY, CUT)),)


def test_final_figures_replace_the_preliminary_ones_and_a_later_preliminary_file_is_refused(
    data: Path, tmp_path: Path, capsys
):
    first = _upload(tmp_path, "so-bo.xlsx", THA, agencies=("THA",))
    assert _import(data, first, "--preliminary", "THA=2025-08-31") == 0
    (preliminary,) = _files(data)
    final_values = {**THA, "TA01": THA["TA01"] + 10}
    final = _upload(tmp_path, "chinh-thuc.xlsx", final_values, agencies=("THA",))
    capsys.readouterr()
    assert _import(data, final) == 0
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"Lưu ý: Số liệu chính thức của {THA_2025} sẽ thay bản sơ bộ đang dùng "
        f"(75-2025-{preliminary.stem}, sơ bộ, đến 31/08/2025)."
    )
    assert _current_ta01(data) == (THA["TA01"] + 10, False)
    _, written = _files(data)

    late = _upload(tmp_path, "so-bo-muon.xlsx", {**THA, "TA01": THA["TA01"] + 20}, ("THA",))
    before = tree_hashes(data)
    assert _import(data, late, "--preliminary", "THA=2025-09-30") == 2
    assert capsys.readouterr().out.splitlines() == [
        "Tệp so-bo-muon.xlsx: không ghi được tình trạng số liệu (chính thức/sơ bộ) đã chọn; không"
        " ghi gì:",
        f"- Đã có số liệu chính thức của {THA_2025} năm 2025 (bản số liệu 75-2025-{written.stem});"
        " bản sơ bộ này sẽ không bao giờ được dùng (số liệu chính thức luôn được dùng thay số liệu"
        " sơ bộ), nên không được ghi. Nếu đây là số liệu chính thức đã sửa, hãy ghi là số liệu"
        " chính thức.",
    ]
    assert tree_hashes(data) == before
    assert _current_ta01(data) == (THA["TA01"] + 10, False)


def test_a_preliminary_file_for_a_year_whose_figures_are_final_already_is_refused(
    data: Path, tmp_path: Path, capsys
):
    upload = tmp_path / "bp.xlsx"
    upload.write_bytes(filled_xlsx(CATALOG, "70", 2024, bundled_values("70", 2024)))
    before = tree_hashes(data)
    code = main(["import", str(upload), "--data-dir", str(data), "--preliminary", "STP=2024-11-30"])
    assert code == 2
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("- Đã có số liệu chính thức của Sở Tư pháp (STP) năm 2024 (bản")
    assert tree_hashes(data) == before


@pytest.mark.parametrize(
    ("options", "says"),
    [
        (
            ["STP"],
            "- --preliminary “STP” không đúng dạng; cần CƠ_QUAN=NGÀY, ví dụ --preliminary"
            " STP=2026-10-31 hoặc STP=31/10/2026 (cơ quan: STP, THA).",
        ),
        (
            ["CA=2025-08-31"],
            "- --preliminary: cơ quan “CA” không có trong danh mục; cần một trong: STP, THA.",
        ),
        (
            ["THA=31/02/2025"],
            "- --preliminary THA=…: “31/02/2025” không phải một ngày; cần yyyy-mm-dd hoặc"
            " dd/mm/yyyy, ví dụ 2026-10-31 hoặc 31/10/2026.",
        ),
        (
            ["THA=2025-08-31", "THA=2025-09-30"],
            "- --preliminary THA được ghi hai lần; mỗi cơ quan chỉ một ngày chốt số liệu.",
        ),
        (
            ["THA=2024-09-30"],
            f"- ngày chốt số liệu sơ bộ của {THA_2025} là 30/09/2024, trước ngày bắt đầu kỳ báo cáo"
            " năm 2025 (01/10/2024); cần một ngày từ 01/10/2024.",
        ),
        (
            ["STP=2025-08-31"],
            f"- tệp không có số liệu của Sở Tư pháp (STP) (tệp gồm số liệu của {THA_2025}); chỉ"
            " ghi sơ bộ được cho cơ quan có số liệu trong tệp.",
        ),
    ],
    ids=["no_date", "unknown_agency", "no_such_day", "twice", "before_the_period", "not_held"],
)
def test_a_preliminary_option_that_cannot_be_written_is_refused_with_exit_2(
    data: Path, tmp_path: Path, capsys, options: list[str], says: str
):
    upload = _upload(tmp_path, "tha.xlsx", THA, agencies=("THA",))
    before = tree_hashes(data)
    flags = [f for option in options for f in ("--preliminary", option)]
    assert _import(data, upload, *flags) == 2
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        "Tệp tha.xlsx: không ghi được tình trạng số liệu (chính thức/sơ bộ) đã chọn; không ghi gì:"
    )
    assert says in lines[1:]
    assert tree_hashes(data) == before


def test_a_cut_date_after_today_is_refused(data: Path, tmp_path: Path, capsys):
    upload = tmp_path / "tha.xlsx"
    year = dt.date.today().year
    upload.write_bytes(filled_xlsx(CATALOG, "75", year, THA, agencies=("THA",)))
    before = tree_hashes(data)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert _import(data, upload, "--preliminary", f"THA={tomorrow.isoformat()}") == 2
    said = capsys.readouterr().out
    assert f"là {tomorrow:%d/%m/%Y}, sau hôm nay ({dt.date.today():%d/%m/%Y}); cần" in said
    assert tree_hashes(data) == before


# ---- commit and rollback ------------------------------------------------------------------------


def _submission(values: dict[str, float], agencies=("THA",)):
    content = filled_xlsx(CATALOG, "75", 2025, values, agencies=agencies)
    checked = check_file(content, "tha.xlsx", CATALOG, province="75", year=2025)
    assert checked.submission is not None
    return checked.submission


def test_the_commit_itself_refuses_a_preliminary_file_after_a_final_one_and_writes_nothing(
    data: Path,
):
    commit(data, _submission(THA), "Cán bộ")
    before = tree_hashes(data)
    with pytest.raises(StatusRefused) as refused:
        commit(
            data,
            _submission({**THA, "TA01": THA["TA01"] + 1}),
            "Cán bộ",
            statuses={"THA": Status(PRELIMINARY, CUT)},
        )
    assert [p.kind for p in refused.value.problems] == ["final_exists"]
    assert tree_hashes(data) == before


def test_a_rollback_copies_the_statuses_of_the_snapshot_rolled_back_to(data: Path):
    preliminary = {"THA": Status(PRELIMINARY, CUT)}
    older = commit(data, _submission(THA), "Cán bộ", statuses=preliminary)
    later = {"THA": Status(PRELIMINARY, dt.date(2025, 9, 15))}
    commit(data, _submission({**THA, "TA01": THA["TA01"] + 5}), "Cán bộ", statuses=later)
    path = rollback(data, f"75-2025-{older.stem}", "Trưởng phòng", "Khôi phục")
    assert statuses_of(read_provenance(path)) == (("THA", Status(PRELIMINARY, CUT)),)
    assert _current_ta01(data) == (THA["TA01"], True)


def test_a_rollback_to_preliminary_figures_after_final_ones_is_refused_and_writes_nothing(
    data: Path,
):
    older = commit(data, _submission(THA), "Cán bộ", statuses={"THA": Status(PRELIMINARY, CUT)})
    final = commit(data, _submission({**THA, "TA01": THA["TA01"] + 5}), "Cán bộ")
    before = tree_hashes(data)
    with pytest.raises(StatusRefused) as refused:
        rollback(data, f"75-2025-{older.stem}", "Trưởng phòng", "Khôi phục")
    assert [p.text() for p in refused.value.problems] == [
        f"Không khôi phục được bản số liệu 75-2025-{older.stem}: số liệu của {THA_2025} trong đó"
        f" là số liệu sơ bộ, đến 31/08/2025, mà đã có số liệu chính thức của {THA_2025} năm 2025"
        f" (bản số liệu 75-2025-{final.stem}), nên bản khôi phục sẽ không bao giờ được dùng. Chưa"
        " ghi gì."
    ]
    assert tree_hashes(data) == before


# ---- the pages ----------------------------------------------------------------------------------


def _intake(province: str, year: int) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    at.switch_page("pages/intake.py").run()
    at.text_input(key="intake_secret_input").input(SECRET)
    at.button(key="intake_unlock").click().run()
    at.selectbox(key="intake_province").select(province)
    at.selectbox(key="intake_year").select(year).run()
    return at


def _commit_button(at: AppTest):
    return next(b for b in at.button if b.label == "Ghi số liệu thành bản số liệu mới")


def test_on_the_intake_page_preliminary_figures_need_their_cut_date_and_are_written_so(
    data: Path,
):
    at = _intake("75", 2025)
    content = filled_xlsx(CATALOG, "75", 2025, THA, agencies=("THA",))
    at.file_uploader(key="intake_upload").set_value(("so-bo.xlsx", content, XLSX)).run()
    status = at.radio(key="intake_status_THA")
    assert status.label == f"Số liệu của {THA_2025}"
    assert status.options == ["Số liệu chính thức", "Số liệu sơ bộ"]
    assert status.value == "final"
    status.set_value("preliminary").run()
    cut = at.date_input(key="intake_cut_date_THA")
    assert cut.label == f"Số liệu sơ bộ của {THA_2025} chốt đến ngày (dd/mm/yyyy)"
    assert cut.value is None
    at.text_input(key="intake_by").input("Cán bộ nhập").run()
    assert [e.value for e in at.error] == [
        f"số liệu sơ bộ của {THA_2025} cần ngày chốt số liệu (dd/mm/yyyy), ví dụ 31/10/2026."
    ]
    assert _commit_button(at).disabled
    at.date_input(key="intake_cut_date_THA").set_value(CUT).run()
    assert not at.error
    _commit_button(at).click().run()
    assert not at.exception
    assert f"({len(THA)} chỉ tiêu; {THA_2025}: sơ bộ, đến 31/08/2025)." in at.success[0].value
    (written,) = _files(data)
    assert statuses_of(read_provenance(written)) == (("THA", Status(PRELIMINARY, CUT)),)
    # The next file starts from final figures: the last file's choice is not carried over unseen.
    final = filled_xlsx(CATALOG, "75", 2025, {**THA, "TA01": THA["TA01"] + 1}, agencies=("THA",))
    at.file_uploader(key="intake_upload").set_value(("chinh-thuc.xlsx", final, XLSX)).run()
    assert at.radio(key="intake_status_THA").value == "final"
    assert not at.date_input


def test_on_the_intake_page_a_preliminary_file_after_final_figures_is_refused(data: Path):
    at = _intake("70", 2024)
    content = filled_xlsx(CATALOG, "70", 2024, bundled_values("70", 2024))
    at.file_uploader(key="intake_upload").set_value(("bp.xlsx", content, XLSX)).run()
    at.radio(key="intake_status_THA").set_value("preliminary").run()
    at.date_input(key="intake_cut_date_THA").set_value(dt.date(2024, 8, 31)).run()
    at.text_input(key="intake_by").input("Cán bộ nhập").run()
    (refusal,) = [e.value for e in at.error]
    assert refusal.startswith(
        f"Đã có số liệu chính thức của {THA_2024} năm 2024 (bản số liệu 70-2024-"
    )
    assert _commit_button(at).disabled  # AppTest, like a browser, cannot click it


def test_a_final_file_on_the_intake_page_says_which_preliminary_snapshot_it_replaces(data: Path):
    older = commit(data, _submission(THA), "Cán bộ", statuses={"THA": Status(PRELIMINARY, CUT)})
    at = _intake("75", 2025)
    content = filled_xlsx(CATALOG, "75", 2025, {**THA, "TA01": THA["TA01"] + 1}, agencies=("THA",))
    at.file_uploader(key="intake_upload").set_value(("chinh-thuc.xlsx", content, XLSX)).run()
    assert at.info[-1].value == (
        f"Số liệu chính thức của {THA_2025} sẽ thay bản sơ bộ đang dùng (75-2025-{older.stem},"
        " sơ bộ, đến 31/08/2025)."
    )


def _history(province: str, year: int) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["year"] = str(year)
    at.run()
    at.switch_page("pages/history.py").run()
    at.selectbox(key="history_province").select(province)
    at.selectbox(key="history_year").select(year).run()
    assert not at.exception
    return at


def test_the_history_page_shows_each_snapshot_s_status_and_for_which_agencies_it_is_in_use(
    data: Path,
):
    both = _submission(V, agencies=None)
    older = commit(data, both, "Cán bộ", statuses={"THA": Status(PRELIMINARY, CUT)})
    newer = commit(data, _submission({**THA, "TA01": THA["TA01"] + 5}), "Cán bộ")
    at = _history("75", 2025)
    table = at.dataframe[0].value.set_index("Bản số liệu")
    assert table.loc[f"75-2025-{newer.stem}", "Đang dùng"] == "✔ THA"
    assert table.loc[f"75-2025-{newer.stem}", "Tình trạng theo cơ quan"] == "THA: chính thức"
    assert table.loc[f"75-2025-{older.stem}", "Đang dùng"] == "✔ STP"
    assert table.loc[f"75-2025-{older.stem}", "Tình trạng theo cơ quan"] == (
        "STP: chính thức; THA: sơ bộ, đến 31/08/2025"
    )


def test_the_history_page_refuses_a_rollback_to_preliminary_figures_that_final_ones_replaced(
    data: Path,
):
    older = commit(data, _submission(THA), "Cán bộ", statuses={"THA": Status(PRELIMINARY, CUT)})
    commit(data, _submission({**THA, "TA01": THA["TA01"] + 5}), "Cán bộ")
    at = _history("75", 2025)
    at.selectbox(key="history_snapshot").set_value(f"75-2025-{older.stem}").run()
    assert [w.value for w in at.warning][-1].startswith(
        f"Không khôi phục được bản số liệu 75-2025-{older.stem}: số liệu của {THA_2025}"
    )
    assert not [b for b in at.button if b.label.startswith("Khôi phục bản số liệu này")]
    assert not at.text_input  # not even the secret is asked: there is nothing to do
