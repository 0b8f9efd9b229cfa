"""The lock in front of the intake page and the rollback button (Streamlit side).

When no secret is configured the page says how to set one; otherwise it asks for the secret once per
session. Session-state keys of the intake are named here.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from justice_dashboard.catalog import Lang
from justice_dashboard.i18n import t
from justice_dashboard.intake.secret import configured_secret, secret_matches

KEY_UNLOCKED = "intake_unlocked"
KEY_SECRET_INPUT = "intake_secret_input"
KEY_PROVINCE = "intake_province"
KEY_YEAR = "intake_year"
KEY_UPLOAD = "intake_upload"
KEY_BY = "intake_by"
KEY_DONE = "intake_done"
KEY_HISTORY_PROVINCE = "history_province"
KEY_HISTORY_YEAR = "history_year"
KEY_HISTORY_SNAPSHOT = "history_snapshot"
KEY_HISTORY_FIRST = "history_first"
KEY_HISTORY_SECOND = "history_second"
KEY_HISTORY_BY = "history_by"
KEY_HISTORY_DONE = "history_done"


def _fingerprint(secret: str) -> str:
    """What the session keeps: a digest, so a changed secret locks every open session again."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def unlocked(lang: Lang) -> bool:
    """True once this session has entered the configured secret; draws the prompt otherwise."""
    configured = configured_secret()
    if configured is None:
        st.warning(t("intake.secret_unset", lang), icon="🔒")
        return False
    if st.session_state.get(KEY_UNLOCKED) == _fingerprint(configured):
        return True
    st.info(t("intake.locked", lang), icon="🔒")
    entered = st.text_input(t("intake.secret_prompt", lang), type="password", key=KEY_SECRET_INPUT)
    if st.button(t("intake.unlock", lang), key="intake_unlock"):
        if secret_matches(entered, configured):
            st.session_state[KEY_UNLOCKED] = _fingerprint(configured)
            st.rerun()
        st.error(t("intake.secret_wrong", lang))
    return False
