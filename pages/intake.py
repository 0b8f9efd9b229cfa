"""Nhập số liệu: template → upload → problems or preview → final or preliminary per agency → name →
commit, behind the intake secret."""

import datetime as dt

import streamlit as st

from justice_dashboard import config, ui
from justice_dashboard.accounts import check_write
from justice_dashboard.i18n import t
from justice_dashboard.intake import (
    Limits,
    ScopeRefused,
    StaleState,
    StatusRefused,
    WriteRefused,
    commit,
    template_bytes,
)
from justice_dashboard.intake import gate as keys
from justice_dashboard.intake import status as statuses
from justice_dashboard.intake.preview import (
    changed_count,
    compare,
    preview_table,
    problem_table,
    values_of_year,
)
from justice_dashboard.intake.validate import code_label, first_year_of_data, unit_problem
from justice_dashboard.safe_text import md_code, plain
from justice_dashboard.snapshots import FINAL, PRELIMINARY, Status
from justice_dashboard.uploads import upload_limit_mb

view, catalog = ui.current_view(), ui.catalog()
lang = view.lang
st.title(t("intake.heading", lang))
st.caption(t("intake.caption", lang))
if not keys.unlocked(lang, catalog):
    st.stop()
account = keys.current_account()  # None: the intake secret (no accounts in this data folder)
if done := st.session_state.pop(keys.KEY_DONE, None):
    st.success(done, icon="✅")
    st.page_link("pages/overview.py", label=t("intake.open_overview", lang), icon="📊")

left, right = st.columns(2)
province = left.selectbox(
    t("intake.province", lang),
    list(catalog.codes()),
    format_func=ui.option_label(lambda c: code_label(catalog, c, lang)),
    key=keys.KEY_PROVINCE,
)
years = list(range(dt.date.today().year, first_year_of_data(catalog) - 1, -1))
year = right.selectbox(t("intake.year", lang), years, key=keys.KEY_YEAR)
name = catalog.name_for(province, year, lang)
if (refused := unit_problem(catalog, province, year)) is not None:  # merged, or not yet a unit
    st.warning(refused.message(lang), icon="🔀")
    st.stop()
every = statuses.agencies(catalog)
if account is not None:  # said before any file: the commit checks the same again
    try:
        check_write(account, catalog, province, year, [a for a in every if a in account.agencies])
    except ScopeRefused as refused:
        st.warning(refused.text(lang), icon="🔒")
        st.stop()
template_for = st.radio(
    t("intake.template_for", lang),
    ["", *every],  # "": both agencies
    format_func=ui.option_label(
        lambda a: (
            statuses.agency_label(catalog, a, year, lang) if a else t("intake.template_both", lang)
        )
    ),
    horizontal=True,
    key=keys.KEY_TEMPLATE_AGENCY,
)
st.download_button(
    t("intake.download_template", lang),
    template_bytes(catalog, province, year, [template_for] if template_for else None),
    file_name=f"mau-nhap-so-lieu-{province}-{year}{'-' + template_for if template_for else ''}.xlsx",
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
held = statuses.agencies_text(catalog, submission.agencies, year, lang)
st.subheader(
    t(
        "intake.preview_heading",
        lang,
        province=name,
        year=year,
        agencies=held,
        count=count,
        changed=changed,
    )
)
for warning in warnings:
    st.warning(warning.text(lang), icon="⚠️")
# The preview shows the stored figures beside the file's: say so when they are samples.
ui.illustrative_banner(lang, bool(stored["illustrative"].fillna(False).any()))
st.dataframe(preview_table(catalog, frame, lang), hide_index=True)

# Final or preliminary, per agency the file holds; a preliminary one needs the date it was cut at.
st.subheader(t("intake.status.heading", lang))
st.caption(t("intake.status.caption", lang))
today = dt.date.today()
keys.fresh_statuses_for(submission.sha256, statuses.agencies(catalog))
chosen: dict[str, Status] = {}
for agency in submission.agencies:
    label = statuses.agency_label(catalog, agency, year, lang)
    kind = st.radio(
        t("intake.status.choice", lang, agency=label),
        [FINAL, PRELIMINARY],
        format_func=ui.option_label(lambda k: t(f"intake.status.{k}", lang)),
        horizontal=True,
        key=keys.status_key(agency),
    )
    if kind == PRELIMINARY:
        start = statuses.period_start(catalog, agency, year)
        cut = st.date_input(
            t("intake.status.cut_date", lang, agency=label),
            value=None,
            min_value=min(start, today),
            max_value=today,
            format="DD/MM/YYYY",
            key=keys.cut_date_key(agency),
        )
        chosen[agency] = Status(PRELIMINARY, cut if isinstance(cut, dt.date) else None)
history = ui.query("snapshot_history", province=province, year=year)
refusals = statuses.check_statuses(
    catalog, year, submission.agencies, chosen, statuses.finals_in(history), today
)
for refusal in refusals:
    st.error(refusal.text(lang), icon="⛔")
kept = statuses.statuses_for(submission.agencies, chosen)
for agency, snapshot, replaced in statuses.replaced_preliminaries(history, kept):
    label = statuses.agency_label(catalog, agency, year, lang)
    cut_text = statuses.status_text(replaced, lang)
    st.info(t("intake.status.replaces", lang, agency=label, snapshot=snapshot, cut=cut_text))

# A commit is checked against the newest snapshot this preview was built on (any agency's).
now_current = history["snapshot_id"].iloc[0] if len(history) else None
preview = ("intake", province, year, submission.sha256)
expected = keys.expected_current(preview, now_current)
if statuses.already_in_use(history, submission.sha256, kept):
    st.info(t("intake.already_current", lang, province=name, year=year))
    st.stop()
if account is None:
    by = plain(st.text_input(t("intake.by", lang), key=keys.KEY_BY))
else:  # the snapshot names the signed-in account, not what is typed
    by = account.display_name
if st.button(t("intake.commit", lang), type="primary", disabled=not by or bool(refusals)):
    with st.spinner(t("intake.committing", lang)):
        try:
            path = commit(
                config.data_dir(),
                submission,
                by,
                statuses=chosen,
                catalog=catalog,
                today=today,
                expected_current=expected,
                account=account,
                address=keys.client_address(),
            )
        except StaleState as stale:
            keys.looked_again(preview, stale.found)
            st.error(t("intake.stale", lang, province=name, year=year, found=stale.found))
            st.stop()
        except ScopeRefused as refused:  # outside the account's scope: nothing was written
            st.error(refused.text(lang), icon="🔒")
            st.stop()
        except StatusRefused as refused:  # final figures arrived since: nothing was written
            for problem in refused.problems:
                st.error(problem.text(lang), icon="⛔")
            st.stop()
        except WriteRefused as refused:  # read-only or full data folder: nothing was written
            st.error(refused.text(lang), icon="⛔")
            st.stop()
    snapshot = f"{province}-{year}-{path.stem}"
    st.session_state[keys.KEY_DONE] = t(
        "intake.committed",
        lang,
        snapshot=snapshot,
        province=name,
        year=year,
        count=count,
        statuses=statuses.statuses_text(catalog, kept, year, lang),
    )
    st.rerun()
