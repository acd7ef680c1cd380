"""Tickets as text for chat replies and notifications (Chinese first).

Every function takes ``escape``, applied to user-supplied values: pass the channel-neutral
``reminders.messages.escape_markdown`` for chat Markdown (tickets may not import reminders).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tickets.lifecycle import STATUS_ZH
from tickets.listing import FINDING_ZH, TicketContext
from tickets.models import EventKind, Ticket, TicketEvent, TicketKind, TicketStatus
from tickets.sla import is_overdue

PRIORITY_ZH = {"low": "低", "normal": "普通", "high": "高", "urgent": "紧急"}
Escape = Callable[[object], str]
EVENT_ZH = {
    EventKind.created: "创建",
    EventKind.assigned: "分派",
    EventKind.comment: "评论",
    EventKind.answer: "回复",
    EventKind.attachment: "附件",
    EventKind.finding_joined: "新问题加入",
    EventKind.priority: "优先级调整",
    EventKind.paused: "等待用户（暂停计时）",
    EventKind.resumed: "恢复计时",
    EventKind.watcher: "添加关注人",
}


def local_time(moment: datetime | None, zone: ZoneInfo) -> str:
    """Render a naive UTC time as local 'YYYY-MM-DD HH:MM' ('-' when missing)."""
    if moment is None:
        return "-"
    return moment.replace(tzinfo=UTC).astimezone(zone).strftime("%Y-%m-%d %H:%M")


def problems_text(ticket: Ticket, context: TicketContext) -> str:
    """The ticket's findings as '盗版：X；未授权：Y'."""
    return "；".join(
        f"{FINDING_ZH.get(str(f.kind), str(f.kind))}：{f.product}"
        for f in context.findings.get(ticket.id or -1, [])
    )


def ticket_text(
    ticket: Ticket, context: TicketContext, now: datetime, zone: ZoneInfo, escape: Escape = str
) -> str:
    """One ticket as a few Markdown lines: title, status, due, assignee, asset, findings."""
    status = STATUS_ZH[TicketStatus(ticket.status)]
    late = " ⚠️ 已超期 / overdue" if is_overdue(ticket, now) else ""
    assignee = escape(context.name(ticket.assignee_id) or "-")
    lines = [
        f"**#{ticket.id} {escape(ticket.title)}**",
        f"状态 / status：{status}{late} · 优先级：{PRIORITY_ZH[str(ticket.priority)]}",
        f"期限 / due：{local_time(ticket.sla_due_at, zone)} · 处理人：{assignee}",
    ]
    tag = context.machine_tag(ticket)
    if tag:
        lines.append(f"资产 / asset：{escape(tag)}")
    problems = problems_text(ticket, context)
    if problems:
        lines.append(f"问题 / findings：{escape(problems)}")
    if ticket.kind == TicketKind.consultation and ticket.description:
        lines.append(f"咨询 / question：{escape(ticket.description)}")
    return "\n".join(lines)


def event_line(
    event: TicketEvent, context: TicketContext, zone: ZoneInfo, escape: Escape = str
) -> str:
    """One history line: when, who, what, note."""
    if event.kind == EventKind.status and event.to_status is not None:
        what = STATUS_ZH[TicketStatus(event.to_status)]
    else:
        what = EVENT_ZH.get(EventKind(event.kind), str(event.kind))
    who = context.name(event.actor_id) or "系统"
    note = f"：{escape(event.note)}" if event.note else ""
    return f"- {local_time(event.at, zone)} {escape(who)} {what}{note}"


def history_text(
    ticket: Ticket,
    history: Sequence[TicketEvent],
    context: TicketContext,
    now: datetime,
    zone: ZoneInfo,
    escape: Escape = str,
    last: int = 10,
) -> str:
    """A ticket with its last ``last`` events, for the staff progress view."""
    lines = [ticket_text(ticket, context, now, zone, escape), "", "进度 / progress："]
    lines += [event_line(e, context, zone, escape) for e in list(history)[-last:]]
    return "\n".join(lines)


def answer_text(ticket: Ticket, answer: str, escape: Escape = str) -> str:
    """The message that brings a technician's answer back to the asker of a consultation."""
    question = escape(ticket.description or ticket.title)
    return (
        f"**咨询回复 / answer to your question #{ticket.id}**\n\n{question}\n\n—— {escape(answer)}"
    )
