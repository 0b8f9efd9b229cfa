"""The conference deck as LibreOffice renders it (issue 11, item 15): a page per slide, no text
over other text, and the figures a reader sees. The PDF and its pages (PNG) are kept, whatever the
outcome, under test-artifacts/deck/<year>/ (git-ignored), for a person to look at."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from deck_render import Page, draw, overlaps, pages, to_pdf
from pptx import Presentation

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
