"""The reference catalog: provinces, blocs, indicators, targets, read once from `data/reference/`.

Everything a page or chart needs to label, order or colour a province or indicator comes from here,
so the CSV files are the single place where they are declared.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from justice_dashboard.config import reference_dir

Lang = Literal["vi", "en"]
Kind = Literal["count", "amount", "rate"]
Direction = Literal["up", "down", "none"]


@dataclass(frozen=True)
class Province:
    code: str
    name_vi: str
    name_en: str
    short_vi: str
    short_en: str
    colour: str
    display_order: int
    merged_into_code: str
    merged_into_vi: str
    merged_into_en: str
    merged_from: str

    def name(self, lang: Lang) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def short(self, lang: Lang) -> str:
        return self.short_vi if lang == "vi" else self.short_en


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
    province_code: str
    first_year: int
    last_year: int | None

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
    provinces: tuple[Province, ...]
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

    def province(self, code: str) -> Province:
        return self._provinces_by_code()[code]

    def indicator(self, code: str) -> Indicator:
        return self._indicators_by_code()[code]

    def group(self, code: str) -> IndicatorGroup:
        return {g.code: g for g in self.groups}[code]

    def has_indicator(self, code: str) -> bool:
        return code in self._indicators_by_code()

    def has_province(self, code: str) -> bool:
        return code in self._provinces_by_code()

    def bloc_provinces(self, bloc_code: str, year: int) -> tuple[Province, ...]:
        """The bloc's members in a year, in the fixed display order."""
        codes = {
            m.province_code for m in self.members if m.bloc_code == bloc_code and m.covers(year)
        }
        return tuple(p for p in self.provinces if p.code in codes)

    def colours(self) -> dict[str, str]:
        return {p.code: p.colour for p in self.provinces}

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

    def _provinces_by_code(self) -> dict[str, Province]:
        return {p.code: p for p in self.provinces}

    def _indicators_by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def _bool(text: str) -> bool:
    return text.lower() in {"true", "1", "yes"}


@lru_cache(maxsize=4)
def load_catalog(folder: Path | None = None) -> Catalog:
    ref = folder or reference_dir()
    provinces = sorted(
        (
            Province(**{**r, "display_order": int(r["display_order"])})
            for r in _rows(ref / "provinces.csv")
        ),
        key=lambda p: p.display_order,
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
            province_code=r["province_code"],
            first_year=int(r["first_year"]),
            last_year=int(r["last_year"]) if r["last_year"] else None,
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
        provinces=tuple(provinces),
        blocs=tuple(Bloc(**r) for r in _rows(ref / "blocs.csv")),
        members=members,
        groups=tuple(groups),
        indicators=tuple(indicators),
        published=published,
        part_constraints=tuple(
            (r["part_code"], r["whole_code"]) for r in _rows(ref / "part_constraints.csv")
        ),
    )
