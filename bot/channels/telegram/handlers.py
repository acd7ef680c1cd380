"""Thin PTB callbacks: a Telegram update becomes an Incoming; the replies go back as messages."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, Update
from telegram import Message as TgMessage
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.channels.telegram.notifier import TelegramNotifier
from bot.flows.core import Incoming
from reminders.messages import Attachment, Message

_LOGGER = logging.getLogger(__name__)
MAX_DOWNLOAD = 20 * 1024 * 1024
Handle = Callable[[Incoming], Awaitable[list[Message]]]


def add_handlers(application: Application, handle: Handle) -> None:  # type: ignore[type-arg]
    """Register the message and button callbacks that feed ``handle``."""
    private = filters.ChatType.PRIVATE

    async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Handle a private text, command or file message."""
        message, user = update.effective_message, update.effective_user
        if message is None or user is None:
            return
        await _typing(context, message.chat_id)
        incoming = Incoming(
            channel="telegram",
            external_id=str(user.id),
            chat_address=str(message.chat_id),
            text=message.text or message.caption or "",
            display_name=user.full_name,
            attachment=await _download(message),
        )
        await send_replies(context.bot, message.chat_id, await handle(incoming))

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Handle an inline-button press."""
        query, user = update.callback_query, update.effective_user
        if query is None or user is None or query.message is None:
            return
        await query.answer()
        chat_id = query.message.chat.id
        incoming = Incoming(
            channel="telegram",
            external_id=str(user.id),
            chat_address=str(chat_id),
            button=query.data or "",
            display_name=user.full_name,
        )
        await send_replies(context.bot, chat_id, await handle(incoming))

    application.add_handler(MessageHandler(private & ~filters.UpdateType.EDITED, on_message))
    application.add_handler(CallbackQueryHandler(on_button))


async def _typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """Show 'typing…' while the answer is prepared; never fail the update for it."""
    try:
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
    except TelegramError as exc:
        _LOGGER.debug("chat action failed: %s", exc)


async def _download(message: TgMessage) -> Attachment | None:
    """Fetch a sent document (for imports by admins); None when there is none or it is too big."""
    document = message.document
    if document is None or (document.file_size or 0) > MAX_DOWNLOAD:
        return None
    telegram_file = await document.get_file()
    content = bytes(await telegram_file.download_as_bytearray())
    return Attachment(document.file_name or "upload.bin", content)


async def send_replies(bot: Bot, chat_id: int | str, replies: list[Message]) -> None:
    """Send each reply the way the outbox does (HTML chunks, buttons, attachment)."""
    notifier = TelegramNotifier(bot)
    for reply in replies:
        await notifier.deliver(str(chat_id), reply)
