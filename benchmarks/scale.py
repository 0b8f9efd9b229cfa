"""A nationwide-scale data folder in the project's own format, for the benchmarks (never committed).

Vietnam before and after the 2025 merger: the 63 old provinces report 2005–2024, the 34 provinces
of 1/7/2025 report 2025–2026 (the 11 that did not change are one unit throughout; the other 23 are
new units, each the successor of two or three old ones). 300 indicators (240 stored counts and
amounts, 60 rates derived from their parts) × 13 periods (0 = the whole year, 1-12 the months):
about 5 million current values, written as one snapshot per unit and year, plus an earlier
snapshot (submitted before the final one) for every unit in the last three years. The folder
carries its own `reference/` (units with their periods and successions, blocs of seven before the
merger and of five or six after, membership per unit and years, population, indicators with
groups, targets, one published figure), so `Store.open` loads it as it is.

The first 38 indicators are the real catalog's (same codes, names and rate parts), so every page that
defaults to one of them works unchanged; the others are generated.

    uv run python -m benchmarks.scale --out benchmarks/out/scale
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd

from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.snapshots import Provenance, sha256_bytes, write_snapshot

OUT_DIR = Path(__file__).resolve().parent / "out"
DEFAULT_SCALE_DIR = OUT_DIR / "scale"
INDICATORS = 300
RATES = 60
FIRST_YEAR, LAST_YEAR = 2005, 2026
MERGER_YEAR = 2025  # the first reporting year of the new provinces
MERGED_ON = "2025-07-01"
MONTHS = 12
PRELIMINARY_YEARS = 3
SEED = 63
# The marker of a complete folder, naming its layout: a folder of an older layout is written again.
COMPLETE = "units with the 2025 merger\n"
UTC = dt.UTC
BLOC_SIZE = 7  # before the merger
NEW_BLOC_SIZE = 6  # after it (the Southeast bloc keeps its five successors)
SUCCESSION_SOURCE = "Nghị quyết 202/2025/QH15 (12/6/2025)"
# The 34 provinces from 1/7/2025, each with the old provinces (codes before the merger) it was made
# of; the first code is the new one's (the old province holding its seat). A province listed alone
# did not change.
MERGER: dict[str, tuple[str, ...]] = {
    "01": ("01",),
    "04": ("04",),
    "08": ("08", "02"),
    "11": ("11",),
    "12": ("12",),
    "14": ("14",),
    "15": ("15", "10"),
    "19": ("19", "06"),
    "20": ("20",),
    "22": ("22",),
    "24": ("24", "27"),
    "25": ("25", "26", "17"),
    "31": ("31", "30"),
    "33": ("33", "34"),
    "37": ("37", "35", "36"),
    "38": ("38",),
    "40": ("40",),
    "42": ("42",),
    "44": ("44", "45"),
    "46": ("46",),
    "48": ("48", "49"),
    "51": ("51", "62"),
    "52": ("52", "64"),
    "56": ("56", "58"),
    "66": ("66", "54"),
    "68": ("68", "67", "60"),
    "75": ("75", "70"),
    "79": ("79", "74", "77"),
    "80": ("80", "72"),
    "82": ("82", "87"),
    "86": ("86", "83", "84"),
    "91": ("91", "89"),
    "92": ("92", "94", "93"),
    "96": ("96", "95"),
}
# Official two-digit codes of Vietnam's 63 provinces (before the 2025 merger).
PROVINCE_CODES = sorted(code for olds in MERGER.values() for code in olds)
PROVINCES = len(PROVINCE_CODES)
SOUTHEAST = ("70", "72", "74", "75", "77", "58", "60")  # the bundled bloc, kept as the first bloc
SOUTHEAST_NEW = ("75", "79", "80", "56", "68")  # its members from 2025


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write_rows(path: Path, header: list[str], rows: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _colour(index: int) -> str:
    """Distinct, evenly spread hues (golden-angle steps), mid lightness."""
    import colorsys

    hue = (index * 0.381966) % 1.0
    r, g, b = colorsys.hls_to_rgb(hue, 0.42 + 0.12 * (index % 3) / 2, 0.65)
    return f"#{int(r * 255):02X}{int(g * 255):02X}{int(b * 255):02X}"


def _unchanged(code: str) -> bool:
    return MERGER.get(code) == (code,)


def unit_years(code: str, new: bool) -> range:
    """The reporting years of the unit of `code` before (new=False) or after the merger."""
    if _unchanged(code):
        return range(FIRST_YEAR, LAST_YEAR + 1)
    return range(MERGER_YEAR, LAST_YEAR + 1) if new else range(FIRST_YEAR, MERGER_YEAR)


def write_reference(
    ref: Path,
) -> tuple[list[tuple[str, range, float]], list[str], list[tuple[str, str, str]]]:
    """Write the scale catalog; return each unit's (code, reporting years, relative size), the
    stored codes and (rate, numerator, denominator)."""
    bundled = BUNDLED_DATA_DIR / "reference"
    ref.mkdir(parents=True, exist_ok=True)
    for path in bundled.glob("*.csv"):
        shutil.copy(path, ref / path.name)

    header, real_units = _read_rows(bundled / "units.csv")
    old_real = {r["code"]: r for r in real_units if r["last_year"]}
    new_real = {r["code"]: r for r in real_units if r["first_year"]}
    old_order = list(SOUTHEAST) + [c for c in PROVINCE_CODES if c not in SOUTHEAST]
    new_order = list(SOUTHEAST_NEW) + [c for c in MERGER if c not in SOUTHEAST_NEW]
    units: list[dict[str, object]] = []
    old_id: dict[str, str] = {}
    new_id: dict[str, str] = {}

    def add(code: str, new: bool) -> str:
        order = len(units) + 1
        real = (new_real if new else old_real).get(code)
        years = unit_years(code, new)
        unit_id = f"tinh-{code}" if new or _unchanged(code) else f"tinh-{code}-cu"
        row: dict[str, object] = {
            "unit_id": unit_id,
            "code": code,
            "name_vi": f"Tỉnh {code}",
            "name_en": f"Province {code}",
            "short_vi": f"T.{code}",
            "short_en": f"P.{code}",
            "former_vi": f"Tỉnh {code}" + ("" if new or _unchanged(code) else " (cũ)"),
            "former_en": f"Province {code}" + ("" if new or _unchanged(code) else " (former)"),
            "colour": _colour(order),
            "code_confirmed": "true",
            "note": "quy mô toàn quốc (benchmark)",
        }
        if real is not None:
            row.update({k: real[k] for k in real if k not in ("display_order",)})
        row.update(
            {
                "first_year": "" if years.start == FIRST_YEAR else years.start,
                "last_year": "" if years.stop == LAST_YEAR + 1 else years.stop - 1,
                "valid_from": "" if years.start == FIRST_YEAR else MERGED_ON,
                "valid_to": "" if years.stop == LAST_YEAR + 1 else "2025-06-30",
                "display_order": order,
            }
        )
        units.append(row)
        return str(row["unit_id"])

    for code in old_order:
        old_id[code] = add(code, new=False)
    for code in new_order:
        new_id[code] = old_id[code] if _unchanged(code) else add(code, new=True)
    _write_rows(ref / "units.csv", header, units)

    header, _ = _read_rows(bundled / "unit_successions.csv")
    successions = [
        {
            "predecessor_id": old_id[old],
            "successor_id": new_id[code],
            "effective": MERGED_ON,
            "source": SUCCESSION_SOURCE,
            "confirmed": "true",
            "note": "",
        }
        for code, olds in MERGER.items()
        if not _unchanged(code)
        for old in olds
    ]
    _write_rows(ref / "unit_successions.csv", header, successions)

    header, real_blocs = _read_rows(bundled / "blocs.csv")
    blocs: list[dict[str, object]] = [dict(real_blocs[0])]
    for number in range(2, PROVINCES // BLOC_SIZE + 1):
        blocs.append(
            {
                "code": f"K{number:02d}",
                "name_vi": f"Khối thi đua số {number}",
                "name_en": f"Emulation bloc {number}",
                "short_vi": f"Khối {number}",
                "short_en": f"Bloc {number}",
            }
        )
    _write_rows(ref / "blocs.csv", header, blocs)

    header, _ = _read_rows(bundled / "bloc_members.csv")
    note = "quy mô toàn quốc (benchmark)"
    members: list[dict[str, object]] = []
    for i, code in enumerate(old_order):
        members.append(
            {"bloc_code": blocs[i // BLOC_SIZE]["code"], "unit_id": old_id[code],
             "first_year": FIRST_YEAR, "last_year": MERGER_YEAR - 1, "confirmed": "true",
             "note": note}
        )  # fmt: skip
    later = [c for c in new_order if c not in SOUTHEAST_NEW]
    for code in SOUTHEAST_NEW:
        members.append(
            {"bloc_code": blocs[0]["code"], "unit_id": new_id[code], "first_year": MERGER_YEAR,
             "last_year": "", "confirmed": "false", "note": note}
        )  # fmt: skip
    for i, code in enumerate(later):
        members.append(
            {"bloc_code": blocs[1 + i // NEW_BLOC_SIZE]["code"], "unit_id": new_id[code],
             "first_year": MERGER_YEAR, "last_year": "", "confirmed": "false", "note": note}
        )  # fmt: skip
    _write_rows(ref / "bloc_members.csv", header, members)

    header, _ = _read_rows(bundled / "population.csv")
    rng = np.random.default_rng(SEED)
    size = dict(zip(old_order, rng.uniform(0.3, 3.0, len(old_order)), strict=True))
    reporting: list[tuple[str, range, float]] = []
    population: list[dict[str, object]] = []
    for code in old_order:
        if not _unchanged(code):
            reporting.append((code, unit_years(code, False), size[code]))
    for code, olds in MERGER.items():
        reporting.append((code, unit_years(code, True), sum(size[o] for o in olds)))
    for code, years, relative in reporting:
        for year in years:
            population.append(
                {
                    "province_code": code,
                    "year": year,
                    "population": round(relative * 1_000_000 * (1.01 ** (year - 2022))),
                    "approximate": "true",
                }
            )
    _write_rows(ref / "population.csv", header, population)

    header, real_groups = _read_rows(bundled / "indicator_groups.csv")
    groups: list[dict[str, object]] = [dict(g) for g in real_groups]
    extra_groups = 10
    for number in range(1, extra_groups + 1):
        groups.append(
            {
                "code": f"G{number}",
                "agency": "STP" if number <= 6 else "THA",
                "name_vi": f"Nhóm chỉ tiêu {number}",
                "name_en": f"Indicator group {number}",
                "display_order": len(real_groups) + number,
            }
        )
    _write_rows(ref / "indicator_groups.csv", header, groups)

    header, real_indicators = _read_rows(bundled / "indicators.csv")
    indicators: list[dict[str, object]] = [dict(r) for r in real_indicators]
    real_rates = sum(1 for r in real_indicators if r["kind"] == "rate")
    extra_rates = RATES - real_rates
    extra_total = INDICATORS - len(real_indicators)
    order = len(indicators)
    number = 0
    # Extra rates come with their two parts (numerator ≤ denominator); the rest are plain counts.
    for rate in range(extra_rates):
        group = f"G{rate % extra_groups + 1}"
        agency = "STP" if rate % extra_groups < 6 else "THA"
        parts = []
        for role in ("phần", "tổng"):
            number += 1
            order += 1
            code = f"X{number:03d}"
            parts.append(code)
            indicators.append(
                {
                    "code": code,
                    "group_code": group,
                    "agency": agency,
                    "name_vi": f"Chỉ tiêu {code} ({role})",
                    "name_en": f"Indicator {code} ({'part' if role == 'phần' else 'whole'})",
                    "unit_vi": "việc",
                    "unit_en": "cases",
                    "kind": "count",
                    "numerator": "",
                    "denominator": "",
                    "direction": "up",
                    "decimals": 0,
                    "year_basis": "enforcement" if agency == "THA" else "calendar",
                    "headline": "false",
                    "display_order": order,
                    "max_value": "",
                }
            )
        number += 1
        order += 1
        code = f"X{number:03d}"
        indicators.append(
            {
                "code": code,
                "group_code": group,
                "agency": agency,
                "name_vi": f"Tỷ lệ {code}",
                "name_en": f"Share {code}",
                "unit_vi": "%",
                "unit_en": "%",
                "kind": "rate",
                "numerator": parts[0],
                "denominator": parts[1],
                "direction": "up",
                "decimals": 2,
                "year_basis": "enforcement" if agency == "THA" else "calendar",
                "headline": "false",
                "display_order": order,
                "max_value": "",
            }
        )
    while len(indicators) < len(real_indicators) + extra_total:
        number += 1
        order += 1
        code = f"X{number:03d}"
        group_index = number % extra_groups + 1
        indicators.append(
            {
                "code": code,
                "group_code": f"G{group_index}",
                "agency": "STP" if group_index <= 6 else "THA",
                "name_vi": f"Chỉ tiêu {code}",
                "name_en": f"Indicator {code}",
                "unit_vi": "việc",
                "unit_en": "cases",
                "kind": "count",
                "numerator": "",
                "denominator": "",
                "direction": "none",
                "decimals": 0,
                "year_basis": "enforcement" if group_index > 6 else "calendar",
                "headline": "false",
                "display_order": order,
                "max_value": "",
            }
        )
    _write_rows(ref / "indicators.csv", header, indicators)

    stored = [str(r["code"]) for r in indicators if r["kind"] != "rate"]
    rates = [
        (str(r["code"]), str(r["numerator"]), str(r["denominator"]))
        for r in indicators
        if r["kind"] == "rate"
    ]
    return reporting, stored, rates


def _values(
    rng: np.random.Generator, level: np.ndarray, parts: list[tuple[int, int]]
) -> np.ndarray:
    """Monthly values (12 × indicators) around each indicator's level; parts never exceed wholes."""
    months = rng.gamma(8.0, level / 8.0 / MONTHS, size=(MONTHS, level.size)).round()
    for part, whole in parts:
        months[:, part] = np.floor(months[:, whole] * rng.uniform(0.6, 0.98, MONTHS))
    return months


def write_scale(out: Path) -> dict[str, float]:
    """Write the whole scale folder under `out` (replacing an earlier one); return counts."""
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    reporting, stored, rates = write_reference(out / "reference")
    index = {code: i for i, code in enumerate(stored)}
    parts = [(index[n], index[d]) for _, n, d in rates]
    rng = np.random.default_rng(SEED)
    level = rng.lognormal(7.0, 1.6, len(stored))
    periods = np.repeat(np.arange(0, MONTHS + 1, dtype=np.int16), len(stored))
    codes = np.tile(np.array(stored, dtype=object), MONTHS + 1)
    files = 0
    values = 0
    unit_years_count = 0
    for p, (province, years, size) in enumerate(reporting):
        for year in years:
            unit_years_count += 1
            growth = 1.03 ** (year - 2022)
            months = _values(rng, level * size * growth, parts)
            final = np.vstack([months.sum(axis=0, keepdims=True), months]).ravel()
            submissions = [(dt.datetime(year + 1, 1, 15, 1, tzinfo=UTC), final, "final")]
            if year > LAST_YEAR - PRELIMINARY_YEARS:
                early = np.floor(final * 0.97)
                submissions.insert(
                    0, (dt.datetime(year, 12, 5, 1, tzinfo=UTC), early, "preliminary")
                )
            for submitted_at, numbers, kind in submissions:
                frame = pd.DataFrame({"period": periods, "indicator_code": codes, "value": numbers})
                provenance = Provenance(
                    source_name=f"quy-mo-toan-quoc-{province}-{year}-{kind}.xlsx",
                    submitted_at=submitted_at,
                    submitted_by="benchmarks.scale",
                    source_sha256=sha256_bytes(f"{SEED}:{p}:{year}:{kind}".encode()),
                    illustrative=True,
                )
                write_snapshot(out, province, year, frame, provenance)
                files += 1
                values += len(frame)
    return {
        "files": files,
        "stored_values": values,
        "current_values": unit_years_count * (MONTHS + 1) * (len(stored) + len(rates)),
        "seconds": time.perf_counter() - started,
    }


def ensure_scale(out: Path = DEFAULT_SCALE_DIR) -> Path:
    """The scale folder, generated once (a marker file says it is complete)."""
    marker = out / ".complete"
    if not marker.exists() or marker.read_text() != COMPLETE:
        write_scale(out)
        marker.write_text(COMPLETE)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_SCALE_DIR)
    args = parser.parse_args(argv)
    counts = write_scale(args.out)
    (args.out / ".complete").write_text(COMPLETE)
    print(
        f"{counts['files']:.0f} snapshot files, {counts['stored_values']:,.0f} stored values, "
        f"{counts['current_values']:,.0f} current values in {counts['seconds']:.1f} s → {args.out}"
    )
    return 0


def data_dirs(names: list[str]) -> dict[str, Path]:
    """The data folders a benchmark measures, by name: "sample" (the bundled data) and "scale"
    (generated here the first time)."""
    known = {"sample": lambda: BUNDLED_DATA_DIR, "scale": lambda: ensure_scale(DEFAULT_SCALE_DIR)}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise SystemExit(f"BENCH_DATA: không có bộ dữ liệu {', '.join(unknown)}; có: sample, scale")
    return {name: known[name]() for name in names}


if __name__ == "__main__":
    raise SystemExit(main())
