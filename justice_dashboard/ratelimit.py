"""Attempts limited with a growing delay, per key (a session, a client address, later an account).

After `free` failed attempts under one key, each further attempt must wait `base × 2^(n − free)`
seconds after the last failure (at most `cap`); a success clears the key. Every key of an attempt
counts, so one session cannot guess faster by changing address, nor many sessions from one
address by opening new ones. State is per process, in memory.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from justice_dashboard.catalog import Lang
from justice_dashboard.i18n import t

Key = tuple[str, str]


@dataclass
class _Record:
    failures: int = 0
    last: float = 0.0


@dataclass(frozen=True)
class Rule:
    free: int  # failures allowed before any wait
    base_s: float = 1.0
    cap_s: float = 900.0

    def delay(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.cap_s, self.base_s * 2 ** (failures - self.free))


class Limiter:
    def __init__(
        self,
        rules: dict[str, Rule],
        clock: Callable[[], float] = time.monotonic,
        forget_after_s: float = 24 * 3600,
    ) -> None:
        self.rules = rules  # by the kind of key: "session", "address", "account"
        self.clock = clock
        self.forget_after_s = forget_after_s
        self._records: dict[Key, _Record] = {}
        self._lock = threading.Lock()

    def wait(self, keys: Iterable[Key]) -> float:
        """Seconds before another attempt under these keys is taken (0: now)."""
        now = self.clock()
        with self._lock:
            return max((self._remaining(key, now) for key in keys), default=0.0)

    def failed(self, keys: Iterable[Key]) -> tuple[int, float]:
        """Count a failure under every key; return the most failures of a key and the wait now."""
        now = self.clock()
        keys = list(keys)
        with self._lock:
            self._forget_old(now)
            most = 0
            for key in keys:
                record = self._records.setdefault(key, _Record())
                record.failures += 1
                record.last = now
                most = max(most, record.failures)
            return most, max(self._remaining(key, now) for key in keys)

    def succeeded(self, keys: Iterable[Key]) -> None:
        with self._lock:
            for key in keys:
                self._records.pop(key, None)

    def _remaining(self, key: Key, now: float) -> float:
        record = self._records.get(key)
        if record is None:
            return 0.0
        delay = self.rules[key[0]].delay(record.failures)
        return max(0.0, record.last + delay - now)

    def _forget_old(self, now: float) -> None:
        old = [k for k, r in self._records.items() if now - r.last > self.forget_after_s]
        for key in old:
            del self._records[key]


def wait_text(seconds: float, lang: Lang) -> str:
    """'12 giây', '3 phút' (rounded up: never tells a user to come back too early)."""
    if seconds < 60:
        return t("ratelimit.seconds", lang, count=max(1, math.ceil(seconds)))
    return t("ratelimit.minutes", lang, count=math.ceil(seconds / 60))
