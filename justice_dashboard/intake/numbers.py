"""Numbers as staff really type them: "125.996", "125996", "83,25", "83,25%", "83,25 %", " 1 250 ".

Vietnamese writing first (thousands ".", decimals ","); an English spelling is accepted only where it
cannot be read the Vietnamese way ("1,234,567", "83.25"). Anything else is not a number, and a few
things that look like one are refused with their own reason:

- only the ASCII digits 0–9 are digits: "1२3" (a Devanagari 2), "１２３" (full-width), "10²" are
  refused, never read (`str.isdigit`, `int` and `float` accept digits of every script);
- a number written with an exponent in a text cell ("1e5", "1,23E+11") is refused: Excel writes
  large numbers that way in a CSV after rounding them to six digits, so it cannot be trusted; a
  number cell of a workbook holds its exact value whatever its display, and is read;
- a value beyond 2^53 (9.007.199.254.740.992) is refused: a float64 no longer holds every whole
  number above it, so the figure stored would not be the figure typed;
- minus zero is read as zero.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

MAX_EXACT = 2**53  # the largest whole number below which a float64 holds every whole number
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_MINUS = ("-", "−", "–")
_VI_THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_VI_DECIMAL = re.compile(r"[0-9]+(?:,[0-9]+)?")
_EN_THOUSANDS = re.compile(
    r"[0-9]{1,3}(?:,[0-9]{3}){2,}(?:\.[0-9]+)?|[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+"
)
_EN_DECIMAL = re.compile(r"[0-9]+\.[0-9]+")
_EXPONENT = re.compile(r"[0-9][0-9.,]*[eE][+-]?[0-9]+")
_ASCII_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class Number:
    """A parsed number; `percent` when it was written with a % sign or formatted as a percentage."""

    value: float
    percent: bool = False


@dataclass(frozen=True)
class NotANumber:
    """Why a cell is not read as a number: `kind` is a problem kind (`not_a_number`,
    `foreign_digit`, `exponent`, `too_big`) and `values` what its message shows besides the cell."""

    kind: str
    values: dict[str, object] = field(default_factory=dict)


def read_number(raw: object, number_format: str = "") -> Number | NotANumber:
    """The number a cell holds, or why it holds none (text, a date, a boolean, a refused form)."""
    if isinstance(raw, bool) or raw is None:
        return NotANumber("not_a_number")
    if isinstance(raw, int):
        if abs(raw) > MAX_EXACT:  # before float(), which overflows from 10³⁰⁸ on
            return NotANumber("too_big")
        return _number(float(raw), number_format)
    if isinstance(raw, float):
        if not math.isfinite(raw):
            return NotANumber("not_a_number")
        if abs(raw) > MAX_EXACT:
            return NotANumber("too_big")
        return _number(raw, number_format)
    if not isinstance(raw, str):
        return NotANumber("not_a_number")
    foreign = next((c for c in raw if _is_foreign_digit(c)), None)
    if foreign is not None:
        return NotANumber("foreign_digit", {"char": foreign, "codepoint": f"U+{ord(foreign):04X}"})
    text = _SPACES.sub("", raw)
    percent = text.endswith("%")
    text = text.removesuffix("%")
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    elif text.startswith(_MINUS):
        negative, text = True, text[1:]
    elif text.startswith("+"):
        text = text[1:]
    if _EXPONENT.fullmatch(text):
        return NotANumber("exponent")
    plain = _plain_digits(text)  # "125996.5": ASCII digits and at most one "."
    if plain is None:
        return NotANumber("not_a_number")
    whole = plain.partition(".")[0].lstrip("0")
    if len(whole) > len(str(MAX_EXACT)) or Decimal(plain) > MAX_EXACT:
        return NotANumber("too_big")
    value = float(plain)
    return Number(-value if negative and value else value, percent=percent)


def parse_number(raw: object, number_format: str = "") -> Number | None:
    """The number a cell holds, or None when it holds none (see `read_number` for why)."""
    number = read_number(raw, number_format)
    return number if isinstance(number, Number) else None


def _number(value: float, number_format: str) -> Number:
    value = value or 0.0  # -0.0 is stored and shown as 0
    if "%" in number_format:
        return Number(value * 100, percent=True)
    return Number(value)


def _is_foreign_digit(char: str) -> bool:
    """A digit or number sign of another script or form (Nd, No, Nl): ٣, ३, ３, ², ½, Ⅻ."""
    return char not in _ASCII_DIGITS and unicodedata.category(char) in {"Nd", "No", "Nl"}


def _plain_digits(text: str) -> str | None:
    """The number in the form Python reads exactly ("125996.5"), or None when it is not one."""
    if _VI_THOUSANDS.fullmatch(text):
        return text.replace(".", "").replace(",", ".")
    if _VI_DECIMAL.fullmatch(text):
        return text.replace(",", ".")
    if _EN_THOUSANDS.fullmatch(text):
        return text.replace(",", "")
    if _EN_DECIMAL.fullmatch(text):
        return text
    return None
