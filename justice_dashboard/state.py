"""The view state shared by every page, and its round trip through the URL (`st.query_params`).

Pure functions only: `parse_view` turns query parameters into a valid `View` plus notices for any
value that had to fall back to its default; `view_params` turns a `View` back into parameters.
Session-state keys are named here once.

URL parameters (every one optional; a missing one takes its default):

| param | meaning | default |
|---|---|---|
| `lang` | `vi` or `en` | `vi` |
| `year` | the year of single-year views | the latest year with figures |
| `provinces` | province codes, comma-separated (`70,75`) | every member of the bloc |
| `indicator` | indicator code (`TA04`) | `DEFAULT_INDICATOR` |
| `from`, `to` | the year range of multi-year views | every year with figures |
| `norm` | `absolute`, `per100k` (counts only) or `share` (share of the bloc) | `absolute` |
| `asof` | `YYYY-MM-DD`: the figures as they stood at the end of that day (UTC) | the latest |
| `province` | the province of the profile page | the first chosen province |
| `units` | `reported` (each year by the units that existed then) or `current` (history re-aggregated onto today's units) | `current` when the years shown reach the 2025 merger, else `reported` |
| `highlight` | province codes among the shown ones, drawn in their colours against the others in grey (`75,74`) | none: every unit in its colour |

Provinces are named by code. Under `current` the codes are today's units' (an old code in a link,
e.g. Bình Phước's 70, stands for the unit it became part of, Đồng Nai's 75); under `reported` a
code stands for each unit that carried it in the years shown.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from justice_dashboard.catalog import Catalog, Lang, Unit, load_catalog

KEY_LANG = "view_lang"
KEY_YEAR = "view_year"
KEY_PROVINCES = "view_provinces"
KEY_INDICATOR = "view_indicator"
KEY_RANGE = "view_range"
KEY_NORMALISATION = "view_normalisation"
KEY_AS_OF = "view_as_of"
KEY_FOCUS = "view_focus"  # not a widget: the profile page's province survives page switches
KEY_UNITS = "view_units"
KEY_HIGHLIGHT = "view_highlight"
KEY_UNITS_CHOSEN = "view_units_chosen"  # the link or the user chose the view; else it follows years
KEY_NOTICES = "view_notices"
KEY_COMPARE_TAB = "compare_tab"  # the compare page's open tab (its label), a widget
KEY_COMPARE_TAB_INDEX = "compare_tab_index"  # and its position, kept across languages and pages
KEY_COMPARE_MEASURE = "compare_measure"  # the lines tab's values or change since the first year

Normalisation = Literal["absolute", "per100k", "share"]
NORMALISATIONS: tuple[Normalisation, ...] = ("absolute", "per100k", "share")
Units = Literal["reported", "current"]
UNITS: tuple[Units, ...] = ("reported", "current")
DEFAULT_INDICATOR = "TA04"


@dataclass(frozen=True)
class View:
    lang: Lang
    year: int
    provinces: tuple[str, ...] = ()
    indicator: str = DEFAULT_INDICATOR
    first_year: int = 0
    last_year: int = 0
    normalisation: Normalisation = "absolute"
    as_of: dt.date | None = None
    focus: str = ""
    units: Units = "reported"
    highlight: tuple[str, ...] = ()  # codes among `provinces` drawn in colour, the others grey
    notices: tuple[str, ...] = field(default=(), compare=False)

    @property
    def as_of_timestamp(self) -> dt.datetime | None:
        """The moment the `as_of` date stands for: the end of that day (UTC), or None (latest)."""
        if self.as_of is None:
            return None
        return dt.datetime.combine(self.as_of, dt.time(23, 59, 59, 999999))

    @property
    def years(self) -> tuple[int, int]:
        return (self.first_year, self.last_year)


def default_units(catalog: Catalog, last_year_shown: int) -> Units:
    """`current` when the years shown reach the year the merged units first report (2025), else
    `reported` (a view of 2018–2024 shows the units as they were)."""
    merger = catalog.merger_year()
    return "current" if merger is not None and last_year_shown >= merger else "reported"


def _shown_units(catalog: Catalog, units: Units, first: int, last: int, bloc: str) -> list[Unit]:
    if units == "current":
        return list(catalog.current_bloc_units(bloc))
    found = {u.unit_id: u for y in range(first, last + 1) for u in catalog.bloc_units(bloc, y)}
    return sorted(found.values(), key=lambda u: u.display_order)


def member_codes(
    catalog: Catalog, units: Units, first_year: int, last_year: int, bloc_code: str | None = None
) -> tuple[str, ...]:
    """The province codes a user can choose, in the fixed display order: today's members under
    `current`; under `reported` the members of any year from `first_year` to `last_year` (a code
    once, where it first appears: Đồng Nai's 75 names the old and the merged province)."""
    bloc = bloc_code or catalog.default_bloc.code
    codes = [u.code for u in _shown_units(catalog, units, first_year, last_year, bloc)]
    return tuple(dict.fromkeys(codes))


def code_label(
    catalog: Catalog,
    code: str,
    units: Units,
    first_year: int,
    last_year: int,
    lang: Lang,
    bloc_code: str | None = None,
    *,
    short: bool = False,
) -> str:
    """A code's name as a choice: its latest unit among the members shown, by its former name
    ("Bình Phước (cũ)") when the years shown go past the year it ended; `short`: its short name."""
    bloc = bloc_code or catalog.default_bloc.code
    shown = [u for u in _shown_units(catalog, units, first_year, last_year, bloc) if u.code == code]
    unit = shown[-1] if shown else catalog.latest_unit_with_code(code)
    if short:
        return unit.short(lang)
    ended = unit.last_year is not None and last_year > unit.last_year
    return unit.label(lang, after_merger=ended)


def carried_codes(
    catalog: Catalog, codes: Iterable[str], options: tuple[str, ...], units: Units
) -> tuple[str, ...]:
    """Chosen codes kept for the choices shown: under `current` an old code becomes the code of
    the unit it is now part of (Bình Phước's 70 → Đồng Nai's 75); codes not among `options` are
    left out. In the order of `options`."""
    kept = set()
    for code in codes:
        if code in options:
            kept.add(code)
        elif units == "current" and catalog.has_code(code):
            for unit in catalog.units_with_code(code):
                current = catalog.current_unit_of(unit.unit_id).code
                if current in options:
                    kept.add(current)
    return tuple(c for c in options if c in kept)


# ASCII digits only: str.isdigit() and int() also take "²", "٢٠٢٢" or 5.000 digits.
_YEAR_TEXT = re.compile(r"[0-9]{4}")
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CODE_TEXT = re.compile(r"[0-9]{1,3}")


def _link_codes(
    raw: str, catalog: Catalog, options: tuple[str, ...], units: Units
) -> tuple[tuple[str, ...], bool]:
    """The codes a link lists that are among `options` (`carried_codes`), and whether the link
    was clean: every item a code of the catalog (ASCII digits only) and at least one kept."""
    asked = [c.strip() for c in raw.split(",") if c.strip()]
    codes = [c for c in asked if _CODE_TEXT.fullmatch(c) and catalog.has_code(c)]
    known = carried_codes(catalog, codes, options, units)
    return known, bool(asked) and len(codes) == len(asked) and bool(known)


def _year(raw: str | None, years: list[int]) -> int | None:
    """A year from the link: four ASCII digits naming a year with figures; -1 for anything else."""
    if raw is None:
        return None
    text = raw.strip()
    if _YEAR_TEXT.fullmatch(text) and int(text) in years:
        return int(text)
    return -1


def parse_view(params: dict[str, str], years: list[int], catalog: Catalog | None = None) -> View:
    """Read the view from URL parameters; anything unknown or malformed falls back to its default.

    Each fallback adds a notice naming the parameter (`url.fallback.<name>` in the strings).
    """
    catalog = catalog or load_catalog()
    notices: list[str] = []

    lang: Lang = "vi"
    raw_lang = params.get("lang")
    if raw_lang in ("vi", "en"):
        lang = raw_lang  # type: ignore[assignment]
    elif raw_lang is not None:
        notices.append("lang")

    latest = max(years) if years else 0
    year = latest
    parsed = _year(params.get("year"), years)
    if parsed == -1:
        notices.append("year")
    elif parsed is not None:
        year = parsed

    indicator = DEFAULT_INDICATOR if catalog.has_indicator(DEFAULT_INDICATOR) else ""
    if not indicator and catalog.indicators:
        indicator = catalog.indicators[0].code
    raw_indicator = params.get("indicator")
    if raw_indicator is not None:
        if catalog.has_indicator(raw_indicator.strip().upper()):
            indicator = raw_indicator.strip().upper()
        else:
            notices.append("indicator")

    first_year = min(years) if years else 0
    last_year = latest
    raw_first, raw_last = _year(params.get("from"), years), _year(params.get("to"), years)
    if -1 in (raw_first, raw_last) or (
        raw_first is not None and raw_last is not None and raw_first > raw_last
    ):
        notices.append("range")
    else:
        first_year = raw_first if raw_first is not None else first_year
        last_year = raw_last if raw_last is not None else last_year
        if first_year > last_year:
            notices.append("range")
            first_year, last_year = min(years) if years else 0, latest

    normalisation: Normalisation = "absolute"
    raw_norm = params.get("norm")
    if raw_norm in NORMALISATIONS:
        normalisation = raw_norm  # type: ignore[assignment]
    elif raw_norm is not None:
        notices.append("norm")

    units: Units = default_units(catalog, max(year, last_year))
    raw_units = params.get("units")
    if raw_units in UNITS:
        units = raw_units  # type: ignore[assignment]
    elif raw_units is not None:
        notices.append("units")

    shown = (min(first_year, year), max(last_year, year))
    members = member_codes(catalog, units, *shown)
    provinces = members
    raw_provinces = params.get("provinces")
    if raw_provinces is not None:
        known, clean = _link_codes(raw_provinces, catalog, members, units)
        if not clean:
            notices.append("provinces")
        if known:
            provinces = known

    highlight: tuple[str, ...] = ()
    raw_highlight = params.get("highlight")
    if raw_highlight is not None and raw_highlight.strip():
        highlight, clean = _link_codes(raw_highlight, catalog, provinces, units)
        if not clean:
            notices.append("highlight")

    as_of: dt.date | None = None
    raw_as_of = params.get("asof")
    if raw_as_of is not None and raw_as_of.strip():
        try:
            if not _DATE_TEXT.fullmatch(raw_as_of.strip()):
                raise ValueError(raw_as_of)
            as_of = dt.date.fromisoformat(raw_as_of.strip())
        except ValueError:
            notices.append("asof")

    focus = provinces[0] if provinces else ""
    raw_focus = params.get("province")
    if raw_focus is not None:
        carried = carried_codes(catalog, [raw_focus.strip()], members, units)
        if carried:
            focus = carried[0]
        else:
            notices.append("province")

    return View(
        lang=lang,
        year=year,
        provinces=provinces,
        indicator=indicator,
        first_year=first_year,
        last_year=last_year,
        normalisation=normalisation,
        as_of=as_of,
        focus=focus,
        units=units,
        highlight=highlight,
        notices=tuple(notices),
    )


def view_params(view: View) -> dict[str, str]:
    """The URL parameters that reproduce `view` (`parse_view(view_params(v)) == v`)."""
    params = {
        "lang": view.lang,
        "year": str(view.year),
        "provinces": ",".join(view.provinces),
        "indicator": view.indicator,
        "from": str(view.first_year),
        "to": str(view.last_year),
        "norm": view.normalisation,
        "units": view.units,
    }
    if view.as_of is not None:
        params["asof"] = view.as_of.isoformat()
    if view.focus:
        params["province"] = view.focus
    if view.highlight:
        params["highlight"] = ",".join(view.highlight)
    return params
