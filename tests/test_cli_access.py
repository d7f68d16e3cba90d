"""The command line's accounts and rounds commands, run as a person runs them: exact output,
the last line of each being what a script takes (a round id, a link)."""

from __future__ import annotations

import re

import pytest
from conftest import run_toolkit

from toolkit.service import Invited, Service, SignedIn
from toolkit.store import Store

TOKEN = r"[A-Za-z0-9_-]{32,}"


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path}/cli.db"


def lines(result) -> list[str]:
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_new_round_adds_the_organisation_once_and_ends_with_the_round_id(url):
    first = lines(
        run_toolkit(
            [
                "new-round",
                "--organisation",
                "Oak House",
                "--framework",
                "making-it-real",
                "--title",
                "Spring 2027",
            ],
            url,
        )
    )
    assert first == [
        "Added the organisation Oak House.",
        "Started Spring 2027 on Making it Real: personalised care and support, worked out "
        "together (version 2018.2).",
        "1",
    ]
    second = lines(
        run_toolkit(
            [
                "new-round",
                "--organisation",
                "Oak House",
                "--framework",
                "scie-whole-system",
                "--title",
                "Autumn 2027",
            ],
            url,
        )
    )
    assert second[-1] == "2" and not second[0].startswith("Added")
    store = Store(url)
    assert [(r.title, r.is_open) for r in store.rounds()] == [
        ("Spring 2027", True),
        ("Autumn 2027", True),
    ]
    store.close()


def test_new_round_refuses_an_unknown_framework_plainly(url):
    result = run_toolkit(
        ["new-round", "--organisation", "Oak", "--framework", "making-it-reel", "--title", "T"], url
    )
    assert result.returncode == 1
    assert "did you mean 'making-it-real'" in result.stderr
    assert "Traceback" not in result.stderr


def test_round_link_is_stable_until_replaced_and_opens_only_its_round(url, monkeypatch):
    run_toolkit(
        [
            "new-round",
            "--organisation",
            "Oak",
            "--framework",
            "making-it-real",
            "--title",
            "Spring",
        ],
        url,
    )
    env = {"TOOLKIT_PUBLIC_URL": "https://assess.example.org/"}
    monkeypatch.setenv("TOOLKIT_PUBLIC_URL", env["TOOLKIT_PUBLIC_URL"])
    first = lines(run_toolkit(["round-link", "--round", "1"], url))
    assert first[0] == "Anyone with this link can answer Spring (and see nothing else):"
    assert re.fullmatch(rf"https://assess\.example\.org/\?invite={TOKEN}", first[-1])
    assert lines(run_toolkit(["round-link", "--round", "1"], url))[-1] == first[-1]
    replaced = lines(run_toolkit(["round-link", "--round", "1", "--replace"], url))
    assert replaced[-1] != first[-1]
    store = Store(url)
    service = Service(store)
    old, new = first[-1].split("invite=")[1], replaced[-1].split("invite=")[1]
    assert service.invited(old) is None
    assert service.invited(new) == Invited(1)
    store.close()


def test_users_add_list_disable_and_reset(url):
    run_toolkit(
        [
            "new-round",
            "--organisation",
            "Oak House",
            "--framework",
            "making-it-real",
            "--title",
            "Spring",
        ],
        url,
    )
    added = run_toolkit(
        [
            "users",
            "add",
            "Lead@Oak.org",
            "--role",
            "lead",
            "--organisation",
            "Oak House",
            "--password-stdin",
        ],
        url,
        input="a long enough password\n",
    )
    assert lines(added) == ["Added lead@oak.org: lead of Oak House."]
    board = run_toolkit(
        ["users", "add", "board@oak.org", "--role", "board-viewer", "--organisation", "Oak House"],
        url,
    )
    assert lines(board) == ["Added board@oak.org: board-viewer of Oak House."]
    admin = run_toolkit(
        ["users", "add", "boss@oak.org", "--role", "admin", "--password-stdin"],
        url,
        input="another long password\n",
    )
    assert lines(admin) == ["Added boss@oak.org: admin."]
    assert lines(run_toolkit(["users", "list"], url)) == [
        "board@oak.org: board viewer of Oak House",
        "boss@oak.org: admin",
        "lead@oak.org: lead of Oak House",
    ]
    store = Store(url)
    service = Service(store)
    actor, token = service.sign_in("lead@oak.org", "a long enough password", "127.0.0.1")
    assert isinstance(actor, SignedIn)
    assert lines(run_toolkit(["users", "disable", "lead@oak.org"], url)) == [
        "Disabled lead@oak.org; any sessions it had have ended."
    ]
    assert service.signed_in(token) is None
    reset = lines(run_toolkit(["users", "reset", "board@oak.org"], url))
    assert reset[0] == "Send this link to board@oak.org; it works once, for 24 hours:"
    assert re.fullmatch(rf"http://localhost:8501/\?reset={TOKEN}", reset[-1])
    assert service.reset_is_live(reset[-1].split("reset=")[1])
    assert "lead@oak.org (disabled): lead of Oak House" in lines(
        run_toolkit(["users", "list"], url)
    )
    store.close()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["users", "add", "x@oak.org", "--role", "lead"],
            "Say which organisation with --organisation NAME.",
        ),
        (
            ["users", "add", "x@oak.org", "--role", "lead", "--organisation", "Nowhere"],
            "There is no organisation called 'Nowhere'.",
        ),
        (
            ["users", "add", "not-an-address", "--role", "admin"],
            "'not-an-address' is not an e-mail address, such as name@example.org.",
        ),
        (["users", "disable", "nobody@oak.org"], "There is no account for nobody@oak.org."),
    ],
)
def test_users_mistakes_are_said_plainly(url, args, said):
    result = run_toolkit(args, url)
    assert result.returncode == 1
    assert result.stderr.strip() == said


def test_a_short_password_is_refused_and_no_account_is_made(url):
    result = run_toolkit(
        ["users", "add", "boss@oak.org", "--role", "admin", "--password-stdin"],
        url,
        input="short\n",
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "Choose a password of at least 10 characters."
    assert lines(run_toolkit(["users", "list"], url)) == [
        "No accounts yet. `toolkit setup-link` makes the first admin."
    ]


def test_setup_link_only_while_there_is_no_admin(url):
    first = lines(run_toolkit(["setup-link"], url))
    assert first[:2] == [
        "No one can sign in yet. Open this link (it works once, for 24 hours) to make",
        "the first admin account:",
    ]
    assert re.fullmatch(rf"http://localhost:8501/\?setup={TOKEN}", first[-1])
    run_toolkit(
        ["users", "add", "boss@oak.org", "--role", "admin", "--password-stdin"],
        url,
        input="another long password\n",
    )
    assert lines(run_toolkit(["setup-link", "--if-needed"], url)) == []
    assert lines(run_toolkit(["setup-link"], url)) == [
        "There is an admin already: sign in, or use `toolkit users reset`."
    ]
    store = Store(url)
    assert not Service(store).setup_is_live(first[-1].split("setup=")[1])
    store.close()
