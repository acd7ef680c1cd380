"""The async database: engine, sessions and migrations (SQLite by default, PostgreSQL by URL)."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

_LOGGER = logging.getLogger(__name__)
MODEL_MODULES = (
    "inventory.models",
    "knowledge.models",
    "tickets.models",
    "reminders.models",
    "bot.models",
)
MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def import_models() -> None:
    """Import every package's models so SQLModel.metadata knows all tables."""
    for name in MODEL_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Turn on WAL, foreign keys and a busy timeout for every SQLite connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str) -> AsyncEngine:
    """Create the async engine for ``url``; SQLite gets its directory and pragmas."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True)


class Database:
    """An engine with a session factory; the app's one way into storage."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.sessionmaker = async_sessionmaker(
            self.engine, class_=AsyncSession, expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        """Whether this database is SQLite."""
        return self.engine.dialect.name == "sqlite"

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """Yield a session in a transaction: committed on success, rolled back on error."""
        async with self.sessionmaker() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    async def upgrade(self) -> None:
        """Apply every Alembic migration up to head."""
        import_models()
        async with self.engine.begin() as conn:
            await conn.run_sync(_run_upgrade)

    async def create_all(self) -> None:
        """Create every table directly from the models (tests only; production uses migrations)."""
        import_models()
        async with self.engine.begin() as conn:
            await conn.run_sync(SQLModel.metadata.create_all)

    async def dispose(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def alembic_config(connection: Any = None) -> Any:
    """Build an Alembic config pointing at bot/migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def _run_upgrade(connection: Any) -> None:
    """Run `alembic upgrade head` on an open synchronous connection."""
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
    _LOGGER.debug("database migrated to head")


def _run_revision(connection: Any, message: str) -> None:
    """Autogenerate a migration comparing the models with an up-to-date database."""
    from alembic import command

    config = alembic_config(connection)
    command.upgrade(config, "head")
    command.revision(config, message=message, autogenerate=True)


async def make_revision(db: Database, message: str) -> None:
    """Write a new migration file for model changes (a developer command)."""
    import_models()
    async with db.engine.begin() as conn:
        await conn.run_sync(_run_revision, message)
