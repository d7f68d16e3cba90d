"""Storage of accounts, signed-in sessions, sign-in attempts, one-time links, round invitations
and the audit trail. Persistence only: what a role may do, how a password is hashed and how
many failures lock sign-in are the service layer's to decide."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from toolkit.limits import NAME_MAX, TEXT_MAX, text_problem
from toolkit.store import models as m
from toolkit.store.models import now
from toolkit.store.records import (
    ROLES,
    AuditEvent,
    Membership,
    NotFound,
    StoreError,
    UserAccount,
)


class AccountStore:
    """Mixed into Store, whose `reading()` and `writing()` transactions it uses."""

    # --- Accounts ----------------------------------------------------------------------------

    def create_user(
        self, email: str, password_hash: str | None, *, is_admin: bool = False
    ) -> UserAccount:
        email = _email(email)
        with self.writing(f"There is already an account for {email}.") as session:
            row = m.UserAccount(
                email=email,
                password_hash=password_hash,
                is_admin=is_admin,
                disabled=False,
                created_at=now(),
            )
            session.add(row)
            session.flush()
            return _user(row)

    def users(self) -> list[UserAccount]:
        with self.reading() as session:
            rows = session.scalars(_users().order_by(m.UserAccount.email)).unique()
            return [_user(row) for row in rows]

    def user(self, user_id: int) -> UserAccount:
        with self.reading() as session:
            row = _one(session, m.UserAccount.id == user_id)
            if row is None:
                raise NotFound(f"There is no account with id {user_id}.")
            return _user(row)

    def user_with_hash(self, email: str) -> tuple[UserAccount, str | None] | None:
        """The account with this e-mail address and its password hash, or None."""
        with self.reading() as session:
            row = _one(session, m.UserAccount.email == email.strip().lower())
            return (_user(row), row.password_hash) if row else None

    def has_admin(self) -> bool:
        with self.reading() as session:
            query = select(m.UserAccount.id).where(
                m.UserAccount.is_admin.is_(True), m.UserAccount.disabled.is_(False)
            )
            return session.scalar(query.limit(1)) is not None

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        with self.writing() as session:
            _user_row(session, user_id).password_hash = password_hash

    def set_disabled(self, user_id: int, disabled: bool) -> UserAccount:
        """Disable (or enable) an account; disabling ends every session it has."""
        with self.writing() as session:
            row = _user_row(session, user_id)
            row.disabled = disabled
            if disabled:
                _end_sessions(session, user_id)
            session.flush()
            return _user(row)

    def set_membership(self, user_id: int, organisation_id: int, role: str | None) -> UserAccount:
        """Give a user a role in an organisation (replacing any), or None to take it away."""
        if role is not None and role not in ROLES:
            raise StoreError(f"'{role}' is not a role; use one of {', '.join(ROLES)}.")
        with self.writing() as session:
            row = _user_row(session, user_id)
            if session.get(m.Organisation, organisation_id) is None:
                raise NotFound(f"There is no organisation with id {organisation_id}.")
            current = next(
                (x for x in row.memberships if x.organisation_id == organisation_id), None
            )
            if role is None:
                if current is not None:
                    row.memberships.remove(current)
            elif current is None:
                row.memberships.append(m.Membership(organisation_id=organisation_id, role=role))
            else:
                current.role = role
            session.flush()
            session.expire(row, ["memberships"])
            return _user(_one(session, m.UserAccount.id == user_id))

    # --- Sessions ----------------------------------------------------------------------------

    def create_session(self, user_id: int, token_hash: str) -> None:
        with self.writing() as session:
            stamp = now()
            session.add(
                m.UserSession(
                    user_id=user_id, token_hash=token_hash, created_at=stamp, last_seen_at=stamp
                )
            )

    def session_user(
        self,
        token_hash: str,
        seen_since: dt.datetime,
        touch_before: dt.datetime | None = None,
    ) -> UserAccount | None:
        """The account a live session belongs to (seen since `seen_since`, not ended, account
        enabled), or None. A session last seen before `touch_before` is marked seen now (so
        that a page's every rerun is a read, and only now and then a write)."""
        with self.reading() as session:
            found = (
                session.execute(
                    _users()
                    .add_columns(m.UserSession.last_seen_at)
                    .join(m.UserSession, m.UserSession.user_id == m.UserAccount.id)
                    .where(
                        m.UserSession.token_hash == token_hash,
                        m.UserSession.ended_at.is_(None),
                        m.UserSession.last_seen_at >= seen_since,
                    )
                )
                .unique()
                .first()
            )
            if found is None:
                return None
            user, last_seen = found
            if user.disabled:
                return None
            stale = touch_before is None or last_seen < touch_before
        if stale:
            with self.writing() as session:
                session.execute(
                    update(m.UserSession)
                    .where(m.UserSession.token_hash == token_hash)
                    .values(last_seen_at=now())
                )
        return _user(user)

    def end_session(self, token_hash: str) -> None:
        with self.writing() as session:
            session.execute(
                update(m.UserSession)
                .where(m.UserSession.token_hash == token_hash, m.UserSession.ended_at.is_(None))
                .values(ended_at=now())
            )

    def end_sessions(self, user_id: int) -> None:
        with self.writing() as session:
            _end_sessions(session, user_id)

    # --- Sign-in attempts --------------------------------------------------------------------

    def record_sign_in(self, email: str, client_address: str, succeeded: bool) -> None:
        with self.writing() as session:
            session.add(
                m.SignInAttempt(
                    email=email.strip().lower()[:NAME_MAX],
                    client_address=client_address[:100],
                    succeeded=succeeded,
                    at=now(),
                )
            )

    def failed_sign_ins(
        self,
        since: dt.datetime,
        *,
        email: str | None = None,
        client_address: str | None = None,
        excluding: str | None = None,
    ) -> list[dt.datetime]:
        """When sign-ins failed since a time, oldest first, for an e-mail or an address;
        `excluding` leaves out the attempts whose e-mail starts with it."""
        query = select(m.SignInAttempt.at).where(
            m.SignInAttempt.succeeded.is_(False), m.SignInAttempt.at >= since
        )
        if excluding is not None:
            query = query.where(~m.SignInAttempt.email.startswith(excluding, autoescape=True))
        if email is not None:
            query = query.where(m.SignInAttempt.email == email.strip().lower()[:NAME_MAX])
        if client_address is not None:
            query = query.where(m.SignInAttempt.client_address == client_address[:100])
        with self.reading() as session:
            return list(session.scalars(query.order_by(m.SignInAttempt.at)))

    def last_sign_in(self, email: str) -> dt.datetime | None:
        """When this account last signed in successfully, or None."""
        with self.reading() as session:
            return session.scalar(
                select(func.max(m.SignInAttempt.at)).where(
                    m.SignInAttempt.email == email.strip().lower()[:NAME_MAX],
                    m.SignInAttempt.succeeded.is_(True),
                )
            )

    # --- One-time links ----------------------------------------------------------------------

    def create_link(
        self, purpose: str, token_hash: str, expires_at: dt.datetime, user_id: int | None = None
    ) -> None:
        with self.writing() as session:
            session.add(
                m.OneTimeLink(
                    purpose=purpose,
                    user_id=user_id,
                    token_hash=token_hash,
                    created_at=now(),
                    expires_at=expires_at,
                )
            )

    def use_link(self, purpose: str, token_hash: str) -> tuple[bool, int | None]:
        """Use a one-time link: (True, its user id) the first time before it expires, else
        (False, None). Using it and marking it used are one step, so it works only once."""
        stamp = now()
        with self.writing() as session:
            result = session.execute(
                update(m.OneTimeLink)
                .where(
                    m.OneTimeLink.purpose == purpose,
                    m.OneTimeLink.token_hash == token_hash,
                    m.OneTimeLink.used_at.is_(None),
                    m.OneTimeLink.expires_at > stamp,
                )
                .values(used_at=stamp)
                .returning(m.OneTimeLink.user_id)
            ).first()
        return (True, result[0]) if result is not None else (False, None)

    def link_is_live(self, purpose: str, token_hash: str) -> bool:
        with self.reading() as session:
            return (
                session.scalar(
                    select(m.OneTimeLink.id).where(
                        m.OneTimeLink.purpose == purpose,
                        m.OneTimeLink.token_hash == token_hash,
                        m.OneTimeLink.used_at.is_(None),
                        m.OneTimeLink.expires_at > now(),
                    )
                )
                is not None
            )

    # --- Round invitations -------------------------------------------------------------------

    def set_invitation(self, round_id: int, token: str) -> None:
        """Give a round a new invitation token; the one before stops working."""
        with self.writing() as session:
            if session.get(m.Round, round_id) is None:
                raise NotFound(f"There is no round with id {round_id}.")
            stamp = now()
            session.execute(
                update(m.RoundInvitation)
                .where(
                    m.RoundInvitation.round_id == round_id,
                    m.RoundInvitation.replaced_at.is_(None),
                )
                .values(replaced_at=stamp)
            )
            session.add(m.RoundInvitation(round_id=round_id, token=token, created_at=stamp))

    def invitation(self, round_id: int) -> str | None:
        """A round's live invitation token, or None if it has none yet."""
        with self.reading() as session:
            return session.scalar(
                select(m.RoundInvitation.token).where(
                    m.RoundInvitation.round_id == round_id,
                    m.RoundInvitation.replaced_at.is_(None),
                )
            )

    def invited_round(self, token: str) -> int | None:
        """The round a live invitation token opens, or None."""
        with self.reading() as session:
            return session.scalar(
                select(m.RoundInvitation.round_id).where(
                    m.RoundInvitation.token == token, m.RoundInvitation.replaced_at.is_(None)
                )
            )

    # --- The audit trail ---------------------------------------------------------------------

    def record_event(
        self, actor: str, action: str, subject: str = "", organisation_id: int | None = None
    ) -> None:
        with self.writing() as session:
            session.add(
                m.AuditEvent(
                    at=now(),
                    actor=actor[:NAME_MAX],
                    organisation_id=organisation_id,
                    action=action[:50],
                    subject=subject[:TEXT_MAX],
                )
            )

    def events(self, organisation_id: int | None = None, limit: int = 500) -> list[AuditEvent]:
        """The newest events first: one organisation's, or all of them."""
        query = select(m.AuditEvent).order_by(m.AuditEvent.at.desc(), m.AuditEvent.id.desc())
        if organisation_id is not None:
            query = query.where(m.AuditEvent.organisation_id == organisation_id)
        with self.reading() as session:
            return [_event(row) for row in session.scalars(query.limit(limit))]


def _email(email: str) -> str:
    email = (email or "").strip().lower()
    problem = text_problem(email, NAME_MAX)
    if problem:
        raise StoreError(f"The e-mail address {problem}.")
    local, at, domain = email.partition("@")
    if not (local and at and "." in domain) or any(c.isspace() for c in email):
        raise StoreError(f"'{email}' is not an e-mail address, such as name@example.org.")
    return email


def _one(session: Session, condition) -> m.UserAccount | None:
    return session.scalars(_users().where(condition)).unique().first()


def _users():
    """Accounts with their roles and the organisations' names, in one query."""
    return select(m.UserAccount).options(
        joinedload(m.UserAccount.memberships).joinedload(m.Membership.organisation)
    )


def _user_row(session: Session, user_id: int) -> m.UserAccount:
    row = session.get(m.UserAccount, user_id)
    if row is None:
        raise NotFound(f"There is no account with id {user_id}.")
    return row


def _end_sessions(session: Session, user_id: int) -> None:
    session.execute(
        update(m.UserSession)
        .where(m.UserSession.user_id == user_id, m.UserSession.ended_at.is_(None))
        .values(ended_at=now())
    )


def _user(row: m.UserAccount) -> UserAccount:
    return UserAccount(
        id=row.id,
        email=row.email,
        is_admin=row.is_admin,
        disabled=row.disabled,
        created_at=row.created_at,
        memberships=tuple(
            Membership(x.organisation_id, x.organisation.name, x.role) for x in row.memberships
        ),
    )


def _event(row: m.AuditEvent) -> AuditEvent:
    return AuditEvent(row.at, row.actor, row.organisation_id, row.action, row.subject)
