"""Named queries on tiny inline data, with the expected rows written out."""

from __future__ import annotations

import datetime as dt
import math
import shutil

import pandas as pd
import pytest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.store import Store, UnknownQuery, query_names, vietnamese_order

UTC = dt.UTC


def test_bloc_rate_is_ratio_of_sums_not_mean_of_rates(write_values, open_store):
    # Bình Phước completes 90 of 100 enforceable cases (90 %), Đồng Nai 100 of 1.000 (10 %).
    write_values("70", 2022, {"TA01": 120, "TA02": 100, "TA03": 90})
    write_values("75", 2022, {"TA01": 1500, "TA02": 1000, "TA03": 100})
    store = open_store()
    headline = store.query("bloc_headline", units="reported", bloc="DNB", year=2022).set_index(
        "indicator_code"
    )
    assert headline.loc["TA04", "value"] == pytest.approx(
        190 / 1100
    )  # 17,27 %, not (90+10)/2 = 50 %
    assert headline.loc["TA01", "value"] == 1620
    assert headline.loc["TA04", "units_with_figure"] == 2
    provinces = store.query(
        "province_values", units="reported", bloc="DNB", indicator="TA04", year=2022
    )
    by_code = dict(zip(provinces["province_code"], provinces["value"], strict=True))
    assert by_code["70"] == pytest.approx(0.9)
    assert by_code["75"] == pytest.approx(0.1)


def test_a_province_without_a_figure_keeps_its_row_with_no_value(write_values, open_store):
    write_values("70", 2022, {"VB01": 60})
    rows = open_store().query(
        "province_values", units="reported", bloc="DNB", indicator="VB01", year=2022
    )
    assert rows["province_code"].tolist() == ["70", "72", "74", "75", "77", "58", "60"]
    assert rows["value"].iloc[0] == 60
    assert all(math.isnan(v) for v in rows["value"].iloc[1:])


def test_a_rate_whose_denominator_is_zero_has_no_value_rather_than_infinity(
    write_values, open_store
):
    write_values("70", 2022, {"TA02": 0, "TA03": 0})
    rows = open_store().query(
        "province_values", units="reported", bloc="DNB", indicator="TA04", year=2022
    )
    assert math.isnan(rows.set_index("province_code").loc["70", "value"])


def test_the_latest_snapshot_wins_and_older_ones_remain_readable(write_values, open_store):
    write_values("74", 2022, {"VB01": 50}, submitted_at=dt.datetime(2022, 12, 5, tzinfo=UTC))
    write_values("74", 2022, {"VB01": 57}, submitted_at=dt.datetime(2023, 1, 15, tzinfo=UTC))
    store = open_store()
    rows = store.query("province_values", units="reported", bloc="DNB", indicator="VB01", year=2022)
    current = rows.set_index("province_code").loc["74"]
    assert current["value"] == 57
    assert current["data_date"] == dt.datetime(2023, 1, 15)
    history = store.query("snapshot_history", province="74", year=2022)
    assert history["submitted_at"].tolist() == [dt.datetime(2023, 1, 15), dt.datetime(2022, 12, 5)]
    assert history["is_current"].tolist() == [True, False]
    older = store.query("snapshot_values_of", snapshot_id=history["snapshot_id"].iloc[1])
    assert older.set_index("indicator_code").loc["VB01", "value"] == 50


def test_values_as_of_a_date_show_the_figures_as_they_stood(write_values, open_store):
    write_values("74", 2022, {"VB01": 50}, submitted_at=dt.datetime(2022, 12, 5, tzinfo=UTC))
    write_values("74", 2022, {"VB01": 57}, submitted_at=dt.datetime(2023, 1, 15, tzinfo=UTC))
    store = open_store()
    before = store.query(
        "province_values_as_of",
        units="reported",
        bloc="DNB",
        indicator="VB01",
        year=2022,
        as_of=dt.datetime(2023, 1, 1),
    )
    assert before.set_index("province_code").loc["74", "value"] == 50
    too_early = store.query(
        "province_values_as_of",
        units="reported",
        bloc="DNB",
        indicator="VB01",
        year=2022,
        as_of=dt.datetime(2022, 1, 1),
    )
    assert math.isnan(too_early.set_index("province_code").loc["74", "value"])


def test_the_bloc_counts_only_its_members_of_that_year(write_values, open_store, tmp_path):
    reference = tmp_path / "reference"
    reference.mkdir()
    from justice_dashboard.config import BUNDLED_DATA_DIR

    for path in (BUNDLED_DATA_DIR / "reference").glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        if path.name == "bloc_members.csv":  # Ninh Thuận leaves the bloc after 2021
            text = text.replace("DNB,ninh-thuan,2018,2024,", "DNB,ninh-thuan,2018,2021,")
        (reference / path.name).write_text(text, encoding="utf-8")
    write_values("58", 2021, {"VB01": 10})
    write_values("58", 2022, {"VB01": 11})
    write_values("60", 2022, {"VB01": 20})
    store = open_store()
    assert (
        store.query("bloc_headline", units="reported", bloc="DNB", year=2022)
        .set_index("indicator_code")
        .loc["VB01", "value"]
        == 20
    )
    assert (
        store.query("bloc_headline", units="reported", bloc="DNB", year=2021)
        .set_index("indicator_code")
        .loc["VB01", "value"]
        == 10
    )
    rows = store.query("province_values", units="reported", bloc="DNB", indicator="VB01", year=2022)
    assert "58" not in rows["province_code"].tolist()


def test_an_empty_data_folder_opens_with_no_years(open_store):
    store = open_store()
    assert store.query("available_years").empty


def test_parameters_are_bound_so_a_quote_in_a_value_is_just_a_value(sample_store: Store):
    rows = sample_store.query(
        "province_values", units="reported", bloc="DNB' or '1'='1", indicator="VB01", year=2022
    )
    assert rows.empty


def test_unknown_query_names_are_refused(sample_store: Store):
    with pytest.raises(UnknownQuery):
        sample_store.query("../pyproject")
    with pytest.raises(TypeError, match="year"):
        sample_store.query("province_values", units="reported", bloc="DNB", indicator="VB01")


def test_a_date_given_to_a_query_of_the_current_figures_is_refused_not_ignored(sample_store):
    """province_values has no as_of (the dated figures are province_values_as_of): asking it for
    the figures of a date must fail loudly instead of answering with today's figures."""
    with pytest.raises(TypeError, match="as_of"):
        sample_store.query(
            "province_values",
            units="reported",
            bloc="DNB",
            indicator="VB01",
            year=2022,
            as_of=dt.datetime(2022, 1, 1),
        )


def test_every_query_file_states_its_purpose_and_grain():
    for name in query_names():
        from justice_dashboard.store import query_text

        header = query_text(name).splitlines()[0]
        assert header.startswith(f"-- {name}:"), name
        assert "Grain:" in query_text(name), name


def test_names_sort_with_vietnamese_collation():
    names = ["Đồng Nai", "Bình Dương", "Dương Minh Châu", "Zeta", "Bà Rịa - Vũng Tàu", "Tây Ninh"]
    assert vietnamese_order(names) == [
        "Bà Rịa - Vũng Tàu",
        "Bình Dương",
        "Dương Minh Châu",
        "Đồng Nai",
        "Tây Ninh",
        "Zeta",
    ]


def test_a_new_snapshot_changes_the_data_version(write_values, tmp_path):
    from justice_dashboard.snapshots import data_version

    write_values("70", 2022, {"VB01": 60})
    before = data_version(tmp_path)
    write_values("70", 2022, {"VB01": 61}, submitted_at=dt.datetime(2023, 2, 1, tzinfo=UTC))
    assert data_version(tmp_path) != before


def test_a_page_changing_its_query_result_does_not_change_the_next_callers():
    """Query results are cached as frames and shared: each caller must get its own to change."""
    from justice_dashboard import ui

    first = ui.query("province_values", units="reported", bloc="DNB", indicator="VB01", year=2022)
    total = first["value"].sum()
    first["value"] = first["value"] * 0
    first.loc[first.index[0], "province_code"] = "??"
    first.drop(columns=["value"], inplace=True)
    again = ui.query("province_values", units="reported", bloc="DNB", indicator="VB01", year=2022)
    assert again["value"].sum() == total == 434  # the bloc's 2022 total of the bundled data
    assert "??" not in set(again["province_code"])


AFTER_EVERY_SNAPSHOT = dt.datetime(2100, 1, 1)


def same_figures(ours: list, theirs: list) -> bool:
    return len(ours) == len(theirs) and all(
        (a != a and b != b) or a == pytest.approx(b) for a, b in zip(ours, theirs, strict=True)
    )


def assert_cards_as_computed_from_every_snapshot(
    store: Store, year: int, units: str = "reported"
) -> pd.DataFrame:
    """bloc_headline (a table the model fills once) against bloc_headline_as_of (computed from
    all snapshots as of a date after the last one): the same cards, figure for figure."""
    cards = store.query("bloc_headline", units=units, bloc="DNB", year=year)
    again = store.query(
        "bloc_headline_as_of", units=units, bloc="DNB", year=year, as_of=AFTER_EVERY_SNAPSHOT
    )
    assert cards["indicator_code"].tolist() == again["indicator_code"].tolist()
    for column in ("value", "previous_value", "published_value"):
        assert same_figures(cards[column].tolist(), again[column].tolist()), (year, column)
    for column in ("units_with_figure", "units_partial", "members", "data_date", "illustrative"):
        assert cards[column].tolist() == again[column].tolist(), (year, column)
    return cards


def assert_bars_as_computed_from_every_snapshot(
    store: Store, year: int, code: str, units: str = "reported"
) -> pd.DataFrame:
    """province_values (a table the model fills once) against province_values_as_of."""
    bars = store.query("province_values", units=units, bloc="DNB", indicator=code, year=year)
    again = store.query(
        "province_values_as_of",
        units=units,
        bloc="DNB",
        indicator=code,
        year=year,
        as_of=AFTER_EVERY_SNAPSHOT,
    )
    assert bars.drop(columns="value").equals(again.drop(columns="value")), (year, code)
    assert same_figures(bars["value"].tolist(), again["value"].tolist()), (year, code)
    return bars


def test_the_precomputed_headline_cards_equal_the_cards_computed_from_every_snapshot(sample_store):
    years = sample_store.query("available_years")["year"].tolist()
    assert len(years) >= 5
    for units in ("reported", "current"):
        for year in years:
            cards = assert_cards_as_computed_from_every_snapshot(sample_store, year, units)
            assert len(cards) == 8


def test_the_precomputed_bars_equal_the_bars_computed_from_every_snapshot(sample_store):
    """Every headline indicator in every year, and every indicator in the latest year."""
    years = sample_store.query("available_years")["year"].tolist()
    headline = sample_store.query("bloc_headline", units="reported", bloc="DNB", year=max(years))
    every = [
        *((year, code) for year in years for code in headline["indicator_code"]),
        *((max(years), indicator.code) for indicator in load_catalog().indicators),
    ]
    catalog = load_catalog()
    for units in ("reported", "current"):
        for year, code in every:
            bars = assert_bars_as_computed_from_every_snapshot(sample_store, year, code, units)
            members = (
                catalog.bloc_units("DNB", year)
                if units == "reported"
                else catalog.current_bloc_units("DNB")
            )
            assert bars["unit_id"].tolist() == [u.unit_id for u in members], (units, year)


def test_the_precomputed_figures_follow_membership_by_year_and_missing_figures(
    tmp_path, write_values, open_store
):
    """A data folder whose bloc changes (Bình Phước leaves after 2021, Bình Dương joins in 2022),
    with a member missing a year and a rate missing a part: cards and bars still equal the ones
    computed from every snapshot, and count only that year's members."""
    shutil.copytree(BUNDLED_DATA_DIR / "reference", tmp_path / "reference")
    members = tmp_path / "reference" / "bloc_members.csv"
    lines = members.read_text(encoding="utf-8").splitlines()
    changed = {"binh-phuoc": ("2018", "2021"), "binh-duong": ("2022", "2024")}
    rows = [lines[0]]
    for line in lines[1:]:
        bloc, unit, first, last, note = line.split(",", 4)
        first, last = changed.get(unit, (first, last))
        rows.append(",".join([bloc, unit, first, last, note]))
    members.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for year in (2021, 2022):
        write_values("70", year, {"VB01": 10, "TA01": 100, "TA02": 80, "TA03": 40})
        write_values("74", year, {"VB01": 20, "TA01": 200, "TA02": 100, "TA03": 90})
        write_values("75", year, {"VB01": 30, "TA01": 300, "TA02": 200})  # no TA03: no TA04
    write_values("72", 2022, {"VB01": 40, "TA01": 400, "TA02": 50, "TA03": 25})  # none in 2021
    store = open_store()
    for year in (2021, 2022):
        cards = assert_cards_as_computed_from_every_snapshot(store, year).set_index(
            "indicator_code"
        )
        assert cards.loc["TA04", "units_with_figure"] == (1 if year == 2021 else 2)
        for indicator in load_catalog().indicators:
            assert_bars_as_computed_from_every_snapshot(store, year, indicator.code)
    cards = assert_cards_as_computed_from_every_snapshot(store, 2022).set_index("indicator_code")
    assert cards.loc["VB01", "value"] == 20 + 30 + 40  # Bình Dương, Đồng Nai, Tây Ninh; not 70
    # 2021's bloc was other members (Bình Phước, not Bình Dương): no change against it is shown
    assert math.isnan(cards.loc["VB01", "previous_value"])
    assert not cards.loc["VB01", "same_members_as_before"]
    assert cards.loc["TA04", "value"] == pytest.approx((90 + 25) / (100 + 50))
    bars = store.query("province_values", units="reported", bloc="DNB", indicator="VB01", year=2022)
    assert "70" not in bars["province_code"].tolist() and "74" in bars["province_code"].tolist()
    assert bars.set_index("province_code")["value"].isna().sum() == len(bars) - 3
