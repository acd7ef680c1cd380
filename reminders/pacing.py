"""Pacing of sends to a channel's rate limits: global, per chat and per group, slowed by 429s."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from reminders.ports import RateLimits


@dataclass
class Cadence:
    """A rate limit as a virtual schedule (GCRA): when the next send may go, with a small burst."""

    interval: float  # seconds between sends at the sustained rate
    burst: int = 1
    next_at: float = 0.0  # theoretical arrival time of the next send

    def earliest(self, now: float) -> float:
        """The earliest time >= ``now`` at which one more send conforms."""
        return max(now, self.next_at - (self.burst - 1) * self.interval)

    def book(self, at: float) -> None:
        """Record a send scheduled at ``at``."""
        self.next_at = max(self.next_at, at) + self.interval

    def hold(self, until: float) -> None:
        """Allow no send before ``until`` (after a 429)."""
        self.next_at = max(self.next_at, until + (self.burst - 1) * self.interval)


@dataclass
class Window:
    """A sliding window of actual send times: at most ``limit`` sends in any ``span`` seconds."""

    limit: int
    span: float = 1.0
    times: deque[float] = field(default_factory=deque)

    def wait(self, now: float) -> float:
        """Seconds to wait before one more send fits in the window."""
        while self.times and self.times[0] <= now - self.span:
            self.times.popleft()
        if len(self.times) < self.limit:
            return 0.0
        return self.times[0] + self.span - now

    def mark(self, now: float) -> None:
        """Record a send that starts now."""
        self.times.append(now)


def is_group(address: str) -> bool:
    """Whether a Telegram-style address is a group or channel (negative id or @name)."""
    return address.startswith(("-", "@"))


class Pacer:
    """Books send times for addresses so that a channel's limits are never exceeded."""

    def __init__(self, limits: RateLimits, headroom: float = 0.95, slowdown: float = 0.8) -> None:
        self.base_rate = limits.global_per_second * headroom
        self.rate = self.base_rate
        self.slowdown = slowdown
        self.global_cadence = Cadence(1.0 / self.rate)
        self.chat_interval = 1.0 / (limits.per_chat_per_second * headroom)
        self.group_interval = 60.0 / (limits.per_group_per_minute * headroom)
        self.chats: dict[str, Cadence] = {}
        self.window = Window(max(1, math.floor(self.base_rate)))

    def _chat(self, address: str) -> Cadence:
        """The cadence of one chat (groups have their own, slower one)."""
        cadence = self.chats.get(address)
        if cadence is None:
            interval = self.group_interval if is_group(address) else self.chat_interval
            cadence = self.chats[address] = Cadence(interval)
        return cadence

    def reserve(self, address: str, now: float) -> float:
        """Book the next allowed send to ``address``; how many seconds to wait before sending."""
        chat = self._chat(address)
        at = max(self.global_cadence.earliest(now), chat.earliest(now))
        self.global_cadence.book(at)
        chat.book(at)
        return at - now

    def settle(self, now: float) -> float:
        """Seconds to wait at send time so that actual sends (late wake-ups too) fit the window."""
        return self.window.wait(now)

    def mark_sent(self, now: float) -> None:
        """Record that a send starts now."""
        self.window.mark(now)

    def penalize(self, address: str, retry_after: float, now: float) -> None:
        """After a 429: hold the chat for ``retry_after`` and slow the global rate."""
        self._chat(address).hold(now + retry_after)
        self.rate = max(1.0, self.rate * self.slowdown)
        self.global_cadence.interval = 1.0 / self.rate

    def succeeded(self) -> None:
        """After a successful send: let the global rate recover a little towards the base rate."""
        if self.rate < self.base_rate:
            self.rate = min(self.base_rate, self.rate + self.base_rate * 0.01)
            self.global_cadence.interval = 1.0 / self.rate

    def forget(self, now: float) -> None:
        """Drop per-chat state that no longer constrains anything (keeps memory flat)."""
        self.chats = {a: c for a, c in self.chats.items() if c.next_at > now}
