"""Points from the figures, the way a scoring table (bảng chấm điểm thi đua) gives them: pure, no
Streamlit, no language (each score carries a reason key and its values; `display` words them).

Rules, one per criterion:
- `ladder`: the points of the highest step whose lower bound the value reaches (bounds inclusive,
  compared at 10 decimals: exactly 95% is the 95–<100% step), 0 below the lowest step;
- `proportional`: achieved / target × the criterion's points, capped at them; where the table gives
  a bonus, `bonus_per_point` for each percentage point above the target, up to `bonus_max`;
- `met`: the criterion's points when the value meets the target ("gt" only above it, "ge" at it or
  above), else 0;
- `manual`: the points the secretariat entered (0 to the maximum) with a note; none entered: 0;
- `penalty`: a deduction the secretariat entered (0 to the maximum), subtracted from the total.
A criterion's target is the unit's own assigned one where it has one, else the table's, else the
national target of the year; the score says which. A missing or partial figure (a re-aggregated
one with a predecessor missing), or no target, scores 0 and says so. Points are floats rounded to
two decimals (2,75); totals are ranked with ties shared (1, 2, 2, 4).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from justice_dashboard.catalog import Lang
from justice_dashboard.ranking import target_met

Rule = Literal["ladder", "proportional", "met", "manual", "penalty"]
RULES: tuple[Rule, ...] = ("ladder", "proportional", "met", "manual", "penalty")
TargetBasis = Literal["unit", "table", "national"]
_PRECISION = 10  # decimals a value is compared at (ignores floating-point noise: 57/60 is 95%)
LOST_SHOWN = 3  # how many criteria "where it lost the most points" names


def points(value: float) -> float:
    """Points as they are written: two decimals, never -0."""
    rounded = round(float(value), 2)
    return 0.0 if rounded == 0 else rounded


@dataclass(frozen=True)
class Step:
    lower_bound: float  # a fraction for a rate (0.95 is 95%), inclusive
    points: float


@dataclass(frozen=True)
class Criterion:
    code: str
    section_vi: str
    section_en: str
    name_vi: str
    name_en: str
    max_points: float
    rule: Rule
    indicator_code: str = ""
    target: float | None = None  # the table's own target (else the unit's, else the national one)
    comparison: str = "ge"
    bonus_per_point: float = 0.0
    bonus_max: float = 0.0
    steps: tuple[Step, ...] = ()
    display_order: int = 0

    def name(self, lang: Lang) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def section(self, lang: Lang) -> str:
        return self.section_vi if lang == "vi" else self.section_en

    @property
    def entered(self) -> bool:
        """Points the secretariat enters (manual points and deductions), not computed."""
        return self.rule in ("manual", "penalty")


@dataclass(frozen=True)
class ScoringTable:
    table_id: str
    agency: str
    first_year: int
    last_year: int | None
    name_vi: str
    name_en: str
    source: str
    illustrative: bool
    award_vi: str
    award_en: str
    criteria: tuple[Criterion, ...]
    version: str = ""  # a table brought in as a file: its submission (the latest is used)

    def name(self, lang: Lang) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def award(self, lang: Lang) -> str:
        return self.award_vi if lang == "vi" else self.award_en

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    @property
    def max_total(self) -> float:
        return points(sum(c.max_points for c in self.criteria if c.rule != "penalty"))

    def criterion(self, code: str) -> Criterion:
        return next(c for c in self.criteria if c.code == code)


@dataclass(frozen=True)
class Target:
    value: float
    comparison: str  # "gt" or "ge"
    basis: TargetBasis
    source: str = ""
    illustrative: bool = False  # an illustrative own target of the bundled catalog


@dataclass(frozen=True)
class Figure:
    value: float | None
    partial: bool = False
    preliminary: bool = False


@dataclass(frozen=True)
class ManualEntry:
    points: float
    note: str = ""


@dataclass(frozen=True)
class CriterionScore:
    unit_id: str
    criterion: Criterion
    points: float  # signed: a deduction is negative
    bonus: float
    reason: str  # a key under scoring.reason.* in the string catalog
    values: Mapping[str, object] = field(default_factory=dict)
    target: Target | None = None
    preliminary: bool = False

    @property
    def lost(self) -> float:
        """Points the unit did not earn (its deduction, for a penalty); a bonus is not counted."""
        if self.criterion.rule == "penalty":
            return points(-self.points)
        return points(self.criterion.max_points - (self.points - self.bonus))


@dataclass(frozen=True)
class UnitScore:
    unit_id: str
    scores: tuple[CriterionScore, ...]
    total: float
    rank: int

    def lost_most(self, count: int = LOST_SHOWN) -> tuple[CriterionScore, ...]:
        """The criteria where it lost the most points (ties in table order), none it lost nothing on."""
        lost = [s for s in self.scores if s.lost > 0]
        return tuple(sorted(lost, key=lambda s: -s.lost)[:count])

    def score(self, criterion_code: str) -> CriterionScore:
        return next(s for s in self.scores if s.criterion.code == criterion_code)


def choose_table(tables: Sequence[ScoringTable], agency: str, year: int) -> ScoringTable | None:
    """The table that scores `agency` in `year`: of those covering the year, a real (not
    illustrative) one first, then the most recent (by first year, then by submission)."""
    covering = [t for t in tables if t.agency == agency and t.covers(year)]
    if not covering:
        return None
    return max(covering, key=lambda t: (not t.illustrative, t.first_year, t.version))


def ladder_points(value: float, steps: Sequence[Step]) -> tuple[float, Step | None]:
    """The points of the highest step whose (inclusive) lower bound `value` reaches; 0 below all."""
    shown = round(float(value), _PRECISION)
    for step in sorted(steps, key=lambda s: s.lower_bound, reverse=True):
        if shown >= round(step.lower_bound, _PRECISION):
            return points(step.points), step
    return 0.0, None


def resolve_target(
    criterion: Criterion, own: Target | None, national: Target | None
) -> Target | None:
    """The unit's own assigned target, else the table's, else the national one (or None)."""
    if own is not None:
        return own
    if criterion.target is not None:
        return Target(criterion.target, criterion.comparison or "ge", "table")
    return national


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def score_criterion(
    unit_id: str,
    criterion: Criterion,
    figure: Figure | None = None,
    target: Target | None = None,
    entry: ManualEntry | None = None,
) -> CriterionScore:
    """One unit's points on one criterion, with the reason."""
    rule = criterion.rule

    def result(earned: float, reason: str, bonus: float = 0.0, **values: object) -> CriterionScore:
        return CriterionScore(
            unit_id,
            criterion,
            points(earned),
            points(bonus),
            reason,
            values,
            target if rule in ("proportional", "met") else None,
            bool(figure and figure.preliminary),
        )

    if rule in ("manual", "penalty"):
        if entry is None:
            return result(0.0, f"{rule}_none")
        sign = -1.0 if rule == "penalty" else 1.0
        return result(sign * entry.points, f"{rule}_entered", note=entry.note)
    if figure is None or _missing(figure.value):
        return result(0.0, "missing", indicator=criterion.indicator_code)
    if figure.partial:
        return result(0.0, "partial", indicator=criterion.indicator_code)
    value = float(figure.value)  # type: ignore[arg-type]
    if rule == "ladder":
        earned, step = ladder_points(value, criterion.steps)
        if step is None:
            lowest = min((s.lower_bound for s in criterion.steps), default=0.0)
            return result(0.0, "ladder_below", value=value, bound=lowest)
        return result(earned, "ladder", value=value, bound=step.lower_bound)
    if target is None or target.value <= 0:
        return result(0.0, "no_target", indicator=criterion.indicator_code)
    if rule == "met":
        met = target_met(value, target.value, target.comparison)
        return result(
            criterion.max_points if met else 0.0, "met" if met else "not_met", value=value
        )
    if rule == "proportional":
        achieved = round(value / target.value, _PRECISION)
        base = points(min(achieved, 1.0) * criterion.max_points)
        over = round((value - target.value) * 100, _PRECISION)
        bonus = 0.0
        if criterion.bonus_per_point > 0 and over > 0:
            bonus = points(min(criterion.bonus_per_point * over, criterion.bonus_max))
        return result(base + bonus, "proportional", bonus, value=value, base=base)
    raise ValueError(f"unknown rule {rule!r} (expected one of {', '.join(RULES)})")


def competition_ranks(totals: Mapping[str, float]) -> dict[str, int]:
    """1 + how many totals are strictly higher: ties share a rank and the next one is skipped."""
    rounded = {unit: points(total) for unit, total in totals.items()}
    return {unit: 1 + sum(o > mine for o in rounded.values()) for unit, mine in rounded.items()}


def score_table(
    table: ScoringTable,
    unit_ids: Sequence[str],
    figures: Mapping[tuple[str, str], Figure],
    own_targets: Mapping[tuple[str, str], Target],
    national_targets: Mapping[str, Target],
    entries: Mapping[tuple[str, str], ManualEntry],
) -> tuple[UnitScore, ...]:
    """Every unit's points on every criterion, its total and rank (ties shared), in the units' order.

    `figures` and `own_targets` are keyed by (unit_id, indicator_code), `national_targets` by
    indicator code, `entries` (manual points and deductions) by (unit_id, criterion code)."""
    per_unit: dict[str, tuple[CriterionScore, ...]] = {}
    for unit_id in unit_ids:
        scores = []
        for criterion in table.criteria:
            key = (unit_id, criterion.indicator_code)
            target = resolve_target(
                criterion, own_targets.get(key), national_targets.get(criterion.indicator_code)
            )
            scores.append(
                score_criterion(
                    unit_id,
                    criterion,
                    figures.get(key),
                    target,
                    entries.get((unit_id, criterion.code)),
                )
            )
        per_unit[unit_id] = tuple(scores)
    totals = {u: points(sum(s.points for s in scores)) for u, scores in per_unit.items()}
    ranks = competition_ranks(totals)
    return tuple(UnitScore(u, per_unit[u], totals[u], ranks[u]) for u in unit_ids)


def leaders(results: Sequence[UnitScore]) -> tuple[UnitScore, ...]:
    """The units ranked first (more than one when they tie): whom the group would propose."""
    return tuple(r for r in results if r.rank == 1)
