"""Frameworks: read the frameworks and ladders a round can use, and add your own from a file.

A framework is someone's file, so every word of it is escaped where it is shown, and its
source's address becomes a link only when it is a web address.
"""

import json

import streamlit as st

from toolkit.framework import Framework, builtin_frameworks, builtin_ladders, framework_schema
from toolkit.service import Can
from toolkit.store import StoreError
from toolkit.ui import context, framework_upload, registry, widgets
from toolkit.ui.questions import KIND_LABELS
from toolkit.ui.text import html_safe, link_address
from toolkit.ui.text import markdown_safe as safe

easy = widgets.page("Frameworks", easy_title="Our lists of questions")
service, actor = context.service(), context.actor()

if easy:
    st.write("A framework is a list of things we ask about.")
    st.write("You say how we work with you on each thing.")
else:
    st.write(
        "A framework is a set of statements, grouped in themes, that people place on a ladder. "
        "Each round uses one framework, and keeps a copy of it exactly as it was answered."
    )


def show_framework(framework: Framework, added_here: bool) -> None:
    """One framework, theme by theme, with where it comes from."""
    heading = f"{safe(framework.title)} · version {safe(framework.version)}"
    with st.expander(heading + (" · added here" if added_here else "")):
        source = framework.source
        address = link_address(source.url)
        link = f" ([read the source](<{address}>))" if address else ""
        st.markdown(f"**Source:** {safe(source.title)}{link}")
        if source.note:
            st.caption(safe(source.note))
        ladder = framework.ladder
        if ladder.id in builtin_ladders() and ladder == builtin_ladders()[ladder.id]:
            st.markdown(f"**Ladder:** {safe(ladder.title)} (shown below)")
        else:
            st.markdown(f"**Ladder:** {safe(ladder.title)}, written in this framework")
            widgets.ladder_picture(ladder, easy)
        question = framework.easy_read_question if easy else None
        st.markdown(f"**Question:** {safe(question or framework.question)}")
        for number, theme in enumerate(framework.themes, start=1):
            lines = [f"### {number}. {safe(theme.title)}"]
            summary = theme.easy_read if easy and theme.easy_read else theme.summary
            if summary:
                lines.append(f"*{safe(summary)}*")
            items = []
            for statement in theme.statements:
                kind = KIND_LABELS.get(statement.kind, statement.kind)
                item = f"<li><strong>{html_safe(kind)}</strong>: {html_safe(statement.text)}"
                if easy:
                    item += f"<br>Easy Read: {html_safe(statement.easy_read)}"
                items.append(item + "</li>")
            lines.append(f"<ul>{''.join(items)}</ul>")
            st.markdown("\n\n".join(lines), unsafe_allow_html=True)


# --- What rounds can use ----------------------------------------------------------------------

st.header("Frameworks you can use" if not easy else "Our lists")
builtin = {(f.id, f.version) for f in builtin_frameworks().values()}
for framework in service.frameworks(actor):
    show_framework(framework, added_here=(framework.id, framework.version) not in builtin)
if registry.MANAGE.opens(service, actor):
    registry.link(
        registry.MANAGE,
        "Start a round on one of these" if not easy else "Start asking",
        icon=":material/settings:",
        query_params=context.link_params(),
    )

st.header("Ladders" if not easy else "The ladder")
for ladder in builtin_ladders().values():
    widgets.ladder_picture(ladder, easy)
    if ladder.source and ladder.source.note:
        st.caption(safe(ladder.source.note))

# --- Adding a framework from a file (admins) ------------------------------------------------

if not service.may(actor, Can.MANAGE_FRAMEWORKS):
    st.stop()
st.header("Add your own framework" if not easy else "Add a list")
st.write(
    "Write a framework as a YAML file, check it here, then add it so new rounds can use it. "
    "Start from the template: its comments explain every part. The schema lets your editor "
    "complete and check the file as you type."
)
template_col, schema_col = st.columns(2)
template_col.download_button(
    "Download the template",
    data=framework_upload.template_text(),
    file_name=framework_upload.TEMPLATE_FILE_NAME,
    mime="application/yaml",
    icon=":material/description:",
    on_click="ignore",
)
schema_col.download_button(
    "Download the JSON Schema",
    data=json.dumps(framework_schema(), indent=2),
    file_name=framework_upload.SCHEMA_FILE_NAME,
    mime="application/schema+json",
    icon=":material/data_object:",
    on_click="ignore",
)

generation = widgets.form_generation("upload_framework")
uploaded = st.file_uploader(
    "Framework file (.yaml or .yml)",
    type=["yaml", "yml"],
    max_upload_size=1,
    key=f"framework_file_{generation}",
    help="Nothing is saved until you press “Add this framework for new rounds”.",
)
if uploaded is None:
    st.stop()

check = framework_upload.check_upload(uploaded.name, uploaded.getvalue())
if check.framework is None:
    items = "\n".join(f"- {safe(problem)}" for problem in check.problems)
    st.error(f"{check.headline} Nothing has been added.\n\n{items}")
    st.write("Fix these in your editor, save the file and upload it again.")
    st.stop()

st.success(f"This file has no problems: {safe(check.framework.title)}.")
st.write(safe(framework_upload.framework_summary(check.framework)))
themes = [
    f"- {safe(theme.title)}: {len(theme.statements)} "
    f"statement{'' if len(theme.statements) == 1 else 's'}"
    for theme in check.framework.themes
]
st.markdown("\n".join(themes))
if st.button("Add this framework for new rounds", type="primary"):
    try:
        service.add_framework(actor, check.framework, check.text)
    except StoreError as error:
        st.error(safe(str(error)))
        st.stop()
    widgets.renew_form("upload_framework")
    context.flash_success(
        f"Added {check.framework.title} (version {check.framework.version}). It is in the list "
        "above, and you can choose it when you start a round on Organisations and rounds."
    )
    st.rerun()
