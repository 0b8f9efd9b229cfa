"""app.py with a stopwatch, for the browser benchmark: each script run's duration (the whole rerun,
sidebar and page) is appended to the file named by `BENCH_RUN_LOG`, so the server's share of a
user's wait can be told from the browser's."""

import os
import runpy
import time
from pathlib import Path

started = time.perf_counter()
try:
    runpy.run_path(str(Path(__file__).resolve().parent.parent / "app.py"), run_name="__main__")
finally:
    with open(os.environ["BENCH_RUN_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{time.perf_counter() - started:.4f}\n")
