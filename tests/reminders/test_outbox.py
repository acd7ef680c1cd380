from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Person
from reminders.messages import Attachment, Message, buttons_row
from reminders.models import Outbox, OutboxKind, OutboxStatus
from reminders.outbox import cancel, enqueue, enqueue_to_address, message_of
from reminders.quiet import set_mute_digest
from reminders.settings import ReminderSettings
from tests.reminders.fakes import FakeAddressBook


async def rows(session: AsyncSession) -> list[Outbox]:
    return list((await session.exec(select(Outbox).order_by(col(Outbox.id)))).all())


async def test_enqueue_writes_one_row_per_chat_identity(
    session: AsyncSession, people: dict[str, Person], address_book: FakeAddressBook
) -> None:
    li = people["李四"]
    assert li.id is not None
    address_book.add(li.id, "web", "session-9")
    msg = Message("发现盗版软件", buttons=(buttons_row(("处理", "t:1:ack")),), urgent=True)
    ids = await enqueue(
        session, person_id=li.id, message=msg, kind=OutboxKind.alert, address_book=address_book
    )
    await session.commit()
    stored = await rows(session)
    assert [r.id for r in stored] == ids
    assert {(r.channel, r.address) for r in stored} == {("telegram", "1002"), ("web", "session-9")}
    assert all(r.status == OutboxStatus.pending and r.urgent for r in stored)
    assert message_of(stored[0]) == msg


async def test_same_dedupe_key_is_never_enqueued_twice(
    session: AsyncSession, people: dict[str, Person], address_book: FakeAddressBook
) -> None:
    li = people["李四"]
    assert li.id is not None
    for _ in range(3):
        await enqueue(
            session,
            person_id=li.id,
            message=Message("盗版告警"),
            kind=OutboxKind.alert,
            address_book=address_book,
            dedupe_key="finding:7",
        )
    await session.commit()
    stored = await rows(session)
    assert [r.dedupe_key for r in stored] == ["finding:7:telegram"]


async def test_enqueue_rolls_back_with_the_callers_transaction(
    session: AsyncSession, people: dict[str, Person], address_book: FakeAddressBook
) -> None:
    wang = people["王五"]
    assert wang.id is not None
    await enqueue(
        session,
        person_id=wang.id,
        message=Message("x"),
        kind=OutboxKind.ticket,
        address_book=address_book,
    )
    await session.rollback()
    assert await rows(session) == []


async def test_person_without_chat_identity_gets_nothing(
    session: AsyncSession, people: dict[str, Person]
) -> None:
    zhang = people["张三"]
    assert zhang.id is not None
    ids = await enqueue(
        session,
        person_id=zhang.id,
        message=Message("x"),
        kind=OutboxKind.ticket,
        address_book=FakeAddressBook(),
    )
    assert ids == []


async def test_direct_address_keeps_the_attachment(session: AsyncSession) -> None:
    pic = Attachment("chart.png", b"\x89PNG...", "image")
    row_id = await enqueue_to_address(
        session,
        channel="telegram",
        address="-100200",
        message=Message("周报", attachment=pic),
        kind=OutboxKind.digest,
    )
    again = await enqueue_to_address(
        session,
        channel="telegram",
        address="-100200",
        message=Message("周报"),
        kind=OutboxKind.digest,
        dedupe_key="weekly:1",
    )
    await session.commit()
    stored = await rows(session)
    assert row_id == stored[0].id and again == stored[1].id
    assert message_of(stored[0]).attachment == pic


async def test_muted_digest_is_skipped_but_alerts_still_go(
    session: AsyncSession, people: dict[str, Person], address_book: FakeAddressBook
) -> None:
    wang = people["王五"]
    assert wang.id is not None
    await set_mute_digest(session, wang.id, True)
    assert (
        await enqueue(
            session,
            person_id=wang.id,
            message=Message("日报"),
            kind=OutboxKind.digest,
            address_book=address_book,
        )
        == []
    )
    assert (
        len(
            await enqueue(
                session,
                person_id=wang.id,
                message=Message("告警"),
                kind=OutboxKind.alert,
                address_book=address_book,
            )
        )
        == 1
    )
    await set_mute_digest(session, wang.id, False)
    assert (
        len(
            await enqueue(
                session,
                person_id=wang.id,
                message=Message("日报"),
                kind=OutboxKind.digest,
                address_book=address_book,
            )
        )
        == 1
    )


async def test_quiet_hours_defer_non_urgent_messages(
    session: AsyncSession, people: dict[str, Person], address_book: FakeAddressBook
) -> None:
    wang = people["王五"]
    assert wang.id is not None
    night = datetime(2026, 3, 2, 15, 30)  # 23:30 in Shanghai
    settings = ReminderSettings()
    await enqueue(
        session,
        person_id=wang.id,
        message=Message("培训提醒"),
        kind=OutboxKind.training,
        address_book=address_book,
        quiet=settings,
        now=night,
    )
    await enqueue(
        session,
        person_id=wang.id,
        message=Message("盗版", urgent=True),
        kind=OutboxKind.alert,
        address_book=address_book,
        quiet=settings,
        now=night,
    )
    reminder, alert = await rows(session)
    assert reminder.not_before == datetime(2026, 3, 2, 23, 0)  # 07:00 next morning in Shanghai
    assert alert.not_before is None


async def test_cancel_only_touches_pending_rows(session: AsyncSession) -> None:
    a = await enqueue_to_address(
        session, channel="telegram", address="1", message=Message("a"), kind=OutboxKind.training
    )
    b = await enqueue_to_address(
        session, channel="telegram", address="2", message=Message("b"), kind=OutboxKind.training
    )
    assert a and b
    sent = await session.get(Outbox, b)
    assert sent is not None
    sent.status = OutboxStatus.sent
    session.add(sent)
    assert await cancel(session, [a, b]) == 1
    statuses = [r.status for r in await rows(session)]
    assert statuses == [OutboxStatus.cancelled, OutboxStatus.sent]
