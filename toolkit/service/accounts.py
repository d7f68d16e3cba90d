"""Accounts and signing in: passwords hashed with argon2id, server-side sessions, guessing
slowed down, one-time links for the first admin and for new passwords.

- A password is 10 to 200 characters; only its argon2id hash is kept.
- A session is a random token of 256 bits, kept only as a hash; it ends on signing out, when
  its account is disabled, or after 12 hours without use.
- Six failed sign-ins for one account, or from one address, within 15 minutes lock signing
  in (for that account, or from that address) for 15 minutes. Tries while locked are not
  counted, so the lock ends 15 minutes after it began.
- A one-time link works once, within 24 hours.
"""

from __future__ import annotations

import datetime as dt
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from toolkit.limits import NUL
from toolkit.store import StoreError, UserAccount
from toolkit.store.models import now
from toolkit.store.records import ROLES
from toolkit.store.store import hash_token

from .actors import Actor, Operator, SignedIn
from .permissions import Can, check

PASSWORD_MIN, PASSWORD_MAX = 10, 200
SESSION_IDLE = dt.timedelta(hours=12)
SEEN_EVERY = dt.timedelta(minutes=5)  # how stale "last seen" may get before it is written
LOCK_AFTER = 6
LOCK_WINDOW = dt.timedelta(minutes=15)
LOCK_FOR = dt.timedelta(minutes=15)
LINK_LIFE = dt.timedelta(hours=24)
SETUP, RESET = "setup", "reset"

_hasher = PasswordHasher()  # argon2id, with argon2-cffi's recommended costs
_NOBODY = _hasher.hash("no account has this password")  # keeps a miss as slow as a hit


class SignInRefused(StoreError):
    """Signing in did not work; the message says why in plain words."""


def password_problem(password: str) -> str | None:
    if NUL in password:
        return "A password cannot hold a NUL character."
    if len(password) < PASSWORD_MIN:
        return f"Choose a password of at least {PASSWORD_MIN} characters."
    if len(password) > PASSWORD_MAX:
        return f"Choose a password of at most {PASSWORD_MAX} characters."
    return None


def _hash(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise StoreError(problem)
    return _hasher.hash(password)


def _locked_until(failures: list[dt.datetime]) -> dt.datetime | None:
    """When a lock made by these failures (oldest first) ends, if one is on now."""
    for index in range(LOCK_AFTER - 1, len(failures)):
        if failures[index] - failures[index - LOCK_AFTER + 1] <= LOCK_WINDOW:
            until = failures[index] + LOCK_FOR
            if until > now():
                return until
    return None


def _minutes(until: dt.datetime) -> str:
    minutes = max(1, -(-int((until - now()).total_seconds()) // 60))
    return f"{minutes} minute{'' if minutes == 1 else 's'}"


NOT_SIGN_INS = "join code"
"""Kept among sign-in attempts, but not attempts to sign in: wrong workshop join codes."""


class AccountsService:
    """Mixed into Service, whose `store` and `_audit` it uses."""

    # --- Signing in ------------------------------------------------------------------------

    def _lock(self, email: str, address: str) -> dt.datetime | None:
        """When a lock on this account or this address ends, if one is on. Signing in to an
        account clears its own count (not the address's: one good account must not let an
        address guess at others)."""
        since = now() - LOCK_WINDOW - LOCK_FOR
        last = self.store.last_sign_in(email)
        if last is not None:
            last = last if last.tzinfo else last.replace(tzinfo=dt.UTC)
        account_since = max(since, last) if last is not None else since
        ends = [
            _locked_until(self.store.failed_sign_ins(account_since, email=email)),
            _locked_until(
                self.store.failed_sign_ins(since, client_address=address, excluding=NOT_SIGN_INS)
            ),
        ]
        return max((end for end in ends if end is not None), default=None)

    def sign_in(self, email: str, password: str, address: str) -> tuple[SignedIn, str]:
        """Sign in with an e-mail address and password from a client address: the signed-in
        actor and the session token for their cookie, or SignInRefused."""
        email = (email or "").strip().lower()[:200]
        address = (address or "unknown")[:100]
        locked = self._lock(email, address)
        if locked is not None:
            self.store.record_event(email or "unknown", "sign-in refused while locked", address)
            raise SignInRefused(
                "There have been too many failed attempts to sign in, so signing in is locked "
                f"for {_minutes(locked)}. Try again then, or ask an admin to reset your password."
            )
        found = self.store.user_with_hash(email) if email else None
        user, stored = found if found else (None, None)
        try:
            right = _hasher.verify(stored or _NOBODY, password or "") and stored is not None
        except (VerificationError, InvalidHashError):
            right = False
        if not right or user is None or user.disabled:
            self.store.record_sign_in(email, address, succeeded=False)
            self.store.record_event(email or "unknown", "sign-in failed", address)
            locked = self._lock(email, address)
            if locked is not None:
                self.store.record_event(email or "unknown", "sign-in locked", address)
                raise SignInRefused(
                    "That e-mail address and password do not match an account. After too many "
                    f"failed attempts, signing in is now locked for {_minutes(locked)}."
                )
            raise SignInRefused(
                "That e-mail address and password do not match an account. Check them and "
                "try again."
            )
        if _hasher.check_needs_rehash(stored):
            self.store.set_password_hash(user.id, _hasher.hash(password))
        self.store.record_sign_in(email, address, succeeded=True)
        return self._open_session(user, "signed in")

    def _open_session(self, user: UserAccount, why: str) -> tuple[SignedIn, str]:
        token = secrets.token_urlsafe(32)
        self.store.create_session(user.id, hash_token(token))
        self.store.record_event(user.email, why)
        return SignedIn(user), token

    def signed_in(self, token: str) -> SignedIn | None:
        """The actor a session token belongs to, if the session is live; else None."""
        if not token or len(token) > 200:
            return None
        moment = now()
        user = self.store.session_user(
            hash_token(token), moment - SESSION_IDLE, touch_before=moment - SEEN_EVERY
        )
        return SignedIn(user) if user is not None else None

    def sign_out(self, actor: Actor, token: str) -> None:
        if token:
            self.store.end_session(hash_token(token))
        if isinstance(actor, SignedIn):
            self.store.record_event(actor.label, "signed out")

    def single_sign_on(self, email: str, verified: bool) -> tuple[SignedIn, str] | None:
        """Sign in with an e-mail address an identity provider has verified: only to an
        account that already exists and is enabled (it never makes one, least of all an
        admin)."""
        if not verified or not email:
            return None
        found = self.store.user_with_hash(email)
        if found is None or found[0].disabled:
            return None
        return self._open_session(found[0], "signed in with single sign-on")

    # --- The first admin, and new passwords ---------------------------------------------------

    def needs_setup(self) -> bool:
        return not self.store.has_admin()

    def setup_link(self, actor: Actor) -> str | None:
        """A one-time token for making the first admin (the operator's), or None if there is
        an admin already."""
        if not isinstance(actor, Operator) or not self.needs_setup():
            return None
        token = secrets.token_urlsafe(32)
        self.store.create_link(SETUP, hash_token(token), now() + LINK_LIFE)
        return token

    def setup_is_live(self, token: str) -> bool:
        return (
            bool(token) and self.needs_setup() and self.store.link_is_live(SETUP, hash_token(token))
        )

    def create_first_admin(self, token: str, email: str, password: str) -> tuple[SignedIn, str]:
        """Use a setup link to make the first admin, and sign them in."""
        hashed = _hash(password)
        if not self.needs_setup():
            raise StoreError("There is an admin already, so this link no longer works.")
        used, _ = self.store.use_link(SETUP, hash_token(token or ""))
        if not used:
            raise StoreError(
                "This set-up link has been used or has expired. Start the app again with "
                "`make run` to get a new one."
            )
        user = self.store.create_user(email, hashed, is_admin=True)
        self.store.record_event("set-up link", "first admin made", user.email)
        return self._open_session(user, "signed in")

    def reset_link(self, actor: Actor, email: str) -> str:
        """A one-time token with which someone chooses a new password."""
        check(actor, Can.MANAGE_USERS)
        user = self._user(email)
        token = secrets.token_urlsafe(32)
        self.store.create_link(RESET, hash_token(token), now() + LINK_LIFE, user.id)
        self.store.record_event(actor.label, "password reset link made", user.email)
        return token

    def reset_is_live(self, token: str) -> bool:
        return bool(token) and self.store.link_is_live(RESET, hash_token(token))

    def reset_password(self, token: str, password: str) -> None:
        hashed = _hash(password)
        used, user_id = self.store.use_link(RESET, hash_token(token or ""))
        if not used or user_id is None:
            raise StoreError("This link has been used or has expired. Ask an admin for a new one.")
        self.store.set_password_hash(user_id, hashed)
        self.store.end_sessions(user_id)
        self.store.record_event(self.store.user(user_id).email, "password changed")

    # --- Managing accounts --------------------------------------------------------------------

    def _user(self, email: str) -> UserAccount:
        found = self.store.user_with_hash(email)
        if found is None:
            raise StoreError(f"There is no account for {email.strip().lower()}.")
        return found[0]

    def users(self, actor: Actor) -> list[UserAccount]:
        check(actor, Can.MANAGE_USERS)
        return self.store.users()

    def add_user(
        self,
        actor: Actor,
        email: str,
        password: str | None,
        role: str,
        organisation_id: int | None = None,
    ) -> UserAccount:
        """An account: an admin, or a lead, facilitator or board viewer of an organisation.
        Without a password, the account signs in with single sign-on or a reset link only."""
        check(actor, Can.MANAGE_USERS)
        if role != "admin" and role not in ROLES:
            raise StoreError(f"'{role}' is not a role; use admin, {', '.join(ROLES)}.")
        if role != "admin" and organisation_id is None:
            raise StoreError("Say which organisation this role is in.")
        hashed = _hash(password) if password is not None else None
        user = self.store.create_user(email, hashed, is_admin=role == "admin")
        if role != "admin":
            user = self.store.set_membership(user.id, organisation_id, role)
        self.store.record_event(actor.label, "account added", f"{user.email} ({role})")
        return user

    def set_role(
        self, actor: Actor, email: str, organisation_id: int, role: str | None
    ) -> UserAccount:
        check(actor, Can.MANAGE_USERS)
        user = self.store.set_membership(self._user(email).id, organisation_id, role)
        self.store.record_event(
            actor.label, "role changed", f"{user.email}: {role or 'none'}", organisation_id
        )
        return user

    def disable_user(self, actor: Actor, email: str, disabled: bool = True) -> UserAccount:
        """Disable an account (its sessions end at once), or enable it again."""
        check(actor, Can.MANAGE_USERS)
        user = self.store.set_disabled(self._user(email).id, disabled)
        self.store.record_event(
            actor.label, "account disabled" if disabled else "account enabled", user.email
        )
        return user
