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

from PIL import Image
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
TITLE_TOP = Inches(0.3)
TITLE_SIZES = (28, 24, 20)  # the largest at which the title fits one line
SUBTITLE_SIZES = (16, 14, 12)
CAPTION_SIZES, CAPTION_LINES = (14, 12), 2
FOOTER_SIZES, FOOTER_LINES = (11, 10, 9), 4
GAP = Inches(0.08)  # between the title, the subtitle and the chart
BOTTOM = Inches(0.1)  # below the footer (native) or the caption (image: Inches(0.6))
IMAGE_BOTTOM = Inches(0.6)
IMAGE_HEIGHT = Inches(5.0)  # the server image, at most
# Measuring text without its font (PowerPoint's Calibri, LibreOffice's substitute): a letter
# counts wider and a space as wide as in the wider of them, so text measured to fit does fit.
CHAR_EM, SPACE_EM = 0.55, 0.3
LINE_PITCH = 1.2  # single spacing, in em
INSET_X, INSET_Y = Inches(0.1), Inches(0.05)  # a text box's own margins (python-pptx's)
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


def text_lines(text: str, size: float, width: int) -> int:
    """How many lines `text` (paragraphs split on "\\n") takes at `size` pt in a box `width` EMU
    wide, wrapped at spaces, measured wide (`CHAR_EM`)."""
    room = (width - 2 * INSET_X) / Pt(1)
    lines = 0
    for paragraph in text.split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            width_pt = len(word) * CHAR_EM * size
            step = width_pt if used == 0 else SPACE_EM * size + width_pt
            if used and used + step > room:
                lines += 1
                used = width_pt
            else:
                used += step
    return lines


def fitted(text: str, sizes: Sequence[int], width: int, max_lines: int) -> tuple[int, int]:
    """(size, lines): the largest of `sizes` at which `text` takes at most `max_lines`, else the
    smallest, with the lines it takes then."""
    for size in sizes:
        lines = text_lines(text, size, width)
        if lines <= max_lines:
            return size, lines
    return sizes[-1], text_lines(text, sizes[-1], width)


def text_height(lines: int, size: int) -> int:
    """The height (EMU) of a box holding `lines` lines at `size` pt."""
    return int(lines * LINE_PITCH * Pt(size) + 2 * INSET_Y)


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


def _slide_title(slide, text: str) -> int:
    """The slide's title, at the largest size at which it fits one line; returns its bottom, where
    the slide's next text may start (a title that wraps still pushes it down, never over it)."""
    width = SLIDE_WIDTH - 2 * MARGIN
    size, lines = fitted(text, TITLE_SIZES, width, 1)
    height = text_height(lines, size)
    title = slide.shapes.title
    _place(title, MARGIN, TITLE_TOP, width, height)
    title.text = text
    frame = title.text_frame
    frame.margin_top = frame.margin_bottom = INSET_Y
    frame.margin_left = frame.margin_right = INSET_X
    for paragraph in frame.paragraphs:
        paragraph.font.size = Pt(size)
        paragraph.alignment = PP_ALIGN.LEFT
    return TITLE_TOP + height


def _fitted_box(
    slide, text: str, top: int, sizes: Sequence[int], max_lines: int, colour: RGBColor
) -> int:
    """A text box at `top` as tall as `text` needs at its fitted size; returns its bottom."""
    size, lines = fitted(text, sizes, SLIDE_WIDTH - 2 * MARGIN, max_lines)
    height = text_height(lines, size)
    _text_box(slide, text, top, height, size, colour)
    return top + height


def _box_height(text: str, sizes: Sequence[int], max_lines: int) -> int:
    size, lines = fitted(text, sizes, SLIDE_WIDTH - 2 * MARGIN, max_lines)
    return text_height(lines, size)


def _chart_slide(prs, chart: SlideChart, lang: Lang, images: bool) -> None:
    """Stacked from the texts' own heights: the title (and the subtitle) from the top, the footer
    and the caption from the bottom, the chart in between, so no text runs over another."""
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    body_width = SLIDE_WIDTH - 2 * MARGIN
    native = None
    if not images:
        try:
            native = chart_from_figure(chart.figure, lang)
        except NotConvertible:
            native = None
    top = _slide_title(slide, chart.title) + GAP
    caption = chart.caption if native is None or chart.caption != chart.frame.subtitle else ""
    if native is not None:
        if chart.frame.subtitle:
            top = _fitted_box(slide, chart.frame.subtitle, top, SUBTITLE_SIZES, 1, MUTED_COLOUR)
        footer = "\n".join(chart.footer_lines(lang))
        footer_height = _box_height(footer, FOOTER_SIZES, FOOTER_LINES)
        footer_top = SLIDE_HEIGHT - BOTTOM - footer_height
        _fitted_box(slide, footer, footer_top, FOOTER_SIZES, FOOTER_LINES, MUTED_COLOUR)
        bottom = footer_top
        if caption:  # a figure without a caption says its subtitle
            bottom -= _box_height(caption, CAPTION_SIZES, CAPTION_LINES)
            _fitted_box(slide, caption, bottom, CAPTION_SIZES, CAPTION_LINES, TEXT_COLOUR)
        add_native_chart(slide, native, MARGIN, top, body_width, bottom - GAP - top)
    else:
        preset = PRESETS[DEFAULT_PRESET]
        picture = io.BytesIO(render_image(chart.figure, "png", preset))
        with Image.open(picture) as image:  # a tall chart's image is taller than 16:9
            pixels_wide, pixels_high = image.size
        picture.seek(0)
        # The image carries its own subtitle and footer.
        bottom = SLIDE_HEIGHT - IMAGE_BOTTOM - _box_height(caption, CAPTION_SIZES, CAPTION_LINES)
        _fitted_box(slide, caption, bottom, CAPTION_SIZES, CAPTION_LINES, TEXT_COLOUR)
        height = min(IMAGE_HEIGHT, bottom - GAP - top)
        width = int(height * pixels_wide / pixels_high)
        left = (SLIDE_WIDTH - width) // 2
        slide.shapes.add_picture(picture, left, top, width, height)
    slide.notes_slide.notes_text_frame.text = chart.notes(lang)


TABLE_TOP = Inches(1.3)
TABLE_ROW_HEIGHT = Inches(0.36)
TABLE_COLUMN_SHARES = (0.12, 0.73, 0.15)  # code, indicator, weight


def _table_slide(prs, table: SlideTable, lang: Lang) -> None:
    """The table a chart's subtitle points to (the ranking's weights), after the chart's slide."""
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    table_top = max(TABLE_TOP, _slide_title(slide, table.title) + GAP)
    width = SLIDE_WIDTH - 2 * MARGIN
    rows = len(table.rows) + 1
    size = 14 if rows <= 13 else 11
    height = min(TABLE_ROW_HEIGHT * rows, SLIDE_HEIGHT - table_top - MARGIN)
    shape = slide.shapes.add_table(rows, len(table.header), MARGIN, table_top, width, height)
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
