"""What every command shares: settings loading, a migrated database, errors as exit code 2."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any, NoReturn, TypeVar

import click

from bot.database import Database
from bot.settings import Settings, SettingsError, load_settings
from inventory.known_packages import KnownPackagesError

T = TypeVar("T")


class BadInput(click.ClickException):
    """Bad input: the reason goes to stderr and the exit code is 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        """Print the message without click's 'Error:' decoration."""
        click.echo(f"zhengban: {self.format_message()}", err=True)


def fail(message: str) -> NoReturn:
    """Stop the command with exit code 2 and ``message`` on stderr."""
    raise BadInput(message)


def settings_from(ctx: click.Context) -> Settings:
    """Load settings once per invocation; a bad setting is bad input."""
    root = ctx.find_root()
    cached = root.meta.get("zhengban.settings")
    if cached is None:
        try:
            cached = load_settings()
        except SettingsError as exc:
            fail(str(exc))
        root.meta["zhengban.settings"] = cached
    return cached  # type: ignore[no-any-return]


@asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[Database]:
    """A migrated database for one command, disposed at the end."""
    db = Database(settings.resolved_database_url)
    try:
        await db.upgrade()
        yield db
    finally:
        await db.dispose()


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion; a bad known-packages table is bad input."""
    try:
        return asyncio.run(coro)
    except KnownPackagesError as error:
        fail(f"已知软件表无法读取 / known-packages table unreadable: {error}")


def echo_json(value: Any) -> None:
    """Print one JSON document (UTF-8, Chinese kept readable)."""
    click.echo(json.dumps(value, ensure_ascii=False, default=str))


def setup_logging(level: str) -> None:
    """Log to stderr at ``level`` with a compact format."""
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.INFO),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("httpx", "apscheduler", "aiohttp.access", "jieba", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


async def with_database(ctx: click.Context, action: Callable[[Database], Awaitable[T]]) -> T:
    """Open the migrated database for ``action(db)`` and return its result."""
    async with open_database(settings_from(ctx)) as db:
        return await action(db)
