"""The sample generator is deterministic, plausible and calibrated to the article's two figures."""

from __future__ import annotations

from pathlib import Path

from justice_dashboard.__main__ import main
from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import BUNDLED_DATA_DIR
from justice_dashboard.sample import generate
from justice_dashboard.snapshots import list_snapshot_files, read_provenance
from justice_dashboard.store import Store

CATALOG = load_catalog()


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in list_snapshot_files(root)}


def test_the_generator_rewrites_the_bundled_sample_byte_for_byte(tmp_path: Path, capsys):
    assert main(["sample", "--out", str(tmp_path)]) == 0
    assert "56 tệp bản số liệu" in capsys.readouterr().out
    regenerated = {k.replace(str(tmp_path), ""): v for k, v in _tree(tmp_path).items()}
    bundled = _tree(BUNDLED_DATA_DIR)
    assert len(bundled) == 56  # 7 provinces x 7 years, plus a preliminary cut for 2024
    assert regenerated == bundled


def test_the_2022_bloc_totals_equal_the_articles_figures(sample_store: Store):
    headline = sample_store.query("bloc_headline", bloc="DNB", year=2022).set_index(
        "indicator_code"
    )
    assert headline.loc["VB01", "value"] == 434
    assert headline.loc["TA01", "value"] == 125996
    assert headline.loc["VB01", "published_value"] == 434
    assert headline.loc["TA01", "published_value"] == 125996


def test_every_part_is_at_most_its_whole_in_every_province_and_year():
    frame = generate(CATALOG).pivot_table(
        index=["province_code", "year"], columns="indicator_code", values="value"
    )
    for part, whole in CATALOG.part_whole_pairs():
        assert (frame[part] <= frame[whole]).all(), f"{part} > {whole}"
        assert (frame[part] >= 0).all()


def test_values_are_whole_numbers_and_move_plausibly_year_to_year():
    frame = generate(CATALOG)
    assert (frame["value"] == frame["value"].round()).all()
    assert (frame["value"] > 0).all()
    wide = frame.pivot_table(
        index=["province_code", "indicator_code"], columns="year", values="value"
    )
    steady = wide[(wide.min(axis=1) >= 100) & (wide.index.get_level_values(1) != "HC04")]
    change = steady.pct_change(axis=1).iloc[:, 1:]
    # Counts of a hundred or more move by less than +80 % / -45 % a year: the largest moves are the
    # 2020 pandemic dip of dissemination sessions and its 2022 rebound.
    assert change.max().max() < 0.8
    assert change.min().min() > -0.45
    online = wide.xs("HC04", level="indicator_code")
    assert (online.diff(axis=1).iloc[:, 1:] > -0.2 * online.iloc[:, 1:]).all().all()


def test_bigger_provinces_get_bigger_counts():
    frame = generate(CATALOG)
    births = frame[(frame["indicator_code"] == "HT01") & (frame["year"] == 2022)]
    by_province = births.set_index("province_code")["value"]
    assert by_province["75"] > by_province["70"] > by_province["58"]  # 3,26 M > 1,03 M > 0,60 M


def test_every_sample_snapshot_says_it_is_illustrative():
    for path in list_snapshot_files(BUNDLED_DATA_DIR):
        provenance = read_provenance(path)
        assert provenance["illustrative"] == "true"
        assert "minh họa" in provenance["note"]
        assert len(provenance["source_sha256"]) == 64


def test_the_sample_covers_2018_to_2024_for_all_seven_provinces():
    frame = generate(CATALOG)
    assert sorted(frame["year"].unique()) == list(range(2018, 2025))
    assert frame.groupby("year")["province_code"].nunique().eq(7).all()
    # every submitted indicator once per province and year (rates are derived from their parts)
    stored = sorted(i.code for i in CATALOG.stored_indicators())
    per_year = frame.groupby(["province_code", "year"])["indicator_code"]
    assert per_year.apply(sorted).map(stored.__eq__).all()
    assert not frame.duplicated(["province_code", "year", "indicator_code"]).any()
