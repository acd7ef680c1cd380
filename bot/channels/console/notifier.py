"""Deliver outbox messages to an open console chat by printing them."""

from __future__ import annotations

from typing import TextIO

from bot.channels.console.render import render
from reminders.messages import Message
from reminders.ports import DeliveryResult, DeliveryStatus, RateLimits


class ConsoleNotifier:
    """Prints pushed messages for the console identity it serves."""

    channel = "console"
    limits = RateLimits(
        global_per_second=100.0, per_chat_per_second=100.0, per_group_per_minute=6000.0
    )

    def __init__(self, out: TextIO, address: str) -> None:
        self.out = out
        self.address = address

    async def send(self, address: str, message: Message) -> DeliveryResult:
        """Print the message when it is for this console; refuse other addresses for a retry."""
        if address != self.address:
            return DeliveryResult(DeliveryStatus.retry, retry_after=60, reason="console not open")
        text, _ = render(message)
        print(f"\n[通知] {text}", file=self.out, flush=True)
        return DeliveryResult(DeliveryStatus.sent)
