"""Broadcasts: an admin's draft, its audience, one outbox row per recipient, progress and 已读."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Department, Person, Role, utcnow
from reminders.messages import Attachment, Message, buttons_row
from reminders.models import (
    Broadcast,
    BroadcastReceipt,
    BroadcastStatus,
    Outbox,
    OutboxKind,
    OutboxStatus,
)
from reminders.outbox import (
    BLOCKED,
    AddressBook,
    enqueue,
    insert_ignoring_duplicates,
    insert_rows,
    outbox_row,
)


class AudienceError(ValueError):
    """An audience that names no known role or department (message in Chinese and English)."""


@dataclass(frozen=True, slots=True)
class BroadcastProgress:
    """How far a broadcast's delivery has got, counted over its outbox rows."""

    total: int
    delivered: int
    failed: int
    blocked: int
    pending: int

    @property
    def finished(self) -> bool:
        """Whether nothing is left to send."""
        return self.pending == 0


async def create_draft(
    session: AsyncSession,
    *,
    author_id: int | None,
    text: str,
    audience: str = "all",
    attachment: Attachment | None = None,
) -> Broadcast:
    """Save a draft broadcast after checking its audience."""
    await resolve_audience(session, audience)
    draft = Broadcast(
        author_id=author_id,
        text=text,
        audience=audience,
        attachment=attachment.content if attachment else None,
        attachment_name=attachment.filename if attachment else None,
    )
    session.add(draft)
    await session.flush()
    return draft


async def resolve_audience(session: AsyncSession, audience: str) -> list[int]:
    """Ids of the active people an audience ('all', 'role:R', 'department:D') names."""
    kind, _, value = audience.strip().partition(":")
    query = select(col(Person.id)).where(col(Person.active).is_(True))
    if kind == "all" and not value:
        pass
    elif kind == "role":
        if value not in Role.__members__:
            roles = ", ".join(Role.__members__)
            raise AudienceError(f"没有这个角色：{value}（可选 {roles}）/ unknown role {value!r}")
        query = query.where(col(Person.role) == Role(value))
    elif kind == "department":
        dept = (await session.exec(select(Department).where(Department.name == value))).first()
        if dept is None:
            raise AudienceError(f"没有这个科室：{value} / unknown department {value!r}")
        query = query.where(col(Person.department_id) == dept.id)
    else:
        raise AudienceError(
            f"无法识别的对象：{audience}（all、role:角色 或 department:科室）/ "
            f"unknown audience {audience!r} (all, role:R or department:D)"
        )
    ids = (await session.exec(query.order_by(col(Person.id)))).all()
    return [i for i in ids if i is not None]


def broadcast_message(draft: Broadcast) -> Message:
    """The message every recipient gets: the text plus an 已读 (acknowledge) button."""
    attachment = None
    if draft.attachment is not None:
        attachment = Attachment(draft.attachment_name or "attachment", draft.attachment)
    return Message(
        text=draft.text,
        buttons=(buttons_row(("已读 / Read", f"bc:{draft.id}:ack")),),
        attachment=attachment,
    )


async def confirm(
    session: AsyncSession, broadcast_id: int, address_book: AddressBook, now: datetime
) -> int:
    """Queue one outbox row per recipient address (idempotent); how many rows were added."""
    draft = await session.get(Broadcast, broadcast_id)
    if draft is None:
        raise LookupError(f"没有这条通知：{broadcast_id} / no broadcast {broadcast_id}")
    people = await resolve_audience(session, draft.audience)
    if draft.status == BroadcastStatus.draft:
        draft.status, draft.confirmed_at = BroadcastStatus.sending, now
        session.add(draft)
    message = broadcast_message(draft)
    rows = []
    for person_id in people:
        for channel, address in await address_book.addresses(session, person_id):
            rows.append(
                outbox_row(
                    person_id=person_id,
                    channel=channel,
                    address=address,
                    message=message,
                    kind=OutboxKind.broadcast,
                    dedupe_key=f"bc:{broadcast_id}:{person_id}:{channel}",
                    not_before=None,
                    broadcast_id=broadcast_id,
                )
            )
    await _add_receipts(session, broadcast_id, people)
    added = await insert_rows(session, rows)
    await session.flush()
    return len(added)


async def _add_receipts(session: AsyncSession, broadcast_id: int, people: list[int]) -> None:
    """One receipt row per recipient, skipping those that exist."""
    table = BroadcastReceipt.__table__  # type: ignore[attr-defined]
    rows = [{"broadcast_id": broadcast_id, "person_id": p, "acknowledged_at": None} for p in people]
    await insert_ignoring_duplicates(session, table, rows)


async def progress(session: AsyncSession, broadcast_id: int) -> BroadcastProgress:
    """Delivered / failed / blocked / pending counts of a broadcast's outbox rows."""
    blocked_expr = col(Outbox.last_error).like(f"{BLOCKED}%")
    query = (
        select(col(Outbox.status), blocked_expr, func.count())
        .where(col(Outbox.broadcast_id) == broadcast_id)
        .group_by(col(Outbox.status), blocked_expr)
    )
    counts = {"sent": 0, "failed": 0, "blocked": 0, "pending": 0}
    total = 0
    for status, is_blocked, n in (await session.exec(query)).all():
        total += n
        if status == OutboxStatus.sent:
            counts["sent"] += n
        elif status == OutboxStatus.failed:
            counts["blocked" if is_blocked else "failed"] += n
        elif status in (OutboxStatus.pending, OutboxStatus.sending):
            counts["pending"] += n
    return BroadcastProgress(
        total, counts["sent"], counts["failed"], counts["blocked"], counts["pending"]
    )


async def finish_done(session: AsyncSession, broadcast_ids: Iterable[int]) -> None:
    """Mark 'sending' broadcasts whose rows are all settled as done."""
    for broadcast_id in broadcast_ids:
        left = (
            await session.exec(
                select(func.count())
                .select_from(Outbox)
                .where(
                    col(Outbox.broadcast_id) == broadcast_id,
                    col(Outbox.status).in_([OutboxStatus.pending, OutboxStatus.sending]),
                )
            )
        ).one()
        if left == 0:
            await session.exec(
                update(Broadcast)
                .where(
                    col(Broadcast.id) == broadcast_id,
                    col(Broadcast.status) == BroadcastStatus.sending,
                )
                .values(status=BroadcastStatus.done)
            )


async def acknowledge(
    session: AsyncSession, broadcast_id: int, person_id: int, now: datetime | None = None
) -> bool:
    """Record that a recipient has read the broadcast (已读); False if they are not a recipient."""
    receipt = await session.get(BroadcastReceipt, (broadcast_id, person_id))
    if receipt is None:
        return False
    if receipt.acknowledged_at is None:
        receipt.acknowledged_at = now or utcnow()
        session.add(receipt)
        await session.flush()
    return True


async def unread(session: AsyncSession, broadcast_id: int) -> list[Person]:
    """Recipients who have not acknowledged the broadcast yet, by name."""
    query = (
        select(Person)
        .join(BroadcastReceipt, col(BroadcastReceipt.person_id) == col(Person.id))
        .where(
            col(BroadcastReceipt.broadcast_id) == broadcast_id,
            col(BroadcastReceipt.acknowledged_at).is_(None),
        )
        .order_by(col(Person.name), col(Person.id))
    )
    return list((await session.exec(query)).all())


async def final_report(
    session: AsyncSession, broadcast_id: int, address_book: AddressBook, now: datetime
) -> bool:
    """Tell the author how a finished broadcast went (delivered, failed, blocked), once."""
    draft = await session.get(Broadcast, broadcast_id)
    if draft is None or draft.status != BroadcastStatus.done or draft.author_id is None:
        return False
    counts = await progress(session, broadcast_id)
    text = (
        f"**通知 #{broadcast_id} 发送完成 / broadcast finished**\n"
        f"送达 delivered {counts.delivered} · 失败 failed {counts.failed} · "
        f"已屏蔽 blocked {counts.blocked}（共 total {counts.total}）"
    )
    rows = await enqueue(
        session,
        person_id=draft.author_id,
        message=Message(text),
        kind=OutboxKind.broadcast,
        address_book=address_book,
        dedupe_key=f"bc:{broadcast_id}:final",
        now=now,
    )
    return bool(rows)
