"""What is wrong with a file, where (file, sheet, row, column) and in words (Vietnamese first).

A `Problem` blocks the import; a `Caution` is shown in the preview and does not. Both keep their
kind and values so a page can show them in either language and a test can check the exact text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from justice_dashboard.catalog import Lang
from justice_dashboard.i18n import t


@dataclass(frozen=True)
class ByLang:
    """A value of a message that has its own words in each language (an indicator's unit)."""

    vi: str
    en: str

    def __str__(self) -> str:
        return self.vi


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
        parts = [t("intake.where.file", lang, file=self.file)]
        if self.sheet:
            parts.append(t("intake.where.sheet", lang, sheet=self.sheet))
        if self.row is not None:
            parts.append(t("intake.where.row", lang, row=self.row))
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
