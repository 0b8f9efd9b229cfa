"""Who may enter manual points, own targets and scoring tables, and the scores page's session-state
keys (Streamlit side).

Where the data folder uses accounts (`accounts/accounts.json`, issue 12), only a signed-in **bloc
secretariat** account may: the sign-in is the intake's (`intake.gate.unlocked`), an officer is told
that only the secretariat enters them, the entries are named after the account and each write is in
the audit log. A folder without accounts keeps the intake secret, asked once per session. Both are
decided here, in `may_enter_manual_points`, and nowhere else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from justice_dashboard import accounts, config
from justice_dashboard.catalog import Catalog, Lang
from justice_dashboard.i18n import t
from justice_dashboard.intake import gate

KEY_GROUP = "scores_manual_group"
KEY_DETAIL_UNIT = "scores_detail_unit"
KEY_BY = "scores_manual_by"
KEY_SAVED = "scores_manual_saved"


def editor_key(year: int, agency: str, version: str) -> str:
    """The form of one year's and group's manual points, started afresh from each version."""
    return f"scores_manual_{year}_{agency}_{version}"


def may_enter_manual_points(lang: Lang, catalog: Catalog | None = None) -> bool:
    """Whether this session may enter manual points (and own targets, scoring tables): a bloc
    secretariat account where the data folder uses accounts, else the intake secret. Draws the
    sign-in or the unlock prompt when it may not yet."""
    if not gate.unlocked(lang, catalog):
        return False
    if not accounts.accounts_configured(config.data_dir()):
        return True
    account = gate.current_account()
    if account is not None and account.is_secretariat:
        return True
    st.warning(
        t("scoring.secretariat_only", lang, account=account.name if account else "–"), icon="🔒"
    )
    return False


def signed_in_name() -> str | None:
    """Who is entering, where accounts are used: "Display name (account)"; None without them."""
    if not accounts.accounts_configured(config.data_dir()):
        return None
    account = gate.current_account()
    return f"{account.display_name} ({account.name})" if account else None


def audit(root: Path, event: str, **details: Any) -> None:
    """Append a scoring write to the accounts' audit log, where accounts are used."""
    if not accounts.accounts_configured(root):
        return
    account = gate.current_account()
    accounts.audit(
        root, event, account.name if account else "", address=gate.client_address(), **details
    )
