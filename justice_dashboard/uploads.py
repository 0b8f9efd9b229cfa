"""The upload endpoint kept to what the intake needs.

Streamlit's `/_stcore/upload_file/<session>/<file>` takes a file from any open session, whether or
not its page drew an uploader, up to `server.maxUploadSize` each and without a count limit: five
50 MB uploads filled the server's memory before anyone entered the intake secret. Here:

- `server.maxUploadSize` follows the intake's own limit (`JUSTICE_INTAKE_MAX_BYTES`, default 5 MB),
  so the endpoint refuses a larger body before reading it;
- a file from a session that has not entered the secret is not kept (`gate.session_may_upload`);
- a session holds at most one upload: a new one replaces the one before.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from justice_dashboard.errors import logger

_GUARDED = "_justice_guarded"
_LOG = logger("justice_dashboard.security")


def upload_limit_mb(max_bytes: int) -> int:
    """`server.maxUploadSize` (whole megabytes) for an intake limit in bytes."""
    return max(1, math.ceil(max_bytes / (1024 * 1024)))


def guard(manager: object, may_upload: Callable[[str], bool]) -> None:
    """Wrap `manager.add_file` (a Streamlit UploadedFileManager): keep a file only for a session
    that `may_upload`, and only its newest one. Calling it again changes nothing."""
    if getattr(manager, _GUARDED, False):
        return
    add_file = manager.add_file  # type: ignore[attr-defined]

    def guarded_add_file(session_id: str, file: object) -> None:
        if not may_upload(session_id):
            _LOG.warning("upload not kept: the session has not entered the intake secret")
            return
        storage = getattr(manager, "file_storage", {}).get(session_id, {})
        for older in [f for f in storage if f != file.file_id]:  # type: ignore[attr-defined]
            manager.remove_file(session_id, older)  # type: ignore[attr-defined]
        add_file(session_id, file)

    manager.add_file = guarded_add_file  # type: ignore[attr-defined]
    setattr(manager, _GUARDED, True)


def install() -> None:
    """Guard the running server's upload endpoint (once per process; nothing in bare/AppTest runs)."""
    from streamlit import config
    from streamlit.runtime import Runtime

    from justice_dashboard.intake.gate import session_may_upload
    from justice_dashboard.intake.reader import Limits

    if not Runtime.exists():
        return
    manager = Runtime.instance().uploaded_file_mgr
    if getattr(manager, _GUARDED, False):
        return
    limit = upload_limit_mb(Limits.from_env().max_bytes)
    if config.get_option("server.maxUploadSize") != limit:
        config.set_option("server.maxUploadSize", limit, "JUSTICE_INTAKE_MAX_BYTES")
    guard(manager, session_may_upload)
