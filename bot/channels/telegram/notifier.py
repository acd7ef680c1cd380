"""The Telegram Notifier: delivers outbox messages through a PTB Bot and classifies its errors."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta

from telegram import Bot, InputFile
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.channels.telegram.render import keyboard, render_html
from reminders.messages import Message
from reminders.outbox import BLOCKED
from reminders.ports import DeliveryResult, DeliveryStatus, RateLimits

_LOGGER = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]


def retry_after_seconds(error: RetryAfter) -> float:
    """Seconds to wait from a RetryAfter, whether PTB gives an int or a timedelta."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def classify(error: TelegramError) -> DeliveryResult:
    """Map a Bot API error to retry (temporary) or failed (permanent, with the reason)."""
    if isinstance(error, RetryAfter):
        seconds = retry_after_seconds(error)
        return DeliveryResult(
            DeliveryStatus.retry, seconds, f"rate limited: retry after {seconds:g}s"
        )
    if isinstance(error, Forbidden):
        return DeliveryResult(DeliveryStatus.failed, reason=f"{BLOCKED}: {error.message}")
    if isinstance(error, ChatMigrated):
        return DeliveryResult(DeliveryStatus.failed, reason=f"chat migrated to {error.new_chat_id}")
    if isinstance(error, BadRequest):
        return DeliveryResult(DeliveryStatus.failed, reason=f"bad request: {error.message}")
    if isinstance(error, NetworkError):
        return DeliveryResult(DeliveryStatus.retry, reason=f"network: {error.message}")
    return DeliveryResult(DeliveryStatus.retry, reason=f"telegram: {error.message}")


class TelegramNotifier:
    """Sends a Message to a Telegram chat id: HTML text chunks, buttons on the last, attachment."""

    channel = "telegram"

    def __init__(
        self, bot: Bot, limits: RateLimits | None = None, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.bot = bot
        self.limits = limits or RateLimits()
        self.sleep = sleep

    async def send(self, address: str, message: Message) -> DeliveryResult:
        """Send ``message`` to chat ``address``; never raises for delivery errors."""
        try:
            await self.deliver(address, message)
        except TelegramError as error:
            result = classify(error)
            _LOGGER.info("telegram send to %s: %s", address, result.reason)
            return result
        return DeliveryResult(DeliveryStatus.sent)

    async def deliver(self, address: str, message: Message) -> None:
        """Send the text chunks, then the attachment (buttons on the last); TelegramError raises."""
        chunks = [c for c in render_html(message.text) if c.strip()]
        markup = keyboard(message)
        attachment = message.attachment
        gap = 1.0 / self.limits.per_chat_per_second
        for index, chunk in enumerate(chunks):
            last = index == len(chunks) - 1 and attachment is None
            if index:
                await self.sleep(gap)  # parts of one message keep the per-chat limit too
            await self.bot.send_message(
                chat_id=address,
                text=chunk,
                parse_mode=ParseMode.HTML,
                reply_markup=markup if last else None,
            )
        if attachment is not None:
            if chunks:
                await self.sleep(gap)
            file = InputFile(attachment.content, filename=attachment.filename)
            if attachment.kind == "image":
                await self.bot.send_photo(chat_id=address, photo=file, reply_markup=markup)
            else:
                await self.bot.send_document(chat_id=address, document=file, reply_markup=markup)
