"""Server side, on the bundled sample and on the nationwide-scale folder: cold start, the data
version fingerprint, every named query's latency, the same answers the naive way (pandas reading the
Parquet files and filtering) as a ratio, each page's script time per interaction (AppTest, p50 and
p95) and peak memory. Each measurement runs in a fresh process so caches and memory do not leak
between them.

    uv run python -m benchmarks app
    uv run python -m benchmarks.bench_app --units   # only units=reported vs units=current
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.report import goal, ms, percentile, print_table
from benchmarks.scale import DEFAULT_SCALE_DIR, ensure_scale

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = PROJECT_ROOT / "data"
INTERACTIONS = 16
QUERY_REPEATS = 7


def peak_rss_mb() -> float:
    """Peak resident memory of this process (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ---------------------------------------------------------------------------------------------
# Measurements (each runs in its own process: `python -m benchmarks.bench_app --measure …`)


def measure_model(root: Path) -> dict[str, Any]:
    """Cold start, fingerprint, every named query and the naive way, with this process's peak."""
    started = time.perf_counter()
    from justice_dashboard.snapshots import data_version
    from justice_dashboard.store import Store, query_names

    imported = time.perf_counter()
    store = Store.open(root)
    opened = time.perf_counter()
    fingerprint = []
    for _ in range(QUERY_REPEATS):
        t0 = time.perf_counter()
        data_version(root)
        fingerprint.append(time.perf_counter() - t0)
    params = query_parameters(store)
    queries: dict[str, Any] = {}
    for name in query_names():
        chosen = params(name)
        if isinstance(chosen, str):
            queries[name] = {"skipped": chosen}
            continue
        timings, rows = [], 0
        for _ in range(QUERY_REPEATS):
            t0 = time.perf_counter()
            rows = len(store.query(name, **chosen))
            timings.append(time.perf_counter() - t0)
        queries[name] = {"p50": statistics.median(timings), "max": max(timings), "rows": rows}
    peak = peak_rss_mb()  # before the naive way, whose pandas frames are not ours
    naive = compare_with_naive(store, root)
    return {
        "import_s": imported - started,
        "open_s": opened - imported,
        "cold_start_s": opened - started,
        "data_version_s": statistics.median(fingerprint),
        "snapshot_files": len(store.snapshot_files),
        "current_values": int(store.query("indicator_coverage")["current_rows"].sum()),
        "queries": queries,
        "naive": naive,
        "peak_rss_mb": peak,
    }


def query_parameters(store: Any) -> Callable[[str], dict[str, Any] | str]:
    """Plausible bound parameters for any named query (a string says why a query is skipped)."""
    from justice_dashboard.catalog import load_catalog
    from justice_dashboard.config import reference_dir
    from justice_dashboard.store import parameters_of, query_text

    catalog = load_catalog(reference_dir(store.root))
    years = store.query("available_years")["year"].astype(int).tolist()
    year = max(years)
    bloc = catalog.default_bloc.code
    members = [u.code for u in catalog.bloc_units(bloc, year)]
    history = store.query("snapshot_history", province=members[0], year=year)
    snapshot_ids = history["snapshot_id"].tolist() + history["snapshot_id"].tolist()
    known: dict[str, Any] = {
        "bloc": bloc,
        "indicator": "TA04",
        "indicators": ["TA01", "TA04", "VB01", "HC03"],
        "year": year,
        "years": [year - 2, year - 1, year],
        "first_year": year - 4,
        "last_year": year,
        "provinces": members[:4],
        "province": members[0],
        "as_of": None,
        "normalisation": "absolute",
        "names": [u.name_vi for u in catalog.units],
        "units": "current",
        "snapshot_id": snapshot_ids[0],
        "first": snapshot_ids[1] if len(history) > 1 else snapshot_ids[0],
        "second": snapshot_ids[0],
    }

    def params(name: str) -> dict[str, Any] | str:
        needed = parameters_of(query_text(name))
        unknown = needed - known.keys()
        if unknown:
            return f"unknown parameters {sorted(unknown)}"
        return {k: known[k] for k in needed}

    return params


def compare_with_naive(store: Any, root: Path) -> list[dict[str, Any]]:
    """The overview's bars, the compare page's trend and the bloc total, both ways, same answers."""
    from benchmarks.naive import NaiveReader

    naive = NaiveReader(root)
    years = store.query("available_years")["year"].astype(int).tolist()
    year, bloc = max(years), "DNB"
    members = naive.bloc_members(bloc, year)
    cases = [
        (
            "province_values (overview bars)",
            lambda: store.query(
                "province_values", bloc=bloc, units="reported", indicator="TA04", year=year
            ),
            lambda: naive.province_values(members, "TA04", year),
            ("value",),
        ),
        (
            "province_trend (compare lines)",
            lambda: store.query(
                "province_trend",
                bloc=bloc,
                units="reported",
                indicator="TA01",
                provinces=members,
                first_year=year - 9,
                last_year=year,
                normalisation="absolute",
                as_of=None,
            ),
            lambda: naive.province_trend(members, "TA01", year - 9, year),
            ("value",),
        ),
        (
            "bloc_headline (overview cards)",
            lambda: store.query("bloc_headline", bloc=bloc, units="reported", year=year),
            lambda: naive.bloc_headline(bloc, year),
            ("value", "previous_value"),
        ),
    ]
    results = []
    for label, ours, theirs, columns in cases:
        ours_t, naive_t = [], []
        for _ in range(5):
            t0 = time.perf_counter()
            a = ours()
            ours_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            b = theirs()
            naive_t.append(time.perf_counter() - t0)
        same = all(
            sorted(round(float(v), 6) for v in a[column].dropna())
            == sorted(round(float(v), 6) for v in b[column].dropna())
            for column in columns
        )
        results.append(
            {
                "case": label,
                "ours": statistics.median(ours_t),
                "naive": statistics.median(naive_t),
                "same_answer": same,
            }
        )
    return results


def measure_pages(root: Path, units: str = "") -> dict[str, Any]:
    """Each page's script time per interaction with AppTest, changing a filter between runs; with
    `units` ("reported" or "current") the session opens on a link that chooses that count."""
    os.environ["JUSTICE_DATA_DIR"] = str(root)
    from streamlit.testing.v1 import AppTest

    from justice_dashboard.navigation import PAGES, page_path

    years_seen: list[int] = []
    pages: dict[str, Any] = {}
    started = time.perf_counter()
    app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=300)
    if units:
        app.query_params["units"] = units
    app.run()
    first_run = time.perf_counter() - started
    years_seen = list(app.selectbox(key="view_year").options)
    indicators = ["TA04", "TA01", "VB01", "HC03", "TA07", "PB01", "LL01", "KN03"]
    for spec in PAGES:
        app.switch_page(page_path(spec))
        t0 = time.perf_counter()
        app.run()
        switch = time.perf_counter() - t0
        errors = [str(e.value) for e in app.exception]
        timings = []
        # The sidebar shows only the filters a page reads: alternate a new year and a new
        # indicator where the page has both, else change the one it has (every rerun then
        # recomputes), else switch the language (history, intake).
        kinds = [f for f in ("year", "indicator") if f in spec.filters] or ["language"]
        for step in range(INTERACTIONS):
            kind, turn = kinds[step % len(kinds)], step // len(kinds)
            if kind == "year":
                app.selectbox(key="view_year").set_value(int(years_seen[turn % len(years_seen)]))
            elif kind == "indicator":
                app.selectbox(key="view_indicator").set_value(indicators[turn % len(indicators)])
            else:
                app.radio(key="view_lang").set_value("en" if turn % 2 == 0 else "vi")
            t0 = time.perf_counter()
            app.run()
            timings.append(time.perf_counter() - t0)
            errors += [str(e.value) for e in app.exception]
        pages[spec.url_path] = {
            "switch_s": switch,
            "p50": percentile(timings, 50),
            "p95": percentile(timings, 95),
            "errors": errors[:3],
        }
    return {"first_run_s": first_run, "pages": pages, "peak_rss_mb": peak_rss_mb()}


def measure_units(root: Path) -> dict[str, Any]:
    """Each page in two sessions of one process, one opened with units=reported and one with
    units=current, taking turns: the same filter change in one, then in the other, each rerun
    timed. Whatever else the machine does falls on both alike."""
    os.environ["JUSTICE_DATA_DIR"] = str(root)
    from streamlit.testing.v1 import AppTest

    from justice_dashboard.navigation import PAGES, page_path

    indicators = ["TA04", "TA01", "VB01", "HC03", "TA07", "PB01", "LL01", "KN03"]
    sessions = {}
    for units in ("reported", "current"):
        app = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=300)
        app.query_params["units"] = units
        app.run()
        sessions[units] = app
    years = list(sessions["reported"].selectbox(key="view_year").options)
    pages: dict[str, Any] = {}
    for spec in PAGES:
        timings: dict[str, list[float]] = {units: [] for units in sessions}
        errors: list[str] = []
        for app in sessions.values():
            app.switch_page(page_path(spec))
            app.run()
        kinds = [f for f in ("year", "indicator") if f in spec.filters] or ["language"]
        for step in range(2 * INTERACTIONS):
            kind, turn = kinds[step % len(kinds)], step // len(kinds)
            order = list(sessions.items()) if step % 2 == 0 else list(sessions.items())[::-1]
            for units, app in order:
                if kind == "year":
                    app.selectbox(key="view_year").set_value(int(years[turn % len(years)]))
                elif kind == "indicator":
                    app.selectbox(key="view_indicator").set_value(
                        indicators[turn % len(indicators)]
                    )
                else:
                    app.radio(key="view_lang").set_value("en" if turn % 2 == 0 else "vi")
                t0 = time.perf_counter()
                app.run()
                timings[units].append(time.perf_counter() - t0)
                errors += [f"{units}: {e.value}" for e in app.exception]
        pages[spec.url_path] = {
            **{f"{u}_p50": percentile(v, 50) for u, v in timings.items()},
            "errors": errors[:3],
        }
    return {"pages": pages, "peak_rss_mb": peak_rss_mb()}


# ---------------------------------------------------------------------------------------------
# The report (parent process)


def _run(kind: str, root: Path, units: str = "") -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_app", "--measure", kind, str(root), units],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{kind} on {root} failed:\n{completed.stderr[-4000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> int:
    scale = ensure_scale(DEFAULT_SCALE_DIR)
    datasets = {"sample": SAMPLE_DIR, "scale": scale}
    models = {name: _run("model", root) for name, root in datasets.items()}
    pages = {name: _run("pages", root) for name, root in datasets.items()}

    print_table(
        "Loading (fresh process)",
        ["", "sample", "scale"],
        [
            ["snapshot files", *(f"{models[d]['snapshot_files']:,}" for d in datasets)],
            ["current values", *(f"{models[d]['current_values']:,}" for d in datasets)],
            ["import", *(f"{models[d]['import_s']:.2f} s" for d in datasets)],
            [
                "cold start to data loaded",
                *(f"{models[d]['cold_start_s']:.2f} s" for d in datasets),
            ],
            ["data_version (every rerun)", *(ms(models[d]["data_version_s"]) for d in datasets)],
            [
                "peak RSS: model + every query",
                *(f"{models[d]['peak_rss_mb']:.0f} MB" for d in datasets),
            ],
            [
                "peak RSS: AppTest, all pages",
                *(f"{pages[d]['peak_rss_mb']:.0f} MB" for d in datasets),
            ],
        ],
    )
    scale_peak = max(models["scale"]["peak_rss_mb"], pages["scale"]["peak_rss_mb"])
    print(goal("peak memory at scale ≤ 600 MB", scale_peak <= 600, f"{scale_peak:.0f} MB"))

    names = sorted(set(models["sample"]["queries"]) | set(models["scale"]["queries"]))
    rows = []
    for name in names:
        row = [name]
        for d in datasets:
            q = models[d]["queries"].get(name, {"skipped": "absent"})
            row.append(q["skipped"] if "skipped" in q else f"{ms(q['p50'])} ({q['rows']} rows)")
        rows.append(row)
    print_table("Named queries, DuckDB, uncached (median of 7)", ["query", "sample", "scale"], rows)

    rows = []
    worst_ratio = float("inf")
    for d in datasets:
        for case in models[d]["naive"]:
            ratio = case["naive"] / case["ours"]
            worst_ratio = min(worst_ratio, ratio)
            rows.append(
                [
                    d,
                    case["case"],
                    ms(case["ours"]),
                    ms(case["naive"]),
                    f"{ratio:.1f}×",
                    "yes" if case["same_answer"] else "NO",
                ]
            )
    print_table(
        "Ours vs the naive way (pandas reading the Parquet files and filtering)",
        ["data", "query", "ours", "naive", "ratio", "same answer"],
        rows,
    )
    print(goal("≥ 5× faster than naive", worst_ratio >= 5, f"worst {worst_ratio:.1f}×"))

    rows = []
    for url in pages["sample"]["pages"]:
        row = [url]
        for d in datasets:
            p = pages[d]["pages"][url]
            row += [ms(p["switch_s"]), ms(p["p50"]), ms(p["p95"]), str(len(p["errors"]))]
        rows.append(row)
    print_table(
        f"Page script time per interaction (AppTest, {INTERACTIONS} filter changes per page)",
        [
            "page",
            "sample: switch",
            "p50",
            "p95",
            "errors",
            "scale: switch",
            "p50",
            "p95",
            "errors",
        ],
        rows,
    )
    for d in datasets:
        for url, p in pages[d]["pages"].items():
            for error in p["errors"]:
                print(f"  {d}/{url}: {error[:300]}")
    sample_p50 = [p["p50"] for p in pages["sample"]["pages"].values()]
    scale_p50 = [p["p50"] for p in pages["scale"]["pages"].values()]
    scale_p95 = [p["p95"] for p in pages["scale"]["pages"].values()]
    print(goal("sample p50 ≤ 50 ms (every page)", max(sample_p50) <= 0.05, ms(max(sample_p50))))
    print(goal("scale p50 ≤ 150 ms (every page)", max(scale_p50) <= 0.15, ms(max(scale_p50))))
    print(goal("scale p95 ≤ 300 ms (every page)", max(scale_p95) <= 0.30, ms(max(scale_p95))))
    units_side_by_side(scale)
    return 0


def units_side_by_side(scale: Path) -> bool:
    """Every page at nationwide scale with units=reported and with units=current, side by side in
    one process (`measure_units`): each page's p50 and the ratio current / reported (goal ≤ 1,3×).
    BENCH_UNITS_ROUNDS fresh processes (default 2); the median of their p50s."""
    rounds = int(os.environ.get("BENCH_UNITS_ROUNDS", "2"))
    runs = [_run("units", scale) for _ in range(rounds)]

    def p50(units: str, url: str) -> float:
        return statistics.median(r["pages"][url][f"{units}_p50"] for r in runs)

    rows, worst = [], 0.0
    for url in runs[0]["pages"]:
        reported, current = p50("reported", url), p50("current", url)
        ratio = current / reported
        worst = max(worst, ratio)
        errors = sum(len(r["pages"][url]["errors"]) for r in runs)
        rows.append([url, ms(reported), ms(current), f"{ratio:.2f}×", str(errors)])
    print_table(
        f"Scale: page p50, units=reported vs units=current, two sessions taking turns in one"
        f" process ({2 * INTERACTIONS} filter changes each; median of {rounds} processes)",
        ["page", "reported p50", "current p50", "current / reported", "errors"],
        rows,
    )
    for r in runs:
        for url, p in r["pages"].items():
            for error in p["errors"]:
                print(f"  {url}: {error[:300]}")
    met = worst <= 1.3
    print(goal("current within 1,3× reported (every page)", met, f"worst {worst:.2f}×"))
    return met


def _measure(kind: str, root: Path, units: str = "") -> None:
    if kind == "units":
        result = measure_units(root)
    else:
        result = measure_model(root) if kind == "model" else measure_pages(root, units)
    print(json.dumps(result, default=float))


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--measure", nargs="+", metavar="KIND ROOT [UNITS]")
    parser.add_argument("--units", action="store_true", help="only the reported/current pages")
    args = parser.parse_args()
    if args.units:
        sys.exit(0 if units_side_by_side(ensure_scale(DEFAULT_SCALE_DIR)) else 1)
    if args.measure:
        _measure(args.measure[0], Path(args.measure[1]), *args.measure[2:])
    else:
        sys.exit(main())
