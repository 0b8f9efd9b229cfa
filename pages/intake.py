"""Nhập số liệu: template → upload → problems or preview → name → commit, behind the intake secret."""

import datetime as dt

import streamlit as st

from justice_dashboard import config, ui
from justice_dashboard.i18n import t
from justice_dashboard.intake import Limits, StaleState, WriteRefused, commit, template_bytes
from justice_dashboard.intake import gate as keys
from justice_dashboard.intake.preview import (
    changed_count,
    compare,
    preview_table,
    problem_table,
    values_of_year,
)
from justice_dashboard.intake.validate import first_year_of_data
from justice_dashboard.safe_text import md_code, plain
from justice_dashboard.uploads import upload_limit_mb

view, catalog = ui.current_view(), ui.catalog()
lang = view.lang
st.title(t("intake.heading", lang))
st.caption(t("intake.caption", lang))
if not keys.unlocked(lang):
    st.stop()
if done := st.session_state.pop(keys.KEY_DONE, None):
    st.success(done, icon="✅")
    st.page_link("pages/overview.py", label=t("intake.open_overview", lang), icon="📊")

left, right = st.columns(2)
province = left.selectbox(
    t("intake.province", lang),
    [p.code for p in catalog.provinces],
    format_func=ui.option_label(lambda c: f"{c} · {catalog.province(c).name(lang)}"),
    key=keys.KEY_PROVINCE,
)
years = list(range(dt.date.today().year, first_year_of_data(catalog) - 1, -1))
year = right.selectbox(t("intake.year", lang), years, key=keys.KEY_YEAR)
name = catalog.province(province).name(lang)
st.download_button(
    t("intake.download_template", lang),
    template_bytes(catalog, province, year),
    file_name=f"mau-nhap-so-lieu-{province}-{year}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon="📥",
)
limit_mb = upload_limit_mb(Limits.from_env().max_bytes)
upload = st.file_uploader(t("intake.upload", lang), key=keys.KEY_UPLOAD, max_upload_size=limit_mb)
if upload is None:
    st.stop()

filename = plain(upload.name)  # a name is shown and stored without control characters
checked = keys.checked_upload(upload.getvalue(), filename, catalog, province, year)
if (submission := checked.submission) is None:
    heading = t(
        "intake.problems_heading", lang, file=md_code(filename), count=len(checked.problems)
    )
    st.error(heading)
    st.dataframe(problem_table(checked.problems, lang), hide_index=True)
    st.stop()

stored = ui.query("province_year_values", province=province, years=[year, year - 1])
frame, warnings = compare(
    catalog, submission, values_of_year(stored, year), values_of_year(stored, year - 1)
)
count, changed = len(submission.values), changed_count(frame)
st.subheader(
    t("intake.preview_heading", lang, province=name, year=year, count=count, changed=changed)
)
for warning in warnings:
    st.warning(warning.text(lang), icon="⚠️")
# The preview shows the stored figures beside the file's: say so when they are samples.
ui.illustrative_banner(lang, ui.data_is_illustrative([province], year - 1, year, None))
st.dataframe(preview_table(catalog, frame, lang), hide_index=True)

history = ui.query("snapshot_history", province=province, year=year)
current = history[history["is_current"]]
now_current = current["snapshot_id"].iloc[0] if len(current) else None
preview = ("intake", province, year, submission.sha256)
expected = keys.expected_current(preview, now_current)
if len(current) and current["source_sha256"].iloc[0] == submission.sha256:
    st.info(t("intake.already_current", lang, province=name, year=year))
    st.stop()
by = plain(st.text_input(t("intake.by", lang), key=keys.KEY_BY))
if st.button(t("intake.commit", lang), type="primary", disabled=not by):
    with st.spinner(t("intake.committing", lang)):
        try:
            path = commit(config.data_dir(), submission, by, expected_current=expected)
        except StaleState as stale:
            keys.looked_again(preview, stale.found)
            st.error(t("intake.stale", lang, province=name, year=year, found=stale.found))
            st.stop()
        except WriteRefused as refused:  # read-only or full data folder: nothing was written
            st.error(refused.text(lang), icon="⛔")
            st.stop()
    snapshot = f"{province}-{year}-{path.stem}"
    st.session_state[keys.KEY_DONE] = t(
        "intake.committed", lang, snapshot=snapshot, province=name, year=year, count=count
    )
    st.rerun()
