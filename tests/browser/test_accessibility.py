"""Accessibility of every page, checked by axe-core in Chromium, with a screenshot of each.

A page passes when axe finds no "serious" or "critical" violation. Everything axe reports
(every impact) is written to test-artifacts/axe/PAGE.json, and each page's screenshot to
test-artifacts/screenshots/PAGE.png. No rule is switched off and no element is excluded: a
violation that comes from Streamlit's own markup is reported like any other, and an exclusion,
if one is ever agreed, must name one rule on one selector, with a comment saying why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .streamlit_app import ARTIFACTS, main_text, open_app, rerun, save_screenshot, wait_for_app

BLOCKING = ("serious", "critical")
axe = Axe()


def check_with_axe(page: Page, name: str) -> None:
    """Run axe-core on the page as it is now; fail on serious or critical violations."""
    response = axe.run(page).response
    violations = response["violations"]
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(
        json.dumps({"url": page.url, "violations": violations}, indent=2), encoding="utf-8"
    )
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    assert not blocking, f"axe-core found on {name} ({page.url}):\n" + describe(blocking)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{violation['helpUrl']}]"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(t) for t in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:200]}")
            if node.get("failureSummary"):
                lines.append("       " + node["failureSummary"].replace("\n", " ")[:300])
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


# --- The pages --------------------------------------------------------------------------------


def start_answering(page: Page, perspective: str) -> None:
    page.get_by_role("radiogroup").first.get_by_text(perspective, exact=True).click()
    with rerun(page):
        page.get_by_role("button", name="Start", exact=True).click()


def review(page: Page) -> None:
    """From the first theme to "Check your answers", answering nothing."""
    start_answering(page, "Board member, trustee or councillor")
    while page.get_by_role("button", name="Next theme", exact=True).count():
        with rerun(page):
            page.get_by_role("button", name="Next theme", exact=True).click()
    with rerun(page):
        page.get_by_role("button", name="Check your answers", exact=True).click()


def press(page: Page, name: str) -> None:
    with rerun(page):
        page.get_by_role("button", name=name, exact=True).click()


def finish_later(page: Page) -> None:
    start_answering(page, "I get care or support.")
    press(page, "Finish later")


def send(page: Page) -> None:
    review(page)
    with rerun(page):
        page.get_by_role("button", name="Send my answers", exact=True).click()


@dataclass(frozen=True)
class Screen:
    name: str
    path: str
    heading: str
    device: str = "desktop"
    then: Callable[[Page], None] | None = None
    shows: str | None = None


SCREENS = [
    Screen("start", "/", "Co-production self-assessment", shows="The ladder of co-production"),
    Screen("start-easy-read", "/?easy=1", "How well do we work with you?", shows="The ladder"),
    Screen("assess-who-are-you", "/assess", "Answer the questions", shows="Which of these"),
    Screen(
        "assess-question",
        "/assess",
        "Answer the questions",
        then=lambda page: start_answering(page, "Frontline staff"),
        shows="Theme 1 of 6",
    ),
    Screen(
        "assess-problem",
        "/assess",
        "Answer the questions",
        then=lambda page: press(page, "Start"),
        shows="There is a problem",
    ),
    Screen(
        "assess-check", "/assess", "Answer the questions", then=review, shows="Check your answers"
    ),
    Screen(
        "assess-finish-later",
        "/assess?easy=1",
        "Your answers",
        device="phone",
        then=finish_later,
        shows="Keep the link secret",
    ),
    Screen("assess-thank-you", "/assess", "Answer the questions", then=send, shows="Thank you"),
    Screen(
        "assess-easy-read-who-are-you",
        "/assess?easy=1",
        "Your answers",
        device="phone",
        shows="Who are you?",
    ),
    Screen(
        "assess-easy-read-question",
        "/assess?easy=1",
        "Your answers",
        device="phone",
        then=lambda page: start_answering(page, "I look after a family member or friend."),
        shows="Question 1 of ",
    ),
    Screen("results", "/results", "Results", shows="people answered"),
    Screen("progress", "/progress", "Board progress"),
    Screen("actions", "/actions", "Actions"),
    Screen("frameworks", "/frameworks", "Frameworks"),
    Screen("manage", "/manage", "Organisations and rounds"),
    # Its table of rounds has seven columns: on a phone it must fit, not scroll sideways.
    Screen("manage-rounds", "/manage", "Organisations and rounds", device="phone"),
    Screen("workshops", "/workshops", "Workshops", shows="Start a workshop"),
    Screen("join", "/join", "Join a workshop", device="phone", shows="Type the code"),
]


@pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])
def test_every_page_has_no_serious_accessibility_problems(new_page, screen: Screen):
    page = open_app(new_page(screen.device), screen.path)
    expect(page.get_by_role("heading", level=1)).to_have_text(screen.heading)
    if screen.then:
        screen.then(page)
    if screen.shows:
        expect(page.get_by_test_id("stMain")).to_contain_text(screen.shows)
    assert "Something went wrong" not in main_text(page)
    save_screenshot(page, screen.name + ("-phone" if screen.device == "phone" else ""))
    check_with_axe(page, screen.name)


def test_results_every_tab_and_a_chart_as_a_table(new_page, open_round):
    """The Results page's other tabs, and a chart switched to its table, are checked too."""
    page = open_app(new_page(), "/results")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text(open_round.title)
    tabs = main.get_by_role("tab")
    expect(tabs.first).to_be_visible()
    names = [name.strip() for name in tabs.all_inner_texts()]
    assert len(names) >= 2, names
    for number, name in enumerate(names):
        tab = main.get_by_role("tab", name=name, exact=True)
        tab.click()
        expect(tab).to_have_attribute("aria-selected", "true")
        wait_for_app(page)
        check_with_axe(page, f"results-tab-{number + 1}")
    main.get_by_role("tab", name=names[0], exact=True).click()
    wait_for_app(page)
    switch = main.get_by_role("switch", name="Show as table").first
    with rerun(page):
        main.get_by_test_id("stCheckbox").filter(has_text="Show as table").first.click()
    expect(switch).to_be_checked()
    expect(main.get_by_test_id("stDataFrame").first).to_be_visible()
    save_screenshot(page, "results-as-table")
    check_with_axe(page, "results-as-table")


def test_a_new_install_says_what_to_do_first(new_page, empty_app_server):
    page = open_app(new_page(server=empty_app_server), "/")
    main = page.get_by_test_id("stMain")
    expect(main).to_contain_text("No organisation or round yet.")
    expect(main.get_by_role("link", name="Set up an organisation and a round")).to_be_visible()
    save_screenshot(page, "start-empty-database")
    check_with_axe(page, "start-empty-database")
    with rerun(page):
        main.get_by_role("link", name="Set up an organisation and a round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations and rounds")
    check_with_axe(page, "manage-empty-database")


# --- Keyboard focus -------------------------------------------------------------------------

FOCUS_RING = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    // A radio button or switch hides its real input; the person sees the label around it.
    const shown = (e.matches('input[type=radio], input[type=checkbox]') && e.closest('label'))
        || e;
    // The hidden input itself (clipped to one pixel) does not count.
    const visible = [shown, ...shown.querySelectorAll('*')].filter(
        el => el === shown || !(el === e || el.contains(e)));
    const ringed = visible.some(el => {
        const style = getComputedStyle(el);
        const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
        return outline || (style.boxShadow && style.boxShadow !== 'none');
    });
    const words = (shown.innerText || shown.getAttribute('aria-label') || '').trim();
    return {ringed, what: `${e.tagName.toLowerCase()} ${e.type || ''} ${words.slice(0, 50)}`};
}"""


def test_keyboard_focus_is_visible_on_every_control_of_a_question_screen(new_page):
    """WCAG 2.4.7: whatever Tab reaches shows where focus is (an outline or a ring)."""
    page = open_app(new_page(), "/assess")
    start_answering(page, "Manager")
    expect(page.get_by_test_id("stMain")).to_contain_text("Theme 1 of 6")
    unmarked, seen = [], set()
    for _ in range(80):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUS_RING)
        if found is None:
            continue
        if found["what"] in seen:
            continue
        seen.add(found["what"])
        if not found["ringed"]:
            unmarked.append(found["what"])
    assert len(seen) > 10, f"Tab reached only: {sorted(seen)}"
    assert not unmarked, "Keyboard focus is not visibly marked on:\n" + "\n".join(
        f"- {what}" for what in unmarked
    )
