"""Widget values from a client that no widget of ours could have sent are ignored, so the widget
keeps the value it had (or takes its default) instead of breaking the page.

A browser sends each widget's value in the kind the widget declared (a radio a string, a slider a
list of numbers). A script speaking Streamlit's websocket protocol can send any kind for any widget:
a list for a radio made Streamlit's own registration raise TypeError, an integer for a radio put a
number where the page expects a language. Streamlit reads what arrives without checking its kind.

`install()` makes the one place where Streamlit reads an incoming value (`WStates.__getitem__`)
refuse one whose kind differs from the kind the widget declared, or that the widget's own
deserializer cannot read: the value reads as absent and Streamlit falls back to the widget's previous
value, as it does for a value it has no widget for. Values of the right kind that are not among the
options are Streamlit's to replace (it does, with the default; `ui.option_label` keeps the labels
from failing on them first).

This wraps a Streamlit internal (pinned by uv.lock); `tests/test_hostile_clients.py` sends every
kind of value to every widget of every page and fails if a page breaks.
"""

from __future__ import annotations

from typing import Any

from justice_dashboard.errors import logger

_LOG = logger("justice_dashboard.security")
_INSTALLED = "_justice_checks_kinds"


def install() -> None:
    """Check the kind of every incoming widget value (once per process)."""
    from streamlit.runtime.state.session_state import Serialized, WStates

    if getattr(WStates, _INSTALLED, False):
        return
    read = WStates.__getitem__

    def checked_read(self: Any, widget_id: str) -> Any:
        stored = self.states.get(widget_id)
        metadata = self.widget_metadata.get(widget_id)
        if not isinstance(stored, Serialized) or metadata is None:
            return read(self, widget_id)
        kind = stored.value.WhichOneof("value")
        try:
            if kind is not None and kind != metadata.value_type:
                raise TypeError(f"{kind} sent for a {metadata.value_type} widget")
            return read(self, widget_id)
        except KeyError:
            raise
        except Exception as error:  # the widget's own deserializer could not read it either
            # Left where it is (Streamlit may be iterating over these states), read as absent.
            _LOG.warning("widget value ignored (%s): %s", metadata.value_type, error)
            raise KeyError(widget_id) from error

    WStates.__getitem__ = checked_read  # type: ignore[method-assign]
    setattr(WStates, _INSTALLED, True)
