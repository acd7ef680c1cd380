"""Ticket chat: technicians /tickets (accept, comment, resolve, reassign, answer); staff /mytickets."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from bot import access
from bot.flows import registry as flows
from bot.flows.registry import FlowContext, FlowRegistry, Replies
from inventory.models import Role
from inventory.people import list_people
from reminders.messages import Button, Message, escape_markdown
from reminders.models import OutboxKind
from reminders.outbox import enqueue
from tickets import assignment, lifecycle, listing, render, sla
from tickets.consultation import answer_consultation
from tickets.lifecycle import TicketError
from tickets.models import Ticket, TicketKind, TicketStatus
from tickets.settings import TicketSettings

FILTERS = ("mine", "open", "overdue")
LIST_LIMIT = 10
SWITCH = (
    Button("我的 / mine", "tkl:mine"),
    Button("全部未结 / open", "tkl:open"),
    Button("超期 / overdue", "tkl:overdue"),
)


def say(ctx: FlowContext, zh: str, en: str) -> str:
    """Pick the Chinese or English text for this user."""
    return en if ctx.lang == "en" else zh


def zone(ctx: FlowContext) -> ZoneInfo:
    """The office time zone (tickets settings section) for rendering times."""
    return ZoneInfo(TicketSettings(**ctx.services.settings.section("tickets")).timezone)


def _summary(ctx: FlowContext, ticket: Ticket, context: listing.TicketContext) -> str:
    """One ticket as Markdown lines."""
    return render.ticket_text(ticket, context, ctx.services.now(), zone(ctx), escape_markdown)


def _actions(ctx: FlowContext, ticket: Ticket) -> tuple[tuple[Button, ...], ...]:
    """The buttons a technician (or admin) gets under a ticket."""
    tid = ticket.id
    if ticket.status in (TicketStatus.closed, TicketStatus.rejected, TicketStatus.verified):
        return ()
    row: list[Button] = []
    if ticket.status in (TicketStatus.open, TicketStatus.assigned, TicketStatus.reopened):
        row.append(Button("接单 / accept", f"tka:{tid}"))
    if ticket.kind == TicketKind.consultation:
        row.append(Button("回复 / answer", f"tkp:{tid}"))
    else:
        row.append(Button("完成 / resolve", f"tkr:{tid}"))
    row.append(Button("评论 / comment", f"tkc:{tid}"))
    rows = [tuple(row)]
    if ticket.kind != TicketKind.consultation:
        waiting = "继续计时 / resume" if ticket.waiting_on_user else "等待用户 / waiting on user"
        rows.append((Button(waiting, f"tkw:{tid}"), Button("驳回 / reject", f"tkj:{tid}")))
    if ctx.has_role(Role.admin):
        rows.append((Button("改派 / reassign", f"tkg:{tid}"),))
    return tuple(rows)


async def _ticket_list(ctx: FlowContext, which: str) -> Replies:
    """Technician's list: mine, all open, or overdue."""
    assert ctx.person is not None
    if which == "overdue":
        tickets = await sla.overdue(ctx.session, ctx.services.now())
    else:
        mine = ctx.person.id if which == "mine" else None
        tickets = await listing.query_tickets(ctx.session, assignee_id=mine, active_only=True)
    if not tickets:
        return [Message(say(ctx, "没有工单。", "No tickets."), buttons=(SWITCH,))]
    context = await listing.load_context(ctx.session, tickets)
    replies = [
        Message(_summary(ctx, t, context), buttons=_actions(ctx, t)) for t in tickets[:LIST_LIMIT]
    ]
    footer = say(ctx, "共 {n} 张工单（最多显示 {k} 张）。", "{n} tickets (at most {k} shown).")
    replies.append(Message(footer.format(n=len(tickets), k=LIST_LIMIT), buttons=(SWITCH,)))
    return replies


async def _load(ctx: FlowContext, args: list[str]) -> Ticket | None:
    """The ticket named by a button's first argument, or None."""
    if not args or not args[0].isdigit():
        return None
    return await ctx.session.get(Ticket, int(args[0]))


async def _shown(ctx: FlowContext, ticket: Ticket, lead: str = "") -> Replies:
    """Show one ticket with its actions, after a confirmation line."""
    context = await listing.load_context(ctx.session, [ticket])
    text = (lead + "\n\n" if lead else "") + _summary(ctx, ticket, context)
    return [Message(text, buttons=_actions(ctx, ticket))]


def _error(exc: TicketError) -> Replies:
    """A ticket error as a reply."""
    return [Message(escape_markdown(str(exc)))]


async def _deliver_answer(ctx: FlowContext, ticket: Ticket, text: str) -> None:
    """Queue a consultation answer to the asker through the outbox."""
    if ticket.requester_id is not None:
        body = render.answer_text(ticket, text, escape_markdown)
        await enqueue(
            ctx.session,
            person_id=ticket.requester_id,
            message=Message(body),
            kind=OutboxKind.answer,
            address_book=access.ChatAddressBook(),
            dedupe_key=f"ticket:{ticket.id}:answer",
            now=ctx.services.now(),
        )


def register(registry: FlowRegistry) -> None:
    """Register the ticket commands, buttons and dialog steps."""
    _register_technician(registry)
    _register_dialogs(registry)
    _register_staff(registry)


def _register_technician(registry: FlowRegistry) -> None:
    """Commands and buttons for technicians and admins."""

    @registry.command(
        "tickets",
        role=Role.technician,
        help_zh="工单：我的 / 未结 / 超期",
        help_en="tickets: mine / open / overdue",
    )
    async def tickets_(ctx: FlowContext, args: str) -> Replies:
        """List tickets: /tickets [mine|open|overdue]."""
        which = args.strip().lower() or "mine"
        if which not in FILTERS:
            return [Message(say(ctx, "用法：", "usage: ") + "/tickets [mine|open|overdue]")]
        return await _ticket_list(ctx, which)

    @registry.button("tkl", role=Role.technician)
    async def list_button(ctx: FlowContext, args: list[str]) -> Replies:
        """Switch the list filter."""
        which = args[0] if args and args[0] in FILTERS else "mine"
        return await _ticket_list(ctx, which)

    @registry.button("tka", role=Role.technician)
    async def accept(ctx: FlowContext, args: list[str]) -> Replies:
        """Accept a ticket and start work."""
        ticket = await _load(ctx, args)
        if ticket is None or ctx.person is None or ctx.person.id is None:
            return [Message(ctx.t("expired_button"))]
        try:
            await assignment.accept(ctx.session, ticket, ctx.person.id, ctx.services.now())
        except TicketError as exc:
            return _error(exc)
        return await _shown(ctx, ticket, say(ctx, "✅ 已接单。", "✅ Accepted."))

    @registry.button("tkg", role=Role.admin)
    async def reassign_pick(ctx: FlowContext, args: list[str]) -> Replies:
        """Offer the active technicians to reassign a ticket to."""
        ticket = await _load(ctx, args)
        if ticket is None:
            return [Message(ctx.t("expired_button"))]
        people = await list_people(ctx.session, Role.technician)
        rows = tuple((Button(p.name[:30], f"tkt:{ticket.id}:{p.id}"),) for p in people)
        prompt = say(ctx, "改派工单 #{id} 给：", "Reassign #{id} to:").format(id=ticket.id)
        return [Message(prompt, buttons=rows)]

    @registry.button("tkt", role=Role.admin)
    async def reassign_to(ctx: FlowContext, args: list[str]) -> Replies:
        """Reassign a ticket to the chosen technician."""
        ticket = await _load(ctx, args)
        if ticket is None or len(args) < 2 or not args[1].isdigit() or ctx.person is None:
            return [Message(ctx.t("expired_button"))]
        assert ctx.person.id is not None
        try:
            await assignment.reassign(
                ctx.session, ticket, int(args[1]), ctx.person.id, ctx.services.now()
            )
        except TicketError as exc:
            return _error(exc)
        await ctx.audit("ticket.reassign", {"ticket_id": ticket.id, "to": int(args[1])})
        return await _shown(ctx, ticket, say(ctx, "✅ 已改派。", "✅ Reassigned."))


_PROMPTS = {  # button prefix -> (dialog step, action, prompt zh, prompt en)
    "tkc": ("tk_comment", "comment", "请输入对工单 #{id} 的评论：", "Type your comment on #{id}:"),
    "tkr": (
        "tk_resolve",
        "resolve",
        "请说明对工单 #{id} 的处理措施（如：已卸载、已购买授权）：",
        "Describe how #{id} was fixed (e.g. uninstalled, license bought):",
    ),
    "tkj": (
        "tk_reject",
        "reject",
        "请输入驳回工单 #{id} 的理由（如：误报、已有授权）：",
        "Why reject #{id}? (e.g. false positive, already licensed):",
    ),
    "tkp": (
        "tk_answer",
        "answer",
        "请输入对咨询 #{id} 的回复，将发送给提问人：",
        "Type your answer to #{id}; it goes to the asker:",
    ),
}


def _register_dialogs(registry: FlowRegistry) -> None:
    """Buttons that ask for a text (comment, resolution note, answer) and that text's handler."""

    def asker(prefix: str) -> flows.ButtonHandler:
        """The button handler that remembers the ticket and asks for the text."""

        async def ask(ctx: FlowContext, args: list[str]) -> Replies:
            ticket = await _load(ctx, args)
            if ticket is None:
                return [Message(ctx.t("expired_button"))]
            kind, _action, zh, en = _PROMPTS[prefix]
            await ctx.expect(kind, {"id": ticket.id})
            return [Message(say(ctx, zh, en).format(id=ticket.id))]

        return ask

    def doer(action: str) -> flows.InputHandler:
        """The dialog-step handler that applies ``action`` with the typed text."""

        async def do(ctx: FlowContext, text: str, payload: dict[str, Any]) -> Replies:
            return await _act(ctx, payload, action, text)

        return do

    for prefix, (kind, action, _zh, _en) in _PROMPTS.items():
        registry.button(prefix, role=Role.technician)(asker(prefix))
        registry.input(kind, role=Role.technician)(doer(action))


_DONE = {
    "comment": ("✅ 已添加评论。", "✅ Comment added."),
    "resolve": (
        "✅ 已标记为已处理，待下次扫描复核。",
        "✅ Resolved; the next scan will verify it.",
    ),
    "answer": ("✅ 已回复，答复将发送给提问人。", "✅ Answered; sent to the asker."),
    "reject": ("✅ 已驳回。", "✅ Rejected."),
}


async def _act(ctx: FlowContext, payload: dict[str, Any], action: str, text: str) -> Replies:
    """Apply a comment, resolution or answer to the ticket in ``payload``."""
    ticket = await ctx.session.get(Ticket, int(payload.get("id", 0)))
    if ticket is None or ticket.id is None or ctx.person is None or ctx.person.id is None:
        return [Message(ctx.t("expired_button"))]
    now, me = ctx.services.now(), ctx.person.id
    try:
        if action == "comment":
            await lifecycle.comment(ctx.session, ticket, me, text, now)
        elif action == "resolve":
            await lifecycle.resolve(ctx.session, ticket, me, text, now)
        elif action == "reject":
            await lifecycle.reject(ctx.session, ticket, me, text, now)
            await ctx.audit("ticket.reject", {"ticket_id": ticket.id, "reason": text})
        else:
            ticket = await answer_consultation(ctx.session, ticket.id, me, text, now)
            await _deliver_answer(ctx, ticket, text.strip())
    except TicketError as exc:
        return _error(exc)
    return await _shown(ctx, ticket, say(ctx, *_DONE[action]))


def _register_staff(registry: FlowRegistry) -> None:
    """Staff see the progress of their own tickets (asking a human is in bot.flows.questions)."""

    @registry.command(
        "mytickets",
        role=Role.staff,
        help_zh="我的工单与整改进度",
        help_en="my tickets and remediation progress",
    )
    async def mytickets(ctx: FlowContext, args: str) -> Replies:
        """List the tickets about this person or their machines."""
        assert ctx.person is not None and ctx.person.id is not None
        tickets = await listing.tickets_of_person(ctx.session, ctx.person.id)
        if not tickets:
            return [Message(say(ctx, "您名下没有工单。", "You have no tickets."))]
        context = await listing.load_context(ctx.session, tickets)
        return [
            Message(
                _summary(ctx, t, context),
                buttons=((Button(say(ctx, "查看进度", "progress"), f"myt:{t.id}"),),),
            )
            for t in tickets[:LIST_LIMIT]
        ]

    @registry.button("myt", role=Role.staff)
    async def progress(ctx: FlowContext, args: list[str]) -> Replies:
        """Show a ticket's history to its requester or machine owner."""
        assert ctx.person is not None and ctx.person.id is not None
        ticket = await _load(ctx, args)
        mine = {t.id for t in await listing.tickets_of_person(ctx.session, ctx.person.id)}
        if ticket is None or not (ticket.id in mine or ctx.has_role(Role.technician)):
            return [Message(ctx.t("expired_button"))]
        assert ticket.id is not None
        context = await listing.load_context(ctx.session, [ticket])
        history = await lifecycle.events(ctx.session, ticket.id)
        text = render.history_text(
            ticket, history, context, ctx.services.now(), zone(ctx), escape_markdown
        )
        return [Message(text)]
