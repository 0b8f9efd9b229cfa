"""The project's chart template and the frame every figure carries (title, unit, years, source).

Every figure sets this template explicitly: Streamlit swaps Plotly's default template for one whose
colours only a browser fills in, so a server-rendered image would otherwise come out black.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.i18n import t

TEMPLATE_NAME = "justice"
FONT_FAMILY = "Noto Sans, DejaVu Sans, Arial, sans-serif"
TEXT_COLOUR = "#1f2933"
MUTED_COLOUR = "#5f6b7a"
GRID_COLOUR = "#e4e7eb"
BLOC_COLOUR = "#333333"
TARGET_COLOUR = "#b00020"
MISSING_COLOUR = "#bfc5cc"
# The units not highlighted, drawn for context behind the highlighted ones (lighter than "missing").
CONTEXT_COLOUR = "#d5d9de"
# Value axes show whole figures with the reader's separators (30.000 or 30,000, not "30k"); years "d".
VALUE_TICKS = ",~f"
YEAR_TICKS = "d"


# What the charts take from `plotly_white`: the layout parts our trace types read, and the few trace
# defaults that show (white bar outlines, the heatmap's plain colour bar). Copying the whole template
# (every trace type's defaults, 3D scenes, maps, colour scales) made setting it cost ~7 ms per figure,
# because Plotly deep-copies and validates a template each time a figure sets it; this one ~2 ms.
_BASE_LAYOUT_PARTS = (
    "autotypenumbers",
    "colorway",
    "font",
    "hovermode",
    "hoverlabel",
    "paper_bgcolor",
    "plot_bgcolor",
    "polar",
    "xaxis",
    "yaxis",
    "shapedefaults",
    "annotationdefaults",
    "title",
)


def _template() -> go.layout.Template:
    base = pio.templates["plotly_white"].to_plotly_json()
    layout = {k: v for k, v in base["layout"].items() if k in _BASE_LAYOUT_PARTS}
    bar_line = base["data"]["bar"][0]["marker"]["line"]
    template = go.layout.Template(
        layout=layout,
        data={
            "bar": [{"marker": {"line": bar_line}}],
            "heatmap": [{"colorbar": base["data"]["heatmap"][0]["colorbar"]}],
        },
    )
    template.layout.update(
        font={"family": FONT_FAMILY, "color": TEXT_COLOUR, "size": 14},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        separators=fmt.SEPARATORS["vi"],
        title={"x": 0.0, "xanchor": "left", "font": {"size": 20}},
        xaxis={"gridcolor": GRID_COLOUR, "linecolor": GRID_COLOUR},
        yaxis={"gridcolor": GRID_COLOUR, "linecolor": GRID_COLOUR, "zerolinecolor": GRID_COLOUR},
        legend={"bgcolor": "rgba(255,255,255,0)"},
        hoverlabel={"font": {"family": FONT_FAMILY}},
    )
    return template


pio.templates[TEMPLATE_NAME] = _template()


@dataclass(frozen=True)
class ChartFrame:
    """What every chart image must carry besides its data."""

    title: str
    subtitle: str  # unit, year or range, provinces
    source: str
    data_date: dt.datetime | None
    illustrative: bool
    notes: tuple[str, ...] = ()  # e.g. the enforcement-year rule on THA charts


def frame_meta(frame: ChartFrame) -> dict[str, object]:
    """The frame as plain JSON values (kept in `layout.meta["frame"]`)."""
    return {
        "title": frame.title,
        "subtitle": frame.subtitle,
        "source": frame.source,
        "data_date": frame.data_date.isoformat() if frame.data_date else None,
        "illustrative": frame.illustrative,
        "notes": list(frame.notes),
    }


def frame_from_meta(meta: object) -> ChartFrame | None:
    """The frame `apply_frame` stored in a figure's layout.meta, or None."""
    stored = meta.get("frame") if isinstance(meta, dict) else None
    if not isinstance(stored, dict):
        return None
    date = stored.get("data_date")
    return ChartFrame(
        title=str(stored.get("title", "")),
        subtitle=str(stored.get("subtitle", "")),
        source=str(stored.get("source", "")),
        data_date=dt.datetime.fromisoformat(date) if date else None,
        illustrative=bool(stored.get("illustrative")),
        notes=tuple(stored.get("notes") or ()),
    )


def footer_lines(frame: ChartFrame, lang: Lang) -> list[str]:
    """What a chart's footer says: the source, data date and illustrative flag, then its notes."""
    parts = [t("app.source_line", lang, source=frame.source)]
    if frame.data_date is not None:
        parts.append(t("app.data_date", lang, date=fmt.date(frame.data_date, lang)))
    if frame.illustrative:
        parts.append(t("app.illustrative_short", lang))
    return [" · ".join(parts), *frame.notes]


def footer_text(frame: ChartFrame, lang: Lang) -> str:
    return "<br>".join(footer_lines(frame, lang))


def _set_template(layout: go.Layout) -> None:
    """Give the figure its own copy of the `justice` template, without validating it again.

    The template was validated once when it was built; Plotly sets its default template the same
    way (`BaseFigure._initialize_layout_template`). Validating it on every figure cost ~1,2 ms.
    """
    validate, layout._validate = layout._validate, False
    try:
        layout.template = pio.templates[TEMPLATE_NAME]
    finally:
        layout._validate = validate


def apply_frame(
    fig: go.Figure,
    frame: ChartFrame,
    lang: Lang,
    *,
    top: float = 0,
    right: float = 30,
    bottom: float = 70,
    left: float = 70,
) -> go.Figure:
    """Template, separators, title with subtitle, and the source footer, on any figure; fitted to
    a page's width (`charts.fit`). `top`: room the chart needs between its title block (and legend)
    and its plot (names above a heatmap's columns); `right`, `left`: the margins beside the plot;
    `bottom`: the room under the plot for its axis, above the footer."""
    from justice_dashboard.charts.fit import PAGE_WIDTH, fit_figure

    layout = fig.layout
    _set_template(layout)
    layout.separators = fmt.plotly_separators(lang)
    # The frame travels with the figure, so an export (slide title, notes) reads it back, and so
    # does `fit_figure` when the chart is drawn at another width.
    fit = {"lang": lang, "top": top, "right": right, "bottom": bottom, "left": left}
    layout.meta = {"frame": frame_meta(frame), "fit": fit}
    fig.add_annotation(
        text=footer_text(frame, lang),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-1,
        xanchor="left",
        yanchor="bottom",
        align="left",
        showarrow=False,
        font={"size": 12, "color": MUTED_COLOUR},
    )
    return fit_figure(fig, PAGE_WIDTH)


def enforcement_year_note(year: int, lang: Lang) -> str:
    return t("app.enforcement_year_note", lang, year=year, previous=year - 1)


def names_of(rows: pd.DataFrame, lang: Lang) -> list[str]:
    """The names a chart shows: a unit's label (its former name once the view goes past the year it
    ended, "Đồng Nai (cũ)") where the rows carry one, else its name."""
    label = "label_vi" if lang == "vi" else "label_en"
    name = "name_vi" if lang == "vi" else "name_en"
    return rows[label if label in rows else name].tolist()


def highlighted(rows: pd.DataFrame, highlight: Collection[str]) -> list[bool]:
    """Whether each row's unit is drawn in its colour: every unit with no highlight, else the
    highlighted codes only."""
    if not highlight:
        return [True] * len(rows)
    chosen = set(highlight)
    return [str(code) in chosen for code in rows["province_code"]]


def shown_colours(rows: pd.DataFrame, highlight: Collection[str]) -> list[str]:
    """Each row's colour as drawn: its unit's fixed colour, or the context grey when other units
    are highlighted."""
    return [
        colour if lit else CONTEXT_COLOUR
        for colour, lit in zip(rows["colour"], highlighted(rows, highlight), strict=True)
    ]


def partial_flags(rows: pd.DataFrame) -> list[bool]:
    """Whether each row's figure is partial (a re-aggregated figure missing a predecessor)."""
    if "partial" not in rows:
        return [False] * len(rows)
    return [bool(p) if p == p and p is not None else False for p in rows["partial"]]


def bar_marker(colours: list[str], partial: list[bool]) -> dict[str, object]:
    """Bars in their units' colours; a partial figure's bar hatched (visibly not a whole figure)."""
    return {
        "color": colours,
        "line": {"color": colours, "width": 1.5},
        "pattern": {
            "shape": ["x" if p else "" for p in partial],
            "fillmode": "overlay",
            "fgcolor": "#ffffff",
            "size": 9,
            "solidity": 0.4,
        },
    }
