"""CRUD for feedback, the question log and pins; the caller owns the transaction (no commits)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from knowledge.answer import Answer
from knowledge.models import Feedback, Pin, QuestionLog, utcnow
from knowledge.segment import normalize_key

GAP_KINDS = ("unknown", "suggest", "declined")
MAX_TEXT = 500


@dataclass(frozen=True)
class Gap:
    """A question the knowledge base did not serve well, for the knowledge-gaps report."""

    question: str
    count: int
    last_asked: datetime
    kind: str


async def record_vote(
    session: AsyncSession,
    article_id: str,
    vote: int,
    question: str = "",
    person_id: int | None = None,
    now: datetime | None = None,
) -> Feedback:
    """Record a 👍 (+1) or 👎 (-1) on an answer; raise ValueError for any other vote."""
    if vote not in (1, -1):
        raise ValueError("vote must be +1 or -1")
    row = Feedback(
        article_id=article_id,
        question=question[:MAX_TEXT],
        vote=vote,
        person_id=person_id,
        created_at=now or utcnow(),
    )
    session.add(row)
    await session.flush()
    return row


async def log_question(
    session: AsyncSession,
    question: str,
    kind: str,
    article_id: str | None = None,
    score: float = 0.0,
    person_id: int | None = None,
    in_domain: bool = False,
    now: datetime | None = None,
) -> QuestionLog:
    """Log one question with the answerer's decision (kind, article, score)."""
    row = QuestionLog(
        question=normalize_key(question)[:MAX_TEXT],
        raw=question[:MAX_TEXT],
        kind=kind,
        article_id=article_id,
        score=max(0.0, min(1.0, float(score))),
        in_domain=in_domain,
        person_id=person_id,
        created_at=now or utcnow(),
    )
    session.add(row)
    await session.flush()
    return row


async def log_answer(
    session: AsyncSession, answer: Answer, person_id: int | None = None, now: datetime | None = None
) -> QuestionLog:
    """Log an Answer as returned by ``KnowledgeBase.answer`` (question, kind, article, score)."""
    article_id = answer.article.id if answer.article else None
    return await log_question(
        session,
        answer.question,
        answer.kind,
        article_id,
        answer.score,
        person_id,
        answer.in_domain,
        now,
    )


async def _logged(session: AsyncSession, kind: str) -> list[tuple[str, str, int, datetime, str]]:
    """Return (key, kind, count, last, sample raw) per question logged with this kind."""
    where = [col(QuestionLog.kind) == kind, col(QuestionLog.question) != ""]
    if kind == "declined":
        where.append(col(QuestionLog.in_domain).is_(True))
    statement = (
        select(
            QuestionLog.question,
            func.count(),
            func.max(QuestionLog.created_at),
            func.max(QuestionLog.raw),
        )
        .where(*where)
        .group_by(QuestionLog.question)
    )
    rows = (await session.exec(statement)).all()
    return [(key, kind, int(count), last, raw) for key, count, last, raw in rows]


async def _downvoted(session: AsyncSession) -> list[tuple[str, str, int, datetime, str]]:
    """Return the same shape for questions whose answers got 👎."""
    statement = select(Feedback.question, Feedback.created_at).where(Feedback.vote < 0)
    rows = (await session.exec(statement)).all()
    return [(normalize_key(q), "downvoted", 1, at, q) for q, at in rows if normalize_key(q)]


async def gaps(session: AsyncSession, limit: int = 20) -> list[Gap]:
    """Return unanswered, in-domain declined and 👎 questions, most frequent first."""
    merged: dict[str, tuple[Counter[str], datetime, str]] = {}
    rows = await _downvoted(session)
    for kind in GAP_KINDS:
        rows += await _logged(session, kind)
    for key, kind, count, last, raw in rows:
        kinds, seen, sample = merged.get(key, (Counter(), last, raw))
        kinds[kind] += count
        merged[key] = (kinds, max(seen, last), raw if last >= seen else sample)
    found = [
        Gap(sample, sum(kinds.values()), last, kinds.most_common(1)[0][0])
        for kinds, last, sample in merged.values()
    ]
    found.sort(key=lambda g: (-g.count, -g.last_asked.timestamp()))
    return found[:limit]


async def pin(session: AsyncSession, phrasing: str, article_id: str, by: int | None = None) -> Pin:
    """Pin a phrasing (normalized) to an article, replacing an earlier pin of the same phrasing."""
    key = normalize_key(phrasing)
    if not key:
        raise ValueError("cannot pin an empty phrasing")
    existing = (await session.exec(select(Pin).where(Pin.phrasing == key))).first()
    row = existing or Pin(phrasing=key, article_id=article_id, created_by=by)
    row.article_id, row.created_by = article_id, by
    session.add(row)
    await session.flush()
    return row


async def unpin(session: AsyncSession, phrasing: str) -> bool:
    """Remove the pin of a phrasing; return whether there was one."""
    existing = (
        await session.exec(select(Pin).where(Pin.phrasing == normalize_key(phrasing)))
    ).first()
    if existing is None:
        return False
    await session.delete(existing)
    await session.flush()
    return True


async def list_pins(session: AsyncSession) -> list[Pin]:
    """Return every pin, oldest first (``{p.phrasing: p.article_id}`` feeds ``set_pins``)."""
    return list((await session.exec(select(Pin).order_by(col(Pin.created_at), col(Pin.id)))).all())
