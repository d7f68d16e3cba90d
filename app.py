"""The co-production self-assessment app (for now: the built-in frameworks, to browse)."""

import streamlit as st

from toolkit.framework import builtin_frameworks, builtin_ladders

st.set_page_config(page_title="Co-production self-assessment", layout="wide")
st.title("Co-production self-assessment")
st.write("Find out how far you work *with* people, not just *for* them.")

for ladder in builtin_ladders().values():
    st.subheader(ladder.title)
    st.write(" → ".join(rung.label for rung in ladder.rungs))
    if ladder.source:
        st.caption(f"Source: {ladder.source.title}")

for framework in builtin_frameworks().values():
    with st.expander(f"{framework.title} (version {framework.version})"):
        st.caption(f"Source: {framework.source.title}")
        for theme in framework.themes:
            st.markdown(f"**{theme.title}**")
            for statement in theme.statements:
                st.markdown(f"- *{statement.kind}*: {statement.text}")
