"""The floor for bench_pages.py: a Streamlit app that draws one plotly chart and nothing else.

Any page whose first chart is a plotly chart waits for the same 4.7 MB chart bundle, so this
shows how close to `streamlit hello` a plotly page can get on this machine.
"""

import plotly.graph_objects as go
import streamlit as st

st.title("Én graf")
st.plotly_chart(go.Figure(go.Scatter(x=[2019, 2020, 2021], y=[3, 1, 2])))
