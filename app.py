"""Innosikt: the app frame — page config, navigation, shared sidebar."""

import streamlit as st

from app_pages import _ui

st.set_page_config(
    page_title="Innosikt",
    page_icon="📊",  # an emoji, not a :material/ icon: those are fetched from a font CDN
    layout="wide",
)

# Pages live in app_pages/, not pages/: with a pages/ folder Streamlit runs a deep link opened
# first on a fresh server without this frame (see README). st.navigation lists every page.
with _ui.run_slot():  # a bounded number of runs at once per process (see _ui.run_slot)
    _ui.start_run()
    pages = [
        st.Page("app_pages/oversikt.py", title=_ui.tr("page_overview"), default=True),
        st.Page("app_pages/kommuneprofil.py", title=_ui.tr("page_profile")),
        st.Page("app_pages/innovasjon.py", title=_ui.tr("page_innovation")),
        st.Page("app_pages/idebank.py", title=_ui.tr("ideas_page")),
        st.Page("app_pages/prosjekter.py", title=_ui.tr("portfolio_page")),
        st.Page("app_pages/rangering.py", title=_ui.tr("page_ranking")),
        st.Page("app_pages/data.py", title=_ui.tr("page_data")),
        st.Page("app_pages/presentasjon.py", title=_ui.tr("page_presentation")),
        st.Page("app_pages/metode.py", title=_ui.tr("page_method")),
    ]
    navigation = st.navigation(pages)
    _ui.sidebar()
    navigation.run()
