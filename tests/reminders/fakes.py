"""Fakes of our own ports for the reminders tests: a clock, a Notifier and an address book."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from reminders.messages import Message
from reminders.ports import DeliveryResult, DeliveryStatus, RateLimits


class FakeClock:
    """A naive-UTC clock that only moves when told to (or when something sleeps on it)."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return (self.now - datetime(2000, 1, 1)).total_seconds()

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)


class FakeNotifier:
    """Records every send; answers retry or failed for addresses it was told about."""

    def __init__(
        self,
        channel: str = "telegram",
        limits: RateLimits | None = None,
        clock: FakeClock | None = None,
    ) -> None:
        self.channel = channel
        self.limits = limits or RateLimits()
        self.clock = clock
        self.sent: list[tuple[str, Message]] = []
        self.times: list[datetime] = []
        self.answers: dict[str, list[DeliveryResult]] = defaultdict(list)
        self.raise_for: set[str] = set()

    def answer(self, address: str, *results: DeliveryResult) -> None:
        """Queue answers for the next sends to ``address`` (then it succeeds again)."""
        self.answers[address].extend(results)

    async def send(self, address: str, message: Message) -> DeliveryResult:
        if address in self.raise_for:
            raise RuntimeError("boom")
        if self.answers[address]:
            return self.answers[address].pop(0)
        self.sent.append((address, message))
        if self.clock is not None:
            self.times.append(self.clock())
        return DeliveryResult(DeliveryStatus.sent)

    def texts_to(self, address: str) -> list[str]:
        return [m.text for a, m in self.sent if a == address]


class FakeAddressBook:
    """Chat addresses per person, as the bot's chat_identity table would give them."""

    def __init__(self) -> None:
        self.book: dict[int, list[tuple[str, str]]] = defaultdict(list)

    def add(self, person_id: int, channel: str, address: str) -> None:
        self.book[person_id].append((channel, address))

    async def addresses(self, session: AsyncSession, person_id: int) -> list[tuple[str, str]]:
        return list(self.book.get(person_id, []))
