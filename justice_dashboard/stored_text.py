"""Texts stored in a snapshot's provenance, shown in the reader's language.

A snapshot never changes, so what the app wrote into it (the sample generator's source name and
notes, a rollback's note) stays in Vietnamese there. Those texts are declared once in
`strings/*.yaml`; shown in English, a stored text that is one of them (its placeholders filled in
any way) is written out in English with the same values. Anything else (a sender's name, a source
file's name, a note typed at intake) is a person's own words and is shown as written.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

from justice_dashboard.catalog import Lang
from justice_dashboard.i18n import strings, t

# The keys of the texts the app writes into a snapshot's provenance.
STORED_KEYS: tuple[str, ...] = (
    "sample.source_name",
    "sample.note",
    "sample.note_preliminary",
    "sample.note_merged",
    "sample.note_merged_stp_preliminary",
    "intake.rollback_note",
)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each key's Vietnamese text as a pattern whose named groups are its placeholders."""
    found = []
    for key in STORED_KEYS:
        parts = []
        for literal, field, _spec, _conversion in string.Formatter().parse(strings()[key]["vi"]):
            parts.append(re.escape(literal))
            if field:
                parts.append(f"(?P<{field}>.+?)")
        found.append((key, re.compile("".join(parts) + r"\Z", re.DOTALL)))
    return tuple(found)


def stored_text(text: object, lang: Lang) -> str:
    """'Bộ sinh dữ liệu minh họa (seed 2022)' -> "The dashboard's sample generator (seed 2022)"
    in English; a text the app did not write, or any text in Vietnamese, as it is."""
    shown = "" if text is None or text != text else str(text)  # None or NaN: nothing stored
    if lang == "vi" or not shown:
        return shown
    for key, pattern in _patterns():
        if matched := pattern.match(shown):
            return t(key, lang, **matched.groupdict())
    return shown
