"""`zhengban export --out FILE.zip` and `zhengban erase --yes`: hand-over at the end of the contract."""

from __future__ import annotations

from pathlib import Path

import click

from bot import access
from bot.cli.base import fail, run_async, with_database
from bot.database import Database
from bot.handover import erase_all, export_zip


@click.command("export")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="the ZIP file to write",
)
@click.pass_context
def export_command(ctx: click.Context, out: Path) -> None:
    """Export all unit data (every table as CSV) for hand-over."""
    if out.suffix.lower() != ".zip":
        fail("--out 必须是 .zip 文件 / --out must end in .zip")

    async def go(db: Database) -> dict[str, int]:
        counts = await export_zip(db, out)
        async with db.session() as session:
            await access.audit(session, None, "cli", "data.export", {"file": out.name})
        return counts

    counts = run_async(with_database(ctx, go))
    click.echo(f"已导出 {sum(counts.values())} 行、{len(counts)} 张表 / exported -> {out}")


@click.command("erase")
@click.option("--yes", is_flag=True, help="really delete every row of every table")
@click.pass_context
def erase_command(ctx: click.Context, yes: bool) -> None:
    """Delete all unit data after hand-over (export first!)."""
    if not yes:
        fail("这会删除全部数据；先 zhengban export，再加 --yes 确认 / add --yes to confirm")

    async def go(db: Database) -> int:
        return await erase_all(db)

    count = run_async(with_database(ctx, go))
    click.echo(f"已删除 {count} 行 / erased {count} rows")
