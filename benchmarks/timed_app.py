"""app.py with a stopwatch, for the browser benchmark: each script run's duration (the whole rerun,
sidebar and page) is appended to the file named by `BENCH_RUN_LOG`, so the server's share of a
user's wait can be told from the browser's."""

import os
import time

from app_code import APP, CODE  # this folder is on the path of the script Streamlit runs

started = time.perf_counter()
try:
    exec(CODE, {"__name__": "__main__", "__file__": str(APP)})
finally:
    with open(os.environ["BENCH_RUN_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{time.perf_counter() - started:.4f}\n")
