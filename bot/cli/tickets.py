"""`zhengban tickets list|show|assign|resolve` and `zhengban report tickets`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import access
from bot.cli.base import echo_json, fail, run_async, settings_from, with_database
from bot.database import Database
from inventory.models import Person, utcnow
from inventory.people import find_people
from tickets import assignment, lifecycle, listing, reports
from tickets.lifecycle import TicketError
from tickets.models import TicketStatus
from tickets.settings import TicketSettings

CLI_CHANNEL = "cli"
STATUSES = click.Choice([s.value for s in TicketStatus])


@click.group("tickets")
def tickets_group() -> None:
    """工单 / tickets: list, show, assign, resolve."""


async def _person(session: AsyncSession, who: str) -> Person:
    """A person by id or exact name, or bad input."""
    if who.isdigit():
        person = await session.get(Person, int(who))
        if person is None or not person.active:
            fail(f"没有人员 #{who} / no person #{who}")
        return person
    people = await find_people(session, who)
    if len(people) != 1:
        fail(f"找不到唯一名为“{who}”的人员 / no single person named {who!r}")
    return people[0]


def _run(ctx: click.Context, action: Any) -> Any:
    """Run ``action(session)`` in one transaction; a TicketError is bad input."""

    async def go(db: Database) -> Any:
        async with db.session() as session:
            try:
                return await action(session)
            except TicketError as exc:
                fail(str(exc))

    return run_async(with_database(ctx, go))


def _line(row: dict[str, Any]) -> str:
    """One ticket row as a text line."""
    products = "、".join(f["product"] for f in row["findings"]) or "-"
    return (
        f"#{row['id']:<5} {row['kind']:<12} {row['status']:<11} {row['priority']:<7} "
        f"{row['machine'] or '-':<12} {row['assignee'] or '-':<8} {row['due'] or '-':<21} {products}"
    )


@tickets_group.command("list")
@click.option("--status", type=STATUSES, default=None, help="open|assigned|in_progress|...")
@click.option("--machine", "machine", default=None, help="资产编号 / asset tag")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@click.pass_context
def list_(ctx: click.Context, status: str | None, machine: str | None, as_json: bool) -> None:
    """List tickets: [{"id","kind","status","machine","priority","assignee","due","findings"}]."""
    rows = _run(ctx, lambda s: listing.list_tickets(s, status=status, machine_asset=machine))
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(_line(row))


@tickets_group.command("show")
@click.argument("ticket_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@click.pass_context
def show(ctx: click.Context, ticket_id: int, as_json: bool) -> None:
    """Show one ticket with its findings, watchers and events."""
    detail = _run(ctx, lambda s: listing.ticket_detail(s, ticket_id))
    if as_json:
        echo_json(detail)
        return
    click.echo(_line(detail))
    click.echo(f"{detail['title']}")
    for key in ("department", "requester", "opened_at", "resolution_note", "reject_reason"):
        if detail[key]:
            click.echo(f"  {key}: {detail[key]}")
    for event in detail["events"]:
        change = f"{event['from'] or ''}->{event['to']}" if event["to"] else event["kind"]
        click.echo(
            f"  {event['at']}  {event['actor'] or 'system'}  {change}  {event['note'] or ''}"
        )


@tickets_group.command("assign")
@click.argument("ticket_id", type=int)
@click.argument("person")
@click.pass_context
def assign(ctx: click.Context, ticket_id: int, person: str) -> None:
    """Assign (or reassign) ticket ID to PERSON (name or id); audited."""

    async def action(session: AsyncSession) -> str:
        technician = await _person(session, person)
        assert technician.id is not None
        ticket = await lifecycle.get_ticket(session, ticket_id)
        await assignment.assign(session, ticket, technician.id, utcnow())
        detail = {"ticket_id": ticket_id, "to": technician.id}
        await access.audit(session, None, CLI_CHANNEL, "ticket.assign", detail)
        return technician.name

    name = _run(ctx, action)
    click.echo(f"#{ticket_id} -> {name}")


@tickets_group.command("resolve")
@click.argument("ticket_id", type=int)
@click.option("--note", required=True, help="整改措施 / what was done")
@click.pass_context
def resolve(ctx: click.Context, ticket_id: int, note: str) -> None:
    """Mark ticket ID resolved with a note; the next scan verifies it."""

    async def action(session: AsyncSession) -> str:
        ticket = await lifecycle.get_ticket(session, ticket_id)
        await lifecycle.resolve(session, ticket, None, note, utcnow())
        await access.audit(session, None, CLI_CHANNEL, "ticket.resolve", {"ticket_id": ticket_id})
        return str(ticket.status)

    click.echo(f"#{ticket_id}: {_run(ctx, action)}")


@click.command("tickets")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@click.option(
    "--xlsx",
    "xlsx",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="write the 整改台账 workbook",
)
@click.pass_context
def report_tickets_command(ctx: click.Context, as_json: bool, xlsx: Path | None) -> None:
    """Ticket figures (open, overdue, closed, mean days to remediate, per department)."""
    if as_json and xlsx is not None:
        fail("--json 与 --xlsx 只能选一个 / choose one of --json and --xlsx")
    if xlsx is not None:
        section = TicketSettings(**settings_from(ctx).section("tickets"))
        count = _run(ctx, lambda s: reports.write_ticket_ledger_xlsx(s, xlsx, section))
        click.echo(f"整改台账 {count} 行 / rows -> {xlsx}")
        return
    report = _run(ctx, lambda s: reports.ticket_report(s, utcnow()))
    if as_json:
        echo_json(report)
        return
    click.echo(
        f"未结 open {report['open']}  超期 overdue {report['overdue']}  已关闭 closed "
        f"{report['closed']}  平均整改天数 {report['mean_days_to_remediate']}"
    )
    for row in report["departments"]:
        click.echo(f"  {row['name']}: {row['open']} / {row['overdue']} / {row['closed']}")
