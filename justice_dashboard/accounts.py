"""Accounts of the people who write data, their scope, and the audit log.

Browsing stays open; writing (an import, a rollback) needs an account once `accounts.json` exists
in the data folder's `accounts/` (managed with `python -m justice_dashboard users …`, never in
git). A **data officer** is scoped to units and agencies: an STP officer of Đồng Nai may bring in
Đồng Nai's STP figures, and those of the units it was made of (its predecessors' history), and
nothing else; the **bloc secretariat** may bring in any unit's figures and roll back. The scope is
checked where the write happens (`intake.commit`), for the page and the command line alike.

Passwords are hashed with argon2 (argon2-cffi) and never stored, shown or logged in clear. Each
sign-in, refused sign-in, import, refused import, rollback and refused rollback is appended to
`accounts/audit.jsonl` (one JSON object per line: time, event, account, unit, year and what
happened); the file is only ever appended to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from justice_dashboard.catalog import Catalog, Lang
from justice_dashboard.i18n import t
from justice_dashboard.ratelimit import Rule

Role = Literal["officer", "secretariat"]
ROLES: tuple[Role, ...] = ("officer", "secretariat")
AGENCIES = ("STP", "THA")
ACCOUNTS_DIR = "accounts"
ACCOUNTS_FILE = "accounts.json"
AUDIT_FILE = "audit.jsonl"
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-")
MIN_PASSWORD = 10
_HASHER = PasswordHasher()
# Verifying against this keeps a sign-in for an unknown account as slow as for a known one.
_DUMMY_HASH = _HASHER.hash("không phải mật khẩu của ai")


@dataclass(frozen=True)
class Account:
    name: str  # what is typed to sign in: lower-case letters, digits, . _ -
    display_name: str  # kept on each snapshot beside the account's name
    role: Role
    units: tuple[str, ...] = ()  # unit ids (an officer's); a unit covers its predecessors
    agencies: tuple[str, ...] = AGENCIES  # an officer's agencies
    password_hash: str = field(default="", repr=False)

    @property
    def is_secretariat(self) -> bool:
        return self.role == "secretariat"

    def scope_text(self, catalog: Catalog, lang: Lang = "vi") -> str:
        if self.is_secretariat:
            return t("accounts.scope_all", lang)
        units = ", ".join(catalog.unit(u).name(lang) for u in self.units if _known(catalog, u))
        return t("accounts.scope", lang, units=units or "—", agencies=", ".join(self.agencies))


def _known(catalog: Catalog, unit_id: str) -> bool:
    try:
        catalog.unit(unit_id)
    except KeyError:
        return False
    return True


@dataclass(frozen=True)
class ScopeRefused(Exception):
    """A write outside the account's scope; nothing was written."""

    account: str
    reason: str  # "unit", "agency" or "rollback"
    unit: str = ""
    agencies: str = ""
    year: int = 0

    def text(self, lang: Lang = "vi") -> str:
        return t(
            f"accounts.refused.{self.reason}",
            lang,
            account=self.account,
            unit=self.unit,
            agencies=self.agencies,
            year=self.year,
        )


def check_write(
    account: Account, catalog: Catalog, code: str, year: int, agencies: Iterable[str]
) -> None:
    """Raise ScopeRefused unless the account may write these agencies' figures of the unit that
    `code` names in `year` (its own units, or a unit that became one of them)."""
    if account.is_secretariat:
        return
    unit = catalog.unit_for(code, year)
    name = unit.name("vi") if unit is not None else code
    held = tuple(agencies)
    if unit is None or not (
        unit.unit_id in account.units
        or catalog.current_unit_of(unit.unit_id).unit_id in account.units
    ):
        raise ScopeRefused(account.name, "unit", name, ", ".join(held), year)
    outside = [a for a in held if a not in account.agencies]
    if outside:
        raise ScopeRefused(account.name, "agency", name, ", ".join(outside), year)


def check_rollback(account: Account, catalog: Catalog, code: str, year: int) -> None:
    """Only the bloc secretariat rolls back."""
    if not account.is_secretariat:
        unit = catalog.unit_for(code, year)
        name = unit.name("vi") if unit is not None else code
        raise ScopeRefused(account.name, "rollback", name, "", year)


# ---- the accounts file --------------------------------------------------------------------------


def accounts_dir(root: Path) -> Path:
    return root / ACCOUNTS_DIR


def accounts_path(root: Path) -> Path:
    return accounts_dir(root) / ACCOUNTS_FILE


def accounts_configured(root: Path) -> bool:
    """Whether writing needs an account (the accounts file exists, even with no account left)."""
    return accounts_path(root).is_file()


def load_accounts(root: Path) -> dict[str, Account]:
    path = accounts_path(root)
    if not path.is_file():
        return {}
    rows = json.loads(path.read_text(encoding="utf-8")).get("accounts", [])
    return {
        r["name"]: Account(
            name=r["name"],
            display_name=r["display_name"],
            role=r["role"],
            units=tuple(r.get("units", ())),
            agencies=tuple(r.get("agencies", AGENCIES)),
            password_hash=r["password_hash"],
        )
        for r in rows
    }


def save_accounts(root: Path, accounts: dict[str, Account]) -> None:
    """Replace the accounts file in one step (a temporary file renamed over it), readable by the
    app's user only."""
    folder = accounts_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    payload = {"accounts": [asdict(a) for a in sorted(accounts.values(), key=lambda a: a.name)]}
    for row in payload["accounts"]:
        row["units"], row["agencies"] = list(row["units"]), list(row["agencies"])
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(payload, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, accounts_path(root))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify(accounts: dict[str, Account], name: str, password: str) -> Account | None:
    """The account if the password is its own; None otherwise (same work either way)."""
    account = accounts.get(name.strip().lower())
    try:
        _HASHER.verify(account.password_hash if account else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return account


def password_problem(password: str, lang: Lang = "vi") -> str | None:
    if len(password) < MIN_PASSWORD:
        return t("accounts.password_short", lang, count=MIN_PASSWORD)
    return None


def name_problem(name: str, lang: Lang = "vi") -> str | None:
    if not name or not set(name) <= NAME_CHARS or len(name) > 64:
        return t("accounts.bad_name", lang, name=name)
    return None


# ---- the audit log ------------------------------------------------------------------------------


def audit_path(root: Path) -> Path:
    return accounts_dir(root) / AUDIT_FILE


def audit(
    root: Path,
    event: str,
    account: str,
    *,
    address: str = "",
    unit: str = "",
    year: int | None = None,
    **details: Any,
) -> None:
    """Append one event to the audit log (under an exclusive lock, flushed to disk). Never give it
    a password: no field of an event is one."""
    entry: dict[str, Any] = {
        "time": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "event": event,
        "account": account,
    }
    if address:
        entry["address"] = address
    if unit:
        entry["unit"] = unit
    if year is not None:
        entry["year"] = year
    entry.update({k: v for k, v in details.items() if v not in (None, "")})
    folder = accounts_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
    with open(audit_path(root), "a", encoding="utf-8") as log:
        fcntl.flock(log, fcntl.LOCK_EX)
        try:
            log.write(line)
            log.flush()
            os.fsync(log.fileno())
        finally:
            fcntl.flock(log, fcntl.LOCK_UN)


def audit_entries(root: Path) -> list[dict[str, Any]]:
    path = audit_path(root)
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


SIGN_IN_RULE = Rule(free=5)  # the page's rule per account (intake.gate.LIMITER)


def sign_in_wait(root: Path, name: str, now: dt.datetime | None = None) -> float:
    """Seconds before the next sign-in of `name` from the command line is taken: its wrong tries
    since its last sign-in (in the audit log, the last day), under the page's per-account rule."""
    now = now or dt.datetime.now(dt.UTC)
    failures, last = 0, None
    for entry in audit_entries(root):
        if entry.get("account") != name:
            continue
        if entry["event"] == "sign_in":
            failures, last = 0, None
        elif entry["event"] == "sign_in_refused" and entry.get("reason") == "wrong":
            moment = dt.datetime.strptime(entry["time"], "%Y-%m-%dT%H:%M:%S.%fZ")
            moment = moment.replace(tzinfo=dt.UTC)
            if (now - moment).total_seconds() < 24 * 3600:
                failures, last = failures + 1, moment
    if last is None:
        return 0.0
    return max(0.0, SIGN_IN_RULE.delay(failures) - (now - last).total_seconds())


def unit_of(catalog: Catalog, code: str, year: int) -> str:
    unit = catalog.unit_for(code, year)
    return unit.unit_id if unit is not None else code


def parse_units(catalog: Catalog, given: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    """Unit ids from ids or codes (a code names its latest unit); and what was not recognised."""
    found, unknown = [], []
    for raw in given:
        for part in (p.strip() for p in raw.split(",")):
            if not part:
                continue
            if _known(catalog, part):
                found.append(part)
            elif catalog.has_code(part):
                found.append(catalog.latest_unit_with_code(part).unit_id)
            else:
                unknown.append(part)
    return tuple(dict.fromkeys(found)), unknown
