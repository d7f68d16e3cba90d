"""The co-production self-assessment app: its pages, and the safety net around them.

Run with `make run` (or `streamlit run app.py`).
"""

from pathlib import Path

import streamlit as st

from toolkit.ui import context

st.set_page_config(
    page_title="Co-production self-assessment",
    page_icon=str(Path(__file__).parent / "toolkit" / "ui" / "ladder-icon.png"),
    layout="wide",
    initial_sidebar_state="collapsed",
)

PAGES = "toolkit/ui/pages"
navigation = st.navigation(
    [
        st.Page(f"{PAGES}/start.py", title="Start", icon=":material/home:", default=True),
        st.Page(
            f"{PAGES}/assess.py",
            title="Answer the questions",
            icon=":material/edit_note:",
            url_path="assess",
        ),
        st.Page(
            f"{PAGES}/results.py", title="Results", icon=":material/bar_chart:", url_path="results"
        ),
        st.Page(
            f"{PAGES}/progress.py",
            title="Board progress",
            icon=":material/trending_up:",
            url_path="progress",
        ),
        st.Page(
            f"{PAGES}/actions.py", title="Actions", icon=":material/task_alt:", url_path="actions"
        ),
        st.Page(
            f"{PAGES}/frameworks.py",
            title="Frameworks",
            icon=":material/menu_book:",
            url_path="frameworks",
        ),
        st.Page(
            f"{PAGES}/manage.py",
            title="Organisations and rounds",
            icon=":material/settings:",
            url_path="manage",
        ),
    ],
    position="top",
)

with context.safety_net():
    navigation.run()
