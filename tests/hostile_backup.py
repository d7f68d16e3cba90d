"""A backup whose every text field is hostile, for the tests that the app shows text only as text.

Every name, title, label, statement, note, reason and action holds a Markdown heading (ATX and
setext), a Markdown link and image, a bare web address and raw HTML (`<a href>`, `<img>`),
all pointing at the host `evil.example`. Some fields start like a spreadsheet formula
(`=HYPERLINK(...)`, `+`, `-`, `@`). A page that shows any of it as Markdown or HTML gains a
link to, or loads something from, evil.example, or shows a heading "Planted heading" or
"Setext planted".

The document keeps to the bounds a backup must keep: names and titles of 200 characters at
most, notes, reasons and actions of 4000 at most, no NUL characters, times in the 2020s, ids
of lower-case letters, digits and hyphens, and Easy Read sentences of 15 words or fewer.

One organisation, two rounds of one framework with an inline ladder (the first closed, the
second open; the framework is also one added in the app, for the Frameworks page), six people of each of two perspectives answering every statement in each
round, agreed rungs with their reasons, actions, and a person halfway through the second
round whose resume link is `DRAFT_TOKEN`.
"""

from __future__ import annotations

import hashlib
from typing import Any

import yaml

EVIL = "evil.example"
PLANTED_HEADING = "Planted heading"
SETEXT_HEADING = "Setext planted"
DRAFT_TOKEN = "hostile-draft-person-resume-link"
# What a crafted address puts in the Actions page's `statement` and `theme` parameters.
ADDRESS_STATEMENT = "[Your session expired - sign in again](https://evil.example/login)"
ADDRESS_THEME = "## Planted heading from the address <img src=https://evil.example/t.png>"

# The formulas some fields start with (each also names evil.example).
FORMULA_THEME = '=HYPERLINK("https://evil.example","T1")'
FORMULA_ROUND = "+R2 (1+1)"
FORMULA_ACTION = "-A1 (2+3)"
FORMULA_OWNER = "@OWNER1"
FORMULA_RUNG = "=L1"
FORMULA_STATEMENT = "-S1 statement"

NAME_LIMIT, TEXT_LIMIT = 200, 4000
ORGANISATION = "ORG"  # the tag its name starts with

_HTML = '<a href="https://evil.example">a</a><img src=https://evil.example/i>'
_LINKS = "[V](https://evil.example)![i](https://evil.example)"


def planted(first: str) -> str:
    """A short field (at most 200 characters): `first` (a tag, or a formula), then a heading, a
    setext heading, a link, an image, a bare address and raw HTML."""
    bare = "" if EVIL in first else " https://evil.example"
    text = "\n".join(
        [first, f"## {PLANTED_HEADING}", SETEXT_HEADING, "===", f"{_LINKS}{bare}{_HTML}"]
    )
    assert len(text) <= NAME_LIMIT, (len(text), text)
    return text


def planted_long(first: str) -> str:
    """A long field (a note, a reason, an action): everything in `planted` and more."""
    text = "\n".join(
        [
            first,
            f"## {PLANTED_HEADING}: please re-verify your login",
            "",
            f"{SETEXT_HEADING} {first}",
            "===",
            "[Verify now](https://evil.example/verify) and ![logo](https://evil.example/l.png)",
            "Bare: https://evil.example/bare www.evil.example help@evil.example",
            '<a href="https://evil.example/x">click</a> <img src="https://evil.example/i.png">',
            "    indented four spaces",
            "- a list item",
            "> a quote",
            ":red[red] :material/home: :smile: $x^2$ **bold** a -> b -- doing_to £5 it's fine",
        ]
    )
    assert len(text) <= TEXT_LIMIT
    return text


def _stamp(day: int, hour: int = 10) -> str:
    return f"2024-{1 + day // 28:02d}-{1 + day % 28:02d}T{hour:02d}:00:00+00:00"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


RUNGS = ("rung-a", "rung-b", "rung-c", "rung-d")
THEMES = {"theme-one": ("s-one", "s-two", "s-three"), "theme-two": ("s-four", "s-five", "s-six")}
STATEMENTS = tuple(s for ids in THEMES.values() for s in ids)
PERSPECTIVES = ("lived-one", "staff-two")
ROUND_TITLES = (planted("R1"), planted(FORMULA_ROUND))
KINDS = (
    "![k](https://evil.example/k)",
    "[k](https://evil.example/k)",
    "K\n## Planted heading",
    "K\nSetext planted\n===",
    "<img src=https://evil.example>",
    "K https://evil.example/k",
)


def framework() -> dict[str, Any]:
    rungs = [
        {
            "id": rung_id,
            "label": planted(FORMULA_RUNG if n == 0 else f"L{n + 1}"),
            "group": group,
            "description": planted(f"D{n + 1}"),
            "easy_read": planted(f"E{n + 1}"),
        }
        for n, (rung_id, group) in enumerate(
            zip(RUNGS, ("doing_to", "doing_for", "doing_for", "doing_with"), strict=True)
        )
    ]
    themes = []
    number = 0
    for t, (theme_id, statement_ids) in enumerate(THEMES.items(), start=1):
        statements = []
        for statement_id in statement_ids:
            number += 1
            statements.append(
                {
                    "id": statement_id,
                    "kind": KINDS[number - 1],
                    "text": planted(FORMULA_STATEMENT if number == 1 else f"S{number}"),
                    "easy_read": planted(f"SE{number}"),
                    "guidance": planted_long(f"SG{number}"),
                    "evidence_prompts": [planted(f"SP{number}")],
                    "weight": 1,
                }
            )
        themes.append(
            {
                "id": theme_id,
                "title": planted(FORMULA_THEME if t == 1 else f"T{t}"),
                "summary": planted(f"TS{t}"),
                "easy_read": planted(f"TE{t}"),
                "statements": statements,
            }
        )
    source = {
        "title": planted("ST"),
        # A web address, so it becomes a link; what follows `>` tries to break out of it.
        "url": "https://source.example/x> ![i](https://evil.example/u.png) <img src=https://evil.example/u>",
        "note": planted_long("SN"),
    }
    return {
        "id": "hostile-framework",
        "title": planted("FW"),
        "version": "1.0",
        "source": source,
        "ladder": {
            "id": "hostile-ladder",
            "title": planted("LT"),
            "source": {"title": planted("LST"), "url": None, "note": planted_long("LSN")},
            "journey": {"from": "rung-b", "to": "rung-d"},
            "rungs": rungs,
        },
        "question": planted("Q"),
        "easy_read_question": planted("EQ"),
        "themes": themes,
    }


def perspectives() -> list[dict[str, Any]]:
    return [
        {
            "id": perspective_id,
            "label": planted(f"P{n}"),
            "easy_read": planted(f"PE{n}"),
            "lived_experience": n == 1,
        }
        for n, perspective_id in enumerate(PERSPECTIVES, start=1)
    ]


def _answer(round_number: int, person: int, statement: int) -> str:
    """Answers far apart (so people disagree on most statements), higher in round 2."""
    if (person + statement) % 7 == 6:
        return "unsure"
    if (person + statement) % 11 == 10:
        return "not_applicable"
    if person % 3 == 0:
        return RUNGS[0 if round_number == 1 else statement % 2]
    if person % 3 == 1:
        return RUNGS[3 if round_number == 2 else 2 + statement % 2]
    return RUNGS[(person + statement + round_number) % 4]


def _respondents(round_number: int) -> list[dict[str, Any]]:
    people = []
    for person in range(12):
        perspective = PERSPECTIVES[person % 2]
        answers = [
            {
                "statement": statement_id,
                "answer": _answer(round_number, person, s),
                "note": planted_long(f"NOTE{round_number}{person}{s}") if person < 4 else "",
                "updated_at": _stamp(40 * round_number + s),
            }
            for s, statement_id in enumerate(STATEMENTS)
        ]
        people.append(
            {
                "perspective": perspective,
                "display_name": planted(f"N{round_number}{person}") if person < 3 else None,
                "status": "submitted",
                "resume_token_hash": _hash(f"hostile-{round_number}-{person}"),
                "created_at": _stamp(40 * round_number),
                "updated_at": _stamp(40 * round_number + 6),
                "submitted_at": _stamp(40 * round_number + 7),
                "answers": answers,
            }
        )
    return people


def _draft() -> dict[str, Any]:
    """Someone halfway through the second round (open with DRAFT_TOKEN), with notes."""
    return {
        "perspective": PERSPECTIVES[0],
        "display_name": planted("DRAFTNAME"),
        "status": "draft",
        "resume_token_hash": _hash(DRAFT_TOKEN),
        "created_at": _stamp(90),
        "updated_at": _stamp(91),
        "submitted_at": None,
        "answers": [
            {
                "statement": statement_id,
                "answer": RUNGS[s % 4],
                "note": planted_long(f"DRAFTNOTE{s}"),
                "updated_at": _stamp(91),
            }
            for s, statement_id in enumerate(THEMES["theme-one"])
        ],
    }


def _agreed(round_number: int) -> list[dict[str, Any]]:
    return [
        {
            "statement": statement_id,
            "rung": RUNGS[(s + round_number) % 4] if s != 2 else "unsure",
            "reason": planted_long(f"WHY{round_number}{s}"),
            "decided_by": planted(f"BY{round_number}{s}"),
            "decided_at": _stamp(40 * round_number + 20),
        }
        for s, statement_id in enumerate(STATEMENTS)
    ]


def _round(round_number: int) -> dict[str, Any]:
    respondents = _respondents(round_number)
    if round_number == 2:
        respondents.append(_draft())
    return {
        "title": ROUND_TITLES[round_number - 1],
        "framework_id": "hostile-framework",
        "framework_version": "1.0",
        "status": "closed" if round_number == 1 else "open",
        "opened_on": "2024-02-01" if round_number == 1 else "2024-05-01",
        "closed_on": "2024-03-01" if round_number == 1 else None,
        "created_at": _stamp(40 * round_number - 1),
        "framework": framework(),
        "perspectives": perspectives(),
        "respondents": respondents,
        "agreed_rungs": _agreed(round_number),
        "workshops": [],
    }


def _actions() -> list[dict[str, Any]]:
    base = {"created_at": _stamp(100), "updated_at": _stamp(101)}
    return [
        {
            "round": ROUND_TITLES[1],
            "statement": "s-one",
            "theme": None,
            "text": planted_long(FORMULA_ACTION),
            "owner": planted(FORMULA_OWNER),
            "due_on": "2024-07-01",  # long past: overdue
            "status": "in_progress",
            **base,
        },
        {
            "round": ROUND_TITLES[1],
            "statement": None,
            "theme": "theme-one",
            "text": planted_long("A2"),
            "owner": planted("OWNER2"),
            "due_on": "2029-12-31",
            "status": "planned",
            **base,
        },
        {
            "round": None,
            "statement": None,
            "theme": None,
            "text": planted_long("A3"),
            "owner": "",
            "due_on": None,
            "status": "done",
            **base,
        },
    ]


def hostile_backup() -> dict[str, Any]:
    """The whole document, in the backup format (README, "The backup format")."""
    return {
        "format": "coproduction-toolkit-backup",
        "format_version": 1,
        "exported_at": _stamp(120),
        # The same framework, added in the app, so that the Frameworks page lists it too.
        "frameworks": [
            {
                "id": "hostile-framework",
                "version": "1.0",
                "title": framework()["title"],
                "source_text": yaml.safe_dump(framework(), sort_keys=False, allow_unicode=True),
                "snapshot": framework(),
                "created_at": _stamp(1),
            }
        ],
        "organisations": [
            {
                "name": planted(ORGANISATION),
                "created_at": _stamp(0),
                "rounds": [_round(1), _round(2)],
                "actions": _actions(),
            }
        ],
    }


def load_hostile(database_url: str) -> None:
    """Check the hostile backup and import it into the (empty) database at `database_url`."""
    from toolkit.store import Store
    from toolkit.store.backup import import_backup, parse_backup

    store = Store(database_url)
    try:
        import_backup(store, parse_backup(hostile_backup()))
    finally:
        store.close()
