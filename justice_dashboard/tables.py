"""The data page's tables: as read on the page (every figure written in its indicator's form and the
reader's language, as the charts write it: 83,25% / 125.996, or 83.25% / 125,996 in English), and
for download as CSV for Vietnamese Excel (';' between fields, decimal comma, UTF-8 with BOM so Excel
shows the diacritics) and XLSX (sheet "Dữ liệu"), numbers kept as numbers, with text cells that a
spreadsheet would run as a formula neutralised. A snapshot is named by its source and the day it
was submitted, never by its file in the data folder.

A text cell starting with = + - @ (or a tab or carriage return, which some spreadsheets strip first)
gets a leading apostrophe, as OWASP recommends against CSV injection: "=1+1" is written "'=1+1".
Numbers stay numbers (a negative change is not text and is not touched).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from justice_dashboard import fmt
from justice_dashboard.catalog import Lang
from justice_dashboard.coverage import coverage_text, status_text
from justice_dashboard.fmt import is_missing
from justice_dashboard.i18n import t
from justice_dashboard.stored_text import stored_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """'=HYPERLINK(…)' -> "'=HYPERLINK(…)"; anything that is not such text is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and text header) neutralised."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


CSV_SEPARATOR = ";"
CSV_DECIMAL = ","
SHEET_NAME = "Dữ liệu"


def excel_number(value: object) -> str:
    """A number as Vietnamese Excel reads it: 125996.0 -> '125996', -0.75 -> '-0,75', NaN -> ''.

    No thousands separator (Excel would have to guess it) and never scientific notation."""
    if is_missing(value):
        return ""
    if isinstance(value, int | np.integer):
        return str(int(value))
    text = np.format_float_positional(float(value), trim="-")  # type: ignore[arg-type]
    return text.replace(".", CSV_DECIMAL)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for Excel set to Vietnamese: fields separated by ';', decimal comma, whole numbers without
    '.0', in UTF-8 with a byte-order mark (so the diacritics show); formula-like text neutralised."""
    out = neutralised(frame)
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            out[column] = [excel_number(v) for v in series]
    return out.to_csv(index=False, sep=CSV_SEPARATOR).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = SHEET_NAME) -> bytes:
    """One worksheet with a bold header row; text cells neutralised, numbers kept as numbers."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralised(frame).to_excel(writer, sheet_name=sheet[:31], index=False)
        worksheet = writer.sheets[sheet[:31]]
        for column in worksheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            worksheet.column_dimensions[column[0].column_letter].width = min(width + 2, 60)
    return buffer.getvalue()


def statuses_text(statuses: object, lang: Lang) -> str:
    """'STP: sơ bộ, đến 31/10/2026; THA: chính thức' from a snapshot's statuses by agency."""
    if statuses is None or (isinstance(statuses, float) and statuses != statuses):
        return ""
    parts = []
    for item in list(statuses):  # type: ignore[call-overload]
        if item["status"] == "preliminary":
            cut = item.get("cut_date")
            date = fmt.date(pd.Timestamp(cut).date(), lang) if not is_missing(cut) else "–"
            parts.append(f"{item['agency']}: {t('units.preliminary', lang, date=date)}")
        else:
            parts.append(f"{item['agency']}: {t('units.final', lang)}")
    return "; ".join(parts)


def sources_frame(rows: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The `data_sources` query's rows for reading: unit, year, status by agency, date, sender,
    source file, its sha256 (which names the snapshot without its path), illustrative."""
    return pd.DataFrame(
        {
            t("compare.col_province", lang): rows["name_vi" if lang == "vi" else "name_en"],
            t("app.year", lang): rows["year"].astype(str),
            t("data.col_statuses", lang): [statuses_text(s, lang) for s in rows["statuses"]],
            t("data.col_date", lang): [fmt.date(d, lang) for d in rows["submitted_at"]],
            t("data.col_submitted_by", lang): rows["submitted_by"],
            t("data.col_source", lang): [stored_text(n, lang) for n in rows["source_name"]],
            t("data.col_sha256", lang): rows["source_sha256"],
            t("data.col_illustrative", lang): [
                t("data.yes" if i else "data.no", lang) for i in rows["illustrative"]
            ],
        }
    )


def snapshot_text(source: object, submitted_at: object, lang: Lang) -> str:
    """A snapshot as a reader knows it: 'Bộ sinh dữ liệu minh họa (seed 2022), nộp ngày
    15/01/2023'; '' where no one snapshot is behind a figure (a re-aggregated one, or none)."""
    if is_missing(source) or is_missing(submitted_at):
        return ""
    day = fmt.date(pd.Timestamp(submitted_at).to_pydatetime(), lang)  # type: ignore[arg-type]
    return t("data.snapshot_name", lang, source=stored_text(source, lang), date=day)


def shown_frame(
    rows: pd.DataFrame, lang: Lang, download: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The `data_table` query's rows as the data page shows them: the download's columns, with
    each figure written as the charts write it, in its indicator's form and decimals and the
    reader's language ('83,25%', '125.996'; '83.25%', '125,996'; a missing one 'không có số
    liệu'), never a stored fraction such as 0.8325. `download`: `download_frame` of the same
    rows, if the caller already has it (it is not changed)."""
    table = (download_frame(rows, lang) if download is None else download).copy()
    table[t("compare.col_value", lang)] = [
        fmt.figure(value, rate=kind == "rate", decimals=int(decimals), lang=lang)
        for value, kind, decimals in zip(rows["value"], rows["kind"], rows["decimals"], strict=True)
    ]
    return table


def download_frame(rows: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The `data_table` query's rows for a spreadsheet: headers in the language, a rate as a
    percentage number (83.25 with the unit "%"), a missing figure as an empty cell with a note."""
    vi = lang == "vi"
    rate = rows["kind"] == "rate"
    value = rows["value"].where(~rate, (rows["value"] * 100).round(4))
    return pd.DataFrame(
        {
            t("data.col_province_code", lang): rows["province_code"],
            t("compare.col_province", lang): rows["name_vi" if vi else "name_en"],
            t("app.year", lang): rows["year"],
            t("ranking.col_code", lang): rows["indicator_code"],
            t("ranking.col_indicator", lang): rows["indicator_vi" if vi else "indicator_en"],
            t("data.col_unit", lang): rows["unit_vi" if vi else "unit_en"],
            t("compare.col_value", lang): value,
            t("data.col_note", lang): [
                fmt.MISSING[lang] if is_missing(v) else "" for v in rows["value"]
            ],
            t("data.col_coverage", lang): [coverage_text(r, lang) for _, r in rows.iterrows()],
            t("data.col_status", lang): [
                "" if is_missing(r["value"]) else status_text(r, lang) or t("units.final", lang)
                for _, r in rows.iterrows()
            ],
            t("data.col_date", lang): [
                "" if is_missing(d) or d is pd.NaT else fmt.date(d, lang) for d in rows["data_date"]
            ],
            t("data.col_file", lang): [
                snapshot_text(source, submitted, lang)
                for source, submitted in zip(
                    rows["snapshot_source"], rows["snapshot_submitted_at"], strict=True
                )
            ],
            t("data.col_illustrative", lang): [
                "" if is_missing(i) else t("data.yes" if i else "data.no", lang)
                for i in rows["illustrative"]
            ],
        }
    )
