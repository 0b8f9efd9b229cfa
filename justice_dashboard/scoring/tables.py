"""The scoring tables as data: `scoring_tables.csv` (one row per table: agency, the years it
scores, source, illustrative, the award its leader is proposed for), `scoring_criteria.csv` (one
row per criterion: code, section, name, maximum points, rule, indicator, the table's own target,
bonus) and `scoring_steps.csv` (a ladder's steps: inclusive lower bound, points), in the catalog's
`reference/` folder (a data folder's own catalog without them uses the bundled ones)."""

from __future__ import annotations

import csv
from pathlib import Path

from justice_dashboard.config import BUNDLED_DATA_DIR, reference_dir
from justice_dashboard.scoring.engine import RULES, Criterion, Rule, ScoringTable, Step

TABLES_FILE = "scoring_tables.csv"
CRITERIA_FILE = "scoring_criteria.csv"
STEPS_FILE = "scoring_steps.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def _number(text: str) -> float | None:
    return float(text) if text else None


def _file(folder: Path, name: str) -> Path:
    own = folder / name
    return own if own.exists() else BUNDLED_DATA_DIR / "reference" / name


def tables_from_rows(
    table_rows: list[dict[str, str]],
    criteria_rows: list[dict[str, str]],
    step_rows: list[dict[str, str]],
) -> tuple[ScoringTable, ...]:
    """Tables from their rows (as read from the three CSV files); criteria in display order."""
    steps: dict[tuple[str, str], list[Step]] = {}
    for r in step_rows:
        key = (r["table_id"], r["criterion_code"])
        steps.setdefault(key, []).append(Step(float(r["lower_bound"]), float(r["points"])))
    criteria: dict[str, list[Criterion]] = {}
    for r in criteria_rows:
        rule = r["rule"]
        if rule not in RULES:
            raise ValueError(f"{CRITERIA_FILE}: unknown rule {rule!r} of {r['code']}")
        typed: Rule = rule  # type: ignore[assignment]
        criteria.setdefault(r["table_id"], []).append(
            Criterion(
                code=r["code"],
                section_vi=r["section_vi"],
                section_en=r["section_en"],
                name_vi=r["name_vi"],
                name_en=r["name_en"],
                max_points=float(r["max_points"]),
                rule=typed,
                indicator_code=r.get("indicator_code", ""),
                target=_number(r.get("target", "")),
                comparison=r.get("comparison") or "ge",
                bonus_per_point=_number(r.get("bonus_per_point", "")) or 0.0,
                bonus_max=_number(r.get("bonus_max", "")) or 0.0,
                steps=tuple(
                    sorted(steps.get((r["table_id"], r["code"]), []), key=lambda s: -s.lower_bound)
                ),
                display_order=int(r.get("display_order") or 0),
            )
        )
    return tuple(
        ScoringTable(
            table_id=r["table_id"],
            agency=r["agency"],
            first_year=int(r["first_year"]),
            last_year=int(r["last_year"]) if r["last_year"] else None,
            name_vi=r["name_vi"],
            name_en=r["name_en"],
            source=r["source"],
            illustrative=r["illustrative"].lower() in {"true", "1", "yes"},
            award_vi=r["award_vi"],
            award_en=r["award_en"],
            criteria=tuple(sorted(criteria.get(r["table_id"], []), key=lambda c: c.display_order)),
        )
        for r in table_rows
    )


def load_tables(folder: Path | None = None, root: Path | None = None) -> tuple[ScoringTable, ...]:
    """Every scoring table of the catalog in `folder` (default: the data folder's reference), and
    with `root` (a data folder) those brought in there as files (`table_file`)."""
    ref = folder or reference_dir()
    declared = tables_from_rows(
        _rows(_file(ref, TABLES_FILE)),
        _rows(_file(ref, CRITERIA_FILE)),
        _rows(_file(ref, STEPS_FILE)),
    )
    if root is None:
        return declared
    from justice_dashboard.scoring.table_file import imported_tables

    return declared + imported_tables(root)
