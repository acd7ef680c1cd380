"""`zhengban tickets reject|wait|rule`: the ticket actions admins take less often."""

from __future__ import annotations

import click
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import access
from bot.cli.base import echo_json, fail, settings_from
from bot.cli.tickets import CLI_CHANNEL, _person, _run
from inventory.models import Role, utcnow
from inventory.people import department_name, find_department
from tickets import assignment, lifecycle
from tickets.settings import TicketSettings


@click.command("reject")
@click.argument("ticket_id", type=int)
@click.option("--reason", required=True, help="驳回理由 / why the ticket is rejected")
@click.pass_context
def reject(ctx: click.Context, ticket_id: int, reason: str) -> None:
    """Reject ticket ID with a reason (for example a false positive); audited."""

    async def action(session: AsyncSession) -> str:
        ticket = await lifecycle.get_ticket(session, ticket_id)
        await lifecycle.reject(session, ticket, None, reason, utcnow())
        await access.audit(
            session, None, CLI_CHANNEL, "ticket.reject", {"ticket_id": ticket_id, "reason": reason}
        )
        return str(ticket.status)

    click.echo(f"#{ticket_id}: {_run(ctx, action)}")


@click.command("wait")
@click.argument("ticket_id", type=int)
@click.option("--off", is_flag=True, help="the user answered: start the SLA clock again")
@click.pass_context
def wait(ctx: click.Context, ticket_id: int, off: bool) -> None:
    """Pause the SLA clock of ticket ID while waiting on the user (or resume it with --off)."""
    section = TicketSettings(**settings_from(ctx).section("tickets"))

    async def action(session: AsyncSession) -> str:
        ticket = await lifecycle.get_ticket(session, ticket_id)
        await lifecycle.set_waiting_on_user(session, ticket, not off, utcnow(), section)
        await access.audit(
            session, None, CLI_CHANNEL, "ticket.wait", {"ticket_id": ticket_id, "waiting": not off}
        )
        due = ticket.sla_due_at.isoformat() if ticket.sla_due_at else "-"
        return (
            f"{'等待用户 / waiting on user' if not off else '继续计时 / clock running'}, due {due}"
        )

    click.echo(f"#{ticket_id}: {_run(ctx, action)}")


@click.group("rule")
def rule_group() -> None:
    """Assignment rules: which technician gets a department's tickets (else round-robin)."""


@rule_group.command("set")
@click.argument("department")
@click.argument("technician")
@click.pass_context
def rule_set(ctx: click.Context, department: str, technician: str) -> None:
    """Send DEPARTMENT's new tickets to TECHNICIAN (name or id)."""

    async def action(session: AsyncSession) -> str:
        dept = await find_department(session, department)
        if dept is None or dept.id is None:
            fail(f"没有科室“{department}” / no department {department!r}")
        person = await _person(session, technician)
        if person.role not in (Role.technician, Role.admin) or person.id is None:
            fail(f"{person.name} 不是技术人员 / is not a technician")
        await assignment.set_rule(session, dept.id, person.id)
        await access.audit(
            session,
            None,
            CLI_CHANNEL,
            "ticket.rule",
            {"department": department, "technician": person.id},
        )
        return person.name

    click.echo(f"{department} -> {_run(ctx, action)}")


@rule_group.command("remove")
@click.argument("department")
@click.pass_context
def rule_remove(ctx: click.Context, department: str) -> None:
    """Remove DEPARTMENT's rule (its tickets go round-robin again)."""

    async def action(session: AsyncSession) -> bool:
        dept = await find_department(session, department)
        removed = (
            dept is not None
            and dept.id is not None
            and await assignment.delete_rule(session, dept.id)
        )
        if removed:
            await access.audit(
                session, None, CLI_CHANNEL, "ticket.rule.remove", {"department": department}
            )
        return bool(removed)

    if not _run(ctx, action):
        fail(f"科室“{department}”没有分派规则 / no rule for {department!r}")
    click.echo(f"{department}: round-robin")


@rule_group.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def rule_list(ctx: click.Context, as_json: bool) -> None:
    """List the assignment rules."""

    async def action(session: AsyncSession) -> list[dict[str, object]]:
        from inventory.models import Person

        rows: list[dict[str, object]] = []
        for rule in await assignment.list_rules(session):
            person = await session.get(Person, rule.technician_id)
            rows.append(
                {
                    "department": await department_name(session, rule.department_id),
                    "technician": person.name if person else rule.technician_id,
                }
            )
        return rows

    rows = _run(ctx, action)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(f"{row['department']} -> {row['technician']}")


TICKET_COMMANDS: tuple[click.Command, ...] = (reject, wait, rule_group)
