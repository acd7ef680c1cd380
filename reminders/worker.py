"""The delivery worker: claims due outbox rows, sends them paced through Notifiers, records outcomes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import utcnow
from reminders.broadcasts import finish_done
from reminders.models import Outbox, OutboxStatus
from reminders.outbox import Claimed, claim_due, requeue_stuck
from reminders.pacing import Pacer
from reminders.ports import DeliveryResult, DeliveryStatus, Notifier
from reminders.quiet import is_quiet
from reminders.settings import ReminderSettings

_LOGGER = logging.getLogger(__name__)
MAX_PACING_WAIT = 5.0  # a row that would wait longer than this goes back to pending instead

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]
ProgressHook = Callable[[frozenset[int]], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one claimed row; ``release`` puts it back untried (not counted)."""

    row: Claimed
    result: DeliveryResult
    release_until: datetime | None = None
    release: bool = False


class DeliveryWorker:
    """Delivers outbox rows through one Notifier per channel, paced to each channel's limits."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        notifiers: Mapping[str, Notifier],
        clock: Clock = utcnow,
        settings: ReminderSettings | None = None,
        *,
        sleep: Sleep = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        on_progress: ProgressHook | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.notifiers = dict(notifiers)
        self.clock = clock
        self.settings = settings or ReminderSettings()
        self.sleep = sleep
        self.monotonic = monotonic
        self.rng = rng or random.Random()
        self.on_progress = on_progress
        self.pacers = {
            name: Pacer(n.limits, self.settings.rate_headroom) for name, n in notifiers.items()
        }
        self.started_at: datetime | None = None
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._inflight: dict[asyncio.Task[Outcome], Claimed] = {}
        self._semaphore = asyncio.Semaphore(self.settings.concurrency)

    def _seconds(self) -> float:
        """Monotonic seconds for the pacers (a frozen wall clock must not stall pacing)."""
        return self.monotonic()

    async def recover(self) -> int:
        """Put rows left 'sending' by an earlier process back to pending; how many."""
        async with self.sessionmaker() as session:
            count = await requeue_stuck(session, self.started_at or self.clock())
            await session.commit()
        return count

    async def claim(self, limit: int) -> list[Claimed]:
        """Mark up to ``limit`` due pending rows as 'sending' and return them."""
        now = self.clock()
        async with self.sessionmaker() as session:
            rows = await claim_due(
                session,
                now=now,
                channels=list(self.notifiers),
                limit=limit,
                urgent_only=is_quiet(now, self.settings),
            )
            await session.commit()
        return rows

    async def deliver(self, row: Claimed) -> Outcome:
        """Wait for the row's pacing slot, then send it; never raises for delivery errors."""
        async with self._semaphore:
            pacer = self.pacers[row.channel]
            wait = pacer.reserve(row.address, self._seconds())
            if wait > MAX_PACING_WAIT:
                later = self.clock() + timedelta(seconds=wait)
                return Outcome(row, DeliveryResult(DeliveryStatus.retry), later, release=True)
            if wait > 0:
                await self.sleep(wait)
            while (late := pacer.settle(self._seconds())) > 0:
                await self.sleep(late)
            if self._stopping.is_set():
                return Outcome(row, DeliveryResult(DeliveryStatus.retry), release=True)
            pacer.mark_sent(self._seconds())
            try:
                result = await self.notifiers[row.channel].send(row.address, row.message)
            except Exception as exc:  # a Notifier must not raise; treat it as temporary
                _LOGGER.exception("notifier %s raised", row.channel)
                result = DeliveryResult(DeliveryStatus.retry, reason=f"error: {exc!r}")
            if result.status == DeliveryStatus.retry and result.retry_after > 0:
                pacer.penalize(row.address, result.retry_after, self._seconds())
            elif result.status == DeliveryStatus.sent:
                pacer.succeeded()
            return Outcome(row, result)

    def _backoff(self, attempts: int) -> float:
        """Exponential backoff with jitter for the ``attempts``-th failed try."""
        raw = self.settings.backoff_base_seconds * 2 ** max(0, attempts - 1)
        return min(self.settings.backoff_cap_seconds, raw) * self.rng.uniform(0.5, 1.0)

    def _values(self, outcome: Outcome, now: datetime) -> dict[str, object]:
        """The column changes that record one outcome."""
        result, row = outcome.result, outcome.row
        if outcome.release:
            return {
                "status": OutboxStatus.pending,
                "claimed_at": None,
                "attempts": row.attempts - 1,
                "not_before": outcome.release_until,
            }
        if result.status == DeliveryStatus.sent:
            return {"status": OutboxStatus.sent, "sent_at": now, "last_error": None}
        reason = (result.reason or result.status.value)[:480]
        if result.status == DeliveryStatus.failed:
            return {"status": OutboxStatus.failed, "last_error": reason}
        if row.attempts >= self.settings.max_attempts:
            return {
                "status": OutboxStatus.failed,
                "last_error": f"gave up after {row.attempts} attempts: {reason}",
            }
        delay = result.retry_after if result.retry_after > 0 else self._backoff(row.attempts)
        return {
            "status": OutboxStatus.pending,
            "claimed_at": None,
            "last_error": reason,
            "not_before": now + timedelta(seconds=delay),
        }

    async def record(self, outcomes: Sequence[Outcome]) -> None:
        """Write outcomes in one transaction, close finished broadcasts, then report progress."""
        if not outcomes:
            return
        now = self.clock()
        broadcasts = frozenset(o.row.broadcast_id for o in outcomes if o.row.broadcast_id)
        async with self.sessionmaker() as session:
            for outcome in outcomes:
                stmt = update(Outbox).where(col(Outbox.id) == outcome.row.id)
                await session.exec(stmt.values(**self._values(outcome, now)))
            if broadcasts:
                await finish_done(session, broadcasts)
            await session.commit()
        if self.on_progress is not None and broadcasts:
            await self.on_progress(broadcasts)

    async def run_once(self) -> int:
        """Claim one batch, send it all and record the outcomes; how many rows were handled."""
        rows = await self.claim(self.settings.batch_size)
        outcomes = await asyncio.gather(*(self.deliver(r) for r in rows))
        await self.record(outcomes)
        return len(rows)

    def wake(self) -> None:
        """Tell a running worker that new rows were queued."""
        self._wake.set()

    async def start(self) -> None:
        """Recover rows stuck from a crash and start delivering in the background."""
        self.started_at = self.clock()
        recovered = await self.recover()
        if recovered:
            _LOGGER.warning("re-queued %d rows left 'sending' by an earlier run", recovered)
        self._stopping.clear()
        self._task = asyncio.create_task(self._loop(), name="delivery-worker")

    async def stop(self) -> None:
        """Stop gracefully: no new sends, finish or release those in flight, within the timeout."""
        self._stopping.set()
        self._wake.set()
        if self._task is None:
            return
        try:
            await asyncio.wait_for(asyncio.shield(self._task), self.settings.stop_timeout_seconds)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def _loop(self) -> None:
        """Keep a pipeline of claimed rows in flight and record outcomes as they complete."""
        try:
            while self._inflight or not self._stopping.is_set():
                try:
                    if not self._stopping.is_set():
                        await self._refill()
                    await self._collect(self.settings.poll_seconds)
                except Exception:
                    _LOGGER.exception("delivery worker step failed; trying again")
                    await self._idle(self.settings.poll_seconds)
        finally:
            await self._abandon()

    async def _idle(self, timeout: float) -> None:
        """Wait until woken (new rows, or stop) or until ``timeout`` seconds have passed."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)
        if not self._stopping.is_set():
            self._wake.clear()

    async def _refill(self) -> None:
        """Claim more rows when fewer than half a batch is in flight."""
        size = self.settings.batch_size
        if len(self._inflight) > size // 2:
            return
        for pacer in self.pacers.values():
            pacer.forget(self._seconds())
        for row in await self.claim(size - len(self._inflight)):
            self._inflight[asyncio.create_task(self.deliver(row))] = row

    async def _collect(self, timeout: float) -> None:
        """Wait for some sends to finish (or for a wake-up when idle) and record them."""
        if not self._inflight:
            await self._idle(timeout)
            return
        done, pending = await asyncio.wait(
            list(self._inflight), timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        linger = self.settings.record_linger_seconds
        if done and pending and linger > 0 and not self._stopping.is_set():
            more, _ = await asyncio.wait(pending, timeout=linger)  # group a few into one commit
            done |= more
        await self.record([self._outcome_of(task) for task in done])
        for task in done:
            self._inflight.pop(task)

    def _outcome_of(self, task: asyncio.Task[Outcome]) -> Outcome:
        """The outcome of a finished send task (a crashed task releases its row)."""
        if task.cancelled() or task.exception() is not None:
            row = self._inflight[task]
            return Outcome(row, DeliveryResult(DeliveryStatus.retry), release=True)
        return task.result()

    async def _abandon(self) -> None:
        """On cancellation, put rows whose sends never completed back to pending."""
        if not self._inflight:
            return
        for task in self._inflight:
            task.cancel()
        rows = list(self._inflight.values())
        self._inflight.clear()
        released = [Outcome(r, DeliveryResult(DeliveryStatus.retry), release=True) for r in rows]
        await asyncio.shield(self.record(released))
