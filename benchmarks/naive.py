"""The naive way, for comparison: pandas reads the snapshot Parquet files of the years asked for on
every call, keeps the latest snapshot of each province and year, and filters, as reported (each
year's units). No database, no cache; rates derived from their parts the same way (ratio of sums
for the bloc)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from justice_dashboard.catalog import load_catalog
from justice_dashboard.config import reference_dir, snapshots_dir


class NaiveReader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.catalog = load_catalog(reference_dir(root))

    def bloc_members(self, bloc: str, year: int) -> list[str]:
        return [u.code for u in self.catalog.bloc_units(bloc, year)]

    def _current(self, first_year: int, last_year: int) -> pd.DataFrame:
        files = [
            path
            for path in sorted(snapshots_dir(self.root).glob("*/*/*.parquet"))
            if first_year <= int(path.parent.name) <= last_year and not path.name.startswith(".")
        ]
        frames = []
        for path in files:
            frame = pd.read_parquet(path)
            frame["stamp"] = path.name
            frames.append(frame)
        values = pd.concat(frames, ignore_index=True)
        latest = values.groupby(["province_code", "year"])["stamp"].transform("max")
        return values[values["stamp"] == latest]

    def _indicator(self, values: pd.DataFrame, code: str) -> pd.DataFrame:
        indicator = self.catalog.indicator(code)
        year_rows = values[values["period"] == 0]
        if not indicator.is_rate:
            return year_rows[year_rows["indicator_code"] == code][
                ["province_code", "year", "value"]
            ]
        keys = ["province_code", "year"]
        num = year_rows[year_rows["indicator_code"] == indicator.numerator][[*keys, "value"]]
        den = year_rows[year_rows["indicator_code"] == indicator.denominator][[*keys, "value"]]
        both = num.merge(den, on=keys, suffixes=("_n", "_d"))
        both["value"] = both["value_n"] / both["value_d"].where(both["value_d"] != 0)
        return both

    def province_values(self, members: list[str], code: str, year: int) -> pd.DataFrame:
        values = self._indicator(self._current(year, year), code)
        return values[values["province_code"].isin(members)]

    def province_trend(
        self, members: list[str], code: str, first_year: int, last_year: int
    ) -> pd.DataFrame:
        values = self._indicator(self._current(first_year, last_year), code)
        return values[values["province_code"].isin(members)]

    def bloc_headline(self, bloc: str, year: int) -> pd.DataFrame:
        """The overview's cards: each headline indicator's bloc total that year and the year
        before (the card shows the change), over each year's members; a rate as ratio of sums."""
        current = self._current(year - 1, year)
        rows = []
        for indicator in self.catalog.headline_indicators():
            row: dict[str, object] = {"indicator_code": indicator.code}
            for column, y in (("value", year), ("previous_value", year - 1)):
                members = self.bloc_members(bloc, y)
                that_year = current[(current["year"] == y) & current["province_code"].isin(members)]
                parts = self._indicator(that_year, indicator.code)
                if indicator.is_rate:
                    row[column] = parts["value_n"].sum() / parts["value_d"].sum()
                else:
                    row[column] = parts["value"].sum()
            rows.append(row)
        return pd.DataFrame(rows)
