"""The comparison of provinces on one indicator: shown values, the year-over-year table and the
one-sentence caption written from the data. Pure functions over the `province_trend` query's rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from typing import Literal

import pandas as pd

from justice_dashboard import fmt
from justice_dashboard.catalog import Indicator, Lang
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import t
from justice_dashboard.ranking import average, ranks
from justice_dashboard.state import Normalisation


def effective_normalisation(indicator: Indicator, normalisation: Normalisation) -> Normalisation:
    """A rate is always shown as it is; per-capita and share apply to counts and amounts."""
    return "absolute" if indicator.is_rate else normalisation


def display_scale(indicator: Indicator, normalisation: Normalisation) -> float:
    """What a chart multiplies a query value by: fractions (rates, shares) are drawn as percent."""
    norm = effective_normalisation(indicator, normalisation)
    return 100.0 if indicator.is_rate or norm == "share" else 1.0


def unit_text(indicator: Indicator, normalisation: Normalisation, lang: Lang) -> str:
    norm = effective_normalisation(indicator, normalisation)
    if indicator.is_rate:
        return "%"
    if norm == "per100k":
        return t("view.unit_per100k", lang, unit=indicator.unit(lang))
    if norm == "share":
        return t("view.unit_share", lang)
    return indicator.unit(lang)


def value_text(
    indicator: Indicator, value: float | None, normalisation: Normalisation, lang: Lang
) -> str:
    """A shown value the Vietnamese way: '83,25%', '1.234 việc', '12,3 việc/100.000 dân', '18,5%'."""
    norm = effective_normalisation(indicator, normalisation)
    if is_missing(value):
        return fmt.MISSING[lang]
    if indicator.is_rate:
        return fmt.indicator_value(indicator, value, lang)
    if norm == "share":
        return fmt.percent(value, 1, lang)
    if norm == "per100k":
        return f"{fmt.number(value, 1, lang)} {indicator.unit(lang)}"
    return f"{fmt.number(value, indicator.decimals, lang)} {indicator.unit(lang)}"


def change_text(
    indicator: Indicator,
    current: float | None,
    previous: float | None,
    normalisation: Normalisation,
    lang: Lang,
) -> str | None:
    """Change against last year: points for a rate or a share, percent for a count."""
    if any(is_missing(v) for v in (current, previous)):
        return None
    assert current is not None and previous is not None
    if indicator.is_rate or effective_normalisation(indicator, normalisation) == "share":
        return fmt.percentage_points(current - previous, 2, lang)
    if previous == 0:
        return fmt.signed_number(current - previous, indicator.decimals, lang)
    return fmt.signed_percent((current - previous) / previous, 1, lang)


def shown_average(
    frame: pd.DataFrame, indicator: Indicator, year: int, normalisation: Normalisation = "absolute"
) -> float:
    """The shown provinces' reference figure in a year, as the bars show it:

    - a rate: the ratio of the sums (Σ numerator / Σ denominator);
    - per 100.000 inhabitants: Σ raw value / Σ population × 100.000 over the provinces that have
      both (never the mean of their per-capita figures);
    - share of the bloc: no average (NaN), since the mean of shares means nothing;
    - a count or amount: the mean of the provinces' values.

    A partial figure (a re-aggregated one missing a predecessor) is left out: it would pull the
    average down for a part that is not there.
    """
    rows = frame[frame["year"] == year]
    if "partial" in rows:
        rows = rows[~rows["partial"].fillna(False).astype(bool)]
    norm = effective_normalisation(indicator, normalisation)
    if indicator.is_rate:
        return average(rows, "rate")
    if norm == "share":
        return math.nan
    if norm == "per100k":
        both = rows.dropna(subset=["raw_value", "population"])
        people = both["population"].sum()
        return (
            float(both["raw_value"].sum() / people * 100_000) if len(both) and people else math.nan
        )
    return average(rows, "count")


def year_over_year(frame: pd.DataFrame, indicator: Indicator, year: int) -> pd.DataFrame:
    """One row per shown province for `year`: value, change, % change, rank and rank change.

    `rank_change` > 0 means the unit moved up (from rank 4 to rank 2 is +2). Ranks follow the
    indicator's direction and are shared on ties; a missing or partial value has no rank. The year
    before is the unit's own (as reported across the merger, a merged province has none).
    """
    direction = indicator.direction if indicator.direction != "none" else "up"
    key = "unit_id" if "unit_id" in frame else "province_code"
    current = frame[frame["year"] == year].set_index(key)
    # The year before, per unit (one row per unit and year; a first figure where a unit has
    # several rows, as a pivot with "first" took): a lookup, not a pivot of every year.
    before = frame[frame["year"] == year - 1].dropna(subset=["value"]).drop_duplicates(key)
    before = before.set_index(key)
    flags = current["partial"] if "partial" in current else pd.Series(False, index=current.index)
    was_partial = before["partial"] if "partial" in before else pd.Series(False, index=before.index)
    labels = {
        lang: current[f"label_{lang}"] if f"label_{lang}" in current else current[f"name_{lang}"]
        for lang in ("vi", "en")
    }
    table = pd.DataFrame(
        {
            "province_code": (
                current.index if key == "province_code" else current["province_code"].to_numpy()
            ),
            "unit_id": current.index,
            "name_vi": labels["vi"].to_numpy(),
            "name_en": labels["en"].to_numpy(),
            "colour": current["colour"].to_numpy(),
            "value": current["value"].to_numpy(),
            "previous": before["value"].reindex(current.index).to_numpy(),
            "partial": flags.fillna(False).astype(bool).to_numpy(),
            "previous_partial": was_partial.reindex(current.index)
            .fillna(False)
            .astype(bool)
            .to_numpy(),
        }
    )
    table["change"] = table["value"] - table["previous"]
    table["change_pct"] = table["change"] / table["previous"].where(table["previous"] != 0)
    table["rank"] = ranks(table["value"].where(~table["partial"]), direction)
    table["previous_rank"] = ranks(table["previous"].where(~table["previous_partial"]), direction)
    table["rank_change"] = table["previous_rank"] - table["rank"]
    return table.sort_values(["rank", "province_code"], na_position="last").reset_index(drop=True)


def rank_change_text(change: float) -> str:
    if change is None or (isinstance(change, float) and math.isnan(change)):
        return "–"
    if change > 0:
        return f"↑ {int(change)}"
    if change < 0:
        return f"↓ {int(-change)}"
    return "="


def caption(
    frame: pd.DataFrame,
    indicator: Indicator,
    year: int,
    normalisation: Normalisation,
    lang: Lang,
    table: pd.DataFrame | None = None,
    bloc: pd.DataFrame | None = None,
    highlight: Collection[str] = (),
) -> str:
    """One sentence from the data. `table`: `year_over_year` of the same rows, if the caller
    already has it. `bloc`: `year_over_year` of every member of the bloc that year (counted and
    normalised as `frame`), whose ranks are the bloc's.

    - Every member shown: a sentence about the bloc, e.g. 'Đồng Nai dẫn đầu khối với 1.234 việc,
      tăng 12,3% so với năm 2021; Ninh Thuận xếp cuối khối với 234 việc.'
    - Some members shown: a sentence about them that says so, with each named one's rank in the
      bloc when `bloc` is given: 'Trong 2 tỉnh đang xem, Đồng Nai đứng đầu với 82,93% (hạng 1/7
      của khối), …; Bình Dương đứng cuối với 80,80% (hạng 5/7 của khối).'
    - Without `bloc` the sentence speaks of the shown provinces only (it cannot know the bloc).

    Ties share a place ('Đồng Nai và Tây Ninh cùng dẫn đầu khối …'); a missing figure is named
    as such; a partial figure (a re-aggregated one missing a predecessor) takes no rank, here or
    in the bloc, and is named in the tail.

    `highlight` (province codes among those shown): a sentence about them against the bloc
    (`highlight_caption`) instead.
    """
    table = year_over_year(frame, indicator, year) if table is None else table
    if highlight and table["province_code"].isin(list(highlight)).any():
        return highlight_caption(
            frame, indicator, year, normalisation, lang, table=table, bloc=bloc, highlight=highlight
        )
    name = "name_vi" if lang == "vi" else "name_en"
    present = table.dropna(subset=["value"])
    partial = present[present["partial"]] if "partial" in present else present.iloc[:0]
    present = present.drop(partial.index).dropna(subset=["rank"])
    if present.empty:
        return t("compare.caption_none", lang, year=year) + _caption_tail(
            partial, frame, year, lang
        )
    whole_bloc = bloc is not None and set(bloc["unit_id"]) <= set(table["unit_id"])
    scope = "bloc" if whole_bloc else "shown"
    kind = "_none" if indicator.direction == "none" else ""
    bloc_ranks = _bloc_ranks(bloc) if bloc is not None and not whole_bloc else None

    def place(rows: pd.DataFrame, role: str) -> str:
        tied = "_tied" if len(rows) > 1 else ""
        names = _joined(rows[name].tolist(), lang)
        value = value_text(indicator, rows["value"].iloc[0], normalisation, lang)
        rank = "" if bloc_ranks is None else bloc_ranks(rows["unit_id"].iloc[0], lang)
        return t(f"compare.caption.{scope}.{role}{kind}{tied}", lang, provinces=names) + t(
            "compare.caption_value", lang, value=value, rank=rank
        )

    best = present[present["rank"] == present["rank"].min()]
    worst = present[present["rank"] == present["rank"].max()]
    if scope == "shown" and len(table) == 1:
        sentence = t(
            "compare.caption.one",
            lang,
            province=best[name].iloc[0],
            value=value_text(indicator, best["value"].iloc[0], normalisation, lang),
            rank="" if bloc_ranks is None else bloc_ranks(best["unit_id"].iloc[0], lang),
        )
    else:
        lead = t("compare.caption.shown.lead", lang, count=len(table)) if scope == "shown" else ""
        sentence = lead + place(best, "best")
    if len(best) == 1:
        sentence += _change_clause(indicator, best.iloc[0], year, normalisation, lang)
    if worst["rank"].iloc[0] != best["rank"].iloc[0]:
        sentence += t("compare.caption_then", lang) + place(worst, "worst")
    missing = table[table["value"].isna()][name].tolist()
    if missing:
        sentence += t("compare.caption_missing", lang, provinces=", ".join(missing))
    return sentence + "." + _caption_tail(partial, frame, year, lang)


def highlight_caption(
    frame: pd.DataFrame,
    indicator: Indicator,
    year: int,
    normalisation: Normalisation,
    lang: Lang,
    *,
    table: pd.DataFrame,
    bloc: pd.DataFrame | None,
    highlight: Collection[str],
) -> str:
    """The highlighted provinces against the bloc, each with its rank and value, then who leads
    the bloc when none of them does: 'Đồng Nai và Bình Dương so với khối: Đồng Nai hạng 3/7 với
    82,93%, tăng 1,20 điểm % so với năm 2021; Bình Dương hạng 5/7 với 80,80%; dẫn đầu khối là
    Tây Ninh với 85,10%.'

    Ranks are the bloc's when `bloc` (`year_over_year` of every member) is given, else among the
    shown provinces, and the sentence says which. A missing or partial figure has no rank."""
    name = "name_vi" if lang == "vi" else "name_en"
    ranked_in = bloc if bloc is not None else table
    scope = "bloc" if bloc is not None else "shown"
    ranked = ranked_in.dropna(subset=["rank"])
    rank_of = dict(zip(ranked["unit_id"], ranked["rank"], strict=True))
    chosen = table[table["province_code"].isin(list(highlight))]
    chosen = chosen.sort_values(["rank", "province_code"], na_position="last")
    sentence = t(
        f"compare.caption.highlight.lead.{scope}",
        lang,
        provinces=_joined(chosen[name].tolist(), lang),
    )
    items = []
    for _, row in chosen.iterrows():
        value = value_text(indicator, row["value"], normalisation, lang)
        if row["unit_id"] in rank_of:
            item = t(
                "compare.caption.highlight.item",
                lang,
                province=row[name],
                rank=int(rank_of[row["unit_id"]]),
                ranked=len(ranked),
                value=value,
            )
            item += _change_clause(indicator, row, year, normalisation, lang)
        else:
            item = t("compare.caption.highlight.unranked", lang, province=row[name], value=value)
        items.append(item)
    sentence += t("compare.caption_then", lang).join(items)
    leaders = ranked[ranked["rank"] == ranked["rank"].min()] if len(ranked) else ranked
    if len(leaders) and not set(leaders["unit_id"]) & set(chosen["unit_id"]):
        kind = "_none" if indicator.direction == "none" else ""
        sentence += t(
            f"compare.caption.highlight.leader.{scope}{kind}",
            lang,
            provinces=_joined(leaders[name].tolist(), lang),
            value=value_text(indicator, leaders["value"].iloc[0], normalisation, lang),
        )
    present = table.dropna(subset=["value"])
    partial = present[present["partial"]] if "partial" in present else present.iloc[:0]
    return sentence + "." + _caption_tail(partial, frame, year, lang)


def _joined(names: list[str], lang: Lang) -> str:
    """'Đồng Nai và Tây Ninh', 'A, B và C' ('A, B and C')."""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + t("compare.caption_and", lang) + names[-1]


def _bloc_ranks(bloc: pd.DataFrame) -> Callable[[str, Lang], str]:
    """A unit's rank in the bloc as the caption writes it (' (hạng 5/7 của khối)'), or '' for a
    unit that has no rank in the bloc."""
    ranked = bloc.dropna(subset=["rank"])
    by_unit = dict(zip(ranked["unit_id"], ranked["rank"], strict=True))

    def text(unit_id: str, lang: Lang) -> str:
        if unit_id not in by_unit:
            return ""
        rank = int(by_unit[unit_id])
        return t("compare.caption_bloc_rank", lang, rank=rank, ranked=len(ranked))

    return text


def _change_clause(
    indicator: Indicator, row: pd.Series, year: int, normalisation: Normalisation, lang: Lang
) -> str:
    change = change_text(indicator, row["value"], row["previous"], normalisation, lang)
    if change is None:
        return ""
    key = "compare.caption_up" if row["change"] > 0 else "compare.caption_down"
    if row["change"] == 0:
        key = "compare.caption_same"
    return t(key, lang, change=change.lstrip("+-±"), previous=year - 1)


def _caption_tail(partial: pd.DataFrame, frame: pd.DataFrame, year: int, lang: Lang) -> str:
    """What the caption adds about figures that are partial (not ranked) or preliminary."""
    name = "name_vi" if lang == "vi" else "name_en"
    tail = ""
    if len(partial):
        tail += t("units.caption_partial", lang, units=", ".join(partial[name]))
    this_year = frame[frame["year"] == year]
    if "preliminary" in this_year and this_year["preliminary"].fillna(False).astype(bool).any():
        tail += t("units.caption_preliminary", lang, year=year)
    return tail


def year_over_year_display(
    frame: pd.DataFrame,
    indicator: Indicator,
    year: int,
    normalisation: Normalisation,
    lang: Lang,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The year-over-year table with its headers and values written for reading (Vietnamese format).

    `table`: `year_over_year` of the same rows, if the caller already has it (it is not changed)."""
    table = year_over_year(frame, indicator, year) if table is None else table
    name = "name_vi" if lang == "vi" else "name_en"

    def rank_text(rank: float) -> str:
        return "–" if math.isnan(rank) else str(int(rank))

    def shown(value: float | None, partial: bool) -> str:
        text = value_text(indicator, value, normalisation, lang)
        return (
            f"{text} ({t('units.partial_short', lang)})"
            if partial and not is_missing(value)
            else text
        )

    return pd.DataFrame(
        {
            t("compare.col_rank", lang): [rank_text(r) for r in table["rank"]],
            t("compare.col_province", lang): table[name],
            f"{t('compare.col_value', lang)} {year}": [
                shown(v, p) for v, p in zip(table["value"], table["partial"], strict=True)
            ],
            f"{t('compare.col_previous', lang)} ({year - 1})": [
                shown(v, p)
                for v, p in zip(table["previous"], table["previous_partial"], strict=True)
            ],
            t("compare.col_change", lang): [
                change_text(indicator, v, p, normalisation, lang) or "–"
                for v, p in zip(table["value"], table["previous"], strict=True)
            ],
            t("compare.col_rank_change", lang): [rank_change_text(c) for c in table["rank_change"]],
        }
    )


Measure = Literal["values", "indexed"]
MEASURES: tuple[Measure, ...] = ("values", "indexed")


def since_first_year(
    frame: pd.DataFrame, indicator: Indicator, normalisation: Normalisation = "absolute"
) -> pd.DataFrame:
    """The rows with each unit's change since its first year, for the lines' "indexed" view.

    Adds `base_year`, `base_value` and `since_first`: for a rate or a share the difference in
    points as a fraction (0,0125 is +1,25 points), for a count or an amount the relative change
    (0,125 is +12,5%). A unit's first year is its first year in `frame` with a whole figure (not
    missing, not partial), so a unit that starts in 2025 counts from 2025; a year before it, a
    missing figure, or a base of zero for a count has no change (NaN)."""
    points = display_scale(indicator, normalisation) == 100.0
    key = "unit_id" if "unit_id" in frame else "province_code"
    rows = frame.sort_values([key, "year"])
    whole = rows["value"].notna()
    if "partial" in rows:
        whole &= ~rows["partial"].fillna(False).astype(bool)
    bases = rows[whole].drop_duplicates(key).set_index(key)
    base_year = rows[key].map(bases["year"])
    base_value = rows[key].map(bases["value"])
    if points:
        change = rows["value"] - base_value
    else:
        change = rows["value"] / base_value.where(base_value != 0) - 1.0
    change = change.where(rows["year"] >= base_year)
    out = rows.assign(base_year=base_year, base_value=base_value, since_first=change)
    return out.loc[frame.index]


def since_first_text(
    indicator: Indicator, change: float | None, normalisation: Normalisation, lang: Lang
) -> str:
    """A change since the first year as written: '+1,25 điểm %' for a rate, '+12,5%' a count."""
    if is_missing(change):
        return fmt.MISSING[lang]
    assert change is not None
    if display_scale(indicator, normalisation) == 100.0:
        return fmt.percentage_points(change, 2, lang)
    return fmt.signed_percent(change, 1, lang)
