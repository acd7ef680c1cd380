"""Shared fixtures: a migrated database (SQLite, or PostgreSQL from the environment) and the chat core."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app import build_services
from bot.database import Database, import_models
from bot.flows import ChatCore, build_registry
from bot.services import Services
from bot.settings import Settings
from inventory.classify import Classifier, load_default_classifier
from inventory.models import Person, Role
from inventory.people import get_or_create_department
from knowledge.base import KnowledgeBase

PG_URL = os.environ.get("ZHENGBAN_TEST_DATABASE_URL")


def database_url(tmp_path: Path) -> str:
    """The test database: PostgreSQL when ZHENGBAN_TEST_DATABASE_URL is set, else a SQLite file."""
    return PG_URL or f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


async def reset_postgres_engine(eng: AsyncEngine) -> None:
    """Empty the PostgreSQL test database so every test starts from nothing."""
    async with eng.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))


async def reset_postgres(db: Database) -> None:
    """Empty the PostgreSQL test database behind ``db``."""
    await reset_postgres_engine(db.engine)


def _sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    """Enforce foreign keys on SQLite as PostgreSQL does."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    """Every package's tables straight from the models: in-memory SQLite, or PostgreSQL."""
    import_models()
    if PG_URL:
        eng = create_async_engine(PG_URL)
        await reset_postgres_engine(eng)
    else:
        eng = create_async_engine(
            "sqlite+aiosqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
        event.listen(eng.sync_engine, "connect", _sqlite_foreign_keys)
    async with eng.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all)
    yield eng
    await eng.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    """A session on :func:`engine`; tests own its transaction."""
    async with AsyncSession(engine, expire_on_commit=False) as sess:
        yield sess


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for tests: no Telegram, a port chosen by the OS, data under tmp_path."""
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path,
        database_url=database_url(tmp_path),
        http_port=0,
    )


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    """A database migrated to head through Alembic, as `zhengban run` does."""
    database = Database(settings.resolved_database_url)
    if not database.is_sqlite:
        await reset_postgres(database)
    await database.upgrade()
    yield database
    await database.dispose()


@pytest.fixture(scope="session")
def knowledge_base() -> KnowledgeBase:
    """The shipped knowledge base, loaded once for the whole run."""
    return KnowledgeBase.load_default()


@pytest.fixture(scope="session")
def classifier() -> Classifier:
    """The shipped software classifier, loaded once for the whole run."""
    return load_default_classifier()


@pytest.fixture
def services(
    settings: Settings, db: Database, knowledge_base: KnowledgeBase, classifier: Classifier
) -> Services:
    """The services the flows use, on the test database."""
    return build_services(settings, db, knowledge=knowledge_base, classifier=classifier)


@pytest.fixture
def core(services: Services) -> ChatCore:
    """The channel-neutral chat core with every flow registered."""
    return ChatCore(services, build_registry())


async def add_person(db: Database, name: str, role: Role, department: str | None = None) -> Person:
    """Store a person (and their department) and return it."""
    async with db.session() as session:
        dept = await get_or_create_department(session, department) if department else None
        person = Person(name=name, role=role, department_id=dept.id if dept else None)
        session.add(person)
        await session.flush()
        return person
