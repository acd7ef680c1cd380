"""Consultation tickets: questions the knowledge base could not answer, answered by a technician."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from tickets.assignment import assign, auto_assign
from tickets.lifecycle import TicketError, get_ticket, open_ticket, record, transition
from tickets.models import EventKind, Ticket, TicketCreate, TicketKind, TicketStatus
from tickets.settings import TicketSettings

TITLE_CHARS = 60


def _title(question: str) -> str:
    """Return a one-line title from the first characters of a question."""
    line = " ".join(question.split())
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1] + "…"


async def open_consultation(
    session: AsyncSession,
    requester_id: int,
    question: str,
    now: datetime,
    settings: TicketSettings | None = None,
) -> Ticket:
    """Open a consultation ticket for the asker and assign it (rule, else round-robin)."""
    text = question.strip()
    if not text:
        raise TicketError("问题不能为空", "the question is empty")
    data = TicketCreate(
        kind=TicketKind.consultation,
        title=_title(text),
        description=text[:4000],
        requester_id=requester_id,
    )
    ticket = await open_ticket(session, data, now, settings or TicketSettings(), requester_id)
    await auto_assign(session, ticket, now)
    return ticket


async def answer_consultation(
    session: AsyncSession, ticket_id: int, technician_id: int, text: str, now: datetime
) -> Ticket:
    """Record a technician's reply and close the consultation; the caller delivers the answer.

    The asker is ``ticket.requester_id``; the reply is the ticket's last ``answer`` event.
    """
    ticket = await get_ticket(session, ticket_id)
    if ticket.kind != TicketKind.consultation:
        raise TicketError(
            f"工单 #{ticket_id} 不是咨询", f"ticket #{ticket_id} is not a consultation"
        )
    body = text.strip()
    if not body:
        raise TicketError("回复不能为空", "the answer is empty")
    if ticket.status in (TicketStatus.closed, TicketStatus.rejected):
        raise TicketError(f"咨询 #{ticket_id} 已结束", f"consultation #{ticket_id} is finished")
    if ticket.assignee_id != technician_id:
        await assign(session, ticket, technician_id, now, actor_id=technician_id)
    await record(session, ticket, EventKind.answer, now, technician_id, note=body)
    ticket.resolution_note = body
    if ticket.status != TicketStatus.resolved:
        await transition(session, ticket, TicketStatus.resolved, now, technician_id)
    return await transition(session, ticket, TicketStatus.closed, now, technician_id)
