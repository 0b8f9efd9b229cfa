"""The scores page's forms (Streamlit side): the secretariat's manual points, saved as a new dated
version, and a unit's own targets brought in as a file. Both only once `may_enter_manual_points`
let the session in; what is in use is shown to everyone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import streamlit as st

from justice_dashboard import fmt, ui
from justice_dashboard.catalog import Catalog, Lang
from justice_dashboard.i18n import t
from justice_dashboard.intake.reader import Limits
from justice_dashboard.safe_text import plain
from justice_dashboard.scoring import access, manual
from justice_dashboard.scoring import display as scores
from justice_dashboard.scoring.engine import ScoringTable
from justice_dashboard.scoring.targets import (
    check_targets_file,
    commit_targets,
    target_indicators,
    template_bytes,
)
from justice_dashboard.uploads import upload_limit_mb

KEY_TARGETS_UNIT = "scores_targets_unit"
KEY_TARGETS_UPLOAD = "scores_targets_upload"
KEY_TARGETS_BY = "scores_targets_by"
KEY_TARGETS_SAVED = "scores_targets_saved"


def manual_section(
    root: Path,
    year: int,
    tables: Sequence[ScoringTable],
    unit_ids: Sequence[str],
    labels: Mapping[str, str],
    allowed: bool,
    lang: Lang,
) -> None:
    """Which version of manual points is in use (and the earlier ones); the form when allowed."""
    from justice_dashboard.scoring.engine import choose_table

    if saved := st.session_state.pop(access.KEY_SAVED, None):
        st.success(saved, icon="✅")
    agency = st.radio(
        t("scoring.manual_group", lang),
        ["STP", "THA"],
        format_func=ui.option_label(lambda a: t(f"scoring.group_{a.lower()}", lang)),
        horizontal=True,
        key=access.KEY_GROUP,
    )
    table = choose_table(tables, agency, year)
    kept = manual.versions(root, year, agency)
    if kept:
        last = kept[-1]
        st.caption(
            t(
                "scoring.manual_version",
                lang,
                date=fmt.date(last.entered_at, lang),
                time=f"{last.entered_at:%H:%M:%S}",
                by=last.entered_by,
                count=len(kept),
            )
        )
        with st.expander(t("scoring.manual_history", lang)):
            st.dataframe(scores.versions_frame(kept, lang), hide_index=True)
    else:
        st.caption(t("scoring.manual_no_version", lang))
    if not allowed or table is None or not any(c.entered for c in table.criteria):
        return
    form = scores.entry_frame(table, unit_ids, labels, kept[-1].entries if kept else {}, lang)
    edited = st.data_editor(
        form,
        hide_index=True,
        disabled=["unit_id", "unit", "code", "criterion", "max_points"],
        column_order=["unit", "code", "criterion", "max_points", "points", "note"],
        column_config={
            "unit": st.column_config.TextColumn(t("scoring.col_unit", lang)),
            "code": st.column_config.TextColumn(t("scoring.col_code", lang)),
            "criterion": st.column_config.TextColumn(t("scoring.col_criterion", lang)),
            "max_points": st.column_config.NumberColumn(t("scoring.col_max", lang), format="%.2f"),
            "points": st.column_config.NumberColumn(
                t("scoring.col_points", lang), min_value=0.0, step=0.25, format="%.2f"
            ),
            "note": st.column_config.TextColumn(t("scoring.col_note", lang)),
        },
        key=access.editor_key(year, agency, kept[-1].path.name if kept else "none"),
    )
    by = access.signed_in_name() or st.text_input(t("scoring.manual_by", lang), key=access.KEY_BY)
    if not st.button(t("scoring.manual_save", lang), key="scores_manual_save", type="primary"):
        return
    entries = scores.entries_from_frame(edited)
    if found := manual.problems(table, entries):
        for text in scores.problem_texts(found, labels, lang):
            st.error(text)
    elif not by.strip():
        st.error(t("scoring.manual_by_needed", lang))
    else:
        path = manual.save_version(root, year, table, entries, by)
        where = path.relative_to(root).as_posix()
        access.audit(root, "scoring_manual", year=year, agency=agency, path=where)
        st.session_state[access.KEY_SAVED] = t("scoring.manual_saved", lang, path=where)
        st.rerun()


def targets_section(
    root: Path,
    year: int,
    catalog: Catalog,
    tables: Sequence[ScoringTable],
    codes: Sequence[str],
    allowed: bool,
    lang: Lang,
) -> None:
    """The own assigned targets in use for the year; when allowed, their template and upload."""
    if saved := st.session_state.pop(KEY_TARGETS_SAVED, None):
        st.success(saved, icon="✅")
    own = ui.query("unit_targets", first_year=year, last_year=year)
    names = {u.unit_id: u.name(lang) for u in catalog.units}
    if own.empty:
        st.caption(t("scoring.targets.none", lang))
    else:
        st.dataframe(scores.own_targets_frame(own, names, catalog, lang), hide_index=True)
    if not allowed or not codes:
        return
    national_rows = ui.query("targets", first_year=year, last_year=year)
    national = {
        r.indicator_code: (float(r.target), str(r.comparison)) for r in national_rows.itertuples()
    }
    every_year = ui.query("targets", first_year=0, last_year=9999)
    offered = target_indicators(catalog, list(every_year["indicator_code"]), tables)
    code = st.selectbox(
        t("scoring.targets.unit", lang),
        list(codes),
        format_func=ui.option_label(lambda c: catalog.name_for(c, year, lang)),
        key=KEY_TARGETS_UNIT,
    )
    st.download_button(
        t("scoring.targets.download_template", lang),
        template_bytes(catalog, code, year, offered, national),
        file_name=f"mau-chi-tieu-duoc-giao-{code}-{year}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon="📥",
        key="scores_targets_template",
    )
    limits = Limits.from_env()
    upload = st.file_uploader(
        t("scoring.targets.upload", lang),
        key=KEY_TARGETS_UPLOAD,
        max_upload_size=upload_limit_mb(limits.max_bytes),
    )
    if upload is None:
        return
    filename = plain(upload.name)
    checked = check_targets_file(
        upload.getvalue(), filename, catalog, code=code, year=year, limits=limits
    )
    if not checked.ok:
        for problem in checked.problems:
            st.error(problem.text(lang))
        return
    unit_name = catalog.name_for(code, year, lang)
    given = [r for r in checked.rows if r.target is not None]
    st.success(
        t(
            "scoring.targets.preview",
            lang,
            count=len(given),
            unit=unit_name,
            year=year,
            source=checked.source or "–",
        )
    )
    rows = pd.DataFrame(
        {
            "unit_id": [checked.unit.unit_id if checked.unit else code] * len(given),
            "indicator_code": [r.indicator_code for r in given],
            "target": [r.target for r in given],
            "comparison": [r.comparison for r in given],
            "source": [checked.source] * len(given),
        }
    )
    if len(rows):
        st.dataframe(scores.own_targets_frame(rows, names, catalog, lang), hide_index=True)
    by = access.signed_in_name() or st.text_input(t("scoring.targets.by", lang), key=KEY_TARGETS_BY)
    if not st.button(t("scoring.targets.commit", lang), key="scores_targets_commit"):
        return
    if not by.strip():
        st.error(t("scoring.targets.by_needed", lang))
        return
    path = commit_targets(root, checked, by)
    access.audit(
        root, "scoring_targets", unit=code, year=year, path=path.relative_to(root).as_posix()
    )
    st.session_state[KEY_TARGETS_SAVED] = t(
        "scoring.targets.saved",
        lang,
        unit=unit_name,
        year=year,
        path=path.relative_to(root).as_posix(),
    )
    st.rerun()


KEY_TABLE_GROUP = "scores_table_group"
KEY_TABLE_UPLOAD = "scores_table_upload"
KEY_TABLE_BY = "scores_table_by"
KEY_TABLE_SAVED = "scores_table_saved"


def table_section(
    root: Path,
    year: int,
    catalog: Catalog,
    tables: Sequence[ScoringTable],
    allowed: bool,
    lang: Lang,
) -> None:
    """When allowed: the template of a group's table for the year (filled with the one in use),
    its upload with every problem named, the preview and the commit."""
    from justice_dashboard.scoring.engine import choose_table
    from justice_dashboard.scoring.table_file import (
        check_table_file,
        commit_table,
    )
    from justice_dashboard.scoring.table_file import (
        template_bytes as table_template,
    )

    if saved := st.session_state.pop(KEY_TABLE_SAVED, None):
        st.success(saved, icon="✅")
    if not allowed:
        return
    agency = st.radio(
        t("scoring.table_file.group", lang),
        ["STP", "THA"],
        format_func=ui.option_label(lambda a: t(f"scoring.group_{a.lower()}", lang)),
        horizontal=True,
        key=KEY_TABLE_GROUP,
    )
    group = t(f"scoring.group_{agency.lower()}", lang)
    st.download_button(
        t("scoring.table_file.download_template", lang),
        table_template(agency, year, choose_table(tables, agency, year)),
        file_name=f"mau-bang-cham-diem-{agency}-{year}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon="📥",
        key="scores_table_template",
    )
    limits = Limits.from_env()
    upload = st.file_uploader(
        t("scoring.table_file.upload", lang),
        key=KEY_TABLE_UPLOAD,
        max_upload_size=upload_limit_mb(limits.max_bytes),
    )
    if upload is None:
        return
    checked = check_table_file(
        upload.getvalue(), plain(upload.name), catalog, agency=agency, year=year, limits=limits
    )
    if not checked.ok:
        for problem in checked.problems:
            st.error(problem.text(lang))
        return
    total = sum(c.max_points for c in checked.criteria if c.rule != "penalty")
    st.success(
        t(
            "scoring.table_file.preview",
            lang,
            count=len(checked.criteria),
            max=scores.points_text(total, lang),
            group=group,
            year=year,
            source=checked.source,
        )
    )
    by = access.signed_in_name() or st.text_input(t("scoring.manual_by", lang), key=KEY_TABLE_BY)
    if not st.button(t("scoring.table_file.commit", lang), key="scores_table_commit"):
        return
    if not by.strip():
        st.error(t("scoring.manual_by_needed", lang))
        return
    path = commit_table(root, checked, by)
    access.audit(
        root, "scoring_table", year=year, agency=agency, path=path.relative_to(root).as_posix()
    )
    st.session_state[KEY_TABLE_SAVED] = t(
        "scoring.table_file.saved",
        lang,
        group=group,
        year=year,
        path=path.relative_to(root).as_posix(),
    )
    st.rerun()
