"""The comparison pages render for the default and a narrowed view, and show the named queries' data
(Streamlit's AppTest from app.py; the URL is set through `AppTest.query_params`)."""

from __future__ import annotations

import json
import math

import pytest
from streamlit.testing.v1 import AppTest

from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.store import Store

NARROW = {
    "provinces": "75,58",
    "indicator": "VB01",
    "from": "2019",
    "to": "2022",
    "year": "2022",
}
ALL = ["70", "72", "74", "75", "77", "58", "60"]


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    return AppTest.from_file("../app.py", default_timeout=60)


def open_page(app: AppTest, page: str, params: dict[str, str] | None = None) -> AppTest:
    for key, value in (params or {}).items():
        app.query_params[key] = value
    app.run()  # the first run reads the link and draws the sidebar, as a browser's first visit
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, app.exception
    return app


def figures(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


def same(shown: list, expected: list) -> bool:
    return len(shown) == len(expected) and all(
        (a is None and (b is None or math.isnan(b))) or (a is not None and a == pytest.approx(b))
        for a, b in zip(shown, expected, strict=True)
    )


def trend(store: Store, **params) -> object:
    defaults = {"bloc": "DNB", "normalisation": "absolute", "as_of": None}
    return store.query("province_trend", **{**defaults, **params})


def test_the_compare_page_shows_the_default_view_bars_equal_to_the_query(app, sample_store):
    open_page(app, "compare")
    assert app.title[0].value == "So sánh các tỉnh: Tỷ lệ thi hành xong về việc"
    bars, lines, _change = figures(app)
    rows = trend(sample_store, indicator="TA04", provinces=ALL, first_year=2023, last_year=2024)
    rows = rows[rows["year"] == 2024].sort_values("value", ascending=False)
    assert bars["data"][0]["x"] == rows["name_vi"].tolist()
    assert same(bars["data"][0]["y"], (rows["value"] * 100).tolist())
    assert "Năm thi hành án 2024: từ 01/10/2023 đến 30/9/2024" in json.dumps(
        bars["layout"]["annotations"], ensure_ascii=False
    )
    assert len(lines["data"]) == 7 + 1  # seven provinces and the target line
    assert app.markdown[0].value.startswith("**" + rows["name_vi"].iloc[0] + " dẫn đầu khối với ")


def test_the_bloc_average_on_the_bars_of_a_rate_is_the_ratio_of_the_sums(app, sample_store):
    open_page(app, "compare", {"year": "2022", "provinces": "70,75"})
    bars = figures(app)[0]
    rows = trend(
        sample_store, indicator="TA04", provinces=["70", "75"], first_year=2022, last_year=2022
    )
    ratio = rows["numerator"].sum() / rows["denominator"].sum()
    lines = [s for s in bars["layout"]["shapes"] if s["line"]["dash"] == "dash"]
    assert lines[0]["y0"] == pytest.approx(ratio * 100)
    assert ratio * 100 != pytest.approx(rows["value"].mean() * 100)
    target = [s for s in bars["layout"]["shapes"] if s["line"]["dash"] == "dot"]
    assert target[0]["y0"] == pytest.approx(81.5)  # the 2022 target "> 81,50%" from targets.csv


def test_the_compare_page_narrowed_to_two_provinces_one_indicator_and_four_years(app, sample_store):
    open_page(app, "compare", NARROW)
    bars, lines, _change = figures(app)
    assert sorted(bars["data"][0]["x"]) == ["Ninh Thuận", "Đồng Nai"]
    rows = trend(
        sample_store, indicator="VB01", provinces=["75", "58"], first_year=2019, last_year=2022
    )
    for trace in lines["data"]:
        mine = rows[rows["name_vi"] == trace["name"]]
        assert trace["x"] == [2019, 2020, 2021, 2022]
        assert same(trace["y"], mine["value"].tolist())
    table = app.dataframe[0].value
    assert table["Tỉnh"].tolist()[0] in ("Đồng Nai", "Ninh Thuận")
    assert "Tổng" not in app.markdown[0].value


def test_the_link_of_a_narrowed_view_reproduces_it_on_another_page_and_in_a_new_session(app):
    open_page(app, "compare", {**NARROW, "norm": "per100k"})
    link = dict(app.query_params)
    assert {k: link[k] for k in NARROW} == NARROW
    assert link["norm"] == "per100k"
    app.switch_page("pages/overview.py").run()
    assert dict(app.query_params) == link  # the view survives the page switch
    again = open_page(AppTest.from_file("../app.py", default_timeout=60), "compare", link)
    assert (
        figures(again)[0]["data"] == figures(app.switch_page("pages/compare.py").run())[0]["data"]
    )
    assert "Trên 100.000 dân" in " ".join(c.value for c in again.caption)


def test_a_malformed_link_falls_back_to_the_default_view_with_a_notice(app):
    for key, value in {"indicator": "ZZ99", "provinces": "99", "from": "x"}.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    notices = " ".join(toast.value for toast in app.toast)
    assert "Mã chỉ tiêu trong đường dẫn không có trong danh mục" in notices
    assert "Khoảng năm trong đường dẫn không hợp lệ" in notices
    app.switch_page("pages/compare.py").run()
    assert app.title[0].value == "So sánh các tỉnh: Tỷ lệ thi hành xong về việc"
    assert len(figures(app)[0]["data"][0]["x"]) == 7
    assert app.query_params["indicator"] == "TA04"


def test_a_missing_figure_is_a_hatched_bar_labelled_no_data_never_zero(
    app, monkeypatch, tmp_path, write_values
):
    write_values("70", 2022, {"VB01": 60})
    write_values("75", 2022, {"VB01": 80})
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    open_page(app, "compare", {"indicator": "VB01", "provinces": "70,75,58"})
    bars = figures(app)[0]
    assert bars["data"][0]["x"][:2] == ["Đồng Nai", "Bình Phước"]
    assert bars["data"][0]["y"][:2] == [80, 60]
    assert bars["data"][0]["y"][2] is None
    assert bars["data"][1]["x"] == ["Ninh Thuận"]
    assert bars["data"][1]["text"] == ["không có số liệu"]
    assert bars["data"][1]["marker"]["pattern"]["shape"] == "/"
    assert "không có số liệu: Ninh Thuận" in app.markdown[0].value
