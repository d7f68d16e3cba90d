"""Start: what the toolkit is for, the ladder, and where to go next."""

import streamlit as st

from toolkit.framework import builtin_ladders
from toolkit.service import Can
from toolkit.service.links import INVITE, RESUME
from toolkit.ui import context, registry, widgets
from toolkit.ui.text import markdown_safe as safe

if INVITE in st.query_params or RESUME in st.query_params:
    # A link to answer, opened by someone signed in: take them to the questions it opens.
    st.switch_page(registry.ASSESS.path, query_params=dict(st.query_params))

easy = widgets.page("Co-production self-assessment", easy_title="How well do we work with you?")
service, actor = context.service(), context.actor()

if easy:
    st.write("This helps us check how we work with you.")
    st.write("You tell us how things are today. Your answers help us do better.")
    st.write("We ask about each thing one at a time.")
else:
    st.write(
        "Find out how far your organisation works **with** people, not just **for** them. "
        "People who draw on care and support, carers and staff each place your practice on "
        "the ladder of co-production, statement by statement. Round after round, the results "
        "show how far you have moved from engagement toward co-design and co-production."
    )

organisation = widgets.organisation_picker()
round_ = widgets.round_picker(organisation)
ladder = (
    service.round_framework(actor, round_).ladder
    if round_
    else builtin_ladders()["coproduction-ladder"]
)

left, right = st.columns([3, 2], gap="large")
with left:
    st.header("The ladder" if easy else "The ladder of co-production")
    widgets.ladder_picture(ladder, easy)
with right:
    if organisation is None or round_ is None:
        widgets.nothing_yet(
            "There is nothing to answer yet." if easy else "No organisation or round yet.",
            easy,
        )
    else:
        st.header("What would you like to do?" if easy else "Next")
        here = organisation.id
        if not round_.is_open:
            st.info("This round is closed." if easy else "This round is closed to new answers.")
        elif service.may(actor, Can.ANSWER, here):
            registry.link(
                registry.ASSESS,
                "Answer the questions",
                icon=":material/edit_note:",
                query_params=context.link_params(),
            )
        if service.may(actor, Can.READ_RESULTS, here):
            registry.link(
                registry.RESULTS,
                "See the results" if easy else "See results",
                icon=":material/bar_chart:",
                query_params=context.link_params(),
            )
        if service.may(actor, Can.READ_PROGRESS, here):
            registry.link(
                registry.PROGRESS,
                "See how we are doing over time" if easy else "Board progress",
                icon=":material/trending_up:",
                query_params=context.link_params(),
            )
        sent_in = service.round(actor, round_.id).submitted  # the picker's are not counted
        people = "person has" if sent_in == 1 else "people have"
        st.caption(f"{sent_in} {people} answered in {safe(round_.title)} so far.")
