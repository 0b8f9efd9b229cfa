"""ASCII file names that say what a chart shows: indicator, year or range, provinces.

`TA04_2022_7-tinh.png` is TA04 in 2022 for the seven provinces; `TA04_2018-2024_70-75.png` is a
range for two provinces. Names never carry diacritics or spaces, so they survive every mail client,
USB stick and slide tool.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9._-]+")
# An en or em dash (a range written "2019–2022", a title "THA – Đồng Nai") is a hyphen in a name.
_DASH = re.compile(r"\s*[\u2013\u2014\u2212]\s*")


def ascii_slug(text: str) -> str:
    """'Xếp hạng nhóm THA' -> 'Xep-hang-nhom-THA' (đ/Đ become d/D, other marks are dropped);
    'TA04_2019–2022' -> 'TA04_2019-2022' (a dash between years stays a hyphen)."""
    text = _DASH.sub("-", text.replace("đ", "d").replace("Đ", "D"))
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALLOWED.sub("-", plain).strip("-._") or "bieu-do"


def years_part(first: int, last: int | None = None) -> str:
    return str(first) if last is None or last == first else f"{first}-{last}"


def provinces_part(codes: Sequence[str], all_count: int | None = None) -> str:
    """Every member -> '7-tinh'; a subset -> the codes joined: '70-72-74'."""
    if all_count is not None and len(codes) == all_count:
        return f"{all_count}-tinh"
    return "-".join(codes) if codes else "0-tinh"


def chart_stem(
    what: str,
    first_year: int,
    last_year: int | None = None,
    provinces: Sequence[str] = (),
    all_count: int | None = None,
) -> str:
    """The file name without extension: `TA04_2022_7-tinh`."""
    parts = [ascii_slug(what), years_part(first_year, last_year)]
    parts.append(provinces_part(provinces, all_count))
    return "_".join(parts)


def unique_names(stems: Sequence[str], extension: str) -> list[str]:
    """File names for a bundle: a repeated stem gets '-2', '-3' … so nothing is overwritten."""
    seen: dict[str, int] = {}
    names = []
    for stem in stems:
        seen[stem] = seen.get(stem, 0) + 1
        suffix = "" if seen[stem] == 1 else f"-{seen[stem]}"
        names.append(f"{stem}{suffix}.{extension}")
    return names
