"""The floor for "first chart visible": a Streamlit app that shows one small Plotly bar chart."""

import plotly.graph_objects as go
import streamlit as st

st.title("Một biểu đồ")
st.plotly_chart(go.Figure(go.Bar(x=["A", "B", "C"], y=[1, 3, 2])), theme=None)
