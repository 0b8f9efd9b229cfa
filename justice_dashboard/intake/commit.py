"""Write a checked submission, or an older snapshot again (a rollback), as a new immutable snapshot.

Both go through `snapshots.write_snapshot` (temporary file, fsync, link into place) under the data
folder's write lock. Inside that lock the commit checks that the state it was reviewed against is
still the current one (`expected_current`), so two people committing the same province and year at
once never overwrite each other's figures unseen: the second is refused cleanly and can look again.
The original upload is kept as `sources/<sha256>.<ext>` so the provenance can always be checked.

A snapshot says, per agency it holds, whether its figures are final or preliminary (with their cut
date): `Provenance.statuses`. A commit writes the statuses chosen (an agency not named is final), a
rollback those of the snapshot rolled back to. Under the same lock both refuse (`StatusRefused`)
preliminary figures of an agency that has final ones for that province and year: the model would
never use them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

import pandas as pd
import pyarrow.parquet as pq

from justice_dashboard.accounts import (
    Account,
    ScopeRefused,
    accounts_configured,
    audit,
    check_rollback,
    check_write,
    unit_of,
)
from justice_dashboard.catalog import Catalog, Lang, load_catalog
from justice_dashboard.config import reference_dir
from justice_dashboard.errors import logger
from justice_dashboard.i18n import t
from justice_dashboard.intake.status import (
    StatusRefused,
    agencies_of,
    check_statuses,
    finals_on_disk,
    rollback_problems,
    statuses_for,
)
from justice_dashboard.intake.validate import Submission
from justice_dashboard.integrity import damage_of
from justice_dashboard.snapshots import (
    SNAPSHOT_NAME,
    Provenance,
    Status,
    missing_folders,
    read_provenance,
    remove_stale_temporaries,
    snapshot_path,
    snapshots_dir,
    statuses_of,
    write_lock,
    write_snapshot,
    written_or_nothing,
)
from justice_dashboard.snapshots import snapshot_id as new_snapshot_id

ANY: Final = object()  # expected_current: do not check (the command line has no review step)
SOURCE_SUFFIXES = (".xlsx", ".xlsm", ".csv")


# What the data folder answers when it will not take a write, and what we call it.
_REFUSED = {
    errno.EROFS: "read_only",
    errno.ENOSPC: "full",
    errno.EFBIG: "full",
    errno.EDQUOT: "quota",
    errno.EACCES: "denied",
    errno.EPERM: "denied",
    errno.EIO: "io",
}
REFUSED_KINDS = tuple(dict.fromkeys(_REFUSED.values()))


class WriteRefused(OSError):
    """The data folder refused a write (read-only, full, over quota, no permission, a disk error);
    nothing was left behind. `kind` is one of REFUSED_KINDS; `text(lang)` says it to a user,
    naming the data folder by its own name only."""

    def __init__(self, kind: str, folder: str, code: int) -> None:
        super().__init__(code, t(f"write_refused.{kind}", "vi", folder=folder))
        self.kind = kind
        self.folder = folder

    def text(self, lang: Lang = "vi") -> str:
        return t(f"write_refused.{self.kind}", lang, folder=self.folder)


@contextlib.contextmanager
def _refusals(root: Path) -> Iterator[None]:
    """Turn the data folder's refusal of a write into WriteRefused; other errors pass unchanged."""
    try:
        yield
    except WriteRefused:
        raise
    except OSError as error:
        kind = _REFUSED.get(error.errno or 0)
        if kind is None:
            raise
        raise WriteRefused(kind, Path(root).name or str(root), error.errno or 0) from error


class StaleState(Exception):
    """The current snapshot changed since the preview was made; nothing was written."""

    def __init__(self, found: str | None) -> None:
        super().__init__(f"current snapshot is now {found}")
        self.found = found


def latest_snapshot_id(root: Path, province_code: str, year: int) -> str | None:
    """The current snapshot of a province and year on disk (names sort by submission time).

    A damaged file is skipped, as `Store.open` skips it, so the state a page reviewed against (the
    store's current snapshot) is the one checked here; a file not named like a snapshot is never
    taken for one.
    """
    folder = snapshots_dir(root) / province_code / str(year)
    if not folder.is_dir():
        return None
    names = sorted(p.name for p in folder.iterdir() if SNAPSHOT_NAME.fullmatch(p.name))
    for name in reversed(names):
        damage, _ = damage_of(root, folder / name)
        if damage is None:
            return f"{province_code}-{year}-{name.removesuffix('.parquet')}"
    return None


def _moment(snapshot: str) -> dt.datetime:
    stamp = snapshot.split("-", 2)[2].split("-", 1)[0]
    return dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=dt.UTC)


def _after_latest(latest: str | None, now: dt.datetime | None) -> dt.datetime:
    """Now, but always later than the current snapshot, so the new one becomes the current one."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    if latest is not None and moment <= _moment(latest):
        moment = _moment(latest) + dt.timedelta(microseconds=1)
    return moment


def _check_current(root: Path, province: str, year: int, expected: object) -> str | None:
    latest = latest_snapshot_id(root, province, year)
    if expected is not ANY and latest != expected:
        raise StaleState(latest)
    return latest


def keep_source(root: Path, submission: Submission) -> Path:
    """Store the uploaded bytes once, named by their sha256 (never overwritten).

    Under the data folder's lock, which also removes the temporary files a killed writer left
    more than an hour ago (`snapshots.remove_stale_temporaries`). WriteRefused when the data
    folder refuses the write; nothing is left behind then.
    """
    with _refusals(root):
        return _keep_source(root, submission)[0]


def _keep_source(root: Path, submission: Submission) -> tuple[Path, list[Path]]:
    """The kept source, and what this call created for it (the file, then new folders)."""
    suffix = Path(submission.filename).suffix.lower()
    folder = root / "sources"
    target = folder / f"{submission.sha256}{suffix if suffix in SOURCE_SUFFIXES else '.bin'}"
    with write_lock(root):
        remove_stale_temporaries(root)
        if target.exists():
            return target, []
        made = missing_folders(folder)
        try:
            with written_or_nothing(folder) as tmp:
                with tmp.open("wb") as handle:
                    handle.write(submission.content)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.link(tmp, target)
        except FileExistsError:  # the same bytes kept meanwhile by a writer without the lock
            return target, []
    return target, [target, *made]


def _unmake(made: list[Path]) -> None:
    """Remove what a call created (files, then folders once empty), as far as the disk lets us."""
    for path in made:
        with contextlib.suppress(OSError):
            if path.is_dir():
                path.rmdir()
            else:
                path.unlink()


_LOG = logger("justice_dashboard.security")


class _Audit:
    """One write's line in the audit log: `event` when it succeeds, `event`_refused (with the
    refusal's kind) when it raises; the refusal itself goes on up unchanged."""

    def __init__(
        self,
        root: Path,
        event: str,
        account: Account | None,
        address: str,
        unit: str,
        year: int,
    ) -> None:
        self.root, self.event, self.address, self.unit, self.year = root, event, address, unit, year
        self.account = account.name if account is not None else ""
        self.details: dict[str, str] = {}

    def __enter__(self) -> _Audit:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _tb) -> None:
        if kind is not None and not issubclass(kind, Exception):
            return  # interrupted: no outcome to record
        event = self.event if kind is None else f"{self.event}_refused"
        details = dict(self.details)
        if error is not None:
            details["reason"] = getattr(error, "reason", type(error).__name__)
        try:
            audit(self.root, event, self.account, address=self.address, unit=self.unit,
                  year=self.year, **details)  # fmt: skip
        except OSError:  # a full or read-only folder: the write's own outcome stands
            _LOG.exception("audit log not written: %s %s", event, self.account)


def _catalog(root: Path, catalog: Catalog | None) -> Catalog:
    return catalog if catalog is not None else load_catalog(reference_dir(root))


def commit(
    root: Path,
    submission: Submission,
    by: str,
    *,
    statuses: Mapping[str, Status] | None = None,
    catalog: Catalog | None = None,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
    expected_current: object = ANY,
    account: Account | None = None,
    address: str = "",
) -> Path:
    """Write the submission as the new current snapshot of its province and year; return its file.

    `statuses`: agency → Status for the agencies whose figures are preliminary (an agency not named
    is final). StatusRefused, with nothing written, when one cannot be (a preliminary agency
    without a cut date, cut after `today`, the file holds no figures of it, or final figures of it
    exist: checked under the lock). WriteRefused when the data folder refuses the write
    (read-only, full…): then nothing is left behind, not even the source this call kept for it.

    Where the data folder uses accounts (`accounts`), `account` is the signed-in one: ScopeRefused,
    nothing written, without one or outside its scope; `by` is then its display name. Every
    outcome goes to the audit log.
    """
    catalog = _catalog(root, catalog)
    province, year = submission.province_code, submission.year
    event = _Audit(root, "import", account, address, unit_of(catalog, province, year), year)
    event.details = {"file": submission.filename, "agencies": ",".join(submission.agencies)}
    with event:
        if account is not None or accounts_configured(root):
            if account is None:
                raise ScopeRefused("", "account_needed")
            check_write(account, catalog, province, year, submission.agencies)
            by = account.display_name
        path = _commit(
            root, submission, by, statuses, catalog, now, today, expected_current, account
        )
        event.details["snapshot"] = f"{province}-{year}-{path.stem}"
        return path


def _commit(
    root: Path,
    submission: Submission,
    by: str,
    statuses: Mapping[str, Status] | None,
    catalog: Catalog,
    now: dt.datetime | None,
    today: dt.date | None,
    expected_current: object,
    account: Account | None,
) -> Path:
    by = by.strip()
    if not by:
        raise ValueError("who commits the figures must be named")
    chosen = dict(statuses or {})
    values = pd.DataFrame(
        {"indicator_code": list(submission.values), "value": list(submission.values.values())}
    )
    province, year = submission.province_code, submission.year
    with _refusals(root), write_lock(root):
        latest = _check_current(root, province, year, expected_current)
        finals = finals_on_disk(root, catalog, province, year)
        problems = check_statuses(
            catalog, year, submission.agencies, chosen, finals, today or dt.date.today()
        )
        if problems:
            raise StatusRefused(problems)
        provenance = Provenance(
            source_name=submission.filename,
            submitted_at=_after_latest(latest, now),
            submitted_by=by,
            source_sha256=submission.sha256,
            illustrative=False,
            statuses=statuses_for(submission.agencies, chosen),
            account=account.name if account is not None else "",
        )
        _, made = _keep_source(root, submission)
        try:
            return write_snapshot(root, province, year, values, provenance)
        except BaseException:
            snap = new_snapshot_id(province, year, provenance)
            if not snapshot_path(root, province, year, snap).exists():
                _unmake(made)  # no snapshot refers to the source this call kept: unkeep it
            raise


def rollback(
    root: Path,
    snapshot_id: str,
    by: str,
    note: str,
    *,
    catalog: Catalog | None = None,
    now: dt.datetime | None = None,
    expected_current: object = ANY,
    account: Account | None = None,
    address: str = "",
) -> Path:
    """Commit a new snapshot holding exactly the values and statuses of an older one; nothing is
    deleted.

    StatusRefused, with nothing written, when the older snapshot holds preliminary figures of an
    agency that has final ones since (the rollback could never take effect; checked under the
    lock). WriteRefused when the data folder refuses the write; nothing is left behind then.
    Where the data folder uses accounts, only the bloc secretariat's `account` rolls back
    (ScopeRefused otherwise); every outcome goes to the audit log.
    """
    catalog = _catalog(root, catalog)
    province, year_text, _ = snapshot_id.split("-", 2)
    year = int(year_text)
    event = _Audit(root, "rollback", account, address, unit_of(catalog, province, year), year)
    event.details = {"to": snapshot_id}
    with event:
        if account is not None or accounts_configured(root):
            if account is None:
                raise ScopeRefused("", "account_needed")
            check_rollback(account, catalog, province, year)
            by = account.display_name
        path = _rollback(root, snapshot_id, by, note, catalog, now, expected_current, account)
        event.details["snapshot"] = f"{province}-{year}-{path.stem}"
        return path


def _rollback(
    root: Path,
    snapshot_id: str,
    by: str,
    note: str,
    catalog: Catalog,
    now: dt.datetime | None,
    expected_current: object,
    account: Account | None,
) -> Path:
    by = by.strip()
    if not by:
        raise ValueError("who rolls back must be named")
    province, year_text, _ = snapshot_id.split("-", 2)
    year = int(year_text)
    source = snapshot_path(root, province, year, snapshot_id)
    old = read_provenance(source)
    values = pq.read_table(source, columns=["period", "indicator_code", "value"]).to_pandas()
    held = agencies_of(catalog, set(values["indicator_code"]))
    statuses = statuses_for(held, dict(statuses_of(old)))
    with _refusals(root), write_lock(root):
        latest = _check_current(root, province, year, expected_current)
        finals = finals_on_disk(root, catalog, province, year)
        problems = rollback_problems(catalog, year, snapshot_id, statuses, finals)
        if problems:
            raise StatusRefused(problems)
        provenance = Provenance(
            source_name=old.get("source_name", ""),
            submitted_at=_after_latest(latest, now),
            submitted_by=by,
            source_sha256=old.get("source_sha256", ""),
            illustrative=old.get("illustrative") == "true",
            note=note,
            statuses=statuses,
            account=account.name if account is not None else "",
        )
        return write_snapshot(root, province, year, values, provenance)
