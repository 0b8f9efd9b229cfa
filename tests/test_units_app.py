"""The units setting in the running app (Streamlit's AppTest over the bundled data): every page
renders under both ways of counting, the setting lives in the sidebar and the link, and it follows
the years shown until someone chooses."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.navigation import PAGES
from justice_dashboard.state import KEY_UNITS


@pytest.fixture(autouse=True)
def bundled_data(monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)


def _open(page: str, **params: str) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("units", ["reported", "current"])
@pytest.mark.parametrize("page", [p.file for p in PAGES])
def test_every_page_renders_under_both_ways_of_counting(page: str, units: str):
    at = _open(page, units=units, year="2022", **{"from": "2018", "to": "2022"})
    assert at.title
    if "units" in next(p for p in PAGES if p.file == page).filters:
        assert at.sidebar.radio(key=KEY_UNITS).value == units
    assert at.query_params["units"] == units


def test_a_link_with_an_unknown_units_value_falls_back_with_a_notice():
    at = _open("pages/overview.py", units="tomorrow", year="2022")
    assert "Cách tính đơn vị trong đường dẫn không hợp lệ" in " ".join(t.value for t in at.toast)
    assert at.query_params["units"] == "reported"


def test_the_units_follow_the_years_shown_until_someone_chooses():
    at = _open("pages/compare.py", year="2022", **{"from": "2018", "to": "2022"})
    assert at.sidebar.radio(key=KEY_UNITS).value == "reported"
    at.sidebar.radio(key=KEY_UNITS).set_value("current").run()
    assert at.query_params["units"] == "current"
    at.sidebar.selectbox(key="view_year").set_value(2021).run()
    assert at.sidebar.radio(key=KEY_UNITS).value == "current"  # chosen: it stays


def test_under_current_the_choices_are_todays_units_and_an_old_code_becomes_its_successor():
    at = _open("pages/compare.py", units="current", provinces="70,74", year="2022")
    assert at.sidebar.multiselect(key="view_provinces").value == ["75", "79"]
    options = at.sidebar.multiselect(key="view_provinces").options
    assert options == ["Đồng Nai", "TP. Hồ Chí Minh", "Tây Ninh", "Khánh Hòa", "Lâm Đồng"]


def test_the_compare_bars_under_current_count_todays_units():
    at = _open("pages/compare.py", units="current", indicator="VB01", year="2022")
    bars = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert sorted(bars["x"]) == sorted(
        ["Đồng Nai", "TP. Hồ Chí Minh", "Tây Ninh", "Khánh Hòa", "Lâm Đồng"]
    )
