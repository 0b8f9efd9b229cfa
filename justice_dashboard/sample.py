"""The seeded generator of the bundled, illustrative sample data (2018-2024, every province of the bloc).

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
from justice_dashboard.snapshots import Provenance, sha256_bytes, write_snapshot

SEED = 2022
FIRST_YEAR, LAST_YEAR = 2018, 2024
CALIBRATION_YEAR = 2022
VN = dt.timezone(dt.timedelta(hours=7))
SOURCE_NAME = f"Bộ sinh dữ liệu minh họa (seed {SEED})"
SUBMITTED_BY = "justice_dashboard sample"


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


def _population_2022(catalog: Catalog, folder: Path | None) -> dict[str, float]:
    from justice_dashboard.config import reference_dir

    frame = pd.read_csv(
        (folder or reference_dir()) / "population.csv", dtype={"province_code": str}
    )
    rows = frame[frame["year"] == CALIBRATION_YEAR]
    return {r.province_code: float(r.population) for r in rows.itertuples()}


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


def generate(catalog: Catalog | None = None) -> pd.DataFrame:
    """All sample values: columns province_code, year, indicator_code, value (stored indicators only)."""
    catalog = catalog or load_catalog()
    rng = np.random.default_rng(SEED)
    bloc = catalog.default_bloc.code
    provinces = [p.code for p in catalog.bloc_provinces(bloc, CALIBRATION_YEAR)]
    population = _population_2022(catalog, None)
    years = list(range(FIRST_YEAR, LAST_YEAR + 1))
    # A lasting per-province strength for each indicator, and year-to-year noise.
    strength = {(p, c): rng.lognormal(0.0, 0.18) for p in provinces for c in VOLUMES}
    noise = {(p, c, y): rng.lognormal(0.0, 0.05) for p in provinces for c in VOLUMES for y in years}
    values: dict[tuple[str, int, str], float] = {}
    for code, vol in VOLUMES.items():
        levels: dict[int, dict[str, float]] = {}
        for year in years:
            levels[year] = {}
            for p in provinces:
                size = (population[p] / 1e6) ** vol.population_power
                trend = (1 + vol.growth) ** (year - CALIBRATION_YEAR)
                covid = vol.covid if year in COVID_YEARS else 1.0
                wobble = strength[p, code] * noise[p, code, year]
                levels[year][p] = vol.per_million * size * trend * covid * wobble
        published = catalog.published_figure(bloc, CALIBRATION_YEAR, code)
        if code in CALIBRATED and published is not None:
            # Scale the whole series so that the calibration year's total is the published one.
            factor = published.value / sum(levels[CALIBRATION_YEAR].values())
            for year in years:
                scaled = {p: v * factor for p, v in levels[year].items()}
                for p, v in round_to_total(scaled, round(sum(scaled.values()))).items():
                    values[p, year, code] = float(v)
        else:
            for year in years:
                for p, v in levels[year].items():
                    values[p, year, code] = float(round(v))
    # Parts, in dependency order (TA03 depends on TA02).
    offset = {(p, c): rng.normal(0.0, 1.0) for p in provinces for c in SHARES}
    for code, (whole, start, end, spread) in SHARES.items():
        for p in provinces:
            for year in years:
                progress = (year - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)
                share = start + (end - start) * progress + spread * offset[p, code]
                share += rng.normal(0.0, spread / 3)
                share = min(max(share, 0.0), 1.0)
                values[p, year, code] = float(math.floor(values[p, year, whole] * share))
    rows = [
        {"province_code": p, "year": y, "indicator_code": c, "value": v}
        for (p, y, c), v in values.items()
    ]
    frame = pd.DataFrame(rows).sort_values(["province_code", "year", "indicator_code"])
    return frame.reset_index(drop=True)


def preliminary(final: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A preliminary cut (figures to 30/11): about 90 % of the final counts, parts kept below wholes."""
    frame = final.copy()
    frame["value"] = np.floor(frame["value"] * rng.uniform(0.88, 0.93))
    return frame


def write_sample(out: Path, catalog: Catalog | None = None) -> list[Path]:
    """Write the sample as snapshots under `out/snapshots/`; return the files written."""
    catalog = catalog or load_catalog()
    frame = generate(catalog)
    rng = np.random.default_rng(SEED + 1)
    written: list[Path] = []
    note = (
        "Dữ liệu minh họa, không phải số liệu thật. Riêng tổng của khối năm 2022 cho VB01 (434) và "
        "TA01 (125.996) được hiệu chỉnh khớp bài viết về Hội nghị tổng kết ngày 02/12/2022."
    )
    for (province, year), values in frame.groupby(["province_code", "year"], sort=True):
        values = values[["indicator_code", "value"]]
        versions = [(dt.datetime(year + 1, 1, 15, 8, 0, tzinfo=VN), values, note)]
        if year == LAST_YEAR:
            cut = dt.datetime(year, 12, 5, 8, 0, tzinfo=VN)
            versions.insert(
                0, (cut, preliminary(values, rng), note + " Bản sơ bộ, số liệu đến 30/11.")
            )
        for submitted_at, version_values, version_note in versions:
            content = version_values.to_csv(index=False).encode()
            provenance = Provenance(
                source_name=SOURCE_NAME,
                submitted_at=submitted_at,
                submitted_by=SUBMITTED_BY,
                source_sha256=sha256_bytes(content),
                illustrative=True,
                note=version_note,
            )
            written.append(
                write_snapshot(out, str(province), int(year), version_values, provenance)
            )
    return written
