"""The lock in front of the intake page and the rollback button (Streamlit side).

When no secret is configured the page says how to set one; otherwise it asks for the secret once per
session. Wrong guesses are limited per session and per client address with a growing delay
(`ratelimit`), each refused attempt is logged, and the user is told how long to wait. The sessions
that entered the secret are known to the upload guard (`uploads`), which keeps no file from any
other session. Session-state keys of the intake are named here.
"""

from __future__ import annotations

import hashlib
import os
import threading

import streamlit as st

from justice_dashboard import accounts as acc
from justice_dashboard import config
from justice_dashboard.catalog import Catalog, Lang
from justice_dashboard.errors import logger
from justice_dashboard.i18n import t
from justice_dashboard.intake.secret import configured_secret, secret_matches
from justice_dashboard.ratelimit import Limiter, Rule, wait_text

KEY_UNLOCKED = "intake_unlocked"
KEY_ACCOUNT = "intake_account"  # the signed-in account's name (accounts mode)
KEY_ACCOUNT_INPUT = "intake_account_input"
KEY_PASSWORD_INPUT = "intake_password_input"
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
KEY_TEMPLATE_AGENCY = "intake_template_agency"
KEY_STATUS_FILE = "intake_status_file"  # the file the status choices below were made for
KEY_CHECKED = "intake_checked"  # (what was checked, its result): a file is checked once
KEY_EXPECTED = "intake_expected"  # {preview: the current snapshot it was built on}


def status_key(agency: str) -> str:
    """The page's choice of final or preliminary figures for one agency of the file."""
    return f"intake_status_{agency}"


def cut_date_key(agency: str) -> str:
    """The date an agency's preliminary figures were cut at."""
    return f"intake_cut_date_{agency}"


def fresh_statuses_for(sha256: str, agencies: tuple[str, ...]) -> None:
    """A new file starts from final figures: the choices made for the previous file (perhaps
    preliminary, with its cut date) are forgotten, so they are never carried over unseen."""
    if st.session_state.get(KEY_STATUS_FILE) == sha256:
        return
    for agency in agencies:
        st.session_state.pop(status_key(agency), None)
        st.session_state.pop(cut_date_key(agency), None)
    st.session_state[KEY_STATUS_FILE] = sha256


# Free guesses before a wait: a session's own, and an address's (an office behind one address).
LIMITER = Limiter({"session": Rule(free=5), "address": Rule(free=20), "account": acc.SIGN_IN_RULE})
# Behind a reverse proxy that sets X-Real-IP (deploy/), the client's address is that header.
TRUST_PROXY_ENV = "JUSTICE_TRUST_PROXY"
_SESSIONS_LOCK = threading.Lock()
_UNLOCKED_SESSIONS: dict[str, str] = {}  # session id -> fingerprint of the secret it entered
_SIGNED_IN_SESSIONS: dict[str, str] = {}  # session id -> the account signed in
_LOG = logger("justice_dashboard.security")


def _fingerprint(secret: str) -> str:
    """What the session keeps: a digest, so a changed secret locks every open session again."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx is not None else "bare"


def client_address() -> str:
    """The client's address (the proxy's X-Real-IP when trusted), or "local" on this machine."""
    if os.environ.get(TRUST_PROXY_ENV, "").strip() == "1":
        forwarded = (st.context.headers.get("X-Real-Ip") or "").strip()
        if forwarded:
            return forwarded
    address = st.context.ip_address
    return address if isinstance(address, str) and address else "local"


def session_may_upload(session: str) -> bool:
    """Whether a session has signed in, or entered the current secret (the upload guard asks, per
    upload)."""
    with _SESSIONS_LOCK:
        if session in _SIGNED_IN_SESSIONS:
            return True
    configured = configured_secret()
    if configured is None:
        return False
    with _SESSIONS_LOCK:
        return _UNLOCKED_SESSIONS.get(session) == _fingerprint(configured)


def _attempt_keys() -> list[tuple[str, str]]:
    return [("session", session_id()), ("address", client_address())]


def _anonymous(session: str) -> str:
    return hashlib.sha256(session.encode()).hexdigest()[:10]


def current_account() -> acc.Account | None:
    """The account signed in in this session, read again from the accounts file (a removed
    account or a changed password ends its sessions)."""
    signed = st.session_state.get(KEY_ACCOUNT)
    if not signed:
        return None
    name, hashed = signed
    account = acc.load_accounts(config.data_dir()).get(name)
    if account is None or account.password_hash != hashed:
        st.session_state.pop(KEY_ACCOUNT, None)
        with _SESSIONS_LOCK:
            _SIGNED_IN_SESSIONS.pop(session_id(), None)
        return None
    with _SESSIONS_LOCK:
        _SIGNED_IN_SESSIONS[session_id()] = name
    return account


def unlocked(lang: Lang, catalog: Catalog | None = None) -> bool:
    """True once this session may write: signed in with an account where the data folder uses
    accounts, else once it has entered the configured secret. Draws the prompt otherwise."""
    root = config.data_dir()
    if acc.accounts_configured(root):
        return _signed_in(root, lang, catalog)
    configured = configured_secret()
    if configured is None:
        st.warning(t("intake.secret_unset", lang), icon="🔒")
        return False
    fingerprint = _fingerprint(configured)
    if st.session_state.get(KEY_UNLOCKED) == fingerprint:
        with _SESSIONS_LOCK:
            _UNLOCKED_SESSIONS[session_id()] = fingerprint
        return True
    st.info(t("intake.locked", lang), icon="🔒")
    entered = st.text_input(t("intake.secret_prompt", lang), type="password", key=KEY_SECRET_INPUT)
    if not st.button(t("intake.unlock", lang), key="intake_unlock"):
        return False
    keys = _attempt_keys()
    wait = LIMITER.wait(keys)
    if wait > 0:  # not even compared: the wait is the answer
        _LOG.warning(
            "secret attempt refused while waiting: session %s, address %s, %.0f s left",
            _anonymous(keys[0][1]),
            keys[1][1],
            wait,
        )
        st.error(t("intake.secret_wait", lang, wait=wait_text(wait, lang)), icon="⏳")
        return False
    if secret_matches(entered, configured):
        LIMITER.succeeded(keys[:1])
        st.session_state[KEY_UNLOCKED] = fingerprint
        with _SESSIONS_LOCK:
            _UNLOCKED_SESSIONS[session_id()] = fingerprint
        _LOG.info("secret entered: session %s, address %s", _anonymous(keys[0][1]), keys[1][1])
        st.rerun()
    failures, wait = LIMITER.failed(keys)
    _LOG.warning(
        "wrong secret: session %s, address %s, failure %d",
        _anonymous(keys[0][1]),
        keys[1][1],
        failures,
    )
    st.error(t("intake.secret_wrong", lang))
    if wait > 0:
        st.error(t("intake.secret_wait", lang, wait=wait_text(wait, lang)), icon="⏳")
    return False


def checked_upload(content: bytes, filename: str, catalog: Catalog, province: str, year: int):
    """`check_file` once per file and choice in this session: a widget change elsewhere on the page
    reruns it, but reading a workbook again would cost its whole CPU time again."""
    from justice_dashboard.intake.validate import check_file

    key = (hashlib.sha256(content).hexdigest(), filename, province, year, id(catalog))
    cached = st.session_state.get(KEY_CHECKED)
    if cached is not None and cached[0] == key:
        return cached[1]
    checked = check_file(content, filename, catalog, province=province, year=year)
    st.session_state[KEY_CHECKED] = (key, checked)
    return checked


def expected_current(preview: tuple[object, ...], current: str | None) -> str | None:
    """The snapshot that was current when this preview was first shown to this session.

    A commit or rollback is checked against it (under the write lock), not against what is current
    in the run of the click: someone else's commit in between is then found, and the user is asked
    to look again instead of overwriting it unseen."""
    remembered: dict[tuple[object, ...], str | None] = st.session_state.setdefault(KEY_EXPECTED, {})
    return remembered.setdefault(preview, current)


def looked_again(preview: tuple[object, ...], current: str | None) -> None:
    """After a refused (stale) commit: the page now shows the new state, and a new click is
    checked against it."""
    st.session_state.setdefault(KEY_EXPECTED, {})[preview] = current


def _signed_in(root, lang: Lang, catalog: Catalog | None) -> bool:
    account = current_account()
    if account is not None:
        scope = account.scope_text(catalog, lang) if catalog is not None else ""
        left, right = st.columns([4, 1])
        left.caption(
            t("accounts.signed_in", lang, display=account.display_name, name=account.name,
              scope=scope)
        )  # fmt: skip
        if right.button(t("accounts.sign_out", lang), key="intake_sign_out"):
            st.session_state.pop(KEY_ACCOUNT, None)
            with _SESSIONS_LOCK:
                _SIGNED_IN_SESSIONS.pop(session_id(), None)
            st.rerun()
        return True
    st.subheader(t("accounts.sign_in_heading", lang))
    with st.form("intake_sign_in"):
        name = st.text_input(t("accounts.name_prompt", lang), key=KEY_ACCOUNT_INPUT)
        password = st.text_input(
            t("accounts.password_label", lang), type="password", key=KEY_PASSWORD_INPUT
        )
        submitted = st.form_submit_button(t("accounts.sign_in", lang))
    if not submitted:
        return False
    name = (name or "").strip().lower()
    address = client_address()
    keys = [*_attempt_keys(), ("account", name)]
    wait = LIMITER.wait(keys)
    if wait > 0:  # not even compared: the wait is the answer
        acc.audit(root, "sign_in_refused", name, address=address, reason="waiting")
        _LOG.warning("sign-in refused while waiting: account %s, address %s", name, address)
        st.error(t("intake.secret_wait", lang, wait=wait_text(wait, lang)), icon="⏳")
        return False
    account = acc.verify(acc.load_accounts(root), name, password or "")
    if account is not None:
        LIMITER.succeeded([keys[0], keys[2]])
        st.session_state[KEY_ACCOUNT] = (account.name, account.password_hash)
        with _SESSIONS_LOCK:
            _SIGNED_IN_SESSIONS[session_id()] = account.name
        acc.audit(root, "sign_in", account.name, address=address)
        _LOG.info("signed in: account %s, address %s", account.name, address)
        st.rerun()
    failures, wait = LIMITER.failed(keys)
    acc.audit(root, "sign_in_refused", name, address=address, reason="wrong", failures=failures)
    _LOG.warning("wrong password: account %s, address %s, failure %d", name, address, failures)
    st.error(t("accounts.wrong", lang))
    if wait > 0:
        st.error(t("intake.secret_wait", lang, wait=wait_text(wait, lang)), icon="⏳")
    return False
