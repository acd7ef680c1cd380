"""Writing rows: the dry-run savepoint unit, and bulk inserts (executemany on SQLite, COPY on PostgreSQL)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Installation

ROW_CHUNK = 20_000
INSTALL_COLUMNS = (
    "machine_id",
    "display_name",
    "version",
    "publisher",
    "first_seen",
    "last_seen",
    "present",
    "product_id",
    "product",
    "license_class",
    "category",
)


@asynccontextmanager
async def unit_of_work(session: AsyncSession, dry_run: bool) -> AsyncIterator[None]:
    """Run the body in a savepoint rolled back at the end when ``dry_run``."""
    if not dry_run:
        yield
        await session.flush()
        return
    nested = await session.begin_nested()
    try:
        yield
        await session.flush()
    finally:
        await nested.rollback()
        session.expire_all()


async def _sqlite_insert(connection: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert installation rows with the driver's executemany, skipping per-value processing.

    Times are written in SQLAlchemy's SQLite DateTime format so the ORM reads them back.
    """
    stamps: dict[datetime, str] = {}

    def stamp(value: datetime) -> str:
        found = stamps.get(value)
        if found is None:
            found = stamps[value] = value.strftime("%Y-%m-%d %H:%M:%S.%f")
        return found

    names = ", ".join(INSTALL_COLUMNS)
    sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(INSTALL_COLUMNS))})"
    for start in range(0, len(rows), ROW_CHUNK):
        params = [
            (
                r["machine_id"],
                r["display_name"],
                r["version"],
                r["publisher"],
                stamp(r["first_seen"]),
                stamp(r["last_seen"]),
                int(r["present"]),
                r["product_id"],
                r["product"],
                r["license_class"],
                r["category"],
            )
            for r in rows[start : start + ROW_CHUNK]
        ]
        await connection.exec_driver_sql(sql, params)


async def _pg_copy(connection: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert installation rows with PostgreSQL COPY inside the session's transaction."""
    raw = await connection.get_raw_connection()
    records = [tuple(r[c] for c in INSTALL_COLUMNS) for r in rows]
    await raw.driver_connection.copy_records_to_table(
        table.name, records=records, columns=list(INSTALL_COLUMNS)
    )


async def bulk_insert(
    session: AsyncSession,
    inserts: list[dict[str, Any]],
    refresh: list[dict[str, Any]],
    gone: list[dict[str, Any]],
) -> None:
    """Write installation rows with executemany in chunks."""
    table = Installation.__table__  # type: ignore[attr-defined]
    connection = await session.connection()
    set_refresh = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(
            last_seen=bindparam("b_last"),
            present=bindparam("b_present"),
            product_id=bindparam("b_product_id"),
            product=bindparam("b_product"),
            license_class=bindparam("b_license_class"),
            category=bindparam("b_category"),
        )
    )
    set_gone = update(table).where(table.c.id == bindparam("b_id")).values(present=False)
    if connection.dialect.name == "sqlite" and inserts:
        await _sqlite_insert(connection, table, inserts)
        inserts = []
    elif connection.dialect.driver == "asyncpg" and inserts:
        await _pg_copy(connection, table, inserts)
        inserts = []
    for statement, rows in ((insert(table), inserts), (set_refresh, refresh), (set_gone, gone)):
        for start in range(0, len(rows), ROW_CHUNK):
            await connection.execute(statement, rows[start : start + ROW_CHUNK])
