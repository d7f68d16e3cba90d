"""Accounts and signing in, at their boundaries: six failures lock, five do not; a session
lives 12 hours idle; a one-time link works once; disabling ends sessions. On both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from toolkit.service import Operator, Service, SignedIn, SignInRefused
from toolkit.store import StoreError
from toolkit.store import models as m

WRONG = "That e-mail address and password do not match an account. Check them and try again."
PASSWORD = "correct horse battery"


@pytest.fixture
def sqlite_store(tmp_path):
    from toolkit.store import Store

    store = Store(f"sqlite:///{tmp_path}/accounts.db")
    yield store
    store.close()


def make(store) -> Service:
    service = Service(store)
    organisation = service.create_organisation(Operator(), "Riverside Care")
    service.add_user(Operator(), "lead@example.org", PASSWORD, "lead", organisation.id)
    return service


@pytest.fixture
def service(sqlite_store):
    """Accounts on SQLite (argon2 is slow on purpose); the tests marked `both` run on
    PostgreSQL too."""
    return make(sqlite_store)


@pytest.fixture
def both(store):
    return make(store)


def fail(service, times: int, email="lead@example.org", address="10.0.0.1") -> list[str]:
    said = []
    for _ in range(times):
        with pytest.raises(SignInRefused) as refused:
            service.sign_in(email, "wrong password!", address)
        said.append(str(refused.value))
    return said


def age(store, table, column, by: dt.timedelta) -> None:
    """Move every row's time back, as if that long had passed."""
    with store.writing() as session:
        rows = session.query(table).all()
        for row in rows:
            setattr(row, column, getattr(row, column) - by)


def test_the_right_password_signs_in_and_the_session_is_found_again(service):
    actor, token = service.sign_in(" Lead@Example.org ", PASSWORD, "10.0.0.1")
    assert isinstance(actor, SignedIn) and actor.user.email == "lead@example.org"
    assert len(token) >= 43  # 256 bits in URL-safe base64
    again = service.signed_in(token)
    assert again is not None and again.user.id == actor.user.id
    assert service.signed_in(token + "x") is None
    assert service.signed_in("") is None


def test_a_wrong_password_and_an_unknown_account_are_told_the_same(service):
    assert fail(service, 1) == [WRONG]
    with pytest.raises(SignInRefused) as unknown:
        service.sign_in("nobody@example.org", PASSWORD, "10.0.0.2")
    assert str(unknown.value) == WRONG


def test_five_failures_do_not_lock_and_the_sixth_does(both):
    assert fail(both, 5) == [WRONG] * 5
    both.sign_in("lead@example.org", PASSWORD, "10.0.0.9")  # five: still open
    assert fail(both, 5, address="10.0.0.3")[-1] == WRONG  # five more since: 10 in all
    sixth = fail(both, 1, address="10.0.0.4")[0]
    assert "signing in is now locked for 15 minutes" in sixth
    with pytest.raises(SignInRefused) as locked:
        both.sign_in("lead@example.org", PASSWORD, "10.0.0.5")  # even the right password
    assert str(locked.value).startswith(
        "There have been too many failed attempts to sign in, so signing in is locked for "
    )


def test_six_failures_from_one_address_lock_that_address_for_every_account(service):
    service.add_user(Operator(), "board@example.org", PASSWORD, "admin")
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        fail(service, 2, email=email, address="192.0.2.7")
    with pytest.raises(SignInRefused, match="locked"):
        service.sign_in("board@example.org", PASSWORD, "192.0.2.7")
    assert service.sign_in("board@example.org", PASSWORD, "192.0.2.8")[0].user.is_admin


def test_a_lock_ends_after_15_minutes(service, sqlite_store):
    fail(service, 6)
    with pytest.raises(SignInRefused, match="locked"):
        service.sign_in("lead@example.org", PASSWORD, "10.0.0.1")
    age(sqlite_store, m.SignInAttempt, "at", dt.timedelta(minutes=14, seconds=50))
    with pytest.raises(SignInRefused, match="locked for 1 minute"):
        service.sign_in("lead@example.org", PASSWORD, "10.0.0.1")
    age(sqlite_store, m.SignInAttempt, "at", dt.timedelta(seconds=11))
    assert service.sign_in("lead@example.org", PASSWORD, "10.0.0.1")[0].user.email


def test_six_failures_spread_over_more_than_15_minutes_do_not_lock(service, sqlite_store):
    fail(service, 3)
    age(sqlite_store, m.SignInAttempt, "at", dt.timedelta(minutes=16))
    fail(service, 3)
    assert service.sign_in("lead@example.org", PASSWORD, "10.0.0.1")[0].user.email


def test_a_session_lives_12_hours_without_use(both, store):
    _, token = both.sign_in("lead@example.org", PASSWORD, "10.0.0.1")
    age(store, m.UserSession, "last_seen_at", dt.timedelta(hours=11, minutes=59))
    assert both.signed_in(token) is not None  # and being seen starts the 12 hours again
    age(store, m.UserSession, "last_seen_at", dt.timedelta(hours=12, minutes=1))
    assert both.signed_in(token) is None


def test_signing_out_ends_the_session_on_the_server(service):
    actor, token = service.sign_in("lead@example.org", PASSWORD, "10.0.0.1")
    _, other = service.sign_in("lead@example.org", PASSWORD, "10.0.0.1")
    service.sign_out(actor, token)
    assert service.signed_in(token) is None
    assert service.signed_in(other) is not None  # another browser stays signed in


def test_disabling_an_account_ends_its_sessions_and_stops_signing_in(service):
    _, token = service.sign_in("lead@example.org", PASSWORD, "10.0.0.1")
    service.disable_user(Operator(), "lead@example.org")
    assert service.signed_in(token) is None
    with pytest.raises(SignInRefused):
        service.sign_in("lead@example.org", PASSWORD, "10.0.0.1")
    service.disable_user(Operator(), "lead@example.org", disabled=False)
    assert service.signed_in(token) is None  # an ended session stays ended
    assert service.sign_in("lead@example.org", PASSWORD, "10.0.0.1")


def test_the_setup_link_makes_the_first_admin_once(both, store):
    assert both.needs_setup()
    token = both.setup_link(Operator())
    assert both.setup_link(SignedIn(store.users()[0])) is None  # only the operator's
    assert both.setup_is_live(token)
    actor, session = both.create_first_admin(token, "first@example.org", "a long password")
    assert actor.user.is_admin and both.signed_in(session) is not None
    assert not both.needs_setup() and not both.setup_is_live(token)
    with pytest.raises(StoreError, match="There is an admin already"):
        both.create_first_admin(token, "second@example.org", "a long password")
    assert both.setup_link(Operator()) is None


def test_a_setup_link_expires_after_24_hours(service, sqlite_store):
    token = service.setup_link(Operator())
    age(sqlite_store, m.OneTimeLink, "expires_at", dt.timedelta(hours=24, seconds=1))
    assert not service.setup_is_live(token)
    with pytest.raises(StoreError, match="has been used or has expired"):
        service.create_first_admin(token, "first@example.org", "a long password")


def test_a_reset_link_sets_a_new_password_once_and_ends_sessions(both):
    _, old_session = both.sign_in("lead@example.org", PASSWORD, "10.0.0.1")
    token = both.reset_link(Operator(), "lead@example.org")
    both.reset_password(token, "a brand new password")
    assert both.signed_in(old_session) is None
    with pytest.raises(SignInRefused):
        both.sign_in("lead@example.org", PASSWORD, "10.0.0.1")
    assert both.sign_in("lead@example.org", "a brand new password", "10.0.0.1")
    with pytest.raises(StoreError, match="has been used or has expired"):
        both.reset_password(token, "another new password")


def test_passwords_of_10_to_200_characters(service):
    for password, said in (
        ("123456789", "Choose a password of at least 10 characters."),
        ("x" * 201, "Choose a password of at most 200 characters."),
        ("with\x00nul char", "A password cannot hold a NUL character."),
    ):
        with pytest.raises(StoreError) as refused:
            service.add_user(Operator(), "new@example.org", password, "admin")
        assert str(refused.value) == said
    service.add_user(Operator(), "ten@example.org", "1234567890", "admin")
    service.add_user(Operator(), "long@example.org", "y" * 200, "admin")
    assert service.sign_in("ten@example.org", "1234567890", "10.0.0.1")


def test_only_a_hash_of_password_and_session_is_kept(service, sqlite_store):
    _, token = service.sign_in("lead@example.org", PASSWORD, "10.0.0.1")
    with sqlite_store.reading() as session:
        account = session.query(m.UserAccount).one()
        kept = session.query(m.UserSession).one()
    assert account.password_hash.startswith("$argon2id$") and PASSWORD not in account.password_hash
    assert token not in kept.token_hash and len(kept.token_hash) == 64


def test_single_sign_on_reaches_only_an_existing_enabled_account(service, sqlite_store):
    assert service.single_sign_on("lead@example.org", verified=False) is None
    assert service.single_sign_on("stranger@example.org", verified=True) is None
    actor, token = service.single_sign_on("LEAD@example.org", verified=True)
    assert actor.user.email == "lead@example.org" and not actor.user.is_admin
    assert len(sqlite_store.users()) == 1  # never makes an account
    with sqlite_store.writing() as session:
        session.execute(update(m.UserAccount).values(disabled=True))
    assert service.single_sign_on("lead@example.org", verified=True) is None


def test_sign_ins_and_locks_are_in_the_audit_trail(service):
    fail(service, 6)
    service.add_user(Operator(), "admin@example.org", PASSWORD, "admin")
    admin, _ = service.sign_in("admin@example.org", PASSWORD, "10.0.0.2")
    trail = [(e.actor, e.action, e.subject) for e in service.events(admin)]
    assert ("admin@example.org", "signed in", "") in trail
    assert ("lead@example.org", "sign-in locked", "10.0.0.1") in trail
    assert trail.count(("lead@example.org", "sign-in failed", "10.0.0.1")) == 6
