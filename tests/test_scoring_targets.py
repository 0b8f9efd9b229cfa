"""A unit's own assigned target (chỉ tiêu được giao) overrides the national one, in the ranking's
target table and in the scores, and both say which (inline data, a tiny data folder)."""

from __future__ import annotations

import shutil

import pandas as pd
from streamlit.testing.v1 import AppTest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR, DATA_DIR_ENV
from justice_dashboard.ranking import own_targets_text, target_status, target_table_display
from justice_dashboard.scoring.display import reason_text, score_inputs
from justice_dashboard.scoring.engine import choose_table
from justice_dashboard.scoring.tables import load_tables

CATALOG = load_catalog()
TA04 = CATALOG.indicator("TA04")


def test_a_units_own_target_replaces_the_national_one_in_the_ranking_and_the_table_says_so():
    values = pd.DataFrame(
        {
            "unit_id": ["tay-ninh", "dong-nai"],
            "province_code": ["80", "75"],
            "name_vi": ["Tây Ninh", "Đồng Nai"],
            "name_en": ["Tay Ninh", "Dong Nai"],
            "province_order": [10, 8],
            "year": [2025, 2025],
            "indicator_code": ["TA04", "TA04"],
            "value": [0.845, 0.845],
        }
    )
    national = pd.DataFrame(
        {"year": [2025], "indicator_code": ["TA04"], "target": [0.839], "comparison": ["ge"]}
    )
    own = pd.DataFrame(
        {
            "unit_id": ["tay-ninh"],
            "year": [2025],
            "indicator_code": ["TA04"],
            "target": [0.85],
            "comparison": ["ge"],
        }
    )
    status = target_status(values, national, own)
    assert status["met"].tolist() == [False, True]  # the same rate, judged on different targets
    assert status["basis"].tolist() == ["unit", "national"]
    assert status["national_target"].tolist() == [0.839, 0.839]
    table = target_table_display(status, TA04, "vi")
    assert table.loc["Tây Ninh", "2025"] == "✗ 84,50% (chỉ tiêu riêng 85,00%)"
    assert table.loc["Đồng Nai", "2025"] == "✓ 84,50%"
    assert own_targets_text(status, TA04, "vi") == (
        "Chỉ tiêu được giao riêng thay cho chỉ tiêu toàn quốc: Tây Ninh năm 2025: ≥ 85,00%."
    )
    assert own_targets_text(target_status(values, national), TA04, "vi") is None


def test_the_scores_use_a_units_own_target_from_the_data_folder_and_say_which(
    tmp_path, write_values, open_store
):
    shutil.copytree(BUNDLED_DATA_DIR / "reference", tmp_path / "reference")
    (tmp_path / "reference" / "unit_targets.csv").write_text(
        "unit_id,year,indicator_code,target,comparison,source,illustrative\n"
        "binh-phuoc,2024,TA04,0.9,ge,Kế hoạch của tỉnh (kiểm thử),false\n",
        encoding="utf-8",
    )
    for code in ("70", "72"):  # the same completion rate, 88%, in two provinces
        write_values(code, 2024, {"TA01": 120, "TA02": 100, "TA03": 88, "TA05": 10, "TA06": 5})
    inputs = open_store().query(
        "scoring_inputs", bloc="DNB", units="reported", year=2024, as_of=None
    )
    tha = inputs[inputs["agency"] == "THA"]
    table = choose_table(load_tables(), "THA", 2024)
    assert table is not None
    results = {r.unit_id: r for r in score_inputs(table, tha, {})}
    met = next(c.code for c in table.criteria if c.rule == "met" and c.indicator_code == "TA04")
    binh_phuoc, tay_ninh = results["binh-phuoc"].score(met), results["tay-ninh-cu"].score(met)
    assert (binh_phuoc.points, tay_ninh.points) == (0.0, table.criterion(met).max_points)
    assert reason_text(binh_phuoc, CATALOG, "vi") == (
        "88,00% chưa đạt chỉ tiêu ≥ 90,00% (chỉ tiêu được giao riêng cho đơn vị): 0 điểm"
    )
    assert reason_text(tay_ninh, CATALOG, "vi") == (
        "88,00% đạt chỉ tiêu > 83,25% (chỉ tiêu toàn quốc): 5 điểm"
    )
    # a member without figures scores 0 on every figure criterion, and says so
    dong_nai = results["dong-nai-cu"].score(met)
    assert dong_nai.points == 0.0
    assert reason_text(dong_nai, CATALOG, "vi").startswith("Không có số liệu TA04")


def test_the_ranking_page_judges_tay_ninh_2025_on_its_own_target_and_says_so(monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["year"] = "2025"
    at.run()
    at.switch_page("pages/ranking.py").run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert (
        "Chỉ tiêu được giao riêng thay cho chỉ tiêu toàn quốc: Tây Ninh năm 2025: ≥ 85,00% (dữ liệu minh họa)."
        in (captions)
    )
    tables = [d.value for d in at.dataframe if "2025" in d.value.columns]
    ta04 = next(tb for tb in tables if "chỉ tiêu riêng" in tb.loc["Tây Ninh", "2025"])
    assert ta04.loc["Tây Ninh", "2025"].endswith("(chỉ tiêu riêng 85,00%)")
    assert "chỉ tiêu riêng" not in ta04.loc["Đồng Nai", "2025"]
