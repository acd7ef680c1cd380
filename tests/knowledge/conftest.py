from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

import knowledge.models  # noqa: F401  (registers the kb_ tables)
from knowledge import KnowledgeBase

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def articles_dir() -> Path:
    return FIXTURES / "articles"


@pytest.fixture(scope="session")
def broken_dir() -> Path:
    return FIXTURES / "broken"


@pytest.fixture(scope="session")
def kb(articles_dir: Path) -> KnowledgeBase:
    return KnowledgeBase.from_folder(articles_dir)


@pytest.fixture
async def kb_session(session: AsyncSession) -> AsyncIterator[AsyncSession]:
    """The shared per-test session (SQLite, or PostgreSQL from the environment)."""
    yield session
