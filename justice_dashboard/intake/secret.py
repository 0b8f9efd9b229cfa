"""The intake secret: from Streamlit secrets (`intake_secret`) or `$JUSTICE_INTAKE_SECRET`.

Only the intake page and the rollback button need it; browsing the dashboard never does. The
comparison takes constant time (`hmac.compare_digest`).
"""

from __future__ import annotations

import hmac
import os

SECRET_ENV = "JUSTICE_INTAKE_SECRET"
SECRET_KEY = "intake_secret"


def configured_secret() -> str | None:
    """The configured secret, or None when none is set (then the intake stays locked)."""
    try:
        import streamlit as st

        value = st.secrets.get(SECRET_KEY)
    except Exception:  # no secrets.toml at all: Streamlit raises rather than returning None
        value = None
    value = value or os.environ.get(SECRET_ENV, "")
    value = str(value).strip()
    return value or None


def secret_matches(entered: str, configured: str | None) -> bool:
    if not configured or not entered:
        return False
    return hmac.compare_digest(entered.strip().encode("utf-8"), configured.encode("utf-8"))
