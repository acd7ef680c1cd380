from datetime import timedelta

import pytest

from tests.tickets.conftest import NOW
from tickets.assignment import (
    accept,
    assign,
    auto_assign,
    delete_rule,
    list_rules,
    reassign,
    round_robin,
    set_rule,
)
from tickets.lifecycle import TicketError, events, open_ticket
from tickets.models import EventKind, TicketCreate, TicketKind, TicketStatus


async def _ticket(session, settings, machine_id=None, requester_id=None):
    data = TicketCreate(
        kind=TicketKind.remediation, title="t", machine_id=machine_id, requester_id=requester_id
    )
    return await open_ticket(session, data, NOW, settings)


async def test_department_rule_wins(session, office, settings) -> None:
    await set_rule(session, office.finance.id, office.tech_b.id)
    for minutes in range(3):
        ticket = await _ticket(session, settings, office.pc_alice.id)
        chosen = await auto_assign(session, ticket, NOW + timedelta(minutes=minutes))
        assert chosen == office.tech_b.id
        assert ticket.assignee_id == office.tech_b.id and ticket.status == TicketStatus.assigned


async def test_rule_can_be_replaced_and_deleted(session, office, settings) -> None:
    await set_rule(session, office.finance.id, office.tech_a.id)
    await set_rule(session, office.finance.id, office.tech_b.id)
    [rule] = await list_rules(session)
    assert rule.technician_id == office.tech_b.id
    assert await delete_rule(session, office.finance.id)
    assert not await delete_rule(session, office.finance.id)
    with pytest.raises(TicketError, match="technician"):
        await set_rule(session, office.finance.id, office.alice.id)


async def test_round_robin_picks_least_recently_assigned(session, office, settings) -> None:
    picks = []
    for minutes in range(4):
        ticket = await _ticket(session, settings, office.pc_alice.id)
        picks.append(await auto_assign(session, ticket, NOW + timedelta(minutes=minutes)))
    assert picks == [office.tech_a.id, office.tech_b.id, office.tech_a.id, office.tech_b.id]


async def test_round_robin_skips_inactive_and_rule_for_inactive(session, office, settings) -> None:
    await set_rule(session, office.finance.id, office.tech_a.id)
    office.tech_a.active = False
    session.add(office.tech_a)
    await session.flush()
    assert await round_robin(session) == office.tech_b.id
    ticket = await _ticket(session, settings, office.pc_alice.id)
    assert await auto_assign(session, ticket, NOW) == office.tech_b.id


async def test_no_technician_leaves_ticket_open(session, office, settings) -> None:
    for person in (office.tech_a, office.tech_b):
        person.active = False
        session.add(person)
    await session.flush()
    ticket = await _ticket(session, settings, office.pc_alice.id)
    assert await auto_assign(session, ticket, NOW) is None
    assert ticket.status == TicketStatus.open


async def test_requester_department_used_without_machine(session, office, settings) -> None:
    await set_rule(session, office.finance.id, office.tech_b.id)
    ticket = await _ticket(session, settings, requester_id=office.alice.id)
    assert await auto_assign(session, ticket, NOW) == office.tech_b.id


async def test_only_admins_reassign(session, office, settings) -> None:
    ticket = await _ticket(session, settings, office.pc_alice.id)
    await assign(session, ticket, office.tech_a.id, NOW)
    with pytest.raises(TicketError, match="admin"):
        await reassign(session, ticket, office.tech_b.id, office.tech_a.id, NOW)
    await reassign(session, ticket, office.tech_b.id, office.admin.id, NOW)
    assert ticket.assignee_id == office.tech_b.id
    assigned = [e for e in await events(session, ticket.id) if e.kind == EventKind.assigned]
    assert [e.subject_id for e in assigned] == [office.tech_a.id, office.tech_b.id]
    assert assigned[-1].actor_id == office.admin.id
    with pytest.raises(TicketError):
        await assign(session, ticket, office.bob.id, NOW)


async def test_accept_starts_work(session, office, settings) -> None:
    ticket = await _ticket(session, settings, office.pc_alice.id)
    await accept(session, ticket, office.tech_a.id, NOW)
    assert ticket.status == TicketStatus.in_progress and ticket.assignee_id == office.tech_a.id
    with pytest.raises(TicketError, match="someone else"):
        await accept(session, ticket, office.tech_b.id, NOW)
