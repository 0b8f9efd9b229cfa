"""The export beside every chart and the slide page, from app.py (Streamlit's AppTest)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.export.pack import conference_pack, targeted_indicators
from justice_dashboard.export.render import renderer
from justice_dashboard.ui import KEY_SLIDE_FILES, KEY_SLIDE_SOURCE, KEY_VIEWED_CHARTS


@pytest.fixture
def app(monkeypatch) -> Iterator[AppTest]:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    yield AppTest.from_file("../app.py", default_timeout=60)
    renderer().stop()  # the slide page may have started chromium for the ZIP


def popover_labels(node) -> list[str]:
    """Labels of the popovers under an AppTest node, in page order."""
    found = []
    proto = getattr(node, "proto", None)
    if type(proto).__name__ == "Block" and proto.WhichOneof("type") == "popover":
        found.append(proto.popover.label)
    for child in getattr(node, "children", {}).values():
        found += popover_labels(child)
    return found


def test_every_chart_offers_a_size_and_png_svg_downloads_and_a_white_camera_image(app: AppTest):
    app.query_params["year"] = "2022"
    app.run()
    assert not app.exception
    chart = app.get("plotly_chart")[0]
    config = json.loads(chart.proto.config)["toImageButtonOptions"]
    assert config == {
        "format": "png",
        "filename": "VB01_2022_7-tinh",
        "width": 960,
        "height": 540,
        "scale": 2,
    }
    assert chart.proto.theme == ""  # the figure's own template: white, not the app theme
    # One button under the chart opens the images, the one beside it the chart's data.
    assert popover_labels(app.main) == ["Tải ảnh", "Tải số liệu"]
    size = next(s for s in app.selectbox if s.label == "Cỡ ảnh")
    assert size.value == "slide_16_9"
    assert size.options == [
        "Slide 16:9 (1920×1080)",
        "Slide 4:3 (1600×1200)",
        "A4 ngang để in (3369×2382)",
        "Vuông (1080×1080)",
    ]
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels == ["Tải PNG", "Tải SVG", "Tải CSV", "Tải XLSX"]


def test_the_slide_page_builds_the_conference_pack_as_pptx_and_zip(app: AppTest, sample_store):
    app.query_params["year"] = "2022"
    app.run()
    app.switch_page("pages/slides.py").run()
    assert not app.exception
    assert app.title[0].value == "Xuất slide cho hội nghị năm 2022"
    charts = next(m for m in app.multiselect if m.label == "Biểu đồ")
    targeted = targeted_indicators(sample_store.query, 2022)
    assert len(charts.value) == len(conference_pack(load_catalog(), targeted=targeted))
    next(b for b in app.button if b.label == "Tạo tệp").click().run(timeout=180)
    assert not app.exception
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Tải PowerPoint (.pptx)" in labels and "Tải ảnh (.zip: PNG và SVG)" in labels
    _, files = app.session_state[KEY_SLIDE_FILES]
    prs = Presentation(io.BytesIO(files["pptx"]))
    tables = sum(any(s.has_table for s in slide.shapes) for slide in prs.slides)
    charted = sum(any(s.has_chart for s in slide.shapes) for slide in prs.slides)
    assert charted == len(charts.value)  # one slide per chart, then the weights rankings cite
    assert len(prs.slides) == 1 + charted + tables
    names = zipfile.ZipFile(io.BytesIO(files["zip"])).namelist()
    assert "TA04_2022_7-tinh.png" in names and "README.txt" in names


def test_the_charts_viewed_on_other_pages_can_make_a_deck(app: AppTest):
    app.query_params["year"] = "2022"
    app.run()
    viewed = app.session_state[KEY_VIEWED_CHARTS]
    assert list(viewed) == ["overview_bars"]  # the overview's one chart, by its key
    assert viewed["overview_bars"].stem == "VB01_2022_7-tinh"
    app.switch_page("pages/slides.py").run()
    app.radio(key=KEY_SLIDE_SOURCE).set_value("viewed").run()
    charts = next(m for m in app.multiselect if m.label == "Biểu đồ")
    assert charts.value == ["overview_bars"]
    assert charts.options == [
        "Số dự thảo VBQPPL được thẩm định (lượt · 2022 · Khối miền Đông Nam Bộ)"
    ]
