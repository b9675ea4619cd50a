"""Innosikt's analysis layer: plain Python and pandas, never Streamlit."""
