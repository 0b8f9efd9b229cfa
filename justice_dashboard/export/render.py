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
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import plotly.graph_objects as go

from justice_dashboard.catalog import Lang
from justice_dashboard.charts.fit import fit_figure
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


# A chart that needs more height than this share of the preset's keeps its own height in the
# image (the profile's and the heatmap's rows would run into each other squeezed to 16:9).
TALL_SHARE = 1.25


def image_height(figure: go.Figure, preset: SizePreset) -> int:
    """The layout height an image of the figure is drawn at: the preset's, or the figure's own
    where it is much taller (the image is then taller than the preset, its width the preset's)."""
    own = figure.layout.height or 0
    return int(own) if own > preset.height * TALL_SHARE else preset.height


def prepare_figure(figure: go.Figure, preset: SizePreset) -> go.Figure:
    """A copy of the figure made safe for a server image at this size.

    - The project template is set if the figure has none that gives a background (a figure built
      after `import streamlit` without one would come out with black bars).
    - Its title, legend, category labels and footer are fitted to the image's width
      (`charts.fit.fit_figure`): broken over lines, never turned or run into each other.
    """
    fig = go.Figure(copy.deepcopy(figure.to_dict()))
    if fig.layout.template.layout.paper_bgcolor is None:
        fig.update_layout(template=TEMPLATE_NAME)
    fig.layout.height = image_height(fig, preset)
    return fit_figure(fig, preset.width, fig.layout.height)


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
            "height": fig.layout.height,
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
