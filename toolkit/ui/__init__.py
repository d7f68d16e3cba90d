"""The Streamlit app: shared context and widgets, and one module per page under `pages/`."""
