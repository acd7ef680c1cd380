"""Deliver outbox messages to web-chat visitors: a per-session mailbox the page polls."""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

from bot.channels.web.render import to_json
from reminders.messages import Message
from reminders.ports import DeliveryResult, DeliveryStatus, RateLimits

MAILBOX_SIZE = 200


class WebNotifier:
    """Keeps the latest pushed messages per web session until the page fetches them."""

    channel = "web"
    limits = RateLimits(
        global_per_second=500.0, per_chat_per_second=50.0, per_group_per_minute=600.0
    )

    def __init__(self) -> None:
        self._boxes: dict[str, deque[dict[str, Any]]] = defaultdict(
            lambda: deque(maxlen=MAILBOX_SIZE)
        )

    async def send(self, address: str, message: Message) -> DeliveryResult:
        """Put the message in the session's mailbox."""
        self._boxes[address].append(to_json(message))
        return DeliveryResult(DeliveryStatus.sent)

    def take(self, address: str) -> list[dict[str, Any]]:
        """Return and clear the messages waiting for a session."""
        box = self._boxes.pop(address, None)
        return list(box) if box else []
