"""Ticket lifecycle: the explicit transition table, events, comments, pauses and watchers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from tickets.models import (
    EventKind,
    Ticket,
    TicketCreate,
    TicketEvent,
    TicketKind,
    TicketPause,
    TicketStatus,
    TicketWatcher,
)
from tickets.settings import TicketSettings
from tickets.sla import recompute_due

S = TicketStatus
TRANSITIONS: dict[TicketStatus, frozenset[TicketStatus]] = {
    S.open: frozenset({S.assigned, S.in_progress, S.resolved, S.rejected}),
    S.assigned: frozenset({S.in_progress, S.resolved, S.rejected}),
    S.in_progress: frozenset({S.resolved, S.rejected}),
    S.resolved: frozenset({S.verified, S.reopened, S.closed}),
    S.verified: frozenset({S.closed, S.reopened}),
    S.reopened: frozenset({S.assigned, S.in_progress, S.resolved, S.rejected}),
    S.rejected: frozenset({S.reopened}),
    S.closed: frozenset(),
}
STATUS_ZH = {
    S.open: "待处理",
    S.assigned: "已分派",
    S.in_progress: "处理中",
    S.resolved: "已处理待复核",
    S.verified: "已复核",
    S.closed: "已关闭",
    S.reopened: "已重开",
    S.rejected: "已驳回",
}
_STAMPS = {S.resolved: "resolved_at", S.verified: "verified_at", S.closed: "closed_at"}


class TicketError(ValueError):
    """A ticket operation that is not allowed; the message is Chinese then English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en


def check_transition(ticket: Ticket, to: TicketStatus) -> None:
    """Raise TicketError unless ``ticket`` may move to status ``to``."""
    current = TicketStatus(ticket.status)
    if to not in TRANSITIONS[current]:
        raise TicketError(
            f"工单 #{ticket.id} 不能从「{STATUS_ZH[current]}」变为「{STATUS_ZH[to]}」",
            f"ticket #{ticket.id} cannot go from {current.value} to {to.value}",
        )
    if to == S.closed and current == S.resolved and ticket.kind == TicketKind.remediation:
        raise TicketError(
            f"整改工单 #{ticket.id} 须经复扫核验后才能关闭",
            f"remediation ticket #{ticket.id} must be verified by a scan before closing",
        )


async def get_ticket(session: AsyncSession, ticket_id: int) -> Ticket:
    """Return a ticket by id or raise TicketError."""
    ticket = await session.get(Ticket, ticket_id)
    if ticket is None:
        raise TicketError(f"没有工单 #{ticket_id}", f"no ticket #{ticket_id}")
    return ticket


async def record(
    session: AsyncSession,
    ticket: Ticket,
    kind: EventKind,
    now: datetime,
    actor_id: int | None = None,
    **fields: Any,
) -> TicketEvent:
    """Append an event to a ticket and touch its update time."""
    assert ticket.id is not None
    event = TicketEvent(ticket_id=ticket.id, at=now, actor_id=actor_id, kind=kind, **fields)
    ticket.updated_at = now
    session.add_all([event, ticket])
    await session.flush()
    return event


async def transition(
    session: AsyncSession,
    ticket: Ticket,
    to: TicketStatus,
    now: datetime,
    actor_id: int | None = None,
    note: str | None = None,
) -> Ticket:
    """Move a ticket to status ``to`` (per TRANSITIONS) and record the change."""
    check_transition(ticket, to)
    before = TicketStatus(ticket.status)
    ticket.status = to
    if to in _STAMPS:
        setattr(ticket, _STAMPS[to], now)
    if to == S.reopened:
        ticket.resolved_at = ticket.verified_at = None
    await record(
        session,
        ticket,
        EventKind.status,
        now,
        actor_id,
        from_status=before,
        to_status=to,
        note=note,
    )
    return ticket


async def open_ticket(
    session: AsyncSession,
    data: TicketCreate,
    now: datetime,
    settings: TicketSettings,
    actor_id: int | None = None,
) -> Ticket:
    """Open a ticket with its SLA deadline and a 'created' event."""
    ticket = Ticket.model_validate(data, update={"opened_at": now, "updated_at": now})
    session.add(ticket)
    await session.flush()
    await recompute_due(session, ticket, settings, now)
    await record(
        session, ticket, EventKind.created, now, actor_id, to_status=S.open, note=data.title
    )
    return ticket


def _required(text: str | None, zh: str, en: str) -> str:
    """Return stripped text or raise TicketError naming what is missing."""
    if not text or not text.strip():
        raise TicketError(f"请填写{zh}", f"{en} is required")
    return text.strip()


async def resolve(
    session: AsyncSession, ticket: Ticket, actor_id: int | None, note: str, now: datetime
) -> Ticket:
    """Mark a ticket resolved with the technician's note (整改措施)."""
    text = _required(note, "处理说明", "a resolution note")
    check_transition(ticket, S.resolved)
    ticket.resolution_note = text
    ticket.waiting_on_user = False
    await _end_pause(session, ticket, now)
    return await transition(session, ticket, S.resolved, now, actor_id, text)


async def reject(
    session: AsyncSession, ticket: Ticket, actor_id: int | None, reason: str, now: datetime
) -> Ticket:
    """Reject a ticket with a reason (e.g. a false positive)."""
    text = _required(reason, "驳回理由", "a reason")
    check_transition(ticket, S.rejected)
    ticket.reject_reason = text
    return await transition(session, ticket, S.rejected, now, actor_id, text)


async def comment(
    session: AsyncSession, ticket: Ticket, actor_id: int | None, text: str, now: datetime
) -> TicketEvent:
    """Add a comment to a ticket."""
    body = _required(text, "评论内容", "comment text")
    return await record(session, ticket, EventKind.comment, now, actor_id, note=body)


async def attach(
    session: AsyncSession,
    ticket: Ticket,
    actor_id: int | None,
    filename: str,
    now: datetime,
    note: str | None = None,
) -> TicketEvent:
    """Record an attachment (its file is stored by the caller) on a ticket."""
    name = _required(filename, "附件名", "an attachment name")
    return await record(
        session, ticket, EventKind.attachment, now, actor_id, attachment_name=name, note=note
    )


async def _end_pause(session: AsyncSession, ticket: Ticket, now: datetime) -> bool:
    """Close the ticket's open pause, if any; return whether there was one."""
    query = select(TicketPause).where(
        TicketPause.ticket_id == ticket.id, col(TicketPause.ended_at).is_(None)
    )
    pauses = list((await session.exec(query)).all())
    for pause in pauses:
        pause.ended_at = now
        session.add(pause)
    return bool(pauses)


async def set_waiting_on_user(
    session: AsyncSession,
    ticket: Ticket,
    waiting: bool,
    now: datetime,
    settings: TicketSettings,
    actor_id: int | None = None,
) -> Ticket:
    """Pause (waiting on the user) or resume the SLA clock and move the deadline."""
    if waiting == ticket.waiting_on_user:
        return ticket
    if waiting:
        if ticket.status not in (S.open, S.assigned, S.in_progress, S.reopened):
            raise TicketError(
                "只有处理中的工单可以暂停计时", "only a ticket being worked can pause"
            )
        assert ticket.id is not None
        session.add(TicketPause(ticket_id=ticket.id, started_at=now))
    else:
        await _end_pause(session, ticket, now)
    ticket.waiting_on_user = waiting
    await session.flush()
    await recompute_due(session, ticket, settings, now)
    kind = EventKind.paused if waiting else EventKind.resumed
    await record(session, ticket, kind, now, actor_id)
    return ticket


async def add_watcher(session: AsyncSession, ticket: Ticket, person_id: int, now: datetime) -> bool:
    """Add a watcher to a ticket; return False when already watching."""
    assert ticket.id is not None
    if await session.get(TicketWatcher, (ticket.id, person_id)) is not None:
        return False
    session.add(TicketWatcher(ticket_id=ticket.id, person_id=person_id))
    await record(session, ticket, EventKind.watcher, now, subject_id=person_id)
    return True


async def watchers(session: AsyncSession, ticket_id: int) -> list[int]:
    """Return the person ids watching a ticket."""
    query = select(TicketWatcher.person_id).where(TicketWatcher.ticket_id == ticket_id)
    return sorted((await session.exec(query)).all())


async def events(session: AsyncSession, ticket_id: int) -> list[TicketEvent]:
    """Return a ticket's events in order."""
    query = (
        select(TicketEvent)
        .where(TicketEvent.ticket_id == ticket_id)
        .order_by(col(TicketEvent.at), col(TicketEvent.id))
    )
    return list((await session.exec(query)).all())
