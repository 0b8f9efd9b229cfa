"""Axis labels that read in full: long names broken over lines at word boundaries, never cut."""

from __future__ import annotations

import textwrap


def wrap_label(text: str, width: int = 28) -> str:
    """'Số dự thảo VBQPPL được thẩm định đúng hạn' -> 'Số dự thảo VBQPPL được<br>thẩm định đúng hạn'.

    Lines of at most `width` characters where the words allow it (a longer word keeps its own
    line, whole); joined with Plotly's line break."""
    lines = textwrap.wrap(str(text), width=width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(lines) if lines else str(text)
