"""Fixtures for the reminders tests: a fresh database per test, a fake clock, people."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import inventory.models
import reminders.models
from inventory.models import Department, Person, Role
from tests.reminders.fakes import FakeAddressBook, FakeClock

_ = (inventory.models, reminders.models)


async def _fresh_engine(sqlite_url: str) -> AsyncEngine:
    url = os.environ.get("ZHENGBAN_TEST_DATABASE_URL")
    if url:
        eng = create_async_engine(url)
    elif sqlite_url == "sqlite+aiosqlite://":
        eng = create_async_engine(
            sqlite_url, connect_args={"check_same_thread": False}, poolclass=StaticPool
        )
    else:
        eng = create_async_engine(sqlite_url)
    async with eng.begin() as conn:
        if url:
            await conn.run_sync(SQLModel.metadata.drop_all)
        await conn.run_sync(SQLModel.metadata.create_all)
    return eng


async def _dispose(eng: AsyncEngine) -> None:
    if os.environ.get("ZHENGBAN_TEST_DATABASE_URL"):
        async with eng.begin() as conn:
            await conn.run_sync(SQLModel.metadata.drop_all)
    await eng.dispose()


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    """An in-memory SQLite database (or the PostgreSQL one named by the environment)."""
    eng = await _fresh_engine("sqlite+aiosqlite://")
    yield eng
    await _dispose(eng)


@pytest.fixture
async def file_sessionmaker(tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a SQLite file, for tests where a background task and the test both connect."""
    eng = await _fresh_engine(f"sqlite+aiosqlite:///{tmp_path / 'reminders.db'}")
    yield async_sessionmaker(eng, class_=AsyncSession, expire_on_commit=False)
    await _dispose(eng)


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


@pytest.fixture
async def session(sessionmaker: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as s:
        yield s


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 2, 0))  # Monday 10:00 in Asia/Shanghai


@pytest.fixture
async def people(session: AsyncSession) -> dict[str, Person]:
    """Four people in two departments; 赵六 is inactive."""
    it = Department(name="信息科")
    office = Department(name="办公室")
    session.add_all([it, office])
    await session.flush()
    folks = {
        "张三": Person(name="张三", role=Role.admin, department_id=office.id),
        "李四": Person(name="李四", role=Role.technician, department_id=it.id),
        "王五": Person(name="王五", role=Role.staff, department_id=office.id),
        "赵六": Person(name="赵六", role=Role.staff, department_id=office.id, active=False),
    }
    session.add_all(folks.values())
    await session.commit()
    return folks


@pytest.fixture
def address_book(people: dict[str, Person]) -> FakeAddressBook:
    book = FakeAddressBook()
    for n, person in enumerate(people.values(), start=1):
        assert person.id is not None
        book.add(person.id, "telegram", str(1000 + n))
    return book
