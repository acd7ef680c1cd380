"""Tables owned by bot/: chat identities, invite codes, chat state and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from inventory.models import utcnow


class ChatIdentity(SQLModel, table=True):
    """One way a person reaches the bot: a Telegram user, a web session, a console, later WeCom."""

    __tablename__ = "chat_identity"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20, index=True)
    external_id: str = Field(max_length=128)
    chat_address: str | None = Field(default=None, max_length=128)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    language: str | None = Field(default=None, max_length=8)
    display_name: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow)


class Invite(SQLModel, table=True):
    """A one-time, expiring code that links a chat identity to a person (stored hashed)."""

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    created_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    used_at: datetime | None = None


class ChatState(SQLModel, table=True):
    """What a chat identity is in the middle of (a multi-step dialog waiting for its next input)."""

    __tablename__ = "chat_state"

    identity_id: int = Field(foreign_key="chat_identity.id", primary_key=True)
    expects: str = Field(max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class AuditEntry(SQLModel, table=True):
    """One admin (or otherwise privileged) action: who did what, when, through which channel."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    channel: str = Field(max_length=20)
    action: str = Field(max_length=64, index=True)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    at: datetime = Field(default_factory=utcnow, index=True)


class WebInbox(SQLModel, table=True):
    """A message pushed to a web-chat visitor, kept until their page fetches it (survives restarts)."""

    __tablename__ = "web_inbox"

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=128, index=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    fetched_at: datetime | None = Field(default=None, index=True)
