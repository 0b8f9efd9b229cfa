"""The sample generator is deterministic, plausible, calibrated to the article's two figures, and holds
the units that changed: the seven old members, Long An's history, today's five merged provinces."""

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
    assert "74 tệp bản số liệu" in capsys.readouterr().out
    regenerated = {k.replace(str(tmp_path), ""): v for k, v in _tree(tmp_path).items()}
    bundled = _tree(BUNDLED_DATA_DIR)
    # (7 members + Long An) x 7 years and a preliminary cut of 2024 each; 5 merged provinces x 2
    assert len(bundled) == 8 * 7 + 8 + 5 * 2 == 74
    assert regenerated == bundled


def test_the_2022_bloc_totals_equal_the_articles_figures(sample_store: Store):
    headline = sample_store.query(
        "bloc_headline", bloc="DNB", units="reported", year=2022
    ).set_index("indicator_code")
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
    # Year to year within a unit: a code before the merger and after it are two units.
    frame = frame.assign(merged=frame["year"] >= 2025)
    wide = frame.pivot_table(
        index=["province_code", "merged", "indicator_code"], columns="year", values="value"
    )
    steady = wide[(wide.min(axis=1) >= 100) & (wide.index.get_level_values(2) != "HC04")]
    change = steady.pct_change(axis=1).iloc[:, 1:]
    # Counts of a hundred or more move by less than +80 % / -45 % a year: the largest moves are the
    # 2020 pandemic dip of dissemination sessions and its 2022 rebound.
    assert change.max().max() < 0.8
    assert change.min().min() > -0.45
    online = wide.xs("HC04", level="indicator_code")
    drop = online.diff(axis=1).iloc[:, 1:]
    assert (drop.isna() | (drop > -0.2 * online.iloc[:, 1:])).all().all()


def test_bigger_provinces_get_bigger_counts():
    frame = generate(CATALOG)
    births = frame[(frame["indicator_code"] == "HT01") & (frame["year"] == 2022)]
    by_province = births.set_index("province_code")["value"]
    assert by_province["75"] > by_province["70"] > by_province["58"]  # 3,26 M > 1,03 M > 0,60 M
    merged = frame[(frame["indicator_code"] == "HT01") & (frame["year"] == 2025)]
    by_unit = merged.set_index("province_code")["value"]
    assert by_unit["79"] > by_unit["75"] > by_unit["56"]  # 13,8 M > 4,5 M > 1,9 M


def test_every_sample_snapshot_says_it_is_illustrative():
    for path in list_snapshot_files(BUNDLED_DATA_DIR):
        provenance = read_provenance(path)
        assert provenance["illustrative"] == "true"
        assert "minh họa" in provenance["note"]
        assert len(provenance["source_sha256"]) == 64


def test_the_sample_covers_the_old_members_long_an_and_todays_merged_provinces():
    frame = generate(CATALOG)
    assert sorted(frame["year"].unique()) == list(range(2018, 2027))
    codes = frame.groupby("year")["province_code"].apply(lambda c: sorted(set(c)))
    for year in range(2018, 2025):  # the seven members and Long An (80, a predecessor)
        assert codes[year] == sorted(["70", "72", "74", "75", "77", "58", "60", "80"]), year
    for year in (2025, 2026):  # Đồng Nai, TP. Hồ Chí Minh, Tây Ninh (80), Khánh Hòa, Lâm Đồng
        assert codes[year] == sorted(["75", "79", "80", "56", "68"]), year
    # every submitted indicator once per province and year (rates are derived from their parts)
    stored = sorted(i.code for i in CATALOG.stored_indicators())
    per_year = frame.groupby(["province_code", "year"])["indicator_code"]
    assert per_year.apply(sorted).map(stored.__eq__).all()
    assert not frame.duplicated(["province_code", "year", "indicator_code"]).any()


def _current(store: Store, unit: str, year: int, code: str) -> dict:
    rows = store.query(
        "province_values", bloc="DNB", units="current", indicator=code, year=year
    ).set_index("unit_id")
    return rows.loc[unit].to_dict()


def test_on_todays_units_2022_sums_the_predecessors_and_says_which_are_missing(sample_store):
    old = sample_store.query(
        "province_values", bloc="DNB", units="reported", indicator="TA01", year=2022
    ).set_index("unit_id")["value"]
    dong_nai = _current(sample_store, "dong-nai", 2022, "TA01")
    assert dong_nai["value"] == old["binh-phuoc"] + old["dong-nai-cu"]
    assert (dong_nai["expected"], dong_nai["reporting"]) == (2, 2)
    city = _current(sample_store, "tp-ho-chi-minh", 2022, "TA01")
    assert city["value"] == old["binh-duong"] + old["ba-ria-vung-tau"]
    assert (city["expected"], city["reporting"], city["missing_vi"]) == (
        3,
        2,
        "TP. Hồ Chí Minh (cũ)",
    )
    tay_ninh = _current(sample_store, "tay-ninh", 2022, "TA01")  # Tây Ninh (cũ) and Long An
    assert (tay_ninh["expected"], tay_ninh["reporting"]) == (2, 2)
    assert tay_ninh["value"] > old["tay-ninh-cu"]


def test_2026_stp_figures_are_preliminary_to_31_october_and_tha_figures_final(sample_store):
    stp = _current(sample_store, "dong-nai", 2026, "VB01")
    tha = _current(sample_store, "dong-nai", 2026, "TA01")
    assert stp["preliminary"] and str(stp["cut_date"])[:10] == "2026-10-31"
    assert not tha["preliminary"]
    assert sample_store.query("available_years")["year"].max() == 2026


def test_a_merged_provinces_2025_figure_continues_its_predecessors_2024(sample_store):
    for unit in ("dong-nai", "tay-ninh"):  # complete histories
        for code in ("TA01", "HT01", "LL01"):
            before = _current(sample_store, unit, 2024, code)["value"]
            after = _current(sample_store, unit, 2025, code)["value"]
            assert 0.8 < after / before < 1.3, (unit, code, before, after)
