"""The co-production self-assessment app: who is asking, the pages they may open, and the
safety net around them.

Run with `make run` (or `streamlit run app.py`).
"""

from pathlib import Path

import streamlit as st

from toolkit.service import SignedIn
from toolkit.ui import context, registry, session

st.set_page_config(
    page_title="Co-production self-assessment",
    page_icon=str(Path(__file__).parent / "toolkit" / "ui" / "ladder-icon.png"),
    layout="wide",
    initial_sidebar_state="collapsed",
)


def sign_out() -> None:
    session.end(context.service(), context.actor())
    context.set_actor(session.actor(context.service()))
    st.rerun()


navigation = None
with context.safety_net():
    service = context.service()
    if not isinstance(context.actor(), SignedIn):
        session.single_sign_on(service)
    context.set_actor(session.actor(service))
    pages = registry.pages_for(service, context.actor())
    extra = (
        [st.Page(sign_out, title="Sign out", icon=":material/logout:", url_path="sign-out")]
        if isinstance(context.actor(), SignedIn)
        else []
    )
    navigation = registry.navigation(pages, *extra)

if navigation is None:  # the database could not be reached: the safety net said so
    st.stop()
with context.safety_net():
    navigation.run()
