"""The reference catalog: units, their successions, blocs, indicators, read once from `data/reference/`.

Everything a page or chart needs to label, order or colour a unit or indicator comes from here, so
the CSV files are the single place where they are declared.

Units change: on 1/7/2025 the provinces were merged (NQ 202/2025/QH15). A *unit* is a province code
with a period of validity, in reporting years (`first_year`–`last_year`, open ends allowed): Đồng
Nai to 2024 (`dong-nai-cu`) and Đồng Nai from 2025 (`dong-nai`) are two units with one code, and
Tây Ninh from 2025 carries Long An's code 80. A figure's (code, year) names exactly one unit
(`unit_for`); `unit_successions.csv` says which units became which, and every unit's *current* unit
is the one of today it became part of (`current_unit_of`).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from justice_dashboard.config import reference_dir

Lang = Literal["vi", "en"]
Kind = Literal["count", "amount", "rate"]
Direction = Literal["up", "down", "none"]


@dataclass(frozen=True)
class Unit:
    """A province as it existed over a span of reporting years (None: open-ended)."""

    unit_id: str
    code: str
    name_vi: str
    name_en: str
    short_vi: str
    short_en: str
    former_vi: str  # the name once it is gone: "Đồng Nai (cũ)"
    former_en: str
    first_year: int | None
    last_year: int | None
    colour: str
    display_order: int
    code_confirmed: bool
    note: str = ""

    def name(self, lang: Lang) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def short(self, lang: Lang) -> str:
        return self.short_vi if lang == "vi" else self.short_en

    def former(self, lang: Lang) -> str:
        return self.former_vi if lang == "vi" else self.former_en

    def label(self, lang: Lang, *, after_merger: bool) -> str:
        """Its name, or its former name when a view reaches past the year it ended."""
        return self.former(lang) if after_merger and not self.is_current else self.name(lang)

    def valid_in(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )

    @property
    def is_current(self) -> bool:
        return self.last_year is None


@dataclass(frozen=True)
class Succession:
    predecessor_id: str
    successor_id: str
    effective: dt.date
    source: str
    confirmed: bool


@dataclass(frozen=True)
class AgencyName:
    """An agency's name over reporting years (THA was renamed on 1/7/2025)."""

    agency: str
    first_year: int | None
    last_year: int | None
    name_vi: str
    name_en: str

    def covers(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (
            self.last_year is None or year <= self.last_year
        )


@dataclass(frozen=True)
class IndicatorGroup:
    code: str
    agency: str
    name_vi: str
    name_en: str
    display_order: int

    def name(self, lang: Lang) -> str:
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class Indicator:
    code: str
    group_code: str
    agency: str
    name_vi: str
    name_en: str
    unit_vi: str
    unit_en: str
    kind: Kind
    numerator: str
    denominator: str
    direction: Direction
    decimals: int
    year_basis: Literal["calendar", "enforcement"]
    headline: bool
    display_order: int
    # The largest value an intake accepts (a plausibility bound, column `max_value`); None: only
    # the bound every value has, 2^53. A catalog without the column loads with None everywhere.
    max_value: float | None = None

    def name(self, lang: Lang) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def unit(self, lang: Lang) -> str:
        return self.unit_vi if lang == "vi" else self.unit_en

    @property
    def is_rate(self) -> bool:
        return self.kind == "rate"

    @property
    def is_enforcement_year(self) -> bool:
        return self.year_basis == "enforcement"


@dataclass(frozen=True)
class Bloc:
    code: str
    name_vi: str
    name_en: str
    short_vi: str
    short_en: str

    def name(self, lang: Lang) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def short(self, lang: Lang) -> str:
        return self.short_vi if lang == "vi" else self.short_en


@dataclass(frozen=True)
class BlocMember:
    bloc_code: str
    unit_id: str
    first_year: int
    last_year: int | None
    confirmed: bool = False

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


@dataclass(frozen=True)
class PublishedFigure:
    bloc_code: str
    year: int
    indicator_code: str
    value: float
    source_vi: str
    source_en: str

    def source(self, lang: Lang) -> str:
        return self.source_vi if lang == "vi" else self.source_en


@dataclass(frozen=True)
class Catalog:
    units: tuple[Unit, ...]
    successions: tuple[Succession, ...]
    agency_names: tuple[AgencyName, ...]
    blocs: tuple[Bloc, ...]
    members: tuple[BlocMember, ...]
    groups: tuple[IndicatorGroup, ...]
    indicators: tuple[Indicator, ...]
    published: tuple[PublishedFigure, ...]
    part_constraints: tuple[tuple[str, str], ...]

    @property
    def default_bloc(self) -> Bloc:
        """The bloc the dashboard opens on: the first one declared in blocs.csv."""
        return self.blocs[0]

    def indicator(self, code: str) -> Indicator:
        return self._indicators_by_code()[code]

    def group(self, code: str) -> IndicatorGroup:
        return {g.code: g for g in self.groups}[code]

    def has_indicator(self, code: str) -> bool:
        return code in self._indicators_by_code()

    # ---- units ------------------------------------------------------------------------------

    def unit(self, unit_id: str) -> Unit:
        return self._units_by_id()[unit_id]

    def has_code(self, code: str) -> bool:
        return any(u.code == code for u in self.units)

    def unit_for(self, code: str, year: int) -> Unit | None:
        """The unit a figure of `code` for `year` belongs to, or None if no unit had that code."""
        return next((u for u in self.units if u.code == code and u.valid_in(year)), None)

    def codes(self) -> tuple[str, ...]:
        """Every province code of the catalog once: today's units' first, then the codes that
        ended, each in display order (a choice of where figures go opens on a unit of today)."""
        latest = [self.latest_unit_with_code(c) for c in dict.fromkeys(u.code for u in self.units)]
        ordered = sorted(latest, key=lambda u: (not u.is_current, u.display_order))
        return tuple(u.code for u in ordered)

    def name_for(self, code: str, year: int, lang: Lang) -> str:
        """What `code` names in `year`: that year's unit, else the latest unit that carried it
        (by its former name when it had ended by then)."""
        unit = self.unit_for(code, year) or self.latest_unit_with_code(code)
        return unit.label(lang, after_merger=unit.last_year is not None and year > unit.last_year)

    def units_with_code(self, code: str) -> tuple[Unit, ...]:
        return tuple(u for u in self.units if u.code == code)

    def latest_unit_with_code(self, code: str) -> Unit:
        """The most recent unit that carried `code` (for a label that names the code)."""
        found = self.units_with_code(code)
        if not found:
            raise KeyError(code)
        return max(found, key=lambda u: (u.last_year is None, u.last_year or 0))

    def successor_of(self, unit_id: str) -> Unit | None:
        found = next((s for s in self.successions if s.predecessor_id == unit_id), None)
        return self.unit(found.successor_id) if found else None

    def succession_of(self, unit_id: str) -> Succession | None:
        return next((s for s in self.successions if s.predecessor_id == unit_id), None)

    def predecessors(self, unit_id: str) -> tuple[Unit, ...]:
        ids = {s.predecessor_id for s in self.successions if s.successor_id == unit_id}
        return tuple(u for u in self.units if u.unit_id in ids)

    def current_unit_of(self, unit_id: str) -> Unit:
        """The unit of today that `unit_id` is part of (itself when it still exists)."""
        unit = self.unit(unit_id)
        seen = {unit_id}
        while (successor := self.successor_of(unit.unit_id)) is not None:
            if successor.unit_id in seen:
                raise ValueError(f"unit_successions.csv loops at {successor.unit_id}")
            seen.add(successor.unit_id)
            unit = successor
        return unit

    def contributors(self, current_id: str, year: int) -> tuple[Unit, ...]:
        """The units whose figures of `year` make up `current_id`'s figure re-aggregated onto
        today's units: itself once it exists, its predecessors (at any depth) before."""
        return tuple(
            u
            for u in self.units
            if u.valid_in(year) and self.current_unit_of(u.unit_id).unit_id == current_id
        )

    def bloc_units(self, bloc_code: str, year: int) -> tuple[Unit, ...]:
        """The bloc's members in a year, as they reported then, in the fixed display order."""
        ids = {m.unit_id for m in self.members if m.bloc_code == bloc_code and m.covers(year)}
        return tuple(u for u in self.units if u.unit_id in ids)

    def current_bloc_units(self, bloc_code: str) -> tuple[Unit, ...]:
        """Today's members of the bloc (the membership spells that have not ended)."""
        ids = {m.unit_id for m in self.members if m.bloc_code == bloc_code and m.last_year is None}
        return tuple(u for u in self.units if u.unit_id in ids)

    def is_member_ever(self, bloc_code: str, unit_id: str) -> bool:
        return any(m.bloc_code == bloc_code and m.unit_id == unit_id for m in self.members)

    def merger_year(self) -> int | None:
        """The first reporting year of the units that came out of a merger (2025), or None."""
        years = [self.unit(s.successor_id).first_year for s in self.successions]
        return min((y for y in years if y is not None), default=None)

    def agency_name(self, agency: str, year: int, lang: Lang) -> str:
        for name in self.agency_names:
            if name.agency == agency and name.covers(year):
                return name.name_vi if lang == "vi" else name.name_en
        return agency

    def colours(self) -> dict[str, str]:
        return {u.unit_id: u.colour for u in self.units}

    def headline_indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.headline)

    def stored_indicators(self) -> tuple[Indicator, ...]:
        """Indicators whose values are submitted (rates are derived from their parts)."""
        return tuple(i for i in self.indicators if not i.is_rate)

    def published_figure(self, bloc_code: str, year: int, code: str) -> PublishedFigure | None:
        for f in self.published:
            if (f.bloc_code, f.year, f.indicator_code) == (bloc_code, year, code):
                return f
        return None

    def part_whole_pairs(self) -> tuple[tuple[str, str], ...]:
        """Every (part, whole) pair: each rate's numerator and denominator, plus declared extras."""
        from_rates = tuple((i.numerator, i.denominator) for i in self.indicators if i.is_rate)
        return from_rates + self.part_constraints

    def _units_by_id(self) -> dict[str, Unit]:
        return {u.unit_id: u for u in self.units}

    def _indicators_by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def _bool(text: str) -> bool:
    return text.lower() in {"true", "1", "yes"}


def _year(text: str) -> int | None:
    return int(text) if text else None


@lru_cache(maxsize=4)
def load_catalog(folder: Path | None = None) -> Catalog:
    ref = folder or reference_dir()
    units = sorted(
        (
            Unit(
                **{
                    **{k: v for k, v in r.items() if k not in ("valid_from", "valid_to")},
                    "first_year": _year(r["first_year"]),
                    "last_year": _year(r["last_year"]),
                    "display_order": int(r["display_order"]),
                    "code_confirmed": _bool(r["code_confirmed"]),
                }
            )
            for r in _rows(ref / "units.csv")
        ),
        key=lambda u: u.display_order,
    )
    successions = tuple(
        Succession(
            predecessor_id=r["predecessor_id"],
            successor_id=r["successor_id"],
            effective=dt.date.fromisoformat(r["effective"]),
            source=r["source"],
            confirmed=_bool(r["confirmed"]),
        )
        for r in _rows(ref / "unit_successions.csv")
    )
    agency_names = tuple(
        AgencyName(
            agency=r["agency"],
            first_year=_year(r["first_year"]),
            last_year=_year(r["last_year"]),
            name_vi=r["name_vi"],
            name_en=r["name_en"],
        )
        for r in _rows(ref / "agencies.csv")
    )
    groups = sorted(
        (
            IndicatorGroup(**{**r, "display_order": int(r["display_order"])})
            for r in _rows(ref / "indicator_groups.csv")
        ),
        key=lambda g: g.display_order,
    )
    indicators = sorted(
        (
            Indicator(
                **{
                    **r,
                    "decimals": int(r["decimals"]),
                    "headline": _bool(r["headline"]),
                    "display_order": int(r["display_order"]),
                    "max_value": float(r["max_value"]) if r.get("max_value") else None,
                }
            )
            for r in _rows(ref / "indicators.csv")
        ),
        key=lambda i: i.display_order,
    )
    members = tuple(
        BlocMember(
            bloc_code=r["bloc_code"],
            unit_id=r["unit_id"],
            first_year=int(r["first_year"]),
            last_year=int(r["last_year"]) if r["last_year"] else None,
            confirmed=_bool(r.get("confirmed", "")),
        )
        for r in _rows(ref / "bloc_members.csv")
    )
    published = tuple(
        PublishedFigure(
            bloc_code=r["bloc_code"],
            year=int(r["year"]),
            indicator_code=r["indicator_code"],
            value=float(r["value"]),
            source_vi=r["source_vi"],
            source_en=r["source_en"],
        )
        for r in _rows(ref / "published_figures.csv")
    )
    return Catalog(
        units=tuple(units),
        successions=successions,
        agency_names=agency_names,
        blocs=tuple(Bloc(**r) for r in _rows(ref / "blocs.csv")),
        members=members,
        groups=tuple(groups),
        indicators=tuple(indicators),
        published=published,
        part_constraints=tuple(
            (r["part_code"], r["whole_code"]) for r in _rows(ref / "part_constraints.csv")
        ),
    )
