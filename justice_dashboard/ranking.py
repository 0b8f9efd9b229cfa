"""Ranks, normalised scores, the composite emulation score and targets met: pure pandas, no Streamlit.

Rules:
- A rank is shared by equal values ("1, 2, 2, 4"); a missing value has no rank, never the last one.
- "Higher is better" (direction `up`) ranks the largest first; `down` ranks the smallest first;
  `none` (context only) ranks by size, largest first, and is left out of the composite score.
- A score is the value scaled to 0–1 across the provinces so that 1 is always the best one
  (min-max; a `down` indicator is flipped); if every province has the same value, all score 1.
- The composite is the weighted mean of a province's scores over the indicators it has a figure
  for: a missing figure drops out of the mean rather than counting as zero. It is an aid for the
  conference, not the official score of the scoring tables.
- A bloc (or shown-provinces) average is the ratio of the sums for a rate, the mean for a count.
- A target "gt" is met only above it; "ge" is met at it or above.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from justice_dashboard.config import BUNDLED_DATA_DIR, reference_dir

WEIGHTS_FILE = "emulation_weights.csv"
_PRECISION = 10  # decimals compared when a rate meets a target (ignores floating-point noise)


def ranks(values: pd.Series, direction: str) -> pd.Series:
    """Competition ranks (ties shared, the next rank skipped); NaN stays NaN."""
    ascending = direction == "down"
    return values.rank(method="min", ascending=ascending, na_option="keep")


def scores(values: pd.Series, direction: str) -> pd.Series:
    """Min-max scores in 0–1 with the best value at 1 whatever the direction."""
    present = values.dropna()
    if present.empty:
        return values * math.nan
    low, high = present.min(), present.max()
    if high == low:
        return values.where(values.isna(), 1.0)
    scaled = (values - low) / (high - low)
    return 1.0 - scaled if direction == "down" else scaled


def average(rows: pd.DataFrame, kind: str) -> float:
    """The average over `rows`: Σ numerator / Σ denominator for a rate, the mean value otherwise.

    For a rate only rows that have both parts count; `rows` needs `value`, and for a rate also
    `numerator` and `denominator` columns.
    """
    if kind == "rate":
        both = rows.dropna(subset=["numerator", "denominator"])
        total = both["denominator"].sum()
        return float(both["numerator"].sum() / total) if len(both) and total else math.nan
    present = rows["value"].dropna()
    return float(present.mean()) if len(present) else math.nan


def target_met(value: float | None, target: float, comparison: str) -> bool | None:
    """Whether a value meets a target: "gt" strictly above, "ge" at or above; None when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    left, right = round(float(value), _PRECISION), round(float(target), _PRECISION)
    if comparison == "gt":
        return left > right
    if comparison == "ge":
        return left >= right
    raise ValueError(f"unknown comparison {comparison!r} (expected gt or ge)")


def load_weights(folder: Path | None = None) -> dict[str, float]:
    """The default composite weights per indicator, declared once in `emulation_weights.csv`."""
    path = (folder or reference_dir()) / WEIGHTS_FILE
    if not path.exists():  # a data folder with its own catalog but no weights uses the bundled ones
        path = BUNDLED_DATA_DIR / "reference" / WEIGHTS_FILE
    frame = pd.read_csv(path, dtype={"indicator_code": str})
    return dict(zip(frame["indicator_code"], frame["weight"].astype(float), strict=True))


def with_ranks_and_scores(inputs: pd.DataFrame) -> pd.DataFrame:
    """Add `rank` and `score` to `ranking_inputs` rows, within each indicator and year.

    Vectorised (one grouped pass, no per-group Python), so a page can rank every indicator of every
    year on each rerun; gives the same results as `ranks` and `scores` applied group by group.
    """
    frame = inputs.copy()
    value = frame["value"].astype(float)
    down = frame["direction"] == "down"
    keys = [frame["indicator_code"], frame["year"]]
    frame["rank"] = value.where(down, -value).groupby(keys).rank(method="min", na_option="keep")
    low = value.groupby(keys).transform("min")
    high = value.groupby(keys).transform("max")
    spread = (high - low).where(high != low)
    scaled = ((value - low) / spread).where(spread.notna(), 1.0).where(value.notna())
    frame["score"] = scaled.where(~down, 1.0 - scaled)
    return frame


def composite(scored: pd.DataFrame, weights: Mapping[str, float]) -> pd.DataFrame:
    """The composite score and its rank per province and year, from rows with a `score`.

    Only indicators with a positive weight and a direction count. Returns one row per province and
    year: `composite` (0–100), `indicators_scored`, `rank`.
    """
    used = scored[
        scored["indicator_code"].map(lambda c: weights.get(c, 0.0) > 0)
        & (scored["direction"] != "none")
        & scored["score"].notna()
    ].copy()
    keys = ["province_code", "year"]
    if used.empty:
        empty = scored[keys].drop_duplicates().assign(composite=math.nan, indicators_scored=0)
        return empty.assign(rank=math.nan)
    used["weight"] = used["indicator_code"].map(weights).astype(float)
    used["weighted"] = used["weight"] * used["score"]
    sums = used.groupby(keys, as_index=False).agg(
        weighted=("weighted", "sum"),
        weight=("weight", "sum"),
        indicators_scored=("score", "size"),
    )
    sums["composite"] = 100.0 * sums["weighted"] / sums["weight"]
    every = scored[keys].drop_duplicates()
    result = every.merge(sums[[*keys, "composite", "indicators_scored"]], on=keys, how="left")
    result["indicators_scored"] = result["indicators_scored"].fillna(0).astype(int)
    result["rank"] = result.groupby("year")["composite"].transform(lambda s: ranks(s, "up"))
    return result


def target_status(values: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Each province-year's rate against that year's target: `target`, `comparison`, `met`.

    `values` has `province_code, year, indicator_code, value`; `targets` is the `targets` query.
    Only province-years with a target are returned; `met` is None where the figure is missing.
    """
    merged = values.merge(
        targets[["year", "indicator_code", "target", "comparison"]],
        on=["year", "indicator_code"],
        how="inner",
    )
    merged["met"] = [
        target_met(v, t, c)
        for v, t, c in zip(merged["value"], merged["target"], merged["comparison"], strict=True)
    ]
    return merged
