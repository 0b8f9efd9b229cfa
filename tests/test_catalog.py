"""The reference catalog is declared once, complete, and agrees with the data both ways."""

from __future__ import annotations

import datetime as dt
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


def test_the_members_of_any_one_year_have_distinct_valid_colours_and_both_names():
    for year in (2022, 2025):
        members = CATALOG.bloc_units(CATALOG.default_bloc.code, year)
        colours = [u.colour for u in members]
        assert len(set(colours)) == len(colours), year
        assert all(re.fullmatch(r"#[0-9A-Fa-f]{6}", c) for c in colours)
        assert all(u.name_vi and u.name_en and u.former_vi and u.former_en for u in members)


def test_a_unit_is_a_code_with_a_period_so_one_code_names_two_units():
    assert CATALOG.unit_for("75", 2024).unit_id == "dong-nai-cu"
    assert CATALOG.unit_for("75", 2025).unit_id == "dong-nai"
    assert CATALOG.unit_for("80", 2022).name_vi == "Long An"
    assert CATALOG.unit_for("80", 2025).name_vi == "Tây Ninh"  # the merged Tây Ninh carries 80
    assert CATALOG.unit_for("72", 2025) is None  # the old Tây Ninh's code ended with it
    assert CATALOG.unit_for("70", 2026) is None


def test_no_two_units_share_a_code_in_the_same_year():
    for year in range(2018, 2027):
        codes = [u.code for u in CATALOG.units if u.valid_in(year)]
        assert len(codes) == len(set(codes)), year


def test_the_2025_merger_follows_resolution_202_for_the_blocs_provinces():
    became = {u.unit_id: CATALOG.current_unit_of(u.unit_id).name_vi for u in CATALOG.units}
    assert became["binh-phuoc"] == became["dong-nai-cu"] == "Đồng Nai"
    assert became["binh-duong"] == became["ba-ria-vung-tau"] == "TP. Hồ Chí Minh"
    assert became["tp-ho-chi-minh-cu"] == "TP. Hồ Chí Minh"
    assert became["tay-ninh-cu"] == became["long-an"] == "Tây Ninh"
    assert became["ninh-thuan"] == became["khanh-hoa-cu"] == "Khánh Hòa"
    assert became["binh-thuan"] == became["lam-dong-cu"] == became["dak-nong"] == "Lâm Đồng"
    assert {s.effective for s in CATALOG.successions} == {dt.date(2025, 7, 1)}
    assert CATALOG.merger_year() == 2025


def test_the_new_units_codes_not_checked_against_the_2025_decision_say_so():
    for unit in CATALOG.units:
        if unit.first_year == 2025:
            assert not unit.code_confirmed, unit.unit_id
            assert "chưa đối chiếu" in unit.note, unit.unit_id


def test_bloc_membership_is_read_from_data_by_year():
    members = CATALOG.bloc_units(CATALOG.default_bloc.code, 2022)
    assert [u.name_vi for u in members] == [
        "Bình Phước",
        "Tây Ninh",
        "Bình Dương",
        "Đồng Nai",
        "Bà Rịa - Vũng Tàu",
        "Ninh Thuận",
        "Bình Thuận",
    ]
    assert CATALOG.bloc_units(CATALOG.default_bloc.code, 2010) == ()
    after = CATALOG.bloc_units(CATALOG.default_bloc.code, 2025)
    assert [u.name_vi for u in after] == [
        "Đồng Nai",
        "TP. Hồ Chí Minh",
        "Tây Ninh",
        "Khánh Hòa",
        "Lâm Đồng",
    ]
    assert not any(m.confirmed for m in CATALOG.members)  # membership is assumed, not known


def test_a_successors_figure_is_made_of_each_predecessor_of_that_year():
    assert [u.unit_id for u in CATALOG.contributors("lam-dong", 2022)] == [
        "binh-thuan",
        "lam-dong-cu",
        "dak-nong",
    ]
    assert [u.unit_id for u in CATALOG.contributors("lam-dong", 2025)] == ["lam-dong"]


def test_the_agencies_are_named_by_period():
    assert CATALOG.agency_name("THA", 2024, "vi") == "Cục Thi hành án dân sự"
    assert CATALOG.agency_name("THA", 2025, "vi") == "Thi hành án dân sự tỉnh/thành phố"
    assert CATALOG.agency_name("STP", 2025, "vi") == "Sở Tư pháp"


def test_the_sample_data_holds_exactly_the_catalogs_indicators_and_no_others(sample_store: Store):
    coverage = sample_store.query("indicator_coverage").set_index("indicator_code")
    assert set(coverage.index) == {
        i.code for i in CATALOG.indicators
    }  # no code outside the catalog
    for indicator in CATALOG.indicators:
        row = coverage.loc[indicator.code]
        assert row["kind"] == indicator.kind
        # Rates are derived, never stored; every other indicator is stored in every snapshot: the
        # seven old members and Long An 2018–2024 (and a preliminary cut of 2024 each), the five
        # merged provinces 2025–2026.
        assert row["stored_rows"] == (0 if indicator.is_rate else 8 * 7 + 8 + 5 * 2), indicator.code
        assert row["current_rows"] == 8 * 7 + 5 * 2, indicator.code
        assert (row["first_year"], row["last_year"]) == (2018, 2026)


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
