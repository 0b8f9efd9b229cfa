"""Thi đua scoring on the scoring table's rules, on tiny inline criteria with the points written out:
ladder boundaries, proportional with cap and bonus, met or not, a missing figure, ties, a unit's own
target, manual points kept as versions."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.scoring import manual
from justice_dashboard.scoring.display import nomination_text, points_text, reason_text
from justice_dashboard.scoring.engine import (
    Criterion,
    Figure,
    ManualEntry,
    ScoringTable,
    Step,
    Target,
    choose_table,
    competition_ranks,
    score_criterion,
    score_table,
)
from justice_dashboard.scoring.tables import load_tables

CATALOG = load_catalog()
# The documented rule for drafts appraised on time (QĐ 484/QĐ-BTP, 536/QĐ-BTP): 100% → 3 points,
# 95–<100% → 2,75, 80–<95% → 2,5, 70–<80% → 2, 60–<70% → 1,5, below → 0.
DOCUMENTED = [(1.0, 3.0), (0.95, 2.75), (0.8, 2.5), (0.7, 2.0), (0.6, 1.5)]
LADDER = Criterion(
    "A1",
    "A",
    "A",
    "Thẩm định dự thảo VBQPPL đúng hạn",
    "Drafts appraised on time",
    3.0,
    "ladder",
    "VB02",
    steps=tuple(Step(b, p) for b, p in DOCUMENTED),
)
CASES = Criterion(
    "T1", "A", "A", "Tỷ lệ về việc", "Cases", 10.0, "proportional", "TA04", bonus_per_point=0.5,
    bonus_max=2.0,
)  # fmt: skip
MET = Criterion("T2", "A", "A", "Đạt chỉ tiêu về việc", "Target met", 5.0, "met", "TA04")
BY_HAND = Criterion("B1", "B", "B", "Chỉ đạo, điều hành", "Direction", 5.0, "manual")
DEDUCTION = Criterion("C1", "C", "C", "Trừ điểm", "Deduction", 2.0, "penalty")
NATIONAL = Target(0.839, "ge", "national")


def table_of(*criteria: Criterion, agency: str = "THA") -> ScoringTable:
    return ScoringTable(
        "kiem-thu", agency, 2025, None, "Bảng kiểm thử", "Test table", "kiểm thử", True,
        "Cờ thi đua ngành Tư pháp", "Justice sector emulation flag", criteria,
    )  # fmt: skip


def ladder(value: float) -> float:
    return score_criterion("u", LADDER, Figure(value)).points


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1.0, 3.0),
        (0.95, 2.75),  # exactly 95% is the 95–<100% step
        (57 / 60, 2.75),  # 95% as a ratio of counts, whatever the floating-point noise
        (0.9499, 2.5),
        (0.9999, 2.75),
        (0.8, 2.5),
        (0.7999, 2.0),
        (0.7, 2.0),
        (0.6, 1.5),
        (0.5999, 0.0),
        (0.0, 0.0),
    ],
)
def test_the_ladder_gives_the_step_whose_lower_bound_the_value_reaches(value, expected):
    assert ladder(value) == expected


def test_exactly_95_percent_reads_as_the_95_step_and_2_75_points():
    score = score_criterion("u", LADDER, Figure(0.95))
    assert points_text(score.points) == "2,75"
    assert reason_text(score, CATALOG, "vi") == "95,00% (mức từ 95%): 2,75 điểm"


def test_the_bundled_illustrative_table_follows_the_documented_ladder_and_says_it_is_illustrative():
    table = choose_table(load_tables(), "STP", 2024)
    assert table is not None and table.illustrative
    assert "Minh họa" in table.source
    appraised = next(c for c in table.criteria if c.indicator_code == "VB02")
    assert appraised.rule == "ladder" and appraised.max_points == 3
    assert [(s.lower_bound, s.points) for s in appraised.steps] == DOCUMENTED


def test_proportional_points_are_achieved_over_target_times_the_points():
    score = score_criterion("u", CASES, Figure(0.8), NATIONAL)
    assert score.points == 9.54  # 0,8 / 0,839 × 10 = 9,535…
    assert score.lost == 0.46
    assert reason_text(score, CATALOG, "vi") == (
        "80,00% / 83,90% (chỉ tiêu toàn quốc) × 10 = 9,54 điểm"
    )


def test_proportional_points_are_capped_and_over_achievement_earns_the_tables_bonus():
    above = score_criterion("u", CASES, Figure(0.869), NATIONAL)
    assert (above.points, above.bonus) == (11.5, 1.5)  # 10 capped + 3 points above × 0,5
    assert above.lost == 0.0
    far_above = score_criterion("u", CASES, Figure(0.95), NATIONAL)
    assert (far_above.points, far_above.bonus) == (12.0, 2.0)  # the bonus is capped at 2
    no_bonus = Criterion("T3", "A", "A", "x", "x", 10.0, "proportional", "TA04")
    assert score_criterion("u", no_bonus, Figure(0.95), NATIONAL).points == 10.0
    assert reason_text(above, CATALOG, "vi") == (
        "86,90% vượt 83,90% (chỉ tiêu toàn quốc): tối đa 10 điểm; thưởng vượt chỉ tiêu 1,5 điểm"
    )


def test_a_target_met_at_ge_earns_the_points_and_one_just_below_earns_none():
    assert score_criterion("u", MET, Figure(0.839), NATIONAL).points == 5.0
    assert score_criterion("u", MET, Figure(0.8389), NATIONAL).points == 0.0
    strict = Target(0.839, "gt", "national")
    assert score_criterion("u", MET, Figure(0.839), strict).points == 0.0


def test_a_missing_figure_scores_zero_and_says_so():
    score = score_criterion("u", LADDER, Figure(None))
    assert score.points == 0.0 and score.lost == 3.0
    assert reason_text(score, CATALOG, "vi") == (
        "Không có số liệu VB02 (Tỷ lệ thẩm định đúng hạn): 0 điểm"
    )
    assert reason_text(score, CATALOG, "en") == "No figure for VB02 (Appraised on time): 0 points"
    assert score_criterion("u", LADDER, None).reason == "missing"


def test_a_partial_figure_or_a_year_without_target_scores_zero_and_says_why():
    partial = score_criterion("u", LADDER, Figure(1.0, partial=True))
    assert partial.points == 0.0
    assert "chưa đủ các tỉnh tiền thân" in reason_text(partial, CATALOG, "vi")
    no_target = score_criterion("u", CASES, Figure(0.9), None)
    assert no_target.points == 0.0
    assert reason_text(no_target, CATALOG, "vi").startswith("Chưa có chỉ tiêu TA04")


def test_a_units_own_target_replaces_the_national_one_and_the_reason_says_which():
    table = table_of(MET)
    figures = {("tay-ninh", "TA04"): Figure(0.845), ("dong-nai", "TA04"): Figure(0.845)}
    own = {("tay-ninh", "TA04"): Target(0.85, "ge", "unit")}
    results = score_table(table, ["tay-ninh", "dong-nai"], figures, own, {"TA04": NATIONAL}, {})
    tay_ninh, dong_nai = (r.score("T2") for r in results)
    assert (tay_ninh.points, dong_nai.points) == (0.0, 5.0)  # same rate, different targets
    assert reason_text(tay_ninh, CATALOG, "vi") == (
        "84,50% chưa đạt chỉ tiêu ≥ 85,00% (chỉ tiêu được giao riêng cho đơn vị): 0 điểm"
    )
    assert "(chỉ tiêu toàn quốc)" in reason_text(dong_nai, CATALOG, "vi")


def test_equal_totals_share_a_rank_and_the_next_rank_is_skipped():
    assert competition_ranks({"a": 30.0, "b": 28.5, "c": 28.5, "d": 20.0}) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
    }
    # totals equal once rounded to points are equal, whatever the floating-point sums
    assert competition_ranks({"a": 0.1 + 0.2, "b": 0.3}) == {"a": 1, "b": 1}


def test_manual_points_and_deductions_count_and_missing_ones_score_zero():
    table = table_of(BY_HAND, DEDUCTION)
    entries = {
        ("a", "B1"): ManualEntry(4.5, "Báo cáo chậm một kỳ"),
        ("a", "C1"): ManualEntry(1.0, "Gửi số liệu sai mẫu"),
    }
    a, b = score_table(table, ["a", "b"], {}, {}, {}, entries)
    assert (a.total, b.total) == (3.5, 0.0)
    assert a.score("C1").points == -1.0
    assert [s.criterion.code for s in a.lost_most()] == ["C1", "B1"]
    assert reason_text(a.score("C1"), CATALOG, "vi") == "Trừ 1 điểm: Gửi số liệu sai mẫu"
    assert reason_text(b.score("B1"), CATALOG, "vi") == "Thư ký khối chưa chấm: 0 điểm"


def test_manual_points_outside_the_range_or_short_without_a_note_are_refused():
    table = table_of(LADDER, BY_HAND, DEDUCTION)
    found = manual.problems(
        table,
        {
            ("a", "B1"): ManualEntry(6.0, "quá điểm"),
            ("b", "B1"): ManualEntry(4.0, ""),
            ("c", "B1"): ManualEntry(5.0, ""),  # full marks need no note
            ("d", "A1"): ManualEntry(3.0, "tính từ số liệu"),
            ("e", "C1"): ManualEntry(0.5, " "),
        },
    )
    assert [(p.unit_id, p.key) for p in found] == [
        ("a", "out_of_range"),
        ("b", "note_needed"),
        ("d", "not_entered"),
        ("e", "note_needed"),
    ]


def test_manual_points_are_kept_as_dated_versions_and_the_latest_is_used(tmp_path):
    table = table_of(BY_HAND)
    first = manual.save_version(
        tmp_path,
        2025,
        table,
        {("a", "B1"): ManualEntry(4.0, "Chậm báo cáo quý")},
        "Nguyễn Văn A",
        dt.datetime(2025, 12, 1, 8, tzinfo=dt.UTC),
    )
    second = manual.save_version(
        tmp_path,
        2025,
        table,
        {("a", "B1"): ManualEntry(5.0, "")},
        "Trần Thị B",
        dt.datetime(2025, 12, 2, 9, tzinfo=dt.UTC),
    )
    assert first != second and first.exists()  # the first version is still there, unchanged
    assert json.loads(first.read_text(encoding="utf-8"))["entries"][0]["points"] == 4.0
    assert first.relative_to(tmp_path).parts[:4] == ("scoring", "manual", "2025", "THA")
    kept = manual.versions(tmp_path, 2025, "THA")
    assert [v.entered_by for v in kept] == ["Nguyễn Văn A", "Trần Thị B"]
    in_use = manual.latest(tmp_path, 2025, "THA")
    assert in_use is not None and in_use.entries == {("a", "B1"): ManualEntry(5.0, "")}
    with pytest.raises(FileExistsError):  # a version is never overwritten
        manual.save_version(
            tmp_path,
            2025,
            table,
            {("a", "B1"): ManualEntry(5.0, "")},
            "Trần Thị B",
            dt.datetime(2025, 12, 2, 9, tzinfo=dt.UTC),
        )
    assert not [p for p in second.parent.iterdir() if p.name.startswith(".")]  # no leftovers


def test_manual_points_with_problems_or_without_a_name_are_not_written(tmp_path):
    table = table_of(BY_HAND)
    with pytest.raises(ValueError):
        manual.save_version(tmp_path, 2025, table, {("a", "B1"): ManualEntry(9.0, "x")}, "A")
    with pytest.raises(ValueError):
        manual.save_version(tmp_path, 2025, table, {("a", "B1"): ManualEntry(5.0, "")}, " ")
    assert manual.versions(tmp_path, 2025, "THA") == []
    assert not (tmp_path / "scoring").exists()


def test_a_real_years_table_is_chosen_over_the_illustrative_one_for_its_year():
    illustrative = table_of(LADDER, agency="STP")
    real = ScoringTable(
        "qd-536-2024", "STP", 2024, 2024, "QĐ 536/QĐ-BTP", "Decision 536", "QĐ 536/QĐ-BTP",
        False, "Cờ", "Flag", (LADDER,),
    )  # fmt: skip
    older = ScoringTable(**{**illustrative.__dict__, "first_year": 2018})
    assert choose_table([older, real], "STP", 2024) is real
    assert choose_table([older, real], "STP", 2025) is older
    assert choose_table([older, real], "THA", 2025) is None


def test_every_bundled_criterion_names_a_known_rate_and_every_ladder_has_steps_within_its_points():
    tables = load_tables()
    assert {t.agency for t in tables} == {"STP", "THA"}
    for table in tables:
        assert table.criteria, table.table_id
        codes = [c.code for c in table.criteria]
        assert len(codes) == len(set(codes)), table.table_id
        for c in table.criteria:
            if c.entered:
                assert not c.indicator_code, (table.table_id, c.code)
                continue
            indicator = CATALOG.indicator(c.indicator_code)
            assert indicator.is_rate and indicator.agency == table.agency, (table.table_id, c.code)
            if c.rule == "ladder":
                assert c.steps and all(0 <= s.points <= c.max_points for s in c.steps)
            else:
                assert not c.steps


def test_every_bundled_own_target_names_a_unit_of_its_year_and_a_rate_and_says_it_is_illustrative():
    import csv

    from justice_dashboard.config import BUNDLED_DATA_DIR

    path = BUNDLED_DATA_DIR / "reference" / "unit_targets.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        unit = CATALOG.unit(row["unit_id"])
        assert unit.valid_in(int(row["year"]))
        assert CATALOG.indicator(row["indicator_code"]).is_rate
        assert 0 < float(row["target"]) <= 1 and row["comparison"] in ("ge", "gt")
        assert row["illustrative"] == "true" and row["source"].startswith("Minh họa")


def test_a_temporary_file_left_under_scoring_is_found_and_removed_by_the_next_write(tmp_path):
    from justice_dashboard.snapshots import temporary_files

    folder = tmp_path / "scoring" / "manual" / "2025" / "THA"
    folder.mkdir(parents=True)
    left = folder / ".tmp-killed.json"
    left.write_text("{", encoding="utf-8")
    old = dt.datetime(2020, 1, 1).timestamp()
    os.utime(left, (old, old))
    assert temporary_files(tmp_path) == [left]
    manual.save_version(tmp_path, 2025, table_of(BY_HAND), {}, "Nguyễn Văn A")
    assert not left.exists()
    assert (
        manual.latest(tmp_path, 2025, "THA") is not None
    )  # the damaged-looking leftover never was


def test_as_of_a_date_the_manual_points_in_use_are_those_entered_by_then(tmp_path):
    table = table_of(BY_HAND)
    for day, points in ((1, 3.0), (5, 5.0)):
        manual.save_version(
            tmp_path,
            2025,
            table,
            {("a", "B1"): ManualEntry(points, "ghi chú")},
            "Nguyễn Văn A",
            dt.datetime(2025, 12, day, 8, tzinfo=dt.UTC),
        )
    then = manual.latest(tmp_path, 2025, "THA", dt.datetime(2025, 12, 3, 23, 59))
    assert then is not None and then.entries[("a", "B1")].points == 3.0
    assert manual.latest(tmp_path, 2025, "THA", dt.datetime(2025, 11, 30)) is None
    now = manual.latest(tmp_path, 2025, "THA")
    assert now is not None and now.entries[("a", "B1")].points == 5.0


def test_the_leader_is_suggested_for_the_tables_award_and_a_tie_is_left_to_the_bloc():
    table = table_of(BY_HAND)
    labels = {"a": "Đồng Nai", "b": "Tây Ninh", "c": "Lâm Đồng"}

    def suggestion(a: float, b: float) -> str | None:
        entries = {("a", "B1"): ManualEntry(a, "x"), ("b", "B1"): ManualEntry(b, "x")}
        results = score_table(table, ["a", "b", "c"], {}, {}, {}, entries)
        return nomination_text(table, results, labels, "Thi hành án dân sự (THA)", "vi")

    assert suggestion(5.0, 4.5) == (
        "Gợi ý nhóm Thi hành án dân sự (THA): Đồng Nai dẫn đầu với 5 điểm — đề nghị khối suy tôn "
        "Cờ thi đua ngành Tư pháp."
    )
    assert suggestion(4.5, 4.5) == (
        "Nhóm Thi hành án dân sự (THA): Đồng Nai, Tây Ninh đồng hạng nhất với 4,5 điểm — khối bình "
        "xét, bỏ phiếu chọn đơn vị đề nghị suy tôn Cờ thi đua ngành Tư pháp."
    )
    assert suggestion(0.0, 0.0) is None  # nothing scored: nobody is suggested
