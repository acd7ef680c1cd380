import pytest

from tests.tickets.conftest import NOW
from tickets.consultation import answer_consultation, open_consultation
from tickets.lifecycle import TicketError, events
from tickets.models import EventKind, TicketKind, TicketStatus


async def test_consultation_is_asked_assigned_and_answered(session, office, settings) -> None:
    question = "单位买的 Office 2019 能装在家里的电脑上吗？" * 3
    ticket = await open_consultation(session, office.alice.id, question, NOW, settings)
    assert ticket.kind == TicketKind.consultation and ticket.requester_id == office.alice.id
    assert ticket.description == question and len(ticket.title) <= 60
    assert ticket.assignee_id == office.tech_a.id and ticket.status == TicketStatus.assigned
    assert ticket.sla_due_at == NOW.replace(month=10, day=9, hour=10)  # 1 working day
    answered = await answer_consultation(
        session, ticket.id, office.tech_b.id, "不能，批量授权仅限单位设备。", NOW
    )
    assert answered.status == TicketStatus.closed
    assert answered.assignee_id == office.tech_b.id
    answer = [e for e in await events(session, ticket.id) if e.kind == EventKind.answer]
    assert (
        answer[0].note == "不能，批量授权仅限单位设备。" and answer[0].actor_id == office.tech_b.id
    )
    with pytest.raises(TicketError):
        await answer_consultation(session, ticket.id, office.tech_b.id, "again", NOW)


async def test_consultation_rejects_empty_input(session, office, settings) -> None:
    with pytest.raises(TicketError):
        await open_consultation(session, office.alice.id, "  ", NOW, settings)
    ticket = await open_consultation(session, office.alice.id, "WPS 个人版能用吗", NOW, settings)
    with pytest.raises(TicketError):
        await answer_consultation(session, ticket.id, office.tech_a.id, " ", NOW)
