"""The database tables, as SQLAlchemy ORM classes. Only `toolkit.store` uses them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints keep migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def now() -> dt.datetime:
    """This moment, in UTC: every stamp the store writes."""
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timestamps always read back as aware UTC, whether the database keeps zones or not."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # The smallest group whose answers are ever shown on their own (3 unless raised).
    minimum_group_size: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)

    rounds: Mapped[list[Round]] = relationship(back_populates="organisation", order_by="Round.id")
    actions: Mapped[list[Action]] = relationship(
        back_populates="organisation", order_by="Action.id"
    )


class Round(Base):
    """One assessment of one framework version by one organisation, with its snapshot."""

    __tablename__ = "round"
    __table_args__ = (UniqueConstraint("organisation_id", "title"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    framework_id: Mapped[str] = mapped_column(String(100))
    framework_version: Mapped[str] = mapped_column(String(50))
    framework_snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    perspectives_snapshot: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="open")
    opened_on: Mapped[dt.date | None] = mapped_column(Date)
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)

    organisation: Mapped[Organisation] = relationship(back_populates="rounds")
    respondents: Mapped[list[Respondent]] = relationship(
        back_populates="round", order_by="Respondent.id"
    )
    agreed_rungs: Mapped[list[AgreedRung]] = relationship(order_by="AgreedRung.id")
    workshops: Mapped[list[Workshop]] = relationship(order_by="Workshop.id")


class Respondent(Base):
    """One person's answers in a round: anonymous unless they chose a name."""

    __tablename__ = "respondent"
    # A name is used once in a round, so an import run twice (even at once) cannot double it.
    # Anonymous respondents (no name) are not limited. An index, not a constraint, so that
    # SQLite adds it without rebuilding the table.
    __table_args__ = (
        Index("uq_respondent_round_id_display_name", "round_id", "display_name", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    perspective: Mapped[str] = mapped_column(String(100))
    display_name: Mapped[str | None] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    # Only a hash of the resume token is kept: the token itself is shown once, in a link.
    resume_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())
    # Set for someone who joined a workshop: the workshop's live picture counts them.
    workshop_id: Mapped[int | None] = mapped_column(
        ForeignKey("workshop.id", ondelete="SET NULL"), index=True
    )

    round: Mapped[Round] = relationship(back_populates="respondents")
    answers: Mapped[list[Answer]] = relationship(order_by="Answer.id")


class Answer(Base):
    """A statement placed on a rung (or unsure, or not applicable), with a note."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("respondent_id", "statement_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    respondent_id: Mapped[int] = mapped_column(ForeignKey("respondent.id", ondelete="CASCADE"))
    statement_id: Mapped[str] = mapped_column(String(100))
    answer: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)


class AgreedRung(Base):
    """What a group decided for a statement after discussion, and why."""

    __tablename__ = "agreed_rung"
    __table_args__ = (UniqueConstraint("round_id", "statement_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    statement_id: Mapped[str] = mapped_column(String(100))
    rung: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)


class Action(Base):
    """What the organisation will do about a statement or a theme."""

    __tablename__ = "action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    round_id: Mapped[int | None] = mapped_column(ForeignKey("round.id", ondelete="SET NULL"))
    statement_id: Mapped[str | None] = mapped_column(String(100))
    theme_id: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)

    organisation: Mapped[Organisation] = relationship(back_populates="actions")


class Workshop(Base):
    """A live session on a round: people join with a code and answer together."""

    __tablename__ = "workshop"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"))
    join_code: Mapped[str] = mapped_column(String(20), unique=True)
    state: Mapped[str] = mapped_column(String(20), default="waiting")
    mode: Mapped[str] = mapped_column(String(20), default="statement")
    current_statement: Mapped[str | None] = mapped_column(String(100))
    # The statement ids it asks about, in order (None: every statement of the round).
    statements: Mapped[list[str] | None] = mapped_column(JSON)
    minimum_group_size: Mapped[int] = mapped_column(Integer, default=5)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)


class UploadedFramework(Base):
    """A framework someone added in the app, kept with the YAML it came from."""

    __tablename__ = "uploaded_framework"
    __table_args__ = (UniqueConstraint("framework_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    framework_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(300))
    source_text: Mapped[str] = mapped_column(Text)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)


# --- Accounts, sessions, links and the audit trail ------------------------------------------


class UserAccount(Base):
    """Someone who signs in: an admin, or a lead, facilitator or board viewer of organisations.

    Only an argon2id hash of the password is kept; an account made for single sign-on alone
    has none.
    """

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)

    memberships: Mapped[list[Membership]] = relationship(
        order_by="Membership.id", cascade="all, delete-orphan"
    )


class Membership(Base):
    """A user's role in one organisation: lead, facilitator or board viewer."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))

    organisation: Mapped[Organisation] = relationship()


class UserSession(Base):
    """A signed-in browser: only a hash of its token is kept; it ends on sign-out or idling."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class SignInAttempt(Base):
    """One try at signing in, kept to slow down guessing (per account and per address)."""

    __tablename__ = "sign_in_attempt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(200), index=True)
    client_address: Mapped[str] = mapped_column(String(100), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now, index=True)


class OneTimeLink(Base):
    """A link that works once before it expires: setting up the first admin, or a new
    password. Only a hash of its token is kept."""

    __tablename__ = "one_time_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class RoundInvitation(Base):
    """A round's invitation link: anyone holding it may answer that round, and nothing else.
    Replacing it ends the old one. The token is kept, so that a lead can show the link again."""

    __tablename__ = "round_invitation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now)
    replaced_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime())


class AuditEvent(Base):
    """Who changed what, and when: rounds, agreed rungs, actions, frameworks, users, sign-ins."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=now, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(50))
    subject: Mapped[str] = mapped_column(Text, default="")
