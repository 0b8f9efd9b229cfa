"""Entry point: `streamlit run app.py`. Draws the sidebar with the filters the chosen page reads,
then runs that page; an unexpected error shows a short message with an id (logged with its stack)."""

import streamlit as st

from justice_dashboard import accessibility, client_input, errors, ui, uploads
from justice_dashboard.i18n import t

client_input.install()
st.set_page_config(page_title=t("app.short_title", ui.lang()), page_icon="⚖️", layout="wide")
uploads.install()
with errors.boundary(ui.lang, ui.page_path_for_log):
    ui.init_view()
    accessibility.page_shell(ui.lang())
    pages = ui.pages(ui.lang())
    page = st.navigation(pages)
    ui.sidebar(ui.page_filters(page, pages))
    page.run()
