"""The view state round-trips through the URL, and a bad link falls back to defaults with notices."""

from __future__ import annotations

import datetime as dt

from justice_dashboard.catalog import load_catalog
from justice_dashboard.i18n import t
from justice_dashboard.state import View, parse_view, view_params

YEARS = [2024, 2023, 2022, 2021, 2020, 2019, 2018]
ALL = ("70", "72", "74", "75", "77", "58", "60")


def test_an_empty_link_opens_every_province_on_the_latest_year_and_the_latest_figures():
    view = parse_view({}, YEARS, load_catalog())
    assert view.provinces == ALL
    assert view.year == 2024
    assert (view.first_year, view.last_year) == (2018, 2024)
    assert view.indicator == "TA04"
    assert view.normalisation == "absolute"
    assert view.as_of is None
    assert view.notices == ()


def test_a_narrowed_view_survives_the_round_trip_through_the_url():
    view = View(
        lang="en",
        year=2022,
        provinces=("75", "58"),
        indicator="VB01",
        first_year=2019,
        last_year=2022,
        normalisation="per100k",
        as_of=dt.date(2023, 1, 1),
        focus="58",
    )
    params = view_params(view)
    assert params["provinces"] == "75,58"
    assert params["asof"] == "2023-01-01"
    again = parse_view(params, YEARS, load_catalog())
    assert again == view
    assert again.notices == ()


def test_provinces_in_a_link_are_shown_in_the_fixed_order_whatever_order_the_link_has():
    view = parse_view({"provinces": "60,70"}, YEARS, load_catalog())
    assert view.provinces == ("70", "60")


def test_a_malformed_link_falls_back_to_defaults_and_names_each_bad_parameter():
    view = parse_view(
        {
            "lang": "fr",
            "year": "20x2",
            "provinces": "99,75",
            "indicator": "ZZ99",
            "from": "2023",
            "to": "2019",
            "norm": "log",
            "asof": "31/12/2023",
            "province": "01",
        },
        YEARS,
        load_catalog(),
    )
    assert view.lang == "vi"
    assert view.year == 2024
    assert view.provinces == ("75",)  # the known code is kept, the unknown one dropped
    assert view.indicator == "TA04"
    assert (view.first_year, view.last_year) == (2018, 2024)
    assert view.normalisation == "absolute"
    assert view.as_of is None
    assert view.focus == "75"
    assert set(view.notices) == {
        "lang",
        "year",
        "provinces",
        "indicator",
        "range",
        "norm",
        "asof",
        "province",
    }
    for notice in view.notices:  # each has a short Vietnamese notice, with its diacritics
        assert "đường dẫn" in t(f"url.fallback.{notice}", "vi")


def test_the_as_of_date_means_the_end_of_that_day():
    view = parse_view({"asof": "2024-12-05"}, YEARS, load_catalog())
    assert view.as_of_timestamp == dt.datetime(2024, 12, 5, 23, 59, 59, 999999)
