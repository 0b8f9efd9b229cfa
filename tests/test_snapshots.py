"""Snapshots are immutable files that carry their provenance."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow.parquet as pq
import pytest

from justice_dashboard.snapshots import (
    Provenance,
    list_snapshot_files,
    read_provenance,
    write_snapshot,
)

UTC = dt.UTC


def _provenance(moment: dt.datetime) -> Provenance:
    return Provenance(
        source_name="Bieu_TP_2022.xlsx",
        submitted_at=moment,
        submitted_by="Nguyễn Văn A",
        source_sha256="ab" * 32,
        illustrative=False,
    )


def test_a_snapshot_file_carries_its_provenance_and_values(tmp_path):
    values = pd.DataFrame({"indicator_code": ["VB01", "TA01"], "value": [60.0, 18000.0]})
    path = write_snapshot(
        tmp_path, "72", 2022, values, _provenance(dt.datetime(2023, 1, 2, tzinfo=UTC))
    )
    assert (
        path.relative_to(tmp_path).as_posix()
        == "snapshots/72/2022/20230102T000000000000Z-abababab.parquet"
    )
    provenance = read_provenance(path)
    assert provenance["submitted_by"] == "Nguyễn Văn A"
    assert provenance["submitted_at"] == "2023-01-02T00:00:00.000000Z"
    assert provenance["illustrative"] == "false"
    rows = pq.read_table(path).to_pylist()
    assert rows == [
        {
            "province_code": "72",
            "year": 2022,
            "period": 0,
            "indicator_code": "TA01",
            "value": 18000.0,
        },
        {"province_code": "72", "year": 2022, "period": 0, "indicator_code": "VB01", "value": 60.0},
    ]


def test_an_existing_snapshot_is_never_overwritten(tmp_path):
    values = pd.DataFrame({"indicator_code": ["VB01"], "value": [60.0]})
    moment = dt.datetime(2023, 1, 2, tzinfo=UTC)
    path = write_snapshot(tmp_path, "72", 2022, values, _provenance(moment))
    before = path.read_bytes()
    with pytest.raises(FileExistsError):
        write_snapshot(tmp_path, "72", 2022, values.assign(value=[1.0]), _provenance(moment))
    assert path.read_bytes() == before
    assert list_snapshot_files(tmp_path) == [path]
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".tmp-")]


def test_a_time_without_a_zone_is_refused(tmp_path):
    values = pd.DataFrame({"indicator_code": ["VB01"], "value": [60.0]})
    with pytest.raises(ValueError, match="time zone"):
        write_snapshot(tmp_path, "72", 2022, values, _provenance(dt.datetime(2023, 1, 2)))


def test_a_snapshot_is_readable_by_other_users_of_the_machine(tmp_path):
    values = pd.DataFrame({"indicator_code": ["VB01"], "value": [60.0]})
    path = write_snapshot(
        tmp_path, "72", 2022, values, _provenance(dt.datetime(2023, 1, 2, tzinfo=UTC))
    )
    assert path.stat().st_mode & 0o777 == 0o644


def test_users_arriving_while_the_files_are_walked_keep_the_last_version(tmp_path, monkeypatch):
    """Twenty reruns at once when the data version is due again: one walks the snapshot files,
    the others answer at once with the version they had, and everyone sees the new one next."""
    import threading

    from justice_dashboard import snapshots

    values = pd.DataFrame({"indicator_code": ["VB01"], "value": [60.0]})
    write_snapshot(tmp_path, "70", 2022, values, _provenance(dt.datetime(2023, 1, 2, tzinfo=UTC)))
    first = snapshots.data_version(tmp_path)
    walking, release, walks = threading.Event(), threading.Event(), []

    def slow_fingerprint(root):
        walks.append(root)
        walking.set()
        release.wait(timeout=1)  # the old code walked for every caller: it fails in ~20 s
        return "walked"

    monkeypatch.setattr(snapshots, "_fingerprint", slow_fingerprint)
    monkeypatch.setattr(snapshots, "VERSION_TTL_S", 0.0)  # due again at once
    walker = threading.Thread(target=snapshots.data_version, args=(tmp_path,))
    walker.start()
    assert walking.wait(timeout=30)
    others = [snapshots.data_version(tmp_path) for _ in range(19)]
    release.set()
    walker.join(timeout=30)
    assert others == [first] * 19  # nobody waited for the walk, nobody walked again
    assert len(walks) == 1
    monkeypatch.setattr(snapshots, "VERSION_TTL_S", 60.0)
    assert snapshots.data_version(tmp_path) == "walked"


def test_users_waiting_for_the_version_after_a_write_get_it_from_one_walk(tmp_path, monkeypatch):
    """After a commit nobody may keep the old version, so everyone waits for the walk; the files
    are still walked once, not once per waiting rerun."""
    import threading

    from justice_dashboard import snapshots

    walking, release, walks, answers = threading.Event(), threading.Event(), [], []

    def slow_fingerprint(root):
        walks.append(root)
        walking.set()
        release.wait(timeout=30)
        return "after the write"

    monkeypatch.setattr(snapshots, "_fingerprint", slow_fingerprint)
    snapshots.forget_data_versions()  # what write_snapshot does
    first = threading.Thread(target=lambda: answers.append(snapshots.data_version(tmp_path)))
    first.start()
    assert walking.wait(timeout=30)
    arrived = [threading.Event() for _ in range(5)]

    def waiting_rerun(event: threading.Event) -> None:
        event.set()
        answers.append(snapshots.data_version(tmp_path))

    others = [threading.Thread(target=waiting_rerun, args=(e,)) for e in arrived]
    for thread in others:
        thread.start()
    assert all(e.wait(timeout=30) for e in arrived)
    release.set()
    for thread in [first, *others]:
        thread.join(timeout=30)
    assert answers == ["after the write"] * 6
    assert len(walks) == 1
