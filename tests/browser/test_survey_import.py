"""Adding a round's answers from a SurveyMonkey export in Chromium, on Organisations and
rounds: a real file through the file chooser, the matches previewed, one corrected with the
keyboard, the mapping downloaded, and the answers imported; axe-core finds nothing serious
on the way. Screenshots at 1280 × 900 and 390 × 844:
test-artifacts/screenshots/survey-import-*.png.

The round is one of an organisation of this test's own, opened long ago, so the demo's
rounds (which other browser tests count) are left as they were."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .streamlit_app import (
    REPO,
    main_text,
    open_app,
    rerun,
    runs,
    save_screenshot,
    whole_page_runs,
)
from .test_accessibility import BLOCKING, check_with_axe

SAMPLES = REPO / "tests" / "samples" / "surveys"
ORGANISATION = "Survey import (browser)"
TITLE = "Paper and online, 2020"


@pytest.fixture(scope="module")
def import_round(store):
    """An organisation with an open round to import into (opened before the demo's rounds)."""
    from toolkit.framework import builtin_frameworks
    from toolkit.service import Operator, Service

    service = Service(store)
    organisation = next((o for o in store.organisations() if o.name == ORGANISATION), None)
    if organisation is None:
        organisation = service.create_organisation(Operator(), ORGANISATION)
        service.create_round(
            Operator(),
            organisation.id,
            builtin_frameworks()["making-it-real"],
            TITLE,
            opened_on=dt.date(2020, 1, 6),
        )
    (round_,) = store.rounds(organisation.id)
    return round_


def upload(page: Page, path: Path) -> None:
    uploader = page.get_by_test_id("stFileUploader").filter(
        has_text="Survey export or answers file"
    )
    with rerun(page):
        uploader.locator('input[type="file"]').set_input_files(str(path))
    expect(page.get_by_text("Read as a SurveyMonkey export.")).to_be_visible()


def test_a_surveymonkey_export_is_uploaded_previewed_corrected_and_imported(
    new_page, store, import_round
):
    address = f"/manage?org={import_round.organisation_id}&round={import_round.id}"

    # On a phone: the preview of a file in the tool's own words, with its problems.
    phone = open_app(new_page("phone"), address)
    upload(phone, SAMPLES / "surveymonkey-own-words.csv")
    expect(phone.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert "This file has 7 problems, so nothing can be imported yet." in main_text(phone)
    save_screenshot(phone, "survey-import-problems-phone")
    # This section only (test_accessibility checks the whole page on a phone).
    found = Axe().run(phone, context={"include": [[".st-key-tk_survey_import"]]}).response
    assert not [v for v in found["violations"] if v.get("impact") in BLOCKING], found

    # On a desktop: a plain export, matched by itself.
    page = new_page("desktop")
    open_app(page, address)
    upload(page, SAMPLES / "surveymonkey-plain.csv")
    text = main_text(page)
    assert "There is a problem" not in text
    assert f"4 people and 15 answers would be added to {TITLE}." in text
    save_screenshot(page, "survey-import-desktop")
    check_with_axe(page, "survey-import-desktop")

    # Correct an answer's match with the keyboard alone: "Consultation" meant engagement.
    box = page.get_by_role("combobox", name="What the answer “Consultation” means")
    box.focus()
    before, whole_before = runs(page), whole_page_runs(page)
    with rerun(page):
        page.keyboard.type("Engagem")
        page.keyboard.press("Enter")
    expect(page.get_by_text("2 answers · Your choice")).to_be_visible()
    # Only the import section ran again (a fragment), not the whole page, and the box kept
    # the keyboard's focus.
    assert (runs(page) - before, whole_page_runs(page)) == (1, whole_before)
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "What the answer “Consultation” means"
    )

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the mapping (YAML)").click()
    assert download.value.suggested_filename == "surveymonkey-plain-mapping.yaml"
    mapping = download.value.path().read_text(encoding="utf-8")
    assert "# Written for surveymonkey-plain.csv; check it before you use it again." in mapping
    assert "  Consultation: engagement\n" in mapping
    assert "  column: Which of these best describes you?\n" in mapping

    page.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(page, "survey-import-narrow")
    page.set_viewport_size({"width": 1280, "height": 900})

    with rerun(page):
        page.get_by_role("button", name="Import 15 answers from 4 people").click()
    expect(page.get_by_text(f"Imported 15 answers from 4 people into {TITLE}.")).to_be_visible()
    save_screenshot(page, "survey-import-done-desktop")
    people = store.respondents(import_round.id)
    assert len(people) == 4
    answers = [a.answer for p in people for a in store.answers(p.id).values()]
    assert len(answers) == 15
    assert answers.count("engagement") == 5 and answers.count("consultation") == 0
