"""Check an uploaded file against the catalog and the chosen province and year, all problems at once.

`check_file` never writes anything. It returns a `Checked`: the problems (any one blocks the import)
and, when there are none, the `Submission` (the stored indicators' values and where each was read).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from justice_dashboard import fmt
from justice_dashboard.catalog import Catalog, Indicator, Lang, Unit
from justice_dashboard.i18n import LANGS
from justice_dashboard.intake.numbers import MAX_EXACT, NotANumber, read_number
from justice_dashboard.intake.problems import ByLang, InvalidFile, Problem, in_each_language, quoted
from justice_dashboard.intake.reader import Cell, Entry, Limits, Located, normalise, read_file
from justice_dashboard.intake.status import agencies_by_lang, agencies_of, agency_label

# What may stand before a province's name: the agency's own name, then the kind of unit
# ("Sở Tư pháp tỉnh Bình Phước", "Cục Thi hành án dân sự tỉnh Đồng Nai", "TP. Hồ Chí Minh").
_AGENCY_PREFIXES = ("sở tư pháp ", "cục thi hành án dân sự ", "thi hành án dân sự ")
_UNIT_PREFIXES = ("tỉnh ", "thành phố ", "tp. ", "tp.", "tp ")


@dataclass(frozen=True)
class Submission:
    """A valid file: one province and year, and one agency's or both agencies' figures: every
    stored indicator of each agency it holds (rates are derived)."""

    filename: str
    sha256: str
    content: bytes = field(repr=False)
    province_code: str
    year: int
    values: dict[str, float]
    given_rates: dict[str, float]  # rates the file also gave, in percent (checked, not stored)
    rows: dict[str, int]  # where each indicator was read (row number)
    agencies: tuple[str, ...]  # the agencies it holds (STP, THA), in the catalog's order


@dataclass(frozen=True)
class Checked:
    problems: tuple[Problem, ...]
    submission: Submission | None

    @property
    def ok(self) -> bool:
        return not self.problems and self.submission is not None


def first_year_of_data(catalog: Catalog) -> int:
    """The first year any province is a member of a bloc: no figures are taken before it."""
    return min(m.first_year for m in catalog.members)


def check_file(
    content: bytes,
    filename: str,
    catalog: Catalog,
    *,
    province: str | None = None,
    year: int | None = None,
    limits: Limits | None = None,
    today: dt.date | None = None,
) -> Checked:
    """Read and validate `content`; `province`/`year` are the ones chosen (None: take the file's)."""
    limits = limits or Limits.from_env()
    today = today or dt.date.today()
    codes = {i.code for i in catalog.indicators}
    try:
        read = read_file(content, filename, limits, codes)
    except InvalidFile as invalid:
        return Checked((invalid.problem,), None)
    problems: list[Problem] = []

    def problem(kind: str, at: Located | Entry | None = None, column: str | None = None, **values):
        sheet = at.sheet if at is not None else None
        row = at.row if at is not None else None
        if column is None and isinstance(at, Located):
            column = at.column
        problems.append(Problem(kind, filename, sheet, row, column, values))

    the_year = _check_year(catalog, read.year, year, today, problem)
    province_code = _check_province(catalog, read.province, province, the_year, problem)
    if province_code is not None and the_year is not None:
        province_code = check_unit(catalog, province_code, the_year, read.province, problem)
    if province_code is not None and the_year is not None and read.province is not None:
        # "Long An" for 2025: its code now names the merged Tây Ninh, but the file is Long An's.
        ended = ended_unit_named(catalog, read.province.text, the_year)
        if ended is not None and _merged(catalog, ended, the_year, read.province, problem):
            province_code = None
    problems.extend(read.problems)
    values, given_rates, rows = _check_entries(catalog, read.entries, problem)
    held = agencies_of(catalog, {*rows, *read.flagged})
    _check_missing(catalog, held, values, read, the_year or today.year, problem)
    if province_code is None or the_year is None or problems:
        return Checked(tuple(problems), None)
    submission = Submission(
        filename=filename,
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        province_code=province_code,
        year=the_year,
        values=values,
        given_rates=given_rates,
        rows=rows,
        agencies=held,
    )
    return Checked((), submission)


def province_of(catalog: Catalog, text: str, year: int | None = None) -> str | None:
    """The province a file names, or None: its code ("70") or its exact name in Vietnamese or
    English, whatever the case, Unicode form, spacing or dashes ("bình phước", "Bà Rịa-Vũng Tàu",
    "Binh Phuoc"), optionally after "Tỉnh", "Thành phố" or "TP." and, before that, the agency's name
    ("Sở Tư pháp tỉnh Bình Phước"). A phrase that merely contains a name ("Không phải Bình Phước mà
    là Tây Ninh") names none. A name that two units carried (Tây Ninh to 2024, code 72, and the
    merged Tây Ninh from 2025, code 80) is the unit of `year` when one is given. This is the one
    place a province is recognised from text."""
    plain = unicodedata.normalize("NFC", text).strip()
    if catalog.has_code(plain):
        return plain
    said = _province_key(plain)
    named = [
        u for u in catalog.units if said in {_province_key(u.name_vi), _province_key(u.name_en)}
    ]
    if year is not None and any(u.valid_in(year) for u in named):
        named = [u for u in named if u.valid_in(year)]
    if not named:
        return None
    return max(named, key=lambda u: (u.last_year is None, u.last_year or 0)).code


def code_label(catalog: Catalog, code: str, lang: Lang = "vi") -> str:
    """A code as a choice of where figures go: the code and every name it carried, the latest
    first ("80 · Tây Ninh / Long An": Long An to 2024, the merged Tây Ninh from 2025), so a
    predecessor outside the bloc can be found for its own years."""
    units = sorted(
        catalog.units_with_code(code), key=lambda u: (u.last_year is None, u.last_year or 0)
    )
    names = dict.fromkeys(u.name(lang) for u in reversed(units))
    return f"{code} · {' / '.join(names)}"


def _province_key(name: str) -> str:
    """A name without the agency and the kind of unit before it, for comparison."""
    key = normalise(name)
    for prefixes in (_AGENCY_PREFIXES, _UNIT_PREFIXES):
        prefix = next((p for p in prefixes if key.startswith(p)), "")
        key = key.removeprefix(prefix).strip()
    return key


def _known_provinces(catalog: Catalog, year: int | None = None) -> str:
    units = [u for u in catalog.units if year is None or u.valid_in(year)]
    return ", ".join(f"{u.code} ({u.name_vi})" for u in units)


def _check_province(
    catalog, found: Located | None, chosen: str | None, year: int | None, problem
) -> str | None:
    chosen_code = None
    if chosen is not None:
        if catalog.has_code(chosen):
            chosen_code = chosen
        else:
            problem("unknown_province", text=quoted(chosen), known=_known_provinces(catalog, year))
            return None
    found_code = None
    if found is not None:
        found_code = province_of(catalog, found.text, year)
        if found_code is None:
            known = _known_provinces(catalog, year)
            problem("unknown_province", found, text=quoted(found.text), known=known)
            return None
    if chosen_code and found_code and chosen_code != found_code:
        problem(
            "province_mismatch",
            found,
            found=_province_label(catalog, found_code, year),
            chosen=_province_label(catalog, chosen_code, year),
        )
        return None
    if chosen_code is None and found_code is None:
        problem("province_missing")
    return chosen_code or found_code


def _province_label(catalog: Catalog, code: str, year: int | None = None) -> str:
    name = (
        catalog.name_for(code, year, "vi") if year else catalog.latest_unit_with_code(code).name_vi
    )
    return f"{code} ({name})"


def check_unit(
    catalog: Catalog, code: str, year: int, found: Located | None, problem
) -> str | None:
    """The code names a unit that existed in `year`; a province merged before that year is refused
    with its successor named ("Bình Phước đã hợp nhất vào Đồng Nai từ 01/07/2025 …")."""
    if catalog.unit_for(code, year) is not None:
        return code
    ended = [
        u for u in catalog.units_with_code(code) if u.last_year is not None and u.last_year < year
    ]
    for unit in sorted(ended, key=lambda u: u.last_year or 0, reverse=True):
        if _merged(catalog, unit, year, found, problem):
            return None
    first = min((u.first_year for u in catalog.units_with_code(code) if u.first_year), default=year)
    problem(
        "no_unit_yet",
        found,
        code=code,
        name=catalog.name_for(code, year, "vi"),
        year=year,
        first=first,
    )
    return None


def _merged(catalog: Catalog, unit: Unit, year: int, found: Located | None, problem) -> bool:
    """Say that `unit` was merged into its successor before `year`, if it was."""
    succession = catalog.succession_of(unit.unit_id)
    if succession is None:
        return False
    successor = catalog.unit(succession.successor_id)
    problem(
        "merged",
        found,
        name=ByLang(unit.name_vi, unit.name_en),
        code=unit.code,
        successor=ByLang(successor.name_vi, successor.name_en),
        successor_code=successor.code,
        date=in_each_language(fmt.date, succession.effective),
        year=year,
    )
    return True


def ended_unit_named(catalog: Catalog, text: str, year: int) -> Unit | None:
    """The unit a file names by its name when no unit of that name existed in `year` (it had
    ended: "Long An" for 2025), else None. A code names whatever unit it names that year."""
    plain = unicodedata.normalize("NFC", text).strip()
    if catalog.has_code(plain):
        return None
    said = _province_key(plain)
    named = [
        u for u in catalog.units if said in {_province_key(u.name_vi), _province_key(u.name_en)}
    ]
    if not named or any(u.valid_in(year) for u in named):
        return None
    ended = [u for u in named if u.last_year is not None and u.last_year < year]
    return max(ended, key=lambda u: u.last_year or 0) if ended else None


def _check_year(catalog, found: Located | None, chosen: int | None, today: dt.date, problem):
    first, last = first_year_of_data(catalog), today.year
    found_year = None
    if found is not None:
        if re.fullmatch(r"[0-9]{4}", found.text.strip()):  # ASCII digits: int() takes any script
            found_year = int(found.text)
        else:
            problem("year_not_number", found, text=quoted(found.text))
            return None
    if chosen is not None and found_year is not None and chosen != found_year:
        problem("year_mismatch", found, found=found_year, chosen=chosen)
        return None
    the_year = chosen if chosen is not None else found_year
    if the_year is None:
        problem("year_missing")
        return None
    at = found if found_year is not None else None
    if the_year < first:
        problem("year_too_early", at, year=the_year, first=first, last=last)
        return None
    if the_year > last:
        problem("year_too_late", at, year=the_year, first=first, last=last)
        return None
    return the_year


def _check_entries(catalog: Catalog, entries, problem):
    values: dict[str, float] = {}
    given_rates: dict[str, float] = {}
    rows: dict[str, int] = {}
    cells: dict[str, Entry] = {}
    for entry in entries:
        if not catalog.has_indicator(entry.code):
            problem("unknown_indicator", entry, entry.code_column, code=entry.code)
            continue
        if entry.code in rows:
            problem(
                "duplicate",
                entry,
                entry.code_column,
                code=entry.code,
                first_row=in_each_language(fmt.number, rows[entry.code]),
            )
            continue
        rows[entry.code] = entry.row
        cells[entry.code] = entry
        indicator = catalog.indicator(entry.code)
        number = _value_of(indicator, entry, problem)
        if number is None:  # empty, or reported already
            continue
        if indicator.is_rate:
            given_rates[entry.code] = number
        else:
            values[entry.code] = number
    for part, whole in catalog.part_whole_pairs():
        if part in values and whole in values and values[part] > values[whole]:
            entry = cells[part]
            problem(
                "part_exceeds_whole",
                entry,
                entry.value_column,
                part=part,
                part_value=_show(catalog.indicator(part), values[part]),
                whole=whole,
                whole_value=_show(catalog.indicator(whole), values[whole]),
                whole_row=in_each_language(fmt.number, rows[whole]),
            )
    return values, given_rates, rows


def _check_missing(catalog: Catalog, held, values, read, year: int, problem) -> None:
    """Every stored indicator of each agency the file holds (an agency is held when a row of any of
    its indicators is there) is required. A file without any figure is asked for all of them; an
    agency whose rows are all empty beside another's figures is said to be so, with the way out
    (delete its rows, or use that agency's own template)."""
    # A code whose cell holds anything (a figure, or something reported already) is not "missing".
    answered = {
        c
        for c in {*read.flagged, *(e.code for e in read.entries if e.value is not None)}
        if catalog.has_indicator(c)
    }
    required = [i for i in catalog.stored_indicators() if i.agency in held or not held]

    def absent(codes: list[str]) -> list[str]:
        return [c for c in codes if c not in values and c not in answered]

    if not answered:  # no figure at all: every one is missing
        missing = absent([i.code for i in required])
        if missing:
            problem("missing", count=len(missing), codes=", ".join(missing))
        return
    given = set(agencies_of(catalog, answered))
    for agency in held:
        missing = absent([i.code for i in required if i.agency == agency])
        if not missing:
            continue
        label = ByLang(*(agency_label(catalog, agency, year, lang) for lang in LANGS))
        if agency in given:
            problem("missing_agency", agency=label, count=len(missing), codes=", ".join(missing))
        else:
            others = [a for a in held if a in given]
            problem(
                "missing_agency_empty",
                agency=label,
                code=agency,
                other=agencies_by_lang(catalog, others, year),
                count=len(missing),
                codes=", ".join(missing),
            )


def _value_of(indicator: Indicator, entry: Entry, problem) -> float | None:
    cell = entry.value
    if cell is None:
        return None
    at = {"at": entry, "column": entry.value_column, "code": indicator.code}
    if cell.formula is not None:
        problem("formula_without_value", **at, formula=quoted(cell.formula))
        return None
    number = read_number(cell.value, cell.number_format)
    if isinstance(number, NotANumber):
        said = {k: quoted(v) if k == "char" else v for k, v in number.values.items()}
        problem(
            number.kind,
            **at,
            text=_typed(cell),
            max=in_each_language(fmt.number, MAX_EXACT),
            **said,
        )
        return None
    value = number.value
    if indicator.is_rate:
        if not 0 <= value <= 100:
            problem("rate_out_of_range", **at, value=in_each_language(fmt.number, value, 2))
            return None
        return value
    if value < 0:
        problem("negative", **at, unit=_unit(indicator), value=_show(indicator, value))
        return None
    if indicator.kind == "count" and not float(value).is_integer():
        problem("not_whole", **at, unit=_unit(indicator), value=_show(indicator, value))
        return None
    if indicator.max_value is not None and value > indicator.max_value:
        problem(
            "implausible",
            **at,
            unit=_unit(indicator),
            value=_show(indicator, value),
            max=_show(indicator, indicator.max_value),
        )
        return None
    return value


def _typed(cell: Cell) -> ByLang:
    """A cell's content as the user sees it in Excel: its text, or a number too large to write out
    in Excel's own notation (1E+28)."""
    value = cell.value
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > MAX_EXACT:
        mantissa, _, exponent = format(Decimal(value), ".6G").partition("E")
        mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
        return quoted(mantissa.replace(".", ",") + (f"E{exponent}" if exponent else ""))
    return quoted(cell.text)


def _unit(indicator: Indicator) -> ByLang:
    """The indicator's unit in the language the message is shown in."""
    return ByLang(indicator.unit("vi"), indicator.unit("en"))


def _show(indicator: Indicator, value: float) -> ByLang:
    """A value as typed, in the message's language, without padding zeros (11.613,8; 125.996 /
    11,613.8; 125,996)."""
    if float(value).is_integer():
        return in_each_language(fmt.number, value, indicator.decimals)
    return ByLang(
        *(fmt.number(value, 6, lang).rstrip("0").rstrip(fmt.SEPARATORS[lang][0]) for lang in LANGS)
    )


def unit_problem(catalog: Catalog, code: str, year: int, where: str = "") -> Problem | None:
    """Why no figures of `code` can be brought in for `year` (merged, or not yet a unit), or None."""
    found: list[Problem] = []

    def problem(kind: str, at: object = None, **values: object) -> None:
        found.append(Problem(kind, where, values=values))

    check_unit(catalog, code, year, None, problem)
    return found[0] if found else None
