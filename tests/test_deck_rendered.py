"""The conference deck as LibreOffice renders it (issue 11, item 15): a page per slide, no text
over other text, and the figures a reader sees. The PDF and its pages (PNG) are kept, whatever the
outcome, under test-artifacts/deck/<year>/ (git-ignored), for a person to look at."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from deck_render import Page, draw, off_page, overlaps, pages, to_pdf
from pptx import Presentation
from pptx.enum.dml import MSO_FILL

from justice_dashboard import config, fmt
from justice_dashboard.catalog import load_catalog
from justice_dashboard.export import DeckInfo, SlideChart, build_deck
from justice_dashboard.export.pack import (
    PackContext,
    build_pack,
    conference_pack,
    targeted_indicators,
)
from justice_dashboard.state import default_units, member_codes

CATALOG = load_catalog()
BLOC = CATALOG.default_bloc
ARTEFACTS = config.PROJECT_ROOT / "test-artifacts" / "deck"
# 2022: the seven provinces of the article; 2026: the five units after the 2025 merger. Native
# charts (the default) for both, and the image variant (`--images`) for 2022.
DECKS = [(2022, "native"), (2026, "native"), (2022, "images")]


@dataclass(frozen=True)
class RenderedDeck:
    year: int
    variant: str
    charts: list[SlideChart]
    slides: int  # as python-pptx reads the .pptx
    pdf: Path
    pages: list[Page]
    images: list[Path]


def _pack(sample_store, year: int) -> list[SlideChart]:
    """The pack the CLI builds for the year: every member, on the year's default units."""
    years = sample_store.query("available_years")["year"].astype(int).tolist()
    units = default_units(CATALOG, year)
    members = member_codes(CATALOG, units, year, year, BLOC.code)
    context = PackContext(CATALOG, BLOC, year, tuple(members), "vi", None, units, min(years))
    items = conference_pack(CATALOG, targeted=targeted_indicators(sample_store.query, year))
    return build_pack(items, sample_store.query, context)


@pytest.fixture(scope="module", params=DECKS, ids=[f"{y}-{v}" for y, v in DECKS])
def rendered(request, sample_store, tmp_path_factory) -> RenderedDeck:
    year, variant = request.param
    charts = _pack(sample_store, year)
    info = DeckInfo(BLOC.name("vi"), year, None, any(c.frame.illustrative for c in charts))
    data = build_deck(charts, info, "vi", images=variant == "images")
    work = tmp_path_factory.mktemp(f"deck-{year}-{variant}")
    pptx = work / f"deck-{variant}.pptx"
    pptx.write_bytes(data)
    out = ARTEFACTS / str(year)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob(f"deck-{variant}*"):
        old.unlink()
    pdf = to_pdf(pptx, out, work / "libreoffice-profile")
    images = draw(pdf, out)
    slides = len(Presentation(io.BytesIO(data)).slides)
    return RenderedDeck(year, variant, charts, slides, pdf, pages(pdf), images)


def test_the_rendered_deck_has_a_page_for_each_slide_the_pack_promises(rendered):
    promised = 1 + len(rendered.charts) + sum(c.table is not None for c in rendered.charts)
    assert rendered.slides == promised  # the title, a slide per chart, the weights tables
    assert len(rendered.pages) == promised
    assert len(rendered.images) == promised  # kept as artefacts, one PNG a page
    assert rendered.pdf.parent == ARTEFACTS / str(rendered.year)


def test_no_text_of_a_rendered_slide_runs_over_other_text(rendered):
    found = [text for page in rendered.pages for text in overlaps(page)]
    assert not found, f"{rendered.variant} deck {rendered.year}:\n" + "\n".join(found[:30])


def test_no_text_of_a_rendered_slide_falls_off_it(rendered):
    assert all(page.width > 0 and page.height > 0 for page in rendered.pages)
    found = [text for page in rendered.pages for text in off_page(page)]
    assert not found, f"{rendered.variant} deck {rendered.year}:\n" + "\n".join(found[:30])


def _page_of(rendered: RenderedDeck, title: str) -> Page:
    at = next(i for i, c in enumerate(rendered.charts) if c.title == title)
    before = sum(c.table is not None for c in rendered.charts[:at])
    return rendered.pages[1 + at + before]


def _values(sample_store, year: int, code: str):
    units = default_units(CATALOG, year)
    rows = sample_store.query(
        "province_trend",
        bloc=BLOC.code,
        units=units,
        indicator=code,
        provinces=list(member_codes(CATALOG, units, year, year, BLOC.code)),
        first_year=year,
        last_year=year,
        normalisation="absolute",
        as_of=None,
    )
    return rows.dropna(subset=["value"])["value"]


def test_the_ta01_slide_reads_its_title_and_caption_and_natively_each_units_figure(
    rendered, sample_store
):
    indicator = CATALOG.indicator("TA01")
    title = f"{indicator.name_vi}, năm {rendered.year}"
    chart = next(c for c in rendered.charts if c.title == title)
    page = _page_of(rendered, title)
    assert page.lines[0] == title
    assert chart.caption.split(";")[0] in " ".join(page.lines)
    values = _values(sample_store, rendered.year, "TA01")
    if rendered.variant == "native":  # an image's figures are pixels, not text of the PDF
        shown = set(re.findall(r"\d{1,3}(?:\.\d{3})+|\d+", page.text))
        for value in values:
            assert fmt.number(value, 0, "vi") in shown  # each unit's label: 36.357, with dots
    published = [
        f.value
        for f in CATALOG.published
        if f.bloc_code == BLOC.code and f.year == rendered.year and f.indicator_code == "TA01"
    ]
    if rendered.year == 2022:  # the article's figure: what the units' figures add up to
        assert published == [values.sum()]
        assert fmt.number(published[0], 0, "vi") == "125.996"


def test_a_rates_dots_become_a_slide_of_dots_on_the_zoomed_axis_that_says_where_it_starts(
    sample_store, tmp_path
):
    from justice_dashboard.charts.frames import rows_frame
    from justice_dashboard.charts.rates import rate_dot_figure
    from justice_dashboard.i18n import t

    indicator = CATALOG.indicator("TA04")
    units = default_units(CATALOG, 2022)
    rows = sample_store.query(
        "province_trend",
        bloc=BLOC.code,
        units=units,
        indicator="TA04",
        provinces=list(member_codes(CATALOG, units, 2022, 2022, BLOC.code)),
        first_year=2022,
        last_year=2022,
        normalisation="absolute",
        as_of=None,
    )
    targets = sample_store.query("targets", first_year=2022, last_year=2022).set_index(
        "indicator_code"
    )
    target = (float(targets.loc["TA04", "target"]), str(targets.loc["TA04", "comparison"]))
    title = f"{indicator.name_vi}, năm 2022"
    frame = rows_frame(title, "% · 2022", rows, "vi")
    figure = rate_dot_figure(rows, indicator, frame, "vi", year=2022, target=target)
    start = figure.layout.xaxis.range[0]
    assert 0 < start <= 100 * rows["value"].min()  # zoomed: not from 0
    info = DeckInfo(BLOC.name("vi"), 2022, None, True)
    data = build_deck([SlideChart.from_figure(figure, "TA04_2022", "vi")], info, "vi")
    chart = next(s.chart for s in Presentation(io.BytesIO(data)).slides[1].shapes if s.has_chart)
    assert chart.value_axis.minimum_scale == start
    stated = t("rates.axis", "vi", start=fmt.number(start, 0, "vi"))
    assert f"trục bắt đầu từ {fmt.number(start, 0, 'vi')}%" in stated
    assert chart.value_axis.axis_title.text_frame.text == stated
    *levels, dots = sorted(chart.plots[0].series, key=lambda s: s.index)  # dots drawn on top
    assert dots.name == indicator.name_vi
    assert dots.format.line.fill.type == MSO_FILL.BACKGROUND  # no line joins the units' dots
    assert list(dots.values) == pytest.approx(list(figure.data[0].x))
    names = list(chart.plots[0].categories)
    for name, value in zip(rows["name_vi"], rows["value"], strict=True):
        # each unit's figure under its name, where no average or target line passes
        assert f"{name}\n{fmt.indicator_value(indicator, value, 'vi')}" in names
    assert {s.name.split(":")[0] for s in levels} == {
        "Tỷ lệ chung các tỉnh đang xem (tổng/tổng)",
        "Chỉ tiêu Quốc hội giao",
    }
    assert pytest.approx(100 * target[0]) in [s.values[0] for s in levels]
    pptx = tmp_path / "rate.pptx"
    pptx.write_bytes(data)
    page = pages(to_pdf(pptx, tmp_path, tmp_path / "libreoffice-profile"))[1]
    assert not overlaps(page)
    assert f"trục bắt đầu từ {fmt.number(start, 0, 'vi')}%" in " ".join(page.lines)
