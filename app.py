"""Entry point: `streamlit run app.py`. Draws the shared sidebar, then runs the chosen page."""

import streamlit as st

from justice_dashboard import ui
from justice_dashboard.i18n import t

st.set_page_config(page_title=t("app.short_title", ui.lang()), page_icon="⚖️", layout="wide")
view = ui.sidebar()
st.navigation(ui.pages(view.lang)).run()
