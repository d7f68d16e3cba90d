"""The Frameworks page through AppTest: browsing, the template and schema, and uploading a file."""

from __future__ import annotations

import json
import subprocess
import textwrap

import jsonschema
import pytest
import yaml
from conftest import TOOLKIT, click, open_page
from reading import read, read_all, shown
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from toolkit.errors import Code
from toolkit.framework import (
    builtin_frameworks,
    builtin_ladders,
    check_file,
    check_text,
    framework_schema,
)
from toolkit.ui import framework_upload
from toolkit.ui.text import markdown_safe

TEMPLATE = framework_upload.template_text().encode("utf-8")

# Five problems on known lines: a number as the version, an unknown key, a bad id, a statement
# id used twice and an Easy Read sentence that is too long.
BAD = textwrap.dedent(
    """\
    id: bad-framework
    title: A framework with problems
    version: 1.0
    source: {title: Our own words}
    ladder: coproduction-ladder
    question: Which rung best describes how we work with people on this today?
    themes:
      - id: only
        title: The only theme
        statments: []
        statements:
          - {id: one, kind: We, text: We do one thing., easy_read: We do one thing.}
          - {id: Two, kind: We, text: We do another., easy_read: We do another thing.}
          - id: one
            kind: I
            text: I am asked.
            easy_read: We ask you about this and we ask you again and again and again and again.
    """
).encode("utf-8")


def upload(at, name: str, data: bytes):
    (uploader,) = at.file_uploader
    uploader.set_value((name, data, "application/yaml")).run()
    assert not at.exception, at.exception
    return at


def expander_labels(at) -> list[str]:
    return read_all(e.label for e in at.expander)


BUILT_IN = [
    "Making it Real: personalised care and support, worked out together · version 2018.2",
    "Co-producing research: key principles · version 1.1",
    "Co-production across the whole organisation: culture, structure, practice and review · "
    "version 1.1",
]


def test_every_framework_and_ladder_is_shown_on_an_empty_database(empty_app):
    at = open_page("frameworks")
    assert not at.exception and not at.error
    assert expander_labels(at) == BUILT_IN
    text = shown(at)
    # Every statement of the three, each with its kind: 30, 15 and 16 of them.
    for framework in builtin_frameworks().values():
        for statement in framework.statements:
            assert statement.text in text
    assert text.count("<li><strong>") == 30 + 15 + 16
    assert text.count("<li><strong>I statement</strong>: ") == 18  # all in Making it Real
    assert text.count("<li><strong>Principle</strong>: ") == 4 + 1
    # The one built-in ladder, drawn with its seven rungs.
    assert list(builtin_ladders()) == ["coproduction-ladder"]
    ladder = "The ladder of co-production: 7 rungs, from Coercion at the bottom to Co-production"
    assert ladder in text


def test_the_demo_database_renders_too(demo_app):
    at = open_page("frameworks")
    assert not at.exception and not at.error
    assert expander_labels(at) == BUILT_IN


def test_easy_read_shows_the_easy_read_wording_below_each_statement(empty_app):
    easy_read = "You tell us what a good life means to you. We plan your support with you."
    plain = shown(open_page("frameworks"))
    assert easy_read not in plain
    at = open_page("frameworks", easy=True)
    assert not at.exception and not at.error
    assert (
        "I work out, with the people who support me, what a good life looks like for me and "
        f"what support will help.<br>Easy Read: {easy_read}"
    ) in shown(at)


def test_the_template_passes_toolkit_validate():
    framework, problems = check_file(framework_upload.TEMPLATE_PATH, kind="framework")
    assert problems == []
    assert framework.ladder.id == "coproduction-ladder"
    done = subprocess.run(
        [TOOLKIT, "validate", str(framework_upload.TEMPLATE_PATH)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK (framework 'our-day-service'" in done.stdout


def test_the_template_explains_every_key_it_uses():
    text = framework_upload.template_text()
    data = yaml.safe_load(text)
    keys = set(data) | set(data["source"])
    for theme in data["themes"]:
        keys |= set(theme)
        for statement in theme["statements"]:
            keys |= set(statement)
    comments = "\n".join(line for line in text.splitlines() if line.lstrip().startswith("#"))
    for key in keys:
        assert f"'{key}'" in comments, f"no comment explains '{key}'"
    assert {"guidance", "evidence_prompts", "weight", "easy_read_question"} <= keys


def test_the_schema_and_template_are_offered_for_download(empty_app, monkeypatch):
    # What each download button hands over, by the media file id in its address.
    offered: dict[str, tuple[str | None, str, bytes]] = {}
    keep = MemoryMediaFileStorage.load_and_get_id

    def keeping(self, data, mimetype, kind, filename=None):
        file_id = keep(self, data, mimetype, kind, filename)
        offered[file_id] = (filename, mimetype, data)
        return file_id

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keeping)
    at = open_page("frameworks")
    buttons = {b.label: offered[b.proto.url.rsplit("/", 1)[-1]] for b in at.get("download_button")}
    assert list(buttons) == ["Download the template", "Download the JSON Schema"]

    name, mimetype, data = buttons["Download the template"]
    assert (name, mimetype) == ("framework-template.yaml", "application/yaml")
    assert data == TEMPLATE

    name, mimetype, data = buttons["Download the JSON Schema"]
    assert (name, mimetype) == ("framework.schema.json", "application/schema+json")
    schema = json.loads(data)
    jsonschema.Draft202012Validator.check_schema(schema)
    # It accepts the template and refuses a file with problems.
    jsonschema.validate(yaml.safe_load(TEMPLATE), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(BAD), schema)
    assert schema == framework_schema()


def test_a_file_with_problems_lists_each_with_its_line_and_adds_nothing(empty_app):
    at = upload(open_page("frameworks"), "bad.yaml", BAD)
    (error,) = at.error
    lines = read(error.value).splitlines()
    assert lines[0] == "This file has 5 problems. Nothing has been added."
    problems = [line.removeprefix("- ") for line in lines if line.startswith("- ")]
    assert len(problems) == 5
    assert problems[0].startswith("Line 3, column 10: ")
    assert any(p.startswith("Line 10, column 5: ") and "statments" in p for p in problems)
    assert any(p.startswith("Line 13, column 14: ") and "Two" in p for p in problems)
    assert any(
        p.startswith("Line 14, column 13: ") and "used twice (first at line 12)" in p
        for p in problems
    )
    assert any(p.startswith("Line 17, column 20: ") and "Easy Read" in p for p in problems)
    assert not [b for b in at.button if b.label == "Add this framework for new rounds"]
    assert empty_app.uploaded_frameworks() == []


def test_a_file_that_is_not_utf8_is_refused_in_plain_words(empty_app):
    at = upload(open_page("frameworks"), "latin.yaml", "title: Café".encode("latin-1"))
    (error,) = at.error
    message = read(error.value)
    assert message.startswith("This file has 1 problem. Nothing has been added.")
    assert "is not UTF-8 text" in message and "Save it as UTF-8" in message
    assert empty_app.uploaded_frameworks() == []


def test_a_good_file_is_summarised_then_added_for_new_rounds(demo_app):
    at = upload(open_page("frameworks"), "framework-template.yaml", TEMPLATE)
    assert not at.error
    text = shown(at)
    assert "This file has no problems: Working together in our day service." in text
    assert "2 themes and 5 statements, placed on The ladder of co-production (7 rungs" in text
    assert "- Planning activities: 2 statements\n- Running the service: 3 statements" in text
    assert demo_app.uploaded_frameworks() == []  # nothing saved before the button

    click(at, "Add this framework for new rounds")
    assert not at.error
    (added,) = demo_app.uploaded_frameworks()
    assert (added.id, added.version, len(added.statements)) == ("our-day-service", "1.0", 5)
    assert read(at.success[0].value).startswith(
        "Added Working together in our day service (version"
    )
    assert "Working together in our day service · version 1.0 · added here" in expander_labels(at)
    assert at.file_uploader[0].value is None  # the upload is cleared, ready for another

    # New rounds can now use it.
    manage = open_page("manage")
    framework_choice = next(s for s in manage.selectbox if s.label == "Framework")
    assert framework_choice.options[-1] == "Working together in our day service (version 1.0)"


def test_adding_the_same_framework_twice_is_refused_plainly(empty_app):
    at = upload(open_page("frameworks"), "framework-template.yaml", TEMPLATE)
    click(at, "Add this framework for new rounds")
    at = upload(open_page("frameworks"), "again.yaml", TEMPLATE)
    click(at, "Add this framework for new rounds")
    assert read_all(e.value for e in at.error) == [
        "A framework 'our-day-service' version 1.0 was added already; change its version to "
        "add it again."
    ]
    assert len(empty_app.uploaded_frameworks()) == 1


def test_describe_problems_names_line_and_column():
    _, problems = check_text(BAD.decode(), "bad.yaml", kind="framework")
    described = framework_upload.describe_problems(problems)
    assert len(described) == len(problems) == 5
    duplicate = next(p for p in problems if p.code is Code.DUPLICATE_ID)
    assert framework_upload.describe_problem(duplicate) == (
        "Line 14, column 13: Statement id 'one' is used twice (first at line 12)."
    )


def test_the_page_shows_file_text_as_written():
    assert markdown_safe("doing_to *and* $5") == r"doing\_to \*and\* \$5"
