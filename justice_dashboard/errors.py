"""No traceback reaches a browser: an unexpected error shows a short message with an id, and the id
is logged on the server with the stack (`logger`, stderr of the app's process).

Streamlit's own error details are off (`client.showErrorDetails = "none"` in .streamlit/config.toml)
for whatever this boundary does not catch. The test suite sets JUSTICE_RAISE_ERRORS=1 so that an
unexpected error fails the test that met it instead of turning into a message (a test of the boundary
itself unsets it).
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections.abc import Callable, Iterator

from justice_dashboard.catalog import Lang
from justice_dashboard.i18n import t

RAISE_ENV = "JUSTICE_RAISE_ERRORS"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def logger(name: str = "justice_dashboard") -> logging.Logger:
    """The project's logger, writing to stderr once configured (the server log)."""
    root = logging.getLogger("justice_dashboard")
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(_FORMAT))
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        root.propagate = False
    return logging.getLogger(name)


def new_error_id() -> str:
    return secrets.token_hex(4)


@contextlib.contextmanager
def boundary(lang: Callable[[], Lang], where: Callable[[], str] = lambda: "") -> Iterator[None]:
    """Run a page: an unexpected error is logged with its id and stack, and the page says, in its
    language, that something went wrong and which id to quote. Streamlit's stop and rerun pass
    through (they are not `Exception`s)."""
    try:
        yield
    except Exception as error:
        error_id = new_error_id()
        logger("justice_dashboard.errors").error(
            "unexpected error %s on %s", error_id, where() or "?", exc_info=error
        )
        if os.environ.get(RAISE_ENV) == "1":
            raise
        import streamlit as st

        st.error(t("app.unexpected_error", lang(), id=error_id), icon="⚠️")
