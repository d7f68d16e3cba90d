"""Adding a round's answers from a survey export, on Organisations and rounds, through AppTest
(toolkit/ui/survey_import.py): upload, the matches and select boxes to correct them, who
answered, the preview, and the import, all or nothing; problems at their row or column; text
from the file shown only as text; and only for those who may run the round."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import click, open_page, shown_text, sign_in_as
from reading import read, read_all, shown

from toolkit.framework import builtin_frameworks
from toolkit.service import Operator, Service
from toolkit.ui.survey_import import STATE

SAMPLES = Path(__file__).resolve().parent / "samples" / "surveys"
MIR = builtin_frameworks()["making-it-real"]
DEMO = "Riverside Care (demo)"
W1 = (
    "I work out, with the people who support me, what a good life looks like for me and what "
    "support will help."
)
HEADING = "Add answers from a survey export"


# --- Helpers ---------------------------------------------------------------------------------


def open_round(store):
    """The demo's open round, which the page chooses first."""
    rounds = store.rounds()
    assert rounds[-1].is_open
    return rounds[-1]


def upload(at, name: str, data: bytes, *, mapping: tuple[str, bytes] | None = None):
    """Put a file (and a mapping file) in the import section's uploads and run the page."""
    if mapping is not None:
        box = next(u for u in at.file_uploader if u.key.startswith("survey_mapping_"))
        box.set_value((mapping[0], mapping[1], "application/yaml"))
    box = next(u for u in at.file_uploader if u.key.startswith("survey_file_"))
    box.set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def column_box(at, letter: str):
    (found,) = [
        s for s in at.selectbox if s.key.startswith("survey_column_") and s.key.endswith(letter)
    ]
    return found


def labelled(at, label: str):
    (found,) = [s for s in at.selectbox if read(s.label) == label]
    return found


def choose(box, value):
    """Choose in a select box (or radio) and run the page, as a person would."""
    at = box.set_value(value).run()
    assert not at.exception, at.exception
    return at


def summary(at) -> list[str]:
    """The error summary's problems, as they read (each a link to its field)."""
    text = shown(at)
    if "There is a problem" not in text:
        return []
    (listed,) = [m.value for m in at.markdown if m.value.startswith("- [")]
    return [read(line[3 : line.rindex("](#")]) for line in listed.splitlines()]


def stored(store, round_id: int, since: int = 0) -> list[tuple[str | None, str, str, str, str]]:
    """The answers of people added to the round after the first `since`, as (name,
    perspective, statement, answer, note)."""
    people = sorted(store.respondents(round_id), key=lambda r: r.id)[since:]
    return [
        (p.display_name, p.perspective, s, a.answer, a.note)
        for p in people
        for s, a in sorted(store.answers(p.id).items())
    ]


def import_button(at):
    (button,) = [b for b in at.button if b.key and b.key.startswith("survey_import_")]
    return button


# --- A SurveyMonkey export, as it comes ---------------------------------------------------------


def test_a_surveymonkey_export_is_previewed_then_imported(demo_app):
    round_ = open_round(demo_app)
    before = len(demo_app.respondents(round_.id))
    at = upload(open_page("manage"), "surveymonkey-plain.csv", sample("surveymonkey-plain.csv"))
    assert not at.error
    text = shown(at)
    assert HEADING in text
    assert "Read as a SurveyMonkey export." in text
    assert "There is a problem" not in text
    # Columns → statements (shown as the statements' words), answer texts → rungs.
    assert column_box(at, "J").value == "perspective"
    assert column_box(at, "K").value == "statement:wellbeing-1"
    assert column_box(at, "N").value == "statement:info-3"
    assert column_box(at, "A").value == "ignore"  # SurveyMonkey's own Respondent ID
    assert column_box(at, "K").format_func("statement:wellbeing-1") == f"wellbeing-1: {W1}"
    assert read(column_box(at, "K").label) == (
        f"What column K (How do we work with you on these? Choose one rung for each. [{W1}]) is"
    )
    assert labelled(at, "What the answer “Don’t know” means").value == "unsure"
    assert labelled(at, "What the answer “N/A” means").value == "not_applicable"
    assert labelled(at, "What the answer “co-production” means").value == "co-production"
    assert labelled(at, "The perspective “manager” means").value == "manager"
    assert "3 answers · Matched automatically" in text
    assert "SurveyMonkey's own column" in text
    # What would go in: people per perspective, answers per statement.
    assert f"4 people and 15 answers would be added to {round_.title}." in text
    people, statements = at.table[-2:]
    assert read_all(people.value["Perspective"]) == [
        "Person who draws on care and support",
        "Carer (family member or friend)",
        "Frontline staff",
        "Manager",
    ]
    assert list(people.value["People"]) == [1, 1, 1, 1]
    assert read_all(statements.value["Id"]) == [
        "wellbeing-1",
        "wellbeing-2",
        "wellbeing-3",
        "info-3",
    ]
    assert list(statements.value["Answers"]) == [4, 4, 3, 4]
    assert "Row 6 answers no statement, so nobody is added for it." in text
    assert demo_app.respondents(round_.id)[before:] == []  # nothing added yet

    at = click(at, "Import 15 answers from 4 people")
    assert not at.error
    assert f"Imported 15 answers from 4 people into {round_.title}." in shown(at)
    added = stored(demo_app, round_.id, before)
    assert len(added) == 15
    assert added[:4] == [
        ("SurveyMonkey respondent 114598765432", "carer", "info-3", "engagement", ""),
        ("SurveyMonkey respondent 114598765432", "carer", "wellbeing-1", "co-design", ""),
        ("SurveyMonkey respondent 114598765432", "carer", "wellbeing-2", "consultation", ""),
        ("SurveyMonkey respondent 114598765432", "carer", "wellbeing-3", "unsure", ""),
    ]
    assert all(r.submitted for r in demo_app.respondents(round_.id)[before:])
    # The page starts afresh: the upload is empty, the round's count is up by four.
    assert next(u for u in at.file_uploader if u.key.startswith("survey_file_")).value is None
    assert at.table[0].value["Answers sent in"][0] == 20
    assert not at.session_state[STATE].previews  # what was kept of the file is gone


def test_the_same_export_imported_twice_is_refused_by_name(demo_app):
    round_ = open_round(demo_app)
    at = upload(open_page("manage"), "surveymonkey-plain.csv", sample("surveymonkey-plain.csv"))
    at = click(at, "Import 15 answers from 4 people")
    count = len(demo_app.respondents(round_.id))
    at = upload(at, "surveymonkey-plain.csv", sample("surveymonkey-plain.csv"))
    assert summary(at) == [
        "Row 3: Respondent 'SurveyMonkey respondent 114598765432' already has answers in this "
        "round.",
        "Row 4: Respondent 'SurveyMonkey respondent 114598765433' already has answers in this "
        "round.",
        "Row 5: Respondent 'SurveyMonkey respondent 114598765434' already has answers in this "
        "round.",
        "Row 7: Respondent 'SurveyMonkey respondent 114598765436' already has answers in this "
        "round.",
    ]
    at = click(at, "Import the answers")
    assert len(demo_app.respondents(round_.id)) == count


# --- Correcting and setting matches --------------------------------------------------------------


def test_a_select_box_corrects_a_match(demo_app):
    round_ = open_round(demo_app)
    before = len(demo_app.respondents(round_.id))
    at = upload(open_page("manage"), "surveymonkey-plain.csv", sample("surveymonkey-plain.csv"))
    # Column N is taken to be info-3; say it is info-1, and that "Consultation" meant engagement.
    at = choose(column_box(at, "N"), "statement:info-1")
    assert column_box(at, "N").value == "statement:info-1"
    at = choose(labelled(at, "What the answer “Consultation” means"), "engagement")
    assert labelled(at, "What the answer “Consultation” means").value == "engagement"
    text = shown(at)
    assert "2 answers · Your choice" in text
    assert read_all(at.table[-1].value["Id"]) == [
        "wellbeing-1",
        "wellbeing-2",
        "wellbeing-3",
        "info-1",
    ]
    at = click(at, "Import 15 answers from 4 people")
    added = stored(demo_app, round_.id, before)
    assert {s for _, _, s, _, _ in added} == {"wellbeing-1", "wellbeing-2", "wellbeing-3", "info-1"}
    assert [a for _, _, _, a, _ in added].count("consultation") == 0
    assert [a for _, _, _, a, _ in added].count("engagement") == 5


def test_every_match_set_by_hand_imports_as_the_mapping_file_does(demo_app, tmp_path):
    """SurveyMonkey in its own words: nothing matches by itself; choosing in the select boxes
    what the sample's mapping file says imports the same answers as the mapping file."""
    round_ = open_round(demo_app)
    at = upload(
        open_page("manage"), "surveymonkey-own-words.csv", sample("surveymonkey-own-words.csv")
    )
    assert len(summary(at)) == 7
    assert summary(at)[0] == (
        'Column J "Are you…" matches no statement: choose what it is, or leave it out.'
    )
    assert column_box(at, "J").value is None
    assert "Error: Choose what this column is." in shown(at)
    for letter, choice in (
        ("J", "perspective"),
        ("K", "ignore"),
        ("L", "statement:wellbeing-1"),
        ("M", "statement:wellbeing-2"),
        ("N", "statement:info-1"),
        ("O", "note:wellbeing-1"),
        ("P", "ignore"),
        ("G", "name"),
    ):
        at = choose(column_box(at, letter), choice)
    for text, rung in (
        ("We decide together", "co-production"),
        ("We share some decisions", "engagement"),
        ("You ask me then decide", "consultation"),
    ):
        at = choose(labelled(at, f"What the answer “{text}” means"), rung)
    for text, perspective in (
        ("I use care and support services", "person-drawing-on-care"),
        ("Family carer", "carer"),
        ("Staff member", "frontline-staff"),
        ("Other", "partner"),
    ):
        at = choose(labelled(at, f"The perspective “{text}” means"), perspective)
    assert summary(at) == []
    text = shown(at)
    assert "5 people and 11 answers would be added to" in text
    assert "Column J (Are you…) says who each person is." in text
    before = len(demo_app.respondents(round_.id))
    at = click(at, "Import 11 answers from 5 people")
    by_hand = stored(demo_app, round_.id, before)

    # The same file with the sample's mapping, into another round.
    service = Service(demo_app)
    other = service.create_round(Operator(), round_.organisation_id, MIR, "By mapping file")
    at = open_page("manage", round=other.id)
    at = upload(
        at,
        "surveymonkey-own-words.csv",
        sample("surveymonkey-own-words.csv"),
        mapping=("surveymonkey-own-words.yaml", sample("surveymonkey-own-words.yaml")),
    )
    assert summary(at) == []
    assert "From the mapping file" in shown(at)
    at = click(at, "Import 11 answers from 5 people")
    assert stored(demo_app, other.id) == by_hand
    assert (
        "Zoë",
        "person-drawing-on-care",
        "wellbeing-1",
        "co-production",
        'She said, "we wrote it together"\nand it shows in the plan',
    ) in by_hand


def test_a_fixed_perspective_for_the_whole_file(demo_app):
    round_ = open_round(demo_app)
    before = len(demo_app.respondents(round_.id))
    staff = (
        f'Timestamp,"{W1}","Anything to add?"\n'
        "2027/04/01 10:00:00 AM GMT+1,Co-design,We plan with people\n"
        "2027/04/01 11:00:00 AM GMT+1,Engagement,\n"
    ).encode()
    at = upload(open_page("manage"), "staff-day.csv", staff)
    assert summary(at) == [
        "No column says who each person is: choose the column that says it, or one perspective "
        "for everyone in the file.",
        'Column C "Anything to add?" matches no statement: choose what it is, or leave it out.',
    ]
    (who,) = [r for r in at.radio if r.label == "How the file says who each person is"]
    at = choose(who, "fixed")
    assert summary(at)[-1] == "Choose the perspective of everyone in the file."
    at = choose(labelled(at, "Everyone in the file is"), "frontline-staff")
    at = choose(column_box(at, "C"), "note:wellbeing-1")
    assert summary(at) == []
    assert "2 people and 2 answers would be added to" in shown(at)
    assert list(at.table[-2].value["People"]) == [2]
    at = click(at, "Import 2 answers from 2 people")
    assert stored(demo_app, round_.id, before) == [
        (
            "Google Forms response of 2027/04/01 10:00:00 AM GMT+1",
            "frontline-staff",
            "wellbeing-1",
            "co-design",
            "We plan with people",
        ),
        (
            "Google Forms response of 2027/04/01 11:00:00 AM GMT+1",
            "frontline-staff",
            "wellbeing-1",
            "engagement",
            "",
        ),
    ]


def test_the_toolkits_own_answers_file_goes_in_without_matching(demo_app):
    round_ = open_round(demo_app)
    before = len(demo_app.respondents(round_.id))
    own = (
        b"respondent,perspective,statement,answer,note\n"
        b"paper-1,carer,wellbeing-1,co-design,'=written at the drop-in\n"
        b"paper-1,carer,info-1,unsure,\n"
        b"paper-2,manager,wellbeing-1,engagement,\n"
    )
    at = upload(open_page("manage"), "drop-in.csv", own)
    text = shown(at)
    assert "Read as the toolkit's own answers file." in text
    assert "What each column is" not in text  # nothing to match
    assert "2 people and 3 answers would be added to" in text
    assert not [b for b in at.get("download_button")]  # no mapping for the toolkit's file
    at = click(at, "Import 3 answers from 2 people")
    assert stored(demo_app, round_.id, before) == [
        ("paper-1", "carer", "info-1", "unsure", ""),
        ("paper-1", "carer", "wellbeing-1", "co-design", "=written at the drop-in"),
        ("paper-2", "manager", "wellbeing-1", "engagement", ""),
    ]


# --- Refused files ---------------------------------------------------------------------------------

BAD = (
    "Timestamp,Which of these best describes you?,"
    f'"How do we work with you on this? [{W1}]",Favourite colour\n'
    "2027/04/01 10:00:00 AM GMT+1,Carer (family member or friend),Co-design,Blue\n"
    "2027/04/01 11:00:00 AM GMT+1,,Co-design,\n"
    "2027/04/01 12:00:00 PM GMT+1,Manager,Sort of,\n"
).encode()


def test_a_refused_file_lists_each_problem_at_its_row_or_column_and_imports_nothing(demo_app):
    round_ = open_round(demo_app)
    count = len(demo_app.respondents(round_.id))
    at = upload(open_page("manage"), "responses.csv", BAD)
    assert summary(at) == [
        'Column D "Favourite colour" matches no statement: choose what it is, or leave it out.',
        'Row 3: This person has no perspective: column B "Which of these best describes you?" '
        "is empty; fill it in, or leave the row out.",
        f"Row 4: Column C \"How do we work with you on this? [{W1}]\": 'Sort of' is not a rung "
        "of the ladder, nor not sure or doesn't apply: choose what it means.",
    ]
    assert "Error: Put right the problems listed above, then upload the file again." in shown(at)
    text = shown(at)
    assert "This file has 3 problems, so nothing can be imported yet." in text
    assert "Read as a Google Forms export." in text
    # Each problem links to where it is put right: the column's box, the answer's, the file.
    (listed,) = [m.value for m in at.markdown if m.value.startswith("- [")]
    anchors = [line.rsplit("](#", 1)[1].rstrip(")") for line in listed.splitlines()]
    assert anchors[0] == "tk-survey-column-D" and anchors[1] == "tk-survey-file"
    assert anchors[2].startswith("tk-survey-answer-")
    assert f'id="{anchors[2]}"' in shown_text(at)
    assert "Error: Choose what this column is." in shown(at)
    assert "Error: Choose what this answer means." in shown(at)
    assert "So far, leaving out the rows with problems:" in text
    at = click(at, "Import the answers")
    assert len(summary(at)) == 3
    assert len(demo_app.respondents(round_.id)) == count


def test_a_file_that_is_no_survey_export_is_refused_whole(demo_app):
    at = upload(open_page("manage"), "notes.csv", b"Name,Favourite colour\nAnn,Blue\n")
    (problem,) = summary(at)
    assert problem.startswith(
        "This is neither an answers file (its first row should be the header "
        "respondent,perspective,statement,answer,note) nor an export the toolkit recognises"
    )
    assert "Put the file right and upload it again." in shown(at)
    assert not [b for b in at.button if b.key and b.key.startswith("survey_import_")]


def test_a_mapping_file_with_problems_says_where(demo_app):
    at = upload(
        open_page("manage"),
        "surveymonkey-own-words.csv",
        sample("surveymonkey-own-words.csv"),
        mapping=(
            "old-mapping.yaml",
            b"statements:\n  Plans for a good life: wellbeing-1\nanswers: [1]\n",
        ),
    )
    assert summary(at) == [
        "Mapping file old-mapping.yaml, line 3, column 10: 'answers' of the file should be a "
        "mapping of keys and values, not a list."
    ]
    assert "The mapping file has 1 problem, so the export is not read with it yet." in shown(at)


# --- Text from the file stays text ----------------------------------------------------------------


def test_hostile_text_in_a_file_is_shown_as_text(demo_app):
    hostile = (
        f'Timestamp,Which of these best describes you?,"{W1}",[click](http://x)\n'
        "2027/04/01 10:00:00 AM GMT+1,Manager,<b>x</b>,## Heading\n"
    ).encode()
    at = upload(open_page("manage"), "[evil](http://x).csv", hostile)
    text = shown(at)
    assert "**D** · [click](http://x)" in text
    assert "“<b>x</b>”" in text
    assert summary(at)[0].startswith('Column D "[click](http://x)" matches no statement')
    assert summary(at)[1].startswith(f"Row 2: Column C \"{W1}\": '<b>x</b>' is not a rung")
    # In the page's Markdown, every such character is escaped; no link, no HTML, no heading.
    source = shown_text(at)
    assert "[click](http" not in source and "<b>x</b>" not in source
    assert r"\[click\]\(http\:" in source and r"\<b\>x\<\/b\>" in source
    # Widget labels (their accessible names) read as written, with links parted.
    label = column_box(at, "D").label
    assert "](" not in label and "://" not in label
    assert read(label) == "What column D ([click](http://x)) is"


# --- Who may ---------------------------------------------------------------------------------------


def test_only_those_who_run_rounds_see_the_import(demo_app):
    service = Service(demo_app)
    other = service.create_organisation(Operator(), "Hillside Homes")
    service.create_round(Operator(), other.id, MIR, "Hillside Spring")
    # A board viewer has no Organisations and rounds page at all.
    board = sign_in_as(demo_app, "board@example.org", "board_viewer", DEMO)
    at = open_page(token=board)
    with pytest.raises(ValueError, match="Known pages"):
        at.switch_page("toolkit/ui/pages/manage.py")
    # A lead of the demo who is a board viewer of Hillside sees it for the demo only.
    lead = sign_in_as(demo_app, "lead@example.org", "lead", DEMO)
    service.set_role(Operator(), "lead@example.org", other.id, "board_viewer")
    demo = next(o for o in demo_app.organisations() if o.name == DEMO)
    at = open_page("manage", token=lead, org=demo.id)
    assert HEADING in shown(at)
    at = open_page("manage", token=lead, org=other.id)
    assert not at.exception
    assert HEADING not in shown(at)
    assert not [u for u in at.file_uploader if u.key.startswith("survey_file_")]


def test_a_closed_round_takes_no_file(demo_app):
    round_ = open_round(demo_app)
    at = click(open_page("manage"), "Close this round")
    assert (
        f"{round_.title} is closed, so answers are not added to it from a file: its figures may "
        "already have been shared. Reopen it above first, if they should change."
    ) in shown(at)
    assert not [u for u in at.file_uploader if u.key.startswith("survey_file_")]
