"""Faults for the tests, made deterministic: a data folder that refuses every write, a system call
that fails the n-th time, and the whole tree of a folder to compare before and after.

Tests run as root in CI, and root ignores file permissions, so a read-only folder is simulated at
the system-call boundary: every call that would create or change something under the folder
fails with the error a read-only (EROFS) or forbidden (EACCES) folder gives.
"""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _refusal(code: int, path: object) -> OSError:
    return OSError(code, os.strerror(code), os.fspath(path))  # type: ignore[arg-type]


def refuse_writes(monkeypatch: pytest.MonkeyPatch, root: Path, code: int = errno.EROFS) -> None:
    """Every creation or change under `root` fails with `code`; reading works as before."""
    base = os.path.realpath(root)

    def inside(path: object) -> bool:
        if isinstance(path, int):
            return False
        full = os.path.realpath(os.fspath(path))  # type: ignore[arg-type]
        return full == base or full.startswith(base + os.sep)

    real_open = os.open

    def fake_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: Any = None) -> int:
        if flags & _WRITE_FLAGS and inside(path):
            raise _refusal(code, path)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    real_io_open = io.open

    def fake_io_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if not isinstance(file, int) and set(mode) & set("wax+") and inside(file):
            raise _refusal(code, file)
        return real_io_open(file, mode, *args, **kwargs)

    real_mkdir = os.mkdir

    def fake_mkdir(path: Any, mode: int = 0o777, *, dir_fd: Any = None) -> None:
        if inside(path):
            if os.path.lexists(path):  # what the kernel says first, read-only or not
                raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), path)
            raise _refusal(code, path)
        real_mkdir(path, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_io_open)
    monkeypatch.setattr(builtins, "open", fake_io_open)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)
    for name, changed in (
        ("link", lambda a: a[1]),
        ("symlink", lambda a: a[1]),
        ("rename", lambda a: a[0]),
        ("replace", lambda a: a[0]),
        ("unlink", lambda a: a[0]),
        ("remove", lambda a: a[0]),
        ("rmdir", lambda a: a[0]),
        ("utime", lambda a: a[0]),
        ("chmod", lambda a: a[0]),
    ):
        monkeypatch.setattr(os, name, _guarded(getattr(os, name), changed, inside, code))


def _guarded(
    real: Callable[..., Any],
    changed: Callable[[tuple[Any, ...]], Any],
    inside: Callable[[object], bool],
    code: int,
) -> Callable[..., Any]:
    def fake(*args: Any, **kwargs: Any) -> Any:
        if inside(changed(args)):
            raise _refusal(code, changed(args))
        return real(*args, **kwargs)

    return fake


def fail_nth(monkeypatch: pytest.MonkeyPatch, name: str, n: int, code: int) -> list[int]:
    """`os.<name>` fails with `code` on its n-th call (1-based) and works otherwise; the list
    returned counts the calls."""
    real = getattr(os, name)
    calls: list[int] = []

    def fake(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == n:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, fake)
    return calls


def tree(root: Path) -> dict[str, str]:
    """Every file (by sha256) and folder under `root`, by relative path; the lock file, which is
    not data and is made once by the first writer, is left out, and so is the accounts folder,
    whose audit log records each refused write (tests/test_accounts.py reads it)."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.name == ".lock" or relative.split("/")[0] == "accounts":
            continue
        if path.is_dir():
            found[relative] = "folder"
        else:
            found[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found
