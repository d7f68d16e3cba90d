"""The Organisations and rounds page through AppTest: set up, start, close, reopen, rename."""

from __future__ import annotations

import datetime as dt

from conftest import click, open_page, widget
from reading import read, read_all, shown


def add_organisation(at, name: str):
    widget(at.text_input, "organisation_name").input(name)
    return click(at, "Add organisation")


def start_round(at, title: str, framework_key: str | None = None, opened_on=None):
    widget(at.text_input, "round_title").input(title)
    if framework_key:
        widget(at.selectbox, "round_framework").set_value(framework_key)
    if opened_on:
        widget(at.date_input, "round_opened").set_value(opened_on)
    return click(at, "Start this round")


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def page_links(at) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


def test_an_empty_database_asks_for_an_organisation_first(empty_app):
    at = open_page("manage")
    assert not at.exception and not at.error
    assert "Start by adding your organisation above." in shown(at)
    assert at.expander[0].label == "Add an organisation"


def rounds_table(at):
    (frame,) = at.table
    return frame.value.map(lambda cell: read(cell) if isinstance(cell, str) else cell).rename(
        columns=read
    )


def test_the_demo_lists_its_rounds(demo_app):
    newest, middle, oldest = reversed(demo_app.rounds())
    at = open_page("manage")
    assert not at.exception and not at.error
    rows = rounds_table(at)
    assert list(rows["Round"]) == [newest.title, middle.title, oldest.title]
    assert list(rows["Status"]) == ["Open", "Closed", "Closed"]
    assert list(rows["Answers sent in"]) == [16, 15, 14]
    assert list(rows["Started, not sent"]) == [2, 0, 0]
    assert list(rows["Opened"]) == [long_date(r.opened_on) for r in (newest, middle, oldest)]
    # The newest round is still open; the others closed six weeks after they opened.
    assert list(rows["Closed"]) == [
        "",
        long_date(middle.opened_on + dt.timedelta(days=42)),
        long_date(oldest.opened_on + dt.timedelta(days=42)),
    ]
    assert set(rows["Framework"]) == {
        "Making it Real: personalised care and support, worked out together (version 2018.2)"
    }
    assert "Rounds of Riverside Care (demo)" in shown(at)


def test_setting_up_from_nothing_creates_an_organisation_and_a_round(empty_app):
    at = add_organisation(open_page("manage"), "  Hillside Homes ")
    assert not at.error
    (organisation,) = empty_app.organisations()
    assert organisation.name == "Hillside Homes"
    assert "Added Hillside Homes. Now start its first round below." in shown(at)
    assert widget(at.selectbox, "pick_organisation").value == organisation.id
    assert "Hillside Homes has no rounds yet. Start the first one below." in shown(at)

    at = start_round(at, "Spring 2027", "scie-whole-system@1.1", dt.date(2027, 3, 1))
    assert not at.error
    (round_,) = empty_app.rounds(organisation.id)
    assert (round_.title, round_.framework_id, round_.opened_on, round_.status) == (
        "Spring 2027",
        "scie-whole-system",
        dt.date(2027, 3, 1),
        "open",
    )
    # It is now the chosen round, and the next steps are one click away.
    assert at.query_params["round"] == str(round_.id)
    assert (
        "Started Spring 2027 on Co-production across the whole organisation: culture, "
        "structure, practice and review"
    ) in shown(at)
    assert page_links(at)[:2] == ["Answer the questions", "See the results"]
    assert read_all(at.table[0].value["Round"]) == ["Spring 2027"]
    assert widget(at.text_input, "round_title").value == ""  # the form starts afresh


def test_a_second_organisation_becomes_the_chosen_one(demo_app):
    at = add_organisation(open_page("manage"), "Hillside Homes")
    hillside = demo_app.organisation_named("Hillside Homes")
    assert widget(at.selectbox, "pick_organisation").value == hillside.id
    assert not at.table  # Hillside has no rounds yet
    assert len(demo_app.organisations()) == 2
    # What is set up next belongs to Hillside, not to the demo organisation.
    at = start_round(at, "Spring 2027")
    assert [r.title for r in demo_app.rounds(hillside.id)] == ["Spring 2027"]


def test_a_duplicate_organisation_name_is_a_plain_error(demo_app):
    (organisation,) = demo_app.organisations()
    at = add_organisation(open_page("manage"), organisation.name)
    assert read_all(e.value for e in at.error) == [
        f"There is already an organisation called '{organisation.name}'."
    ]
    assert len(demo_app.organisations()) == 1
    # What was typed stays, so it can be corrected.
    assert widget(at.text_input, "organisation_name").value == organisation.name


def test_an_organisation_needs_a_name(empty_app):
    at = click(open_page("manage"), "Add organisation")
    assert read_all(e.value for e in at.error) == ["An organisation needs a name."]
    assert empty_app.organisations() == []


def test_a_duplicate_round_title_is_a_plain_error(demo_app):
    (organisation,) = demo_app.organisations()
    existing = demo_app.rounds(organisation.id)[0]
    at = start_round(open_page("manage"), existing.title)
    assert read_all(e.value for e in at.error) == [
        f"This organisation already has a round called '{existing.title}'; choose another title."
    ]
    assert len(demo_app.rounds(organisation.id)) == 3


def test_closing_and_reopening_a_round(demo_app):
    (organisation,) = demo_app.organisations()
    latest = demo_app.rounds(organisation.id)[-1]
    assert latest.is_open
    at = open_page("manage")
    assert widget(at.selectbox, "manage_round").value == latest.id
    at = click(at, "Close this round")
    closed = demo_app.round(latest.id)
    assert (closed.status, closed.closed_on) == ("closed", dt.date.today())
    assert f"Closed {latest.title}. It takes no more answers." in shown(at)
    assert at.table[0].value["Status"][0] == "Closed"

    at = click(at, "Reopen this round")
    reopened = demo_app.round(latest.id)
    assert (reopened.status, reopened.closed_on) == ("open", None)
    assert at.table[0].value["Status"][0] == "Open"


def test_renaming_a_round(demo_app):
    (organisation,) = demo_app.organisations()
    first = demo_app.rounds(organisation.id)[0]
    at = open_page("manage")
    widget(at.selectbox, "manage_round").set_value(first.id).run()
    assert widget(at.text_input, f"rename_{first.id}").value == first.title
    widget(at.text_input, f"rename_{first.id}").input("Our first round")
    at = click(at, "Rename")
    assert not at.error
    assert demo_app.round(first.id).title == "Our first round"
    assert "Our first round" in read_all(at.table[0].value["Round"])


def test_renaming_to_a_title_in_use_is_a_plain_error(demo_app):
    (organisation,) = demo_app.organisations()
    first, second = demo_app.rounds(organisation.id)[:2]
    at = open_page("manage")
    widget(at.selectbox, "manage_round").set_value(first.id).run()
    widget(at.text_input, f"rename_{first.id}").input(second.title)
    at = click(at, "Rename")
    assert read_all(e.value for e in at.error) == [
        f"This organisation already has a round called '{second.title}'."
    ]
    assert demo_app.round(first.id).title == first.title


def test_easy_read_renders(demo_app):
    at = open_page("manage", easy=True)
    assert not at.exception and not at.error
    assert at.title[0].value == "Set up"
    assert list(rounds_table(at)["Answers sent in"]) == [16, 15, 14]
