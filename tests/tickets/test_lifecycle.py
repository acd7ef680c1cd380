from datetime import timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from tests.tickets.conftest import NOW, Office
from tickets.lifecycle import (
    TRANSITIONS,
    TicketError,
    attach,
    comment,
    events,
    get_ticket,
    open_ticket,
    reject,
    resolve,
    set_waiting_on_user,
    transition,
)
from tickets.models import EventKind, TicketCreate, TicketKind, TicketPriority, TicketStatus
from tickets.settings import TicketSettings
from tickets.sla import is_overdue, overdue

S = TicketStatus


async def _ticket(session: AsyncSession, office: Office, settings: TicketSettings, **kw: object):
    data = TicketCreate(
        kind=TicketKind.remediation, title="卸载破解版 WinRAR", machine_id=office.pc_alice.id, **kw
    )
    return await open_ticket(session, data, NOW, settings, actor_id=office.admin.id)


async def test_open_sets_sla_and_records_creation(session, office, settings) -> None:
    ticket = await _ticket(session, office, settings, priority=TicketPriority.high)
    assert ticket.status == S.open
    # Tue 30 Sep 2025 + 3 working days -> Sat 11 Oct 18:00 Shanghai (10:00 UTC).
    assert ticket.sla_due_at == NOW.replace(month=10, day=11, hour=10)
    [created] = await events(session, ticket.id)
    assert created.kind == EventKind.created and created.actor_id == office.admin.id


async def test_legal_path_records_every_change(session, office, settings) -> None:
    ticket = await _ticket(session, office, settings)
    later = NOW + timedelta(hours=1)
    await transition(session, ticket, S.assigned, later, office.admin.id)
    await transition(session, ticket, S.in_progress, later, office.tech_a.id)
    await resolve(session, ticket, office.tech_a.id, "已卸载，改装 7-Zip", later)
    await transition(session, ticket, S.verified, later)
    await transition(session, ticket, S.closed, later)
    assert ticket.resolution_note == "已卸载，改装 7-Zip"
    assert ticket.resolved_at == ticket.verified_at == ticket.closed_at == later
    changes = [(e.from_status, e.to_status) for e in await events(session, ticket.id)][1:]
    assert changes == [
        (S.open, S.assigned),
        (S.assigned, S.in_progress),
        (S.in_progress, S.resolved),
        (S.resolved, S.verified),
        (S.verified, S.closed),
    ]


@pytest.mark.parametrize(
    ("path", "bad"),
    [
        ([], S.verified),
        ([], S.closed),
        ([S.assigned], S.open),
        ([S.in_progress], S.assigned),
        ([S.resolved, S.verified, S.closed], S.reopened),
        ([S.rejected], S.in_progress),
    ],
)
async def test_illegal_transitions_raise(session, office, settings, path, bad) -> None:
    ticket = await _ticket(session, office, settings)
    for status in path:
        if status == S.rejected:
            await reject(session, ticket, office.tech_a.id, "误报", NOW)
        else:
            await transition(session, ticket, status, NOW)
    with pytest.raises(TicketError) as caught:
        await transition(session, ticket, bad, NOW)
    assert "不能从" in str(caught.value) and "cannot go from" in str(caught.value)


def test_transition_table_is_complete() -> None:
    assert set(TRANSITIONS) == set(S)
    assert TRANSITIONS[S.closed] == frozenset()


async def test_remediation_needs_verification_but_other_kinds_close(session, office, settings):
    ticket = await _ticket(session, office, settings)
    await resolve(session, ticket, office.tech_a.id, "done", NOW)
    with pytest.raises(TicketError, match="复扫"):
        await transition(session, ticket, S.closed, NOW)
    other = await open_ticket(
        session, TicketCreate(kind=TicketKind.other, title="x"), NOW, settings
    )
    await resolve(session, other, office.tech_a.id, "done", NOW)
    await transition(session, other, S.closed, NOW)
    assert other.status == S.closed


async def test_resolve_and_reject_need_text(session, office, settings) -> None:
    ticket = await _ticket(session, office, settings)
    with pytest.raises(TicketError, match="处理说明"):
        await resolve(session, ticket, office.tech_a.id, "  ", NOW)
    with pytest.raises(TicketError, match="reason"):
        await reject(session, ticket, office.tech_a.id, "", NOW)
    await reject(session, ticket, office.tech_a.id, "误报：已有授权", NOW)
    assert ticket.status == S.rejected and ticket.reject_reason == "误报：已有授权"


async def test_comments_and_attachments_are_events(session, office, settings) -> None:
    ticket = await _ticket(session, office, settings)
    await comment(session, ticket, office.alice.id, "明天上午在办公室", NOW)
    await attach(session, ticket, office.tech_a.id, "uninstall.png", NOW, "截图")
    kinds = [(e.kind, e.actor_id) for e in await events(session, ticket.id)]
    assert (EventKind.comment, office.alice.id) in kinds
    assert (EventKind.attachment, office.tech_a.id) in kinds
    with pytest.raises(TicketError):
        await comment(session, ticket, office.alice.id, "", NOW)


async def test_waiting_on_user_pauses_the_clock(session, office, settings) -> None:
    ticket = await _ticket(session, office, settings, priority=TicketPriority.high)
    due = ticket.sla_due_at
    assert due is not None
    pause_at = NOW.replace(month=10, day=9, hour=2)  # Thu 9 Oct 10:00 local
    await set_waiting_on_user(session, ticket, True, pause_at, settings, office.tech_a.id)
    assert not is_overdue(ticket, due + timedelta(days=30))
    assert await overdue(session, due + timedelta(days=30)) == []
    resume_at = pause_at + timedelta(hours=3)
    await set_waiting_on_user(session, ticket, False, resume_at, settings, office.tech_a.id)
    # 3 office hours paused: Sat 11 Oct 18:00 -> Mon 13 Oct 12:00 local (04:00 UTC).
    assert ticket.sla_due_at == NOW.replace(month=10, day=13, hour=4)
    assert not is_overdue(ticket, due + timedelta(hours=1))
    assert is_overdue(ticket, ticket.sla_due_at + timedelta(seconds=1))
    assert [t.id for t in await overdue(session, ticket.sla_due_at + timedelta(seconds=1))] == [
        ticket.id
    ]


async def test_get_missing_ticket(session) -> None:
    with pytest.raises(TicketError, match="#404"):
        await get_ticket(session, 404)
