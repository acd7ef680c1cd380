from zoneinfo import ZoneInfo

from tests.tickets.conftest import NOW
from tickets.lifecycle import comment, events, open_ticket
from tickets.listing import load_context
from tickets.models import TicketCreate, TicketKind
from tickets.render import history_text, local_time, ticket_text

ZONE = ZoneInfo("Asia/Shanghai")


def star(value: object) -> str:
    return f"<{value}>"


async def test_ticket_text_escapes_user_values(session, office, settings) -> None:
    data = TicketCreate(
        kind=TicketKind.consultation,
        title="Office*",
        description="能用吗?",
        requester_id=office.alice.id,
    )
    ticket = await open_ticket(session, data, NOW, settings)
    await comment(session, ticket, office.tech_a.id, "a_b", NOW)
    context = await load_context(session, [ticket])
    text = ticket_text(ticket, context, NOW, ZONE, star)
    assert "<Office*>" in text and "<能用吗?>" in text and "待处理" in text
    assert "2025-10-09 18:00" in text  # consultation: 1 working day after 30 Sep (holiday)
    history = history_text(ticket, await events(session, ticket.id), context, NOW, ZONE, star)
    assert "<张工> 评论：<a_b>" in history and "<系统> 创建" in history
    assert local_time(None, ZONE) == "-"
