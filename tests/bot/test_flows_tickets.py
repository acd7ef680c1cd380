"""Ticket chat through the channel-neutral core: technicians work tickets, staff follow theirs."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import select

from bot import access
from bot.database import Database
from bot.flows import ChatCore, Incoming, build_registry
from bot.flows import tickets as ticket_flows
from bot.services import Services
from inventory.ingest import MachineScanResult
from inventory.models import Finding, FindingKind, Machine, Person, Role
from reminders.messages import Message
from reminders.models import Outbox
from tests.conftest import add_person
from tickets.consultation import open_consultation
from tickets.models import Ticket, TicketStatus
from tickets.settings import TicketSettings
from tickets.verification import apply_scan_results

NOW = datetime(2025, 9, 30, 2, 0)  # Tue 30 Sep 2025 10:00 Asia/Shanghai


@pytest.fixture
def tcore(services: Services) -> ChatCore:
    registry = build_registry()
    if "tickets" not in registry.commands:
        ticket_flows.register(registry)
    services.clock = lambda: NOW
    return ChatCore(services, registry)


async def person(db: Database, name: str, role: Role, user: str) -> Person:
    found = await add_person(db, name, role, "财务科")
    async with db.session() as session:
        identity = await access.identity_for(session, "console", user)
        identity.person_id = found.id
    return found


async def send(core: ChatCore, user: str, text: str | None = None, button: str | None = None):
    return await core.handle(Incoming("console", user, text=text, button=button))


def texts(replies: list[Message]) -> str:
    return "\n".join(r.text for r in replies)


def buttons(replies: list[Message]) -> list[str]:
    return [b.data for r in replies for row in r.buttons for b in row]


async def remediation(db: Database, owner: Person) -> int:
    async with db.session() as session:
        machine = Machine(asset_tag="ZC-0001", owner_id=owner.id, in_scope=True)
        session.add(machine)
        await session.flush()
        finding = Finding(
            machine_id=machine.id,
            kind=FindingKind.pirated,
            product_key="kmspico",
            product="KMSpico",
            first_seen=NOW,
            last_seen=NOW,
        )
        session.add(finding)
        await session.flush()
        result = MachineScanResult(machine.id, "ZC-0001", new_findings=[finding])
        [change] = await apply_scan_results(session, [result], NOW, TicketSettings())
        return change.ticket_id


async def ticket(db: Database, ticket_id: int) -> Ticket:
    async with db.session() as session:
        found = await session.get(Ticket, ticket_id)
        assert found is not None
        return found


async def test_technician_accepts_comments_and_resolves(tcore: ChatCore, db: Database) -> None:
    tech = await person(db, "张工", Role.technician, "t1")
    staff = await person(db, "刘会计", Role.staff, "s1")
    tid = await remediation(db, staff)
    listed = await send(tcore, "t1", "/tickets")
    assert "KMSpico" in texts(listed) and r"ZC\-0001" in texts(listed) and "已分派" in texts(listed)
    assert f"tka:{tid}" in buttons(listed) and f"tkr:{tid}" in buttons(listed)
    assert f"tkg:{tid}" not in buttons(listed)  # reassign is for admins
    assert "已接单" in texts(await send(tcore, "t1", button=f"tka:{tid}"))
    assert "评论" in texts(await send(tcore, "t1", button=f"tkc:{tid}"))
    assert "已添加评论" in texts(await send(tcore, "t1", "周三上午上门卸载"))
    assert "处理措施" in texts(await send(tcore, "t1", button=f"tkr:{tid}"))
    done = await send(tcore, "t1", "已卸载 KMSpico，激活正版 Windows")
    assert "待下次扫描复核" in texts(done)
    stored = await ticket(db, tid)
    assert stored.status == TicketStatus.resolved and stored.assignee_id == tech.id
    assert stored.resolution_note == "已卸载 KMSpico，激活正版 Windows"
    mine = texts(await send(tcore, "s1", "/mytickets"))
    assert "KMSpico" in mine and "已处理待复核" in mine
    progress = texts(await send(tcore, "s1", button=f"myt:{tid}"))
    assert "周三上午上门卸载" in progress and "张工" in progress


async def test_filters_and_roles(tcore: ChatCore, db: Database) -> None:
    await person(db, "张工", Role.technician, "t1")
    staff = await person(db, "刘会计", Role.staff, "s1")
    tid = await remediation(db, staff)
    assert "没有工单" not in texts(await send(tcore, "t1", "/tickets open"))
    assert "没有工单" in texts(await send(tcore, "t1", "/tickets overdue"))
    tcore.services.clock = lambda: datetime(2025, 11, 1)
    assert "已超期" in texts(await send(tcore, "t1", "/tickets overdue"))
    assert "用法" in texts(await send(tcore, "t1", "/tickets later"))
    assert "不能使用" in texts(await send(tcore, "s1", "/tickets"))
    assert "不能使用" in texts(await send(tcore, "s1", button=f"tka:{tid}"))
    other = await person(db, "陈出纳", Role.staff, "s2")
    assert other.id
    assert "失效" in texts(await send(tcore, "s2", button=f"myt:{tid}"))
    assert "没有工单" in texts(await send(tcore, "s2", "/mytickets"))


async def test_admin_reassigns(tcore: ChatCore, db: Database) -> None:
    await person(db, "张工", Role.technician, "t1")
    tech_b = await person(db, "李工", Role.technician, "t2")
    await person(db, "王主任", Role.admin, "a1")
    staff = await person(db, "刘会计", Role.staff, "s1")
    tid = await remediation(db, staff)
    listed = await send(tcore, "a1", "/tickets open")
    assert f"tkg:{tid}" in buttons(listed)
    choices = await send(tcore, "a1", button=f"tkg:{tid}")
    assert f"tkt:{tid}:{tech_b.id}" in buttons(choices)
    assert "已改派" in texts(await send(tcore, "a1", button=f"tkt:{tid}:{tech_b.id}"))
    assert (await ticket(db, tid)).assignee_id == tech_b.id
    bad = await send(tcore, "a1", button=f"tkt:{tid}:{staff.id}")
    assert "不是在岗的技术人员" in texts(bad)


async def test_consultation_answer_goes_to_the_asker(tcore: ChatCore, db: Database) -> None:
    await person(db, "张工", Role.technician, "t1")
    asker = await person(db, "刘会计", Role.staff, "s1")
    async with db.session() as session:
        question = await open_consultation(session, asker.id, "WPS 个人版能在单位用吗？", NOW)
    listed = await send(tcore, "t1", "/tickets")
    assert "WPS 个人版" in texts(listed) and f"tkp:{question.id}" in buttons(listed)
    await send(tcore, "t1", button=f"tkp:{question.id}")
    reply = await send(tcore, "t1", "不能，个人版仅限个人非商业使用，请改用单位授权版本。")
    assert "已回复" in texts(reply)
    assert (await ticket(db, question.id)).status == TicketStatus.closed
    async with db.session() as session:
        rows = (await session.exec(select(Outbox).where(Outbox.person_id == asker.id))).all()
    assert len(rows) == 1 and rows[0].channel == "console" and rows[0].address == "s1"
    assert "个人版仅限个人非商业使用" in rows[0].payload["text"]
    assert "WPS" in rows[0].payload["text"]
