"""What is wrong with a file, where (file, sheet, row, column) and in words (Vietnamese first).

A `Problem` blocks the import; a `Caution` is shown in the preview and does not. Both keep their
kind and values so a page can show them in either language and a test can check the exact text.
Text that came from the file (its name, a sheet's name, a cell) is shown through `safe_text`: a
name without control characters, escapes or bidi overrides, a cell `quoted` with its invisible
characters written out; both cut to a length.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.i18n import LANGS, t
from justice_dashboard.safe_text import plain, visible

QUOTE_LIMIT = 60  # characters of a user's text a message quotes
NAME_LIMIT = 120  # characters of a file or sheet name a message shows


@dataclass(frozen=True)
class ByLang:
    """A value of a message that has its own words in each language (an indicator's unit)."""

    vi: str
    en: str

    def __str__(self) -> str:
        return self.vi


def in_each_language(write: Callable[..., str], *args: object) -> ByLang:
    """A value as a `fmt` function writes it in each language, for a message shown in either:
    `in_each_language(fmt.number, 125996)` is 125.996 in Vietnamese and 125,996 in English."""
    return ByLang(*(write(*args, lang=lang) for lang in LANGS))


def quoted(text: object, *, code: bool = False, limit: int = QUOTE_LIMIT) -> ByLang:
    """User text as a message quotes it: in quotation marks, on one line, its invisible characters
    written out (`VB\\u200b01`; with `code`, every non-ASCII one too, so a Cyrillic "Т" shows as
    `\\u0422`), and cut after `limit` characters with its length said ("“1111…” (1.000.000 ký tự)")."""
    raw = str(text)
    head = raw[: limit + 1]  # escapes only lengthen a text: its start is enough to show
    shown = plain(visible(head, ascii_only=code), limit=10 * len(head) + 10)
    if len(raw) <= limit and len(shown) <= limit:
        return ByLang(*(t("intake.quote.short", lang, text=shown) for lang in LANGS))
    start = shown[: limit - 1]
    return ByLang(
        *(
            t("intake.quote.long", lang, start=start, length=fmt.number(len(raw), 0, lang))
            for lang in LANGS
        )
    )


def _in(values: dict[str, object], lang: Lang) -> dict[str, object]:
    return {k: (getattr(v, lang) if isinstance(v, ByLang) else v) for k, v in values.items()}


@dataclass(frozen=True)
class Problem:
    kind: str
    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    values: dict[str, object] = field(default_factory=dict, compare=False)

    def where(self, lang: Lang = "vi") -> str:
        parts = [t("intake.where.file", lang, file=plain(self.file, NAME_LIMIT))]
        if self.sheet:
            parts.append(t("intake.where.sheet", lang, sheet=plain(self.sheet, NAME_LIMIT)))
        if self.row is not None:
            parts.append(t("intake.where.row", lang, row=fmt.number(self.row, 0, lang)))
        if self.column:
            parts.append(t("intake.where.column", lang, column=self.column))
        return ", ".join(parts)

    def message(self, lang: Lang = "vi") -> str:
        return t(f"intake.problem.{self.kind}", lang, **_in(self.values, lang))

    def text(self, lang: Lang = "vi") -> str:
        return f"{self.where(lang)}: {self.message(lang)}"


@dataclass(frozen=True)
class Caution:
    kind: str
    code: str
    values: dict[str, object] = field(default_factory=dict, compare=False)

    def text(self, lang: Lang = "vi") -> str:
        return t(f"intake.warning.{self.kind}", lang, code=self.code, **_in(self.values, lang))


class InvalidFile(Exception):
    """Raised by the reader when a file cannot be read at all; carries the one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.text())
        self.problem = problem
