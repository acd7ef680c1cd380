"""Scan results drive remediation tickets: open or join, verify and close, or reopen.

One active remediation ticket per machine collects every open finding of that machine that no
ticket covers yet. When a scan shows none of a ticket's findings any more (uninstalled, or an
entitlement now covers them) the ticket is verified and closed; when a resolved ticket's
findings are still open it is reopened with the note "复扫仍发现：<product>".
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.findings import FindingInfo
from inventory.ingest import MachineScanResult
from inventory.models import Finding, FindingKind, FindingStatus, Machine, Person
from tickets.assignment import assign, auto_assign
from tickets.lifecycle import add_watcher, open_ticket, record, transition, watchers
from tickets.models import (
    ACTIVE_STATUSES,
    PRIORITY_RANK,
    EventKind,
    Ticket,
    TicketCreate,
    TicketFinding,
    TicketKind,
    TicketPriority,
    TicketStatus,
)
from tickets.settings import TicketSettings
from tickets.sla import recompute_due

AnyFinding = Finding | FindingInfo


class ScanAction(enum.StrEnum):
    """What a scan did to a ticket."""

    opened = "opened"
    joined = "joined"
    verified = "verified"
    reopened = "reopened"


@dataclass(frozen=True, slots=True)
class TicketChange:
    """One thing a scan did to one ticket, with whom to tell."""

    ticket_id: int
    machine_id: int
    asset_tag: str
    action: ScanAction
    products: tuple[str, ...]
    assignee_id: int | None
    watcher_ids: tuple[int, ...]


def _products(findings: Sequence[AnyFinding]) -> tuple[str, ...]:
    """Return the distinct product names of findings, in order."""
    return tuple(dict.fromkeys(f.product for f in findings))


def _priority(findings: Sequence[AnyFinding]) -> TicketPriority:
    """Pirated software makes a ticket high priority; anything else is normal."""
    pirated = any(f.kind == FindingKind.pirated for f in findings)
    return TicketPriority.high if pirated else TicketPriority.normal


async def active_remediation(session: AsyncSession, machine_id: int) -> Ticket | None:
    """Return the machine's active remediation ticket, if any."""
    query = (
        select(Ticket)
        .where(Ticket.machine_id == machine_id, Ticket.kind == TicketKind.remediation)
        .where(col(Ticket.status).in_(ACTIVE_STATUSES))
        .order_by(col(Ticket.id).desc())
    )
    return (await session.exec(query)).first()


async def ticket_findings(session: AsyncSession, ticket_id: int) -> list[Finding]:
    """Return the findings a ticket covers, freshly loaded."""
    query = (
        select(Finding)
        .join(TicketFinding, col(TicketFinding.finding_id) == col(Finding.id))
        .where(TicketFinding.ticket_id == ticket_id)
        .order_by(col(Finding.id))
        .execution_options(populate_existing=True)
    )
    return list((await session.exec(query)).all())


async def _untracked(session: AsyncSession, result: MachineScanResult) -> list[FindingInfo]:
    """Return the result's open findings that no ticket covers yet."""
    candidates = {f.id: f for f in [*result.new_findings, *result.open_findings] if f.id}
    if not candidates:
        return []
    query = select(TicketFinding.finding_id).where(
        col(TicketFinding.finding_id).in_(list(candidates))
    )
    tracked = set((await session.exec(query)).all())
    return [f for fid, f in sorted(candidates.items()) if fid not in tracked]


async def _open_for(
    session: AsyncSession,
    machine: Machine,
    findings: list[FindingInfo],
    now: datetime,
    settings: TicketSettings,
) -> Ticket:
    """Open a remediation ticket for a machine's findings, watched by its owner."""
    products = "、".join(_products(findings))
    data = TicketCreate(
        kind=TicketKind.remediation,
        title=f"整改 {machine.asset_tag}：{products}"[:200],
        machine_id=machine.id,
        priority=_priority(findings),
    )
    ticket = await open_ticket(session, data, now, settings)
    if machine.owner_id is not None:
        await add_watcher(session, ticket, machine.owner_id, now)
    return ticket


async def _join(
    session: AsyncSession,
    ticket: Ticket,
    findings: list[FindingInfo],
    now: datetime,
    settings: TicketSettings,
) -> None:
    """Link findings to a ticket with one event each, raising its priority when needed."""
    assert ticket.id is not None
    for finding in findings:
        assert finding.id is not None
        session.add(TicketFinding(ticket_id=ticket.id, finding_id=finding.id, joined_at=now))
        await record(
            session,
            ticket,
            EventKind.finding_joined,
            now,
            subject_id=finding.id,
            note=f"新发现加入：{finding.product} / new finding joined: {finding.kind}",
        )
    wanted = _priority(findings)
    if PRIORITY_RANK[wanted] > PRIORITY_RANK[TicketPriority(ticket.priority)]:
        note = f"{ticket.priority} -> {wanted}"
        ticket.priority = wanted
        await record(session, ticket, EventKind.priority, now, note=note)
        await recompute_due(session, ticket, settings, now)


async def _give_back(session: AsyncSession, ticket: Ticket, now: datetime) -> None:
    """Assign a reopened ticket to its technician again, else by rule or round-robin."""
    if ticket.assignee_id is not None:
        person = await session.get(Person, ticket.assignee_id)
        if person is not None and person.active:
            await assign(session, ticket, ticket.assignee_id, now)
            return
    await auto_assign(session, ticket, now)


async def _settle(
    session: AsyncSession, ticket: Ticket, now: datetime
) -> tuple[ScanAction, tuple[str, ...]] | None:
    """Verify and close a ticket whose findings are gone, or reopen a resolved one still failing."""
    assert ticket.id is not None
    findings = await ticket_findings(session, ticket.id)
    still = [f for f in findings if f.status == FindingStatus.open]
    if findings and not still:
        products = _products(findings)
        note = f"复扫未再发现：{'、'.join(products)} / the scan no longer shows the findings"
        if ticket.status != TicketStatus.resolved:
            await transition(session, ticket, TicketStatus.resolved, now, note=note)
        await transition(session, ticket, TicketStatus.verified, now, note=note)
        await transition(session, ticket, TicketStatus.closed, now)
        return ScanAction.verified, products
    if still and ticket.status == TicketStatus.resolved:
        products = _products(still)
        note = f"复扫仍发现：{'、'.join(products)} / the scan still shows them"
        await transition(session, ticket, TicketStatus.reopened, now, note=note)
        await _give_back(session, ticket, now)
        return ScanAction.reopened, products
    return None


async def _apply_one(
    session: AsyncSession, result: MachineScanResult, now: datetime, settings: TicketSettings
) -> list[tuple[Ticket, ScanAction, tuple[str, ...]]]:
    """Apply one machine's scan result to its remediation ticket."""
    done: list[tuple[Ticket, ScanAction, tuple[str, ...]]] = []
    ticket = await active_remediation(session, result.machine_id)
    fresh = await _untracked(session, result)
    if fresh:
        machine = await session.get(Machine, result.machine_id)
        assert machine is not None
        action = ScanAction.joined
        if ticket is None:
            ticket, action = (
                await _open_for(session, machine, fresh, now, settings),
                ScanAction.opened,
            )
        await _join(session, ticket, fresh, now, settings)
        if action == ScanAction.opened:
            await auto_assign(session, ticket, now)
        elif machine.owner_id is not None:
            await add_watcher(session, ticket, machine.owner_id, now)
        done.append((ticket, action, _products(fresh)))
    if ticket is not None:
        settled = await _settle(session, ticket, now)
        if settled is not None:
            done.append((ticket, *settled))
    return done


async def apply_scan_results(
    session: AsyncSession,
    results: Sequence[MachineScanResult],
    now: datetime,
    settings: TicketSettings,
) -> list[TicketChange]:
    """Open, join, verify or reopen remediation tickets from scan results; return what changed."""
    changes: list[TicketChange] = []
    for result in results:
        for ticket, action, products in await _apply_one(session, result, now, settings):
            assert ticket.id is not None
            people = tuple(await watchers(session, ticket.id))
            changes.append(
                TicketChange(
                    ticket.id,
                    result.machine_id,
                    result.asset_tag,
                    action,
                    products,
                    ticket.assignee_id,
                    people,
                )
            )
    return changes
