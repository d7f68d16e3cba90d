"""The Actions page through AppTest: the list, the summary, adding, changing and deleting."""

from __future__ import annotations

import datetime as dt

from conftest import click, open_page, widget
from reading import read, read_all, shown

# The demo's eleven actions as the list shows them, soonest due first: what, what it is about,
# the round (0 the first, 2 the latest), owner, due (days from today), status and whether it
# is overdue. The two overdue ones are still to finish and past their due date.
DEMO_ACTIONS = [
    (
        "Pay people who draw on care and support for their time at training days and on "
        "interview panels, at our sessional rate.",
        "“I can help train staff by sharing my experience, and I am paid or thanked fairly for "
        "it.”",
        0,
        "Head of HR",
        -400,
        "Done",
        "",
    ),
    (
        "Set up a reading group of people who draw on care and support and carers to check "
        "every new leaflet before it is printed.",
        "Theme: Information and advice",
        0,
        "Priya (communications lead)",
        -360,
        "Done",
        "",
    ),
    (
        "Review the direct payment paperwork with people who use direct payments.",
        "“We design and review our personal budget and direct payment processes together with "
        "the people who use them.”",
        0,
        "Direct payments team leader",
        -240,
        "No longer needed",
        "",
    ),
    (
        "Open the small grants panel to two people who draw on care and support and one carer.",
        "“We share decisions about community funding and support with the people and groups "
        "who will use it.”",
        1,
        "Community development worker",
        -150,
        "Done",
        "",
    ),
    (
        "Buy an outside co-production course for team leaders (replaced by training run with "
        "our own co-production group).",
        "Theme: Workforce",
        1,
        "Learning and development lead",
        -90,
        "No longer needed",
        "",
    ),
    (
        "Go through each person's crisis plan with them and their carer, and give them a copy "
        "they can read.",
        "“I helped make a plan for what should happen in a crisis, and the people who support "
        "me follow it.”",
        1,
        "Sam (senior support worker)",
        -45,
        "In progress",
        "Overdue by 45 days",
    ),
    (
        "Invite the people affected to every complaint review, with support to take part.",
        "“We learn from complaints and mistakes by looking at what happened together with the "
        "people affected.”",
        1,
        "Registered manager",
        -20,
        "Planned",
        "Overdue by 20 days",
    ),
    (
        "Hold two listening sessions with people who draw on care and support and carers to "
        "find out why planning for change has slipped, and agree what to do.",
        "Theme: When things need to change",
        2,
        "Operations manager",
        45,
        "Planned",
        "",
    ),
    (
        "Hold the carers' forum every quarter with the operations manager there.",
        "“We treat carers as partners in planning support, and we work with them on what "
        "helps their own wellbeing.”",
        1,
        "Operations manager",
        60,
        "In progress",
        "",
    ),
    (
        "Rewrite the older standard letters with the reading group, starting with review and "
        "charging letters.",
        "“The information I get has been written or checked by people who draw on care and "
        "support, so it makes sense to me.”",
        2,
        "Priya (communications lead)",
        90,
        "In progress",
        "",
    ),
    (
        "Let the small grants panel shortlist the bids itself from next year.",
        "“We share decisions about community funding and support with the people and groups "
        "who will use it.”",
        2,
        "Community development worker",
        180,
        "Planned",
        "",
    ),
]
WHAT = [action[0] for action in DEMO_ACTIONS]
OVERDUE = [action[0] for action in DEMO_ACTIONS if action[-1]]


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def demo_organisation(store):
    (organisation,) = store.organisations()
    return organisation


def table(at):
    (frame,) = at.table
    return frame.value.map(lambda cell: read(cell) if isinstance(cell, str) else cell).rename(
        columns=read
    )


def test_empty_database_says_there_is_nothing_yet(empty_app):
    at = open_page("actions")
    assert not at.exception and not at.error
    assert "No organisation yet, so no actions." in shown(at)
    assert [link.proto.label for link in at.get("page_link")] == [
        "Set up an organisation and a round"
    ]


def test_organisation_without_actions_invites_the_first(empty_app):
    empty_app.create_organisation("Hillside Homes")
    at = open_page("actions")
    assert not at.exception and not at.error
    assert "No actions yet. Add the first one below." in shown(at)
    assert not at.table


def test_the_table_lists_every_demo_action_and_marks_the_overdue_ones(demo_app):
    today = dt.date.today()  # the day the demo was loaded, just now (its dates follow it)
    titles = [r.title for r in demo_app.rounds()]
    at = open_page("actions")
    assert not at.exception and not at.error
    rows = table(at)
    assert list(rows.columns) == ["What", "About", "Round", "Owner", "Due", "Status", "Overdue"]
    assert [tuple(row) for row in rows.itertuples(index=False)] == [
        (what, about, titles[round_], owner, long_date(today + dt.timedelta(days=due)), *rest)
        for what, about, round_, owner, due, *rest in DEMO_ACTIONS
    ]
    # Overdue is said in words beside the colour.
    assert "2 overdue: shown in red, with “Overdue” in the last column." in shown(at)


def test_the_summary_counts_the_demo_actions(demo_app):
    at = open_page("actions")
    assert (
        "**Actions: 3 done · 3 in progress · 3 planned · 2 overdue · 2 no longer needed**"
        in shown(at)
    )


def test_filters_show_only_the_overdue_actions_or_one_round(demo_app):
    organisation = demo_organisation(demo_app)
    at = open_page("actions")
    widget(at.selectbox, "actions_filter_status").set_value("overdue").run()
    assert list(table(at)["What"]) == OVERDUE
    widget(at.selectbox, "actions_filter_status").set_value("any").run()
    latest = demo_app.rounds(organisation.id)[-1]
    widget(at.selectbox, "actions_filter_round").set_value(latest.id).run()
    assert list(table(at)["What"]) == [action[0] for action in DEMO_ACTIONS if action[2] == 2]


def test_adding_an_action_through_the_form_stores_it(demo_app):
    organisation = demo_organisation(demo_app)
    before = {a.id for a in demo_app.actions(organisation.id)}
    latest = demo_app.rounds(organisation.id)[-1]
    at = open_page("actions")
    assert widget(at.selectbox, "actions_add_round").value == latest.id
    widget(at.selectbox, "actions_add_about").set_value("theme:workforce")
    widget(at.text_area, "actions_add_text").input("Pay for travel to the co-production group.")
    widget(at.text_input, "actions_add_owner").input("Finance manager")
    widget(at.date_input, "actions_add_due").set_value(dt.date(2030, 1, 31))
    widget(at.selectbox, "actions_add_status").set_value("in_progress")
    click(at, "Add this action")
    assert not at.error
    (new,) = [a for a in demo_app.actions(organisation.id) if a.id not in before]
    assert (new.text, new.owner, new.due_on, new.status) == (
        "Pay for travel to the co-production group.",
        "Finance manager",
        dt.date(2030, 1, 31),
        "in_progress",
    )
    assert (new.round_id, new.theme_id, new.statement_id) == (latest.id, "workforce", None)
    assert "Action added." in read_all(s.value for s in at.success)
    # The form starts empty again, and the new action is in the list.
    assert widget(at.text_area, "actions_add_text").value == ""
    assert new.text in list(table(at)["What"])


def test_an_action_needs_words(demo_app):
    organisation = demo_organisation(demo_app)
    at = open_page("actions")
    widget(at.text_input, "actions_add_owner").input("Somebody")
    click(at, "Add this action")
    assert read_all(e.value for e in at.error) == ["An action needs to say what will be done."]
    assert len(demo_app.actions(organisation.id)) == 11


def test_a_link_from_results_prefills_the_statement_and_saves_against_it(demo_app):
    organisation = demo_organisation(demo_app)
    first = demo_app.rounds(organisation.id)[0]
    before = {a.id for a in demo_app.actions(organisation.id)}
    at = open_page("actions", round=first.id, statement="info-1")
    assert not at.exception and not at.error
    assert (
        "Add an action about: **“The information I get has been written or checked by people "
        "who draw on care and support, so it makes sense to me.”**"
    ) in shown(at)
    assert widget(at.selectbox, "actions_add_round").value == first.id
    assert widget(at.selectbox, "actions_add_about").value == "statement:info-1"
    widget(at.text_area, "actions_add_text").input("Test every new letter with the reading group.")
    click(at, "Add this action")
    assert not at.error
    (new,) = [a for a in demo_app.actions(organisation.id) if a.id not in before]
    assert (new.round_id, new.statement_id, new.theme_id) == (first.id, "info-1", None)
    assert (new.status, new.due_on, new.owner) == ("planned", None, "")
    # The link has done its job: the next action starts afresh.
    assert "statement" not in at.query_params
    assert "Add an action about" not in shown(at)


def test_a_link_to_a_statement_the_round_lacks_is_explained(demo_app):
    organisation = demo_organisation(demo_app)
    first = demo_app.rounds(organisation.id)[0]
    at = open_page("actions", round=first.id, statement="no-such-statement")
    assert not at.exception and not at.error
    assert read_all(w.value for w in at.warning) == [
        f"{first.title} has nothing called “no-such-statement” to link to."
    ]


def test_changing_an_actions_status(demo_app):
    organisation = demo_organisation(demo_app)
    action = next(a for a in demo_app.actions(organisation.id) if a.status == "planned")
    at = open_page("actions")
    widget(at.selectbox, "actions_change_choice").set_value(action.id).run()
    assert widget(at.text_area, "actions_change_text").value == action.text
    widget(at.selectbox, "actions_change_status").set_value("done")
    widget(at.text_input, "actions_change_owner").input("Deputy manager")
    click(at, "Save changes")
    assert not at.error
    changed = demo_app.action(action.id)
    assert (changed.status, changed.owner, changed.text) == ("done", "Deputy manager", action.text)
    assert "Changes saved." in read_all(s.value for s in at.success)
    row = table(at).set_index("What").loc[action.text]
    assert (row["Status"], row["Overdue"]) == ("Done", "")


def test_deleting_needs_the_confirmation(demo_app):
    organisation = demo_organisation(demo_app)
    action = demo_app.actions(organisation.id)[-1]
    at = open_page("actions")
    widget(at.selectbox, "actions_change_choice").set_value(action.id).run()
    click(at, "Delete this action")
    assert read_all(w.value for w in at.warning) == [
        "Tick “Yes, delete this action” first, then press Delete this action."
    ]
    assert demo_app.action(action.id) == action
    widget(at.checkbox, "actions_delete_sure").check().run()
    click(at, "Delete this action")
    assert not at.error
    assert action.id not in {a.id for a in demo_app.actions(organisation.id)}
    assert action.text not in list(table(at)["What"])


def test_easy_read_uses_simple_words(demo_app):
    at = open_page("actions", easy=True)
    assert not at.exception and not at.error
    text = shown(at)
    assert at.title[0].value == "What we will do"
    assert "We have done 3 things. We are doing 3 now. 3 are still to start. 2 are late." in text
    assert "2 are late. They are in red." in text
    rows = table(at)
    assert list(rows["Late"]) == [late.replace("Overdue", "Late") for *_, late in DEMO_ACTIONS]
    # What an action is about, in the statement's Easy Read words.
    assert rows["About"][0] == "“You can help train our staff. We pay you or thank you fairly.”"
