"""What every page carries for people who read it with a screen reader, a keyboard or weak eyes:
the page's language declared on `<html lang>`, captions dark enough to read (WCAG AA, 4,5:1), a
focus ring on the sidebar's links, and a class for text that only assistive technology reads.

Drawn once per run by app.py (`page_shell`), before the page.
"""

from __future__ import annotations

import json

import streamlit as st

from justice_dashboard.catalog import Lang
from justice_dashboard.charts.theme import MUTED_COLOUR

# Streamlit draws captions in the text colour at 60% opacity (#797f85 on white: 4,04:1, under
# WCAG AA's 4,5:1 for body text); the charts' muted grey, opaque, reads at 5,4:1 on white and
# 4,9:1 on the sidebar's #f3f5f7. No theme option sets the caption colour, hence this rule.
CAPTION_COLOUR = MUTED_COLOUR
# The theme's primary colour: 5,2:1 on white and 4,7:1 on the sidebar (a focus ring needs 3:1).
FOCUS_COLOUR = "#0072B2"
VISUALLY_HIDDEN = "visually-hidden"
SHELL_MARK = "jd-page-shell"

STYLE = f"""
<style>
.stApp [data-testid="stCaptionContainer"] {{ color: {CAPTION_COLOUR}; opacity: 1; }}
.stApp [data-testid="stSidebarNav"] a:focus-visible {{
  outline: 2px solid {FOCUS_COLOUR};
  outline-offset: 2px;
}}
.{VISUALLY_HIDDEN} {{
  position: absolute !important;
  width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap;
}}
/* The element holding a hidden text (or this shell) takes no room in the page's layout. */
[data-testid="stElementContainer"]:has(.{VISUALLY_HIDDEN}),
[data-testid="stElementContainer"]:has(.{SHELL_MARK}) {{
  position: absolute; width: 1px; height: 1px; overflow: hidden;
}}
</style>
"""


def page_shell(lang: Lang) -> None:
    """The page's stylesheet and its `<html lang>` (Streamlit serves its page as `lang="en"` and
    offers no setting; a script sets the attribute, and again whenever the language changes)."""
    st.html(
        f'{STYLE}<span class="{SHELL_MARK}" hidden></span>'
        f"<script>document.documentElement.lang = {json.dumps(lang)};</script>",
        unsafe_allow_javascript=True,
    )
