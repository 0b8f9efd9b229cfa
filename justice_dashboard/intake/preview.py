"""The preview before a commit: new values beside the stored ones and last year's, with warnings.

Pure functions over plain dicts and frames (no Streamlit): the page and the command line share them.
Only the agencies the file holds are compared (an STP-only file leaves THA's figures as they are).
A change of more than 50 % against the previous year or the stored value is a warning, not an error.
"""

from __future__ import annotations

import pandas as pd

from justice_dashboard import fmt
from justice_dashboard.catalog import Catalog, Lang
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import t
from justice_dashboard.intake.problems import ByLang, Caution, Problem, in_each_language
from justice_dashboard.intake.validate import Submission

BIG_CHANGE = 0.5
RATE_TOLERANCE_POINTS = 0.01


def derive_rates(catalog: Catalog, values: dict[str, float]) -> dict[str, float]:
    """Every value with the rates derived from their parts (fractions), as the model does."""
    out = dict(values)
    for i in catalog.indicators:
        if i.is_rate and i.numerator in values and values.get(i.denominator):
            out[i.code] = values[i.numerator] / values[i.denominator]
    return out


def values_of_year(frame: pd.DataFrame, year: int) -> dict[str, float]:
    """{indicator: value} of one year from a `province_year_values` frame."""
    rows = frame[frame["year"] == year]
    return {str(c): float(v) for c, v in zip(rows["indicator_code"], rows["value"], strict=True)}


def _differs(a: float | None, b: float | None) -> bool:
    if is_missing(a) or is_missing(b):
        return is_missing(a) != is_missing(b)
    assert a is not None and b is not None
    return abs(a - b) > 1e-9 * max(1.0, abs(b))


def compare(
    catalog: Catalog,
    submission: Submission,
    current: dict[str, float],
    previous_year: dict[str, float],
) -> tuple[pd.DataFrame, list[Caution]]:
    """One row per indicator of the agencies the file holds (rates derived): new, stored now,
    previous year, changed. The other agency's figures are not the file's to change."""
    new = derive_rates(catalog, submission.values)
    rows, warnings = [], []
    for i in catalog.indicators:
        if i.agency not in submission.agencies:
            continue
        value, now, before = new.get(i.code), current.get(i.code), previous_year.get(i.code)
        rows.append(
            {
                "indicator_code": i.code,
                "is_rate": i.is_rate,
                "new": value,
                "current": now,
                "previous_year": before,
                "changed": _differs(value, now),
                "is_new": is_missing(now) and not is_missing(value),
            }
        )
        if is_missing(value):
            continue
        assert value is not None
        shown = {
            "name": ByLang(i.name_vi, i.name_en),
            "new": in_each_language(fmt.indicator_value, i, value),
        }
        for kind, old, extra in (
            ("big_change_previous_year", before, {"year": submission.year - 1}),
            ("big_change_current", now, {}),
        ):
            if not is_missing(old) and old and abs(value - old) / abs(old) > BIG_CHANGE:
                change = in_each_language(fmt.indicator_change, i, value, old)
                warnings.append(
                    Caution(
                        kind,
                        i.code,
                        {
                            **shown,
                            **extra,
                            "old": in_each_language(fmt.indicator_value, i, old),
                            "change": change,
                        },
                    )
                )
        given = submission.given_rates.get(i.code)
        if i.is_rate and given is not None and abs(given - value * 100) > RATE_TOLERANCE_POINTS:
            warnings.append(
                Caution(
                    "rate_differs",
                    i.code,
                    {
                        "name": ByLang(i.name_vi, i.name_en),
                        "given": in_each_language(fmt.percent, given / 100, i.decimals),
                        "derived": in_each_language(fmt.percent, value, i.decimals),
                    },
                )
            )
    return pd.DataFrame(rows), warnings


def changed_count(frame: pd.DataFrame) -> int:
    """How many stored (not derived) values differ from those stored now."""
    return int((frame["changed"] & ~frame["is_rate"]).sum())


def preview_table(catalog: Catalog, frame: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The comparison as the page shows it: names, Vietnamese-formatted values, a changed mark."""

    def mark(row) -> str:
        if row.is_new:
            return t("intake.new_mark", lang)
        return t("intake.changed_mark", lang) if row.changed else ""

    shown = []
    for row in frame.itertuples():
        i = catalog.indicator(row.indicator_code)
        shown.append(
            {
                t("intake.col.code", lang): i.code,
                t("intake.col.name", lang): i.name(lang),
                t("intake.col.unit", lang): "%" if i.is_rate else i.unit(lang),
                t("intake.col.new", lang): fmt.indicator_value(i, row.new, lang),
                t("intake.col.current", lang): fmt.indicator_value(i, row.current, lang),
                t("intake.col.previous_year", lang): fmt.indicator_value(
                    i, row.previous_year, lang
                ),
                t("intake.col.changed", lang): mark(row),
            }
        )
    return pd.DataFrame(shown)


def problem_table(problems: tuple[Problem, ...], lang: Lang) -> pd.DataFrame:
    """The problems of a refused file: where, then what is wrong and what was expected."""
    return pd.DataFrame(
        {
            t("intake.col.where", lang): [p.where(lang) for p in problems],
            t("intake.col.problem", lang): [p.message(lang) for p in problems],
        }
    )
