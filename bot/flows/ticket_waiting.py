"""The 'waiting on user' toggle on a ticket: the SLA clock pauses until the user answers."""

from __future__ import annotations

from bot.flows.registry import FlowContext, FlowRegistry, Replies
from bot.flows.tickets import _error, _load, _shown, say
from inventory.models import Role
from reminders.messages import Message
from tickets import lifecycle
from tickets.lifecycle import TicketError
from tickets.settings import TicketSettings


def register(registry: FlowRegistry) -> None:
    """Register the waiting toggle button."""

    @registry.button("tkw", role=Role.technician)
    async def toggle(ctx: FlowContext, args: list[str]) -> Replies:
        """Pause or resume the ticket's SLA clock."""
        ticket = await _load(ctx, args)
        if ticket is None or ctx.person is None:
            return [Message(ctx.t("expired_button"))]
        waiting = not ticket.waiting_on_user
        try:
            await lifecycle.set_waiting_on_user(
                ctx.session,
                ticket,
                waiting,
                ctx.services.now(),
                TicketSettings(**ctx.services.settings.section("tickets")),
                ctx.person.id,
            )
        except TicketError as exc:
            return _error(exc)
        lead = say(
            ctx, "⏸ 等待用户，期限暂停计时。", "⏸ Waiting on the user; the SLA clock is paused."
        )
        if not waiting:
            lead = say(
                ctx, "▶ 继续计时，期限已顺延。", "▶ Clock running again; the due date moved."
            )
        return await _shown(ctx, ticket, lead)
