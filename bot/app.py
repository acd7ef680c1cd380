"""The composition root: build services and channels, then one startup and shutdown sequence."""

from __future__ import annotations

import asyncio
import logging
import signal
from contextlib import AsyncExitStack, suppress
from dataclasses import dataclass, field
from typing import Any

from bot.access import ChatAddressBook
from bot.channels.base import BaseChannel
from bot.database import Database
from bot.flows import ChatCore, build_registry
from bot.http_imports import add_import_routes
from bot.services import Services
from bot.settings import Settings
from bot.web import WebServer, build_web_app
from inventory.classify import Classifier, classifier_for
from inventory.settings import InventorySettings
from knowledge.base import KnowledgeBase
from knowledge.settings import KnowledgeSettings
from reminders.alert_jobs import job_source
from reminders.alert_settings import AlertSettings
from reminders.broadcasts import final_report
from reminders.scheduler import ReminderScheduler
from reminders.settings import ReminderSettings
from reminders.worker import DeliveryWorker

_LOGGER = logging.getLogger(__name__)
SHUTDOWN_TIMEOUT = 4.5


def build_services(
    settings: Settings,
    db: Database,
    *,
    knowledge: KnowledgeBase | None = None,
    classifier: Classifier | None = None,
) -> Services:
    """Create the services every flow uses: storage, clock, knowledge base, software classifier."""
    if knowledge is None:
        knowledge = KnowledgeBase.load_default(KnowledgeSettings(**settings.section("knowledge")))
    if classifier is None:
        classifier = classifier_for(InventorySettings(**settings.section("inventory")))
    return Services(settings=settings, db=db, knowledge=knowledge, classifier=classifier)


async def load_pins(services: Services) -> None:
    """Give the knowledge base the phrasings admins pinned to articles."""
    from knowledge import store

    async with services.db.session() as session:
        pins = await store.list_pins(session)
    services.knowledge.set_pins({p.phrasing: p.article_id for p in pins})


@dataclass
class App:
    """A running zhengban: services, chat core, web server and channels."""

    settings: Settings
    services: Services
    core: ChatCore
    server: WebServer | None = None
    channels: list[BaseChannel] = field(default_factory=list)

    async def handle(self, incoming: Any) -> Any:
        """Hand one incoming chat event to the core."""
        return await self.core.handle(incoming)


async def start_app(
    settings: Settings, stack: AsyncExitStack, *, telegram_request: Any = None
) -> App:
    """Start everything in dependency order, registering each teardown right after its setup."""
    db = Database(settings.resolved_database_url)
    stack.push_async_callback(db.dispose)
    await db.upgrade()
    services = build_services(settings, db)
    await load_pins(services)
    app = App(settings, services, ChatCore(services, build_registry()))
    web_app = build_web_app()
    add_import_routes(web_app, services)
    app.channels = _channels(settings, app, telegram_request)
    for channel in app.channels:
        add_routes = getattr(channel, "add_routes", None)
        if add_routes is not None:
            add_routes(web_app)
    if settings.web_enabled or settings.webhook_url:
        app.server = WebServer(web_app, settings.http_host, settings.http_port)
        await app.server.start()
        stack.push_async_callback(app.server.stop)
        for channel in app.channels:
            channel.base_url = app.server.url  # type: ignore[attr-defined]
    for channel in app.channels:
        await channel.start()
        stack.push_async_callback(channel.stop)
        _LOGGER.info("serving %s", channel.describe())
    await start_reminders(app, stack)
    return app


def _reporter(services: Services) -> Any:
    """The worker's progress hook: send the author a final report when a broadcast is done."""

    async def report(broadcast_ids: frozenset[int]) -> None:
        async with services.db.session() as session:
            for broadcast_id in broadcast_ids:
                await final_report(session, broadcast_id, ChatAddressBook(), services.now())

    return report


def reminder_settings(settings: Settings) -> ReminderSettings:
    """The reminders section, with the office time zone."""
    return ReminderSettings(**{"timezone": settings.timezone, **settings.section("reminders")})


async def start_reminders(app: App, stack: AsyncExitStack) -> None:
    """Start the outbox delivery worker and the scheduler, each with its teardown beside it."""
    services, db = app.services, app.services.db
    quiet = reminder_settings(app.settings)
    notifiers = {c.name: c.notifier for c in app.channels if c.notifier is not None}
    worker = DeliveryWorker(
        db.sessionmaker, notifiers, services.clock, quiet, on_progress=_reporter(services)
    )
    await worker.start()
    stack.push_async_callback(worker.stop)
    services.extras["worker"] = worker
    alert_settings = AlertSettings(
        **{"timezone": app.settings.timezone, **app.settings.section("alerts")}
    )
    scheduler = ReminderScheduler(db.sessionmaker, services.clock, quiet)
    scheduler.add_job_source(
        job_source(db.sessionmaker, ChatAddressBook(), alert_settings, quiet, services.clock)
    )
    caught_up = await scheduler.start()
    stack.push_async_callback(scheduler.stop)
    services.extras["scheduler"] = scheduler
    _LOGGER.info(
        "delivery worker for %s; scheduler with %d jobs (caught up: %s)",
        ", ".join(sorted(notifiers)) or "no channel",
        len(scheduler.specs),
        ", ".join(caught_up) or "none",
    )


def _channels(settings: Settings, app: App, request: Any) -> list[BaseChannel]:
    """The channels this configuration serves: web chat, and Telegram when a token is set."""
    channels: list[BaseChannel] = []
    if settings.web_enabled:
        from bot.channels.web.channel import WebChannel

        channels.append(WebChannel(app.handle, app.services.db.sessionmaker))
    if settings.telegram_token is not None:
        from bot.channels.telegram.channel import TelegramChannel

        channels.append(TelegramChannel(settings, app.handle, request))
    return channels


async def run(
    settings: Settings,
    *,
    stop: asyncio.Event | None = None,
    telegram_request: Any = None,
) -> None:
    """Run until SIGINT or SIGTERM (or ``stop`` is set), then shut down within 5 seconds."""
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    stack = AsyncExitStack()
    try:
        app = await start_app(settings, stack, telegram_request=telegram_request)
        if app.server is not None:
            _LOGGER.info("网页聊天已启动 / web chat at %s/", app.server.url)
            print(f"zhengban 网页聊天 / web chat: {app.server.url}/", flush=True)
        await stop.wait()
        _LOGGER.info("shutting down")
    finally:
        try:
            await asyncio.wait_for(stack.aclose(), SHUTDOWN_TIMEOUT)
        except TimeoutError:
            _LOGGER.warning("shutdown took longer than %.1f s; exiting anyway", SHUTDOWN_TIMEOUT)
