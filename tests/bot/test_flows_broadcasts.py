"""Broadcast dialog through the chat core: draft, preview, confirm once, progress, 已读."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import col, select

from bot import access
from bot.database import Database
from bot.flows import ChatCore, Incoming, build_registry
from bot.flows import broadcasts as broadcast_flows
from bot.services import Services
from inventory.models import Role
from reminders.messages import Message
from reminders.models import Broadcast, Outbox, OutboxKind
from tests.conftest import add_person

NOW = datetime(2026, 11, 20, 2, 0)


@pytest.fixture
async def chat(services: Services, db: Database) -> ChatCore:
    """The chat core with the broadcast flows (registered here until the app does)."""
    registry = build_registry()
    if "broadcast" not in registry.commands:
        broadcast_flows.register(registry)
    services.clock = lambda: NOW
    return ChatCore(services, registry)


async def link(core: ChatCore, db: Database, user: str, name: str, role: Role, dept: str) -> int:
    person = await add_person(db, name, role, dept)
    async with db.session() as session:
        code = await access.create_invite(session, person, ttl_hours=1)
    await core.handle(Incoming("console", user, text=f"/start {code}"))
    assert person.id is not None
    return person.id


async def send(
    core: ChatCore, user: str, text: str | None = None, button: str | None = None
) -> list[Message]:
    return await core.handle(Incoming("console", user, text=text, button=button))


def button_data(replies: list[Message]) -> list[str]:
    return [b.data for r in replies for row in r.buttons for b in row]


async def outbox(db: Database) -> list[Outbox]:
    async with db.session() as session:
        return list((await session.exec(select(Outbox).order_by(col(Outbox.id)))).all())


async def test_admin_broadcasts_once_and_follows_progress(chat: ChatCore, db: Database) -> None:
    await link(chat, db, "admin", "张主任", Role.admin, "办公室")
    await link(chat, db, "wang", "王五", Role.staff, "办公室")
    await link(chat, db, "li", "李四", Role.technician, "信息科")

    unknown = await send(chat, "admin", "/broadcast department:财务科")
    assert "没有这个科室" in unknown[0].text
    ask = await send(chat, "admin", "/broadcast department:办公室")
    assert "共 2 人" in ask[0].text
    preview = await send(chat, "admin", "**周五**下午开展正版化检查，请提前自查。")
    assert preview[0].text.startswith("**周五**")
    confirm_data = button_data(preview)[0]
    assert confirm_data.startswith("bcc:")
    broadcast_id = int(confirm_data.split(":")[1])

    queued = await send(chat, "admin", button=confirm_data)
    assert "已排队 2 条" in queued[0].text
    again = await send(chat, "admin", button=confirm_data)
    assert "已排队 0 条" in again[0].text
    rows = await outbox(db)
    assert sorted(r.address for r in rows) == ["admin", "wang"]
    assert {r.kind for r in rows} == {OutboxKind.broadcast}
    assert rows[0].payload["buttons"] == [[["已读 / Read", f"bc:{broadcast_id}:ack"]]]

    read = await send(chat, "wang", button=f"bc:{broadcast_id}:ack")
    assert "已确认收到" in read[0].text
    outsider = await send(chat, "li", button=f"bc:{broadcast_id}:ack")
    assert "已确认收到" not in outsider[0].text
    report = await send(chat, "admin", button=f"bcp:{broadcast_id}")
    assert "待发送 2" in report[0].text and "未读 1 人" in report[0].text
    who = await send(chat, "admin", button=f"bcu:{broadcast_id}")
    assert "张主任" in who[0].text and "王五" not in who[0].text


async def test_staff_cannot_broadcast_and_a_draft_can_be_dropped(
    chat: ChatCore, db: Database
) -> None:
    await link(chat, db, "admin", "张主任", Role.admin, "办公室")
    await link(chat, db, "wang", "王五", Role.staff, "办公室")
    denied = await send(chat, "wang", "/broadcast")
    assert "请发送通知内容" not in denied[0].text
    await send(chat, "admin", "/broadcast")
    preview = await send(chat, "admin", "测试")
    drop = button_data(preview)[1]
    assert drop.startswith("bcx:")
    assert "已取消" in (await send(chat, "admin", button=drop))[0].text
    async with db.session() as session:
        assert (await session.exec(select(Broadcast))).all() == []
    assert await outbox(db) == []
