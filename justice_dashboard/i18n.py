"""One catalog of user-facing strings, Vietnamese first and English second.

The strings live in `strings/*.yaml` (one file per area of the app, merged into one catalog; a key may
be declared only once). `t("key", lang, **values)` returns the text with `{placeholders}` filled.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from justice_dashboard.catalog import Lang

STRINGS_DIR = Path(__file__).parent / "strings"
LANGS: tuple[Lang, ...] = ("vi", "en")


class DuplicateStringKey(ValueError):
    pass


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(STRINGS_DIR.glob("*.yaml")):
        for key, texts in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if key in merged:
                raise DuplicateStringKey(f"{key} is declared twice (again in {path.name})")
            merged[key] = texts
    return merged


def t(key: str, lang: Lang = "vi", /, **values: object) -> str:
    text = strings()[key][lang]
    return text.format(**values) if values else text
