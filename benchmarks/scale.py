"""A nationwide-scale data folder in the project's own format, for the benchmarks (never committed).

63 provinces × 300 indicators (240 stored counts and amounts, 60 rates derived from their parts) ×
20 years (2005-2024) × 13 periods (0 = the whole year, 1-12 the months): about 4,9 million current
values, written as one snapshot per province and year, plus a preliminary snapshot (submitted before
the final one) for every province in the last three years. The folder carries its own `reference/`
(provinces with colours, nine blocs of seven, membership, population, indicators with groups,
targets, one published figure), so `Store.open` loads it as it is.

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
PROVINCES = 63
INDICATORS = 300
RATES = 60
FIRST_YEAR, LAST_YEAR = 2005, 2024
MONTHS = 12
PRELIMINARY_YEARS = 3
SEED = 63
UTC = dt.UTC
BLOC_SIZE = 7
# Official two-digit codes of Vietnam's 63 provinces (before the 2025 merger).
PROVINCE_CODES = [
    "01",
    "02",
    "04",
    "06",
    "08",
    "10",
    "11",
    "12",
    "14",
    "15",
    "17",
    "19",
    "20",
    "22",
    "24",
    "25",
    "26",
    "27",
    "30",
    "31",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "40",
    "42",
    "44",
    "45",
    "46",
    "48",
    "49",
    "51",
    "52",
    "54",
    "56",
    "58",
    "60",
    "62",
    "64",
    "66",
    "67",
    "68",
    "70",
    "72",
    "74",
    "75",
    "77",
    "79",
    "80",
    "82",
    "83",
    "84",
    "86",
    "87",
    "89",
    "91",
    "92",
    "93",
    "94",
    "95",
    "96",
]
SOUTHEAST = ("70", "72", "74", "75", "77", "58", "60")  # the bundled bloc, kept as the first bloc


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


def write_reference(ref: Path) -> tuple[list[str], list[str], list[tuple[str, str, str]]]:
    """Write the scale catalog; return province codes, stored codes and (rate, numerator, denominator)."""
    bundled = BUNDLED_DATA_DIR / "reference"
    ref.mkdir(parents=True, exist_ok=True)
    for name in ("part_constraints", "targets"):
        shutil.copy(bundled / f"{name}.csv", ref / f"{name}.csv")

    header, real_provinces = _read_rows(bundled / "provinces.csv")
    real = {r["code"]: r for r in real_provinces}
    ordered = list(SOUTHEAST) + [c for c in PROVINCE_CODES if c not in SOUTHEAST]
    provinces: list[dict[str, object]] = []
    for order, code in enumerate(ordered, start=1):
        if code in real:
            provinces.append({**real[code], "display_order": order})
            continue
        provinces.append(
            {
                "code": code,
                "name_vi": f"Tỉnh {code}",
                "name_en": f"Province {code}",
                "short_vi": f"T.{code}",
                "short_en": f"P.{code}",
                "colour": _colour(order),
                "display_order": order,
                "merged_into_code": code,
                "merged_into_vi": f"Tỉnh {code}",
                "merged_into_en": f"Province {code}",
                "merged_from": "2025-07-01",
            }
        )
    _write_rows(ref / "provinces.csv", header, provinces)

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
    members = [
        {
            "bloc_code": blocs[i // BLOC_SIZE]["code"],
            "province_code": code,
            "first_year": FIRST_YEAR,
            "last_year": "",
            "note": "quy mô toàn quốc (benchmark)",
        }
        for i, code in enumerate(ordered)
    ]
    _write_rows(ref / "bloc_members.csv", header, members)

    header, _ = _read_rows(bundled / "population.csv")
    rng = np.random.default_rng(SEED)
    base = rng.uniform(0.5, 3.5, len(ordered)) * 1_000_000
    population = [
        {
            "province_code": code,
            "year": year,
            "population": round(base[i] * (1.01 ** (year - 2022))),
            "approximate": "true",
        }
        for i, code in enumerate(ordered)
        for year in range(FIRST_YEAR, LAST_YEAR + 1)
    ]
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
            }
        )
    _write_rows(ref / "indicators.csv", header, indicators)

    header, published = _read_rows(bundled / "published_figures.csv")
    _write_rows(ref / "published_figures.csv", header, published)

    stored = [str(r["code"]) for r in indicators if r["kind"] != "rate"]
    rates = [
        (str(r["code"]), str(r["numerator"]), str(r["denominator"]))
        for r in indicators
        if r["kind"] == "rate"
    ]
    return ordered, stored, rates


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
    provinces, stored, rates = write_reference(out / "reference")
    index = {code: i for i, code in enumerate(stored)}
    parts = [(index[n], index[d]) for _, n, d in rates]
    rng = np.random.default_rng(SEED)
    level = rng.lognormal(7.0, 1.6, len(stored))
    periods = np.repeat(np.arange(0, MONTHS + 1, dtype=np.int16), len(stored))
    codes = np.tile(np.array(stored, dtype=object), MONTHS + 1)
    files = 0
    values = 0
    for p, province in enumerate(provinces):
        size = rng.uniform(0.3, 3.0)
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
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
        "current_values": len(provinces)
        * (LAST_YEAR - FIRST_YEAR + 1)
        * (MONTHS + 1)
        * (len(stored) + len(rates)),
        "seconds": time.perf_counter() - started,
    }


def ensure_scale(out: Path = DEFAULT_SCALE_DIR) -> Path:
    """The scale folder, generated once (a marker file says it is complete)."""
    marker = out / ".complete"
    if not marker.exists():
        write_scale(out)
        marker.write_text("ok\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_SCALE_DIR)
    args = parser.parse_args(argv)
    counts = write_scale(args.out)
    (args.out / ".complete").write_text("ok\n")
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
