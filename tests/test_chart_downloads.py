"""What a reader gets beside each chart: a short Vietnamese toolbar, readable file names, the
chart's own data as CSV and XLSX, and the charts viewed kept for the slides (AppTest from app.py)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.i18n import t

NARROW = {"provinces": "75,58", "indicator": "VB01", "from": "2019", "to": "2022", "year": "2022"}
# Plotly's buttons a leader does not use: zoom, pan, zoom in and out, autoscale, the hover toggles.
NOT_FOR_LEADERS = {
    "zoom2d",
    "pan2d",
    "zoomIn2d",
    "zoomOut2d",
    "autoScale2d",
    "hoverClosestCartesian",
    "hoverCompareCartesian",
    "toggleSpikelines",
}


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    return AppTest.from_file("../app.py", default_timeout=60)


def open_page(app: AppTest, page: str, params: dict[str, str] | None = None) -> AppTest:
    for key, value in (params or {}).items():
        app.query_params[key] = value
    app.run()
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, app.exception
    return app


def configs(app: AppTest) -> list[dict]:
    return [json.loads(chart.proto.config) for chart in app.get("plotly_chart")]


def test_the_chart_toolbar_keeps_the_camera_and_reset_with_vietnamese_tooltips(app: AppTest):
    open_page(app, "compare", NARROW)
    for config in configs(app):
        removed = set(config["modeBarButtonsToRemove"])
        assert removed >= NOT_FOR_LEADERS
        assert "toImage" not in removed and "resetScale2d" not in removed
        assert config["displaylogo"] is False
        assert config["locale"] == "vi"
        words = config["locales"]["vi"]["dictionary"]
        assert words["Download plot as a png"] == t("chart.modebar.download_png", "vi")
        assert words["Reset axes"] == t("chart.modebar.reset_axes", "vi")
        assert words["Download plot as a png"] != "Download plot as a png"  # said in Vietnamese


def test_in_english_the_toolbar_speaks_english(app: AppTest):
    open_page(app, "compare", {**NARROW, "lang": "en"})
    config = configs(app)[0]
    assert config["locale"] == "en"
    assert config["locales"]["en"]["dictionary"]["Reset axes"] == t(
        "chart.modebar.reset_axes", "en"
    )


def test_a_chart_over_years_is_named_with_the_years_joined_by_a_hyphen(app: AppTest):
    open_page(app, "compare", NARROW)
    names = [c["toImageButtonOptions"]["filename"] for c in configs(app)]
    assert names[1] == "VB01_2019-2022"  # the lines over the range, not VB01_20192022
    open_page(app, "ranking", NARROW)
    names = [c["toImageButtonOptions"]["filename"] for c in configs(app)]
    assert "xep-hang_STP_2019-2022" in names


def _slide_texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_the_charts_viewed_keep_the_last_state_of_each_chart_titled_with_its_caption(
    app: AppTest,
):
    import io

    from pptx import Presentation

    from justice_dashboard.export.render import renderer
    from justice_dashboard.ui import KEY_SLIDE_FILES, KEY_SLIDE_SOURCE, KEY_VIEWED_CHARTS

    open_page(app, "compare", NARROW)
    for year in (2021, 2020):  # the user looks at other years: each chart's state changes
        app.sidebar.selectbox(key="view_year").set_value(year).run()
    assert not app.exception
    shown_caption = app.markdown[0].value.strip("*")  # the sentence above the bars, for 2020
    viewed = app.session_state[KEY_VIEWED_CHARTS]
    # The overview's chart (the app opens on it), then the two shown here: once each, not per year.
    assert list(viewed) == ["overview_bars", "compare_bars", "compare_lines"]
    bars = viewed["compare_bars"]
    assert "2020" in bars.title and bars.stem == "VB01_2020_2-tinh"
    assert bars.caption == shown_caption

    app.switch_page("pages/slides.py").run()
    app.radio(key=KEY_SLIDE_SOURCE).set_value("viewed").run()
    charts = next(m for m in app.multiselect if m.label == "Biểu đồ")
    assert charts.value == list(viewed)
    assert charts.options[1] == f"{bars.title} ({bars.frame.subtitle})"  # titled, not a slug
    assert "VB01_" not in " ".join(charts.options)
    try:
        next(b for b in app.button if b.label == "Tạo tệp").click().run(timeout=180)
    finally:
        renderer().stop()
    assert not app.exception
    _, files = app.session_state[KEY_SLIDE_FILES]
    slides = list(Presentation(io.BytesIO(files["pptx"])).slides)[1:]
    assert [s.shapes.title.text for s in slides] == [c.title for c in viewed.values()]
    assert shown_caption in _slide_texts(slides[1])
