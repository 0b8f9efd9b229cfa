"""In Debian's chromium: the first chart visible after navigating to a page (ours, and a one-chart
Streamlit app measured in the same run as the floor), then 20 browser contexts at once changing the
year for a bounded number of steps, timing each until its chart shows the new year. Both on the
bundled sample and on the nationwide-scale folder; the server's peak memory at the end.

    uv run python -m benchmarks browser
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from benchmarks.report import goal, ms, percentile, print_table
from benchmarks.scale import data_dirs as scale_data_dirs
from benchmarks.server import Server, streamlit_server
from justice_dashboard.serve import CHROMIUM, CHROMIUM_ARGS

ONE_CHART_APP = Path(__file__).resolve().parent / "one_chart_app.py"
ONE_CHART_YEAR_APP = Path(__file__).resolve().parent / "one_chart_year_app.py"
YEARS = [str(y) for y in range(2024, 2018, -1)]  # the years the users pick, in turn
TIMED_APP = Path(__file__).resolve().parent / "timed_app.py"
VISITS = int(os.environ.get("BENCH_VISITS", "5"))
CONTEXTS = int(os.environ.get("BENCH_CONTEXTS", "20"))
STEPS = int(os.environ.get("BENCH_STEPS", "5"))
ALONE_STEPS = 12  # one user alone, for the CPU a step costs
DATA = os.environ.get("BENCH_DATA", "sample,scale").split(",")  # which data folders to measure
PARTS = os.environ.get("BENCH_PARTS", "first,crowd").split(",")  # first chart, twenty users
STEP_TIMEOUT_MS = 15_000
CHART = '[data-testid="stPlotlyChart"] .main-svg'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, summed over its CPUs (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / tick, sum(fields) / tick


def descendants_cpu_seconds() -> float:
    """CPU time used so far by every live process started from this one (the Playwright driver
    and chromium's processes) and by their children that have ended (a closed context's renderer
    is counted in its parent's cutime/cstime once reaped), read from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = sum(int(f) for f in fields[11:15]) / tick
    ours, frontier = set(), {os.getpid()}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - ours
        ours |= frontier
    return sum(times[pid] for pid in ours)


def url_path(name: str) -> str:
    from justice_dashboard.navigation import PAGES

    return next(p.url_path for p in PAGES if Path(p.file).stem == name)


# Records, inside the page, the moment (ms since navigation started) a chart's SVG is first on
# screen with a size. Playwright's own wait polls with growing pauses (up to half a second), which
# made a page's time jump by ~0,4 s from one visit to the next; the page's clock does not.
CHART_SEEN_SCRIPT = """
new MutationObserver((_, observer) => {
  const svg = document.querySelector('[data-testid="stPlotlyChart"] .main-svg');
  if (svg && svg.getBoundingClientRect().width > 0) {
    window.__chartSeen = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


async def first_chart(browser: Browser, url: str) -> float:
    """Seconds from navigation start until the first chart's SVG is visible, in a fresh context."""
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        await context.add_init_script(CHART_SEEN_SCRIPT)
        page = await context.new_page()
        await page.goto(url)
        await page.locator(CHART).first.wait_for(state="visible", timeout=60_000)
        await page.wait_for_function("window.__chartSeen !== undefined", timeout=60_000)
        return await page.evaluate("window.__chartSeen") / 1000
    finally:
        await context.close()


async def first_charts(browser: Browser, url: str) -> list[float]:
    await first_chart(browser, url)  # warm-up: the server loads the data once
    return [await first_chart(browser, url) for _ in range(VISITS)]


async def pick_year(page: Page, year: str) -> None:
    box = page.get_by_test_id("stSidebar").get_by_role("combobox", name="Năm", exact=True)
    await box.click()
    await box.fill(year)
    await page.get_by_role("option", name=year, exact=True).wait_for(timeout=STEP_TIMEOUT_MS)
    await page.keyboard.press("Enter")


async def open_user(browser: Browser, url: str) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    await page.goto(url)
    await page.locator(CHART).first.wait_for(state="visible", timeout=120_000)
    await page.locator(IDLE).wait_for(timeout=120_000)
    return context, page


async def user_steps(
    page: Page, years: list[str], offset: int, steps: int = STEPS
) -> dict[str, Any]:
    """Choose another year `steps` times; time each from the pick until the chart's title shows it."""
    timings: list[float] = []
    errors: list[str] = []
    for step in range(steps):
        year = years[(offset + step) % len(years)]
        started = time.perf_counter()
        try:
            await pick_year(page, year)
            await page.wait_for_function(
                """([sel, year]) => {
                    const t = document.querySelector(sel);
                    return t && t.textContent.includes(year);
                }""",
                arg=['[data-testid="stPlotlyChart"] .gtitle', f"· {year} ·"],
                timeout=STEP_TIMEOUT_MS,
            )
            timings.append(time.perf_counter() - started)
        except Exception as error:  # a timeout or a failed action is an error the user sees
            errors.append(f"step {step} ({year}): {type(error).__name__}")
        if await page.get_by_test_id("stException").count():
            errors.append(f"step {step}: the app shows an exception")
    return {"timings": timings, "errors": errors}


async def concurrency(
    browser: Browser, server: Server, years: list[str], run_log: Path | None = None
) -> dict[str, Any]:
    """CONTEXTS users open the page together; once every page shows its chart, all of them change
    the year STEPS times at once. Only that phase is timed and metered (CPU of the server, of the
    browsers and of the whole machine; the server's own script times when `run_log` is given)."""
    opened = await asyncio.gather(
        *(open_user(browser, server.url) for _ in range(CONTEXTS)), return_exceptions=True
    )
    pages = [o[1] for o in opened if not isinstance(o, BaseException)]
    errors = [f"open: {type(o).__name__}" for o in opened if isinstance(o, BaseException)]
    runs_before = len(run_log.read_text().split()) if run_log else 0
    server_before, machine_before = server.cpu_seconds(), machine_busy_seconds()
    browser_before = descendants_cpu_seconds() - server_before
    started = time.perf_counter()
    try:
        results = await asyncio.gather(
            *(user_steps(page, years, offset) for offset, page in enumerate(pages))
        )
        wall = time.perf_counter() - started
        server_cpu = server.cpu_seconds() - server_before
        browser_cpu = descendants_cpu_seconds() - server.cpu_seconds() - browser_before
        machine_after = machine_busy_seconds()
    finally:
        for o in opened:
            if not isinstance(o, BaseException):
                await o[0].close()
    timings = [t for r in results for t in r["timings"]]
    errors += [e for r in results for e in r["errors"]]
    runs = [float(x) for x in run_log.read_text().split()[runs_before:]] if run_log else []
    return {
        "steps": len(pages) * STEPS,
        "p50": percentile(timings, 50),
        "p95": percentile(timings, 95),
        "errors": errors,
        "server_busy": server_cpu / wall,
        "browser_busy": browser_cpu / wall,
        "machine_busy": (machine_after[0] - machine_before[0])
        / (machine_after[1] - machine_before[1]),
        "script_p50": percentile(runs, 50),
        "script_p95": percentile(runs, 95),
    }


async def cost_per_step(browser: Browser, server: Server) -> dict[str, float]:
    """One user alone choosing another year ALONE_STEPS times: the CPU each step costs chromium
    (with Playwright's driver) and the server, and the wall time of a step."""
    context, page = await open_user(browser, server.url)
    try:
        server_before = server.cpu_seconds()
        browser_before = descendants_cpu_seconds() - server_before
        result = await user_steps(page, YEARS, 0, ALONE_STEPS)
        await page.locator(IDLE).wait_for(timeout=60_000)
        server_cpu = server.cpu_seconds() - server_before
        browser_cpu = descendants_cpu_seconds() - server.cpu_seconds() - browser_before
    finally:
        await context.close()
    steps = len(result["timings"]) or 1
    return {
        "browser": browser_cpu / steps,
        "server": server_cpu / steps,
        "p50": percentile(result["timings"], 50),
    }


async def measure(data_dirs: dict[str, Path]) -> dict[str, Any]:
    results: dict[str, Any] = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            if "first" in PARTS:
                with streamlit_server(ONE_CHART_APP) as server:
                    results["floor"] = await first_charts(browser, server.url)
            if "crowd" in PARTS:
                with streamlit_server(ONE_CHART_YEAR_APP) as server:
                    results["alone_floor"] = await cost_per_step(browser, server)
                    results["crowd_floor"] = await concurrency(browser, server, YEARS)
            for name, root in data_dirs.items():
                run_log = Path(tempfile.mkstemp(prefix="bench-runs-", suffix=".txt")[1])
                env = {"JUSTICE_DATA_DIR": str(root), "BENCH_RUN_LOG": str(run_log)}
                with streamlit_server(TIMED_APP, env=env) as server:
                    started = time.perf_counter()
                    result: dict[str, Any] = {}
                    if "first" in PARTS:
                        result["overview"] = await first_charts(browser, server.url)
                        compare_url = f"{server.url}/{url_path('compare')}"
                        result["compare"] = await first_charts(browser, compare_url)
                    if "crowd" in PARTS:
                        result["alone"] = await cost_per_step(browser, server)
                        result["concurrency"] = await concurrency(browser, server, YEARS, run_log)
                    run_log.unlink(missing_ok=True)
                    result["server_peak_mb"] = server.peak_rss_mb()
                    result["seconds"] = time.perf_counter() - started
                    results[name] = result
        finally:
            await browser.close()
    return results


def main() -> int:
    data_dirs = scale_data_dirs(DATA)
    results = asyncio.run(measure(data_dirs))
    if "first" in PARTS:
        report_first(results, data_dirs)
    if "crowd" in PARTS:
        report_crowd(results, data_dirs)
    for name in data_dirs:
        print(f"- {name}: server peak RSS {results[name]['server_peak_mb']:.0f} MB")
    if "scale" in data_dirs:
        peak = results["scale"]["server_peak_mb"]
        print(goal("server peak memory at scale ≤ 600 MB", peak <= 600, f"{peak:.0f} MB"))
    return 0


def report_first(results: dict[str, Any], data_dirs: dict[str, Path]) -> None:
    floor = statistics.median(results["floor"])
    rows = [["one-chart Streamlit app (floor)", ms(floor), ms(max(results["floor"])), ""]]
    worst = 0.0
    for name in data_dirs:
        for page in ("overview", "compare"):
            median = statistics.median(results[name][page])
            worst = max(worst, median / floor)
            rows.append(
                [
                    f"{name}: {page}",
                    ms(median),
                    ms(max(results[name][page])),
                    f"{median / floor:.2f}×",
                ]
            )
    print_table(
        f"First chart visible after navigation (chromium, fresh context, median of {VISITS})",
        ["app", "median", "max", "vs floor"],
        rows,
    )
    print(goal("first chart ≤ 1,2× the one-chart app", worst <= 1.2, f"worst {worst:.2f}×"))


def report_crowd(results: dict[str, Any], data_dirs: dict[str, Path]) -> None:
    alone = {"one-chart app with a year picker (floor)": results["alone_floor"]}
    alone |= {f"{name}: overview": results[name]["alone"] for name in data_dirs}
    print_table(
        f"One user alone, CPU per year change (mean of {ALONE_STEPS} steps)",
        ["app", "chromium + driver", "server", "step p50"],
        [
            [name, ms(cost["browser"]), ms(cost["server"]), ms(cost["p50"])]
            for name, cost in alone.items()
        ],
    )
    rows = []
    crowds = {"one-chart app with a year picker (floor)": results["crowd_floor"]}
    crowds |= {name: results[name]["concurrency"] for name in data_dirs}
    for name, crowd in crowds.items():
        rows.append(
            [
                name,
                f"{CONTEXTS} × {STEPS}",
                ms(crowd["p50"]),
                ms(crowd["p95"]),
                str(len(crowd["errors"])),
                f"{crowd['server_busy']:.0%}",
                f"{crowd['browser_busy']:.0%}",
                f"{crowd['machine_busy']:.0%}",
                f"{ms(crowd['script_p50'])} / {ms(crowd['script_p95'])}"
                if crowd["script_p50"] == crowd["script_p50"]  # not NaN: the app was timed
                else "–",
            ]
        )
    print_table(
        "Concurrency: contexts at once changing the year, time until the chart shows it",
        [
            "data",
            "contexts × steps",
            "p50",
            "p95",
            "errors",
            "server CPU (of one)",
            "chromium CPU (of one)",
            f"machine busy (of {os.cpu_count()} CPUs)",
            "server script p50 / p95",
        ],
        rows,
    )
    for name in data_dirs:
        for error in results[name]["concurrency"]["errors"][:10]:
            print(f"  {name}: {error}")
    floor = results["crowd_floor"]["p95"]
    for name in data_dirs:
        crowd = results[name]["concurrency"]
        print(f"- {name}: p95 is {crowd['p95'] / floor:.2f}× the one-chart app's ({ms(floor)})")
        print(
            goal(
                f"{name}: p95 ≤ 1,5 s with zero errors",
                crowd["p95"] <= 1.5 and not crowd["errors"],
                f"p95 {ms(crowd['p95'])}, {len(crowd['errors'])} errors",
            )
        )


if __name__ == "__main__":
    raise SystemExit(main())
