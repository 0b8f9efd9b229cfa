"""Numbers, percentages, money and dates written for the reader's language: Vietnamese
(125.996; 83,25%; 02/12/2022) or English (125,996; 83.25%; 2 Dec 2022).

All formatting goes through Babel's locale data (`vi_VN` for Vietnamese, `en` for English), so
separators are never assembled by hand. Every table, chart and caption formats through these
functions with the view's language, and a chart takes its separators from `plotly_separators`, so
what a reader sees is written one way in both.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math

import pandas as pd
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, format_percent

from justice_dashboard.catalog import Indicator, Lang
from justice_dashboard.i18n import LANGS, t

# Babel's locale of each language: its digits, separators, percent sign and month names.
LOCALES: dict[str, str] = {"vi": "vi_VN", "en": "en"}
# Plotly's `layout.separators`: the decimal mark, then the thousands separator, of each language.
SEPARATORS: dict[str, str] = {"vi": ",.", "en": ".,"}
# Dates: dd/mm/yyyy in Vietnamese; day, month abbreviated, year in English (2 Dec 2022), so an
# English reader never has to guess which of 02/12 is the month.
DATE_PATTERNS: dict[str, str] = {"vi": "dd/MM/yyyy", "en": "d MMM y"}
# "không có số liệu" / "no data": the words live in strings/common.yaml like every other text.
MISSING: dict[str, str] = {lang: t("fmt.missing", lang) for lang in LANGS}


def is_missing(value: object) -> bool:
    """None, NaN, NaT or pandas' NA: a figure that is not there (shown as "không có số liệu")."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # not a scalar
        return False


def plotly_separators(lang: Lang) -> str:
    """A chart's `layout.separators` in the reader's language: ',.' Vietnamese, '.,' English."""
    return SEPARATORS[lang]


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _unsigned_zero(value: float, decimals: int) -> float:
    """0 for a value that rounds to zero at `decimals` (-0.0, -0.0001), so no "-0" is ever shown."""
    if math.isfinite(value) and abs(value) < 0.5 * 10.0**-decimals:
        return 0.0
    return value


def _exact_enough(decimals: int) -> decimal.Context:
    """A decimal context with the digits of any finite float (up to 1,8 × 10³⁰⁸) and its decimals:
    Babel rounds in the current context, whose default 28 digits fail from 10²⁸ on."""
    return decimal.Context(prec=max(decimal.getcontext().prec, 330 + decimals))


def number(value: float | None, decimals: int = 0, lang: Lang = "vi") -> str:
    """125996 -> '125.996' ('125,996' in English); -0.75 with 2 decimals -> '-0,75' ('-0.75');
    any finite float, however large."""
    if is_missing(value):
        return MISSING[lang]
    assert value is not None
    with decimal.localcontext(_exact_enough(decimals)):
        shown = _unsigned_zero(value, decimals)
        return format_decimal(shown, format=_pattern(decimals), locale=LOCALES[lang])


def percent(fraction: float | None, decimals: int = 2, lang: Lang = "vi") -> str:
    """0.8325 -> '83,25%' ('83.25%' in English). Rates are stored as fractions."""
    if is_missing(fraction):
        return MISSING[lang]
    assert fraction is not None
    with decimal.localcontext(_exact_enough(decimals + 2)):
        shown = _unsigned_zero(fraction, decimals + 2)
        return format_percent(shown, format=_pattern(decimals) + "%", locale=LOCALES[lang])


def signed_number(value: float, decimals: int = 0, lang: Lang = "vi") -> str:
    """A change: '+1.234' or '-56'."""
    text = number(abs(value), decimals, lang)
    return ("+" if value > 0 else "-" if value < 0 else "±") + text


def signed_percent(fraction: float, decimals: int = 1, lang: Lang = "vi") -> str:
    """A relative change: '+12,3%'."""
    text = percent(abs(fraction), decimals, lang)
    return ("+" if fraction > 0 else "-" if fraction < 0 else "±") + text


def percentage_points(delta_fraction: float, decimals: int = 2, lang: Lang = "vi") -> str:
    """A change of a rate: '+1,25 điểm %'."""
    text = signed_number(delta_fraction * 100, decimals, lang)
    return f"{text} {t('fmt.points', lang)}"


def figure(value: float | None, *, rate: bool, decimals: int, lang: Lang = "vi") -> str:
    """A stored figure as read: a rate (a fraction) as percent, a count or amount as a number,
    each with its indicator's decimals: 0.8325 -> '83,25%', 125996 -> '125.996'."""
    return percent(value, decimals, lang) if rate else number(value, decimals, lang)


def indicator_value(indicator: Indicator, value: float | None, lang: Lang = "vi") -> str:
    """A value in its indicator's own form: rates as percent, counts and money as numbers."""
    return figure(value, rate=indicator.is_rate, decimals=indicator.decimals, lang=lang)


def indicator_change(
    indicator: Indicator, current: float | None, previous: float | None, lang: Lang = "vi"
) -> str | None:
    """Change against the previous value: points for a rate, percent for a count or amount."""
    if is_missing(current) or is_missing(previous):
        return None
    assert current is not None and previous is not None
    if indicator.is_rate:
        return percentage_points(current - previous, 2, lang)
    if previous == 0:
        return signed_number(current - previous, indicator.decimals, lang)
    return signed_percent((current - previous) / previous, 1, lang)


def money_billion(million_dong: float | None, lang: Lang = "vi") -> str:
    """An amount in 'triệu đồng' shown in 'tỷ đồng': 1234567 -> '1.234,6 tỷ đồng'
    ('1,234.6 billion VND' in English)."""
    if is_missing(million_dong):
        return MISSING[lang]
    assert million_dong is not None
    return f"{number(million_dong / 1000, 1, lang)} {t('fmt.billion_dong', lang)}"


def date(value: dt.date | dt.datetime, lang: Lang = "vi") -> str:
    """'02/12/2022' in Vietnamese, '2 Dec 2022' in English."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return _babel_date(value, DATE_PATTERNS[lang], locale=LOCALES[lang])


def formal_date(value: dt.date, lang: Lang = "vi") -> str:
    """'ngày 02 tháng 12 năm 2022' for formal text."""
    if lang == "vi":
        day, month = f"{value.day:02d}", f"{value.month:02d}"
    else:
        day, month = str(value.day), _babel_date(value, "MMMM", locale=LOCALES[lang])
    return t("fmt.formal_date", lang, day=day, month=month, year=value.year)
