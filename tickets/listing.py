"""Ticket lists and details as plain rows (the `zhengban tickets list --json` shape)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import col, or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Department, Finding, Machine, Person
from tickets.lifecycle import events, get_ticket, watchers
from tickets.models import (
    ACTIVE_STATUSES,
    Ticket,
    TicketEvent,
    TicketFinding,
    TicketStatus,
    TicketWatcher,
)

FINDING_ZH = {
    "pirated": "盗版",
    "unlicensed": "未授权",
    "free_personal": "仅限个人",
    "unknown": "待核实",
}


@dataclass(slots=True)
class TicketContext:
    """Machines, people, departments and findings of some tickets, loaded in bulk."""

    machines: dict[int, Machine] = field(default_factory=dict)
    people: dict[int, Person] = field(default_factory=dict)
    departments: dict[int, Department] = field(default_factory=dict)
    findings: dict[int, list[Finding]] = field(default_factory=lambda: defaultdict(list))

    def machine_tag(self, ticket: Ticket) -> str | None:
        """Return the asset tag of a ticket's machine."""
        machine = self.machines.get(ticket.machine_id or -1)
        return machine.asset_tag if machine else None

    def name(self, person_id: int | None) -> str | None:
        """Return a person's name."""
        person = self.people.get(person_id or -1)
        return person.name if person else None

    def department(self, ticket: Ticket) -> str | None:
        """Return the ticket's department: its machine's, else its requester's."""
        machine = self.machines.get(ticket.machine_id or -1)
        requester = self.people.get(ticket.requester_id or -1)
        department_id = (machine.department_id if machine else None) or (
            requester.department_id if requester else None
        )
        department = self.departments.get(department_id or -1)
        return department.name if department else None


async def load_context(session: AsyncSession, tickets: Sequence[Ticket]) -> TicketContext:
    """Load everything needed to describe ``tickets`` in a few queries."""
    context = TicketContext()
    ids = [t.id for t in tickets if t.id is not None]
    machine_ids = {t.machine_id for t in tickets if t.machine_id is not None}
    if machine_ids:
        query = select(Machine).where(col(Machine.id).in_(machine_ids))
        context.machines = {m.id: m for m in (await session.exec(query)).all() if m.id}
    if ids:
        query2 = (
            select(TicketFinding.ticket_id, Finding)
            .join(Finding, col(Finding.id) == col(TicketFinding.finding_id))
            .where(col(TicketFinding.ticket_id).in_(ids))
            .order_by(col(Finding.id))
        )
        for ticket_id, finding in (await session.exec(query2)).all():
            context.findings[ticket_id].append(finding)
    context.people = {p.id: p for p in (await session.exec(select(Person))).all() if p.id}
    context.departments = {d.id: d for d in (await session.exec(select(Department))).all() if d.id}
    return context


def iso(moment: datetime | None) -> str | None:
    """Render a naive UTC time as ISO 8601 with a Z."""
    return None if moment is None else moment.isoformat(timespec="seconds") + "Z"


def ticket_row(ticket: Ticket, context: TicketContext) -> dict[str, Any]:
    """Return the design §4 JSON row of one ticket."""
    return {
        "id": ticket.id,
        "kind": str(ticket.kind),
        "status": str(ticket.status),
        "machine": context.machine_tag(ticket),
        "priority": str(ticket.priority),
        "assignee": context.name(ticket.assignee_id),
        "due": iso(ticket.sla_due_at),
        "findings": [
            {"id": f.id, "kind": str(f.kind), "product": f.product, "status": str(f.status)}
            for f in context.findings.get(ticket.id or -1, [])
        ],
    }


async def query_tickets(
    session: AsyncSession,
    status: TicketStatus | str | None = None,
    machine_asset: str | None = None,
    assignee_id: int | None = None,
    active_only: bool = False,
) -> list[Ticket]:
    """Return tickets by id, filtered by status, machine asset tag and assignee."""
    query = select(Ticket).order_by(col(Ticket.id))
    if status is not None:
        query = query.where(Ticket.status == TicketStatus(status))
    if active_only:
        query = query.where(col(Ticket.status).in_(ACTIVE_STATUSES))
    if machine_asset is not None:
        query = query.join(Machine, col(Machine.id) == col(Ticket.machine_id)).where(
            Machine.asset_tag == machine_asset.strip()
        )
    if assignee_id is not None:
        query = query.where(Ticket.assignee_id == assignee_id)
    return list((await session.exec(query)).all())


async def list_tickets(
    session: AsyncSession,
    status: TicketStatus | str | None = None,
    machine_asset: str | None = None,
    assignee_id: int | None = None,
) -> list[dict[str, Any]]:
    """Return ticket rows {id, kind, status, machine, priority, assignee, due, findings}."""
    tickets = await query_tickets(session, status, machine_asset, assignee_id)
    context = await load_context(session, tickets)
    return [ticket_row(t, context) for t in tickets]


async def tickets_of_person(session: AsyncSession, person_id: int) -> list[Ticket]:
    """Return a staff member's tickets: asked by them, on their machines, or watched by them."""
    owned = select(Machine.id).where(Machine.owner_id == person_id)
    watched = select(TicketWatcher.ticket_id).where(TicketWatcher.person_id == person_id)
    query = (
        select(Ticket)
        .where(
            or_(
                Ticket.requester_id == person_id,
                col(Ticket.machine_id).in_(owned),
                col(Ticket.id).in_(watched),
            )
        )
        .order_by(col(Ticket.id).desc())
    )
    return list((await session.exec(query)).all())


async def ticket_detail(session: AsyncSession, ticket_id: int) -> dict[str, Any]:
    """Return one ticket's row plus title, requester, watchers, dates and events."""
    ticket = await get_ticket(session, ticket_id)
    context = await load_context(session, [ticket])
    history: list[TicketEvent] = await events(session, ticket_id)
    return {
        **ticket_row(ticket, context),
        "title": ticket.title,
        "description": ticket.description,
        "requester": context.name(ticket.requester_id),
        "department": context.department(ticket),
        "watchers": [context.name(p) for p in await watchers(session, ticket_id)],
        "waiting_on_user": ticket.waiting_on_user,
        "opened_at": iso(ticket.opened_at),
        "resolved_at": iso(ticket.resolved_at),
        "verified_at": iso(ticket.verified_at),
        "closed_at": iso(ticket.closed_at),
        "resolution_note": ticket.resolution_note,
        "reject_reason": ticket.reject_reason,
        "events": [
            {
                "at": iso(e.at),
                "kind": str(e.kind),
                "actor": context.name(e.actor_id),
                "from": e.from_status and str(e.from_status),
                "to": e.to_status and str(e.to_status),
                "note": e.note,
                "attachment": e.attachment_name,
            }
            for e in history
        ],
    }
