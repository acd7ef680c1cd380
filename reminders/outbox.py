"""The outbox: messages written in the caller's transaction, delivered later by the worker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, Table, or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import utcnow
from reminders.messages import Attachment, Message
from reminders.models import Outbox, OutboxKind, OutboxStatus
from reminders.quiet import deliver_at, is_muted
from reminders.settings import ReminderSettings

BLOCKED = "blocked"  # reason prefix a Notifier uses when the user blocked the bot
OUTBOX_TABLE: Table = Outbox.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Claimed:
    """A row claimed for sending, detached from its session."""

    id: int
    channel: str
    address: str
    message: Message
    attempts: int
    broadcast_id: int | None


class AddressBook(Protocol):
    """Where a person can be reached: (channel, address) pairs from their chat identities."""

    async def addresses(self, session: AsyncSession, person_id: int) -> list[tuple[str, str]]:
        """Return the person's (channel, chat address) pairs; empty if they have none."""
        ...


def outbox_row(
    *,
    person_id: int | None,
    channel: str,
    address: str,
    message: Message,
    kind: OutboxKind,
    dedupe_key: str | None,
    not_before: datetime | None,
    broadcast_id: int | None,
) -> dict[str, Any]:
    """Column values of one outbox row (for :func:`insert_rows`)."""
    payload = message.to_json()
    blob = None
    if message.attachment is not None:
        payload["attachment"] = {
            "filename": message.attachment.filename,
            "kind": message.attachment.kind,
        }
        blob = message.attachment.content
    row = Outbox(
        person_id=person_id,
        channel=channel,
        address=str(address),
        kind=kind,
        payload=payload,
        attachment=blob,
        urgent=message.urgent,
        dedupe_key=dedupe_key,
        not_before=not_before,
        broadcast_id=broadcast_id,
        created_at=utcnow(),
    )
    return row.model_dump(exclude={"id"})


async def insert_ignoring_duplicates(
    session: AsyncSession, table: Table, rows: Sequence[dict[str, Any]], *, returning: bool = False
) -> list[Any]:
    """INSERT ... ON CONFLICT DO NOTHING (SQLite and PostgreSQL); the new primary keys if asked."""
    if not rows:
        return []
    conn = await session.connection()
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(table).on_conflict_do_nothing()
    if not returning:
        await session.exec(stmt, params=list(rows))
        return []
    result = await session.exec(stmt.returning(*table.primary_key.columns), params=list(rows))
    return list(cast(CursorResult[Any], result).scalars().all())


async def insert_rows(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert outbox rows, silently skipping any whose dedupe_key already exists; new ids."""
    ids = await insert_ignoring_duplicates(session, OUTBOX_TABLE, rows, returning=True)
    return [int(i) for i in ids]


async def enqueue_to_address(
    session: AsyncSession,
    *,
    channel: str,
    address: str,
    message: Message,
    kind: OutboxKind,
    person_id: int | None = None,
    dedupe_key: str | None = None,
    not_before: datetime | None = None,
    broadcast_id: int | None = None,
    quiet: ReminderSettings | None = None,
    now: datetime | None = None,
) -> int | None:
    """Queue ``message`` for one chat address; the new row id, or None if deduplicated or muted."""
    if await is_muted(session, person_id, kind):
        return None
    if quiet is not None:
        now = now or utcnow()
        not_before = deliver_at(not_before, urgent=message.urgent, now=now, settings=quiet)
    ids = await insert_rows(
        session,
        [
            outbox_row(
                person_id=person_id,
                channel=channel,
                address=address,
                message=message,
                kind=kind,
                dedupe_key=dedupe_key,
                not_before=not_before,
                broadcast_id=broadcast_id,
            )
        ],
    )
    return ids[0] if ids else None


def row_dedupe_key(key: str | None, channel: str, seen: set[str], address: str) -> str | None:
    """The dedupe key of one row: ``key:channel`` (plus the address for a second one on a channel)."""
    if key is None:
        return None
    if channel in seen:
        return f"{key}:{channel}:{address}"
    seen.add(channel)
    return f"{key}:{channel}"


async def enqueue(
    session: AsyncSession,
    *,
    person_id: int,
    message: Message,
    kind: OutboxKind,
    address_book: AddressBook,
    dedupe_key: str | None = None,
    not_before: datetime | None = None,
    broadcast_id: int | None = None,
    quiet: ReminderSettings | None = None,
    now: datetime | None = None,
) -> list[int]:
    """Queue ``message`` for every chat identity of a person; ids of the rows actually written."""
    if await is_muted(session, person_id, kind):
        return []
    if quiet is not None:
        not_before = deliver_at(
            not_before, urgent=message.urgent, now=now or utcnow(), settings=quiet
        )
    seen: set[str] = set()
    rows = [
        outbox_row(
            person_id=person_id,
            channel=channel,
            address=address,
            message=message,
            kind=kind,
            dedupe_key=row_dedupe_key(dedupe_key, channel, seen, address),
            not_before=not_before,
            broadcast_id=broadcast_id,
        )
        for channel, address in await address_book.addresses(session, person_id)
    ]
    return await insert_rows(session, rows)


def message_of(row: Outbox) -> Message:
    """Rebuild the Message stored in an outbox row (with its attachment, if any)."""
    attachment = None
    meta = row.payload.get("attachment")
    if row.attachment is not None and isinstance(meta, dict):
        attachment = Attachment(
            meta.get("filename", "file"), row.attachment, meta.get("kind", "document")
        )
    return Message.from_json(row.payload, attachment)


async def cancel(session: AsyncSession, ids: Sequence[int]) -> int:
    """Cancel pending rows (e.g. a reminder for a training that was called off); rows changed."""
    stmt = (
        update(Outbox)
        .where(col(Outbox.id).in_(list(ids)), col(Outbox.status) == OutboxStatus.pending)
        .values(status=OutboxStatus.cancelled)
    )
    result = cast(CursorResult[Any], await session.exec(stmt))
    return int(result.rowcount or 0)


async def claim_due(
    session: AsyncSession,
    *,
    now: datetime,
    channels: Sequence[str],
    limit: int,
    urgent_only: bool = False,
) -> list[Claimed]:
    """Mark up to ``limit`` due pending rows of ``channels`` as 'sending' (attempts + 1)."""
    due = select(col(Outbox.id)).where(
        col(Outbox.status) == OutboxStatus.pending,
        or_(col(Outbox.not_before).is_(None), col(Outbox.not_before) <= now),
        col(Outbox.channel).in_(list(channels)),
    )
    if urgent_only:
        due = due.where(col(Outbox.urgent).is_(True))
    due = due.order_by(col(Outbox.urgent).desc(), col(Outbox.id)).limit(limit)
    if (await session.connection()).dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list((await session.exec(due)).all())
    if not ids:
        return []
    mark = (
        update(Outbox)
        .where(col(Outbox.id).in_(ids), col(Outbox.status) == OutboxStatus.pending)
        .values(status=OutboxStatus.sending, claimed_at=now, attempts=Outbox.attempts + 1)
        .returning(col(Outbox.id))
    )
    claimed = list(cast(CursorResult[Any], await session.exec(mark)).scalars().all())
    query = select(Outbox).where(col(Outbox.id).in_(claimed)).order_by(col(Outbox.id))
    return [_detach(row) for row in (await session.exec(query)).all()]


async def requeue_stuck(session: AsyncSession, before: datetime) -> int:
    """Put rows claimed before ``before`` and still 'sending' back to pending; how many."""
    stmt = (
        update(Outbox)
        .where(col(Outbox.status) == OutboxStatus.sending, col(Outbox.claimed_at) < before)
        .values(status=OutboxStatus.pending, claimed_at=None)
    )
    result = cast(CursorResult[Any], await session.exec(stmt))
    return int(result.rowcount or 0)


def _detach(row: Outbox) -> Claimed:
    """Copy what sending needs out of an ORM row."""
    assert row.id is not None
    return Claimed(
        row.id, row.channel, row.address, message_of(row), row.attempts, row.broadcast_id
    )
