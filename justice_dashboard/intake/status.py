"""Which agencies a file holds, and whether their figures are final (chính thức) or preliminary
(sơ bộ, cut at a date).

STP and THA prepare their own figures: a file may hold one agency or both, and the person who
brings it in says, per agency, whether the figures are final or preliminary (with the date they
were cut at). The snapshot keeps that in its provenance (`Provenance.statuses`). Of a unit, year
and agency the model uses the latest final snapshot, else the latest preliminary one; so a
preliminary file for an agency that already has final figures would never be shown. It is
refused, on the page, on the command line and in a rollback, with a message that says why.

Pure functions over the catalog, the `snapshot_history` frame and the files on disk (for the check
the commit repeats under the data folder's lock); no Streamlit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from justice_dashboard import fmt
from justice_dashboard.catalog import Catalog, Lang
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import LANGS, t
from justice_dashboard.intake.problems import ByLang, in_each_language, quoted
from justice_dashboard.snapshots import (
    FINAL,
    PRELIMINARY,
    SNAPSHOT_NAME,
    Status,
    read_provenance,
    snapshots_dir,
)

Statuses = tuple[tuple[str, Status], ...]
# --preliminary AGENCY=DATE, the date as 2026-10-31 or 31/10/2026.
_OPTION = re.compile(r"\s*(?P<agency>[^=\s]*)\s*=\s*(?P<date>\S*)\s*")
_ISO = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})")
_DMY = re.compile(r"(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2})/(?P<y>[0-9]{4})")


def agencies(catalog: Catalog) -> tuple[str, ...]:
    """Every agency of the catalog (STP, THA), in the catalog's order."""
    return tuple(dict.fromkeys(i.agency for i in catalog.indicators))


def agencies_of(catalog: Catalog, codes: Iterable[str]) -> tuple[str, ...]:
    """The agencies whose indicators are among `codes`, in the catalog's order."""
    held = {catalog.indicator(c).agency for c in codes if catalog.has_indicator(c)}
    return tuple(a for a in agencies(catalog) if a in held)


def agency_label(catalog: Catalog, agency: str, year: int, lang: Lang = "vi") -> str:
    """The agency's name in that year, with its code: "Cục Thi hành án dân sự (THA)" to 2024,
    "Thi hành án dân sự tỉnh/thành phố (THA)" from 2025."""
    return f"{catalog.agency_name(agency, year, lang)} ({agency})"


def agencies_text(catalog: Catalog, held: Iterable[str], year: int, lang: Lang = "vi") -> str:
    """ "Sở Tư pháp (STP) và Cục Thi hành án dân sự (THA)"."""
    labels = [agency_label(catalog, a, year, lang) for a in held]
    if len(labels) <= 1:
        return "".join(labels)
    return t("intake.status.and", lang, first=", ".join(labels[:-1]), last=labels[-1])


def agencies_by_lang(catalog: Catalog, held: Iterable[str], year: int) -> ByLang:
    held = tuple(held)
    return ByLang(*(agencies_text(catalog, held, year, lang) for lang in LANGS))


def period_start(catalog: Catalog, agency: str, year: int) -> dt.date:
    """The first day of the agency's reporting year: 1/1, or 1/10 of the year before for THA
    (the enforcement year)."""
    enforcement = any(i.is_enforcement_year for i in catalog.indicators if i.agency == agency)
    return dt.date(year - 1, 10, 1) if enforcement else dt.date(year, 1, 1)


def status_text(status: Status, lang: Lang = "vi") -> str:
    """ "chính thức", or "sơ bộ, đến 31/10/2026"."""
    if status.status == PRELIMINARY:
        date = fmt.date(status.cut_date, lang) if status.cut_date else "–"
        return t("units.preliminary", lang, date=date)
    return t("units.final", lang)


def statuses_text(catalog: Catalog, statuses: Statuses, year: int, lang: Lang = "vi") -> str:
    """ "Sở Tư pháp (STP): chính thức; Cục Thi hành án dân sự (THA): sơ bộ, đến 30/09/2024"."""
    return "; ".join(
        f"{agency_label(catalog, a, year, lang)}: {status_text(s, lang)}" for a, s in statuses
    )


def statuses_for(held: Iterable[str], chosen: Mapping[str, Status]) -> Statuses:
    """Every held agency's status: the one chosen, else final."""
    return tuple((a, chosen.get(a, Status())) for a in held)


@dataclass(frozen=True)
class StatusProblem:
    """Why the statuses chosen for a file (or a rollback) cannot be written; nothing is then."""

    kind: str
    values: dict[str, object] = field(default_factory=dict, compare=False)

    def text(self, lang: Lang = "vi") -> str:
        shown = {
            k: (getattr(v, lang) if isinstance(v, ByLang) else v) for k, v in self.values.items()
        }
        return t(f"intake.status.{self.kind}", lang, **shown)


class StatusRefused(Exception):
    """The statuses cannot be written (a preliminary file after a final one…); nothing was."""

    def __init__(self, problems: list[StatusProblem]) -> None:
        super().__init__("; ".join(p.text("vi") for p in problems))
        self.problems = problems


def _label(catalog: Catalog, agency: str, year: int) -> ByLang:
    return ByLang(*(agency_label(catalog, agency, year, lang) for lang in LANGS))


def check_statuses(
    catalog: Catalog,
    year: int,
    held: tuple[str, ...],
    chosen: Mapping[str, Status],
    finals: Mapping[str, str],
    today: dt.date,
) -> list[StatusProblem]:
    """Every problem of the statuses chosen for a file of `held` agencies: an agency the file does
    not hold, a preliminary one without a cut date, cut after today or before its reporting year
    began, or one that already has final figures (`finals`: agency → the final snapshot), which a
    preliminary one could never replace."""
    problems: list[StatusProblem] = []
    for agency, status in chosen.items():
        label = _label(catalog, agency, year)
        if agency not in held:
            problems.append(
                StatusProblem(
                    "not_held",
                    {"agency": label, "held": agencies_by_lang(catalog, held, year)},
                )
            )
            continue
        if status.status != PRELIMINARY:
            continue
        cut = status.cut_date
        if cut is None:
            problems.append(StatusProblem("cut_date_missing", {"agency": label}))
        elif cut > today:
            problems.append(
                StatusProblem(
                    "cut_date_future",
                    {
                        "agency": label,
                        "date": in_each_language(fmt.date, cut),
                        "today": in_each_language(fmt.date, today),
                    },
                )
            )
        elif cut < (start := period_start(catalog, agency, year)):
            problems.append(
                StatusProblem(
                    "cut_date_early",
                    {
                        "agency": label,
                        "date": in_each_language(fmt.date, cut),
                        "start": in_each_language(fmt.date, start),
                        "year": year,
                    },
                )
            )
        if agency in finals:
            problems.append(
                StatusProblem(
                    "final_exists",
                    {"agency": label, "year": year, "snapshot": finals[agency]},
                )
            )
    return problems


def rollback_problems(
    catalog: Catalog, year: int, snapshot: str, statuses: Statuses, finals: Mapping[str, str]
) -> list[StatusProblem]:
    """A rollback to a snapshot holding preliminary figures of an agency that has final ones since
    could never take effect: one problem per such agency."""
    return [
        StatusProblem(
            "rollback_final_exists",
            {
                "snapshot": snapshot,
                "agency": _label(catalog, agency, year),
                "cut": status_text(status),
                "year": year,
                "final": finals[agency],
            },
        )
        for agency, status in statuses
        if status.status == PRELIMINARY and agency in finals and finals[agency] != snapshot
    ]


# ---- the stored state: from the snapshot_history query, or from the files on disk -----------------


def statuses_of_row(statuses: object) -> Statuses:
    """A `snapshot_history` row's statuses (a list of {agency, status, cut_date}) as Statuses."""
    if statuses is None or (isinstance(statuses, float) and statuses != statuses):
        return ()
    found = []
    for item in list(statuses):  # type: ignore[call-overload]
        cut = item.get("cut_date")
        day = None if is_missing(cut) or cut is pd.NaT else pd.Timestamp(cut).date()
        kind = item["status"] if item["status"] in (FINAL, PRELIMINARY) else PRELIMINARY
        found.append((str(item["agency"]), Status(kind, day if kind == PRELIMINARY else None)))
    return tuple(found)


def finals_in(history: pd.DataFrame) -> dict[str, str]:
    """agency → the latest snapshot holding its final figures, from `snapshot_history` (newest
    first)."""
    finals: dict[str, str] = {}
    for _, row in history.iterrows():
        for agency, status in statuses_of_row(row["statuses"]):
            if status.status == FINAL:
                finals.setdefault(agency, str(row["snapshot_id"]))
    return finals


def replaced_preliminaries(
    history: pd.DataFrame, statuses: Statuses
) -> list[tuple[str, str, Status]]:
    """(agency, snapshot, its status) of each preliminary snapshot now in use that the final
    figures chosen for a file would replace."""
    replaced = []
    for _, row in history.iterrows():
        in_use = set(row["current_for"]) if row["current_for"] is not None else set()
        for agency, status in statuses_of_row(row["statuses"]):
            chosen = dict(statuses).get(agency)
            if (
                agency in in_use
                and status.status == PRELIMINARY
                and chosen is not None
                and chosen.status == FINAL
            ):
                replaced.append((agency, str(row["snapshot_id"]), status))
    return replaced


def already_in_use(history: pd.DataFrame, sha256: str, statuses: Statuses) -> bool:
    """Whether, for every agency of the file, the snapshot in use is this same file with the same
    status: committing it again would change nothing."""
    in_use: dict[str, tuple[str, Status]] = {}
    for _, row in history.iterrows():
        given = dict(statuses_of_row(row["statuses"]))
        for agency in row["current_for"] if row["current_for"] is not None else ():
            if agency in given:
                in_use[agency] = (str(row["source_sha256"]), given[agency])
    return bool(statuses) and all(in_use.get(a) == (sha256, s) for a, s in statuses)


def finals_on_disk(root: Path, catalog: Catalog, province: str, year: int) -> dict[str, str]:
    """agency → the latest snapshot of `province` and `year` on disk holding its final figures, as
    the model reads them (a snapshot without a status gives final figures). What the commit checks
    under the write lock; a file that cannot be read is skipped, as `Store.open` skips it."""
    from justice_dashboard.integrity import damage_of

    folder = snapshots_dir(root) / province / str(year)
    if not folder.is_dir():
        return {}
    finals: dict[str, str] = {}
    names = sorted(p.name for p in folder.iterdir() if SNAPSHOT_NAME.fullmatch(p.name))
    for name in reversed(names):
        path = folder / name
        damage, _ = damage_of(root, path)
        if damage is not None:
            continue
        try:
            table = pq.read_table(path)  # every value read: a damaged one skips the file
            codes = table.column("indicator_code").to_pylist()
            provenance = read_provenance(path)
        except Exception:  # damaged values: the store leaves this file out too
            continue
        for agency in agencies_of(catalog, {str(c) for c in codes}):
            if provenance.get(f"status.{agency}", FINAL) == FINAL:
                finals.setdefault(agency, f"{province}-{year}-{name.removesuffix('.parquet')}")
    return finals


# ---- the command line's --preliminary AGENCY=DATE -------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    """2026-10-31 or 31/10/2026 (ASCII digits), or None."""
    match = _ISO.fullmatch(text) or _DMY.fullmatch(text)
    if match is None:
        return None
    try:
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def parse_preliminary(
    catalog: Catalog, options: Iterable[str]
) -> tuple[dict[str, Status], list[StatusProblem]]:
    """`--preliminary STP=2026-10-31` (repeatable) as {agency: Status}; every option that is not
    of that form, names no agency of the catalog, no real date, or an agency twice, is a problem."""
    chosen: dict[str, Status] = {}
    problems: list[StatusProblem] = []
    known = ", ".join(agencies(catalog))
    for option in options:
        match = _OPTION.fullmatch(option)
        shown = quoted(option)
        if match is None or not match["agency"]:
            problems.append(StatusProblem("option_form", {"text": shown, "known": known}))
            continue
        agency = match["agency"].upper()
        if agency not in agencies(catalog):
            problems.append(
                StatusProblem("option_agency", {"text": quoted(match["agency"]), "known": known})
            )
            continue
        day = parse_date(match["date"])
        if day is None:
            problems.append(
                StatusProblem("option_date", {"agency": agency, "text": quoted(match["date"])})
            )
            continue
        if agency in chosen:
            problems.append(StatusProblem("option_twice", {"agency": agency}))
            continue
        chosen[agency] = Status(PRELIMINARY, day)
    return chosen, problems
