"""The PowerPoint slide pack (16:9): a title slide, then one slide per chart.

Each chart slide carries the chart's title, the chart (native by default, so staff can restyle and
edit it in PowerPoint; or the server image), a caption, and the source, data date and notes in the
speaker notes. A native chart has no frame of its own, so its slide also shows the chart's subtitle
(unit · year · provinces) under the title and, at the foot, the source, data date, "Dữ liệu minh họa"
when illustrative and any rule (the THA enforcement year), as the image's frame does.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.export.model import DeckInfo, SlideChart, SlideTable
from justice_dashboard.export.native import NotConvertible, add_native_chart, chart_from_figure
from justice_dashboard.export.render import DEFAULT_PRESET, PRESETS, render_image
from justice_dashboard.i18n import t

SLIDE_WIDTH = Emu(12192000)  # 13,333 in: PowerPoint's 16:9
SLIDE_HEIGHT = Emu(6858000)  # 7,5 in
MARGIN = Inches(0.5)
TITLE_TOP, TITLE_HEIGHT = Inches(0.3), Inches(0.85)
BODY_TOP, BODY_HEIGHT = Inches(1.2), Inches(5.0)
CAPTION_TOP, CAPTION_HEIGHT = Inches(6.25), Inches(0.65)  # two lines of 14 pt
# A native chart's slide: the subtitle under the title, a smaller chart, a two-line footer.
NATIVE_TITLE_HEIGHT = Inches(0.7)
SUBTITLE_TOP, SUBTITLE_HEIGHT = Inches(0.95), Inches(0.4)
NATIVE_BODY_TOP, NATIVE_BODY_HEIGHT = Inches(1.35), Inches(4.4)
NATIVE_CAPTION_TOP = Inches(5.8)
FOOTER_TOP, FOOTER_HEIGHT = Inches(6.5), Inches(0.9)  # up to three lines of 11 pt
TEXT_COLOUR = RGBColor.from_string("1F2933")
MUTED_COLOUR = RGBColor.from_string("5F6B7A")
# Layouts of python-pptx's default template.
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5

Progress = Callable[[int, int, str], None]
# The language every text of the deck is tagged with (spelling, hyphenation, screen readers).
LANGUAGE_TAGS: dict[str, str] = {"vi": "vi-VN", "en": "en-US"}
_TEXT_PROPERTIES = ("a:rPr", "a:defRPr", "a:endParaRPr")


def tag_language(prs, lang: Lang) -> None:
    """Tag every text of the deck (slides, notes, charts, and the masters' and presentation's
    defaults) with the deck's language: python-pptx's template says en-US throughout, so
    PowerPoint would check Vietnamese titles and labels as English."""
    tag = LANGUAGE_TAGS[lang]
    for part in prs.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None:
            continue
        for run in element.iter(qn("a:r"), qn("a:fld")):
            if run.find(qn("a:rPr")) is None:
                run.insert(0, OxmlElement("a:rPr"))
        for name in _TEXT_PROPERTIES:
            for properties in element.iter(qn(name)):
                properties.set("lang", tag)


def _place(shape, left: int, top: int, width: int, height: int) -> None:
    shape.left, shape.top, shape.width, shape.height = Emu(left), Emu(top), Emu(width), Emu(height)


def _text_box(slide, text: str, top: int, height: int, size: int, colour: RGBColor) -> None:
    box = slide.shapes.add_textbox(MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, height)
    frame = box.text_frame
    frame.word_wrap = True
    lines = text.split("\n")
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = line
        paragraph.font.size = Pt(size)
        paragraph.font.color.rgb = colour


def _title_slide(prs, info: DeckInfo, lang: Lang) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    _place(slide.shapes.title, MARGIN, Inches(2.0), SLIDE_WIDTH - 2 * MARGIN, Inches(1.6))
    slide.shapes.title.text = t("export.deck_title", lang, year=info.year)
    subtitle = slide.placeholders[1]
    _place(subtitle, MARGIN, Inches(3.8), SLIDE_WIDTH - 2 * MARGIN, Inches(2.2))
    lines = [info.bloc_name]
    if info.conference_date is not None:
        lines.append(
            t(
                "export.deck_conference",
                lang,
                date=fmt.formal_date(info.conference_date, lang),
            )
        )
    if info.illustrative:
        lines.append(t("app.illustrative_short", lang))
    subtitle.text = "\n".join(lines)
    for paragraph in subtitle.text_frame.paragraphs:
        paragraph.font.size = Pt(22)
        paragraph.alignment = PP_ALIGN.CENTER
    slide.notes_slide.notes_text_frame.text = t("export.deck_title_notes", lang)


def _chart_slide(prs, chart: SlideChart, lang: Lang, images: bool) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    body_width = SLIDE_WIDTH - 2 * MARGIN
    native = None
    if not images:
        try:
            native = chart_from_figure(chart.figure)
        except NotConvertible:
            native = None
    title = slide.shapes.title
    title_height = TITLE_HEIGHT if native is None else NATIVE_TITLE_HEIGHT
    _place(title, MARGIN, TITLE_TOP, SLIDE_WIDTH - 2 * MARGIN, title_height)
    title.text = chart.title
    for paragraph in title.text_frame.paragraphs:
        paragraph.font.size = Pt(28)
        paragraph.alignment = PP_ALIGN.LEFT
    if native is not None:
        if chart.frame.subtitle:
            _text_box(slide, chart.frame.subtitle, SUBTITLE_TOP, SUBTITLE_HEIGHT, 16, MUTED_COLOUR)
        add_native_chart(slide, native, MARGIN, NATIVE_BODY_TOP, body_width, NATIVE_BODY_HEIGHT)
        if chart.caption != chart.frame.subtitle:  # a figure without a caption says its subtitle
            _text_box(slide, chart.caption, NATIVE_CAPTION_TOP, CAPTION_HEIGHT, 14, TEXT_COLOUR)
        footer = "\n".join(chart.footer_lines(lang))
        _text_box(slide, footer, FOOTER_TOP, FOOTER_HEIGHT, 11, MUTED_COLOUR)
    else:
        preset = PRESETS[DEFAULT_PRESET]
        picture = io.BytesIO(render_image(chart.figure, "png", preset))
        height = BODY_HEIGHT
        width = int(height * preset.width / preset.height)
        left = (SLIDE_WIDTH - width) // 2
        slide.shapes.add_picture(picture, left, BODY_TOP, width, height)
        # The image carries its own subtitle and footer.
        _text_box(slide, chart.caption, CAPTION_TOP, CAPTION_HEIGHT, 14, TEXT_COLOUR)
    slide.notes_slide.notes_text_frame.text = chart.notes(lang)


TABLE_TOP = Inches(1.3)
TABLE_ROW_HEIGHT = Inches(0.36)
TABLE_COLUMN_SHARES = (0.12, 0.73, 0.15)  # code, indicator, weight


def _table_slide(prs, table: SlideTable, lang: Lang) -> None:
    """The table a chart's subtitle points to (the ranking's weights), after the chart's slide."""
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    title = slide.shapes.title
    _place(title, MARGIN, TITLE_TOP, SLIDE_WIDTH - 2 * MARGIN, TITLE_HEIGHT)
    title.text = table.title
    for paragraph in title.text_frame.paragraphs:
        paragraph.font.size = Pt(28)
        paragraph.alignment = PP_ALIGN.LEFT
    width = SLIDE_WIDTH - 2 * MARGIN
    rows = len(table.rows) + 1
    size = 14 if rows <= 13 else 11
    height = min(TABLE_ROW_HEIGHT * rows, SLIDE_HEIGHT - TABLE_TOP - MARGIN)
    shape = slide.shapes.add_table(rows, len(table.header), MARGIN, TABLE_TOP, width, height)
    grid = shape.table
    shares = TABLE_COLUMN_SHARES if len(table.header) == len(TABLE_COLUMN_SHARES) else None
    for index, column in enumerate(grid.columns):
        share = shares[index] if shares else 1 / len(table.header)
        column.width = Emu(int(width * share))
    for r, cells in enumerate((table.header, *table.rows)):
        for c, text in enumerate(cells):
            cell = grid.cell(r, c)
            cell.text = text
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(size)
                paragraph.font.bold = r == 0
                if c == len(cells) - 1 and r > 0:
                    paragraph.alignment = PP_ALIGN.RIGHT  # the weights, as numbers
    slide.notes_slide.notes_text_frame.text = table.title


def build_deck(
    charts: Sequence[SlideChart],
    info: DeckInfo,
    lang: Lang = "vi",
    *,
    images: bool = False,
    progress: Progress | None = None,
) -> bytes:
    """The .pptx file: title slide, then one slide per chart (native charts unless `images`)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    _title_slide(prs, info, lang)
    for done, chart in enumerate(charts):
        if progress is not None:
            progress(done, len(charts), chart.title)
        _chart_slide(prs, chart, lang, images)
        if chart.table is not None:
            _table_slide(prs, chart.table, lang)
    if progress is not None:
        progress(len(charts), len(charts), "")
    tag_language(prs, lang)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
