from __future__ import annotations

import random
from datetime import datetime

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Person
from reminders.broadcasts import (
    AudienceError,
    acknowledge,
    confirm,
    create_draft,
    final_report,
    progress,
    resolve_audience,
    unread,
)
from reminders.models import Broadcast, BroadcastStatus, Outbox
from reminders.ports import DeliveryResult, DeliveryStatus
from reminders.settings import ReminderSettings
from reminders.worker import DeliveryWorker
from tests.reminders.fakes import FakeAddressBook, FakeClock, FakeNotifier

NOW = datetime(2026, 3, 2, 2, 0)


def ids(people: dict[str, Person], *names: str) -> list[int]:
    return [p.id for n, p in people.items() if n in names and p.id is not None]


async def test_audiences_resolve_to_active_people(
    session: AsyncSession, people: dict[str, Person]
) -> None:
    assert await resolve_audience(session, "all") == ids(people, "张三", "李四", "王五")
    assert await resolve_audience(session, "role:technician") == ids(people, "李四")
    assert await resolve_audience(session, "department:办公室") == ids(people, "张三", "王五")


@pytest.mark.parametrize("audience", ["role:boss", "department:财务科", "everyone", "all:x"])
async def test_unknown_audience_is_a_clear_error(
    session: AsyncSession, people: dict[str, Person], audience: str
) -> None:
    with pytest.raises(AudienceError, match="unknown"):
        await create_draft(session, author_id=None, text="x", audience=audience)


async def test_confirm_queues_one_row_per_recipient_and_twice_changes_nothing(
    session: AsyncSession, people: dict[str, Person], address_book: FakeAddressBook
) -> None:
    author = people["张三"].id
    draft = await create_draft(session, author_id=author, text="**通知**：周五检查", audience="all")
    assert draft.id is not None and draft.status == BroadcastStatus.draft
    assert await confirm(session, draft.id, address_book, NOW) == 3
    assert await confirm(session, draft.id, address_book, NOW) == 0
    await session.commit()
    rows = (await session.exec(select(Outbox).order_by(col(Outbox.id)))).all()
    assert [r.dedupe_key for r in rows] == [
        f"bc:{draft.id}:{pid}:telegram" for pid in ids(people, "张三", "李四", "王五")
    ]
    assert rows[0].payload["buttons"] == [[["已读 / Read", f"bc:{draft.id}:ack"]]]
    stored = await session.get(Broadcast, draft.id)
    assert stored is not None and stored.status == BroadcastStatus.sending
    assert stored.confirmed_at == NOW


async def test_confirm_of_a_missing_broadcast_fails(
    session: AsyncSession, address_book: FakeAddressBook
) -> None:
    with pytest.raises(LookupError):
        await confirm(session, 999, address_book, NOW)


async def test_progress_counts_delivered_failed_blocked_and_pending(
    sessionmaker: async_sessionmaker[AsyncSession],
    people: dict[str, Person],
    address_book: FakeAddressBook,
    clock: FakeClock,
) -> None:
    li, wang = ids(people, "李四"), ids(people, "王五")
    address_book.add(wang[0], "web", "dead-chat")
    async with sessionmaker() as session:
        draft = await create_draft(session, author_id=li[0], text="更新", audience="all")
        assert draft.id is not None
        await confirm(session, draft.id, address_book, NOW)
        await session.commit()
    notifier = FakeNotifier()
    notifier.answer(
        address_book.book[li[0]][0][1],
        DeliveryResult(DeliveryStatus.failed, reason="blocked: user blocked the bot"),
    )
    web = FakeNotifier("web")
    web.answer("dead-chat", DeliveryResult(DeliveryStatus.failed, reason="chat not found"))
    notifier.answer("1003", DeliveryResult(DeliveryStatus.retry, reason="timed out"))
    seen: list[frozenset[int]] = []

    async def hook(broadcast_ids: frozenset[int]) -> None:
        seen.append(broadcast_ids)

    worker = DeliveryWorker(
        sessionmaker,
        {"telegram": notifier, "web": web},
        clock,
        ReminderSettings(),
        sleep=clock.sleep,
        monotonic=clock.monotonic,
        rng=random.Random(0),
        on_progress=hook,
    )
    await worker.run_once()
    async with sessionmaker() as session:
        report = await progress(session, draft.id)
        assert (report.total, report.delivered, report.failed, report.blocked, report.pending) == (
            4,
            1,
            1,
            1,
            1,
        )
        assert not report.finished
    assert seen == [frozenset({draft.id})]
    clock.advance(3600)
    await worker.run_once()
    async with sessionmaker() as session:
        assert (await progress(session, draft.id)).finished
        done = await session.get(Broadcast, draft.id)
        assert done is not None and done.status == BroadcastStatus.done
        assert await final_report(session, draft.id, address_book, NOW)
        assert not await final_report(session, draft.id, address_book, NOW)
        await session.commit()
        report_rows = (
            await session.exec(select(Outbox).where(col(Outbox.dedupe_key).like("bc:%:final%")))
        ).all()
        assert len(report_rows) >= 1 and "发送完成" in report_rows[0].payload["text"]


async def test_acknowledge_and_unread(
    session: AsyncSession, people: dict[str, Person], address_book: FakeAddressBook
) -> None:
    draft = await create_draft(session, author_id=None, text="请阅", audience="department:办公室")
    assert draft.id is not None
    await confirm(session, draft.id, address_book, NOW)
    assert [p.name for p in await unread(session, draft.id)] == ["张三", "王五"]
    zhang, li = ids(people, "张三")[0], ids(people, "李四")[0]
    assert await acknowledge(session, draft.id, zhang, NOW)
    assert await acknowledge(session, draft.id, zhang, NOW)  # twice is fine
    assert not await acknowledge(session, draft.id, li, NOW)  # not a recipient
    assert [p.name for p in await unread(session, draft.id)] == ["王五"]
