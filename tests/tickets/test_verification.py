"""The whole remediation path driven by inventory's scan ingest and a fake classifier."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from sqlmodel import select

from inventory.ingest import MachineScanResult, ingest_scans
from inventory.models import Entitlement, Finding
from inventory.records import InstallRecord, MachineScan
from tests.tickets.conftest import NOW
from tickets.assignment import accept
from tickets.lifecycle import events, resolve, watchers
from tickets.models import EventKind, Ticket, TicketPriority, TicketStatus
from tickets.verification import ScanAction, apply_scan_results, ticket_findings


@dataclass(frozen=True)
class Classified:
    product_id: str | None
    product: str | None
    category: str | None
    license_class: str


class FakeClassifier:
    """Knows three programs: a crack tool, a commercial suite and a free archiver."""

    KNOWN: ClassVar[dict[str, Classified]] = {
        "KMSpico": Classified("kmspico", "KMSpico", "tool", "crack_tool"),
        "WinRAR": Classified("winrar", "WinRAR", "compression", "commercial"),
        "7-Zip": Classified("7-zip", "7-Zip", "compression", "free"),
    }

    def classify(self, display_name: str, publisher: str | None = None, version: str | None = None):
        return self.KNOWN[display_name]


async def _scan(session, office, at: datetime, *programs: str) -> list[MachineScanResult]:
    scan = MachineScan(
        client_id="client-0001",
        hostname=office.pc_alice.hostname,
        scanned_at=at,
        installs=[InstallRecord(display_name=name, version="1.0") for name in programs],
    )
    report = await ingest_scans(session, [scan], FakeClassifier(), at, "test")
    return report.machines


async def test_scan_opens_one_ticket_then_verifies_and_closes(session, office, settings) -> None:
    results = await _scan(session, office, NOW, "KMSpico", "WinRAR", "7-Zip")
    changes = await apply_scan_results(session, results, NOW, settings)
    [opened] = changes
    assert opened.action == ScanAction.opened and opened.asset_tag == "ZC-0001"
    assert set(opened.products) == {"KMSpico", "WinRAR"}
    assert opened.watcher_ids == (office.alice.id,)
    assert opened.assignee_id == office.tech_a.id
    ticket = await session.get(Ticket, opened.ticket_id)
    assert ticket.status == TicketStatus.assigned and ticket.priority == TicketPriority.high
    assert ticket.sla_due_at == datetime(2025, 10, 11, 10, 0)  # 3 working days, 18:00 local
    assert await watchers(session, ticket.id) == [office.alice.id]

    later = NOW + timedelta(days=9)
    await accept(session, ticket, office.tech_a.id, later)
    await resolve(session, ticket, office.tech_a.id, "卸载 KMSpico 与 WinRAR，改用 7-Zip", later)

    after = later + timedelta(days=1)
    changes = await apply_scan_results(
        session, await _scan(session, office, after, "7-Zip"), after, settings
    )
    assert [(c.ticket_id, c.action) for c in changes] == [(ticket.id, ScanAction.verified)]
    assert ticket.status == TicketStatus.closed
    assert ticket.verified_at == ticket.closed_at == after
    statuses = [e.to_status for e in await events(session, ticket.id) if e.kind == EventKind.status]
    assert statuses[-3:] == [TicketStatus.resolved, TicketStatus.verified, TicketStatus.closed]


async def test_still_found_reopens_with_the_note(session, office, settings) -> None:
    results = await _scan(session, office, NOW, "WinRAR")
    [opened] = await apply_scan_results(session, results, NOW, settings)
    ticket = await session.get(Ticket, opened.ticket_id)
    assert ticket.priority == TicketPriority.normal
    await resolve(session, ticket, office.tech_a.id, "已卸载", NOW + timedelta(hours=1))

    again = NOW + timedelta(days=1)
    changes = await apply_scan_results(
        session, await _scan(session, office, again, "WinRAR"), again, settings
    )
    assert [(c.action, c.products) for c in changes] == [(ScanAction.reopened, ("WinRAR",))]
    assert ticket.status == TicketStatus.assigned and ticket.assignee_id == office.tech_a.id
    notes = [
        e.note for e in await events(session, ticket.id) if e.to_status == TicketStatus.reopened
    ]
    assert notes and notes[0].startswith("复扫仍发现：WinRAR")


async def test_new_finding_joins_the_open_ticket(session, office, settings) -> None:
    [opened] = await apply_scan_results(
        session, await _scan(session, office, NOW, "WinRAR"), NOW, settings
    )
    later = NOW + timedelta(days=1)
    results = await _scan(session, office, later, "WinRAR", "KMSpico")
    changes = await apply_scan_results(session, results, later, settings)
    assert [(c.ticket_id, c.action, c.products) for c in changes] == [
        (opened.ticket_id, ScanAction.joined, ("KMSpico",))
    ]
    tickets = (await session.exec(select(Ticket))).all()
    assert len(tickets) == 1
    ticket = tickets[0]
    assert {f.product for f in await ticket_findings(session, ticket.id)} == {"WinRAR", "KMSpico"}
    assert ticket.priority == TicketPriority.high  # a pirated finding raised it
    joined = [e for e in await events(session, ticket.id) if e.kind == EventKind.finding_joined]
    assert len(joined) == 2 and "KMSpico" in joined[-1].note
    # The same results applied twice change nothing.
    assert await apply_scan_results(session, results, later, settings) == []


async def test_new_finding_on_a_resolved_ticket_reopens_it(session, office, settings) -> None:
    [opened] = await apply_scan_results(
        session, await _scan(session, office, NOW, "WinRAR"), NOW, settings
    )
    ticket = await session.get(Ticket, opened.ticket_id)
    await resolve(session, ticket, office.tech_a.id, "已卸载", NOW)
    later = NOW + timedelta(days=1)
    changes = await apply_scan_results(
        session, await _scan(session, office, later, "KMSpico"), later, settings
    )
    # WinRAR is gone but KMSpico is new: it joins, and the ticket reopens for it.
    assert [c.action for c in changes] == [ScanAction.joined, ScanAction.reopened]
    assert changes[-1].products == ("KMSpico",)
    assert ticket.status == TicketStatus.assigned


async def test_after_closing_a_new_finding_opens_a_new_ticket(session, office, settings) -> None:
    [first] = await apply_scan_results(
        session, await _scan(session, office, NOW, "WinRAR"), NOW, settings
    )
    day2, day3 = NOW + timedelta(days=1), NOW + timedelta(days=2)
    await apply_scan_results(session, await _scan(session, office, day2), day2, settings)
    [second] = await apply_scan_results(
        session, await _scan(session, office, day3, "WinRAR"), day3, settings
    )
    assert second.action == ScanAction.opened and second.ticket_id != first.ticket_id
    findings = (await session.exec(select(Finding))).all()
    assert len(findings) == 2


async def test_an_entitlement_covering_the_finding_verifies_the_ticket(
    session, office, settings
) -> None:
    [opened] = await apply_scan_results(
        session, await _scan(session, office, NOW, "WinRAR"), NOW, settings
    )
    session.add(Entitlement(product="WinRAR", product_id="winrar", quantity=5))
    await session.flush()
    later = NOW + timedelta(days=3)
    changes = await apply_scan_results(
        session, await _scan(session, office, later, "WinRAR"), later, settings
    )
    assert [(c.ticket_id, c.action) for c in changes] == [(opened.ticket_id, ScanAction.verified)]
    ticket = await session.get(Ticket, opened.ticket_id)
    assert ticket.status == TicketStatus.closed
    notes = [
        e.note for e in await events(session, ticket.id) if e.to_status == TicketStatus.verified
    ]
    assert notes and notes[0].startswith("复扫未再发现：WinRAR")
