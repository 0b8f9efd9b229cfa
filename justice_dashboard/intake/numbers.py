"""Numbers as staff really type them: "125.996", "125996", "83,25", "83,25%", "83,25 %", " 1 250 ".

Vietnamese writing first (thousands ".", decimals ","); an English spelling is accepted only where it
cannot be read the Vietnamese way ("1,234,567", "83.25"). Anything else is not a number.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_MINUS = ("-", "−", "–")
_VI_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_VI_DECIMAL = re.compile(r"\d+(?:,\d+)?")
_EN_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?|\d{1,3}(?:,\d{3})+\.\d+")
_EN_DECIMAL = re.compile(r"\d+\.\d+")


@dataclass(frozen=True)
class Number:
    """A parsed number; `percent` when it was written with a % sign or formatted as a percentage."""

    value: float
    percent: bool = False


def parse_number(raw: object, number_format: str = "") -> Number | None:
    """The number a cell holds, or None when it holds no number (text, a date, a boolean)."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int | float):
        value = float(raw)
        if not math.isfinite(value):
            return None
        if "%" in number_format:
            return Number(value * 100, percent=True)
        return Number(value)
    if not isinstance(raw, str):
        return None
    text = _SPACES.sub("", raw)
    percent = text.endswith("%")
    text = text.removesuffix("%")
    sign = 1.0
    if text.startswith("(") and text.endswith(")"):
        sign, text = -1.0, text[1:-1]
    elif text.startswith(_MINUS):
        sign, text = -1.0, text[1:]
    elif text.startswith("+"):
        text = text[1:]
    value = _digits(text)
    if value is None:
        return None
    return Number(sign * value, percent=percent)


def _digits(text: str) -> float | None:
    if _VI_THOUSANDS.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if _VI_DECIMAL.fullmatch(text):
        return float(text.replace(",", "."))
    if _EN_THOUSANDS.fullmatch(text):
        return float(text.replace(",", ""))
    if _EN_DECIMAL.fullmatch(text):
        return float(text)
    return None
