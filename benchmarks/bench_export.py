"""Export speed: the first server image (with the renderer's start), warm images, a ten-chart deck
with images and with native charts, and the memory the renderer holds.

Goals: a warm image ≤ 0,3 s; ten-chart deck ≤ 5 s with images, ≤ 1 s native.
Run: `uv run python -m benchmarks.bench_export` (or every benchmark with `./dev bench`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import statistics
import time
from pathlib import Path

import streamlit  # noqa: F401 - as in the app: images must survive its template swap

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.export import DeckInfo, build_deck, render_image, renderer
from justice_dashboard.export.pack import PackContext, build_pack, conference_pack
from justice_dashboard.store import Store

WARM_RUNS = 10
DECK_CHARTS = 10


def _memory_kib(pid: int, field: str) -> int:
    """A process's resident memory: `Pss` (shared pages split among their users) or `Rss`."""
    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return next(int(line.split()[1]) for line in text.splitlines() if line.startswith(field + ":"))


def _tree_pss_mib(root: int) -> float:
    """Proportional memory of a process and all its descendants (chromium runs several)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        with contextlib.suppress(OSError, StopIteration):
            total += _memory_kib(pid, "Pss")
        todo.extend(children.get(pid, []))
    return total / 1024


def _fmt(seconds: float) -> str:
    return f"{seconds:.3f}".replace(".", ",")


def main() -> list[tuple[str, str, str]]:
    catalog = load_catalog()
    bloc = catalog.default_bloc
    store = Store.open(BUNDLED_DATA_DIR)
    year = 2022
    members = tuple(p.code for p in catalog.bloc_provinces(bloc.code, year))
    context = PackContext(catalog, bloc, year, members, "vi")
    charts = build_pack(conference_pack(catalog), store.query, context)[:DECK_CHARTS]
    info = DeckInfo(bloc.name("vi"), year, dt.date(2022, 12, 2), illustrative=True)
    shared = renderer()
    shared.stop()
    rows: list[tuple[str, str, str]] = []
    try:
        start = time.perf_counter()
        render_image(charts[0].figure, "png")
        first = time.perf_counter() - start
        rows.append(("first PNG 1920×1080 incl. renderer start (s)", _fmt(first), "–"))

        warm_png, warm_svg = [], []
        for i in range(WARM_RUNS):
            figure = charts[i % len(charts)].figure
            start = time.perf_counter()
            render_image(figure, "png")
            warm_png.append(time.perf_counter() - start)
            start = time.perf_counter()
            render_image(figure, "svg")
            warm_svg.append(time.perf_counter() - start)
        rows.append(
            (
                f"warm PNG 1920×1080, median of {WARM_RUNS} (s)",
                _fmt(statistics.median(warm_png)),
                "≤ 0,3",
            )
        )
        rows.append(("warm PNG, slowest (s)", _fmt(max(warm_png)), "≤ 0,3"))
        rows.append(
            (f"warm SVG, median of {WARM_RUNS} (s)", _fmt(statistics.median(warm_svg)), "≤ 0,3")
        )

        start = time.perf_counter()
        build_deck(charts, info, images=True)
        rows.append(
            (f"{len(charts)}-chart deck with images (s)", _fmt(time.perf_counter() - start), "≤ 5")
        )
        start = time.perf_counter()
        build_deck(charts, info)
        rows.append(
            (
                f"{len(charts)}-chart deck, native charts (s)",
                _fmt(time.perf_counter() - start),
                "≤ 1",
            )
        )

        pid = shared.browser_pid()
        memory = f"{_tree_pss_mib(pid):.0f}" if pid else "?"
        rows.append(("memory held by the renderer (chromium processes, MiB PSS)", memory, "–"))
        own = _memory_kib(os.getpid(), "Pss") / 1024
        rows.append(("memory of this Python process (MiB PSS)", f"{own:.0f}", "–"))
    finally:
        shared.stop()
        store.close()
    width = max(len(r[0]) for r in rows)
    print(f"{'export':<{width}}  {'result':>8}  goal")
    for name, value, goal in rows:
        print(f"{name:<{width}}  {value:>8}  {goal}")
    return rows


if __name__ == "__main__":
    main()
