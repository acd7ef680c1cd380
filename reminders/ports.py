"""The Notifier port: what the outbox needs from any chat channel."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from reminders.messages import Message


class DeliveryStatus(enum.StrEnum):
    """Outcome of one send attempt."""

    sent = "sent"
    retry = "retry"  # temporary: rate limited or network trouble; try again later
    failed = "failed"  # permanent: bot blocked, chat not found, bad address


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    """What a Notifier reports after trying to send one message."""

    status: DeliveryStatus
    retry_after: float = 0.0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RateLimits:
    """A channel's sending limits, used by the delivery worker to pace itself."""

    global_per_second: float = 30.0
    per_chat_per_second: float = 1.0
    per_group_per_minute: float = 20.0


class Notifier(Protocol):
    """A chat channel able to deliver a message to one address (a chat id on that channel)."""

    channel: str
    limits: RateLimits

    async def send(self, address: str, message: Message) -> DeliveryResult:
        """Send ``message`` to ``address`` and report the outcome; never raise for delivery errors."""
        ...
