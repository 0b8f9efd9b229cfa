"""Entry point: `streamlit run app.py`. Draws the sidebar with the filters the chosen page reads,
then runs that page."""

import streamlit as st

from justice_dashboard import ui
from justice_dashboard.i18n import t

st.set_page_config(page_title=t("app.short_title", ui.lang()), page_icon="⚖️", layout="wide")
ui.init_view()
pages = ui.pages(ui.lang())
page = st.navigation(pages)
ui.sidebar(ui.page_filters(page, pages))
page.run()
