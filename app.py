"""Entry point: `streamlit run app.py`. Draws the shared sidebar, then runs the chosen page."""

import streamlit as st

from justice_dashboard import ui
from justice_dashboard.i18n import t
from justice_dashboard.navigation import PAGES, page_path

st.set_page_config(page_title=t("app.short_title", ui.lang()), page_icon="⚖️", layout="wide")
view = ui.sidebar()
pages = [
    st.Page(page_path(p), title=t(p.title_key, view.lang), icon=p.icon, url_path=p.url_path)
    for p in PAGES
]
st.navigation(pages).run()
