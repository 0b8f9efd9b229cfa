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

from justice_dashboard import fmt
from justice_dashboard.catalog import Indicator, Lang
from justice_dashboard.config import BUNDLED_DATA_DIR, reference_dir
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import t

WEIGHTS_FILE = "emulation_weights.csv"
_PROVINCE_LABELS = (
    "province_code",
    "name_vi",
    "name_en",
    "short_vi",
    "short_en",
    "label_vi",
    "label_en",
    "colour",
    "province_order",
)
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
    if is_missing(value):
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
    year on each rerun; gives the same results as `ranks` and `scores` applied group by group. A
    partial figure (re-aggregated, a predecessor missing) takes no rank and no score.
    """
    frame = inputs.copy()
    value = frame["value"].astype(float)
    if "partial" in frame:
        value = value.where(~frame["partial"].fillna(False).astype(bool))
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
    keys = ["unit_id" if "unit_id" in scored else "province_code", "year"]
    if used.empty:
        labels = [c for c in _PROVINCE_LABELS if c in scored.columns and c not in keys]
        empty = scored[keys + labels].drop_duplicates(keys)
        return empty.assign(composite=math.nan, indicators_scored=0, rank=math.nan)
    used["weight"] = used["indicator_code"].map(weights).astype(float)
    used["weighted"] = used["weight"] * used["score"]
    sums = used.groupby(keys, as_index=False).agg(
        weighted=("weighted", "sum"),
        weight=("weight", "sum"),
        indicators_scored=("score", "size"),
    )
    sums["composite"] = 100.0 * sums["weighted"] / sums["weight"]
    labels = [c for c in _PROVINCE_LABELS if c in scored.columns and c not in keys]
    every = scored[keys + labels].drop_duplicates(keys)
    result = every.merge(sums[[*keys, "composite", "indicators_scored"]], on=keys, how="left")
    result["indicators_scored"] = result["indicators_scored"].fillna(0).astype(int)
    result["rank"] = result.groupby("year")["composite"].transform(lambda s: ranks(s, "up"))
    return result


def target_status(
    values: pd.DataFrame, targets: pd.DataFrame, own: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each province-year's rate against its target: `target`, `comparison`, `met`, `basis`.

    `values` has `province_code, year, indicator_code, value` (and `unit_id` for `own`); `targets`
    is the `targets` query, `own` the `unit_targets` query: a unit's own assigned target replaces
    the national one for that unit and year (`basis` "unit", else "national";
    `national_target` keeps the national one). Only province-years with a target are returned;
    `met` is None where the figure is missing.
    """
    national = targets[["year", "indicator_code", "target", "comparison"]].rename(
        columns={"target": "national_target", "comparison": "national_comparison"}
    )
    merged = values.merge(national, on=["year", "indicator_code"], how="left")
    if own is not None and len(own) and "unit_id" in merged:
        columns = ["unit_id", "year", "indicator_code", "target", "comparison"]
        assigned = own[columns].rename(
            columns={"target": "unit_target", "comparison": "unit_comparison"}
        )
        assigned["own_illustrative"] = (
            own["illustrative"].fillna(False).astype(bool) if "illustrative" in own else False
        )
        merged = merged.merge(assigned, on=["unit_id", "year", "indicator_code"], how="left")
    else:
        merged = merged.assign(unit_target=math.nan, unit_comparison=None, own_illustrative=False)
    has_own = merged["unit_target"].notna()
    merged = merged[has_own | merged["national_target"].notna()].copy()
    has_own = merged["unit_target"].notna()
    merged["target"] = merged["unit_target"].where(has_own, merged["national_target"])
    merged["comparison"] = merged["unit_comparison"].where(has_own, merged["national_comparison"])
    merged["basis"] = ["unit" if o else "national" for o in has_own]
    merged = merged.drop(columns=["unit_target", "unit_comparison"])
    partial = (
        merged["partial"].fillna(False).astype(bool)
        if "partial" in merged
        else pd.Series(False, index=merged.index)
    )
    merged["met"] = [
        None if p else target_met(v, t, c)  # a partial figure is not judged against a target
        for v, t, c, p in zip(
            merged["value"], merged["target"], merged["comparison"], partial, strict=True
        )
    ]
    return merged.reset_index(drop=True)


def weights_frame(
    defaults: Mapping[str, float], codes: list[str], names: Mapping[str, str]
) -> pd.DataFrame:
    """The weights of one group as an editable table: code, name, weight (0 where none is set)."""
    return pd.DataFrame(
        {
            "indicator_code": codes,
            "indicator": [names[c] for c in codes],
            "weight": [float(defaults.get(c, 0.0)) for c in codes],
        }
    )


def rank_table(
    scored: pd.DataFrame, result: pd.DataFrame, year: int, codes: list[str]
) -> pd.DataFrame:
    """One row per province for `year`: rank, composite and the province's rank on each indicator."""
    this_year = result[result["year"] == year].sort_values(
        ["rank", "province_order" if "province_order" in result else "province_code"],
        na_position="last",
    )
    per_indicator = scored[(scored["year"] == year) & scored["indicator_code"].isin(codes)].pivot(
        index="province_code", columns="indicator_code", values="rank"
    )
    return this_year.merge(
        per_indicator.reindex(columns=codes), left_on="province_code", right_index=True, how="left"
    ).reset_index(drop=True)


def _rank_text(rank: float) -> str:
    return "–" if rank is None or math.isnan(rank) else str(int(rank))


def rank_table_display(
    scored: pd.DataFrame, result: pd.DataFrame, year: int, codes: list[str], lang: Lang
) -> pd.DataFrame:
    """The rank table for reading: rank, province, composite, indicators with figures, and the
    province's rank on each weighted indicator (headed by its code)."""
    table = rank_table(scored, result, year, codes)
    name = "name_vi" if lang == "vi" else "name_en"
    shown = pd.DataFrame(
        {
            t("compare.col_rank", lang): [_rank_text(r) for r in table["rank"]],
            t("compare.col_province", lang): table[name],
            t("ranking.col_composite", lang): [fmt.number(v, 1, lang) for v in table["composite"]],
            t("ranking.col_scored", lang): table["indicators_scored"],
        }
    )
    for code in codes:
        shown[code] = [_rank_text(r) for r in table[code]]
    return shown


def target_table_display(status: pd.DataFrame, indicator: Indicator, lang: Lang) -> pd.DataFrame:
    """Unit × year: the rate and ✓ (met) or ✗ (not met); empty where there is no figure, the rate
    marked as incomplete where a predecessor's part is missing."""
    label = "label_vi" if lang == "vi" else "label_en"
    name = label if label in status else ("name_vi" if lang == "vi" else "name_en")
    order = "province_order" if "province_order" in status else "province_code"
    partial = status["partial"] if "partial" in status else pd.Series(False, index=status.index)

    own = status["basis"] == "unit" if "basis" in status else pd.Series(False, index=status.index)

    def cell(value: float, met: bool | None, incomplete: bool, mine: bool, target: float) -> str:
        if incomplete and not is_missing(value):
            shown = fmt.indicator_value(indicator, value, lang)
            return f"○ {shown} ({t('units.partial_short', lang)})"
        if met is None:
            return ""
        shown = f"{'✓' if met else '✗'} {fmt.indicator_value(indicator, value, lang)}"
        if mine:  # judged against the unit's own assigned target: say so, with the target
            target_text = fmt.indicator_value(indicator, target, lang)
            shown += f" ({t('ranking.own_target_short', lang, target=target_text)})"
        return shown

    cells = status.assign(
        cell=[
            cell(v, m, bool(p) if p == p else False, bool(o), tg)
            for v, m, p, o, tg in zip(
                status["value"], status["met"], partial, own, status["target"], strict=True
            )
        ]
    )
    table = cells.pivot_table(
        index=[order, name], columns="year", values="cell", aggfunc="first"
    ).fillna("")
    table.index = table.index.get_level_values(name)
    table.index.name = t("compare.col_province", lang)
    table.columns = [str(c) for c in table.columns]
    return table


def own_targets_text(status: pd.DataFrame, indicator: Indicator, lang: Lang) -> str | None:
    """Which units were judged against their own assigned target (and what it was), or None."""
    if "basis" not in status:
        return None
    own = status[status["basis"] == "unit"].sort_values(["year", "unit_id"])
    if own.empty:
        return None
    name = "name_vi" if lang == "vi" else "name_en"
    items = [
        t(
            "ranking.own_target_item",
            lang,
            unit=getattr(r, name),
            year=r.year,
            comparison=">" if r.comparison == "gt" else "≥",
            target=fmt.indicator_value(indicator, r.target, lang),
        )
        + (
            f" ({t('app.illustrative_short', lang).lower()})"
            if not is_missing(getattr(r, "own_illustrative", None)) and bool(r.own_illustrative)
            else ""
        )
        for r in own.itertuples()
    ]
    return t("ranking.own_targets_note", lang, units="; ".join(items))


def _bloc_values(this_year: pd.DataFrame) -> pd.Series:
    """Each indicator's bloc value in one year, as `average` gives it, in one grouped pass."""
    codes = this_year["indicator_code"]
    means = this_year["value"].astype(float).groupby(codes, sort=False).mean()
    if "numerator" not in this_year or "denominator" not in this_year:
        return means
    numerator = this_year["numerator"].astype(float)
    denominator = this_year["denominator"].astype(float)
    both = numerator.notna() & denominator.notna()
    parts = pd.DataFrame({"num": numerator.where(both), "den": denominator.where(both)})
    sums = parts.groupby(codes, sort=False).sum(min_count=1)
    ratio = (sums["num"] / sums["den"]).where(sums["den"].fillna(0) != 0)
    is_rate = this_year.groupby(codes, sort=False)["kind"].first() == "rate"
    return ratio.where(is_rate, means)


def profile(scored: pd.DataFrame, province: str, year: int) -> pd.DataFrame:
    """One province against the bloc in `year`, one row per indicator (catalog order).

    Columns: `indicator_code`, names, `agency`, `group_code`, `kind`, `direction`, `value`,
    `previous` (the year before),
    `rank`, `members_ranked`, `score` (0–1, best = 1), `bloc_value` (ratio of sums for a rate, mean
    otherwise) and `bloc_score` (the bloc value on the same 0–1 scale as the provinces' scores).
    Vectorised (grouped passes over the year's rows, no per-indicator scan of `scored`).
    """
    this_year = scored[scored["year"] == year]
    codes = this_year["indicator_code"]
    value = this_year["value"].astype(float)
    if "partial" in this_year:  # a partial figure is not ranked, nor does it set the scale
        value = value.where(~this_year["partial"].fillna(False).astype(bool))
    by_code = value.groupby(codes, sort=False)
    low, high, present = by_code.min(), by_code.max(), by_code.count()
    first = this_year.drop_duplicates("indicator_code").set_index("indicator_code")
    mine = this_year[this_year["province_code"] == province].drop_duplicates("indicator_code")
    own = mine.set_index("indicator_code").reindex(
        first.index[first.index.isin(mine["indicator_code"])]
    )
    if own.empty:
        return pd.DataFrame()
    if "unit_id" in mine and len(mine):  # the unit's own year before (none across the merger)
        before = scored[
            (scored["year"] == year - 1) & (scored["unit_id"] == mine["unit_id"].iloc[0])
        ]
    else:
        before = scored[(scored["year"] == year - 1) & (scored["province_code"] == province)]
    previous = before.drop_duplicates("indicator_code").set_index("indicator_code")["value"]
    index = own.index
    bloc = _bloc_values(this_year).reindex(index)
    low, high, present = low.reindex(index), high.reindex(index), present.reindex(index)
    spread = high - low
    scaled = ((bloc - low) / spread.where(spread != 0)).where(spread != 0, 1.0)
    down = first["direction"].reindex(index) == "down"
    bloc_score = scaled.where(~down, 1.0 - scaled).where(bloc.notna() & (present > 0))

    def label(column: str, default: object) -> object:
        return first[column].reindex(index) if column in first else default

    frame = pd.DataFrame(
        {
            "indicator_code": index,
            "indicator_vi": label("indicator_vi", index),
            "indicator_en": label("indicator_en", index),
            "agency": first["agency"].reindex(index),
            "group_code": label("group_code", ""),
            "kind": first["kind"].reindex(index),
            "direction": first["direction"].reindex(index),
            "indicator_order": label("indicator_order", 0),
            "value": own["value"],
            "previous": previous.reindex(index).astype(float),
            "rank": own["rank"],
            "members_ranked": present.astype(int),
            "score": own["score"],
            "bloc_value": bloc.astype(float),
            "bloc_score": bloc_score.astype(float),
            "data_date": own.get("data_date"),
            "illustrative": own.get("illustrative"),
            **{
                column: own.get(column)
                for column in ("partial", "preliminary", "cut_date", "missing_vi", "missing_en")
                if column in own
            },
        }
    ).reset_index(drop=True)
    return frame.sort_values("indicator_order").reset_index(drop=True)
