"""app.py compiled once per server process for `timed_app.py` (imported modules are kept between
reruns; the script Streamlit runs is not), as Streamlit itself compiles the script it runs once."""

from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"
CODE = compile(APP.read_text(encoding="utf-8"), str(APP), "exec")
