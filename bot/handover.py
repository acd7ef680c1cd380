"""Hand all unit data back at the end of the contract: export every table, then erase."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, select
from sqlmodel import SQLModel

from bot.database import Database, import_models

SKIP = {"alembic_version"}


def tables() -> list[Table]:
    """Every table of every package, parents before children."""
    import_models()
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in SKIP]


def _csv(rows: list[Any], columns: list[str]) -> bytes:
    """Rows as CSV with a UTF-8 BOM so Excel opens the Chinese correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell(value: Any) -> str:
    """One value as text (JSON for structures, ISO for times, hex for bytes)."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


async def export_zip(db: Database, out: Path) -> dict[str, int]:
    """Write one CSV per table and a manifest into ``out``; return rows per table."""
    counts: dict[str, int] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        async with db.engine.connect() as conn:
            for table in tables():
                rows = list((await conn.execute(select(table))).all())
                archive.writestr(f"{table.name}.csv", _csv(rows, [c.name for c in table.columns]))
                counts[table.name] = len(rows)
        manifest = {
            "exported_at": datetime.now(UTC).isoformat(),
            "tables": counts,
            "format": "one UTF-8 CSV per table, header row first",
        }
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
    return counts


async def erase_all(db: Database) -> int:
    """Delete every row of every table in one transaction (children first); rows deleted."""
    total = 0
    async with db.engine.begin() as conn:
        for table in reversed(tables()):
            result = await conn.execute(delete(table))
            total += int(result.rowcount or 0)
    return total
