"""Answering the questions in a real browser, as people do: with a mouse, with the keyboard
alone, on a phone in Easy Read, and coming back later with the resume link."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Locator, Page, expect

from toolkit.framework import NOT_APPLICABLE, UNSURE

from .streamlit_app import (
    main_text,
    open_app,
    rerun,
    save_screenshot,
    whole_page_runs,
)

PEOPLE_ANSWERED = re.compile(r"\b(\d+) (?:people|person) (?:have |has )?answered\b")
# The answers people give in these tests, by the words on the screen.
CHOICE_WORDS = {UNSURE: "Not sure", NOT_APPLICABLE: "Doesn't apply here"}


# --- What a person sees and does --------------------------------------------------------------


def nav(page: Page, title: str) -> Locator:
    """A link in the navigation along the top of every page."""
    return page.get_by_test_id("stTopNav").get_by_role("link", name=title)


def people_answered(page: Page) -> int:
    found = PEOPLE_ANSWERED.search(main_text(page))
    assert found, f"The page does not say how many people answered:\n{main_text(page)[:1500]}"
    return int(found.group(1))


def statement_name(number: int, text: str) -> re.Pattern:
    """The name a screen reader announces for a statement's choices: its number and words."""
    return re.compile(rf"^{number}\.?\s+{re.escape(text)}$")


def statement_group(page: Page, number: int, text: str) -> Locator:
    """The choices for one statement, found by the name a screen reader announces."""
    return page.get_by_role("radiogroup", name=statement_name(number, text))


def choice(group: Locator, words: str) -> Locator:
    """One choice in a group, by the words it starts with ("Co-design", "Not sure")."""
    return group.get_by_test_id("stRadioOption").filter(
        has_text=re.compile(rf"^\s*{re.escape(words)}(\s+—|\s*$)")
    )


def choice_words(framework, answer: str) -> str:
    return CHOICE_WORDS.get(answer) or framework.ladder.rung(answer).label


def token_in(url: str) -> str:
    tokens = parse_qs(urlparse(url).query).get("resume")
    assert tokens, f"The address has no resume token: {url}"
    return tokens[0]


def focused(page: Page) -> dict:
    """What has keyboard focus: its tag, type, words, checked state and radio group."""
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            const group = e && e.closest('[role="radiogroup"]');
            const option = e && e.closest('label');
            return {
                tag: e ? e.tagName : null,
                type: e && e.type ? e.type : '',
                text: e ? (e.innerText || '').trim() : '',
                checked: e ? !!e.checked : false,
                group: group ? group.getAttribute('aria-label') : null,
                option: option ? option.innerText.trim() : '',
            };
        }"""
    )


def tab_to(page: Page, wanted, what: str, *, limit: int = 60) -> dict:
    """Press Tab until `wanted(focused(page))` is true, as a keyboard user does."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
        seen.append(f"{now['tag']} {now['type']} {now['text'][:30] or now['option'][:30]!r}")
    raise AssertionError(
        f"Could not reach {what} with the keyboard in {limit} presses of Tab. "
        f"Focus went to: {'; '.join(seen)}"
    )


def step_in_view(page: Page, name: str, problems: list[str] | None = None) -> None:
    """After a step change: the new step's heading is focused (so a screen reader reads it)
    and within the top 40% of the screen (so the person sees the new question). With
    `problems`, a heading out of place is noted there; otherwise it fails at once."""
    heading = page.get_by_role("heading", name=name, exact=True)
    expect(heading).to_be_focused()
    box = heading.bounding_box()
    height = (page.viewport_size or {"height": 0})["height"]
    where = "off the screen" if box is None else f"at y = {box['y']:.0f} of {height}"
    if box is None or not 0 <= box["y"] <= 0.4 * height:
        problem = f"'{name}' is {where}, not in the top 40% of the screen"
        if problems is None:
            raise AssertionError(problem)
        problems.append(problem)


# --- A new person on a desktop, with a mouse ------------------------------------------------


def test_a_new_person_answers_every_statement_and_is_counted_in_the_results(
    desktop: Page, store, framework, open_round
):
    page = open_app(desktop, "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Co-production self-assessment")

    with rerun(page):
        nav(page, "Results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    expect(page.get_by_test_id("stMain")).to_contain_text(open_round.title)
    before = people_answered(page)

    with rerun(page):
        nav(page, "Answer the questions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer the questions")
    expect(page.get_by_test_id("stMain")).to_contain_text(
        f"You are answering for {open_round.title} on {open_round.framework_title}."
    )
    page.get_by_role("radiogroup", name="Which of these best describes you?").get_by_text(
        "Manager", exact=True
    ).click()
    with rerun(page):
        page.get_by_role("button", name="Start", exact=True).click()
    token = token_in(page.url)

    # A spread of answers, every rung and both other choices among them.
    options = [*framework.ladder.rung_ids, UNSURE, NOT_APPLICABLE]
    assert len(options) % 2 == 1  # so that 4 × n (mod the number of choices) reaches them all
    expected: dict[str, str] = {}
    number = 0
    for index, theme in enumerate(framework.themes, start=1):
        main = page.get_by_test_id("stMain")
        heading = f"Theme {index} of {len(framework.themes)}: {theme.title}"
        expect(main).to_contain_text(heading)
        if index > 1:  # "Next theme" brought the theme's heading to the top, focused
            step_in_view(page, heading)
        expect(main).to_contain_text(f"{number} of {len(framework.statements)} answered")
        for statement in theme.statements:
            number += 1
            answer = options[(number * 4) % len(options)]
            group = statement_group(page, number, statement.text)
            expect(group).to_be_visible()
            with rerun(page):
                choice(group, choice_words(framework, answer)).click()
            expect(group.get_by_role("radio", checked=True)).to_have_count(1)
            expected[statement.id] = answer
        expect(main).to_contain_text(f"{number} of {len(framework.statements)} answered")
        expect(main).to_contain_text("Saved ✓")
        if index == 1:
            save_screenshot(page, "assess-theme-answered")
        last = index == len(framework.themes)
        with rerun(page):
            page.get_by_role(
                "button", name="Check your answers" if last else "Next theme", exact=True
            ).click()

    main = page.get_by_test_id("stMain")
    step_in_view(page, "Check your answers")
    total = len(framework.statements)
    expect(main).to_contain_text(f"{total} of {total} answered")
    expect(main).not_to_contain_text("Not answered yet")
    first = framework.statements[0]
    expect(main).to_contain_text(f"→ {choice_words(framework, expected[first.id])}")
    save_screenshot(page, "assess-check-your-answers")

    with rerun(page):
        page.get_by_role("button", name="Send my answers", exact=True).click()
    expect(main).to_contain_text("Thank you: your answers have been sent in.")
    with rerun(page):
        page.get_by_role("link", name="See the results").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Results")
    expect(main).to_contain_text(open_round.title)
    assert people_answered(page) == before + 1, (
        f"The Results page said {before} people answered before these answers were sent, and "
        f"now says {people_answered(page)}"
    )

    person = store.resume(token)
    assert person is not None and person.submitted and person.perspective == "manager"
    saved = {sid: a.answer for sid, a in store.answers(person.id).items()}
    assert saved == expected
    assert set(saved.values()) == set(options)


# --- Keyboard alone -------------------------------------------------------------------------


def test_one_theme_answered_with_the_keyboard_alone(desktop: Page, store, framework):
    page = open_app(desktop, "/")
    # From here on: Tab, Shift+Tab, arrow keys, Space and Enter; no mouse.
    tab_to(
        page,
        lambda f: f["tag"] == "A" and f["text"].endswith("Answer the questions"),
        "the 'Answer the questions' link in the navigation",
    )
    with rerun(page):
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Answer the questions")

    who = "Which of these best describes you?"
    now = tab_to(page, lambda f: f["type"] == "radio" and f["group"] == who, "'Who are you?'")
    assert not now["checked"], "Nobody should be chosen for a new person"
    page.keyboard.press("ArrowDown")  # Carer
    page.keyboard.press("ArrowDown")  # Frontline staff
    now = focused(page)
    assert now["checked"] and now["option"] == "Frontline staff", now
    # Shift+Tab leaves the group and Tab comes back to the chosen person, not the first.
    page.keyboard.press("Shift+Tab")
    now = tab_to(page, lambda f: f["type"] == "radio", "the perspective choices again")
    assert now["option"] == "Frontline staff", now
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Start", "the Start button")
    with rerun(page):
        page.keyboard.press("Enter")
    token = token_in(page.url)
    theme = framework.themes[0]
    themes = len(framework.themes)
    expect(page.get_by_test_id("stMain")).to_contain_text(f"Theme 1 of {themes}: {theme.title}")

    # Arrow keys move through the rungs and choose as they go; every choice is saved.
    presses = [5, 4, 3, 6, 5]  # Co-design, Engagement, Consultation, Co-production, Co-design
    options = [*framework.ladder.rung_ids, UNSURE, NOT_APPLICABLE]
    expected = {}
    for number, (statement, downs) in enumerate(zip(theme.statements, presses, strict=True), 1):
        name = statement_name(number, statement.text)
        now = tab_to(page, lambda f, name=name: name.match(f["group"] or ""), f"statement {number}")
        assert not now["checked"]
        with rerun(page):
            page.keyboard.press("Space")
        for _ in range(downs):
            with rerun(page):
                page.keyboard.press("ArrowDown")
        now = focused(page)
        answer = options[downs]
        assert now["checked"] and name.match(now["group"]), now
        assert now["option"].startswith(framework.ladder.rung(answer).label), now
        expected[statement.id] = answer

    main = page.get_by_test_id("stMain")
    total = len(framework.statements)
    expect(main).to_contain_text(f"5 of {total} answered")
    # Each Next theme lands on the new theme's heading, focused where the keyboard user sees
    # it; the next Tab goes on from there to the theme's first question.
    for index, theme in enumerate(framework.themes[1:], start=2):
        tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Next theme", "Next theme")
        with rerun(page):
            page.keyboard.press("Enter")
        step_in_view(page, f"Theme {index} of {themes}: {theme.title}")
        assert_focus_shows(page)
        if index == 2:
            expect(main).to_contain_text(f"5 of {total} answered")
            now = tab_to(page, lambda f: f["type"] == "radio", "the first question of theme 2")
            assert statement_name(6, theme.statements[0].text).match(now["group"]), now
    tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Check your answers", "Check")
    with rerun(page):
        page.keyboard.press("Enter")
    step_in_view(page, "Check your answers")
    assert_focus_shows(page)
    # Past the 25 questions not answered and a Change for each answer and for who you are.
    tab_to(
        page,
        lambda f: f["tag"] == "BUTTON" and f["text"] == "Send my answers",
        "Send my answers",
        limit=70,
    )
    with rerun(page):
        page.keyboard.press("Enter")
    step_in_view(page, "Your answers have been sent in")

    person = store.resume(token)
    assert person is not None and person.perspective == "frontline-staff" and person.submitted
    assert {sid: a.answer for sid, a in store.answers(person.id).items()} == expected


def assert_focus_shows(page: Page) -> None:
    """The focused element has a visible outline (WCAG 2.4.7)."""
    outline = page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
    )
    assert outline[0] != "none" and outline[1] >= 2, f"focus is not visible: {outline}"


# --- Easy Read on a phone -------------------------------------------------------------------


def too_small(targets: Locator, what: str) -> list[str]:
    """Touch targets less than 44 CSS pixels tall (WCAG 2.5.5), described."""
    expect(targets.first).to_be_visible()
    small = []
    for target in targets.all():
        box = target.bounding_box()
        assert box is not None, f"{what}: a target is not on the screen"
        if box["height"] < 44:
            small.append(f"{target.inner_text().strip()!r} is {box['height']:.1f}px")
    return [f"{what} are less than 44px tall: {'; '.join(small)}"] if small else []


def too_small_icons(page: Page) -> list[str]:
    """Help icons (targets too: they show a tooltip) less than 24 × 24 CSS pixels."""
    small = []
    for icon in page.locator(
        '[data-testid="stTooltipIcon"] [data-testid="stTooltipHoverTarget"]'
    ).all():
        box = icon.bounding_box()
        if box and (box["width"] < 24 or box["height"] < 24):
            small.append(f"{box['width']:.0f}×{box['height']:.0f}px")
    return [f"help icons are smaller than 24 × 24 px: {', '.join(small)}"] if small else []


def too_small_text(locator: Locator, what: str, minimum: float = 18.0) -> list[str]:
    size = float(locator.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    return [f"{what} is {size}px; Easy Read text should be {minimum}px or more"] * (size < minimum)


def too_wide(page: Page, width: int) -> list[str]:
    """Anything in the main area wider than the screen (so that it would scroll sideways)."""
    wide = page.evaluate(
        """(width) => {
            const main = document.querySelector('[data-testid="stMain"]');
            const found = [];
            if (main.scrollWidth > width) found.push(`the page is ${main.scrollWidth}px wide`);
            for (const e of main.querySelectorAll('textarea, input, p, h1, h2, h3, label')) {
                const r = e.getBoundingClientRect();
                if (r.width && r.right > width + 0.5) {
                    found.push(`${e.tagName} ${(e.innerText || e.value || '').slice(0, 30)} ends at ${Math.round(r.right)}px`);
                }
            }
            // The words of a link or a button cut off rather than wrapped.
            for (const e of main.querySelectorAll('a p, a span, button p')) {
                if (e.scrollWidth > e.clientWidth + 1) {
                    found.push(`"${e.innerText.slice(0, 30)}" is cut off at ${e.clientWidth}px`);
                }
            }
            return found;
        }""",
        width,
    )
    return [f"wider than the {width}px screen: {w}" for w in wide]


def test_easy_read_on_a_phone_one_question_at_a_time(phone: Page, store, framework):
    page = open_app(phone, "/assess?easy=1")
    main = page.get_by_test_id("stMain")
    width = (page.viewport_size or {"width": 0})["width"]
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers")
    expect(main).to_contain_text("First, tell us who you are.")
    who = page.get_by_role("radiogroup", name="Who are you?")
    # Sizes and places are noted as the journey goes, and checked at the end, so that one run
    # shows them all.
    problems = too_small(who.get_by_test_id("stRadioOption"), "'Who are you?' choices")
    who.get_by_text("I get care or support.", exact=True).tap()
    with rerun(page):
        page.get_by_role("button", name="Start", exact=True).tap()
    token = token_in(page.url)

    ladder = framework.ladder
    total = len(framework.statements)
    # An answer to each of the first seven questions, one screen each, Next after each.
    taps = ["co-design", "engagement", UNSURE, "consultation", "co-production", "informing"]
    taps.append(NOT_APPLICABLE)
    easy_words = {
        **{rung.id: rung.easy_read for rung in ladder.rungs},
        UNSURE: "I am not sure",
        NOT_APPLICABLE: "This is not for me",
    }
    for place, answer in enumerate(taps):
        statement = framework.statements[place]
        step_in_view(page, f"Question {place + 1} of {total}", problems)
        shown = main.get_by_role("heading", level=3, name=statement.easy_read, exact=True)
        expect(shown).to_be_visible()
        expect(main).not_to_contain_text(statement.text)
        problems += too_small_text(shown, f"Question {place + 1}'s statement")
        expect(main).to_contain_text("How do we work with you on this?")
        options = main.get_by_test_id("stRadioOption")
        expect(options).to_have_count(len(ladder.rungs) + 2)
        expect(options).to_have_text(
            [easy_words[c] for c in [*ladder.rung_ids, UNSURE, NOT_APPLICABLE]]
        )
        problems += too_small_text(options.first, f"Question {place + 1}'s answer text")
        problems += too_small(options, f"Question {place + 1}'s answer choices")
        buttons = main.get_by_role("button", name=re.compile("^(Next|Back|Finish later)$"))
        expect(buttons).to_have_count(3)
        problems += too_small(buttons, f"Question {place + 1}'s Back, Finish later and Next")
        if place == 0:
            problems += too_small_icons(page)
            page.get_by_text("Tell us more (you do not have to)").tap()
            expect(main.get_by_role("textbox")).to_be_visible()
            # A note saves when the person moves on: no "Press Ctrl+Enter to apply".
            main.get_by_role("textbox").fill("We talked about it at my review")
            expect(main.get_by_test_id("InputInstructions")).to_be_hidden()
            save_screenshot(page, "assess-easy-read-phone")
            save_screenshot(page, "assess-easy-read-phone-screen", whole=False)
        problems += too_wide(page, width)
        with rerun(page):
            options.filter(has_text=easy_words[answer]).tap()
        expect(main).to_contain_text(f"{place + 1} of {total} answered")
        with rerun(page):
            page.get_by_role("button", name="Next", exact=True).tap()
        if place == 1:
            save_screenshot(page, "assess-easy-read-phone-after-next", whole=False)

    # Back (at the top left) once: the answer given there is still chosen.
    step_in_view(page, f"Question 8 of {total}", problems)
    with rerun(page):
        page.get_by_role("button", name="Back", exact=True).tap()
    step_in_view(page, f"Question 7 of {total}", problems)
    expect(page.get_by_role("radio", name=easy_words[NOT_APPLICABLE])).to_be_checked()

    person = store.resume(token)
    assert person is not None and person.perspective == "person-drawing-on-care"
    saved = {sid: a.answer for sid, a in store.answers(person.id).items()}
    assert saved == {framework.statements[p].id: a for p, a in enumerate(taps)}
    assert not problems, "Easy Read on a phone:\n" + "\n".join(problems)


# --- Finish later, on another device --------------------------------------------------------


def test_the_resume_link_opens_the_answers_on_another_device(new_page, store, framework):
    page = open_app(new_page(), "/assess")
    page.get_by_role("radiogroup", name="Which of these best describes you?").get_by_text(
        "Carer (family member or friend)", exact=True
    ).click()
    with rerun(page):
        page.get_by_role("button", name="Start", exact=True).click()
    first, second, third = framework.statements[:3]
    with rerun(page):
        choice(statement_group(page, 1, first.text), "Engagement").click()
    with rerun(page):
        choice(statement_group(page, 2, second.text), "Informing").click()
    main = page.get_by_test_id("stMain")
    total = len(framework.statements)
    expect(main).to_contain_text(f"2 of {total} answered")

    # Finish later is a button at the top: it shows the link, with a button that copies it.
    with rerun(page):
        page.get_by_role("button", name="Finish later", exact=True).click()
    step_in_view(page, "Finish later")
    link = page.get_by_test_id("stCode").filter(has_text="resume=")
    expect(link).to_be_visible()
    address = link.inner_text().strip()
    # The app's first page: whoever opens it sees only these answers' questions.
    origin = "/".join(page.url.split("/")[:3])
    assert address.startswith(f"{origin}/?resume="), address
    token = token_in(address)
    assert token == token_in(page.url)
    expect(main).to_contain_text("Keep the link private. Anyone who has it can see and change")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page.get_by_role("button", name="Copy the link", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Copied: you can paste it now.")
    assert page.evaluate("() => navigator.clipboard.readText()") == address
    save_screenshot(page, "assess-finish-later")
    with rerun(page):
        page.get_by_role("button", name="Carry on answering", exact=True).click()
    expect(main).to_contain_text(f"Theme 1 of {len(framework.themes)}")

    # Another device (a new browser context): nothing shared with the first but the link. It
    # carries on from the first question not answered (the third, in the first theme).
    other = open_app(new_page(), address)
    again = other.get_by_test_id("stMain")
    step_in_view(other, f"Theme 1 of {len(framework.themes)}: {framework.themes[0].title}")
    expect(again).to_contain_text(
        f"Welcome back — 2 of {total} answered. Carry on from the first question you have "
        "not answered."
    )
    expect(again).to_contain_text(f"2 of {total} answered")
    expect(again).to_contain_text("Answering as: Carer (family member or friend)")
    expect(
        choice(statement_group(other, 1, first.text), "Engagement").get_by_role("radio")
    ).to_be_checked()
    expect(
        choice(statement_group(other, 2, second.text), "Informing").get_by_role("radio")
    ).to_be_checked()
    with rerun(other):
        choice(statement_group(other, 3, third.text), "Co-production").click()
    expect(again).to_contain_text(f"3 of {total} answered")

    person = store.resume(token)
    assert person is not None and not person.submitted and person.perspective == "carer"
    assert {sid: a.answer for sid, a in store.answers(person.id).items()} == {
        first.id: "engagement",
        second.id: "informing",
        third.id: "co-production",
    }


def test_an_answer_runs_only_the_questions_and_a_refused_save_is_said_beside_them(
    new_page, store, framework
):
    """Choosing an answer saves it and runs only the theme's questions again (not the whole
    page); if the round was closed meanwhile, the refusal is shown beside the questions and
    the earlier answer stays as it was stored."""
    from toolkit.service import Operator, Service

    # A round of its own (in an organisation of its own), since this test closes it.
    service, me = Service(store), Operator()
    organisation = service.create_organisation(me, "Closing Time Care")
    round_ = service.create_round(me, organisation.id, framework, "Closes mid-answer")
    invitation = service.invitation(me, round_.id)
    page = open_app(new_page(signed_in=False), f"/?invite={invitation}")
    page.get_by_role("radiogroup", name="Which of these best describes you?").get_by_text(
        "Carer (family member or friend)", exact=True
    ).click()
    before = whole_page_runs(page)
    with rerun(page):
        page.get_by_role("button", name="Start", exact=True).click()
    assert whole_page_runs(page) > before  # Start moved to a new step: the whole page ran
    first, second = framework.statements[:2]
    main = page.get_by_test_id("stMain")
    before = whole_page_runs(page)
    with rerun(page):
        choice(statement_group(page, 1, first.text), "Co-design").click()
    expect(main).to_contain_text(f"1 of {len(framework.statements)} answered")
    expect(main).to_contain_text("Saved ✓")
    assert whole_page_runs(page) == before  # only the questions ran again
    person = store.resume(token_in(page.url))
    assert {s: a.answer for s, a in store.answers(person.id).items()} == {first.id: "co-design"}

    store.set_round_status(round_.id, "closed")
    with rerun(page):
        choice(statement_group(page, 2, second.text), "Informing").click()
    alert = main.get_by_test_id("stAlert").filter(has_text="is closed, so it takes no more")
    expect(alert).to_be_visible()
    # Said within the questions' part of the screen, above the first statement's choices.
    assert alert.bounding_box()["y"] < statement_group(page, 1, first.text).bounding_box()["y"]
    expect(main).to_contain_text(f"1 of {len(framework.statements)} answered")
    assert {s: a.answer for s, a in store.answers(person.id).items()} == {first.id: "co-design"}


# --- The ladder's groups, in colour and in words --------------------------------------------


def test_each_rung_shows_its_group_in_words_and_in_colour(desktop: Page, framework):
    """Beside each choice: its group (doing to / for / with) in words and as a coloured edge."""
    from toolkit.charts import GROUP_COLOURS
    from toolkit.framework import GROUP_LABELS

    page = open_app(desktop, "/assess")
    page.get_by_role("radiogroup", name="Which of these best describes you?").get_by_text(
        "Partner organisation or commissioner", exact=True
    ).click()
    with rerun(page):
        page.get_by_role("button", name="Start", exact=True).click()
    group = statement_group(page, 1, framework.statements[0].text)
    expect(group).to_be_visible()
    problems = []
    for rung in framework.ladder.rungs:
        option = choice(group, rung.label)
        # The edge may be drawn on the choice itself or on the box Streamlit wraps it in.
        edge = option.evaluate(
            """e => [e, e.parentElement].map(el => getComputedStyle(el))
                     .map(s => [parseFloat(s.borderLeftWidth), s.borderLeftColor])
                     .sort((a, b) => b[0] - a[0])[0]"""
        )
        red, green, blue = (int(GROUP_COLOURS[rung.group][i : i + 2], 16) for i in (1, 3, 5))
        if edge[0] < 4 or edge[1] != f"rgb({red}, {green}, {blue})":
            problems.append(
                f"{rung.label}: left edge {edge[0]}px {edge[1]}, expected 4px or more in "
                f"{GROUP_COLOURS[rung.group]} ({GROUP_LABELS[rung.group]})"
            )
        caption = option.locator("xpath=..").get_by_test_id("stRadioCaption")
        expect(caption).to_have_text(GROUP_LABELS[rung.group])
    assert not problems, "Rung choices without their group's colour:\n" + "\n".join(problems)


# --- A small phone: nothing wider than the screen ---------------------------------------------


def test_on_a_320px_screen_the_ladder_stacks_and_nothing_is_wider(new_page, framework):
    for signed_in in (True, False):  # the Start page, and the sign-in page
        page = new_page("phone", signed_in=signed_in)
        page.set_viewport_size({"width": 320, "height": 700})
        open_app(page, "/?easy=1")
        rungs = page.locator(".tk-ladder li")
        expect(rungs).to_have_count(len(framework.ladder.rungs))
        # Each rung's words start on a line of their own, under its name, inside the screen.
        for rung in rungs.all():
            name = rung.locator(".tk-rung").bounding_box()
            words = rung.locator("span").nth(2).bounding_box()
            assert name and words and words["y"] >= name["y"] + name["height"] - 1, (
                f"{rung.inner_text()!r}: its words are beside its name, not under it"
            )
            assert words["x"] + words["width"] <= 320.5, f"{rung.inner_text()!r} is too wide"
        assert too_wide(page, 320) == [], too_wide(page, 320)
        save_screenshot(page, f"ladder-320px-{'start' if signed_in else 'sign-in'}")
