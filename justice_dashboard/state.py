"""The view state shared by every page, and its round trip through the URL (`st.query_params`).

Pure functions only: `parse_view` turns query parameters into a valid `View` plus notices for any
value that had to fall back to its default; `view_params` turns a `View` back into parameters.
Session-state keys are named here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from justice_dashboard.catalog import Lang

KEY_LANG = "view_lang"
KEY_YEAR = "view_year"
KEY_NOTICES = "view_notices"


@dataclass(frozen=True)
class View:
    lang: Lang
    year: int
    notices: tuple[str, ...] = field(default=(), compare=False)


def parse_view(params: dict[str, str], years: list[int]) -> View:
    """Read `lang` and `year`; anything unknown or malformed falls back to the default."""
    notices: list[str] = []
    lang: Lang = "vi"
    raw_lang = params.get("lang")
    if raw_lang in ("vi", "en"):
        lang = raw_lang  # type: ignore[assignment]
    elif raw_lang is not None:
        notices.append("lang")
    year = max(years) if years else 0
    raw_year = params.get("year")
    if raw_year is not None:
        if raw_year.strip().isdigit() and int(raw_year) in years:
            year = int(raw_year)
        else:
            notices.append("year")
    return View(lang=lang, year=year, notices=tuple(notices))


def view_params(view: View) -> dict[str, str]:
    return {"lang": view.lang, "year": str(view.year)}
