"""The seeded generator of the bundled, illustrative sample data: the bloc's seven provinces 2018-2024,
Long An's history 2018-2024 (a predecessor outside the bloc), and the five merged provinces of today
2025-2026 (2026: THA final, STP preliminary to 31/10/2026).

Magnitudes follow each province's approximate population, years move by a plausible trend (with the
2020-2021 pandemic dip where it belongs), parts never exceed their wholes, and the 2022 bloc totals of
the two figures the conference article gives are hit exactly: 434 drafts appraised (VB01) and 125.996
enforcement cases (TA01). Everything else is invented and marked illustrative.

`python -m justice_dashboard sample --out DIR` writes the same bytes every time.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from justice_dashboard.catalog import Catalog, load_catalog
from justice_dashboard.i18n import t
from justice_dashboard.snapshots import (
    PRELIMINARY,
    Provenance,
    Status,
    sha256_bytes,
    write_snapshot,
)

SEED = 2022
FIRST_YEAR, LAST_YEAR = 2018, 2026
MERGER_YEAR = 2025  # the successors report whole years from 2025 (NQ 202/2025/QH15)
CALIBRATION_YEAR = 2022
VN = dt.timezone(dt.timedelta(hours=7))
SOURCE_NAME = t("sample.source_name", "vi", seed=SEED)
SUBMITTED_BY = "justice_dashboard sample"
# Old units whose history the sample holds beside the bloc's seven: Long An, so the merged Tây
# Ninh's re-aggregated line is whole. The other predecessors outside the bloc (TP. Hồ Chí Minh,
# Khánh Hòa, Lâm Đồng and Đắk Nông as they were) are left without figures, so partial history
# shows too.
HISTORY_OF = ("long-an",)
# 2026: THA's enforcement year (1/10/2025 – 30/9/2026) is over and final; STP's figures are cut
# at 31/10/2026, ten months of twelve.
STP_CUT_2026 = dt.date(2026, 10, 31)
STP_SHARE_2026 = 10 / 12
PRELIMINARY_CUT_2024 = dt.date(2024, 11, 30)


@dataclass(frozen=True)
class Volume:
    """A stored count: level per million inhabitants in 2022, yearly growth, pandemic factor."""

    per_million: float
    growth: float
    covid: float = 1.0
    population_power: float = 1.0


# Level indicators (the wholes). Parts are drawn as shares of these below.
VOLUMES: dict[str, Volume] = {
    "VB01": Volume(38.0, 0.03, 0.95, 0.5),
    "VB03": Volume(300.0, 0.02, 0.95),
    "VB05": Volume(800.0, 0.04),
    "PB01": Volume(1500.0, 0.03, 0.70),
    "PB02": Volume(180000.0, 0.03, 0.65),
    "HG01": Volume(1800.0, -0.01, 0.90),
    "HT01": Volume(14000.0, -0.02),
    "HT02": Volume(7000.0, -0.01, 0.80),
    "HT03": Volume(5500.0, 0.01, 1.15),
    "CT01": Volume(400000.0, 0.02, 0.85),
    "LL01": Volume(6000.0, 0.06, 0.85),
    "TG01": Volume(250.0, 0.05, 0.90),
    "CC01": Volume(25000.0, 0.04, 0.80),
    "LS01": Volume(60.0, 0.06),
    "DG01": Volume(150.0, 0.03, 0.85),
    "XL01": Volume(40.0, -0.02),
    "HC01": Volume(20000.0, 0.05, 0.90),
    "KN01": Volume(120.0, -0.03),
    "TA01": Volume(11170.0, 0.04, 1.05),
    "TA05": Volume(250000.0, 0.07, 1.10),
}

# Parts as a share of their whole: (share in 2018, share in 2024, spread between provinces).
SHARES: dict[str, tuple[str, float, float, float]] = {
    "VB06": ("VB01", 0.93, 0.98, 0.02),
    "VB04": ("VB03", 0.05, 0.03, 0.01),
    "HG03": ("HG01", 0.80, 0.86, 0.03),
    "LL03": ("LL01", 0.96, 0.99, 0.01),
    "HC02": ("HC01", 0.95, 0.99, 0.01),
    "HC04": ("HC01", 0.10, 0.72, 0.03),
    "KN02": ("KN01", 0.86, 0.94, 0.03),
    "TA02": ("TA01", 0.72, 0.74, 0.03),
    "TA03": ("TA02", 0.78, 0.845, 0.025),
    "TA06": ("TA05", 0.38, 0.49, 0.05),
}
CALIBRATED = ("VB01", "TA01")
COVID_YEARS = (2020, 2021)


def _population(folder: Path | None) -> dict[tuple[str, int], float]:
    """Approximate population by (province code, year), from the reference catalog."""
    from justice_dashboard.config import reference_dir

    frame = pd.read_csv(
        (folder or reference_dir()) / "population.csv", dtype={"province_code": str}
    )
    return {(r.province_code, int(r.year)): float(r.population) for r in frame.itertuples()}


def round_to_total(raw: dict[str, float], total: int) -> dict[str, int]:
    """Scale to `total` and round by largest remainder, so the integers add up exactly."""
    scale = total / sum(raw.values())
    scaled = {k: v * scale for k, v in raw.items()}
    floors = {k: math.floor(v) for k, v in scaled.items()}
    short = total - sum(floors.values())
    by_remainder = sorted(scaled, key=lambda k: (scaled[k] - floors[k], k), reverse=True)
    for key in by_remainder[:short]:
        floors[key] += 1
    return floors


def _territories(catalog: Catalog) -> list[str]:
    """Every unit that the bloc's members of 2018–2024 and today's members are made of: the
    seven old members and the other predecessors of today's members (Long An, …)."""
    bloc = catalog.default_bloc.code
    today = catalog.current_bloc_units(bloc)
    old = {u.unit_id for u in catalog.bloc_units(bloc, CALIBRATION_YEAR)}
    for unit in today:
        old |= {u.unit_id for u in catalog.predecessors(unit.unit_id)}
    return [u.unit_id for u in catalog.units if u.unit_id in old]


def generate(catalog: Catalog | None = None) -> pd.DataFrame:
    """All sample values: columns province_code, year, indicator_code, value (stored indicators only).

    One latent level per old territory (the seven members and the other predecessors of today's
    members) for every year: a successor's figure from 2025 is the sum of its predecessors' levels
    (their population grown a year at a time), so its line continues theirs. Written: the seven
    members 2018–2024, Long An 2018–2024 (`HISTORY_OF`) and today's members 2025–2026."""
    catalog = catalog or load_catalog()
    rng = np.random.default_rng(SEED)
    bloc = catalog.default_bloc.code
    members = [u.unit_id for u in catalog.bloc_units(bloc, CALIBRATION_YEAR)]
    territories = _territories(catalog)
    code = {u.unit_id: u.code for u in catalog.units}
    people = _population(None)
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    last_census = MERGER_YEAR - 1

    def population(unit: str, year: int) -> float:
        known = min(year, last_census)
        return people[code[unit], known] * 1.01 ** (year - known)

    # A lasting per-territory strength for each indicator, and year-to-year noise.
    strength = {(p, c): rng.lognormal(0.0, 0.18) for p in territories for c in VOLUMES}
    noise = {
        (p, c, y): rng.lognormal(0.0, 0.05) for p in territories for c in VOLUMES for y in years
    }
    levels: dict[tuple[str, int, str], float] = {}
    for indicator, vol in VOLUMES.items():
        for year in years:
            for p in territories:
                size = (population(p, year) / 1e6) ** vol.population_power
                trend = (1 + vol.growth) ** (year - CALIBRATION_YEAR)
                covid = vol.covid if year in COVID_YEARS else 1.0
                wobble = strength[p, indicator] * noise[p, indicator, year]
                levels[p, year, indicator] = vol.per_million * size * trend * covid * wobble
        published = catalog.published_figure(bloc, CALIBRATION_YEAR, indicator)
        if indicator in CALIBRATED and published is not None:
            # Scale the whole series so that the calibration year's total of the seven is exact.
            factor = published.value / sum(levels[p, CALIBRATION_YEAR, indicator] for p in members)
            for key in [k for k in levels if k[2] == indicator]:
                levels[key] *= factor
    today = catalog.current_bloc_units(bloc)
    successors = {u.unit_id: [p.unit_id for p in catalog.predecessors(u.unit_id)] for u in today}
    # Which unit reports each year, and the territories its figure is made of.
    reporters: list[tuple[str, int, list[str]]] = []
    for year in years:
        if year < MERGER_YEAR:
            reporters += [(p, year, [p]) for p in members + list(HISTORY_OF)]
        else:
            reporters += [
                (s, year, [p for p in parts if p in territories]) for s, parts in successors.items()
            ]
    values: dict[tuple[str, int, str], float] = {}
    for indicator in VOLUMES:
        for year in years:
            raw = {
                u: sum(levels[p, year, indicator] for p in parts)
                for u, y, parts in reporters
                if y == year
            }
            if indicator in CALIBRATED and year == CALIBRATION_YEAR:
                seven = {u: v for u, v in raw.items() if u in members}
                for unit, v in round_to_total(seven, round(sum(seven.values()))).items():
                    values[unit, year, indicator] = float(v)
                raw = {u: v for u, v in raw.items() if u not in members}
            for unit, v in raw.items():
                values[unit, year, indicator] = float(round(v))
    # Parts, in dependency order (TA03 depends on TA02); a successor takes its predecessors' mean
    # offset, so its shares continue theirs.
    offset = {(p, c): rng.normal(0.0, 1.0) for p in territories for c in SHARES}
    for unit, parts in successors.items():
        for c in SHARES:
            own = [offset[p, c] for p in parts if p in territories]
            offset[unit, c] = float(np.mean(own))
    for indicator, (whole, start, end, spread) in SHARES.items():
        for unit, year, _parts in reporters:
            progress = (year - FIRST_YEAR) / (MERGER_YEAR - 1 - FIRST_YEAR)
            share = start + (end - start) * progress + spread * offset[unit, indicator]
            share += rng.normal(0.0, spread / 3)
            share = min(max(share, 0.0), 0.99 if progress > 1 else 1.0)
            values[unit, year, indicator] = float(math.floor(values[unit, year, whole] * share))
    rows = [
        {"province_code": code[u], "year": y, "indicator_code": c, "value": v}
        for (u, y, c), v in values.items()
    ]
    frame = pd.DataFrame(rows).sort_values(["province_code", "year", "indicator_code"])
    return frame.reset_index(drop=True)


def preliminary(final: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A preliminary cut (figures to 30/11): about 90 % of the final counts, parts kept below wholes."""
    frame = final.copy()
    frame["value"] = np.floor(frame["value"] * rng.uniform(0.88, 0.93))
    return frame


def _stp_cut(values: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """STP's counts cut at 31/10: ten months of the year (parts stay below their wholes)."""
    stp = {i.code for i in catalog.stored_indicators() if i.agency == "STP"}
    frame = values.copy()
    chosen = frame["indicator_code"].isin(stp)
    frame.loc[chosen, "value"] = np.floor(frame.loc[chosen, "value"] * STP_SHARE_2026)
    return frame


def write_sample(out: Path, catalog: Catalog | None = None) -> list[Path]:
    """Write the sample as snapshots under `out/snapshots/`; return the files written."""
    catalog = catalog or load_catalog()
    frame = generate(catalog)
    rng = np.random.default_rng(SEED + 1)
    written: list[Path] = []
    # Stored in Vietnamese, as every snapshot's provenance; shown in the reader's language
    # (strings/provenance.yaml, stored_text.py).
    note, merged = t("sample.note", "vi"), t("sample.note_merged", "vi")
    both = ("STP", "THA")
    for (province, year), values in frame.groupby(["province_code", "year"], sort=True):
        year = int(year)
        values = values[["indicator_code", "value"]]
        text = note if year < MERGER_YEAR else merged
        final = {a: Status() for a in both}
        versions = [(dt.datetime(year + 1, 1, 15, 8, 0, tzinfo=VN), values, text, final)]
        if year == MERGER_YEAR - 1:
            cut = dt.datetime(year, 12, 5, 8, 0, tzinfo=VN)
            early = {a: Status(PRELIMINARY, PRELIMINARY_CUT_2024) for a in both}
            versions.insert(
                0, (cut, preliminary(values, rng), t("sample.note_preliminary", "vi"), early)
            )
        if year == LAST_YEAR:  # the conference year: THA final, STP cut at 31/10
            statuses = {"STP": Status(PRELIMINARY, STP_CUT_2026), "THA": Status()}
            versions = [
                (
                    dt.datetime(year, 11, 5, 8, 0, tzinfo=VN),
                    _stp_cut(values, catalog),
                    t("sample.note_merged_stp_preliminary", "vi"),
                    statuses,
                )
            ]
        for submitted_at, version_values, version_note, status in versions:
            content = version_values.to_csv(index=False).encode()
            provenance = Provenance(
                source_name=SOURCE_NAME,
                submitted_at=submitted_at,
                submitted_by=SUBMITTED_BY,
                source_sha256=sha256_bytes(content),
                illustrative=True,
                note=version_note,
                statuses=tuple(sorted(status.items())),
            )
            written.append(write_snapshot(out, str(province), year, version_values, provenance))
    return written
