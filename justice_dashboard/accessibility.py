"""What every page carries for people who read it with a screen reader, a keyboard or weak eyes:
the page's language declared on `<html lang>`, captions and the notes of the charts' camera dark
enough to read (WCAG AA, 4,5:1), a focus ring on the sidebar's links, and for each chart a text
alternative that only assistive technology reads (`chart_text`, written by `ui.show_chart`).

Drawn once per run by app.py (`page_shell`), before the page.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.charts.theme import MUTED_COLOUR, ChartFrame, names_of
from justice_dashboard.compare import value_text
from justice_dashboard.i18n import t

if TYPE_CHECKING:
    from justice_dashboard.export.chart_data import ChartData

# Streamlit draws captions in the text colour at 60% opacity (#797f85 on white: 4,04:1, under
# WCAG AA's 4,5:1 for body text); the charts' muted grey, opaque, reads at 5,4:1 on white and
# 4,9:1 on the sidebar's #f3f5f7. No theme option sets the caption colour, hence this rule.
CAPTION_COLOUR = MUTED_COLOUR
# The theme's primary colour: 5,2:1 on white and 4,7:1 on the sidebar (a focus ring needs 3:1).
FOCUS_COLOUR = "#0072B2"
# Plotly's notes after the camera ("Đang chuẩn bị ảnh…") are white on a translucent grey-blue
# (#98a1b7 over white: 2,6:1); on the text colour they read at 14:1.
NOTE_BACKGROUND = "#1f2933"
VISUALLY_HIDDEN = "visually-hidden"
SHELL_MARK = "jd-page-shell"

STYLE = f"""
<style>
.stApp [data-testid="stCaptionContainer"] {{ color: {CAPTION_COLOUR}; opacity: 1; }}
.stApp [data-testid="stSidebarNav"] a:focus-visible {{
  outline: 2px solid {FOCUS_COLOUR};
  outline-offset: 2px;
}}
.plotly-notifier .notifier-note {{ background-color: {NOTE_BACKGROUND}; }}
.{VISUALLY_HIDDEN} {{
  position: absolute !important;
  width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}}
/* The element holding a hidden text (or this shell) takes no room in the page's layout. */
[data-testid="stElementContainer"]:has(.{VISUALLY_HIDDEN}),
[data-testid="stElementContainer"]:has(.{SHELL_MARK}) {{
  position: absolute; width: 1px; height: 1px; overflow: hidden;
}}
</style>
"""


def page_shell(lang: Lang) -> None:
    """The page's stylesheet and its `<html lang>` (Streamlit serves its page as `lang="en"` and
    offers no setting; a script sets the attribute, and again whenever the language changes)."""
    st.html(
        f'{STYLE}<span class="{SHELL_MARK}" hidden></span>'
        f"<script>document.documentElement.lang = {json.dumps(lang)};</script>",
        unsafe_allow_javascript=True,
    )


# A chart's values are listed one by one up to this many; past it, the count and the extremes.
LISTED_VALUES = 12


def chart_text(frame: ChartFrame, data: ChartData | None, lang: Lang) -> str:
    """A chart's text alternative: its title and subtitle, and one line on the data it draws."""
    summary = chart_summary(data, lang) if data is not None else ""
    named = f"{frame.title} ({frame.subtitle})" if frame.subtitle else frame.title
    return t("a11y.chart", lang, chart=named, summary=summary).strip()


def chart_summary(data: ChartData, lang: Lang) -> str:
    """One line on a chart's data: one indicator's values named by unit (highest first; with
    several years, the count and the highest and lowest), else how many rows it has."""
    rows = data.rows
    written = _value_writer(data, lang)
    if written is None or "name_vi" not in rows:
        return t("a11y.chart_rows", lang, count=fmt.number(len(rows), lang=lang))
    column, write = written
    names = names_of(rows, lang)
    years = [int(y) for y in rows["year"]] if "year" in rows else [data.year] * len(rows)
    shown = sorted(
        (
            (float(v), name, year)
            for v, name, year in zip(rows[column], names, years, strict=True)
            if not fmt.is_missing(v)
        ),
        key=lambda item: -item[0],
    )

    def item(value: float, name: str, year: int | None, with_year: bool) -> str:
        return f"{f'{name}, {year}' if with_year else name}: {write(value)}"

    several_years = len(set(years)) > 1
    if not several_years and len(shown) <= LISTED_VALUES:
        return t("a11y.chart_values", lang, values="; ".join(item(*s, False) for s in shown))
    if not shown:
        return t("a11y.chart_rows", lang, count=fmt.number(len(rows), lang=lang))
    known = [y for y in years if y is not None]
    return t(
        "a11y.chart_range",
        lang,
        count=fmt.number(len(shown), lang=lang),
        years=_years_text(known),
        high=item(*shown[0], several_years),
        low=item(*shown[-1], several_years),
    )


def _years_text(years: list[int]) -> str:
    if not years:
        return ""
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"


def _value_writer(data: ChartData, lang: Lang) -> tuple[str, Callable[[float], str]] | None:
    """The column holding the figure a chart draws, and how the reader sees it written: the
    indicator's value, else the first further column (a composite score), else None."""
    indicator = data.indicator
    if data.values and indicator is not None and "value" in data.rows:
        return "value", lambda v: value_text(indicator, v, data.normalisation, lang)
    if not data.values and data.columns and data.columns[0].name in data.rows:
        first = data.columns[0]
        return first.name, lambda v: fmt.number(v * first.scale, first.decimals, lang)
    return None


def hidden_text(text: str) -> None:
    """Text that a screen reader reads and the page does not show (it takes no room)."""
    st.html(f'<p class="{VISUALLY_HIDDEN}">{html.escape(text)}</p>')
