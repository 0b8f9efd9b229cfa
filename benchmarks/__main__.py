"""`python -m benchmarks [NAME …]`: run every `benchmarks/bench_*.py` module's `main()`, or only the
ones named (`app`, `bench_app`, `browser` …). Not part of the tests; `./dev bench` runs it."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(p.stem for p in HERE.glob("bench_*.py"))


def main(argv: list[str]) -> int:
    names = available()
    chosen = [a if a.startswith("bench_") else f"bench_{a}" for a in argv] or names
    unknown = [c for c in chosen if c not in names]
    if unknown:
        print(f"Không có benchmark {', '.join(unknown)}; có: {', '.join(names)}", file=sys.stderr)
        return 2
    status = 0
    for name in chosen:
        print(f"\n## {name}\n", flush=True)
        started = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{name}")
        result = module.main()
        if isinstance(result, int):  # a module may return an exit status, or its results
            status = status or result
        print(f"\n({name}: {time.perf_counter() - started:.0f} s)", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
