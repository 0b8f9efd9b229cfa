"""Who may enter manual points, and the scores page's session-state keys (Streamlit side).

For now manual points are entered behind the same unlock as the intake page (the intake secret,
asked once per session: `intake.gate.unlocked`). Accounts (another issue) will replace it here, in
`may_enter_manual_points`, and nowhere else.
"""

from __future__ import annotations

from justice_dashboard.catalog import Lang
from justice_dashboard.intake import gate

KEY_GROUP = "scores_manual_group"
KEY_DETAIL_UNIT = "scores_detail_unit"
KEY_BY = "scores_manual_by"
KEY_SAVED = "scores_manual_saved"


def editor_key(year: int, agency: str, version: str) -> str:
    """The form of one year's and group's manual points, started afresh from each version."""
    return f"scores_manual_{year}_{agency}_{version}"


def may_enter_manual_points(lang: Lang) -> bool:
    """Whether this session may enter manual points (draws the unlock prompt when it may not yet)."""
    return gate.unlocked(lang)
