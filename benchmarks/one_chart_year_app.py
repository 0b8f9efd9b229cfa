"""The floor for "twenty users at once": one sidebar year picker and one small Plotly bar chart
whose title names the year, so the same browser steps as on the overview can time it."""

import plotly.graph_objects as go
import streamlit as st

year = st.sidebar.selectbox("Năm", list(range(2024, 2004, -1)))
figure = go.Figure(go.Bar(x=["A", "B", "C"], y=[1, 3, year % 7]))
figure.update_layout(title=f"Một biểu đồ · {year} ·", template="plotly_white")
st.title("Một biểu đồ")
st.plotly_chart(figure, theme=None)
