"""Alembic environment: runs on the connection bot.database hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

from bot.database import import_models

import_models()
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    """Run migrations on the connection passed in config attributes."""
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("zhengban migrations run through `zhengban db upgrade`")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
