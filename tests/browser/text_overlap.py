"""Where a chart's texts are drawn over each other, measured in the browser that draws them.

A Plotly chart is SVG: its title, subtitle, legend entries, axis titles and tick labels, data labels,
annotations and footer are `<text>` elements. Chromium lays them out; each one's box on the screen
(`getBoundingClientRect`) is compared with every other's, and two boxes that share more than
`TOLERANCE_PX` in both directions are text over text. The hover layer (drawn only under the mouse)
is left out, and so are texts that are not shown (empty, hidden, transparent). A text drawn inside
the plot area's clip path (a value label) must also lie inside it: past it, it is cut off.

The same function measures a chart on a page (its `.js-plotly-plot` element) and a server-rendered
SVG file opened in the browser (its root `<svg>`).
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Locator, Page

# A text's box is its line box: taller than its glyphs by the font's leading. Two texts whose boxes
# share 2 px or less do not touch on the screen.
TOLERANCE_PX = 2.0

_BOXES_JS = """
(root) => {
  const shown = (el) => {
    for (let e = el; e && e !== root.parentElement; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
      if (e.classList && e.classList.contains('hoverlayer')) return false;
    }
    const fill = getComputedStyle(el).fill;
    return !(fill === 'none' || fill === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(fill));
  };
  const out = [];
  for (const el of root.querySelectorAll('text')) {
    const text = (el.textContent || '').trim();
    if (!text || !shown(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width < 0.5 || r.height < 0.5) continue;
    let part = '';
    for (let e = el; e && e !== root; e = e.parentElement) {
      const c = e.getAttribute && e.getAttribute('class');
      if (c) { part = c.split(' ')[0]; break; }
    }
    // A text drawn inside a clip path (a trace's layer: the plot area) is cut where it leaves it.
    let clip = null;
    for (let e = el; e && e !== root.parentElement; e = e.parentElement) {
      const ref = e.getAttribute && e.getAttribute('clip-path');
      const id = ref && (ref.match(/url[(]['"]?#([^'")]+)['"]?[)]/) || [])[1];
      const shape = id && root.ownerDocument.getElementById(id);
      const rect = shape && shape.querySelector('rect');
      if (rect && e.getScreenCTM) {
        // The clip rect is in the user space of the element it clips (a <clipPath> has no box).
        const m = e.getScreenCTM(), n = (a) => parseFloat(rect.getAttribute(a)) || 0;
        const p = new DOMPoint(n('x'), n('y')).matrixTransform(m);
        const q = new DOMPoint(n('x') + n('width'), n('y') + n('height')).matrixTransform(m);
        clip = [Math.min(p.x, q.x), Math.min(p.y, q.y), Math.max(p.x, q.x), Math.max(p.y, q.y)];
        break;
      }
    }
    out.push({text, part, left: r.left, top: r.top, right: r.right, bottom: r.bottom, clip});
  }
  return out;
}
"""


@dataclass(frozen=True)
class TextBox:
    text: str
    part: (
        str  # the SVG class of the text or its nearest classed parent (e.g. "xtick", "legendtext")
    )
    left: float
    top: float
    right: float
    bottom: float
    clip: list[float] | None = None  # the plot area that cuts it off, if it is drawn in one

    def overlap(self, other: TextBox) -> tuple[float, float]:
        return (
            min(self.right, other.right) - max(self.left, other.left),
            min(self.bottom, other.bottom) - max(self.top, other.top),
        )

    def __str__(self) -> str:
        return f"«{self.text}» ({self.part}, x {self.left:.0f}–{self.right:.0f}, y {self.top:.0f}–{self.bottom:.0f})"


def text_boxes(root: Locator) -> list[TextBox]:
    return [TextBox(**box) for box in root.evaluate(_BOXES_JS)]


def overlaps(boxes: list[TextBox], tolerance: float = TOLERANCE_PX) -> list[str]:
    """Each pair of texts drawn over each other, described for a failure message."""
    found = []
    for i, first in enumerate(boxes):
        for second in boxes[i + 1 :]:
            width, height = first.overlap(second)
            if width > tolerance and height > tolerance:
                found.append(f"{first} over {second}")
    return found


def text_outside(boxes: list[TextBox], root: Locator, tolerance: float = TOLERANCE_PX) -> list[str]:
    """Texts cut off by the chart's edge (a title longer than a phone's screen, say)."""
    edge = root.bounding_box()
    assert edge is not None
    return [
        f"{box} outside the chart (x {edge['x']:.0f}–{edge['x'] + edge['width']:.0f})"
        for box in boxes
        if box.left < edge["x"] - tolerance or box.right > edge["x"] + edge["width"] + tolerance
    ]


def clipped(boxes: list[TextBox], tolerance: float = TOLERANCE_PX) -> list[str]:
    """Texts cut off by the plot area they are drawn in (a value label past the plot's edge)."""
    found = []
    for box in boxes:
        if box.clip is None:
            continue
        left, top, right, bottom = box.clip
        if (
            box.left < left - tolerance
            or box.right > right + tolerance
            or box.top < top - tolerance
            or box.bottom > bottom + tolerance
        ):
            found.append(f"{box} cut off by the plot (x {left:.0f}–{right:.0f})")
    return found


def chart_overlaps(chart: Locator) -> list[str]:
    """Text over text in one chart on a page (a `[data-testid=stPlotlyChart]` element)."""
    plot = chart.locator(".js-plotly-plot").first
    boxes = text_boxes(plot)
    return overlaps(boxes) + text_outside(boxes, plot) + clipped(boxes)


def svg_overlaps(page: Page, svg: str) -> list[str]:
    """Text over text in a server-rendered SVG image, laid out by the same browser."""
    page.set_content(f"<!doctype html><html><body style='margin:0'>{svg}</body></html>")
    root = page.locator("body > svg").first
    boxes = text_boxes(root)
    return overlaps(boxes) + text_outside(boxes, root) + clipped(boxes)
