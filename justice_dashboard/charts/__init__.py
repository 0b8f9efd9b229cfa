"""Pure chart builders: `(frame, options) -> go.Figure`, no Streamlit calls."""
