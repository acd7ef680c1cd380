"""Tables owned by the knowledge package: answer feedback, the question log and pinned phrasings."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Return the current time as a naive UTC datetime (how every table stores time)."""
    return datetime.now(UTC).replace(tzinfo=None)


class FeedbackBase(SQLModel):
    """Fields shared by every feedback schema."""

    article_id: str = Field(index=True, max_length=100)
    question: str = Field(default="", max_length=500)
    vote: int = Field(description="+1 helpful, -1 not helpful")
    person_id: int | None = Field(default=None, index=True)


class FeedbackCreate(FeedbackBase):
    """Input for recording a vote on an answer."""


class Feedback(FeedbackBase, table=True):
    """A 👍 or 👎 on an answered article."""

    __tablename__ = "kb_feedback"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class QuestionLogBase(SQLModel):
    """Fields shared by every question-log schema."""

    question: str = Field(index=True, max_length=500, description="normalized, spaceless")
    raw: str = Field(default="", max_length=500)
    kind: str = Field(index=True, max_length=16, description="answered|suggest|unknown|declined")
    article_id: str | None = Field(default=None, max_length=100)
    score: float = Field(default=0.0)
    in_domain: bool = Field(default=False)
    person_id: int | None = Field(default=None, index=True)


class QuestionLog(QuestionLogBase, table=True):
    """One question asked and what the answerer did with it."""

    __tablename__ = "kb_question_log"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)


class PinBase(SQLModel):
    """Fields shared by every pin schema."""

    phrasing: str = Field(unique=True, index=True, max_length=500, description="normalized")
    article_id: str = Field(max_length=100)
    created_by: int | None = Field(default=None)


class Pin(PinBase, table=True):
    """A curated override: this exact (normalized) phrasing is answered by this article."""

    __tablename__ = "kb_pin"

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
