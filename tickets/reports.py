"""Ticket figures (open, overdue, closed, time to remediate, per department) and the 整改台账."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from tickets.lifecycle import STATUS_ZH
from tickets.listing import FINDING_ZH, TicketContext, load_context
from tickets.models import ACTIVE_STATUSES, WORKING_STATUSES, Ticket, TicketKind, TicketStatus
from tickets.settings import TicketSettings
from tickets.sla import is_overdue

LEDGER_HEADERS = (
    "序号", "资产编号", "科室", "使用人", "问题", "发现时间",
    "整改期限", "处理人", "状态", "整改措施", "完成时间", "复核结果",
)  # fmt: skip
LEDGER_WIDTHS = (6, 14, 14, 10, 40, 18, 18, 10, 12, 36, 18, 24)
NO_DEPARTMENT = "未分科室"


@dataclass(slots=True)
class Tally:
    """Counts and remediation durations of a group of tickets."""

    open: int = 0
    overdue: int = 0
    closed: int = 0
    durations: list[float] = field(default_factory=list)

    def add(self, ticket: Ticket, now: datetime) -> None:
        """Count one ticket."""
        if ticket.status in ACTIVE_STATUSES:
            self.open += 1
        if is_overdue(ticket, now):
            self.overdue += 1
        if ticket.status == TicketStatus.closed:
            self.closed += 1
        if ticket.kind == TicketKind.remediation and ticket.verified_at is not None:
            seconds = (ticket.verified_at - ticket.opened_at).total_seconds()
            self.durations.append(seconds / 86400)

    def to_json(self) -> dict[str, Any]:
        """Render counts and the mean days from opening to verification (None without any)."""
        mean = sum(self.durations) / len(self.durations) if self.durations else None
        return {
            "open": self.open,
            "overdue": self.overdue,
            "closed": self.closed,
            "mean_days_to_remediate": None if mean is None else round(mean, 2),
        }


async def ticket_report(session: AsyncSession, now: datetime) -> dict[str, Any]:
    """Return {open, overdue, closed, mean_days_to_remediate, departments: [{name, ...}]}."""
    tickets = list((await session.exec(select(Ticket).order_by(col(Ticket.id)))).all())
    context = await load_context(session, tickets)
    total = Tally()
    groups: dict[str, Tally] = defaultdict(Tally)
    for ticket in tickets:
        total.add(ticket, now)
        groups[context.department(ticket) or NO_DEPARTMENT].add(ticket, now)
    departments = [{"name": name, **groups[name].to_json()} for name in sorted(groups)]
    return {**total.to_json(), "departments": departments}


def _local(moment: datetime | None, zone: ZoneInfo) -> str:
    """Render a naive UTC time in local time, minutes precision ('' when missing)."""
    if moment is None:
        return ""
    return moment.replace(tzinfo=UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _review(ticket: Ticket) -> str:
    """Return the 复核结果 column: what the verifying scan said."""
    if ticket.verified_at is not None:
        return "复扫通过 / verified by scan"
    was_resolved = ticket.resolution_note is not None and ticket.resolved_at is None
    if ticket.status in WORKING_STATUSES and was_resolved:
        return "复扫仍发现，已重开 / reopened"
    if ticket.status == TicketStatus.resolved:
        return "待复扫 / awaiting scan"
    if ticket.status == TicketStatus.rejected:
        return f"驳回：{ticket.reject_reason or ''}"
    return ""


def ledger_row(index: int, ticket: Ticket, context: TicketContext, zone: ZoneInfo) -> list[Any]:
    """Return one row of the remediation ledger."""
    findings = context.findings.get(ticket.id or -1, [])
    machine = context.machines.get(ticket.machine_id or -1)
    problems = "；".join(
        f"{FINDING_ZH.get(str(f.kind), str(f.kind))}：{f.product}" for f in findings
    )
    found = min((f.first_seen for f in findings), default=ticket.opened_at)
    return [
        index,
        context.machine_tag(ticket) or "",
        context.department(ticket) or "",
        context.name(machine.owner_id if machine else None) or "",
        problems or ticket.title,
        _local(found, zone),
        _local(ticket.sla_due_at, zone),
        context.name(ticket.assignee_id) or "",
        STATUS_ZH[TicketStatus(ticket.status)],
        ticket.resolution_note or "",
        _local(ticket.verified_at or ticket.closed_at, zone),
        _review(ticket),
    ]


async def write_ticket_ledger_xlsx(
    session: AsyncSession, path: Path | str, settings: TicketSettings | None = None
) -> int:
    """Write the remediation ledger (整改台账) of every remediation ticket; return the row count."""
    zone = ZoneInfo((settings or TicketSettings()).timezone)
    query = select(Ticket).where(Ticket.kind == TicketKind.remediation).order_by(col(Ticket.id))
    tickets = list((await session.exec(query)).all())
    context = await load_context(session, tickets)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "整改台账"
    sheet.append(list(LEDGER_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for index, ticket in enumerate(tickets, start=1):
        sheet.append(ledger_row(index, ticket, context, zone))
    for column, width in zip("ABCDEFGHIJKL", LEDGER_WIDTHS, strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    book.save(str(path))
    return len(tickets)
