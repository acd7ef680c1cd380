from __future__ import annotations

import asyncio
import random
from datetime import timedelta

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from reminders.messages import Message
from reminders.models import Outbox, OutboxKind, OutboxStatus
from reminders.outbox import enqueue_to_address
from reminders.ports import DeliveryResult, DeliveryStatus
from reminders.settings import ReminderSettings
from reminders.worker import DeliveryWorker
from tests.reminders.fakes import FakeClock, FakeNotifier

Maker = async_sessionmaker[AsyncSession]


def make_worker(
    sessionmaker: Maker, clock: FakeClock, *notifiers: FakeNotifier, **settings: object
) -> DeliveryWorker:
    return DeliveryWorker(
        sessionmaker,
        {n.channel: n for n in notifiers},
        clock,
        ReminderSettings.model_validate(settings),
        sleep=clock.sleep,
        monotonic=clock.monotonic,
        rng=random.Random(1),
    )


async def queue(sessionmaker: Maker, *addresses: str, urgent: bool = False, **kw: object) -> None:
    async with sessionmaker() as session:
        for address in addresses:
            await enqueue_to_address(
                session,
                channel=str(kw.get("channel", "telegram")),
                address=address,
                message=Message(f"给 {address}", urgent=urgent),
                kind=OutboxKind.reminder,
                not_before=kw.get("not_before"),  # type: ignore[arg-type]
            )
        await session.commit()


async def stored(sessionmaker: Maker) -> list[Outbox]:
    async with sessionmaker() as session:
        return list((await session.exec(select(Outbox).order_by(col(Outbox.id)))).all())


async def test_run_once_sends_due_rows_and_marks_them_sent(
    sessionmaker: Maker, clock: FakeClock
) -> None:
    notifier = FakeNotifier(clock=clock)
    await queue(sessionmaker, "1", "2")
    await queue(sessionmaker, "3", not_before=clock.now + timedelta(hours=1))
    worker = make_worker(sessionmaker, clock, notifier)
    assert await worker.run_once() == 2
    assert await worker.run_once() == 0
    assert [a for a, _ in notifier.sent] == ["1", "2"]
    rows = await stored(sessionmaker)
    assert [r.status for r in rows] == [OutboxStatus.sent, OutboxStatus.sent, OutboxStatus.pending]
    assert rows[0].sent_at is not None and rows[0].attempts == 1
    clock.advance(3600)
    assert await worker.run_once() == 1
    assert notifier.texts_to("3") == ["给 3"]


async def test_permanent_failure_is_recorded_and_never_retried(
    sessionmaker: Maker, clock: FakeClock
) -> None:
    notifier = FakeNotifier()
    notifier.answer("9", DeliveryResult(DeliveryStatus.failed, reason="blocked: bot was blocked"))
    await queue(sessionmaker, "9")
    worker = make_worker(sessionmaker, clock, notifier)
    await worker.run_once()
    clock.advance(86400)
    assert await worker.run_once() == 0
    (row,) = await stored(sessionmaker)
    assert row.status == OutboxStatus.failed and row.last_error == "blocked: bot was blocked"
    assert notifier.sent == []


async def test_retry_after_waits_for_that_chat_and_slows_the_channel(
    sessionmaker: Maker, clock: FakeClock
) -> None:
    notifier = FakeNotifier()
    notifier.answer("5", DeliveryResult(DeliveryStatus.retry, retry_after=12, reason="429"))
    await queue(sessionmaker, "5")
    worker = make_worker(sessionmaker, clock, notifier)
    start = clock.now
    await worker.run_once()
    (row,) = await stored(sessionmaker)
    assert row.status == OutboxStatus.pending and row.not_before == start + timedelta(seconds=12)
    assert worker.pacers["telegram"].rate < worker.pacers["telegram"].base_rate
    assert await worker.run_once() == 0
    clock.advance(12)
    assert await worker.run_once() == 1
    assert notifier.texts_to("5") == ["给 5"]


async def test_network_errors_back_off_then_give_up(sessionmaker: Maker, clock: FakeClock) -> None:
    notifier = FakeNotifier()
    notifier.answer("6", *[DeliveryResult(DeliveryStatus.retry, reason="timed out")] * 3)
    await queue(sessionmaker, "6")
    worker = make_worker(sessionmaker, clock, notifier, max_attempts=3, backoff_base_seconds=10)
    delays = []
    for _ in range(3):
        before = clock.now
        assert await worker.run_once() == 1
        (row,) = await stored(sessionmaker)
        if row.not_before:
            delays.append((row.not_before - before).total_seconds())
            clock.now = row.not_before
    assert 5 <= delays[0] <= 10 and 10 <= delays[1] <= 20  # exponential, with jitter
    assert row.status == OutboxStatus.failed and row.attempts == 3
    assert row.last_error == "gave up after 3 attempts: timed out"


async def test_a_raising_notifier_counts_as_a_temporary_error(
    sessionmaker: Maker, clock: FakeClock
) -> None:
    notifier = FakeNotifier()
    notifier.raise_for.add("4")
    await queue(sessionmaker, "4")
    await make_worker(sessionmaker, clock, notifier).run_once()
    (row,) = await stored(sessionmaker)
    assert row.status == OutboxStatus.pending and "boom" in (row.last_error or "")


async def test_sends_are_paced_to_the_channel_limit(sessionmaker: Maker, clock: FakeClock) -> None:
    notifier = FakeNotifier(clock=clock)
    await queue(sessionmaker, *[str(i) for i in range(90)])
    worker = make_worker(sessionmaker, clock, notifier, batch_size=100)
    assert await worker.run_once() == 90
    times = sorted(t.timestamp() for t in notifier.times)
    assert len(times) == 90
    assert max(sum(1 for u in times if t <= u < t + 1) for t in times) <= 29
    assert times[-1] - times[0] < 90 / 28


async def test_crash_recovery_requeues_rows_claimed_by_an_earlier_process(
    sessionmaker: Maker, clock: FakeClock
) -> None:
    await queue(sessionmaker, "1", "2")
    crashed = make_worker(sessionmaker, clock, FakeNotifier())
    assert len(await crashed.claim(10)) == 2  # claimed, then the process died
    clock.advance(5)
    notifier = FakeNotifier()
    worker = make_worker(sessionmaker, clock, notifier)
    worker.started_at = clock.now
    assert await worker.recover() == 2
    assert await worker.run_once() == 2
    assert sorted(a for a, _ in notifier.sent) == ["1", "2"]
    assert await worker.recover() == 0


async def test_quiet_hours_hold_back_all_but_urgent(sessionmaker: Maker, clock: FakeClock) -> None:
    clock.now = clock.now.replace(hour=15)  # 23:00 in Shanghai
    notifier = FakeNotifier()
    await queue(sessionmaker, "1")
    await queue(sessionmaker, "2", urgent=True)
    worker = make_worker(sessionmaker, clock, notifier)
    assert await worker.run_once() == 1
    assert [a for a, _ in notifier.sent] == ["2"]
    clock.advance(8 * 3600)  # 07:00
    assert await worker.run_once() == 1


async def test_rows_for_channels_without_a_notifier_are_left_alone(
    sessionmaker: Maker, clock: FakeClock
) -> None:
    await queue(sessionmaker, "w1", channel="wecom")
    assert await make_worker(sessionmaker, clock, FakeNotifier()).run_once() == 0
    (row,) = await stored(sessionmaker)
    assert row.status == OutboxStatus.pending


async def test_background_worker_delivers_and_stops_gracefully(
    file_sessionmaker: Maker, clock: FakeClock
) -> None:
    notifier = FakeNotifier()
    worker = make_worker(file_sessionmaker, clock, notifier, poll_seconds=0.01)
    await worker.start()
    await queue(file_sessionmaker, "1", "2", "3")
    worker.wake()
    async with asyncio.timeout(5):
        while len(notifier.sent) < 3 or any(
            r.status != OutboxStatus.sent for r in await stored(file_sessionmaker)
        ):
            await asyncio.sleep(0)
    await worker.stop()
    assert sorted(a for a, _ in notifier.sent) == ["1", "2", "3"]


async def test_stop_releases_rows_not_yet_sent(file_sessionmaker: Maker, clock: FakeClock) -> None:
    gate = asyncio.Event()
    notifier = FakeNotifier()
    worker = make_worker(file_sessionmaker, clock, notifier, poll_seconds=0.01)

    async def held_sleep(seconds: float) -> None:
        await gate.wait()

    worker.sleep = held_sleep
    await queue(file_sessionmaker, *[str(i) for i in range(5)])
    await worker.start()
    async with asyncio.timeout(5):
        while not worker._inflight:
            await asyncio.sleep(0)
    stopping = asyncio.create_task(worker.stop())
    gate.set()
    await stopping
    rows = await stored(file_sessionmaker)
    sent = {a for a, _ in notifier.sent}
    for row in rows:
        assert row.status == (OutboxStatus.sent if row.address in sent else OutboxStatus.pending)
    assert all(r.attempts == (1 if r.address in sent else 0) for r in rows)


async def test_a_frozen_wall_clock_does_not_stall_pacing(
    sessionmaker: Maker, clock: FakeClock
) -> None:
    frozen = clock.now
    notifier = FakeNotifier()
    await queue(sessionmaker, *[str(i) for i in range(40)])
    worker = DeliveryWorker(
        sessionmaker,
        {"telegram": notifier},
        lambda: frozen,
        ReminderSettings(batch_size=40),
        sleep=clock.sleep,
        monotonic=clock.monotonic,
    )
    async with asyncio.timeout(10):
        assert await worker.run_once() == 40
    assert len(notifier.sent) == 40
    assert sum(clock.slept) > 1.0  # the 29th send waited for the window
