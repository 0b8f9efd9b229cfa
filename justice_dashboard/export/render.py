"""Server-side chart images: one persistent kaleido renderer for the life of the process.

Starting chromium takes seconds; an image from a running renderer takes a fraction of one. So the
renderer starts on the first image (or `renderer().start()`), then stays up until the process exits.

This is what `kaleido.start_sync_server()` does (a `Kaleido` kept open in a background thread), but
owned here because the global sync server waits forever when chromium fails to start, and two threads
calling it at once can receive each other's images. Here each call waits on its own future, with a
timeout, and a missing chromium raises `ChromiumMissing` with one line that says what to install.
"""

from __future__ import annotations

import asyncio
import atexit
import copy
import logging
import math
import re
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import plotly.graph_objects as go

from justice_dashboard.catalog import Lang
from justice_dashboard.charts.theme import TEMPLATE_NAME
from justice_dashboard.i18n import t

ImageFormat = Literal["png", "svg"]
IMAGE_FORMATS: tuple[ImageFormat, ...] = ("png", "svg")
START_TIMEOUT_S = 60.0
RENDER_TIMEOUT_S = 60.0


class ChromiumMissing(RuntimeError):
    """No chromium to render with; the message says, in Vietnamese, what to install."""


class RenderFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class SizePreset:
    """An image size: the layout is drawn at width × height CSS pixels, then scaled.

    Drawing a slide at 960 × 540 and scaling by 2 gives 1920 × 1080 pixels whose text reads at slide
    size (a 14 px label becomes 28 px); drawing at 1920 × 1080 directly would give tiny text.
    """

    key: str
    width: int
    height: int
    scale: float

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)

    def label(self, lang: Lang) -> str:
        width, height = self.pixels
        return t(f"export.preset.{self.key}", lang, width=width, height=height)


PRESETS: dict[str, SizePreset] = {
    p.key: p
    for p in (
        SizePreset("slide_16_9", 960, 540, 2),  # 1920 × 1080
        SizePreset("slide_4_3", 800, 600, 2),  # 1600 × 1200
        SizePreset("a4_landscape", 1123, 794, 3),  # A4 at 96 dpi, printed at ~290 dpi
        SizePreset("square", 720, 720, 1.5),  # 1080 × 1080
    )
}
DEFAULT_PRESET = "slide_16_9"

# Roughly how wide a character of the chart's text is, as a share of the font size.
_CHAR_WIDTH = 0.5
_LINE_HEIGHT = 1.35  # a line of text, as a multiple of the font size
_LEGEND_ITEM_PX = 45  # a legend entry's symbol and gaps
_TITLE_TOP = 16  # px from the image's top to a pinned title


def _wrap_label(label: str) -> str:
    """Break a multi-word label near its middle: 'Bà Rịa - Vũng Tàu' -> 'Bà Rịa -<br>Vũng Tàu'."""
    words = label.split(" ")
    if len(words) < 2:
        return label
    best = min(
        range(1, len(words)),
        key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))),
    )
    return " ".join(words[:best]) + "<br>" + " ".join(words[best:])


def _footer(fig: go.Figure) -> Any:
    """The source line `apply_frame` puts below the plot (paper y = 0, shifted down)."""
    for annotation in fig.layout.annotations:
        if annotation.yref == "paper" and annotation.y == 0 and (annotation.yshift or 0) < 0:
            return annotation
    return None


def _grow_bottom(fig: go.Figure, pixels: float) -> None:
    """More room between the plot and the source line, which stays at the image's bottom."""
    fig.layout.margin.b = (fig.layout.margin.b or 80) + pixels
    footer = _footer(fig)
    if footer is not None:
        footer.yshift = footer.yshift - pixels


def prepare_figure(figure: go.Figure, preset: SizePreset) -> go.Figure:
    """A copy of the figure made safe for a server image at this size.

    - The project template is set if the figure has none that gives a background (a figure built
      after `import streamlit` without one would come out with black bars).
    - Category labels that would not fit side by side are broken over two lines instead of being
      turned, and the plot makes room for them above the source line.
    - A legend above the plot that needs more than one row pushes the plot down, not into the title.
    """
    fig = go.Figure(copy.deepcopy(figure.to_dict()))
    if fig.layout.template.layout.paper_bgcolor is None:
        fig.update_layout(template=TEMPLATE_NAME)
    margin = fig.layout.margin
    plot_width = preset.width - (margin.l or 80) - (margin.r or 80)
    font_size = fig.layout.font.size or fig.layout.template.layout.font.size or 12
    line = font_size * _LINE_HEIGHT
    categories: list[str] = []
    for trace in fig.data:
        if getattr(trace, "orientation", None) == "h":
            continue
        xs = getattr(trace, "x", None)
        if xs is None or not all(isinstance(x, str) for x in xs):
            continue
        categories.extend(x for x in xs if x not in categories)
    if categories:
        slot = plot_width / len(categories)
        widest = max(len(c) for c in categories) * font_size * _CHAR_WIDTH
        if widest > slot:
            fig.update_xaxes(
                tickmode="array",
                tickvals=categories,
                ticktext=[_wrap_label(c) for c in categories],
                tickangle=0,
            )
            _grow_bottom(fig, line)
    legend = fig.layout.legend
    shown = [
        str(tr.name)
        for tr in fig.data
        if tr.name and tr.showlegend is not False and fig.layout.showlegend is not False
    ]
    on_top = legend.orientation == "h" and (legend.y or 0) >= 1
    if shown and on_top:
        # Does the legend fit on the subtitle's line, right of it? If not, it gets its own rows
        # between the (pinned) title block and the plot.
        width = sum(len(n) * font_size * _CHAR_WIDTH + _LEGEND_ITEM_PX for n in shown)
        title = fig.layout.title.text or ""
        subtitle = re.sub(r"<[^>]+>", "", title.split("<br>")[-1]) if "<br>" in title else ""
        free = preset.width - (margin.r or 80) - 12 - len(subtitle) * font_size * _CHAR_WIDTH - 24
        if width > free:
            rows = math.ceil(width / plot_width)
            title_lines = title.count("<br>") + 1
            # A pinned title of n lines ends about n × 27 px below its top (measured).
            title_block = _TITLE_TOP + title_lines * 20 * _LINE_HEIGHT + 8
            fig.layout.margin.t = max(margin.t or 100, title_block + rows * line + 6)
            # Plotly anchors a multi-line title by its first line: leave room for the others.
            fig.layout.title.update(
                yref="container",
                yanchor="top",
                y=1 - (_TITLE_TOP + (title_lines - 1) * 20 * _LINE_HEIGHT) / preset.height,
            )
    return fig


class Renderer:
    """A kaleido browser kept open in a background thread; safe to call from many threads."""

    def __init__(self, lang: Lang = "vi") -> None:
        self._lang = lang
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._missing: str | None = None

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def browser_pid(self) -> int | None:
        """The chromium process behind the renderer (for measuring its memory)."""
        return getattr(getattr(self._kaleido, "subprocess", None), "pid", None)

    def start(self) -> None:
        """Start chromium once; later calls return at once. Raises ChromiumMissing."""
        with self._lock:
            if self._kaleido is not None:
                return
            if self._missing is not None:
                raise ChromiumMissing(self._missing)
            import kaleido
            from choreographer.errors import ChromeNotFoundError

            # chromium now and then writes a line that is not JSON on its pipe; choreographer
            # ignores it but logs a full traceback, which would alarm a CLI user for nothing.
            logging.getLogger("choreographer.channels.pipe").setLevel(logging.CRITICAL)

            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="kaleido-renderer", daemon=True)
            thread.start()

            async def open_browser() -> Any:
                k = kaleido.Kaleido(n=1, timeout=RENDER_TIMEOUT_S, mathjax=False)
                await k.open()
                return k

            try:
                self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(
                    START_TIMEOUT_S
                )
            except ChromeNotFoundError:
                self._missing = t("export.chromium_missing", self._lang)
                self._stop_loop(loop, thread)
                raise ChromiumMissing(self._missing) from None
            except BaseException:
                self._stop_loop(loop, thread)
                raise
            self._loop, self._thread = loop, thread
            atexit.register(self.stop)

    def render(
        self,
        figure: go.Figure,
        image_format: ImageFormat = "png",
        preset: SizePreset | str = DEFAULT_PRESET,
    ) -> bytes:
        """The figure as PNG or SVG bytes at the preset's size."""
        if isinstance(preset, str):
            preset = PRESETS[preset]
        self.start()
        fig = prepare_figure(figure, preset)
        opts = {
            "format": image_format,
            "width": preset.width,
            "height": preset.height,
            "scale": preset.scale if image_format == "png" else 1,
        }
        assert self._loop is not None
        future = asyncio.run_coroutine_threadsafe(
            self._kaleido.calc_fig(fig.to_dict(), opts=opts), self._loop
        )
        try:
            data = future.result(RENDER_TIMEOUT_S + 5)
        except FutureTimeout as error:
            future.cancel()
            raise RenderFailed(t("export.render_timeout", self._lang)) from error
        return data if isinstance(data, bytes) else str(data).encode("utf-8")

    def stop(self) -> None:
        """Close chromium and the background thread (tests and benchmarks stop what they start)."""
        with self._lock:
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
            if k is None or loop is None or thread is None:
                return
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(30)
            finally:
                self._stop_loop(loop, thread)

    @staticmethod
    def _stop_loop(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)
        loop.close()


_RENDERER: Renderer | None = None
_RENDERER_LOCK = threading.Lock()


def renderer() -> Renderer:
    """The process's one renderer (created on first use, started on the first image)."""
    global _RENDERER
    with _RENDERER_LOCK:
        if _RENDERER is None:
            _RENDERER = Renderer()
        return _RENDERER


def render_image(
    figure: go.Figure,
    image_format: ImageFormat = "png",
    preset: SizePreset | str = DEFAULT_PRESET,
) -> bytes:
    """Render with the process's renderer. Raises ChromiumMissing where there is no chromium."""
    return renderer().render(figure, image_format, preset)


def chromium_available() -> bool:
    """Whether kaleido will find a chromium (a quick look on PATH, without starting it)."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    return bool(path) and Path(str(path)).is_file()
