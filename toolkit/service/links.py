"""The addresses the toolkit hands out: invitation, set-up and password links.

They start with `TOOLKIT_PUBLIC_URL` (where people reach the app, e.g.
https://assess.example.org), or http://localhost:8501 when it is not set.
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

DEFAULT_PUBLIC_URL = "http://localhost:8501"
INVITE, SETUP, RESET, RESUME = "invite", "setup", "reset", "resume"


def public_url() -> str:
    return (os.environ.get("TOOLKIT_PUBLIC_URL") or DEFAULT_PUBLIC_URL).rstrip("/")


def link(page: str, **params: str) -> str:
    """An address in the app: a page (its URL path, '' for the first page) with parameters."""
    query = f"?{urlencode(params)}" if params else ""
    return f"{public_url()}/{page}{query}"


def invitation_link(token: str) -> str:
    return link("assess", **{INVITE: token})


def setup_link(token: str) -> str:
    return link("", **{SETUP: token})


def reset_link(token: str) -> str:
    return link("", **{RESET: token})
