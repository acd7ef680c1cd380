"""Migrations match the models, on SQLite and PostgreSQL, and `zhengban db upgrade` runs them."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlmodel import SQLModel

from bot.cli import cli
from bot.database import Database, import_models
from bot.settings import Settings


def _diff(connection: Any) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": False})
    return list(compare_metadata(context, SQLModel.metadata))


async def test_migrations_create_every_table_of_every_package(db: Database) -> None:
    import_models()
    async with db.engine.connect() as conn:
        diff = await conn.run_sync(_diff)
    assert diff == [], f"models changed without a migration (zhengban db revision -m ...): {diff}"


def test_db_upgrade_command(settings: Settings, db: Database, monkeypatch: Any) -> None:
    monkeypatch.setenv("ZHENGBAN_DATABASE_URL", settings.resolved_database_url)
    result = CliRunner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0 and "最新" in result.output
