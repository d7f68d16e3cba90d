"""Who sees what in the app: for each role and for someone not signed in, the pages in the top
bar, what each page shows and offers, and what an address naming someone else's data does."""

from __future__ import annotations

import pytest
from conftest import ADMIN, open_page, shown_text, sign_in_as
from reading import read_all, shown

from toolkit.framework import builtin_frameworks
from toolkit.service import Anonymous, Invited, Operator, Service, SignedIn
from toolkit.ui import registry

MIR = builtin_frameworks()["making-it-real"]
DEMO = "Riverside Care (demo)"
OTHER = "Hillside Homes"


@pytest.fixture
def two_organisations(demo_app):
    """The demo, and a second organisation with a round of its own."""
    service = Service(demo_app)
    other = service.create_organisation(Operator(), OTHER)
    service.create_round(Operator(), other.id, MIR, "Hillside Spring")
    return demo_app


def pages_of(store, email: str | None) -> list[str]:
    service = Service(store)
    actor = Anonymous()
    if email is not None:
        found = store.user_with_hash(email)
        actor = SignedIn(found[0])
    return [page.title for page in registry.pages_for(service, actor)]


def test_the_top_bar_shows_each_role_its_own_pages(two_organisations):
    store = two_organisations
    for email, role in (
        ("lead@example.org", "lead"),
        ("facilitator@example.org", "facilitator"),
        ("board@example.org", "board_viewer"),
    ):
        sign_in_as(store, email, role, DEMO)
    # Anyone may join a workshop by its code (participants need no account).
    assert pages_of(store, None) == ["Sign in", "Join a workshop"]
    assert pages_of(store, ADMIN) == [
        "Start",
        "Answer the questions",
        "Results",
        "Board progress",
        "Actions",
        "Workshops",
        "Frameworks",
        "Organisations and rounds",
        "Accounts",
        "Join a workshop",
    ]
    assert pages_of(store, "lead@example.org") == [
        "Start",
        "Answer the questions",
        "Results",
        "Board progress",
        "Actions",
        "Workshops",
        "Frameworks",
        "Organisations and rounds",
        "Join a workshop",
    ]
    assert pages_of(store, "facilitator@example.org") == [
        "Start",
        "Answer the questions",
        "Results",
        "Workshops",
        "Join a workshop",
    ]
    assert pages_of(store, "board@example.org") == [
        "Start",
        "Results",
        "Board progress",
        "Actions",
        "Join a workshop",
    ]
    round_id = store.rounds()[-1].id
    assert [p.title for p in registry.pages_for(Service(store), Invited(round_id))] == [
        "Answer the questions"
    ]


@pytest.mark.parametrize(
    "address",
    [{}, {"org": 1}, {"org": 1, "round": 3}, {"round": 3, "statement": "info-1"}],
)
def test_someone_not_signed_in_sees_no_names_titles_or_figures(two_organisations, address):
    at = open_page(token=None, **address)
    assert not at.exception
    text = shown(at)
    assert "Sign in" in text and "ladder of co-production" in text
    for secret in (DEMO, OTHER, "Hillside Spring", "Spring 2025", "Journey", "%"):
        assert secret not in text
    assert [s.label for s in at.selectbox] == []


@pytest.mark.parametrize("page", ["results", "progress", "actions", "manage", "accounts"])
def test_no_page_but_sign_in_and_join_is_open_to_someone_not_signed_in(two_organisations, page):
    at = open_page(token=None)
    with pytest.raises(ValueError, match="Known pages: \\['[^']*sign_in.py', '[^']*join.py'\\]"):
        at.switch_page(f"toolkit/ui/pages/{page}.py")
    text = shown_text(at)
    assert DEMO not in text and OTHER not in text and "Hillside Spring" not in text


def test_a_board_viewer_reads_results_progress_and_actions_and_changes_nothing(
    two_organisations,
):
    token = sign_in_as(two_organisations, "board@example.org", "board_viewer", DEMO)
    at = open_page("results", token=token)
    assert not at.exception and not at.error
    assert [s.options for s in at.selectbox if s.label == "Organisation"] == [[DEMO]]
    assert "Record what was agreed" not in [b.label for b in at.button]
    assert not [f for f in at.get("form")]  # no agreed-rung form
    assert not [link for link in at.get("page_link") if "Add an action" in str(link.proto.label)]
    actions = open_page("actions", token=token)
    assert not actions.exception and not actions.error
    assert "Add this action" not in [b.label for b in actions.get("form_submit_button")]
    assert "Delete this action" not in [b.label for b in actions.button]
    assert actions.get("table")  # the list is there to read


def test_an_address_naming_another_organisation_answers_as_a_missing_one(two_organisations):
    store = two_organisations
    token = sign_in_as(store, "board@example.org", "board_viewer", DEMO)
    other_id = next(o.id for o in store.organisations() if o.name == OTHER)
    theirs = open_page("results", token=token, org=other_id)
    missing = open_page("results", token=token, org=999_999)
    for at in (theirs, missing):
        assert not at.exception and not at.error
        assert OTHER not in shown(at) and "Hillside Spring" not in shown(at)
        assert [s.value for s in at.selectbox if s.label == "Organisation"] == [
            next(o.id for o in store.organisations() if o.name == DEMO)
        ]
    assert shown(theirs) == shown(missing)


def test_a_facilitator_records_agreed_rungs_but_adds_no_actions(two_organisations):
    token = sign_in_as(two_organisations, "facilitator@example.org", "facilitator", DEMO)
    at = open_page("results", token=token)
    assert not at.exception and not at.error
    assert "Save what was agreed" in [b.label for b in at.get("form_submit_button")]
    assert not [link for link in at.get("page_link") if "Add an action" in str(link.proto.label)]


def test_a_lead_gets_the_invitation_link_and_audit_trail_but_no_organisation_form(
    two_organisations,
):
    token = sign_in_as(two_organisations, "lead@example.org", "lead", DEMO)
    at = open_page("manage", token=token)
    assert not at.exception and not at.error
    text = shown(at)
    assert "Invite people to answer" in text and "Who changed what" in text
    assert "Add an organisation" not in [e.label for e in at.expander]
    (link,) = [c.value for c in at.code]
    assert "/?invite=" in link
    frameworks = open_page("frameworks", token=token)
    assert not frameworks.get("file_uploader")  # adding frameworks is for admins


def test_an_invitation_opens_only_its_round(two_organisations):
    store = two_organisations
    service = Service(store)
    round_ = store.rounds(1)[-1]  # the demo's open round
    token = service.invitation(Operator(), round_.id)
    at = open_page(token=None, invite=token)
    assert not at.exception and not at.error
    text = shown(at)
    assert f"You are answering for **{round_.title}**" in text
    assert [s.label for s in at.selectbox] == []  # no organisation or round pickers
    assert DEMO not in text and OTHER not in text
    at.radio[0].set_value("carer")
    next(b for b in at.get("form_submit_button") if b.label == "Start").click().run()
    assert not at.exception and not at.error
    assert "resume" in at.query_params and "invite" not in at.query_params
    assert "Theme 1 of 6" in shown(at)
    # A replaced link stops working: whoever holds it is nobody.
    service.replace_invitation(Operator(), round_.id)
    old = open_page(token=None, invite=token)
    assert "Sign in" in shown(old) and "You are answering for" not in shown(old)


def test_signing_in_on_the_page(two_organisations):
    Service(two_organisations).add_user(
        Operator(), "lead@example.org", "a long password", "lead", 1
    )
    at = open_page(token=None)
    at.text_input[0].input("lead@example.org")
    at.text_input[1].input("a long password")
    next(b for b in at.get("form_submit_button") if b.label == "Sign in").click().run()
    assert not at.exception and not at.error
    assert "You are signed in as lead@example.org." in shown(at)
    assert "Signed in as lead@example.org" in shown(at)
    assert DEMO in [o for s in at.selectbox for o in s.options]


def test_a_wrong_password_six_times_locks_signing_in(two_organisations):
    Service(two_organisations).add_user(
        Operator(), "lead@example.org", "a long password", "lead", 1
    )
    at = open_page(token=None)
    for attempt in range(6):
        at.text_input[0].input("lead@example.org")
        at.text_input[1].input(f"wrong password {attempt}")
        next(b for b in at.get("form_submit_button") if b.label == "Sign in").click().run()
    assert "signing in is now locked for 15 minutes" in shown(at)
    at.text_input[0].input("lead@example.org")
    at.text_input[1].input("a long password")
    next(b for b in at.get("form_submit_button") if b.label == "Sign in").click().run()
    assert "There have been too many failed attempts to sign in" in shown(at)
    assert DEMO not in shown(at)


def test_single_sign_on_signs_in_to_an_existing_account_only(two_organisations):
    """After `st.login`, the identity provider's verified address reaches its account."""
    sign_in_as(two_organisations, "lead@example.org", "lead", DEMO)
    at = AppTest_for_user(
        {"is_logged_in": True, "email": "lead@example.org", "email_verified": True}
    )
    assert not at.exception and not at.error
    assert "Signed in as lead@example.org" in shown(at)
    stranger = AppTest_for_user(
        {"is_logged_in": True, "email": "stranger@example.org", "email_verified": True}
    )
    assert "there is no account here for stranger@example.org" in shown(stranger)
    assert DEMO not in shown(stranger)
    unverified = AppTest_for_user(
        {"is_logged_in": True, "email": "lead@example.org", "email_verified": False}
    )
    assert "(the address is not verified)" in shown(unverified)
    assert "Signed in as" not in shown(unverified)


def AppTest_for_user(user: dict):  # noqa: N802 - reads as what it makes
    from conftest import APP
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in user.items():
        at.user[key] = value
    return at.run()


def test_a_save_kept_waiting_says_the_database_is_busy(demo_app, monkeypatch, tmp_path):
    """An autosave that waits longer than the busy timeout (an import holding the database)
    is told the database is busy, in plain words, and nothing is lost."""
    import sqlite3

    monkeypatch.setenv("TOOLKIT_BUSY_TIMEOUT", "0.3")
    database_file = str(demo_app.engine.url.database)
    round_ = demo_app.rounds(1)[-1]
    token = Service(demo_app).invitation(Operator(), round_.id)
    at = open_page(token=None, invite=token)
    at.radio[0].set_value("carer")
    next(b for b in at.get("form_submit_button") if b.label == "Start").click().run()
    assert not at.exception and "Theme 1 of 6" in shown(at)
    holder = sqlite3.connect(database_file, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        at.radio[0].set_value(at.radio[0].options[5]).run()
    finally:
        holder.rollback()
        holder.close()
    assert not at.exception
    assert read_all(e.value for e in at.error) == [
        "The database is busy: someone is importing answers or making other changes. Try "
        "again in a moment; nothing already saved has been lost."
    ]
    assert "cannot be reached" not in shown(at)


def test_each_identity_provider_in_the_secrets_gets_a_sign_in_button(two_organisations):
    from conftest import APP
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {
        "redirect_uri": "https://assess.example.org/oauth2callback",
        "cookie_secret": "not a real secret",
        "microsoft": {"client_id": "a", "client_secret": "b", "server_metadata_url": "c"},
        "google": {"client_id": "d", "client_secret": "e", "server_metadata_url": "f"},
    }
    at.run()
    labels = [b.label for b in at.button]
    assert "Sign in with your organisation's account (Microsoft)" in labels
    assert "Sign in with your organisation's account (Google)" in labels
    plain = open_page(token=None)
    assert not [b for b in plain.button if b.label.startswith("Sign in with your organisation")]


def test_an_admin_adds_an_account_which_gets_a_one_time_link_and_shows_in_the_trail(
    two_organisations,
):
    at = open_page("accounts")
    assert not at.exception and not at.error
    at.text_input[0].input("new.lead@example.org")
    next(b for b in at.get("form_submit_button") if b.label == "Add the account").click().run()
    assert not at.exception and not at.error
    text = shown(at)
    assert "Added new.lead@example.org. Send them this link to choose their password" in text
    (link,) = [c.value for c in at.code]
    assert link.startswith("http://localhost:8501/?reset=")
    who = at.get("dataframe")[0].value
    assert list(who["E-mail address"]) == ["admin@example.org", "new.lead@example.org"]
    assert list(who["Role"]) == ["Admin", f"Lead of {DEMO}"]
    trail = at.get("dataframe")[-1].value
    assert list(trail.columns) == ["When", "Who", "What", "Organisation", "About"]
    assert ("admin@example.org", "account added", "new.lead@example.org (lead)") in [
        (row.Who, row.What, row.About) for row in trail.itertuples()
    ]


ROLE_PAGES = {
    "lead": ["start", "assess", "results", "progress", "actions", "frameworks", "manage"],
    "facilitator": ["start", "assess", "results"],
    "board_viewer": ["start", "results", "progress", "actions"],
}


@pytest.mark.parametrize(
    ("role", "page"), [(role, page) for role, pages in ROLE_PAGES.items() for page in pages]
)
def test_every_page_of_a_role_shows_nothing_of_another_organisation_whatever_the_address(
    two_organisations, role, page
):
    store = two_organisations
    token = sign_in_as(store, f"{role}@example.org", role, DEMO)
    other = next(o for o in store.organisations() if o.name == OTHER)
    theirs = store.rounds(other.id)[0]
    at = open_page(
        page, token=token, org=other.id, round=theirs.id, statement="info-1", theme="workforce"
    )
    assert not at.exception and not at.error
    text = shown_text(at)
    assert OTHER not in text and "Hillside Spring" not in text
    for box in at.selectbox:
        assert not any("Hillside" in str(option) for option in box.options)


def test_a_session_token_with_any_characters_is_kept_in_the_cookie(two_organisations, monkeypatch):
    """Tokens are URL-safe base64: '_' and '-' anywhere, '__' included (a component key may
    not hold '__', so the cookie's writer must not put the token in its key)."""
    import toolkit.service.accounts as accounts

    made = iter(range(100))
    monkeypatch.setattr(
        accounts.secrets, "token_urlsafe", lambda _n: f"ab__cd--ef_{next(made)}" * 4
    )
    sign_in_as(two_organisations, "lead@example.org", "lead", DEMO)
    at = AppTest_for_user(
        {"is_logged_in": True, "email": "lead@example.org", "email_verified": True}
    )
    assert not at.exception and not at.error
    assert "Signed in as lead@example.org" in shown(at)
