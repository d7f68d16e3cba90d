"""The addresses the toolkit hands out: invitation, set-up and password links.

They start with `TOOLKIT_PUBLIC_URL` (where people reach the app, e.g.
https://assess.example.org), or http://localhost:8501 when it is not set.
"""

from __future__ import annotations

import os
import socket
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
    """The first page of the app, with the invitation: whoever opens it is shown only the
    questions, whatever else the app has."""
    return link("", **{INVITE: token})


def join_link(code: str, base: str | None = None) -> str:
    """Where a workshop's participants join: the join page, with the code in it (at `base`
    if given, else at TOOLKIT_PUBLIC_URL or its default)."""
    query = urlencode({"code": code})
    return f"{(base or public_url()).rstrip('/')}/join?{query}"


def local_network_address() -> str | None:
    """This machine's address on its local network (Wi-Fi, a phone's hotspot), or None.
    Asking the system which address would reach a private one sends nothing anywhere."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 9))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def setup_link(token: str) -> str:
    return link("", **{SETUP: token})


def reset_link(token: str) -> str:
    return link("", **{RESET: token})


def resume_link(base: str, token: str, easy: bool = False) -> str:
    """A person's own link back to their answers: the first page of the app at `base` (the
    address the app is open at), with their resume token."""
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    root = f"{parts.scheme}://{parts.netloc}" if parts.netloc else public_url()
    params = {RESUME: token, **({"easy": "1"} if easy else {})}
    return f"{root}/?{urlencode(params)}"
