"""Server images, the ZIP bundle, the image deck and the export command, with one renderer."""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import plotly.graph_objects as go
import pytest
import streamlit  # noqa: F401 - first, as in the app: it swaps plotly's default template
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from justice_dashboard.__main__ import main
from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import DATA_DIR_ENV
from justice_dashboard.export import DeckInfo, SlideChart, build_deck, build_zip
from justice_dashboard.export.bundle import README_NAME
from justice_dashboard.export.pack import (
    LISTED_WEIGHTS,
    RANKED_GROUPS,
    PackContext,
    build_pack,
    conference_pack,
    targeted_indicators,
)
from justice_dashboard.export.render import (
    PRESETS,
    ChromiumMissing,
    Renderer,
    chromium_available,
    render_image,
    renderer,
)

CATALOG = load_catalog()
BLOC = CATALOG.default_bloc
MEMBERS = tuple(p.code for p in CATALOG.bloc_units(BLOC.code, 2022))
INFO = DeckInfo(BLOC.name("vi"), 2022, dt.date(2022, 12, 2), illustrative=True)


@pytest.fixture(scope="module", autouse=True)
def running_renderer() -> Iterator[Renderer]:
    """One chromium for every test here; stopped at the end."""
    shared = renderer()
    shared.start()
    yield shared
    shared.stop()


@pytest.fixture(scope="module")
def pack(sample_store) -> list[SlideChart]:
    context = PackContext(CATALOG, BLOC, 2022, MEMBERS, "vi")
    items = [i for i in conference_pack(CATALOG) if i.key.endswith(("TA01", "TA04", "VB01"))]
    return build_pack(items, sample_store.query, context)


def _chart(pack: list[SlideChart], code: str) -> SlideChart:
    return next(c for c in pack if c.stem.startswith(code))


def _image(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data)).convert("RGB")


def _dark_share(image: Image.Image) -> float:
    grey = image.convert("L")
    histogram = grey.histogram()
    return sum(histogram[:40]) / (image.width * image.height)


def test_a_slide_png_is_1920_by_1080_in_colour_with_a_white_background_and_no_black_bars(pack):
    chart = _chart(pack, "TA04")
    image = _image(render_image(chart.figure, "png"))
    assert image.size == (1920, 1080)
    assert len(set(image.getdata())) > 200  # not one flat colour: bars, text, anti-aliasing
    assert image.getpixel((5, 5)) == (255, 255, 255)
    assert _dark_share(image) < 0.01  # text only; black bars would fill a large share
    colours = set(image.getdata())
    for province in CATALOG.bloc_units(BLOC.code, 2022):
        rgb = tuple(int(province.colour[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, province.name_vi


def _rows_with(image: Image.Image, rgb: tuple[int, int, int]) -> list[int]:
    """The pixel rows holding `rgb`, but for a rule across the image (an axis line in the same
    grey as the source line is a line, not text)."""
    width = image.width
    pixels = list(image.getdata())
    counts: dict[int, int] = {}
    for i, p in enumerate(pixels):
        if p == rgb:
            counts[i // width] = counts.get(i // width, 0) + 1
    return sorted(row for row, count in counts.items() if count < 0.3 * width)


@pytest.mark.parametrize("code", ["TA04", "TA01"])
def test_every_size_preset_gives_its_size_and_a_source_line_clear_of_the_labels(pack, code):
    """The source line (muted grey) lies below every label and axis title (dark text), inside."""
    chart = _chart(pack, code)
    for preset in PRESETS.values():
        image = _image(render_image(chart.figure, "png", preset))
        assert image.size == preset.pixels
        text_rows = _rows_with(image, (0x1F, 0x29, 0x33))
        footer_rows = [r for r in _rows_with(image, (0x5F, 0x6B, 0x7A)) if r > image.height / 2]
        assert footer_rows, preset.key
        assert max(text_rows) < min(footer_rows), preset.key
        assert max(footer_rows) < image.height - 4, preset.key


def test_an_svg_carries_the_title_source_and_illustrative_flag_with_diacritics(pack):
    svg = render_image(_chart(pack, "TA04").figure, "svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "Tỷ lệ thi hành xong về việc" in svg
    assert "Nguồn: số liệu mẫu của bảng điều khiển" in svg
    assert "Dữ liệu minh họa" in svg
    assert "Năm thi hành án 2022: từ 01/10/2021 đến 30/9/2022" in svg


def test_a_figure_built_without_a_template_after_streamlit_still_comes_out_white():
    figure = go.Figure(go.Bar(x=["Bình Phước", "Tây Ninh"], y=[3, 5]))
    image = _image(render_image(figure, "png"))
    assert image.getpixel((5, 5)) == (255, 255, 255)
    assert _dark_share(image) < 0.01


def test_two_threads_rendering_at_once_each_get_their_own_image(pack):
    chart = _chart(pack, "VB01")
    sizes: dict[str, tuple[int, int]] = {}

    def work(preset: str) -> None:
        sizes[preset] = _image(render_image(chart.figure, "png", preset)).size

    threads = [threading.Thread(target=work, args=(p,)) for p in ("square", "slide_4_3")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sizes == {"square": (1080, 1080), "slide_4_3": (1600, 1200)}


def test_the_zip_holds_exactly_the_files_its_readme_lists(pack):
    bundle = zipfile.ZipFile(io.BytesIO(build_zip(pack, INFO)))
    readme = bundle.read(README_NAME).decode("utf-8")
    listed = re.findall(r"[A-Za-z0-9_.-]+\.(?:png|svg)", readme)
    assert sorted(listed) == sorted(n for n in bundle.namelist() if n != README_NAME)
    assert "TA04_2022_7-tinh.png" in listed and "TA04_2022_7-tinh.svg" in listed
    assert "Tỷ lệ thi hành xong về việc" in readme
    assert "Nguồn: số liệu mẫu của bảng điều khiển · Số liệu đến ngày 15/01/2023" in readme
    assert _image(bundle.read("TA04_2022_7-tinh.png")).size == (1920, 1080)


def test_the_image_deck_holds_one_1920_by_1080_picture_per_chart_at_16_9(pack):
    prs = Presentation(io.BytesIO(build_deck(pack, INFO, images=True)))
    pictures = [
        shape
        for slide in list(prs.slides)[1:]
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert len(pictures) == len(pack)
    for picture in pictures:
        assert _image(picture.image.blob).size == (1920, 1080)
        assert picture.width / picture.height == pytest.approx(16 / 9, rel=1e-3)
    assert not any(shape.has_chart for slide in prs.slides for shape in slide.shapes)


def test_a_missing_chromium_is_said_in_one_vietnamese_line(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    assert not chromium_available()
    lonely = Renderer()
    with pytest.raises(ChromiumMissing) as raised:
        lonely.start()
    message = str(raised.value)
    assert "\n" not in message
    assert "thiếu trình duyệt chromium" in message and "apt-get install chromium" in message
    with pytest.raises(ChromiumMissing):  # said again at once, without trying to start again
        lonely.render(go.Figure())


# ---- the command line ---------------------------------------------------------------------------


@pytest.fixture
def bundled_data(monkeypatch) -> None:
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)


@pytest.mark.usefixtures("bundled_data")
@pytest.mark.parametrize("image_format", ["png", "svg"])
def test_export_writes_one_image_per_chart_named_for_its_content(tmp_path, image_format, capsys):
    code = main(
        [
            "export",
            "--year",
            "2022",
            "--format",
            image_format,
            "--out",
            str(tmp_path),
            "--provinces",
            "70,72",
            "--indicators",
            "TA04,VB01",
        ]
    )
    assert code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"TA04_2022_70-72.{image_format}", f"VB01_2022_70-72.{image_format}"]
    assert "Đã ghi 2 tệp" in capsys.readouterr().out


def _groups_citing_weights() -> list[str]:
    """The groups whose ranking counts its weights instead of listing them (a table follows)."""
    from justice_dashboard import config, ranking

    weights = ranking.load_weights(config.reference_dir())
    return [
        agency
        for agency in RANKED_GROUPS
        if sum(weights.get(i.code, 0) > 0 for i in CATALOG.indicators if i.agency == agency)
        > LISTED_WEIGHTS
    ]


@pytest.mark.usefixtures("bundled_data")
def test_export_pptx_defaults_to_the_conference_pack_for_all_seven_provinces(
    tmp_path, sample_store
):
    out = tmp_path / "pack.pptx"
    assert main(["export", "--year", "2023", "--format", "pptx", "--out", str(out)]) == 0
    prs = Presentation(str(out))
    targeted = targeted_indicators(sample_store.query, 2023)
    pack = conference_pack(CATALOG, targeted=targeted)
    tables = sum(any(s.has_table for s in slide.shapes) for slide in prs.slides)
    assert tables == len(_groups_citing_weights())  # the weights a ranking's subtitle cites
    assert len(prs.slides) == 1 + len(pack) + tables
    chart = next(s.chart for s in prs.slides[1].shapes if s.has_chart)
    assert len(list(chart.plots[0].categories)) == 7


@pytest.mark.usefixtures("bundled_data")
def test_export_zip_in_english_has_english_titles(tmp_path):
    out = tmp_path / "pack.zip"
    args = ["export", "--year", "2022", "--format", "zip", "--out", str(out)]
    assert main([*args, "--indicators", "TA04", "--lang", "en"]) == 0
    bundle = zipfile.ZipFile(out)
    assert sorted(bundle.namelist()) == [
        README_NAME,
        "TA04_2022_7-tinh.png",
        "TA04_2022_7-tinh.svg",
    ]
    assert "Completion rate by cases" in bundle.read(README_NAME).decode("utf-8")


@pytest.mark.usefixtures("bundled_data")
@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--year", "2031"], "Năm 2031 không có trong dữ liệu; các năm có số liệu: 2018, 2019"),
        (["--year", "2022", "--provinces", "70,99"], "Mã tỉnh không có trong danh mục: 99"),
        (
            ["--year", "2022", "--indicators", "TA04,XX01"],
            "Mã chỉ tiêu không có trong danh mục: XX01",
        ),
    ],
)
def test_export_refuses_an_unknown_year_or_code_with_a_clear_message(
    tmp_path: Path, extra, message, capsys
):
    out = tmp_path / "pack.pptx"
    assert main(["export", "--format", "pptx", "--out", str(out), *extra]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_chart_taller_than_a_slide_keeps_its_height_in_its_image_and_its_proportions_on_the_slide():
    from justice_dashboard.charts.theme import ChartFrame, apply_frame

    rows = [f"Chỉ tiêu số {n}" for n in range(1, 31)]
    figure = go.Figure(go.Bar(x=list(range(30)), y=rows, orientation="h"))
    figure.update_layout(height=1160)  # thirty rows, as the profile and the heatmap draw them
    frame = ChartFrame("Ba mươi chỉ tiêu", "điểm · 2022", "Nguồn", None, illustrative=True)
    chart = SlideChart.from_figure(apply_frame(figure, frame, "vi"), "cao", "vi")

    image = _image(render_image(chart.figure, "png"))
    assert image.size == (1920, 2320)  # the preset's width, the chart's own height (× 2)

    deck = Presentation(io.BytesIO(build_deck([chart], INFO, "vi", images=True)))
    picture = next(s for s in deck.slides[1].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE)
    assert picture.width / picture.height == pytest.approx(1920 / 2320, rel=0.01)
