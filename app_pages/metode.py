"""Work in progress: filled in by the issue 3 work."""

import streamlit as st

from app_pages import _ui

st.title(_ui.tr("page_method"))
