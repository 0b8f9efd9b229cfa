"""`python -m justice_dashboard import …` that stops for good at one point of its write, to be
killed there with SIGKILL by a test (tests/test_kill_during_import.py).

    python tests/import_that_stops.py CALL N READY_FD import FILE --data-dir DIR …

The N-th call of `os.CALL` (fsync or link) writes one byte to the file descriptor READY_FD, then
waits forever instead of running; the test waits for that byte (no sleeping), then kills us.
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Any


def main() -> int:
    call, n, ready_fd, argv = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    real = getattr(os, call)
    calls = [0]

    def stop_at_the_nth_call(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == n:
            os.write(ready_fd, b"!")
            threading.Event().wait()  # until SIGKILL
        return real(*args, **kwargs)

    setattr(os, call, stop_at_the_nth_call)
    from justice_dashboard.__main__ import main as run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
