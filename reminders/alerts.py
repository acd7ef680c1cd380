"""Alerts through the outbox: pirated software found, the technicians' daily digest, escalation."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Finding, FindingKind, FindingStatus, Machine, Person, Role
from inventory.people import department_name, list_people
from reminders.alert_settings import AlertSettings
from reminders.messages import Button, Message, buttons_row, escape_markdown
from reminders.models import OutboxKind
from reminders.outbox import AddressBook, enqueue
from reminders.quiet import is_muted
from reminders.settings import ReminderSettings
from tickets.calendar import WorkCalendar, shared_calendar
from tickets.listing import load_context
from tickets.models import WORKING_STATUSES, Ticket
from tickets.sla import is_overdue, overdue
from tickets.verification import ScanAction, TicketChange, ticket_findings

DIGEST_LIMIT = 15


def local(moment: datetime | None, timezone: str) -> str:
    """A naive-UTC time as local 'YYYY-MM-DD HH:MM' ('-' when unknown)."""
    if moment is None:
        return "-"
    return moment.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def local_day(now: datetime, timezone: str) -> date:
    """The local calendar day of a naive-UTC moment."""
    return now.replace(tzinfo=UTC).astimezone(ZoneInfo(timezone)).date()


def short_hash(values: Sequence[object]) -> str:
    """A short stable hash of some values, for dedupe keys of variable length."""
    return hashlib.sha1("-".join(map(str, values)).encode()).hexdigest()[:12]


async def admin_ids(session: AsyncSession) -> list[int]:
    """Ids of the active admins."""
    return [p.id for p in await list_people(session, Role.admin) if p.id is not None]


async def _pirated(session: AsyncSession, change: TicketChange) -> list[Finding]:
    """The open pirated findings of a ticket among the products the change names."""
    findings = await ticket_findings(session, change.ticket_id)
    return [
        f
        for f in findings
        if f.kind == FindingKind.pirated
        and f.status == FindingStatus.open
        and f.product in change.products
    ]


async def _where(session: AsyncSession, machine: Machine | None) -> tuple[str, str]:
    """The machine's department and owner names ('-' when unknown)."""
    if machine is None:
        return "-", "-"
    dept = await department_name(session, machine.department_id) or "-"
    owner = await session.get(Person, machine.owner_id) if machine.owner_id else None
    return dept, owner.name if owner else "-"


def technician_alert(
    change: TicketChange, products: str, dept: str, owner: str, due: str
) -> Message:
    """The urgent alert to the technician (or admins) about pirated software."""
    tag = escape_markdown(change.asset_tag)
    text = (
        f"🚨 **盗版软件告警**：资产 {tag}（{escape_markdown(dept)}/{escape_markdown(owner)}）"
        f"发现 {products}，工单 \\#{change.ticket_id}，整改期限 {due}。\n"
        f"Pirated software alert: asset {tag} has {products}; ticket \\#{change.ticket_id}, "
        f"due {due}."
    )
    tid = change.ticket_id
    return Message(
        text,
        buttons=(buttons_row(("查看工单 / view", f"myt:{tid}"), ("接单 / accept", f"tka:{tid}")),),
        urgent=True,
    )


def owner_notice(change: TicketChange, products: str, article_id: str | None) -> Message:
    """The non-urgent notice to the machine's owner: what was found and what to do."""
    tag = escape_markdown(change.asset_tag)
    text = (
        f"⚠️ **您的电脑发现盗版软件**：资产 {tag} 上发现 {products}（工单 \\#{change.ticket_id}）。"
        "请立即停止使用该软件，不要自行卸载或修改激活设置，技术人员会联系您处理。\n"
        f"Pirated software was found on your computer {tag}: {products}. Please stop using it "
        "and do not uninstall or re-activate anything yourself; the technician will contact you."
    )
    buttons: tuple[tuple[Button, ...], ...] = ()
    if article_id:
        buttons = (buttons_row(("怎么整改 / what to do", f"kba:{article_id}")),)
    return Message(text, buttons=buttons)


async def send_each(
    session: AsyncSession,
    people: Sequence[int],
    message: Message,
    book: AddressBook,
    key: str,
    now: datetime,
    kind: OutboxKind = OutboxKind.alert,
    quiet: ReminderSettings | None = None,
) -> int:
    """Queue ``message`` for each person with dedupe key ``key:<person id>``; rows queued."""
    queued = 0
    for person_id in people:
        ids = await enqueue(
            session,
            person_id=person_id,
            message=message,
            kind=kind,
            address_book=book,
            dedupe_key=f"{key}:{person_id}",
            quiet=quiet,
            now=now,
        )
        queued += len(ids)
    return queued


async def _alert_one(
    session: AsyncSession,
    change: TicketChange,
    book: AddressBook,
    now: datetime,
    article_id: str | None,
    timezone: str,
) -> int:
    """Alert about one ticket change if it brought pirated findings; rows queued."""
    findings = await _pirated(session, change)
    if not findings:
        return 0
    ticket = await session.get(Ticket, change.ticket_id)
    machine = await session.get(Machine, change.machine_id)
    dept, owner = await _where(session, machine)
    products = "、".join(escape_markdown(p) for p in dict.fromkeys(f.product for f in findings))
    due = local(ticket.sla_due_at if ticket else None, timezone)
    key = f"piracy:{change.ticket_id}:{short_hash(sorted(f.id or 0 for f in findings))}"
    techs = [change.assignee_id] if change.assignee_id else await admin_ids(session)
    alert = technician_alert(change, products, dept, owner, due)
    queued = await send_each(session, techs, alert, book, f"{key}:tech", now)
    if machine is not None and machine.owner_id is not None:
        notice = owner_notice(change, products, article_id)
        queued += await send_each(session, [machine.owner_id], notice, book, f"{key}:owner", now)
    return queued


async def piracy_alerts(
    session: AsyncSession,
    changes: Sequence[TicketChange],
    book: AddressBook,
    now: datetime,
    *,
    article_id: str | None = None,
    timezone: str = "Asia/Shanghai",
) -> int:
    """Alert technicians (urgent) and owners (notice) about pirated findings; rows queued.

    Only opened or joined remediation tickets count; with no assignee the admins get the alert.
    """
    queued = 0
    for change in changes:
        if change.action in (ScanAction.opened, ScanAction.joined):
            queued += await _alert_one(session, change, book, now, article_id, timezone)
    return queued


async def digest_text(
    session: AsyncSession, tickets: Sequence[Ticket], now: datetime, tz: str
) -> str:
    """The digest body: one line per ticket, overdue ones marked."""
    context = await load_context(session, tickets)
    late = sum(1 for t in tickets if is_overdue(t, now))
    lines = [
        f"📋 **每日工单摘要 / daily digest**：未结 {len(tickets)} 张，超期 {late} 张 "
        f"({len(tickets)} open, {late} overdue)"
    ]
    for ticket in tickets[:DIGEST_LIMIT]:
        mark = " ⚠️超期 / overdue" if is_overdue(ticket, now) else ""
        tag = escape_markdown(context.machine_tag(ticket) or "-")
        lines.append(
            f"• \\#{ticket.id} {tag} {escape_markdown(ticket.title)}，期限 {local(ticket.sla_due_at, tz)}{mark}"
        )
    if len(tickets) > DIGEST_LIMIT:
        lines.append(
            f"…… 另有 {len(tickets) - DIGEST_LIMIT} 张 / {len(tickets) - DIGEST_LIMIT} more"
        )
    lines.append(
        "发送 /tickets 查看，/mute 关闭摘要。 Send /tickets to work them, /mute to stop digests."
    )
    return "\n".join(lines)


async def digest_job(
    sessionmaker: async_sessionmaker[AsyncSession],
    book: AddressBook,
    now: datetime,
    settings: AlertSettings | None = None,
    calendar: WorkCalendar | None = None,
) -> int:
    """On working days, send each technician their open and overdue tickets; rows queued."""
    settings = settings or AlertSettings()
    calendar = calendar or shared_calendar()
    today = local_day(now, settings.timezone)
    if not calendar.is_workday(today):
        return 0
    queued = 0
    async with sessionmaker() as session:
        for tech in await list_people(session, Role.technician):
            assert tech.id is not None
            if await is_muted(session, tech.id, OutboxKind.digest):
                continue
            query = (
                select(Ticket)
                .where(Ticket.assignee_id == tech.id, col(Ticket.status).in_(WORKING_STATUSES))
                .order_by(col(Ticket.sla_due_at), col(Ticket.id))
            )
            tickets = list((await session.exec(query)).all())
            if not tickets:
                continue
            text = await digest_text(session, tickets, now, settings.timezone)
            ids = await enqueue(
                session,
                person_id=tech.id,
                message=Message(text),
                kind=OutboxKind.digest,
                address_book=book,
                dedupe_key=f"digest:{today.isoformat()}:{tech.id}",
                now=now,
            )
            queued += len(ids)
        await session.commit()
    return queued


def escalation_message(ticket: Ticket, tag: str, assignee: str, tz: str) -> Message:
    """The message to admins about a ticket past its due date."""
    text = (
        f"⏰ **工单超期 / overdue ticket** \\#{ticket.id}：{escape_markdown(ticket.title)}\n"
        f"资产 {escape_markdown(tag)}，负责人 {escape_markdown(assignee)}，"
        f"期限 {local(ticket.sla_due_at, tz)} 已过。请督办或改派。\n"
        f"Asset {escape_markdown(tag)}, assignee {escape_markdown(assignee)}: past due; "
        "follow up or reassign."
    )
    tid = ticket.id
    return Message(
        text,
        buttons=(buttons_row(("查看 / view", f"myt:{tid}"), ("改派 / reassign", f"tkg:{tid}")),),
    )


async def escalation_job(
    sessionmaker: async_sessionmaker[AsyncSession],
    book: AddressBook,
    now: datetime,
    settings: AlertSettings | None = None,
    quiet: ReminderSettings | None = None,
) -> int:
    """Tell every admin, once per ticket, about tickets past their due date; rows queued."""
    settings = settings or AlertSettings()
    queued = 0
    async with sessionmaker() as session:
        tickets = await overdue(session, now)
        context = await load_context(session, tickets)
        admins = await admin_ids(session)
        for ticket in tickets:
            message = escalation_message(
                ticket,
                context.machine_tag(ticket) or "-",
                context.name(ticket.assignee_id) or "-",
                settings.timezone,
            )
            key = f"escalate:{ticket.id}"
            queued += await send_each(session, admins, message, book, key, now, quiet=quiet)
        await session.commit()
    return queued
