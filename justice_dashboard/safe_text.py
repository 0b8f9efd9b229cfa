"""Text that came from a user (a file's name, a sender's name, a cell) made safe to show.

- `plain`: one line without control characters: ANSI escape sequences, newlines, bidi overrides,
  zero-width characters and other invisible format characters are removed (a newline or tab
  becomes a space), so a name cannot redraw a terminal, fake a line of output or reverse its text.
- `visible`: the same text with every invisible or non-ASCII character written out (`VB\\u200b01`),
  so a message can show what really is in a cell that looks like a known code.
- `md_code`: a text as a Markdown code span, so Streamlit draws it literally: no bold, no link, no
  remote image, no colour directive.
"""

from __future__ import annotations

import re
import unicodedata

# CSI and OSC sequences (ESC [ … final byte; ESC ] … BEL or ESC \), then any lone ESC pair.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b.?")
_SPACE_LIKE = {"\n", "\r", "\t", "\v", "\f", "\x85", "\u2028", "\u2029"}
DEFAULT_LIMIT = 200


def _is_invisible(char: str) -> bool:
    """Control (Cc), format (Cf: bidi overrides, zero-width, BOM), and unassigned or private use."""
    return unicodedata.category(char) in {"Cc", "Cf", "Cn", "Co", "Cs"}


def plain(text: object, limit: int = DEFAULT_LIMIT) -> str:
    """One printable line: escapes and invisible characters removed, spaces collapsed, at most
    `limit` characters (then "…")."""
    raw = unicodedata.normalize("NFC", _ANSI.sub("", str(text)))
    kept = "".join(
        " " if char in _SPACE_LIKE else char
        for char in raw
        if not _is_invisible(char) or char in _SPACE_LIKE
    )
    line = re.sub(r"\s+", " ", kept).strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def visible(text: object, *, ascii_only: bool = False) -> str:
    """Invisible characters written as `\\uXXXX` (and, with `ascii_only`, every non-ASCII one, so a
    Cyrillic "В" in "ВB01" shows as `\\u0412B01`)."""
    out = []
    for char in str(text):
        if (
            _is_invisible(char)
            or (ascii_only and not char.isascii())
            or (unicodedata.category(char) == "Zs" and char != " ")
        ):
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    return "".join(out)


def md_code(text: object, limit: int = DEFAULT_LIMIT) -> str:
    """`text` as an inline Markdown code span (drawn literally); a fence longer than any run of
    backticks inside it, padded when the text starts or ends with one."""
    line = plain(text, limit) or " "
    longest = max((len(run) for run in re.findall(r"`+", line)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if line.startswith("`") or line.endswith("`") else ""
    return f"{fence}{pad}{line}{pad}{fence}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=])")


def md_text(text: object, limit: int = DEFAULT_LIMIT) -> str:
    """`text` as plain words in Markdown: every character Markdown (or Streamlit's `:colour[…]`,
    `:material/…:` and `$…$` directives) would read escaped, so it wraps like text but draws
    literally."""
    return _MD_SPECIAL.sub(r"\\\1", plain(text, limit))
