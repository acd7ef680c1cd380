"""Tables owned by the tickets package: tickets, their findings, watchers, events and pauses."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlmodel import Field, SQLModel

from inventory.models import utcnow


class TicketKind(enum.StrEnum):
    """What a ticket is about."""

    remediation = "remediation"
    consultation = "consultation"
    deployment = "deployment"
    other = "other"


class TicketStatus(enum.StrEnum):
    """Where a ticket is in its lifecycle (see ``tickets.lifecycle.TRANSITIONS``)."""

    open = "open"
    assigned = "assigned"
    in_progress = "in_progress"
    resolved = "resolved"
    verified = "verified"
    closed = "closed"
    reopened = "reopened"
    rejected = "rejected"


class TicketPriority(enum.StrEnum):
    """How urgent a ticket is; pirated findings make a remediation ticket high."""

    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


PRIORITY_RANK = {
    TicketPriority.low: 0,
    TicketPriority.normal: 1,
    TicketPriority.high: 2,
    TicketPriority.urgent: 3,
}
ACTIVE_STATUSES = (
    TicketStatus.open,
    TicketStatus.assigned,
    TicketStatus.in_progress,
    TicketStatus.resolved,
    TicketStatus.reopened,
)
WORKING_STATUSES = (
    TicketStatus.open,
    TicketStatus.assigned,
    TicketStatus.in_progress,
    TicketStatus.reopened,
)


class EventKind(enum.StrEnum):
    """What a ticket event records."""

    created = "created"
    status = "status"
    assigned = "assigned"
    comment = "comment"
    answer = "answer"
    attachment = "attachment"
    finding_joined = "finding_joined"
    priority = "priority"
    paused = "paused"
    resumed = "resumed"
    watcher = "watcher"


class TicketBase(SQLModel):
    """Fields shared by every ticket schema."""

    kind: TicketKind = Field(default=TicketKind.remediation, index=True)
    title: str = Field(max_length=200)
    description: str | None = Field(default=None, max_length=4000)
    machine_id: int | None = Field(default=None, foreign_key="machine.id", index=True)
    priority: TicketPriority = Field(default=TicketPriority.normal)
    requester_id: int | None = Field(default=None, foreign_key="person.id", index=True)


class TicketCreate(TicketBase):
    """Input for opening a ticket."""


class Ticket(TicketBase, table=True):
    """A remediation, consultation, deployment or other ticket with its SLA clock."""

    id: int | None = Field(default=None, primary_key=True)
    status: TicketStatus = Field(default=TicketStatus.open, index=True)
    assignee_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    opened_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    sla_due_at: datetime | None = Field(default=None, index=True)
    waiting_on_user: bool = Field(default=False)
    resolved_at: datetime | None = None
    verified_at: datetime | None = None
    closed_at: datetime | None = None
    resolution_note: str | None = Field(default=None, max_length=4000)
    reject_reason: str | None = Field(default=None, max_length=1000)


class TicketFinding(SQLModel, table=True):
    """A finding covered by a ticket (one open remediation ticket per machine collects them)."""

    ticket_id: int = Field(foreign_key="ticket.id", primary_key=True)
    finding_id: int = Field(foreign_key="finding.id", primary_key=True, index=True)
    joined_at: datetime = Field(default_factory=utcnow)


class TicketWatcher(SQLModel, table=True):
    """A person kept informed about a ticket (the machine's owner)."""

    ticket_id: int = Field(foreign_key="ticket.id", primary_key=True)
    person_id: int = Field(foreign_key="person.id", primary_key=True, index=True)


class TicketEvent(SQLModel, table=True):
    """One change, comment or attachment on a ticket, by a person (None: the system)."""

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, foreign_key="person.id")
    kind: EventKind = Field(index=True)
    from_status: TicketStatus | None = None
    to_status: TicketStatus | None = None
    subject_id: int | None = Field(default=None, index=True)
    note: str | None = Field(default=None, max_length=4000)
    attachment_name: str | None = Field(default=None, max_length=255)


class TicketPause(SQLModel, table=True):
    """An interval in which the ticket waited on the user and its SLA clock stood still."""

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(foreign_key="ticket.id", index=True)
    started_at: datetime
    ended_at: datetime | None = None


class AssignmentRuleBase(SQLModel):
    """Fields shared by every assignment-rule schema."""

    department_id: int = Field(foreign_key="department.id", unique=True)
    technician_id: int = Field(foreign_key="person.id", index=True)


class AssignmentRuleCreate(AssignmentRuleBase):
    """Input for an admin's department -> technician rule."""


class AssignmentRule(AssignmentRuleBase, table=True):
    """Tickets about a department's machines go to this technician."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
