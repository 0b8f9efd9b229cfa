"""One spec per chart (`justice_dashboard.specs`): the compare page and the slide pack draw the same
chart for the same view — the same title, subtitle (the same words for the provinces shown), data,
caption and file name — and the data file holds what the chart draws."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.export.pack import (
    PackContext,
    indicator_bars,
    indicator_change,
    indicator_lines,
)
from justice_dashboard.ui import KEY_VIEWED_CHARTS

CATALOG = load_catalog()
BLOC = CATALOG.default_bloc
FIVE = ("70", "72", "74", "75", "77")  # five of the seven provinces of 2022, in display order
VIEW = {"provinces": ",".join(FIVE), "indicator": "TA01", "year": "2022", "units": "reported"}


@pytest.fixture
def viewed(monkeypatch) -> dict:
    """The charts the compare page showed: the bars, and the lines of its first tab."""
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    app = AppTest.from_file("../app.py", default_timeout=60)
    for key, value in (VIEW | {"from": "2021", "to": "2022"}).items():
        app.query_params[key] = value
    app.run()
    app.switch_page("pages/compare.py").run()
    assert not app.exception, app.exception
    return dict(app.session_state[KEY_VIEWED_CHARTS])


def test_the_compare_page_and_the_slide_pack_draw_the_same_bars_for_the_same_view(
    viewed, sample_store
):
    context = PackContext(CATALOG, BLOC, 2022, FIVE, "vi", units="reported", first_year=2021)
    slide = indicator_bars("TA01").run(sample_store.query, context)
    page = viewed["compare_bars"]
    assert page.frame == slide.frame
    # Five provinces are named, on the page as on the slide (not "5 tỉnh" on one of them).
    assert page.frame.subtitle.endswith(" · B.Phước, T.Ninh, B.Dương, Đ.Nai, BR-VT")
    assert page.caption == slide.caption and page.stem == slide.stem == "TA01_2022_70-72-74-75-77"
    assert list(page.figure.data[0].y) == list(slide.figure.data[0].y)


def test_the_compare_page_and_the_slide_pack_draw_the_same_lines_for_the_same_view(
    viewed, sample_store
):
    context = PackContext(CATALOG, BLOC, 2022, FIVE, "vi", units="reported", first_year=2021)
    slide = indicator_lines("TA01").run(sample_store.query, context)
    page = viewed["compare_lines"]
    assert (page.frame, page.caption, page.stem) == (slide.frame, slide.caption, slide.stem)
    drawn = [list(trace.y) for trace in page.figure.data]
    assert drawn == [list(trace.y) for trace in slide.figure.data]
    change = indicator_change("TA01").run(sample_store.query, context)
    assert change.frame.subtitle == "việc · 2021–2022 · B.Phước, T.Ninh, B.Dương, Đ.Nai, BR-VT"


def test_on_a_phone_the_page_draws_a_fitted_copy_and_the_slides_keep_the_chart_itself(
    monkeypatch,
):
    import json

    from justice_dashboard import ui

    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setattr(ui, "on_phone", lambda: True)
    app = AppTest.from_file("../app.py", default_timeout=60)
    for key, value in {"year": "2022", "units": "reported"}.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    drawn = json.loads(app.get("plotly_chart")[0].proto.spec)
    # Seven names do not fit under bars on a phone: the page's bars lie across...
    assert drawn["data"][0]["orientation"] == "h"
    # ...while the chart kept for the slides and the server images is the one the builder drew.
    kept = app.session_state[KEY_VIEWED_CHARTS]["overview_bars"]
    assert kept.figure.data[0].orientation in (None, "v")
    assert list(drawn["data"][0]["y"]) == list(kept.figure.data[0].x)  # the same seven names
