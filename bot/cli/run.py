"""`zhengban run` and `zhengban db upgrade`."""

from __future__ import annotations

import click

from bot.cli.base import fail, open_database, run_async, settings_from, setup_logging
from bot.web import PortInUseError


@click.command("run")
@click.pass_context
def run_command(ctx: click.Context) -> None:
    """Start channels, web server, scheduler and delivery worker (网页聊天默认 127.0.0.1:8080)."""
    from bot.app import run

    settings = settings_from(ctx)
    setup_logging(settings.log_level)
    try:
        run_async(run(settings))
    except PortInUseError as exc:
        fail(str(exc))


@click.group("db")
def db_group() -> None:
    """Database maintenance."""


@db_group.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Apply every migration up to the newest."""
    settings = settings_from(ctx)

    async def upgrade() -> None:
        async with open_database(settings):
            pass

    run_async(upgrade())
    click.echo("数据库已是最新 / database is up to date")


@db_group.command("revision")
@click.option("-m", "--message", required=True, help="what the migration changes")
def db_revision(message: str) -> None:
    """Write a migration for model changes (developers; uses a scratch SQLite database)."""
    import tempfile

    from bot.database import Database, make_revision

    async def go() -> None:
        with tempfile.TemporaryDirectory() as scratch:
            db = Database(f"sqlite+aiosqlite:///{scratch}/scratch.db")
            try:
                await make_revision(db, message)
            finally:
                await db.dispose()

    run_async(go())
