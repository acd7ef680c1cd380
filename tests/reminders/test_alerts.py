"""Alerts through the outbox: piracy, digest, escalation, expiry, stale scans, inspection rounds."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

import tickets.models
from inventory.ingest import MachineScanResult
from inventory.models import (
    CheckClient,
    Entitlement,
    Finding,
    FindingKind,
    LicenseType,
    Machine,
    Person,
)
from reminders.alert_jobs import job_source, job_specs
from reminders.alert_settings import AlertSettings
from reminders.alerts import digest_job, escalation_job, piracy_alerts
from reminders.checks import expiry_job, inspection_job, period_of, stale_scan_job
from reminders.models import Outbox, OutboxKind
from reminders.quiet import set_mute_digest
from reminders.scheduler import ReminderScheduler
from tests.reminders.fakes import FakeAddressBook
from tickets.calendar import WorkCalendar
from tickets.models import Ticket
from tickets.settings import TicketSettings
from tickets.verification import TicketChange, apply_scan_results

_ = tickets.models
SCAN_TIME = datetime(2026, 3, 2, 2, 0)  # Monday 10:00 Beijing
CAL = WorkCalendar()


def at_nine(day: date) -> datetime:
    """09:00 Beijing time on ``day`` as naive UTC."""
    return datetime(day.year, day.month, day.day, 1, 0)


async def outbox(session: AsyncSession) -> list[Outbox]:
    query = select(Outbox).order_by(col(Outbox.id)).execution_options(populate_existing=True)
    return list((await session.exec(query)).all())


async def scan(
    session: AsyncSession, owner: Person, tag: str, kind: FindingKind, product: str
) -> list[TicketChange]:
    """A scan finding ``product`` on a new machine of ``owner`` -> remediation ticket changes."""
    machine = Machine(asset_tag=tag, owner_id=owner.id, department_id=owner.department_id)
    session.add(machine)
    await session.flush()
    finding = Finding(
        machine_id=machine.id or 0,
        kind=kind,
        product_key=product.lower(),
        product=product,
        first_seen=SCAN_TIME,
        last_seen=SCAN_TIME,
    )
    session.add(finding)
    await session.flush()
    result = MachineScanResult(machine.id or 0, tag, new_findings=[finding])  # type: ignore[list-item]
    return await apply_scan_results(session, [result], SCAN_TIME, TicketSettings())


def address(book: FakeAddressBook, person: Person) -> str:
    return book.book[person.id or 0][0][1]


async def test_pirated_finding_alerts_technician_urgently_and_owner_once(
    session: AsyncSession, people: dict[str, Person], address_book: FakeAddressBook
) -> None:
    changes = await scan(session, people["王五"], "ZC-0001", FindingKind.pirated, "KMSpico")
    assert changes[0].assignee_id == people["李四"].id
    queued = await piracy_alerts(session, changes, address_book, SCAN_TIME, article_id="remedy-sop")
    assert queued == 2
    assert await piracy_alerts(session, changes, address_book, SCAN_TIME) == 0
    await session.commit()
    tech, owner = await outbox(session)
    ticket_id = changes[0].ticket_id
    assert tech.address == address(address_book, people["李四"]) and tech.urgent
    assert tech.kind == OutboxKind.alert
    assert "盗版软件告警" in tech.payload["text"] and "KMSpico" in tech.payload["text"]
    assert "ZC\\-0001" in tech.payload["text"] and "办公室/王五" in tech.payload["text"]
    assert f"工单 \\#{ticket_id}" in tech.payload["text"]
    assert "整改期限 2026-03-05 18:00" in tech.payload["text"]
    assert ["查看工单 / view", f"myt:{ticket_id}"] in tech.payload["buttons"][0]
    assert owner.address == address(address_book, people["王五"]) and not owner.urgent
    assert "停止使用" in owner.payload["text"]
    assert owner.payload["buttons"] == [[["怎么整改 / what to do", "kba:remedy-sop"]]]


async def test_unlicensed_finding_raises_no_piracy_alert(
    session: AsyncSession, people: dict[str, Person], address_book: FakeAddressBook
) -> None:
    changes = await scan(session, people["王五"], "ZC-0002", FindingKind.unlicensed, "WinRAR")
    assert await piracy_alerts(session, changes, address_book, SCAN_TIME) == 0


async def test_pirated_finding_without_technician_goes_to_admins(
    session: AsyncSession, people: dict[str, Person], address_book: FakeAddressBook
) -> None:
    changes = await scan(session, people["王五"], "ZC-0003", FindingKind.pirated, "KMSAuto")
    change = changes[0]
    lonely = TicketChange(
        change.ticket_id,
        change.machine_id,
        change.asset_tag,
        change.action,
        change.products,
        None,
        change.watcher_ids,
    )
    assert await piracy_alerts(session, [lonely], address_book, SCAN_TIME) == 2
    await session.commit()
    rows = await outbox(session)
    assert rows[0].person_id == people["张三"].id and rows[0].urgent


async def test_digest_only_on_working_days_and_not_for_muted(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    people: dict[str, Person],
    address_book: FakeAddressBook,
) -> None:
    await scan(session, people["王五"], "ZC-0001", FindingKind.pirated, "KMSpico")
    await session.commit()
    run = lambda day: digest_job(sessionmaker, address_book, at_nine(day), calendar=CAL)  # noqa: E731
    assert await run(date(2026, 10, 1)) == 0  # National Day holiday (Thursday)
    assert await run(date(2026, 3, 7)) == 0  # an ordinary Saturday
    assert await run(date(2026, 3, 9)) == 1  # Monday: overdue by then
    assert await run(date(2026, 3, 9)) == 0  # never twice a day
    assert await run(date(2026, 2, 28)) == 1  # 调休: a working Saturday
    rows = await outbox(session)
    assert {r.kind for r in rows} == {OutboxKind.digest}
    assert rows[0].person_id == people["李四"].id
    assert "超期 1 张" in rows[0].payload["text"] and "ZC\\-0001" in rows[0].payload["text"]
    assert "未结 1 张，超期 0 张" in rows[1].payload["text"]
    await set_mute_digest(session, people["李四"].id or 0, True)
    await session.commit()
    assert await run(date(2026, 3, 10)) == 0


async def test_escalation_once_per_overdue_ticket(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    people: dict[str, Person],
    address_book: FakeAddressBook,
) -> None:
    [change] = await scan(session, people["王五"], "ZC-0001", FindingKind.pirated, "KMSpico")
    await session.commit()
    ticket = await session.get(Ticket, change.ticket_id)
    assert ticket is not None and ticket.sla_due_at is not None
    before = ticket.sla_due_at - timedelta(minutes=1)
    assert await escalation_job(sessionmaker, address_book, before) == 0
    after = ticket.sla_due_at + timedelta(minutes=1)
    assert await escalation_job(sessionmaker, address_book, after) == 1
    assert await escalation_job(sessionmaker, address_book, after + timedelta(days=2)) == 0
    [row] = await outbox(session)
    assert row.person_id == people["张三"].id and "工单超期" in row.payload["text"]
    assert "李四" in row.payload["text"]


async def test_license_expiry_at_30_and_7_days_once_each(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    people: dict[str, Person],
    address_book: FakeAddressBook,
) -> None:
    expires = date(2026, 4, 30)
    session.add(
        Entitlement(
            product="WPS Office 2019 专业版",
            license_type=LicenseType.subscription,
            quantity=40,
            expires_on=expires,
        )
    )
    session.add(Entitlement(product="Far away", expires_on=date(2027, 1, 1)))
    await session.commit()
    run = lambda day: expiry_job(sessionmaker, address_book, at_nine(day), calendar=CAL)  # noqa: E731
    assert await run(expires - timedelta(days=31)) == 0  # 30 March: 31 days left
    assert await run(expires - timedelta(days=30)) == 1  # 31 March
    assert await run(expires - timedelta(days=29)) == 0
    assert await run(expires - timedelta(days=7)) == 1  # 23 April
    assert await run(expires - timedelta(days=6)) == 0
    assert await run(expires + timedelta(days=1)) == 0
    first, second = await outbox(session)
    assert "剩余 30 天" in first.payload["text"] and "剩余 7 天" in second.payload["text"]
    assert first.person_id == people["张三"].id


async def test_expiry_first_seen_late_sends_only_the_nearest_threshold(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    people: dict[str, Person],
    address_book: FakeAddressBook,
) -> None:
    session.add(Entitlement(product="Acrobat", expires_on=date(2026, 3, 7)))
    await session.commit()
    now = at_nine(date(2026, 3, 2))
    assert await expiry_job(sessionmaker, address_book, now, calendar=CAL) == 1
    assert await expiry_job(sessionmaker, address_book, now + timedelta(days=1), calendar=CAL) == 0


async def test_stale_scans_reach_technicians_once_per_silence(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    people: dict[str, Person],
    address_book: FakeAddressBook,
) -> None:
    now = at_nine(date(2026, 3, 16))
    silent = Machine(asset_tag="ZC-0100", department_id=people["王五"].department_id)
    fresh = Machine(asset_tag="ZC-0101")
    session.add_all([silent, fresh])
    await session.flush()
    session.add_all(
        [
            CheckClient(
                client_id="c1", machine_id=silent.id, last_seen_at=now - timedelta(days=20)
            ),
            CheckClient(client_id="c2", machine_id=fresh.id, last_seen_at=now - timedelta(days=1)),
            CheckClient(client_id="c3", machine_id=None, last_seen_at=now - timedelta(days=90)),
        ]
    )
    await session.commit()
    settings = AlertSettings(stale_days=14)
    run = lambda when: stale_scan_job(sessionmaker, address_book, when, settings, CAL)  # noqa: E731
    assert await run(now) == 1
    assert await run(now + timedelta(days=1)) == 0
    [row] = await outbox(session)
    assert row.person_id == people["李四"].id
    assert "ZC\\-0100" in row.payload["text"] and "20 天" in row.payload["text"]


@pytest.mark.parametrize(
    ("day", "cadence", "label"),
    [
        (date(2026, 3, 2), "monthly", "2026-03"),
        (date(2026, 5, 20), "quarterly", "2026-Q2"),
        (date(2026, 3, 4), "weekly", "2026-W10"),
    ],
)
def test_periods(day: date, cadence: str, label: str) -> None:
    period = period_of(day, cadence)
    assert period is not None and period[0] == label
    assert period_of(day, "off") is None


async def test_inspection_round_on_first_working_day_of_the_month(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    people: dict[str, Person],
    address_book: FakeAddressBook,
) -> None:
    settings = AlertSettings(inspection_cadence="monthly")
    run = lambda day: inspection_job(sessionmaker, address_book, at_nine(day), settings, CAL)  # noqa: E731
    assert await run(date(2026, 3, 1)) == 0  # Sunday
    assert await run(date(2026, 3, 2)) == 1  # first working day of March
    assert await run(date(2026, 3, 3)) == 0
    assert await run(date(2026, 10, 7)) == 0  # National Day holidays
    assert await run(date(2026, 10, 8)) == 1  # first working day of October
    first, _ = await outbox(session)
    assert first.person_id == people["李四"].id
    assert "巡检清单" in first.payload["text"] and "KMSpico" in first.payload["text"]


async def test_job_specs_are_bound_and_run(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    people: dict[str, Person],
    address_book: FakeAddressBook,
) -> None:
    clock = lambda: at_nine(date(2026, 3, 2))  # noqa: E731
    specs = {s.id: s for s in job_specs(sessionmaker, address_book, clock=clock)}
    assert set(specs) == {
        "alerts.digest",
        "alerts.escalation",
        "alerts.stale",
        "alerts.expiry",
        "alerts.inspection",
        "trainings.reminders",
    }
    await specs["alerts.inspection"].func()
    assert len(await outbox(session)) == 1


async def test_job_source_feeds_the_scheduler(
    sessionmaker: async_sessionmaker[AsyncSession], address_book: FakeAddressBook
) -> None:
    clock = lambda: at_nine(date(2026, 3, 2))  # noqa: E731
    scheduler = ReminderScheduler(sessionmaker, clock=clock)
    scheduler.add_job_source(job_source(sessionmaker, address_book, AlertSettings(), clock=clock))
    async with sessionmaker() as session:
        await scheduler.rebuild(session)
    assert {job.id for job in scheduler.scheduler.get_jobs()} >= {
        "alerts.digest",
        "trainings.reminders",
    }
