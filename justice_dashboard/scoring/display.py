"""From the `scoring_inputs` query to scores, and from scores to what a person reads: the reasons
in words, the summary (rank, total, where the points were lost), the sheet (criteria × units) and
the suggestion of whom each group would propose. Pure pandas, no Streamlit."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd
from babel.numbers import format_decimal

from justice_dashboard import fmt
from justice_dashboard.catalog import Catalog, Lang
from justice_dashboard.i18n import t
from justice_dashboard.scoring.engine import (
    CriterionScore,
    Figure,
    ManualEntry,
    ScoringTable,
    Target,
    UnitScore,
    leaders,
    score_table,
)
from justice_dashboard.scoring.manual import EntryProblem, ManualVersion
from justice_dashboard.state import Units, default_units

_COMPARISON = {"gt": ">", "ge": "≥"}


def points_text(value: float, lang: Lang = "vi") -> str:
    """Points in the reader's language, without trailing zeros: 3, 2,5, 2,75, -1 (English 2.75)."""
    return format_decimal(round(float(value), 2) + 0.0, format="#,##0.##", locale=fmt.LOCALES[lang])


def _present(value: object) -> bool:
    return not fmt.is_missing(value)


def figures_of(inputs: pd.DataFrame) -> dict[tuple[str, str], Figure]:
    """Each unit's figure per indicator from `scoring_inputs` rows (a missing value: None)."""
    return {
        (r.unit_id, r.indicator_code): Figure(
            float(r.value) if _present(r.value) else None,
            bool(r.partial),
            bool(r.preliminary),
        )
        for r in inputs.itertuples()
    }


def own_targets_of(inputs: pd.DataFrame) -> dict[tuple[str, str], Target]:
    rows = inputs[inputs["unit_target"].notna()]
    return {
        (r.unit_id, r.indicator_code): Target(
            float(r.unit_target),
            r.unit_comparison or "ge",
            "unit",
            r.unit_target_source or "",
            bool(r.unit_target_illustrative),
        )
        for r in rows.itertuples()
    }


def national_targets_of(inputs: pd.DataFrame) -> dict[str, Target]:
    rows = inputs[inputs["national_target"].notna()].drop_duplicates("indicator_code")
    return {
        r.indicator_code: Target(
            float(r.national_target), r.national_comparison or "ge", "national", r.national_source
        )
        for r in rows.itertuples()
    }


def unit_order(inputs: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(inputs.sort_values("province_order")["unit_id"]))


def unit_labels(inputs: pd.DataFrame, lang: Lang) -> dict[str, str]:
    name = "name_vi" if lang == "vi" else "name_en"
    return dict(zip(inputs["unit_id"], inputs[name], strict=True))


def score_inputs(
    table: ScoringTable,
    inputs: pd.DataFrame,
    entries: Mapping[tuple[str, str], ManualEntry],
) -> tuple[UnitScore, ...]:
    """Score every member in `scoring_inputs` on `table` (manual points from `entries`)."""
    return score_table(
        table,
        unit_order(inputs),
        figures_of(inputs),
        own_targets_of(inputs),
        national_targets_of(inputs),
        entries,
    )


def _bound_text(bound: float, is_rate: bool, lang: Lang) -> str:
    if not is_rate:
        return points_text(bound, lang)
    whole = round(bound * 100, 2) == round(bound * 100)
    return fmt.percent(bound, 0 if whole else 2, lang)


def reason_text(score: CriterionScore, catalog: Catalog, lang: Lang) -> str:
    """Why a unit got its points on a criterion, in words (and "sơ bộ" for preliminary figures)."""
    criterion, values = score.criterion, dict(score.values)
    code = criterion.indicator_code
    indicator = catalog.indicator(code) if code and catalog.has_indicator(code) else None
    is_rate = indicator is not None and indicator.is_rate

    def value_text(value: object) -> str:
        if indicator is None:
            return points_text(float(value), lang)  # type: ignore[arg-type]
        return fmt.indicator_value(indicator, float(value), lang)  # type: ignore[arg-type]

    words: dict[str, object] = {"points": points_text(abs(score.points), lang)}
    words["max"] = points_text(criterion.max_points, lang)
    if "value" in values:
        words["value"] = value_text(values["value"])
    if "bound" in values:
        words["bound"] = _bound_text(float(values["bound"]), is_rate, lang)  # type: ignore[arg-type]
    if "base" in values:
        words["base"] = points_text(float(values["base"]), lang)  # type: ignore[arg-type]
    if "note" in values:
        words["note"] = values["note"] or "–"
    if "indicator" in values:
        words["indicator"] = f"{code} ({indicator.name(lang)})" if indicator else code
    reason = score.reason
    if score.target is not None:
        words["target"] = value_text(score.target.value)
        words["comparison"] = _COMPARISON.get(score.target.comparison, score.target.comparison)
        words["basis"] = t(f"scoring.basis.{score.target.basis}", lang)
        if score.target.illustrative:
            words["basis"] += f", {t('app.illustrative_short', lang).lower()}"
        if reason == "proportional" and float(values["base"]) >= criterion.max_points:  # type: ignore[arg-type]
            reason = "proportional_capped"
    text = t(f"scoring.reason.{reason}", lang, **words)
    if score.bonus > 0:
        text += t("scoring.reason.bonus", lang, bonus=points_text(score.bonus, lang))
    if score.preliminary:
        text += f" ({t('scoring.preliminary_mark', lang)})"
    return text


def _lost_text(result: UnitScore, lang: Lang) -> str:
    shown = [
        t(
            "scoring.lost_item",
            lang,
            code=s.criterion.code,
            name=s.criterion.name(lang),
            lost=points_text(s.lost, lang),
        )
        for s in result.lost_most()
    ]
    return "; ".join(shown) or t("scoring.lost_none", lang)


def summary_frame(
    table: ScoringTable, results: Sequence[UnitScore], labels: Mapping[str, str], lang: Lang
) -> pd.DataFrame:
    """One row per unit, best first (ties in the fixed order): rank, unit, total of the maximum,
    and the criteria where it lost the most points."""
    ordered = sorted(results, key=lambda r: r.rank)
    return pd.DataFrame(
        {
            t("scoring.col_rank", lang): [r.rank for r in ordered],
            t("scoring.col_unit", lang): [labels[r.unit_id] for r in ordered],
            t("scoring.col_total", lang): [
                t(
                    "scoring.total_of",
                    lang,
                    total=points_text(r.total, lang),
                    max=points_text(table.max_total, lang),
                )
                for r in ordered
            ],
            t("scoring.col_lost", lang): [_lost_text(r, lang) for r in ordered],
        }
    )


def sheet_rows(
    table: ScoringTable, results: Sequence[UnitScore], labels: Mapping[str, str], lang: Lang
) -> tuple[list[str], list[list[object]]]:
    """The sheet the secretariat circulates, as numbers: a header, one row per criterion (code,
    name, maximum, each unit's points), then the totals and the ranks."""
    header = [
        t("scoring.col_code", lang),
        t("scoring.col_criterion", lang),
        t("scoring.col_max", lang),
        *(labels[r.unit_id] for r in results),
    ]
    rows: list[list[object]] = []
    for criterion in table.criteria:
        maximum = -criterion.max_points if criterion.rule == "penalty" else criterion.max_points
        rows.append(
            [
                criterion.code,
                criterion.name(lang),
                maximum,
                *(r.score(criterion.code).points for r in results),
            ]
        )
    rows.append(["", t("scoring.row_total", lang), table.max_total, *(r.total for r in results)])
    rows.append(["", t("scoring.row_rank", lang), None, *(r.rank for r in results)])
    return header, rows


def sheet_frame(
    table: ScoringTable, results: Sequence[UnitScore], labels: Mapping[str, str], lang: Lang
) -> pd.DataFrame:
    """The sheet for reading on the page (points written the Vietnamese way)."""
    header, rows = sheet_rows(table, results, labels, lang)
    shown = [
        [
            points_text(v, lang) if isinstance(v, float) else ("" if v is None else str(v))
            for v in row
        ]
        for row in rows
    ]
    return pd.DataFrame(shown, columns=header)


def detail_frame(result: UnitScore, catalog: Catalog, lang: Lang) -> pd.DataFrame:
    """One unit, one row per criterion: code, section, name, points, maximum, how."""
    return pd.DataFrame(
        {
            t("scoring.col_code", lang): [s.criterion.code for s in result.scores],
            t("scoring.col_section", lang): [s.criterion.section(lang) for s in result.scores],
            t("scoring.col_criterion", lang): [s.criterion.name(lang) for s in result.scores],
            t("scoring.col_points", lang): [points_text(s.points, lang) for s in result.scores],
            t("scoring.col_max", lang): [
                points_text(s.criterion.max_points, lang) for s in result.scores
            ],
            t("scoring.col_reason", lang): [reason_text(s, catalog, lang) for s in result.scores],
        }
    )


def nomination_text(
    table: ScoringTable,
    results: Sequence[UnitScore],
    labels: Mapping[str, str],
    group: str,
    lang: Lang,
) -> str | None:
    """Whom the group's leader would be proposed for (an aid: the bloc votes); None when nothing
    was scored."""
    first = leaders(results)
    if not first or all(math.isclose(r.total, 0.0) for r in results):
        return None
    total = points_text(first[0].total, lang)
    if len(first) == 1:
        return t(
            "scoring.nomination",
            lang,
            group=group,
            unit=labels[first[0].unit_id],
            total=total,
            award=table.award(lang),
        )
    return t(
        "scoring.nomination_tie",
        lang,
        group=group,
        units=", ".join(labels[r.unit_id] for r in first),
        total=total,
        award=table.award(lang),
    )


def own_target_units(results: Sequence[UnitScore], labels: Mapping[str, str]) -> list[str]:
    """The units scored on an own assigned target somewhere (the page says so, naming them)."""
    return [
        labels[r.unit_id]
        for r in results
        if any(s.target is not None and s.target.basis == "unit" for s in r.scores)
    ]


def scoring_units(catalog: Catalog, year: int) -> Units:
    """How a year is scored: on today's units from the merger's first year (2025) on, else the
    units as they reported (the bloc scored the units that existed then)."""
    return default_units(catalog, year)


def has_preliminary(results: Sequence[UnitScore]) -> bool:
    return any(s.preliminary for r in results for s in r.scores)


ENTRY_COLUMNS = ("unit_id", "unit", "code", "criterion", "max_points", "points", "note")


def entry_frame(
    table: ScoringTable,
    unit_ids: Sequence[str],
    labels: Mapping[str, str],
    entries: Mapping[tuple[str, str], ManualEntry],
    lang: Lang,
) -> pd.DataFrame:
    """The form of manual points: one row per unit and criterion the secretariat enters (manual
    points and deductions), filled from the version in use; an empty points cell: not entered."""
    rows = []
    for unit_id in unit_ids:
        for criterion in table.criteria:
            if not criterion.entered:
                continue
            entry = entries.get((unit_id, criterion.code))
            rows.append(
                {
                    "unit_id": unit_id,
                    "unit": labels[unit_id],
                    "code": criterion.code,
                    "criterion": criterion.name(lang),
                    "max_points": criterion.max_points,
                    "points": entry.points if entry else math.nan,
                    "note": entry.note if entry else "",
                }
            )
    return pd.DataFrame(rows, columns=list(ENTRY_COLUMNS))


def entries_from_frame(frame: pd.DataFrame) -> dict[tuple[str, str], ManualEntry]:
    """The entries of an edited form (rows whose points are empty are not entered)."""
    return {
        (str(r.unit_id), str(r.code)): ManualEntry(
            float(r.points), "" if fmt.is_missing(r.note) else str(r.note)
        )
        for r in frame.itertuples()
        if not fmt.is_missing(r.points)
    }


def problem_texts(
    found: Sequence[EntryProblem], labels: Mapping[str, str], lang: Lang
) -> list[str]:
    """Each problem of the entries in words, naming the unit and the criterion."""
    return [
        t(
            f"scoring.problem.{p.key}",
            lang,
            unit=labels.get(p.unit_id, p.unit_id),
            code=p.criterion_code,
            max=points_text(p.maximum, lang),
        )
        for p in found
    ]


def versions_frame(found: Sequence[ManualVersion], lang: Lang) -> pd.DataFrame:
    """The saved versions of manual points, newest first: when (UTC), by whom, how many entries."""
    newest = list(reversed(found))
    return pd.DataFrame(
        {
            t("scoring.col_entered_at", lang): [
                f"{fmt.date(v.entered_at, lang)} {v.entered_at:%H:%M:%S}" for v in newest
            ],
            t("scoring.col_entered_by", lang): [v.entered_by for v in newest],
            t("scoring.col_entries", lang): [len(v.entries) for v in newest],
        }
    )


def own_targets_frame(
    own: pd.DataFrame, names: Mapping[str, str], catalog: Catalog, lang: Lang
) -> pd.DataFrame:
    """The own assigned targets of a year for reading: unit, indicator, target, source."""
    return pd.DataFrame(
        {
            t("scoring.targets.unit", lang): [names.get(u, u) for u in own["unit_id"]],
            t("scoring.targets.col_indicator", lang): [
                f"{c} {catalog.indicator(c).name(lang)}" for c in own["indicator_code"]
            ],
            t("scoring.targets.col_target", lang): [
                f"{_COMPARISON.get(c, c)} {fmt.percent(v, 2, lang)}"
                for v, c in zip(own["target"], own["comparison"], strict=True)
            ],
            t("scoring.targets.col_source", lang): list(own["source"]),
        }
    )
