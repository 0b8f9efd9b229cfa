"""The reference catalog is declared once, complete, and agrees with the data both ways."""

from __future__ import annotations

import re

import pytest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.i18n import LANGS, strings
from justice_dashboard.store import Store

CATALOG = load_catalog()


def test_every_indicator_has_both_names_a_unit_and_a_known_kind():
    for indicator in CATALOG.indicators:
        assert indicator.name_vi and indicator.name_en, indicator.code
        assert indicator.unit_vi and indicator.unit_en, indicator.code
        assert indicator.kind in {"count", "amount", "rate"}, indicator.code
        assert indicator.direction in {"up", "down", "none"}, indicator.code
        assert indicator.year_basis in {"calendar", "enforcement"}, indicator.code
        assert indicator.group_code in {g.code for g in CATALOG.groups}, indicator.code


def test_every_rate_names_parts_that_exist_and_are_not_rates():
    rates = [i for i in CATALOG.indicators if i.is_rate]
    assert {r.code for r in rates} >= {
        "VB02",
        "HG02",
        "LL02",
        "HC03",
        "HC05",
        "KN03",
        "TA04",
        "TA07",
    }
    for rate in rates:
        for part in (rate.numerator, rate.denominator):
            assert CATALOG.has_indicator(part), f"{rate.code}: {part}"
            assert not CATALOG.indicator(part).is_rate
        assert rate.unit_vi == "%"


def test_enforcement_indicators_count_the_enforcement_year_and_belong_to_tha():
    for indicator in CATALOG.indicators:
        assert (indicator.agency == "THA") == indicator.is_enforcement_year, indicator.code
        assert (indicator.agency == "THA") == indicator.code.startswith("TA"), indicator.code


def test_every_province_has_a_distinct_valid_colour_and_both_names():
    colours = [p.colour for p in CATALOG.provinces]
    assert len(set(colours)) == len(colours) == 7
    assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", c) for c in colours)
    assert {p.code for p in CATALOG.provinces} == {"70", "72", "74", "75", "77", "58", "60"}
    assert CATALOG.province("75").name_vi == "Đồng Nai"
    assert CATALOG.province("77").merged_into_vi == "TP. Hồ Chí Minh"


def test_bloc_membership_is_read_from_data_by_year():
    members = CATALOG.bloc_provinces(CATALOG.default_bloc.code, 2022)
    assert [p.name_vi for p in members] == [
        "Bình Phước",
        "Tây Ninh",
        "Bình Dương",
        "Đồng Nai",
        "Bà Rịa - Vũng Tàu",
        "Ninh Thuận",
        "Bình Thuận",
    ]
    assert CATALOG.bloc_provinces(CATALOG.default_bloc.code, 2010) == ()


def test_the_sample_data_holds_exactly_the_catalogs_indicators_and_no_others(sample_store: Store):
    coverage = sample_store.query("indicator_coverage").set_index("indicator_code")
    assert set(coverage.index) == {
        i.code for i in CATALOG.indicators
    }  # no code outside the catalog
    for indicator in CATALOG.indicators:
        row = coverage.loc[indicator.code]
        assert row["kind"] == indicator.kind
        # Rates are derived, never stored; every other indicator is stored for 7 provinces x 7 years.
        assert row["stored_rows"] == (0 if indicator.is_rate else 7 * 7 + 7), indicator.code
        assert row["current_rows"] == 49, indicator.code
        assert (row["first_year"], row["last_year"]) == (2018, 2024)


def test_targets_are_data_and_match_the_domain_brief(sample_store: Store):
    targets = sample_store.query("targets", first_year=2022, last_year=2025)
    rows = {(r.year, r.indicator_code): (r.target, r.comparison) for r in targets.itertuples()}
    assert rows[2022, "TA04"] == (0.815, "gt")
    assert rows[2024, "TA07"] == (0.4645, "gt")
    assert rows[2025, "TA04"] == (0.839, "ge")
    assert len(rows) == 8


@pytest.mark.parametrize("lang", LANGS)
def test_every_user_facing_string_has_every_language(lang: str):
    for key, texts in strings().items():
        assert texts.get(lang), f"{key} has no {lang}"
