"""The Telegram channel: PTB Application, polling or our own webhook route, started with retries."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.access import codes_equal
from bot.channels.base import BaseChannel
from bot.channels.telegram.handlers import Handle, add_handlers
from bot.settings import Settings
from reminders.ports import Notifier

_LOGGER = logging.getLogger(__name__)
WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BACKOFF = 60.0


def build_application(
    settings: Settings, handle: Handle, request: BaseRequest | None = None
) -> Application:  # type: ignore[type-arg]
    """Build the PTB Application for ``settings`` (a fake ``request`` makes it fully offline)."""
    assert settings.telegram_token is not None
    builder = ApplicationBuilder().token(settings.telegram_token.get_secret_value())
    if settings.telegram_api_url:
        base = settings.telegram_api_url.rstrip("/")
        base = base[: -len("/bot")] if base.endswith("/bot") else base
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if settings.webhook_url:
        builder = builder.updater(None)
    application = builder.build()
    add_handlers(application, handle)
    return application


class TelegramChannel(BaseChannel):
    """Serves the bot on Telegram; an unreachable Bot API is retried and never blocks the app."""

    name = "telegram"

    def __init__(
        self, settings: Settings, handle: Handle, request: BaseRequest | None = None
    ) -> None:
        self.settings = settings
        self.application = build_application(settings, handle, request)
        self._task: asyncio.Task[None] | None = None
        self._running = False
        self.ready = asyncio.Event()

    @property
    def notifier(self) -> Notifier | None:
        """The outbox notifier sending through this application's bot."""
        from bot.channels.telegram.notifier import TelegramNotifier

        return TelegramNotifier(self.application.bot)

    def describe(self) -> str:
        """Say how updates arrive: polling or webhook."""
        mode = f"webhook {self.settings.webhook_url}" if self.settings.webhook_url else "polling"
        api = self.settings.telegram_api_url or "api.telegram.org"
        return f"telegram ({mode}, Bot API {api})"

    def add_routes(self, app: web.Application) -> None:
        """Mount the webhook route on our aiohttp server when a webhook URL is set."""
        if self.settings.webhook_url:
            app.router.add_post(WEBHOOK_PATH, self.webhook)

    async def webhook(self, request: web.Request) -> web.Response:
        """Accept an update from Telegram only with the right secret header."""
        secret = self.settings.webhook_secret
        given = request.headers.get(SECRET_HEADER, "")
        if secret is None or not codes_equal(given, secret.get_secret_value()):
            return web.Response(status=403, text="forbidden")
        if not self._running:
            return web.Response(status=503, text="starting")
        try:
            data: Any = await request.json()
            update = Update.de_json(data, self.application.bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400, text="bad update")
        await self.application.update_queue.put(update)
        return web.Response(text="ok")

    async def start(self) -> None:
        """Start connecting in the background; failures are retried with backoff."""
        self._task = asyncio.create_task(self._connect(), name="telegram-connect")

    async def _connect(self) -> None:
        """Initialize PTB and start polling or the webhook, retrying while the API is down."""
        delay = 1.0
        while True:
            try:
                await self._start_once()
                return
            except InvalidToken:
                _LOGGER.error(
                    "Telegram 拒绝了令牌 / Telegram rejected ZHENGBAN_TELEGRAM_TOKEN; "
                    "the Telegram channel stays off"
                )
                return
            except (NetworkError, TimedOut, OSError) as exc:
                _LOGGER.warning("Bot API unreachable (%s); retrying in %.0f s", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF)

    async def _start_once(self) -> None:
        """One attempt to bring the application up."""
        app = self.application
        if not app._initialized:
            await app.initialize()
        if self.settings.webhook_url:
            assert self.settings.webhook_secret is not None
            await app.bot.set_webhook(
                self.settings.webhook_url,
                secret_token=self.settings.webhook_secret.get_secret_value(),
                allowed_updates=Update.ALL_TYPES,
            )
        await app.start()
        if app.updater is not None:
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES, bootstrap_retries=-1)
        self._running = True
        self.ready.set()
        _LOGGER.info("Telegram connected as @%s", app.bot.username)

    async def stop(self) -> None:
        """Stop polling and the application; safe when it never connected."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        app = self.application
        try:
            if app.updater is not None and app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            if app._initialized:
                await app.shutdown()
        except TelegramError as exc:
            _LOGGER.warning("Telegram shutdown: %s", exc)
        self._running = False
