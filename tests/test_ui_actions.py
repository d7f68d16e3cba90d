"""The Actions page through AppTest: the list, the summary, adding, changing and deleting."""

from __future__ import annotations

import datetime as dt

from conftest import click, open_page, widget
from reading import read, read_all, shown

from toolkit.store.records import ACTION_STATUS_LABELS

TODAY = dt.date.today()


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
    organisation = demo_organisation(demo_app)
    actions = demo_app.actions(organisation.id)
    at = open_page("actions")
    assert not at.exception and not at.error
    rows = table(at)
    assert sorted(rows["What"]) == sorted(a.text for a in actions)
    overdue = {a.text: (TODAY - a.due_on).days for a in actions if a.overdue(TODAY)}
    assert overdue, "the demo has overdue actions"
    marked = {row.What: row.Overdue for row in rows.itertuples() if row.Overdue}
    assert marked == {text: f"Overdue by {days} days" for text, days in overdue.items()}
    by_text = {a.text: a for a in actions}
    for row in rows.itertuples():
        action = by_text[row.What]
        assert row.Status == ACTION_STATUS_LABELS[action.status]
        assert row.Owner == action.owner
        assert row.Due == (f"{action.due_on.day} {action.due_on:%B %Y}" if action.due_on else "")
    # What each action is about, in words from the round's framework.
    letters = next(a for a in actions if a.statement_id == "info-1")
    framework = demo_app.round_framework(letters.round_id)
    about = rows.set_index("What").loc[letters.text, "About"]
    assert about == f"“{framework.statement('info-1').text}”"
    theme_action = next(a for a in actions if a.theme_id)
    about = rows.set_index("What").loc[theme_action.text, "About"]
    assert about == f"Theme: {framework.theme(theme_action.theme_id).title}"
    # Overdue is said in words beside the colour.
    assert f"{len(overdue)} overdue: shown in red" in shown(at)


def test_the_summary_matches_the_store(demo_app):
    organisation = demo_organisation(demo_app)
    summary = demo_app.action_summary(organisation.id)
    at = open_page("actions")
    expected = (
        f"Actions: {summary.done} done · {summary.in_progress} in progress · "
        f"{summary.planned} planned · {summary.overdue} overdue"
    )
    assert expected in shown(at)
    assert summary.overdue > 0 and summary.done > 0


def test_filters_show_only_the_overdue_actions_or_one_round(demo_app):
    organisation = demo_organisation(demo_app)
    actions = demo_app.actions(organisation.id)
    at = open_page("actions")
    widget(at.selectbox, "actions_filter_status").set_value("overdue").run()
    assert sorted(table(at)["What"]) == sorted(a.text for a in actions if a.overdue(TODAY))
    widget(at.selectbox, "actions_filter_status").set_value("any").run()
    latest = demo_app.rounds(organisation.id)[-1]
    widget(at.selectbox, "actions_filter_round").set_value(latest.id).run()
    assert sorted(table(at)["What"]) == sorted(a.text for a in actions if a.round_id == latest.id)


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
    count = len(demo_app.actions(organisation.id))
    at = open_page("actions")
    widget(at.text_input, "actions_add_owner").input("Somebody")
    click(at, "Add this action")
    assert read_all(e.value for e in at.error) == ["An action needs to say what will be done."]
    assert len(demo_app.actions(organisation.id)) == count


def test_a_link_from_results_prefills_the_statement_and_saves_against_it(demo_app):
    organisation = demo_organisation(demo_app)
    first = demo_app.rounds(organisation.id)[0]
    statement = demo_app.round_framework(first.id).statement("info-1")
    before = {a.id for a in demo_app.actions(organisation.id)}
    at = open_page("actions", round=first.id, statement="info-1")
    assert not at.exception and not at.error
    assert f"Add an action about: **“{statement.text}”**" in shown(at)
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
    organisation = demo_organisation(demo_app)
    summary = demo_app.action_summary(organisation.id)
    at = open_page("actions", easy=True)
    assert not at.exception and not at.error
    text = shown(at)
    assert at.title[0].value == "What we will do"
    assert f"We have done {summary.done} things." in text
    assert f"{summary.overdue} are late." in text
    late = [value for value in table(at)["Late"] if value]
    assert len(late) == summary.overdue and all(v.startswith("Late by ") for v in late)
