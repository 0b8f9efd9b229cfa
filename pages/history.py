"""Lịch sử số liệu: every snapshot of a province and year, its values, two compared, and rollback."""

import streamlit as st

from justice_dashboard import config, fmt, ui
from justice_dashboard.i18n import t
from justice_dashboard.intake import (
    ScopeRefused,
    StaleState,
    StatusRefused,
    WriteRefused,
    rollback,
)
from justice_dashboard.intake import gate as keys
from justice_dashboard.intake.history import (
    difference_table,
    history_table,
    in_use_for_all,
    moment,
    rollback_refusals,
    snapshot_label,
    submitted_date,
    values_table,
)
from justice_dashboard.intake.validate import code_label
from justice_dashboard.safe_text import plain
from justice_dashboard.state import KEY_AS_OF, KEY_YEAR

view, catalog = ui.current_view(), ui.catalog()
lang = view.lang
st.title(t("history.heading", lang))
st.caption(t("history.caption", lang))
if done := st.session_state.pop(keys.KEY_HISTORY_DONE, None):
    st.success(done, icon="✅")

left, right = st.columns(2)
codes = list(catalog.codes())
province = left.selectbox(
    t("intake.province", lang),
    codes,
    index=codes.index(view.focus) if view.focus in codes else 0,
    format_func=ui.option_label(lambda c: code_label(catalog, c, lang)),
    key=keys.KEY_HISTORY_PROVINCE,
)
years = ui.years() or [view.year]
year = right.selectbox(
    t("intake.year", lang),
    years,
    index=years.index(view.year) if view.year in years else 0,
    key=keys.KEY_HISTORY_YEAR,
)
history = ui.query("snapshot_history", province=province, year=year)
if history.empty:
    st.info(t("history.none", lang, province=catalog.name_for(province, year, lang), year=year))
    st.stop()
# The values below come from these snapshots: say so when any of them is a generated sample.
ui.illustrative_banner(lang, illustrative=bool(history["illustrative"].fillna(False).any()))
st.dataframe(history_table(history, lang), hide_index=True)
rows = {r["snapshot_id"]: r for _, r in history.iterrows()}
ids = list(rows)

chosen = st.selectbox(
    t("history.values_of", lang),
    ids,
    format_func=ui.option_label(lambda s: snapshot_label(rows[s], lang)),
    key=keys.KEY_HISTORY_SNAPSHOT,
)
values = ui.query("snapshot_values_of", snapshot_id=chosen)
st.dataframe(values_table(catalog, values, lang), hide_index=True)


def _see_as_of(year: int, day) -> None:  # a callback: runs before the sidebar draws its widgets
    st.session_state[KEY_YEAR] = year
    st.session_state[KEY_AS_OF] = day


as_of_day = submitted_date(rows[chosen]["submitted_at"])
st.button(t("history.view_as_of", lang), on_click=_see_as_of, args=(year, as_of_day), icon="🕰️")
if view.as_of == as_of_day:
    st.page_link(
        "pages/overview.py",
        label=t("history.as_of_set", lang, date=fmt.date(as_of_day, lang)),
        icon="📊",
    )

first_col, second_col = st.columns(2)
first = first_col.selectbox(
    t("history.compare_a", lang),
    ids,
    index=min(1, len(ids) - 1),
    format_func=ui.option_label(lambda s: snapshot_label(rows[s], lang)),
    key=keys.KEY_HISTORY_FIRST,
)
second = second_col.selectbox(
    t("history.compare_b", lang),
    ids,
    index=0,
    format_func=ui.option_label(lambda s: snapshot_label(rows[s], lang)),
    key=keys.KEY_HISTORY_SECOND,
)
only = st.toggle(t("history.only_differences", lang), value=True)
difference = ui.query("snapshot_difference", first=first, second=second)
labels = [
    f"{mark} {moment(rows[s]['submitted_at'], lang)}" for mark, s in (("①", first), ("②", second))
]
table = difference_table(catalog, difference, labels[0], labels[1], lang, only)
if table.empty:
    st.caption(t("history.no_differences", lang))
else:
    st.dataframe(table, hide_index=True)

st.divider()
if in_use_for_all(rows[chosen]):
    st.caption(t("history.rollback_current", lang))
elif refusals := rollback_refusals(catalog, history, chosen, year):  # it could never be used
    for refusal in refusals:
        st.warning(refusal.text(lang), icon="⛔")
elif keys.unlocked(lang, catalog):
    account = keys.current_account()
    # The rollback is checked against the newest snapshot this page first showed for this choice.
    preview = ("rollback", province, year, chosen)
    expected = keys.expected_current(preview, ids[0])
    if account is None:
        by = plain(st.text_input(t("intake.by", lang), key=keys.KEY_HISTORY_BY))
    else:  # the snapshot names the signed-in account
        by = account.display_name
    if st.button(t("history.rollback", lang), disabled=not by, type="primary"):
        note = t("intake.rollback_note", "vi", snapshot=chosen)
        with st.spinner(t("intake.committing", lang)):
            try:
                path = rollback(
                    config.data_dir(),
                    chosen,
                    by,
                    note,
                    catalog=catalog,
                    expected_current=expected,
                    account=account,
                    address=keys.client_address(),
                )
            except StaleState as stale:
                keys.looked_again(preview, stale.found)
                name = catalog.name_for(province, year, lang)
                st.error(t("intake.stale", lang, province=name, year=year, found=stale.found))
                st.stop()
            except ScopeRefused as refused:  # only the bloc secretariat rolls back
                st.error(refused.text(lang), icon="🔒")
                st.stop()
            except StatusRefused as refused:  # final figures arrived since: nothing was written
                for problem in refused.problems:
                    st.error(problem.text(lang), icon="⛔")
                st.stop()
            except WriteRefused as refused:  # read-only or full data folder: nothing was written
                st.error(refused.text(lang), icon="⛔")
                st.stop()
        new = f"{province}-{year}-{path.stem}"
        st.session_state[keys.KEY_HISTORY_DONE] = t(
            "history.rollback_done", lang, snapshot=new, old=chosen
        )
        st.rerun()
