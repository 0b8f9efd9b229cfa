"""The ZIP of chart images: one PNG and one SVG per chart, and a README.txt listing them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Sequence

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.export.model import DeckInfo, SlideChart
from justice_dashboard.export.naming import unique_names
from justice_dashboard.export.render import (
    DEFAULT_PRESET,
    IMAGE_FORMATS,
    PRESETS,
    ImageFormat,
    render_image,
)
from justice_dashboard.i18n import t

README_NAME = "README.txt"
Progress = Callable[[int, int, str], None]


def readme_text(
    charts: Sequence[SlideChart],
    names: Sequence[Sequence[str]],
    info: DeckInfo,
    lang: Lang,
    preset: str,
) -> str:
    lines = [
        t("export.deck_title", lang, year=info.year),
        info.bloc_name,
        t(
            "export.readme_made",
            lang,
            date=fmt.date(dt.date.today(), lang),
            preset=PRESETS[preset].label(lang),
        ),
    ]
    if info.illustrative:
        lines.append(t("export.illustrative_note", lang))
    lines.append("")
    for number, (chart, files) in enumerate(zip(charts, names, strict=True), start=1):
        lines.append(f"{number}. {chart.title} — {chart.frame.subtitle}")
        lines.append("   " + t("export.readme_files", lang, files=", ".join(files)))
        lines.append("   " + chart.source_line(lang))
        lines.extend("   " + note for note in chart.frame.notes)
    return "\r\n".join(lines) + "\r\n"


def build_zip(
    charts: Sequence[SlideChart],
    info: DeckInfo,
    lang: Lang = "vi",
    *,
    formats: Sequence[ImageFormat] = IMAGE_FORMATS,
    preset: str = DEFAULT_PRESET,
    progress: Progress | None = None,
) -> bytes:
    """A ZIP with each chart as PNG and SVG, named for its content, and README.txt."""
    per_format = {f: unique_names([c.stem for c in charts], f) for f in formats}
    names = [[per_format[f][i] for f in formats] for i in range(len(charts))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for done, (chart, files) in enumerate(zip(charts, names, strict=True)):
            if progress is not None:
                progress(done, len(charts), chart.title)
            for image_format, name in zip(formats, files, strict=True):
                bundle.writestr(name, render_image(chart.figure, image_format, preset))
        bundle.writestr(README_NAME, readme_text(charts, names, info, lang, preset))
    if progress is not None:
        progress(len(charts), len(charts), "")
    return out.getvalue()
