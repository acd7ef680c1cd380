"""`zhengban user add|invite|role|list`: people, roles and invite codes from the command line."""

from __future__ import annotations

import click
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import access
from bot.cli.base import echo_json, fail, run_async, settings_from, with_database
from bot.database import Database
from inventory.models import Person, PersonCreate, Role
from inventory.people import department_name, find_people, get_or_create_department, list_people

ROLES = click.Choice([r.value for r in Role])
CLI_CHANNEL = "cli"


@click.group("user")
def user_group() -> None:
    """People, roles and invite codes."""


async def _one_person(session: AsyncSession, name: str) -> Person:
    """The single active person called ``name``, or bad input."""
    people = await find_people(session, name)
    if not people:
        fail(f"没有名为“{name}”的人员 / no person named {name!r}")
    if len(people) > 1:
        fail(f"有 {len(people)} 位同名人员“{name}”，请先改名区分 / {name!r} is ambiguous")
    return people[0]


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=ROLES, required=True, help="staff | technician | admin")
@click.option("--department", default=None, help="科室 / department")
@click.option("--telegram-id", type=int, default=None, help="Telegram 用户 ID (numeric)")
@click.pass_context
def add(
    ctx: click.Context, name: str, role: str, department: str | None, telegram_id: int | None
) -> None:
    """Add a person with a role; optionally link a Telegram user id at once."""
    if not name.strip() or len(name) > 100:
        fail("姓名不能为空且不超过100字 / name must be 1-100 characters")

    async def go(db: Database) -> int:
        async with db.session() as session:
            dept = await get_or_create_department(session, department) if department else None
            person = Person.model_validate(
                PersonCreate(
                    name=name.strip(), role=Role(role), department_id=dept.id if dept else None
                )
            )
            session.add(person)
            await session.flush()
            if telegram_id is not None:
                identity = await access.identity_for(session, "telegram", str(telegram_id))
                if identity.person_id not in (None, person.id):
                    fail(f"Telegram ID {telegram_id} 已关联他人 / already linked to someone else")
                identity.person_id = person.id
            await access.audit(
                session, None, CLI_CHANNEL, "user.add", {"person_id": person.id, "role": role}
            )
            assert person.id is not None
            return person.id

    person_id = run_async(with_database(ctx, go))
    click.echo(f"已添加 / added: {name} (id {person_id}, {role})")


@user_group.command("invite")
@click.argument("name")
@click.pass_context
def invite(ctx: click.Context, name: str) -> None:
    """Print a one-time, expiring invite code for NAME (for /start CODE or the web sign-in)."""
    settings = settings_from(ctx)

    async def go(db: Database) -> str:
        async with db.session() as session:
            person = await _one_person(session, name)
            code = await access.create_invite(session, person, ttl_hours=settings.invite_ttl_hours)
            await access.audit(session, None, CLI_CHANNEL, "user.invite", {"person_id": person.id})
            return code

    code = run_async(with_database(ctx, go))
    click.echo(code)
    click.echo(
        f"有效期 {settings.invite_ttl_hours} 小时，只能使用一次。在 Telegram 发送 /start {code}，"
        f"或在网页聊天点“邀请码登录”。 / valid {settings.invite_ttl_hours} h, single use.",
        err=True,
    )


@user_group.command("role")
@click.argument("name")
@click.argument("role", type=ROLES)
@click.pass_context
def role_(ctx: click.Context, name: str, role: str) -> None:
    """Change NAME's role."""

    async def go(db: Database) -> None:
        async with db.session() as session:
            person = await _one_person(session, name)
            old, person.role = person.role, Role(role)
            session.add(person)
            await access.audit(
                session,
                None,
                CLI_CHANNEL,
                "user.role",
                {"person_id": person.id, "from": old, "to": role},
            )

    run_async(with_database(ctx, go))
    click.echo(f"{name}: {role}")


@user_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@click.option("--role", type=ROLES, default=None)
@click.pass_context
def list_(ctx: click.Context, as_json: bool, role: str | None) -> None:
    """List active people with their role, department and linked channels."""

    async def go(db: Database) -> list[dict[str, object]]:
        async with db.session() as session:
            rows = []
            for person in await list_people(session, Role(role) if role else None):
                assert person.id is not None
                channels = sorted({c for c, _ in await access.chat_addresses(session, person.id)})
                rows.append(
                    {
                        "id": person.id,
                        "name": person.name,
                        "role": str(person.role),
                        "department": await department_name(session, person.department_id),
                        "channels": channels,
                    }
                )
            return rows

    rows = run_async(with_database(ctx, go))
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        channels = ",".join(row["channels"]) or "-"  # type: ignore[arg-type]
        click.echo(
            f"{row['id']:>4}  {row['name']}  {row['role']}  {row['department'] or '-'}  {channels}"
        )


@click.command("audit")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 10000))
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def audit_command(ctx: click.Context, limit: int, as_json: bool) -> None:
    """The audit log, newest first: who did what, when, through which channel."""

    async def go(db: Database) -> list[dict[str, object]]:
        async with db.session() as session:
            entries = await access.audit_entries(session, limit)
            names = {p.id: p.name for p in await list_people(session)}
            return [
                {
                    "at": e.at.isoformat(),
                    "actor": names.get(e.actor_id, e.actor_id),
                    "channel": e.channel,
                    "action": e.action,
                    "detail": e.detail,
                }
                for e in entries
            ]

    rows = run_async(with_database(ctx, go))
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(
            f"{row['at']}  {row['actor'] or '-'}  {row['channel']}  {row['action']}  {row['detail']}"
        )
