"""`zhengban chat --as ROLE|NAME`: the console channel on standard input and output."""

from __future__ import annotations

import sys

import click
from sqlmodel import col, select

from bot import access
from bot.app import build_services
from bot.channels.console.channel import ConsoleChannel
from bot.cli.base import fail, open_database, run_async, settings_from
from bot.database import Database
from bot.flows import ChatCore, build_registry
from inventory.models import Person, Role


@click.command("chat")
@click.option(
    "--as", "as_", default=None, help="角色 staff|technician|admin 或姓名 / a role or a name"
)
@click.pass_context
def chat_command(ctx: click.Context, as_: str | None) -> None:
    """Chat in the terminal with the same flows as Telegram (one message per line; pipe-friendly)."""
    settings = settings_from(ctx)

    async def go() -> None:
        async with open_database(settings) as db:
            external_id = await _console_identity(db, as_)
            core = ChatCore(build_services(settings, db), build_registry())
            channel = ConsoleChannel(core.handle, external_id, prompt=sys.stdin.isatty())
            await channel.run()

    run_async(go())


async def _console_identity(db: Database, who: str | None) -> str:
    """Link a console identity to the chosen person and return its external id."""
    async with db.session() as session:
        if who is None:
            return "console:visitor"
        query = select(Person).where(col(Person.active).is_(True))
        if who in {r.value for r in Role}:
            query = query.where(Person.role == Role(who))
        else:
            query = query.where(Person.name == who)
        person = (await session.exec(query.order_by(col(Person.id)))).first()
        if person is None:
            fail(
                f"没有找到“{who}”：先用 zhengban user add 添加 / nobody matches {who!r}; "
                "add one with `zhengban user add`"
            )
        external_id = f"console:{person.id}"
        identity = await access.identity_for(session, "console", external_id)
        identity.person_id = person.id
        return external_id
