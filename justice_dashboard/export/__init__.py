"""Slide-ready exports: server images at slide size, the image bundle and the PowerPoint pack."""

from justice_dashboard.export.bundle import build_zip
from justice_dashboard.export.deck import build_deck
from justice_dashboard.export.model import DeckInfo, SlideChart
from justice_dashboard.export.render import (
    DEFAULT_PRESET,
    PRESETS,
    ChromiumMissing,
    render_image,
    renderer,
)

__all__ = [
    "DEFAULT_PRESET",
    "PRESETS",
    "ChromiumMissing",
    "DeckInfo",
    "SlideChart",
    "build_deck",
    "build_zip",
    "render_image",
    "renderer",
]
