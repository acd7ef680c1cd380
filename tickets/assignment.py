"""Who works a ticket: department rules, else round-robin among active technicians; reassignment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Machine, Person, Role
from tickets.lifecycle import TicketError, record, transition
from tickets.models import AssignmentRule, EventKind, Ticket, TicketEvent, TicketStatus

WORKERS = (Role.technician, Role.admin)


async def _technician(session: AsyncSession, person_id: int) -> Person:
    """Return an active technician (or admin) or raise TicketError."""
    person = await session.get(Person, person_id)
    if person is None or not person.active or person.role not in WORKERS:
        raise TicketError(
            f"#{person_id} 不是在岗的技术人员", f"person #{person_id} is not an active technician"
        )
    return person


async def set_rule(session: AsyncSession, department_id: int, technician_id: int) -> AssignmentRule:
    """Create or replace the rule sending a department's tickets to one technician."""
    await _technician(session, technician_id)
    query = select(AssignmentRule).where(AssignmentRule.department_id == department_id)
    rule = (await session.exec(query)).first()
    if rule is None:
        rule = AssignmentRule(department_id=department_id, technician_id=technician_id)
    rule.technician_id = technician_id
    session.add(rule)
    await session.flush()
    return rule


async def delete_rule(session: AsyncSession, department_id: int) -> bool:
    """Remove a department's rule; return whether there was one."""
    query = select(AssignmentRule).where(AssignmentRule.department_id == department_id)
    rule = (await session.exec(query)).first()
    if rule is None:
        return False
    await session.delete(rule)
    await session.flush()
    return True


async def list_rules(session: AsyncSession) -> list[AssignmentRule]:
    """Return every assignment rule by department id."""
    query = select(AssignmentRule).order_by(col(AssignmentRule.department_id))
    return list((await session.exec(query)).all())


async def round_robin(session: AsyncSession) -> int | None:
    """Return the active technician assigned least recently (never assigned first), or None."""
    technicians = select(Person.id).where(
        Person.role == Role.technician, col(Person.active).is_(True)
    )
    ids = list((await session.exec(technicians)).all())
    if not ids:
        return None
    last_query = (
        select(TicketEvent.subject_id, func.max(TicketEvent.at))
        .where(TicketEvent.kind == EventKind.assigned, col(TicketEvent.subject_id).in_(ids))
        .group_by(col(TicketEvent.subject_id))
    )
    last = {pid: at for pid, at in (await session.exec(last_query)).all()}
    never = [pid for pid in ids if pid is not None and pid not in last]
    if never:
        return min(never)
    return min((pid for pid in ids if pid is not None), key=lambda pid: (last[pid], pid))


async def department_of(session: AsyncSession, ticket: Ticket) -> int | None:
    """Return the department a ticket belongs to: its machine's, else its requester's."""
    if ticket.machine_id is not None:
        machine = await session.get(Machine, ticket.machine_id)
        if machine is not None and machine.department_id is not None:
            return machine.department_id
    if ticket.requester_id is not None:
        requester = await session.get(Person, ticket.requester_id)
        if requester is not None:
            return requester.department_id
    return None


async def choose_technician(session: AsyncSession, ticket: Ticket) -> int | None:
    """Return the technician a ticket should go to: the department rule, else round-robin."""
    department_id = await department_of(session, ticket)
    if department_id is not None:
        query = select(AssignmentRule).where(AssignmentRule.department_id == department_id)
        rule = (await session.exec(query)).first()
        if rule is not None:
            person = await session.get(Person, rule.technician_id)
            if person is not None and person.active and person.role in WORKERS:
                return rule.technician_id
    return await round_robin(session)


async def assign(
    session: AsyncSession,
    ticket: Ticket,
    technician_id: int,
    now: datetime,
    actor_id: int | None = None,
) -> Ticket:
    """Give a ticket to a technician; an open or reopened ticket becomes assigned."""
    await _technician(session, technician_id)
    if ticket.status in (TicketStatus.closed, TicketStatus.verified, TicketStatus.rejected):
        raise TicketError(
            f"工单 #{ticket.id} 已结束，不能分派", f"ticket #{ticket.id} is finished; cannot assign"
        )
    previous = ticket.assignee_id
    ticket.assignee_id = technician_id
    await record(
        session,
        ticket,
        EventKind.assigned,
        now,
        actor_id,
        subject_id=technician_id,
        note=None if previous is None else f"#{previous} -> #{technician_id}",
    )
    if ticket.status in (TicketStatus.open, TicketStatus.reopened):
        await transition(session, ticket, TicketStatus.assigned, now, actor_id)
    return ticket


async def auto_assign(session: AsyncSession, ticket: Ticket, now: datetime) -> int | None:
    """Assign a ticket by rule or round-robin; return the technician, or None when nobody works."""
    technician_id = await choose_technician(session, ticket)
    if technician_id is not None:
        await assign(session, ticket, technician_id, now)
    return technician_id


async def reassign(
    session: AsyncSession, ticket: Ticket, technician_id: int, admin_id: int, now: datetime
) -> Ticket:
    """An admin gives a ticket to another technician."""
    admin = await session.get(Person, admin_id)
    if admin is None or not admin.active or admin.role != Role.admin:
        raise TicketError("只有管理员可以改派工单", "only an admin may reassign a ticket")
    return await assign(session, ticket, technician_id, now, actor_id=admin_id)


async def accept(
    session: AsyncSession, ticket: Ticket, technician_id: int, now: datetime
) -> Ticket:
    """A technician takes a ticket and starts work on it."""
    if ticket.assignee_id != technician_id:
        if ticket.assignee_id is not None and ticket.status != TicketStatus.open:
            raise TicketError(
                f"工单 #{ticket.id} 已分派给他人",
                f"ticket #{ticket.id} is assigned to someone else",
            )
        await assign(session, ticket, technician_id, now, actor_id=technician_id)
    return await transition(session, ticket, TicketStatus.in_progress, now, technician_id)
