"""The deck as LibreOffice renders it: the .pptx converted to PDF by `soffice`, its words and their
boxes read back with poppler's `pdftotext -bbox-layout`, and its pages drawn by `pdftoppm`.

Shared by the rendered-deck tests; each conversion gets its own LibreOffice profile (parallel runs
would otherwise share and lock one) and a timeout.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

CONVERT_TIMEOUT_S = 180
TOOL_TIMEOUT_S = 60
# Two words of different lines may touch by this much.
OVERLAP_TOLERANCE_PT = 0.5
# poppler's word box runs from the font's ascent to its descent (about 1,3 em), taller than the
# pitch of single-spaced lines (about 1,2 em): the lines of one paragraph would "overlap". The
# check takes the box without this share of its height at the top and at the bottom: the glyphs'
# body (capitals, x-height, most diacritics), which two lines must never share.
BOX_TRIM = 0.15


@dataclass(frozen=True)
class Word:
    text: str
    line: int  # the index of its line on the page (words of one line may sit close)
    x0: float
    y0: float
    x1: float
    y1: float

    def body(self) -> tuple[float, float]:
        """The box's top and bottom without its trimmed share (`BOX_TRIM`)."""
        trim = (self.y1 - self.y0) * BOX_TRIM
        return self.y0 + trim, self.y1 - trim

    def overlap(self, other: Word) -> float:
        """How far the two words' bodies cross (pt), in the direction they cross least."""
        (top, bottom), (other_top, other_bottom) = self.body(), other.body()
        dx = min(self.x1, other.x1) - max(self.x0, other.x0)
        dy = min(bottom, other_bottom) - max(top, other_top)
        return min(dx, dy)


@dataclass(frozen=True)
class Page:
    number: int  # from 1: the slide's number
    lines: tuple[str, ...]
    words: tuple[Word, ...]
    width: float = 0.0  # pt
    height: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def to_pdf(pptx: Path, out_dir: Path, profile: Path) -> Path:
    """The deck converted by LibreOffice Impress, with a profile of its own (`profile`)."""
    subprocess.run(
        [
            shutil.which("soffice") or "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(pptx),
        ],
        check=True,
        capture_output=True,
        timeout=CONVERT_TIMEOUT_S,
    )
    pdf = out_dir / (pptx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice wrote no PDF for {pptx.name}"
    return pdf


def pages(pdf: Path) -> list[Page]:
    """Each page's lines and words with their boxes (pt, y down), as poppler lays them out."""
    result = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=TOOL_TIMEOUT_S,
    )
    root = etree.fromstring(result.stdout, etree.XMLParser(recover=True))
    found = []
    for number, page in enumerate(root.iter("{*}page"), start=1):
        lines: list[str] = []
        words: list[Word] = []
        for index, line in enumerate(page.iter("{*}line")):
            texts = []
            for word in line.iter("{*}word"):
                box = [float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
                text = word.text or ""
                texts.append(text)
                words.append(Word(text, index, *box))
            lines.append(" ".join(texts))
        size = (float(page.get("width", 0)), float(page.get("height", 0)))
        found.append(Page(number, tuple(lines), tuple(words), *size))
    return found


def overlaps(page: Page, tolerance: float = OVERLAP_TOLERANCE_PT) -> list[str]:
    """'slide 7: "Nguồn:" (line 'Nguồn: số liệu mẫu …') over "Năm" (line 'Năm thi hành án …')'
    for each two lines of a page with words whose boxes cross by more than `tolerance` (named
    once, by the first two such words)."""
    found: dict[tuple[int, int], str] = {}
    words = page.words
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            pair = (min(a.line, b.line), max(a.line, b.line))
            if a.line == b.line or pair in found or a.overlap(b) <= tolerance:
                continue
            found[pair] = (
                f"slide {page.number}: {a.text!r} (line {page.lines[a.line]!r}) over "
                f"{b.text!r} (line {page.lines[b.line]!r})"
            )
    return list(found.values())


def off_page(page: Page, tolerance: float = OVERLAP_TOLERANCE_PT) -> list[str]:
    """'slide 10: "án)." (line …) beyond the foot of the page' for each word not inside it."""
    found = []
    for word in page.words:
        top, bottom = word.body()
        sides = {
            "left": word.x0 < -tolerance,
            "right": word.x1 > page.width + tolerance,
            "top": top < -tolerance,
            "foot": bottom > page.height + tolerance,
        }
        for side, out in sides.items():
            if out:
                found.append(
                    f"slide {page.number}: {word.text!r} (line {page.lines[word.line]!r}) "
                    f"beyond the {side} of the page"
                )
    return found


def draw(pdf: Path, out_dir: Path, resolution: int = 60) -> list[Path]:
    """The PDF's pages as PNG images (`<stem>-01.png`, …) in `out_dir`."""
    subprocess.run(
        ["pdftoppm", "-r", str(resolution), "-png", str(pdf), str(out_dir / pdf.stem)],
        check=True,
        capture_output=True,
        timeout=TOOL_TIMEOUT_S,
    )
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"))
