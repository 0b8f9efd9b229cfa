"""Ranks, scores, the composite score and targets, on tiny inline data with the results written out."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.ranking import (
    average,
    composite,
    load_weights,
    profile,
    ranks,
    scores,
    target_met,
    target_status,
    with_ranks_and_scores,
)


def test_equal_values_share_a_rank_and_the_next_rank_is_skipped():
    values = pd.Series([90.0, 80.0, 90.0, 70.0])
    assert ranks(values, "up").tolist() == [1, 3, 1, 4]


def test_a_missing_value_has_no_rank_rather_than_the_last_one():
    values = pd.Series([5.0, math.nan, 7.0])
    result = ranks(values, "up")
    assert result.iloc[0] == 2 and result.iloc[2] == 1
    assert math.isnan(result.iloc[1])


def test_lower_is_better_ranks_the_smallest_first_and_scores_it_highest():
    values = pd.Series([10.0, 30.0, 20.0])
    assert ranks(values, "down").tolist() == [1, 3, 2]
    assert scores(values, "down").tolist() == [1.0, 0.0, 0.5]
    assert scores(values, "up").tolist() == [0.0, 1.0, 0.5]


def test_when_every_province_has_the_same_value_all_score_the_best():
    assert scores(pd.Series([4.0, 4.0, math.nan]), "up").iloc[:2].tolist() == [1.0, 1.0]


def _inputs(rows: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"province_code": p, "year": 2024, "indicator_code": c, "value": v, "direction": d}
            for p, c, v, d in rows
        ]
    )


TINY = _inputs(
    [
        # A is best on X, B is best on Y; C is in the middle on both.
        ("A", "X", 1.0, "up"),
        ("B", "X", 0.0, "up"),
        ("C", "X", 0.6, "up"),
        ("A", "Y", 0.0, "up"),
        ("B", "Y", 1.0, "up"),
        ("C", "Y", 0.6, "up"),
        ("A", "Z", 5.0, "none"),  # context only: never part of the composite
        ("B", "Z", 1.0, "none"),
        ("C", "Z", 3.0, "none"),
    ]
)


def _order(weights: dict[str, float]) -> list[str]:
    result = composite(with_ranks_and_scores(TINY), weights)
    return result.sort_values(["rank", "province_code"])["province_code"].tolist()


def test_the_composite_weights_change_the_order_as_expected():
    assert _order({"X": 3, "Y": 1}) == ["A", "C", "B"]  # 75 · 60 · 25
    assert _order({"X": 1, "Y": 3}) == ["B", "C", "A"]
    assert _order({"X": 1, "Y": 1}) == ["C", "A", "B"]  # 60 · 50 · 50: A and B share rank 2
    tied = composite(with_ranks_and_scores(TINY), {"X": 1, "Y": 1}).set_index("province_code")
    assert tied.loc["A", "rank"] == tied.loc["B", "rank"] == 2
    assert tied.loc["C", "composite"] == pytest.approx(60.0)


def test_a_context_indicator_does_not_count_even_with_a_weight():
    assert _order({"X": 1, "Y": 1, "Z": 100}) == ["C", "A", "B"]


def test_a_missing_figure_drops_out_of_the_composite_rather_than_counting_as_zero():
    inputs = TINY.copy()
    inputs.loc[(inputs["province_code"] == "B") & (inputs["indicator_code"] == "X"), "value"] = None
    result = composite(with_ranks_and_scores(inputs), {"X": 1, "Y": 1}).set_index("province_code")
    assert result.loc["B", "composite"] == pytest.approx(100.0)  # only Y, where B is best
    assert result.loc["B", "indicators_scored"] == 1


def test_the_average_of_a_rate_is_the_ratio_of_the_sums_and_of_a_count_the_mean():
    rows = pd.DataFrame(
        {"value": [0.9, 0.1], "numerator": [90.0, 100.0], "denominator": [100.0, 1000.0]}
    )
    assert average(rows, "rate") == pytest.approx(190 / 1100)
    assert average(rows, "count") == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("value", "comparison", "met"),
    [
        (0.815, "gt", False),  # equal is not enough where the target is "> 81,50%"
        (0.8151, "gt", True),
        (0.815, "ge", True),  # equal meets a "≥" target
        (0.8149, "ge", False),
        (163 / 200, "gt", False),  # 81,5% computed from parts is still equal, not above
        (163 / 200, "ge", True),
    ],
)
def test_a_target_is_met_at_the_boundary_only_where_it_is_at_least(value, comparison, met):
    assert target_met(value, 0.815, comparison) is met


def test_a_missing_rate_neither_meets_nor_misses_its_target():
    assert target_met(math.nan, 0.815, "gt") is None


def test_target_status_uses_each_years_own_target_and_comparison():
    values = pd.DataFrame(
        {
            "province_code": ["A", "A"],
            "year": [2024, 2025],
            "indicator_code": ["TA04", "TA04"],
            "value": [0.8325, 0.839],
        }
    )
    targets = pd.DataFrame(
        {
            "year": [2024, 2025],
            "indicator_code": ["TA04", "TA04"],
            "target": [0.8325, 0.839],
            "comparison": ["gt", "ge"],
        }
    )
    assert target_status(values, targets)["met"].tolist() == [False, True]


def test_the_default_weights_are_declared_once_in_data_for_known_indicators():
    weights = load_weights()
    catalog = load_catalog()
    assert weights["TA04"] > 0 and weights["TA07"] > 0
    for code in weights:
        assert catalog.has_indicator(code), code
        assert catalog.indicator(code).direction != "none", code


def test_ranking_every_indicator_at_once_agrees_with_ranking_each_one(sample_store):
    inputs = sample_store.query(
        "ranking_inputs", bloc="DNB", units="reported", first_year=2023, last_year=2024, as_of=None
    )
    scored = with_ranks_and_scores(inputs)
    for (_code, _year), rows in scored.groupby(["indicator_code", "year"]):
        direction = rows["direction"].iloc[0]
        assert rows["rank"].tolist() == ranks(rows["value"], direction).tolist()
        assert rows["score"].tolist() == pytest.approx(scores(rows["value"], direction).tolist())


def test_the_profile_shows_the_bloc_as_ratio_of_sums_on_the_provinces_scale_and_last_year():
    rows = [
        # (province, year, indicator, value, numerator, denominator, kind, direction, order)
        ("A", 2024, "R", 0.9, 90.0, 100.0, "rate", "up", 2),
        ("B", 2024, "R", 0.1, 100.0, 1000.0, "rate", "up", 2),
        ("C", 2024, "R", None, None, None, "rate", "up", 2),
        ("A", 2024, "K", 10.0, None, None, "count", "down", 1),
        ("B", 2024, "K", 30.0, None, None, "count", "down", 1),
        ("C", 2024, "K", 20.0, None, None, "count", "down", 1),
        ("A", 2023, "K", 12.0, None, None, "count", "down", 1),
        ("B", 2024, "S", 5.0, None, None, "count", "up", 3),  # A has no row: not in A's profile
    ]
    columns = ["province_code", "year", "indicator_code", "value", "numerator", "denominator"]
    frame = pd.DataFrame(rows, columns=[*columns, "kind", "direction", "indicator_order"])
    mine = profile(with_ranks_and_scores(frame.assign(agency="STP")), "A", 2024)
    assert mine["indicator_code"].tolist() == ["K", "R"]  # catalog order, only A's indicators
    k, r = mine.iloc[0], mine.iloc[1]
    assert (k["value"], k["previous"], k["rank"], k["members_ranked"]) == (10.0, 12.0, 1, 3)
    assert k["bloc_value"] == pytest.approx(20.0)  # a count: the mean
    assert k["bloc_score"] == pytest.approx(0.5)  # lower is better: 20 is half-way from 30 to 10
    assert r["bloc_value"] == pytest.approx(190 / 1100)  # a rate: Σ numerators / Σ denominators
    assert r["bloc_score"] == pytest.approx((190 / 1100 - 0.1) / 0.8)
    assert (r["rank"], r["members_ranked"], r["score"]) == (1, 2, 1.0)
    assert math.isnan(r["previous"])
    assert profile(with_ranks_and_scores(frame.assign(agency="STP")), "A", 2020).empty
