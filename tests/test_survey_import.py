"""Answers in from survey tools' exports (SurveyMonkey, Google Forms, Microsoft Forms), through
`toolkit import-answers`: matched automatically or by a mapping file, previewed with
--dry-run, imported all or nothing, every problem at its row and/or column."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from conftest import run_toolkit
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from toolkit.framework import builtin_frameworks, builtin_perspectives
from toolkit.store import Store
from toolkit.surveys import mapping_yaml, preview_import, read_mapping

MIR = builtin_frameworks()["making-it-real"]
PERSPECTIVES = builtin_perspectives()
SAMPLES = Path(__file__).resolve().parent / "samples" / "surveys"

W1 = (
    "I work out, with the people who support me, what a good life looks like for me and what "
    "support will help."
)
I5_EASY = "We ask how you like to get information. We fix gaps with you."
C1 = "I have a real say in which groups, places and activities are on offer in my community."
NBSP = "\xa0"
RUNGS = "coercion, educating, informing, consultation, engagement, co-design, co-production"
KNOWN = "person-drawing-on-care, carer, frontline-staff, manager, board-member, partner"


@pytest.fixture
def place(tmp_path: Path):
    """A database with one open Making it Real round (id 1), and a folder to run in with the
    samples copied into it, so messages name files as a person would type them."""
    url = f"sqlite:///{tmp_path}/toolkit.db"
    store = Store(url)
    organisation = store.create_organisation("Riverside Care")
    store.create_round(organisation.id, MIR, "Spring 2027")
    store.create_round(organisation.id, MIR, "Autumn 2027")
    store.close()
    for sample in SAMPLES.iterdir():
        shutil.copy(sample, tmp_path / sample.name)
    return tmp_path, url


def toolkit(place, *args: str):
    folder, url = place
    return run_toolkit(list(args), url, cwd=folder)


def stored(place, round_id: int = 1) -> list[tuple[str, str, str, str, str]]:
    """Every answer in a round as (name, perspective, statement, answer, note)."""
    store = Store(place[1])
    try:
        return [
            (p.display_name, p.perspective, s, a.answer, a.note)
            for p in store.respondents(round_id)
            for s, a in store.answers(p.id).items()
        ]
    finally:
        store.close()


def refused(result, place, lines: list[str]) -> None:
    """Exit 1, exactly these problem lines, and nothing imported."""
    assert result.returncode == 1, result.stdout
    assert result.stderr.splitlines() == lines
    assert "Traceback" not in result.stderr
    assert stored(place) == []


# --- Microsoft Forms workbooks, made here as Microsoft Forms makes them ----------------------


def workbook(rows: list[list[object]], text_columns: tuple[int, ...] = ()) -> bytes:
    """An .xlsx file of one sheet, Sheet1; cells in `text_columns` are text even when they
    start with '=' (as Microsoft Forms stores what people typed)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    for row in rows:
        sheet.append(row)
    for column in text_columns:
        for (cell,) in sheet.iter_rows(min_col=column, max_col=column, min_row=2):
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def forms_plain() -> bytes:
    """The newer layout (with Last modified time): titles end in a non-breaking space, times
    are date and time cells, anonymous answers say so in Email and Name."""
    start = dt.datetime(2027, 3, 1, 10, 2, 11)
    return workbook(
        [
            [
                "ID",
                "Start time",
                "Completion time",
                "Email",
                "Name",
                "Last modified time",
                "Which of these best describes you?" + NBSP,
                W1 + NBSP,
                I5_EASY + NBSP,
                C1,
            ],
            [
                1,
                start,
                start + dt.timedelta(minutes=7),
                "anonymous",
                "anonymous",
                None,
                "Carer (family member or friend)",
                "Co-design",
                "Not sure",
                "Engagement",
            ],
            [
                2,
                start + dt.timedelta(hours=1),
                start + dt.timedelta(hours=1, minutes=4),
                "zoe@example.org",
                "Zoë Ó Briain",
                start + dt.timedelta(days=1),
                "Manager",
                "co-production",
                None,
                "Consultation",
            ],
            [
                3,
                start + dt.timedelta(days=2),
                start + dt.timedelta(days=2, minutes=3),
                "anonymous",
                "anonymous",
                None,
                "Person who draws on care and support",
                "Informing",
                "Does not apply",
                None,
            ],
        ]
    )


def forms_own_words() -> bytes:
    """The older layout (no Last modified time), in the organisation's own words."""
    start = dt.datetime(2027, 5, 10, 14, 30, 0)
    header = [
        "ID",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        "I am…" + NBSP,
        "Plans for a good life" + NBSP,
        "Tell us more about your plan" + NBSP,
        "Information I can understand",
    ]
    rows = [
        [7, start, start, "anonymous", "anonymous", "Someone who gets support", "Together", 'She said "it is my plan"\nand it is', "Not sure"],
        [8, start, start, "zoe@example.org", "Zoë Ó Briain", "A family carer", "They ask, then decide", '=HYPERLINK("x") is what we got', None],
        [9, start, start, "sam@example.org", "Sam", "Staff", None, None, "Together"],
    ]  # fmt: skip
    return workbook([header, *rows], text_columns=(8,))


FORMS_MAPPING = """\
perspective:
  column: I am…
  values:
    Someone who gets support: person-drawing-on-care
    A family carer: carer
    Staff: frontline-staff
name_column: Name
note_columns:
  Tell us more about your plan: wellbeing-1
statements:
  Plans for a good life: wellbeing-1
  Information I can understand: info-1
answers:
  Together: co-production
  They ask, then decide: consultation
"""


# --- SurveyMonkey -----------------------------------------------------------------------------


def test_a_surveymonkey_export_is_previewed_then_imported_without_a_mapping(place):
    result = toolkit(place, "import-answers", "--round", "1", "surveymonkey-plain.csv", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "surveymonkey-plain.csv: a SurveyMonkey export.",
        "Columns:",
        '  A "Respondent ID": one of SurveyMonkey\'s own columns, left out',
        '  B "Collector ID": one of SurveyMonkey\'s own columns, left out',
        '  C "Start Date": one of SurveyMonkey\'s own columns, left out',
        '  D "End Date": one of SurveyMonkey\'s own columns, left out',
        '  E "IP Address": one of SurveyMonkey\'s own columns, left out',
        '  F "Email Address": one of SurveyMonkey\'s own columns, left out',
        '  G "First Name": one of SurveyMonkey\'s own columns, left out',
        '  H "Last Name": one of SurveyMonkey\'s own columns, left out',
        '  I "Custom Data 1": one of SurveyMonkey\'s own columns, left out',
        '  J "Which of these best describes you?": the perspective (automatic)',
        '  K "How do we work with you on these? Choose one rung for each. [I work out, with the people who support me, what a good life looks like for me and what support will help.]": statement wellbeing-1 (automatic)',
        '  L "How do we work with you on these? Choose one rung for each. [I am seen as someone with skills and strengths, and I am asked to use them, not only as someone with needs.]": statement wellbeing-2 (automatic)',
        '  M "How do we work with you on these? Choose one rung for each. [You can try new things. We agree with you how to keep safe.]": statement wellbeing-3 (automatic)',
        '  N "I hear about my rights and options early, before decisions are made, so I can take part in them.": statement info-3 (automatic)',
        "Answers:",
        '  "Co-design" → co-design (3 answers, automatic)',
        '  "Consultation" → consultation (2 answers, automatic)',
        '  "Not sure" → unsure (1 answer, automatic)',
        '  "Engagement" → engagement (3 answers, automatic)',
        '  "co-production" → co-production (1 answer, automatic)',
        '  "Doesn\'t apply" → not_applicable (1 answer, automatic)',
        '  "Informing" → informing (2 answers, automatic)',
        '  "Don’t know" → unsure (1 answer, automatic)',
        '  "N/A" → not_applicable (1 answer, automatic)',
        "Perspectives:",
        '  "Carer (family member or friend)" → carer (1 person, automatic)',
        '  "Frontline staff" → frontline-staff (1 person, automatic)',
        '  "Person who draws on care and support" → person-drawing-on-care (1 person, automatic)',
        '  "manager" → manager (1 person, automatic)',
        "People per perspective:",
        "  Person who draws on care and support: 1",
        "  Carer (family member or friend): 1",
        "  Frontline staff: 1",
        "  Manager: 1",
        "Answers per statement:",
        "  wellbeing-1: 4",
        "  wellbeing-2: 4",
        "  wellbeing-3: 3",
        "  info-3: 4",
        "Row 6 answers no statement, so nobody is added for it.",
        "Dry run: nothing was imported. Without --dry-run, 15 answers from 4 people would be "
        "imported into round 1.",
    ]
    assert stored(place) == []

    result = toolkit(place, "import-answers", "--round", "1", "surveymonkey-plain.csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Row 6 answers no statement, so nobody is added for it.",
        "Imported 15 answers from 4 people into round 1.",
    ]
    first, second, third, fifth = (f"SurveyMonkey respondent 11459876543{n}" for n in (2, 3, 4, 6))
    assert stored(place) == [
        (first, "carer", "wellbeing-1", "co-design", ""),
        (first, "carer", "wellbeing-2", "consultation", ""),
        (first, "carer", "wellbeing-3", "unsure", ""),
        (first, "carer", "info-3", "engagement", ""),
        (second, "frontline-staff", "wellbeing-1", "co-production", ""),
        (second, "frontline-staff", "wellbeing-2", "engagement", ""),
        (second, "frontline-staff", "info-3", "not_applicable", ""),
        (third, "person-drawing-on-care", "wellbeing-1", "informing", ""),
        (third, "person-drawing-on-care", "wellbeing-2", "unsure", ""),
        (third, "person-drawing-on-care", "wellbeing-3", "co-design", ""),
        (third, "person-drawing-on-care", "info-3", "not_applicable", ""),
        (fifth, "manager", "wellbeing-1", "consultation", ""),
        (fifth, "manager", "wellbeing-2", "co-design", ""),
        (fifth, "manager", "wellbeing-3", "engagement", ""),
        (fifth, "manager", "info-3", "informing", ""),
    ]

    again = toolkit(place, "import-answers", "--round", "1", "surveymonkey-plain.csv")
    assert again.returncode == 1
    assert again.stderr.splitlines() == [
        f"surveymonkey-plain.csv:3: respondent '{first}' already has answers in this round",
        f"surveymonkey-plain.csv:4: respondent '{second}' already has answers in this round",
        f"surveymonkey-plain.csv:5: respondent '{third}' already has answers in this round",
        f"surveymonkey-plain.csv:7: respondent '{fifth}' already has answers in this round",
    ]
    assert len(stored(place)) == 15


SURVEYMONKEY_OWN_WORDS = [
    ("Zoë", "person-drawing-on-care", "wellbeing-1", "co-production", 'She said, "we wrote it together"\nand it shows in the plan'),
    ("Zoë", "person-drawing-on-care", "wellbeing-2", "consultation", ""),
    ("Zoë", "person-drawing-on-care", "info-1", "co-design", ""),
    ("Siobhán", "carer", "wellbeing-1", "consultation", "=2+2 is how they see our plans"),
    ("Siobhán", "carer", "wellbeing-2", "unsure", ""),
    ("SurveyMonkey respondent 114600000003", "frontline-staff", "wellbeing-1", "engagement", ""),
    ("SurveyMonkey respondent 114600000003", "frontline-staff", "info-1", "co-production", ""),
    ("Zoë (2)", "person-drawing-on-care", "wellbeing-1", "co-design", "Second time I filled it in — naïve, maybe"),
    ("Zoë (2)", "person-drawing-on-care", "wellbeing-2", "engagement", ""),
    ("Zoë (2)", "person-drawing-on-care", "info-1", "consultation", ""),
    ("SurveyMonkey respondent 114600000005", "partner", "wellbeing-1", "unsure", ""),
]  # fmt: skip


def test_a_surveymonkey_export_in_its_own_words_comes_in_with_a_mapping(place):
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "surveymonkey-own-words.csv",
        "--mapping",
        "surveymonkey-own-words.yaml",
        "--dry-run",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "surveymonkey-own-words.csv: a SurveyMonkey export.",
        "Columns:",
        '  A "Respondent ID": one of SurveyMonkey\'s own columns, left out',
        '  B "Collector ID": one of SurveyMonkey\'s own columns, left out',
        '  C "Start Date": one of SurveyMonkey\'s own columns, left out',
        '  D "End Date": one of SurveyMonkey\'s own columns, left out',
        '  E "IP Address": one of SurveyMonkey\'s own columns, left out',
        '  F "Email Address": one of SurveyMonkey\'s own columns, left out',
        '  G "First Name": people\'s names (mapping)',
        '  H "Last Name": one of SurveyMonkey\'s own columns, left out',
        '  I "Custom Data 1": one of SurveyMonkey\'s own columns, left out',
        '  J "Are you…": the perspective (mapping)',
        '  K "Are you… [Other (please specify)]": ignored (mapping)',
        '  L "How well do we do? Tell us for each one. [Plans for a good life]": statement wellbeing-1 (mapping)',
        '  M "How well do we do? Tell us for each one. [Using my skills]": statement wellbeing-2 (mapping)',
        '  N "How well do we do? Tell us for each one. [Information I can understand]": statement info-1 (mapping)',
        '  O "Tell us more about plans for a good life": a note on statement wellbeing-1 (mapping)',
        '  P "How did you hear about this survey?": ignored (mapping)',
        "Answers:",
        '  "We decide together" → co-production (2 answers, mapping)',
        '  "You ask me then decide" → consultation (3 answers, mapping)',
        '  "Co-design" → co-design (2 answers, automatic)',
        '  "Not sure" → unsure (2 answers, automatic)',
        '  "We share some decisions" → engagement (2 answers, mapping)',
        "Perspectives:",
        '  "I use care and support services" → person-drawing-on-care (2 people, mapping)',
        '  "Family carer" → carer (1 person, mapping)',
        '  "Staff member" → frontline-staff (1 person, mapping)',
        '  "Other" → partner (1 person, mapping)',
        "People per perspective:",
        "  Person who draws on care and support: 2",
        "  Carer (family member or friend): 1",
        "  Frontline staff: 1",
        "  Partner organisation or commissioner: 1",
        "Answers per statement:",
        "  wellbeing-1: 5",
        "  wellbeing-2: 3",
        "  info-1: 3",
        "Row 6 is another person called 'Zoë', so they are 'Zoë (2)' in the round (each row of "
        "a survey export is one person).",
        "Dry run: nothing was imported. Without --dry-run, 11 answers from 5 people would be "
        "imported into round 1.",
    ]
    assert stored(place) == []
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "surveymonkey-own-words.csv",
        "--mapping",
        "surveymonkey-own-words.yaml",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Imported 11 answers from 5 people into round 1."
    assert stored(place) == SURVEYMONKEY_OWN_WORDS


def test_without_its_mapping_the_same_export_is_refused_column_by_column(place):
    result = toolkit(place, "import-answers", "--round", "1", "surveymonkey-own-words.csv")
    refused(
        result,
        place,
        [
            f"surveymonkey-own-words.csv:1: column {column} matches no statement of framework "
            "'making-it-real' and is not one of SurveyMonkey's own columns; name it in a "
            "mapping file under statements, note_columns, perspective, name_column or ignore"
            for column in (
                'J "Are you…"',
                'K "Are you… [Other (please specify)]"',
                'L "How well do we do? Tell us for each one. [Plans for a good life]"',
                'M "How well do we do? Tell us for each one. [Using my skills]"',
                'N "How well do we do? Tell us for each one. [Information I can understand]"',
                'O "Tell us more about plans for a good life"',
                'P "How did you hear about this survey?"',
            )
        ],
    )


def test_surveymonkey_answers_go_in_whole_on_sqlite_and_postgresql(database_url, tmp_path):
    store = Store(database_url)
    organisation = store.create_organisation("Riverside Care")
    round_ = store.create_round(organisation.id, MIR, "Spring 2027")
    store.close()
    result = run_toolkit(
        [
            "import-answers",
            "--round",
            str(round_.id),
            str(SAMPLES / "surveymonkey-own-words.csv"),
            "--mapping",
            str(SAMPLES / "surveymonkey-own-words.yaml"),
        ],
        database_url,
    )
    assert result.returncode == 0, result.stderr
    assert stored((tmp_path, database_url), round_.id) == SURVEYMONKEY_OWN_WORDS


# --- Google Forms -----------------------------------------------------------------------------


def test_a_google_forms_export_with_grid_columns_comes_in_without_a_mapping(place):
    result = toolkit(place, "import-answers", "--round", "1", "google-forms-plain.csv", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:6] == [
        "google-forms-plain.csv: a Google Forms export.",
        "Columns:",
        '  A "Timestamp": one of Google Forms\' own columns, left out',
        '  B "Email address": one of Google Forms\' own columns, left out',
        '  C "Which of these best describes you?": the perspective (automatic)',
        '  D "How do we work with you on this? [I work out, with the people who support me, what a good life looks like for me and what support will help.]": statement wellbeing-1 (automatic)',
    ]
    assert result.stdout.splitlines()[6:8] == [
        '  E "How do we work with you on this? [People like you check our information. This makes it easier to understand.]": statement info-1 (automatic)',
        '  F "I can get advice about care, support, money and housing in places and ways that people like me helped choose.": statement info-2 (automatic)',
    ]
    assert result.stdout.splitlines()[-10:] == [
        "People per perspective:",
        "  Person who draws on care and support: 1",
        "  Carer (family member or friend): 1",
        "  Frontline staff: 1",
        "  Manager: 1",
        "Answers per statement:",
        "  wellbeing-1: 3",
        "  info-1: 3",
        "  info-2: 3",
        "Dry run: nothing was imported. Without --dry-run, 9 answers from 4 people would be "
        "imported into round 1.",
    ]
    result = toolkit(place, "import-answers", "--round", "1", "google-forms-plain.csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Imported 9 answers from 4 people into round 1.\n"
    ann, bea, third, cal = (
        f"Google Forms response of {when}"
        for when in (
            "2027/03/01 10:02:11 AM GMT",
            "2027/03/01 10:15:40 AM GMT",
            "2027/03/02 2:41:07 PM GMT",
            "2027/03/02 2:59:30 PM GMT",
        )
    )
    assert stored(place) == [
        (ann, "carer", "wellbeing-1", "co-design", ""),
        (ann, "carer", "info-1", "unsure", ""),
        (ann, "carer", "info-2", "engagement", ""),
        (bea, "manager", "wellbeing-1", "co-production", ""),
        (bea, "manager", "info-2", "not_applicable", ""),
        (third, "person-drawing-on-care", "wellbeing-1", "consultation", ""),
        (third, "person-drawing-on-care", "info-1", "informing", ""),
        (third, "person-drawing-on-care", "info-2", "co-design", ""),
        (cal, "frontline-staff", "info-1", "engagement", ""),
    ]


GOOGLE_OWN_WORDS = [
    ("Zoë Ó Briain", "person-drawing-on-care", "wellbeing-1", "co-production", "Plans are written with me, in my words"),
    ("Zoë Ó Briain", "person-drawing-on-care", "info-1", "unsure", ""),
    ("Sam", "carer", "wellbeing-1", "consultation", "-- not great, honestly"),
    ("Sam", "carer", "info-1", "co-design", ""),
    ("Google Forms response of 2027/04/01 11:00:00 AM GMT+1", "frontline-staff", "wellbeing-1", "co-design", ""),
    ("Google Forms response of 2027/04/01 11:00:00 AM GMT+1", "frontline-staff", "info-1", "co-production", ""),
    ("Sam (2)", "carer", "wellbeing-1", "not_applicable", ""),
]  # fmt: skip


def test_a_google_forms_export_in_its_own_words_comes_in_with_a_mapping(place):
    args = ["import-answers", "--round", "1", "google-forms-own-words.csv"]
    result = toolkit(place, *args, "--mapping", "google-forms-own-words.yaml")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Row 5 is another person called 'Sam', so they are 'Sam (2)' in the round (each row of "
        "a survey export is one person).",
        "Imported 7 answers from 4 people into round 1.",
    ]
    assert stored(place) == GOOGLE_OWN_WORDS


def test_text_in_utf16_as_excel_saves_unicode_text_is_read_correctly(place):
    folder, _ = place
    text = (folder / "google-forms-own-words.csv").read_text(encoding="utf-8")
    rows = [line.split(",", 5) for line in text.splitlines()]
    tabbed = "\r\n".join("\t".join(row) for row in rows) + "\r\n"
    (folder / "unicode.txt").write_bytes(tabbed.encode("utf-16"))  # with its byte-order mark
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "unicode.txt",
        "--mapping",
        "google-forms-own-words.yaml",
    )
    assert result.returncode == 0, result.stderr
    assert stored(place) == GOOGLE_OWN_WORDS  # the quotes around notes are CSV's, not theirs


# --- Microsoft Forms --------------------------------------------------------------------------


def test_a_microsoft_forms_workbook_comes_in_without_a_mapping(place):
    folder, _ = place
    (folder / "forms.xlsx").write_bytes(forms_plain())
    result = toolkit(place, "import-answers", "--round", "1", "forms.xlsx", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:11] == [
        "forms.xlsx: a Microsoft Forms export.",
        "Columns:",
        '  A "ID": one of Microsoft Forms\' own columns, left out',
        '  B "Start time": one of Microsoft Forms\' own columns, left out',
        '  C "Completion time": one of Microsoft Forms\' own columns, left out',
        '  D "Email": one of Microsoft Forms\' own columns, left out',
        '  E "Name": one of Microsoft Forms\' own columns, left out',
        '  F "Last modified time": one of Microsoft Forms\' own columns, left out',
        '  G "Which of these best describes you?": the perspective (automatic)',
        f'  H "{W1}": statement wellbeing-1 (automatic)',
        f'  I "{I5_EASY}": statement info-5 (automatic)',
    ]
    result = toolkit(place, "import-answers", "--round", "1", "forms.xlsx")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Imported 7 answers from 3 people into round 1.\n"
    one, two, three = (f"Microsoft Forms response {n}" for n in (1, 2, 3))
    assert stored(place) == [
        (one, "carer", "wellbeing-1", "co-design", ""),
        (one, "carer", "info-5", "unsure", ""),
        (one, "carer", "community-1", "engagement", ""),
        (two, "manager", "wellbeing-1", "co-production", ""),
        (two, "manager", "community-1", "consultation", ""),
        (three, "person-drawing-on-care", "wellbeing-1", "informing", ""),
        (three, "person-drawing-on-care", "info-5", "not_applicable", ""),
    ]


def test_a_microsoft_forms_workbook_in_its_own_words_comes_in_with_a_mapping(place):
    folder, _ = place
    (folder / "forms.xlsx").write_bytes(forms_own_words())
    (folder / "forms.yaml").write_text(FORMS_MAPPING, encoding="utf-8")
    result = toolkit(
        place, "import-answers", "--round", "1", "forms.xlsx", "--mapping", "forms.yaml"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Imported 4 answers from 3 people into round 1.\n"
    assert stored(place) == [
        ("Microsoft Forms response 7", "person-drawing-on-care", "wellbeing-1", "co-production", 'She said "it is my plan"\nand it is'),
        ("Microsoft Forms response 7", "person-drawing-on-care", "info-1", "unsure", ""),
        ("Zoë Ó Briain", "carer", "wellbeing-1", "consultation", '=HYPERLINK("x") is what we got'),
        ("Sam", "frontline-staff", "info-1", "co-production", ""),
    ]  # fmt: skip


# --- The mapping in effect, written out --------------------------------------------------------


def test_the_mapping_in_effect_is_written_as_yaml_that_imports_the_same(place):
    folder, _ = place
    data = (folder / "surveymonkey-plain.csv").read_bytes()
    preview = preview_import(data, "surveymonkey-plain.csv", MIR, PERSPECTIVES)
    text = mapping_yaml(preview.mapping, "surveymonkey-plain.csv")
    assert text == (
        "# What the columns and answers of a survey export mean, for `toolkit import-answers --mapping`.\n"
        "# Written for surveymonkey-plain.csv; check it before you use it again.\n"
        "perspective:\n"
        "  column: Which of these best describes you?\n"
        "  values:\n"
        "    Carer (family member or friend): carer\n"
        "    Frontline staff: frontline-staff\n"
        "    Person who draws on care and support: person-drawing-on-care\n"
        "    manager: manager\n"
        "statements:\n"
        "  I work out, with the people who support me, what a good life looks like for me and what support will help.: wellbeing-1\n"
        "  I am seen as someone with skills and strengths, and I am asked to use them, not only as someone with needs.: wellbeing-2\n"
        "  You can try new things. We agree with you how to keep safe.: wellbeing-3\n"
        "  I hear about my rights and options early, before decisions are made, so I can take part in them.: info-3\n"
        "answers:\n"
        "  Co-design: co-design\n"
        "  Consultation: consultation\n"
        "  Not sure: unsure\n"
        "  Engagement: engagement\n"
        "  co-production: co-production\n"
        "  Doesn't apply: not_applicable\n"
        "  Informing: informing\n"
        "  Don’t know: unsure\n"
        "  N/A: not_applicable\n"
    )
    (folder / "written.yaml").write_text(text, encoding="utf-8")
    located, problems = read_mapping(folder / "written.yaml")
    assert problems == []
    again = preview_import(data, "surveymonkey-plain.csv", MIR, PERSPECTIVES, mapping=located)
    assert again.ok and again.people == preview.people
    assert {c.how for c in again.columns if c.role in ("statement", "perspective")} == {"mapping"}
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "surveymonkey-plain.csv",
        "--mapping",
        "written.yaml",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Imported 15 answers from 4 people into round 1."


# --- Refused, with the row and/or column named, and nothing imported ---------------------------


def test_an_answer_label_that_maps_to_nothing_is_refused_at_its_row_and_column(place):
    folder, _ = place
    text = (folder / "google-forms-plain.csv").read_text(encoding="utf-8")
    text = text.replace('"Manager","Co-production"', '"Manager","Sometimes"')
    text = text.replace('"Consultation","Informing"', '"sometimes","Informing"')
    (folder / "labels.csv").write_text(text, encoding="utf-8")
    for dry_run in ((), ("--dry-run",)):
        result = toolkit(place, "import-answers", "--round", "1", "labels.csv", *dry_run)
        refused(
            result,
            place,
            [
                f'labels.csv:3: column D "How do we work with you on this? [{W1}]": '
                f"'Sometimes' is not a rung of the ladder ({RUNGS}), nor not sure or does not "
                "apply (and on 1 more row); map it to a rung id, unsure or not_applicable under "
                "answers in a mapping file"
            ],
        )
    assert '  "Sometimes" → nothing (see the problems) (2 answers)' in result.stdout


def test_a_column_that_matches_nothing_is_refused_by_its_header(place):
    folder, _ = place
    lines = (folder / "surveymonkey-plain.csv").read_bytes().decode("utf-8").split("\r\n")
    extra = [",Favourite colour", ",Response", ",Blue", ",", ",Green", ",", ","]
    text = "\r\n".join(line + more for line, more in zip(lines, extra, strict=False))
    (folder / "colour.csv").write_text(text + "\r\n", encoding="utf-8")
    result = toolkit(place, "import-answers", "--round", "1", "colour.csv")
    refused(
        result,
        place,
        [
            'colour.csv:1: column O "Favourite colour" matches no statement of framework '
            "'making-it-real' and is not one of SurveyMonkey's own columns; name it in a "
            "mapping file under statements, note_columns, perspective, name_column or ignore"
        ],
    )


def test_a_header_close_to_a_statement_is_named_but_never_taken_for_it(place):
    folder, _ = place
    text = (folder / "google-forms-plain.csv").read_text(encoding="utf-8")
    text = text.replace("I can get advice about care", "I can get advise about care")
    (folder / "close.csv").write_text(text, encoding="utf-8")
    result = toolkit(place, "import-answers", "--round", "1", "close.csv")
    refused(
        result,
        place,
        [
            'close.csv:1: column F "I can get advise about care, support, money and housing in '
            'places and ways that people like me helped choose." matches no statement of '
            "framework 'making-it-real' and is not one of Google Forms' own columns (it is "
            "close to the text of statement 'info-2'); name it in a mapping file under "
            "statements, note_columns, perspective, name_column or ignore"
        ],
    )


def test_a_person_without_a_perspective_is_refused_at_their_row(place):
    folder, _ = place
    text = (folder / "google-forms-plain.csv").read_text(encoding="utf-8")
    (folder / "who.csv").write_text(text.replace('"Manager"', '""'), encoding="utf-8")
    result = toolkit(place, "import-answers", "--round", "1", "who.csv")
    refused(
        result,
        place,
        [
            'who.csv:3: this person has no perspective: column C "Which of these best describes '
            'you?" is empty; fill it in, or leave the row out'
        ],
    )


def test_a_file_with_no_column_saying_who_people_are_is_refused(place):
    folder, _ = place
    text = (folder / "google-forms-plain.csv").read_text(encoding="utf-8")
    (folder / "nobody.csv").write_text(text.replace('"Manager"', '"Volunteer"'), encoding="utf-8")
    result = toolkit(place, "import-answers", "--round", "1", "nobody.csv")
    refused(
        result,
        place,
        [
            "nobody.csv:1: no column says who each person is: none holds only perspective ids "
            f"or labels ({KNOWN}); name that column in a mapping file (perspective: column: "
            "...), or give one perspective for the whole file (perspective: frontline-staff)",
            'nobody.csv:1: column C "Which of these best describes you?" matches no statement '
            "of framework 'making-it-real' and is not one of Google Forms' own columns; name it "
            "in a mapping file under statements, note_columns, perspective, name_column or ignore",
        ],
    )


def test_a_csv_file_cut_off_inside_a_quoted_note_is_refused(place):
    folder, _ = place
    data = (folder / "surveymonkey-own-words.csv").read_bytes()
    cut = data[: data.index(b"we wrote it together")]
    (folder / "cut.csv").write_bytes(cut)
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "cut.csv",
        "--mapping",
        "surveymonkey-own-words.yaml",
    )
    refused(
        result,
        place,
        [
            'cut.csv:3: a field in this row opens a quote (") that never closes, so the rest of '
            "the file would be read as part of it; close the quote, or the file may have been "
            "cut short"
        ],
    )


def test_a_csv_file_cut_off_between_cells_is_refused_at_its_short_row(place):
    folder, _ = place
    data = (folder / "surveymonkey-own-words.csv").read_bytes()
    (folder / "cut.csv").write_bytes(data[: data.index(b",Newsletter")])
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "cut.csv",
        "--mapping",
        "surveymonkey-own-words.yaml",
    )
    refused(
        result,
        place,
        [
            "cut.csv:4: this row has 15 cells but the header has 16 columns; the file may have "
            "been cut short or edited by hand"
        ],
    )


def test_a_workbook_cut_short_is_refused(place):
    folder, _ = place
    data = forms_plain()
    (folder / "cut.xlsx").write_bytes(data[: len(data) * 2 // 3])
    result = toolkit(place, "import-answers", "--round", "1", "cut.xlsx")
    refused(
        result,
        place,
        [
            "cut.xlsx:1: the workbook cannot be read (it is not a whole .xlsx file); it may have "
            "been cut short while it was copied or downloaded: download or save it again"
        ],
    )


def test_latin1_text_is_refused_at_its_row_and_column_never_imported_garbled(place):
    folder, _ = place
    text = (folder / "google-forms-own-words.csv").read_text(encoding="utf-8")
    (folder / "latin1.csv").write_bytes(text.encode("latin-1"))
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "latin1.csv",
        "--mapping",
        "google-forms-own-words.yaml",
    )
    refused(
        result,
        place,
        [
            'latin1.csv:2: column B "Your name (optional)": the file is not UTF-8 text (byte '
            "0xeb cannot be read); it looks like Windows or Latin-1 text; save it again as "
            '"CSV UTF-8" and try again'
        ],
    )


def test_an_old_xls_workbook_is_refused_with_what_to_do(place):
    folder, _ = place
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    result = toolkit(place, "import-answers", "--round", "1", "old.xls")
    refused(
        result,
        place,
        [
            "old.xls:1: this is an old Excel workbook (.xls), which the toolkit does not read; "
            'save it as an Excel workbook (.xlsx) or as "CSV UTF-8" and try again'
        ],
    )


def test_a_mapping_file_is_checked_like_a_framework_every_problem_at_its_line(place):
    folder, _ = place
    (folder / "bad.yaml").write_text(
        "perspective:\n"
        "  column: Who are you?\n"
        '  values: {"Someone who uses the service": person-drawing-on-care, "Family carer": carers}\n'
        'name_column: "Your name"\n'
        'statements: {"Plans for a good life": wellbeing-9, "Information I can understand": info-1}\n'
        'answers: {"Together from the start": co-prod}\n'
        'note_columns: {"Anything you want to add about plans?": wellbeing-1}\n',
        encoding="utf-8",
    )
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "google-forms-own-words.csv",
        "--mapping",
        "bad.yaml",
    )
    refused(
        result,
        place,
        [
            f"bad.yaml:3:84: 'carers' is not a perspective; use one of {KNOWN}",
            "bad.yaml:4:1: there is no column 'Your name' in google-forms-own-words.csv (did you "
            "mean 'Your name (optional)'?)",
            "bad.yaml:5:39: there is no statement 'wellbeing-9' in framework 'making-it-real' "
            "(did you mean 'wellbeing-5'?)",
            f"bad.yaml:6:38: 'co-prod' is not an answer: use a rung id ({RUNGS}), 'unsure' or "
            "'not_applicable' (did you mean 'co-production'?)",
            'google-forms-own-words.csv:1: column B "Your name (optional)" matches no statement '
            "of framework 'making-it-real' and is not one of Google Forms' own columns; name it "
            "in a mapping file under statements, note_columns, perspective, name_column or ignore",
        ],
    )
    (folder / "shape.yaml").write_text(
        "perspective: {colum: Who are you?}\n"
        "statement:\n"
        "  Plans for a good life: Wellbeing 1\n"
        "ignore: !!python/object:os.system [rm]\n",
        encoding="utf-8",
    )
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "google-forms-own-words.csv",
        "--mapping",
        "shape.yaml",
    )
    refused(
        result,
        place,
        [
            "shape.yaml:1:14: 'perspective' is missing 'column'",
            "shape.yaml:1:15: 'perspective' has an unknown key 'colum'",
            "shape.yaml:2:1: the file has an unknown key 'statement' (did you mean 'statements'?)",
            "shape.yaml:4:9: the tag '!!python/object:os.system' is not allowed; framework files "
            "hold plain data only (remove the tag)",
        ],
    )


def test_the_toolkits_own_file_needs_no_mapping(place):
    folder, _ = place
    (folder / "answers.csv").write_text(
        "respondent,perspective,statement,answer,note\nann,carer,info-1,co-design,\n",
        encoding="utf-8",
    )
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "answers.csv",
        "--mapping",
        "google-forms-own-words.yaml",
    )
    refused(
        result,
        place,
        [
            "google-forms-own-words.yaml:1: a mapping file is for survey exports; the toolkit's "
            "own answers file needs none"
        ],
    )


def test_a_file_from_no_known_tool_is_refused_unless_its_tool_is_named(place):
    folder, _ = place
    text = (folder / "google-forms-plain.csv").read_text(encoding="utf-8")
    text = text.replace('"Timestamp"', '"Submitted at"')
    (folder / "renamed.csv").write_text(text, encoding="utf-8")
    result = toolkit(place, "import-answers", "--round", "1", "renamed.csv")
    refused(
        result,
        place,
        [
            "renamed.csv:1: this is neither an answers file (its first row should be the header "
            "respondent,perspective,statement,answer,note) nor an export the toolkit recognises "
            "from SurveyMonkey, Google Forms or Microsoft Forms (its first row is Submitted "
            "at,Email address,Which of these best describes you?,How do we work wit…); if it "
            "is a survey export, say which tool it came from (--format on the "
            "command line)"
        ],
    )
    result = toolkit(
        place, "import-answers", "--round", "1", "renamed.csv", "--format", "google-forms"
    )
    refused(
        result,
        place,
        [
            'renamed.csv:1: column A "Submitted at" matches no statement of framework '
            "'making-it-real' and is not one of Google Forms' own columns; name it in a mapping "
            "file under statements, note_columns, perspective, name_column or ignore"
        ],
    )
    (folder / "skip.yaml").write_text('ignore: ["Submitted at"]\n', encoding="utf-8")
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "renamed.csv",
        "--format",
        "google-forms",
        "--mapping",
        "skip.yaml",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "Imported 9 answers from 4 people into round 1."
    assert stored(place)[0] == ("renamed.csv row 2", "carer", "wellbeing-1", "co-design", "")


def test_one_perspective_for_a_whole_file_and_an_empty_column_left_out(place):
    folder, _ = place
    (folder / "staff.csv").write_text(
        "Timestamp,Which team are you in?,Anything else?,How do we work with you on this? "
        "[we ask how you like to get  information. We fix gaps with you]\n"
        "2027/06/01 9:00:00 AM GMT+1,Day centre,,Engagement\n"
        "2027/06/01 9:05:00 AM GMT+1,Outreach,,co-design\n"
        "2027/06/01 9:07:00 AM GMT+1,Outreach,,Not applicable\n",
        encoding="utf-8",
    )
    (folder / "staff.yaml").write_text(
        "perspective: frontline-staff\nignore: [Which team are you in?]\n", encoding="utf-8"
    )
    result = toolkit(
        place, "import-answers", "--round", "1", "staff.csv", "--mapping", "staff.yaml"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        'Column C "Anything else?" is empty, so it is left out.',
        "Imported 3 answers from 3 people into round 1.",
    ]
    assert stored(place) == [
        ("Google Forms response of 2027/06/01 9:00:00 AM GMT+1", "frontline-staff", "info-5", "engagement", ""),
        ("Google Forms response of 2027/06/01 9:05:00 AM GMT+1", "frontline-staff", "info-5", "co-design", ""),
        ("Google Forms response of 2027/06/01 9:07:00 AM GMT+1", "frontline-staff", "info-5", "not_applicable", ""),
    ]  # fmt: skip


def test_a_note_on_a_statement_the_person_did_not_answer_is_refused_so_it_is_not_lost(place):
    folder, _ = place
    text = (folder / "google-forms-own-words.csv").read_text(encoding="utf-8")
    text = text.replace("They ask then decide,We help design it", ",We help design it")
    (folder / "note.csv").write_text(text, encoding="utf-8")
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "note.csv",
        "--mapping",
        "google-forms-own-words.yaml",
    )
    refused(
        result,
        place,
        [
            'note.csv:3: column F "Anything you want to add about plans?" holds a note on '
            "statement 'wellbeing-1', which this person did not answer; answer it (not sure will "
            "do) or move the note, so that nothing is lost"
        ],
    )


def test_a_statement_answered_in_two_columns_by_one_person_is_refused(place):
    folder, _ = place
    (folder / "twice.csv").write_text(
        "Timestamp,Which of these best describes you?,"
        f'"{W1}","How do we work with you on this? [You tell us what a good life means to you. '
        'We plan your support with you.]"\n'
        "2027/06/01 9:00:00 AM GMT+1,Manager,Engagement,\n"
        "2027/06/01 9:05:00 AM GMT+1,Carer (family member or friend),Co-design,Co-production\n",
        encoding="utf-8",
    )
    result = toolkit(place, "import-answers", "--round", "1", "twice.csv")
    refused(
        result,
        place,
        [
            f"twice.csv:3: statement 'wellbeing-1' is answered twice, in column C \"{W1}\" and "
            'column D "How do we work with you on this? [You tell us what a good life means to '
            'you. We plan your support with you.]"; leave one empty, or ignore one of the '
            "columns in a mapping file"
        ],
    )


def test_a_perspective_the_mapping_does_not_know_is_refused_at_its_first_row(place):
    folder, _ = place
    mapping = (folder / "google-forms-own-words.yaml").read_text(encoding="utf-8")
    (folder / "fewer.yaml").write_text(
        mapping.replace(', "Family carer": carer', ""), encoding="utf-8"
    )
    result = toolkit(
        place,
        "import-answers",
        "--round",
        "1",
        "google-forms-own-words.csv",
        "--mapping",
        "fewer.yaml",
    )
    refused(
        result,
        place,
        [
            "google-forms-own-words.csv:3: column C \"Who are you?\": 'Family carer' is not a "
            f"perspective ({KNOWN}) (and on 1 more row); map it to a perspective id under "
            "perspective: values: in a mapping file"
        ],
    )


# --- Whatever the bytes, a preview or located problems; never an exception -------------------

SAMPLE_BYTES = [
    *((SAMPLES / n).read_bytes() for n in ("surveymonkey-own-words.csv", "google-forms-plain.csv")),
    forms_plain(),  # made once: a workbook records when it was saved
]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_cut_or_changed_export_is_previewed_or_refused_never_crashes(data):
    sample = data.draw(st.sampled_from(SAMPLE_BYTES))
    cut = data.draw(st.integers(min_value=0, max_value=len(sample)))
    flips = data.draw(st.lists(st.tuples(st.integers(0, max(cut - 1, 0)), st.binary(max_size=3))))
    changed = bytearray(sample[:cut])
    for at, inserted in flips:
        changed[at:at] = inserted
    located, _ = read_mapping(SAMPLES / "google-forms-own-words.yaml")
    for mapping in (None, located):
        preview = preview_import(bytes(changed), "x.csv", MIR, PERSPECTIVES, mapping=mapping)
        assert preview.ok or all(p.line >= 1 and str(p) for p in preview.problems)
        if not preview.ok:
            assert list(preview.answer_rows()) == []


def test_two_people_with_the_longest_name_both_come_in_the_second_numbered(place):
    """A name at the length limit, given twice: the second person's numbered name still fits,
    so what the dry run accepts is what the import takes."""
    folder, _ = place
    longest = "N" * 200
    (folder / "named.csv").write_text(
        "Timestamp,Your name,How do we work with you on this? "
        "[we ask how you like to get  information. We fix gaps with you]\n"
        f"2027/06/01 9:00:00 AM GMT+1,{longest},Engagement\n"
        f"2027/06/01 9:05:00 AM GMT+1,{longest},co-design\n",
        encoding="utf-8",
    )
    (folder / "named.yaml").write_text(
        "perspective: frontline-staff\nname_column: Your name\n", encoding="utf-8"
    )
    args = ["import-answers", "--round", "1", "named.csv", "--mapping", "named.yaml"]
    assert toolkit(place, *args, "--dry-run").returncode == 0
    result = toolkit(place, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [(name, answer) for name, _, _, answer, _ in stored(place)] == [
        (longest, "engagement"),
        ("N" * 196 + " (2)", "co-design"),
    ]
