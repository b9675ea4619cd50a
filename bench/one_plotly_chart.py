"""The floor for bench_pages.py: a Streamlit app that draws one plotly chart and nothing else.

Any page whose first chart is a plotly chart waits for the same 4.7 MB chart bundle, so this
shows how close to `streamlit hello` a plotly page can get on this machine.

With INNOSIKT_BENCH_ELEMENT set (bench_elements.py), INNOSIKT_BENCH_COPIES copies of that
element come first, so their cost to the first chart can be read off against the bare floor.
"""

import os

import plotly.graph_objects as go
import streamlit as st

NAMES = [f"Kommune {n}" for n in range(357)]
TABLE = "| Navn | Plass | Endring |\n|:--|--:|--:|\n" + "\n".join(
    f"| Kommune {n} | {n} | +{n} |" for n in range(10)
)


def element(kind: str, n: int) -> None:
    """One copy of an element Oversikt uses, shaped as Oversikt uses it."""
    if kind == "selectbox":
        st.selectbox(f"Kommune {n}", NAMES, key=f"selectbox_{n}")
    elif kind == "slider":
        st.slider(f"År {n}", 2015, 2024, (2015, 2024), key=f"slider_{n}")
    elif kind == "segmented_control":
        st.segmented_control(f"Språk {n}", ["nb", "en"], default="nb", key=f"seg_{n}")
    elif kind == "metric":
        st.metric(f"Plassering {n}", "12 av 357", delta=3, help="Endring fra i fjor", border=True)
    elif kind == "metric_no_help":
        st.metric(f"Plassering {n}", "12 av 357", delta=3, border=True)
    elif kind == "download_button":
        st.download_button("CSV", b"x", file_name="x.csv", key=f"dl_{n}", on_click="ignore")
    elif kind == "popover":
        with st.popover("Legg til i presentasjon", icon=":material/slideshow:"):
            st.selectbox("Presentasjon", ["Ny"], key=f"pop_select_{n}")
            st.button("Legg til", key=f"pop_button_{n}")
    elif kind == "markdown_table":
        st.markdown(TABLE)
    elif kind == "caption":
        st.caption(f"Kilde: demodata, n = {n}")
    else:
        raise ValueError(f"unknown element {kind!r}")


st.title("Én graf")
for n in range(int(os.environ.get("INNOSIKT_BENCH_COPIES", "0"))):
    element(os.environ["INNOSIKT_BENCH_ELEMENT"], n)
st.plotly_chart(go.Figure(go.Scatter(x=[2019, 2020, 2021], y=[3, 1, 2])))
