"""Starting Python with and without compiled bytecode, side by side in one run.

Where PYTHONDONTWRITEBYTECODE=1 is set (this workplace sets it), Python never writes the .pyc files
it compiles, so an environment installed without them compiles pandas, Streamlit, Plotly … again
at every start. `./dev`, the systemd install and the container install with `uv sync
--compile-bytecode`. This builds both kinds of environment from uv.lock under benchmarks/out/
(`uv sync --frozen --no-dev`, with and without `--compile-bytecode`) and times, alternating
between them ROUNDS times (figures on a shared machine move by ±30 %, so they are compared in one
run): `import justice_dashboard.ui`, `streamlit run app.py` until its health check answers, and
`python -m justice_dashboard export --year 2022 --format pptx`.

    uv run python -m benchmarks start        # BENCH_ROUNDS=5 by default
"""

from __future__ import annotations

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.report import print_table
from justice_dashboard.config import PROJECT_ROOT
from justice_dashboard.serve import free_port, is_healthy, stop, streamlit_command

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
OUT = PROJECT_ROOT / "benchmarks" / "out"
KINDS = {"without bytecode": [], "with bytecode": ["--compile-bytecode"]}
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "UV_PYTHON_DOWNLOADS": "never"}


def uv() -> list[str]:
    found = shutil.which("uv")
    return [found] if found else [sys.executable, "-m", "uv"]


def environment(kind: str) -> Path:
    """benchmarks/out/venv-…: the locked dependencies, with or without their bytecode."""
    folder = OUT / ("venv-" + kind.replace(" ", "-"))
    if kind == "without bytecode":  # a sync never removes .pyc files: start from nothing
        shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(
        [*uv(), "sync", "--frozen", "--no-dev", "--quiet", *KINDS[kind]],
        cwd=PROJECT_ROOT,
        env={**ENV, "UV_PROJECT_ENVIRONMENT": str(folder)},
        check=True,
    )
    return folder / "bin" / "python"


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=PROJECT_ROOT, env=ENV, check=True, capture_output=True)
    return time.perf_counter() - started


def until_healthy(python: Path) -> float:
    port = free_port()
    command = [str(python), *streamlit_command(PROJECT_ROOT / "app.py", port)[1:]]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        while not is_healthy(f"http://127.0.0.1:{port}"):
            if process.poll() is not None:
                raise RuntimeError("streamlit exited early")
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=0.05)
        return time.perf_counter() - started
    finally:
        stop(process)


def main() -> int:
    pythons = {kind: environment(kind) for kind in KINDS}
    measures = ("import justice_dashboard.ui", "streamlit run app.py until healthy", "export pptx")
    times: dict[tuple[str, str], list[float]] = {(m, k): [] for m in measures for k in KINDS}
    with tempfile.TemporaryDirectory() as tmp:
        for round_ in range(ROUNDS):
            order = list(KINDS) if round_ % 2 == 0 else list(reversed(KINDS))
            for kind in order:
                python = str(pythons[kind])
                times[(measures[0], kind)].append(
                    timed([python, "-c", "import justice_dashboard.ui"])
                )
                times[(measures[1], kind)].append(until_healthy(pythons[kind]))
                deck = [python, "-m", "justice_dashboard", "export", "--year", "2022"]
                deck += ["--format", "pptx", "--out", str(Path(tmp) / "slide.pptx")]
                times[(measures[2], kind)].append(timed(deck))
    rows = []
    for measure in measures:
        plain = statistics.median(times[(measure, "without bytecode")])
        compiled = statistics.median(times[(measure, "with bytecode")])
        rows.append([measure, f"{plain:.2f} s", f"{compiled:.2f} s", f"{plain / compiled:.1f}×"])
    print_table(
        f"Start-up, median of {ROUNDS} alternating runs (PYTHONDONTWRITEBYTECODE=1)",
        ["what", "installed without bytecode", "with bytecode", "faster"],
        rows,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
