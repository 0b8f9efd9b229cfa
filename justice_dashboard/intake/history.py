"""Tables of the history page: snapshots with provenance and status per agency, one snapshot's
values, two side by side; and whether a snapshot can be rolled back to.

Pure functions from query frames to display frames (Vietnamese number and date formats).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from justice_dashboard import fmt
from justice_dashboard.catalog import Catalog, Lang
from justice_dashboard.i18n import t
from justice_dashboard.intake.status import (
    StatusProblem,
    finals_in,
    rollback_problems,
    statuses_of_row,
)
from justice_dashboard.safe_text import plain
from justice_dashboard.stored_text import stored_text
from justice_dashboard.tables import statuses_text


def moment(value: object, lang: Lang = "vi") -> str:
    """dd/mm/yyyy HH:MM:SS (UTC)."""
    stamp = pd.Timestamp(value).to_pydatetime()
    return f"{fmt.date(stamp, lang)} {stamp:%H:%M:%S}"


def submitted_date(value: object) -> dt.date:
    return pd.Timestamp(value).to_pydatetime().date()


def in_use_text(current_for: object) -> str:
    """ "✔ STP, THA": the agencies a snapshot is the one in use for; "" when none."""
    agencies = [str(a) for a in current_for] if isinstance(current_for, Iterable) else []
    return f"✔ {', '.join(agencies)}" if agencies else ""


def snapshot_label(row: pd.Series, lang: Lang) -> str:
    mark = f" {in_use_text(row['current_for'])}" if row["is_current"] else ""
    return f"{moment(row['submitted_at'], lang)} · {plain(row['submitted_by'])} · {row['snapshot_id']}{mark}"


def history_table(history: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Every snapshot: in use for which agencies, when, who, the source, each agency's status
    (chính thức, or sơ bộ with its cut date), the note."""
    return pd.DataFrame(
        {
            t("history.col.current", lang): [in_use_text(c) for c in history["current_for"]],
            t("data.col_statuses", lang): [statuses_text(s, lang) for s in history["statuses"]],
            t("history.col.submitted_at", lang): [moment(v, lang) for v in history["submitted_at"]],
            t("history.col.submitted_by", lang): [plain(v) for v in history["submitted_by"]],
            t("history.col.source_name", lang): [
                plain(stored_text(v, lang)) for v in history["source_name"]
            ],
            t("history.col.sha256", lang): [s[:12] for s in history["source_sha256"]],
            t("history.col.illustrative", lang): [
                t("app.illustrative_short", lang) if i else "" for i in history["illustrative"]
            ],
            t("history.col.note", lang): [
                plain(stored_text(v, lang), 500) for v in history["note"].fillna("")
            ],
            t("history.col.snapshot", lang): history["snapshot_id"],
        }
    )


def _name(catalog: Catalog, code: str, lang: Lang) -> str:
    return catalog.indicator(code).name(lang) if catalog.has_indicator(code) else code


def _value(catalog: Catalog, code: str, value: float | None, lang: Lang) -> str:
    if catalog.has_indicator(code):
        return fmt.indicator_value(catalog.indicator(code), value, lang)
    return fmt.number(value, 2, lang)


def values_table(catalog: Catalog, values: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The stored values of one snapshot (whole year), in catalog order."""
    order = {i.code: n for n, i in enumerate(catalog.indicators)}
    rows = values[values["period"] == 0]
    rows = rows.iloc[
        sorted(range(len(rows)), key=lambda n: order.get(rows["indicator_code"].iloc[n], 999))
    ]
    return pd.DataFrame(
        {
            t("intake.col.code", lang): rows["indicator_code"].tolist(),
            t("intake.col.name", lang): [_name(catalog, c, lang) for c in rows["indicator_code"]],
            t("intake.template.value", lang): [
                _value(catalog, c, v, lang)
                for c, v in zip(rows["indicator_code"], rows["value"], strict=True)
            ],
        }
    )


def difference_table(
    catalog: Catalog,
    difference: pd.DataFrame,
    first_label: str,
    second_label: str,
    lang: Lang,
    only_differences: bool = True,
) -> pd.DataFrame:
    rows = difference[difference["differs"]] if only_differences else difference
    rows = rows[rows["period"] == 0]
    codes = rows["indicator_code"].tolist()
    return pd.DataFrame(
        {
            t("intake.col.code", lang): codes,
            t("intake.col.name", lang): [_name(catalog, c, lang) for c in codes],
            first_label: [
                _value(catalog, c, v, lang) for c, v in zip(codes, rows["first_value"], strict=True)
            ],
            second_label: [
                _value(catalog, c, v, lang)
                for c, v in zip(codes, rows["second_value"], strict=True)
            ],
            t("history.col.difference", lang): [
                "" if pd.isna(d) else fmt.signed_number(d, 0 if float(d).is_integer() else 2, lang)
                for d in rows["difference"]
            ],
        }
    )


def in_use_for_all(row: pd.Series) -> bool:
    """Whether a snapshot is the one in use for every agency it holds: a rollback to it would
    change nothing."""
    held = {a for a, _ in statuses_of_row(row["statuses"])}
    in_use = {str(a) for a in row["current_for"]} if row["current_for"] is not None else set()
    return bool(row["is_current"]) and held <= in_use


def rollback_refusals(
    catalog: Catalog, history: pd.DataFrame, snapshot_id: str, year: int
) -> list[StatusProblem]:
    """Why a rollback to `snapshot_id` could never take effect (its preliminary figures of an
    agency that has final ones since), from the `snapshot_history` frame; [] when it can."""
    row = history[history["snapshot_id"] == snapshot_id].iloc[0]
    return rollback_problems(
        catalog, year, snapshot_id, statuses_of_row(row["statuses"]), finals_in(history)
    )
