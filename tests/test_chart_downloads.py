"""What a reader gets beside each chart: a short Vietnamese toolbar, readable file names, the
chart's own data as CSV and XLSX, and the charts viewed kept for the slides (AppTest from app.py)."""

from __future__ import annotations

import codecs
import csv
import io
import json

import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest, app_test

from justice_dashboard import fmt
from justice_dashboard.catalog import load_catalog
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
        assert words["Download plot as a PNG"] == t("chart.modebar.download_png", "vi")
        assert words["Reset axes"] == t("chart.modebar.reset_axes", "vi")
        assert words["Download plot as a PNG"] != "Download plot as a PNG"  # said in Vietnamese


def test_every_toolbar_text_translated_is_one_the_plotly_streamlit_ships_says():
    """A dictionary key plotly.js never looks up leaves its English tooltip in place."""
    from pathlib import Path

    import streamlit

    from justice_dashboard.ui import MODEBAR_TEXTS

    bundles = Path(streamlit.__file__).parent / "static" / "static" / "js"
    plotly_js = "".join(p.read_text(encoding="utf-8") for p in bundles.glob("PlotlyChart*.js"))
    assert plotly_js, "Streamlit's plotly.js bundle was not found"
    for text in MODEBAR_TEXTS:
        assert f"`{text}`" in plotly_js or f'"{text}"' in plotly_js, text


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
    # The lines over the range (not VB01_20192022), then the provinces shown: the slide's name too.
    assert names[1] == "VB01_2019-2022_75-58"
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
    assert "2020" in bars.title and bars.stem == "VB01_2020_75-58"
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


class _RecordingFiles(MediaFileManager):
    """The app test's media files, kept after the run so a deferred download can be fetched."""

    last: MediaFileManager | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _RecordingFiles.last = self


@pytest.fixture
def files(monkeypatch) -> type[_RecordingFiles]:
    monkeypatch.setattr(app_test, "MediaFileManager", _RecordingFiles)
    return _RecordingFiles


DATA_LABELS = ("Tải CSV", "Tải XLSX")


def data_files(app: AppTest, files: type[_RecordingFiles]) -> dict[str, bytes]:
    """What a click on each data download button gives the browser, by the file's name."""
    manager = files.last
    assert manager is not None
    got = {}
    for button in app.get("download_button"):
        if button.proto.label not in DATA_LABELS:
            continue
        url = manager.execute_deferred(button.proto.deferred_file_id)
        stored = manager.read_file(url.rsplit("/", 1)[-1])
        assert stored is not None
        got[stored.filename] = stored.content
    return got


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(codecs.BOM_UTF8)  # so Excel reads the diacritics
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_beside_each_chart_its_own_data_downloads_as_csv_and_xlsx_with_its_values(
    app: AppTest, files, sample_store
):
    open_page(app, "compare", NARROW)
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels.count("Tải CSV") == 2 and labels.count("Tải XLSX") == 2  # bars, lines
    shown = data_files(app, files)
    assert set(shown) == {
        "VB01_2022_75-58.csv",
        "VB01_2022_75-58.xlsx",
        "VB01_2019-2022_75-58.csv",
        "VB01_2019-2022_75-58.xlsx",
    }

    rows = sample_store.query(
        "province_trend",
        bloc="DNB",
        units="reported",
        indicator="VB01",
        provinces=["75", "58"],
        first_year=2019,
        last_year=2022,
        normalisation="absolute",
        as_of=None,
    )
    vb01 = load_catalog().indicator("VB01")
    lines = _csv_rows(shown["VB01_2019-2022_75-58.csv"])
    header = lines.index(["Tỉnh", "Năm", "Mã", "Chỉ tiêu", "Giá trị", "Giá trị (như trên biểu đồ)",
                          "Đơn vị tính", "Ghi chú"])  # fmt: skip
    assert lines[0][0] == t("compare.lines_title", "vi", indicator=vb01.name("vi"))
    table = lines[header + 1 : header + 1 + len(rows)]
    expected = {
        (r.name_vi, str(r.year)): (str(int(r.value)), f"{fmt.number(r.value, 0)} lượt")
        for r in rows.itertuples()
    }
    assert {(c[0], c[1]): (c[4], c[5]) for c in table} == expected
    after = "\n".join(c[0] for c in lines[header + 1 + len(rows) :] if c)
    assert "Nguồn:" in after and "Dữ liệu minh họa" in after

    book = openpyxl.load_workbook(io.BytesIO(shown["VB01_2022_75-58.xlsx"]))
    sheet = book.active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header_row = next(i for i, row in enumerate(cells) if row[:2] == ["Tỉnh", "Năm"])
    year_rows = rows[rows["year"] == 2022]
    body = cells[header_row + 1 : header_row + 1 + len(year_rows)]
    expected = dict(zip(year_rows["name_vi"], year_rows["value"], strict=True))
    assert {row[0]: row[4] for row in body} == expected
    value_cell = sheet.cell(row=header_row + 2, column=5)
    assert isinstance(value_cell.value, int | float) and value_cell.number_format == "#,##0"


def test_a_rates_chart_data_gives_the_percentage_with_the_indicators_decimals(
    app: AppTest, files, sample_store
):
    app.query_params["year"] = "2022"
    app.run()
    next(s for s in app.selectbox if s.label == "Chỉ tiêu cho biểu đồ").set_value("TA04").run()
    assert not app.exception
    shown = data_files(app, files)
    book = openpyxl.load_workbook(io.BytesIO(shown["TA04_2022_7-tinh.xlsx"]))
    sheet = book.active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    header_row = next(i for i, row in enumerate(cells) if row[:2] == ["Tỉnh", "Năm"])
    values = sample_store.query(
        "province_values", bloc="DNB", units="reported", indicator="TA04", year=2022
    )
    ta04 = load_catalog().indicator("TA04")
    body = cells[header_row + 1 : header_row + 1 + len(values)]
    assert {row[0]: row[5] for row in body} == {
        r.name_vi: fmt.indicator_value(ta04, r.value) for r in values.itertuples()
    }  # 83,25% as the chart writes it
    assert {row[0]: row[4] for row in body} == {
        r.name_vi: round(r.value * 100, ta04.decimals) for r in values.itertuples()
    }
    assert sheet.cell(row=header_row + 2, column=5).number_format == "#,##0." + "0" * ta04.decimals
    footer = " ".join(str(row[0]) for row in cells[header_row + 1 + len(values) :] if row[0])
    assert "Năm thi hành án 2022" in footer  # the THA rule travels with the data


@pytest.mark.parametrize("page", ["overview", "compare", "ranking", "profile", "heatmap"])
def test_every_chart_of_every_page_offers_its_data_titled_as_the_chart(
    app: AppTest, files, page: str
):
    open_page(app, page, NARROW)
    charts = app.get("plotly_chart")
    got = data_files(app, files)
    assert len(got) == 2 * len(charts)  # a CSV and an XLSX per chart
    titles = {json.loads(c.proto.spec)["layout"]["meta"]["frame"]["title"] for c in charts}
    csv_titles = {_csv_rows(data)[0][0] for name, data in got.items() if name.endswith(".csv")}
    assert csv_titles == titles
    for name, data in got.items():
        if name.endswith(".xlsx"):
            sheet = openpyxl.load_workbook(io.BytesIO(data)).active
            assert sheet.cell(row=1, column=1).value in titles
            assert sheet.max_row > 4  # title, subtitle, header, at least a row


def test_a_ranking_viewed_carries_the_weights_its_subtitle_cites_for_the_deck(app: AppTest):
    from justice_dashboard import config, ranking
    from justice_dashboard.ui import KEY_VIEWED_CHARTS

    open_page(app, "ranking", NARROW)
    weights = ranking.load_weights(config.reference_dir())
    catalog = load_catalog()
    for agency in ("STP", "THA"):
        chart = app.session_state[KEY_VIEWED_CHARTS][f"ranking_bars_{agency}"]
        used = [i.code for i in catalog.indicators if i.agency == agency and weights.get(i.code)]
        if "bảng trọng số" not in chart.frame.subtitle:
            assert chart.table is None
            continue
        assert [row[0] for row in chart.table.rows] == used
        assert [row[2] for row in chart.table.rows] == [fmt.number(weights[c], 1) for c in used]


def test_the_overview_chart_viewed_says_its_highest_and_lowest_unit_for_the_slide(
    app: AppTest, sample_store
):
    from justice_dashboard.ui import KEY_VIEWED_CHARTS

    app.query_params["year"] = "2022"
    app.run()
    next(s for s in app.selectbox if s.label == "Chỉ tiêu cho biểu đồ").set_value("TA01").run()
    chart = app.session_state[KEY_VIEWED_CHARTS]["overview_bars"]
    values = sample_store.query(
        "province_values", bloc="DNB", units="reported", indicator="TA01", year=2022
    ).set_index("name_vi")["value"]
    assert chart.caption != chart.frame.subtitle  # a sentence, not the subtitle again
    high, low = values.idxmax(), values.idxmin()
    assert f"{high} ({fmt.number(values[high])})" in chart.caption
    assert f"{low} ({fmt.number(values[low])})" in chart.caption
    assert chart.caption.index(high) < chart.caption.index(low)
