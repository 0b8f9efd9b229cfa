"""A real year's scoring table brought in as a file: the template (filled with the table in use)
reads back as the same criteria, every problem is named with file, sheet, row, column and what
was expected, and a committed table scores its group in its year, before the illustrative one."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR, DATA_DIR_ENV
from justice_dashboard.intake.secret import SECRET_ENV
from justice_dashboard.scoring.engine import Figure, choose_table, score_criterion
from justice_dashboard.scoring.files import list_table_files
from justice_dashboard.scoring.table_file import check_table_file, commit_table, template_bytes
from justice_dashboard.scoring.tables import load_tables

CATALOG = load_catalog()
IN_USE = choose_table(load_tables(), "STP", 2024)
DECISION = "QĐ 536/QĐ-BTP ngày 29/3/2024"


def filled(cells: dict[str, object], agency: str = "STP", year: int = 2024) -> bytes:
    table = choose_table(load_tables(), agency, year)
    book = load_workbook(io.BytesIO(template_bytes(agency, year, table)))
    for where, value in cells.items():
        book.active[where] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_of_the_table_in_use_reads_back_as_the_same_criteria():
    assert IN_USE is not None
    checked = check_table_file(
        filled({"B4": DECISION}), "bd.xlsx", CATALOG, agency="STP", year=2024
    )
    assert checked.ok, [p.text() for p in checked.problems]
    assert checked.source == DECISION and checked.award == IN_USE.award_vi

    def rules(criteria):
        return [
            (c.code, c.rule, c.max_points, c.indicator_code, c.target, c.comparison,
             c.bonus_per_point, c.bonus_max, c.steps)
            for c in criteria
        ]  # fmt: skip

    assert rules(checked.criteria) == rules(IN_USE.criteria)


def test_every_problem_of_a_table_file_is_named_with_where_and_what_was_expected():
    content = filled({"B3": 2023, "D8": "nhiều", "E9": "bậc", "K10": "100: 3; 95", "F13": "VB02"})
    checked = check_table_file(content, "bd.xlsx", CATALOG, agency="STP", year=2024)
    where = "Tệp bd.xlsx, trang tính Bảng điểm"
    assert [p.text() for p in checked.problems] == [
        f"{where}, dòng 3, cột B: tệp ghi năm “2023”, khác năm đã chọn; cần năm 2024 ở ô bên phải "
        "ô “Năm:”.",
        f"{where}, dòng 4, cột A: chưa ghi căn cứ của bảng điểm; cần số, ngày quyết định (ví dụ "
        "QĐ 536/QĐ-BTP ngày 29/3/2024) ở ô bên phải ô “Căn cứ:”.",
        f"{where}, dòng 8, cột D: “nhiều” không phải một số không âm; cần một số, ví dụ 2,75.",
        f"{where}, dòng 9, cột E: cách chấm “bậc” không hợp lệ; cần một trong: bậc thang, tỷ lệ "
        "so với chỉ tiêu, đạt/không đạt, chấm tay, điểm trừ.",
        f"{where}, dòng 10, cột K: mức “95” không đọc được; cần dạng “95: 2,75” (mức từ, %: "
        "điểm), các mức cách nhau bằng “;”.",
        f"{where}, dòng 13, cột F: cách chấm “chấm tay” không tính từ số liệu; cần để trống mã "
        "chỉ tiêu.",
    ]
    ladder_points_too_high = filled({"B4": DECISION, "K8": "100: 4"})
    (problem,) = check_table_file(
        ladder_points_too_high, "bd.xlsx", CATALOG, agency="STP", year=2024
    ).problems
    assert problem.text().endswith("cần mức từ 0 đến 100% và điểm từ 0 đến 3.")
    other_group = check_table_file(
        filled({"B4": DECISION}), "bd.xlsx", CATALOG, agency="THA", year=2024
    )
    assert other_group.problems[0].message().startswith("tệp ghi nhóm “STP”, khác nhóm đã chọn")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA_DIR, root)
    return root


def _commit(root: Path, cells: dict[str, object], at: dt.datetime) -> Path:
    checked = check_table_file(
        filled({"B4": DECISION, **cells}), "bd.xlsx", CATALOG, agency="STP", year=2024
    )
    assert checked.ok, [p.text() for p in checked.problems]
    return commit_table(root, checked, "Thư ký khối", at)


def test_a_committed_table_scores_its_group_in_its_year_before_the_illustrative_one(data: Path):
    first = _commit(
        data, {"K8": "100: 3; 99: 2,9; 95: 2,75"}, dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    )
    tables = load_tables(root=data)
    real = choose_table(tables, "STP", 2024)
    assert real is not None and not real.illustrative and real.source == DECISION
    assert score_criterion("u", real.criterion("A1"), Figure(0.995)).points == 2.9
    assert choose_table(tables, "STP", 2025).illustrative  # other years keep the illustrative one
    assert choose_table(tables, "THA", 2024).illustrative  # and so does the other group
    second = _commit(data, {"D8": 4, "K8": "100: 4; 95: 3"}, dt.datetime(2025, 3, 2, tzinfo=dt.UTC))
    latest = choose_table(load_tables(root=data), "STP", 2024)
    assert latest.criterion("A1").max_points == 4  # the latest brought in is used
    assert list_table_files(data) == [first, second]  # and the first is kept


def test_the_scores_page_uses_the_committed_table_and_no_longer_calls_it_illustrative(
    data: Path, monkeypatch
):
    _commit(data, {}, dt.datetime(2025, 3, 1, tzinfo=dt.UTC))
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    monkeypatch.delenv(SECRET_ENV, raising=False)
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["year"] = "2024"
    at.run()
    at.switch_page("pages/scores.py").run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert f"Bảng điểm: Bảng chấm điểm thi đua 2024 · {DECISION}" in captions
    illustrative = [w.value for w in at.warning if w.value.startswith("Bảng điểm minh họa")]
    assert len(illustrative) == 1  # THA only
