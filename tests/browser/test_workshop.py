"""A workshop in real browsers: the facilitator's projected screen, and phones that join by
its link, answer, follow the facilitator, and carry on after a reload."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .streamlit_app import open_app, rerun, save_screenshot, whole_page_runs


def test_phones_join_answer_and_follow_the_facilitator(new_page, store, open_round, framework):
    facilitator = open_app(
        new_page(), f"/workshops?org={open_round.organisation_id}&round={open_round.id}"
    )
    start = facilitator.get_by_role("button", name="Start the workshop")
    if not start.is_visible():  # a workshop is running already: the form is folded away
        facilitator.get_by_text("Start a workshop").click()
    with rerun(facilitator):
        facilitator.get_by_role("button", name="Start the workshop").click()
    code = facilitator.locator(".tk-code").inner_text().strip()
    expect(facilitator.get_by_role("img", name="QR code that opens")).to_be_visible()
    save_screenshot(facilitator, "workshop-facilitator")

    phones: list[Page] = []
    for number, who in enumerate(["Person who draws on care and support", "Frontline staff"]):
        phone = open_app(new_page("phone", signed_in=False), f"/join?code={code}")
        with rerun(phone):
            phone.get_by_role("button", name="Join", exact=True).tap()
        phone.get_by_text(who, exact=True).tap()
        with rerun(phone):
            phone.get_by_role("button", name="Start", exact=True).tap()
        heading = phone.get_by_role("heading", name=f"Question 1 of {len(framework.statements)}")
        expect(heading).to_be_focused()
        with rerun(phone):
            phone.get_by_test_id("stRadioOption").nth(3 + number).tap()
        phones.append(phone)
    save_screenshot(phones[0], "workshop-phone", whole=False)

    # The facilitator's screen counts them without a click.
    expect(
        facilitator.get_by_text("2 people have joined; 2 answered this statement.")
    ).to_be_visible(timeout=10_000)
    with rerun(facilitator):
        facilitator.get_by_role("button", name="Next statement").click()
    second = f"Question 2 of {len(framework.statements)}"
    for phone in phones:
        expect(phone.get_by_role("heading", name=second)).to_be_visible(timeout=5_000)

    # A reload carries on as the same person, on the statement the room is on.
    phones[0].reload()
    expect(phones[0].get_by_role("heading", name=second)).to_be_visible(timeout=20_000)
    # So do the link opened again and the code typed again, in a browser that joined (its
    # cookie), and nothing in the top bar leads away from the workshop.
    open_app(phones[0], f"/join?code={code}")
    expect(phones[0].get_by_role("heading", name=second)).to_be_visible(timeout=20_000)
    expect(phones[0].get_by_text("Answer the questions")).to_have_count(0)
    open_app(phones[1], "/join")
    phones[1].get_by_label("Workshop code").fill(code.lower())
    with rerun(phones[1]):
        phones[1].get_by_role("button", name="Join", exact=True).tap()
    expect(phones[1].get_by_role("heading", name=second)).to_be_visible(timeout=20_000)
    [workshop] = [w for w in store.workshops(open_round.id) if w.code == code]
    joined = [p for p in store.respondents(open_round.id) if p.workshop_id == workshop.id]
    assert len(joined) == 2
    first = framework.statements[0].id
    assert sorted(store.answers(p.id)[first].answer for p in joined) == [
        "consultation",
        "engagement",
    ]


def test_self_paced_on_a_phone_next_brings_the_next_statement_into_view(new_page, store, framework):
    """Self-paced, a phone's answer, Next and Back run only the statement's part of the page;
    Next brings the new statement's heading to the top of the screen and focuses it."""
    from toolkit.service import Operator, Service

    service, me = Service(store), Operator()
    organisation = service.create_organisation(me, "Self-paced Care")
    round_ = service.create_round(me, organisation.id, framework, "At our own pace")
    statements = [s.id for s in framework.statements[:3]]
    workshop = service.start_workshop(me, round_.id, mode="self-paced", statements=statements)
    phone = open_app(new_page("phone", signed_in=False), f"/join?code={workshop.code}")
    with rerun(phone):
        phone.get_by_role("button", name="Join", exact=True).tap()
    phone.get_by_text("Carer (family member or friend)", exact=True).tap()
    with rerun(phone):
        phone.get_by_role("button", name="Start", exact=True).tap()
    expect(phone.get_by_role("heading", name="Question 1 of 3")).to_be_focused()
    # (The page's timed look at the facilitator is a fragment too, so counting whole-page
    # runs, not the last run, tells what a press ran.)
    before = whole_page_runs(phone)
    with rerun(phone):
        phone.get_by_test_id("stRadioOption").filter(has_text="Co-design").first.tap()
    expect(phone.get_by_test_id("stMain")).to_contain_text("1 of 3 answered")

    phone.mouse.wheel(0, 2000)  # Next is below the choices: the person scrolls down to it
    with rerun(phone):
        phone.get_by_role("button", name="Next", exact=True).tap()
    heading = phone.get_by_role("heading", name="Question 2 of 3")
    expect(heading).to_be_focused()
    assert whole_page_runs(phone) == before  # the answer and Next ran only their fragment
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] <= 0.4 * 844, box
    expect(phone.get_by_role("radio", checked=True)).to_have_count(0)
    save_screenshot(phone, "workshop-self-paced-after-next", whole=False)

    phone.mouse.wheel(0, 2000)
    with rerun(phone):
        phone.get_by_role("button", name="Back", exact=True).tap()
    expect(phone.get_by_role("heading", name="Question 1 of 3")).to_be_focused()
    chosen = phone.get_by_role("radio", checked=True)
    expect(phone.get_by_test_id("stRadioOption").filter(has=chosen)).to_contain_text("Co-design")
    [person] = [p for p in store.respondents(round_.id) if p.workshop_id == workshop.id]
    assert {s: a.answer for s, a in store.answers(person.id).items()} == {
        statements[0]: "co-design"
    }


def test_six_phones_answer_and_a_server_restart_loses_nothing(browser, tmp_path):
    """A room of six phones on a server of its own, which is then stopped and started again
    mid-workshop: every answer given before is still there, and each phone's own link
    carries it on as the same person."""
    from toolkit.demo import load_demo
    from toolkit.service import Operator, Service
    from toolkit.store import Store

    from .streamlit_app import PHONE, REPO, StreamlitServer, watch_runs

    url = f"sqlite:///{tmp_path}/room.db"
    store = Store(url)
    load_demo(store)
    round_ = next(r for r in store.rounds() if r.is_open)
    service = Service(store)
    workshop = service.start_workshop(Operator(), round_.id, statements=["info-1", "info-2"])
    server = StreamlitServer(REPO / "app.py", url, cwd=REPO)
    server.start(timeout=60)
    contexts = []
    try:
        links = []
        rungs = [
            "co-production",
            "co-design",
            "engagement",
            "consultation",
            "informing",
            "coercion",
        ]
        labels = {r.id: r.label for r in service.round_framework(Operator(), round_).ladder.rungs}
        for number, rung in enumerate(rungs):
            context = browser.new_context(**PHONE, base_url=server.url)
            contexts.append(context)
            phone = watch_runs(context.new_page())
            open_app(phone, f"/join?code={workshop.code}")
            with rerun(phone):
                phone.get_by_role("button", name="Join", exact=True).tap()
            phone.get_by_test_id("stRadioOption").nth(number % 6).tap()
            with rerun(phone):
                phone.get_by_role("button", name="Start", exact=True).tap()
            with rerun(phone):
                phone.get_by_test_id("stRadioOption").filter(has_text=labels[rung]).first.tap()
            links.append(phone.url.split("/", 3)[3])  # the page and its address parameters
        status = service.workshop_status(Operator(), workshop.code)
        assert (status.participants, status.answers) == (6, 6)

        server.stop()  # mid-workshop: the phones lose the server
        server.start(timeout=60)  # the same database, on a new port
        for context, link, rung in zip(contexts, links, rungs, strict=True):
            phone = watch_runs(context.new_page())
            open_app(phone, f"{server.url}/{link}")
            expect(phone.get_by_role("heading", name="Question 1 of 2")).to_be_visible()
            chosen = phone.get_by_role("radio", checked=True)
            expect(chosen).to_have_count(1)
            expect(phone.get_by_test_id("stRadioOption").filter(has=chosen)).to_contain_text(
                labels[rung]
            )
        status = service.workshop_status(Operator(), workshop.code)
        assert (status.participants, status.answers) == (6, 6)
        answers = sorted(a for _, a in store.workshop_answers(workshop.id, "info-1"))
        assert answers == sorted(rungs)
    finally:
        for context in contexts:
            context.close()
        server.stop()
        server.remove_log()
        store.close()
