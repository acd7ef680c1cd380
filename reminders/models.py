"""Tables owned by the reminders package: outbox, notification preferences, schedule state, broadcasts."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary
from sqlmodel import Field, SQLModel

from inventory.models import utcnow


class OutboxKind(enum.StrEnum):
    """Why a message is sent."""

    alert = "alert"
    reminder = "reminder"
    broadcast = "broadcast"
    ticket = "ticket"
    digest = "digest"
    answer = "answer"
    training = "training"


class OutboxStatus(enum.StrEnum):
    """Where an outbox row is in its life."""

    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    cancelled = "cancelled"


class Outbox(SQLModel, table=True):
    """One message to one chat address, delivered by the delivery worker."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_not_before", "status", "not_before"),)

    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    channel: str = Field(max_length=20)
    address: str = Field(max_length=128)
    kind: OutboxKind = Field(default=OutboxKind.reminder)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    attachment: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    urgent: bool = Field(default=False)
    dedupe_key: str | None = Field(default=None, max_length=200, unique=True)
    not_before: datetime | None = Field(default=None)
    status: OutboxStatus = Field(default=OutboxStatus.pending)
    attempts: int = Field(default=0)
    last_error: str | None = Field(default=None, max_length=500)
    claimed_at: datetime | None = Field(default=None)
    sent_at: datetime | None = Field(default=None)
    broadcast_id: int | None = Field(default=None, foreign_key="broadcast.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)


class NotificationPref(SQLModel, table=True):
    """A person's notification preferences (today: mute the daily digest)."""

    __tablename__ = "notification_pref"

    person_id: int = Field(foreign_key="person.id", primary_key=True)
    mute_digest: bool = Field(default=False)


class ScheduleState(SQLModel, table=True):
    """When a scheduled job last ran, so a job missed during downtime runs once at start."""

    __tablename__ = "schedule_state"

    job_id: str = Field(primary_key=True, max_length=200)
    last_run_at: datetime


class BroadcastStatus(enum.StrEnum):
    """Where a broadcast is in its life."""

    draft = "draft"
    sending = "sending"
    done = "done"


class Broadcast(SQLModel, table=True):
    """An admin's announcement to an audience ('all', 'role:R' or 'department:D')."""

    id: int | None = Field(default=None, primary_key=True)
    author_id: int | None = Field(default=None, foreign_key="person.id")
    text: str
    attachment: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    attachment_name: str | None = Field(default=None, max_length=200)
    audience: str = Field(default="all", max_length=200)
    status: BroadcastStatus = Field(default=BroadcastStatus.draft)
    created_at: datetime = Field(default_factory=utcnow)
    confirmed_at: datetime | None = None


class BroadcastReceipt(SQLModel, table=True):
    """One recipient of a confirmed broadcast and when they acknowledged it (已读)."""

    __tablename__ = "broadcast_receipt"

    broadcast_id: int = Field(foreign_key="broadcast.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True)
    acknowledged_at: datetime | None = None


# --- trainings and quiz (alerts/trainings engineer) ---


class Training(SQLModel, table=True):
    """A training session for an audience ('all', 'role:R' or 'department:D')."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    starts_at: datetime = Field(index=True)
    place: str | None = Field(default=None, max_length=500)
    audience: str = Field(default="all", max_length=200)
    created_by: int | None = Field(default=None, foreign_key="person.id")
    created_at: datetime = Field(default_factory=utcnow)
    cancelled_at: datetime | None = None


class TrainingRsvp(SQLModel, table=True):
    """One invitee of a training: their answer (参加 / 不参加) and whether they attended."""

    __tablename__ = "training_rsvp"

    training_id: int = Field(foreign_key="training.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True, index=True)
    invited_at: datetime = Field(default_factory=utcnow)
    going: bool | None = None
    answered_at: datetime | None = None
    attended: bool | None = None
    marked_at: datetime | None = None


class QuizAttempt(SQLModel, table=True):
    """One person's run through the awareness quiz: the questions drawn, answers and score."""

    __tablename__ = "quiz_attempt"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    question_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    answers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    score: int = 0
    passed: bool | None = Field(default=None, index=True)
