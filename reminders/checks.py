"""Scheduled checks: machines whose check tool went silent, expiring licenses, inspection rounds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import CheckClient, Entitlement, Machine, Role
from inventory.people import list_people
from reminders.alert_settings import AlertSettings
from reminders.alerts import admin_ids, local_day, send_each
from reminders.messages import Message, escape_markdown
from reminders.outbox import AddressBook
from tickets.calendar import WorkCalendar, shared_calendar
from tickets.models import AssignmentRule


@lru_cache(maxsize=1)
def load_checklist() -> dict[str, Any]:
    """The shipped inspection checklist: {'title': str, 'items': [{'zh', 'en'}]}."""
    text = (
        resources.files("reminders").joinpath("data/inspection_checklist.yaml").read_text("utf-8")
    )
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not data.get("items"):
        raise ValueError("inspection checklist has no items")
    return data


async def technician_ids(session: AsyncSession) -> list[int]:
    """Ids of the active technicians."""
    return [p.id for p in await list_people(session, Role.technician) if p.id is not None]


async def _technicians_for(session: AsyncSession, department_id: int | None) -> list[int]:
    """The department's technician by assignment rule, else every technician."""
    if department_id is not None:
        query = select(AssignmentRule).where(AssignmentRule.department_id == department_id)
        rule = (await session.exec(query)).first()
        if rule is not None:
            return [rule.technician_id]
    return await technician_ids(session)


def stale_message(machine: Machine, client: CheckClient, days: int, tz: str) -> Message:
    """The note to a technician about a machine whose check tool went silent."""
    seen = client.last_seen_at.replace(tzinfo=UTC).astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d")
    tag = escape_markdown(machine.asset_tag)
    return Message(
        f"📡 **扫描中断 / scans stopped**：资产 {tag} 的检查工具已 {days} 天未上报（最后 {seen}）。"
        "请联系使用人开机联网并重新扫描上传。\n"
        f"The check tool on {tag} has not reported for {days} days (last {seen}); "
        "ask the user to rescan and upload."
    )


async def stale_scan_job(
    sessionmaker: async_sessionmaker[AsyncSession],
    book: AddressBook,
    now: datetime,
    settings: AlertSettings | None = None,
    calendar: WorkCalendar | None = None,
) -> int:
    """On working days, tell technicians about bound machines silent for N days (once each)."""
    settings = settings or AlertSettings()
    if not (calendar or shared_calendar()).is_workday(local_day(now, settings.timezone)):
        return 0
    queued = 0
    limit = now - timedelta(days=settings.stale_days)
    async with sessionmaker() as session:
        query = (
            select(CheckClient, Machine)
            .join(Machine, col(Machine.id) == col(CheckClient.machine_id))
            .where(col(CheckClient.last_seen_at) < limit)
            .order_by(col(Machine.asset_tag))
        )
        for client, machine in (await session.exec(query)).all():
            days = (now - client.last_seen_at).days
            message = stale_message(machine, client, days, settings.timezone)
            key = f"stale:{client.id}:{client.last_seen_at:%Y%m%d%H%M}"
            techs = await _technicians_for(session, machine.department_id)
            queued += await send_each(session, techs, message, book, key, now)
        await session.commit()
    return queued


def expiry_threshold(days_left: int, thresholds: list[int]) -> int | None:
    """The smallest threshold ``days_left`` has reached, or None (expired or not yet near)."""
    if days_left < 0:
        return None
    reached = [t for t in thresholds if days_left <= t]
    return min(reached) if reached else None


def expiry_message(ent: Entitlement, days_left: int) -> Message:
    """The note to admins about a license about to expire."""
    name = escape_markdown(" ".join(x for x in (ent.product, ent.version or "") if x))
    return Message(
        f"📅 **授权即将到期 / license expiring**：{name}（{ent.license_type}，数量 {ent.quantity}）"
        f"将于 {ent.expires_on} 到期，剩余 {days_left} 天。请续订或准备替代方案。\n"
        f"{name} ({ent.license_type}, {ent.quantity}) expires on {ent.expires_on}, "
        f"in {days_left} days: renew it or plan a replacement."
    )


async def expiry_job(
    sessionmaker: async_sessionmaker[AsyncSession],
    book: AddressBook,
    now: datetime,
    settings: AlertSettings | None = None,
    calendar: WorkCalendar | None = None,
) -> int:
    """Tell admins about licenses expiring within each threshold (30 and 7 days), once each."""
    settings = settings or AlertSettings()
    today = local_day(now, settings.timezone)
    if not (calendar or shared_calendar()).is_workday(today):
        return 0
    queued = 0
    horizon = today + timedelta(days=max(settings.expiry_days))
    async with sessionmaker() as session:
        query = (
            select(Entitlement)
            .where(col(Entitlement.expires_on).is_not(None))
            .where(col(Entitlement.expires_on) >= today, col(Entitlement.expires_on) <= horizon)
            .order_by(col(Entitlement.expires_on), col(Entitlement.id))
        )
        admins = await admin_ids(session)
        for ent in (await session.exec(query)).all():
            assert ent.expires_on is not None
            days_left = (ent.expires_on - today).days
            threshold = expiry_threshold(days_left, settings.expiry_days)
            if threshold is None:
                continue
            key = f"expiry:{ent.id}:{threshold}"
            queued += await send_each(
                session, admins, expiry_message(ent, days_left), book, key, now
            )
        await session.commit()
    return queued


def period_of(day: date, cadence: str) -> tuple[str, date] | None:
    """The inspection period containing ``day``: (label, first day), or None when off."""
    if cadence == "weekly":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}", day - timedelta(days=day.weekday())
    if cadence == "monthly":
        return f"{day:%Y-%m}", day.replace(day=1)
    if cadence == "quarterly":
        quarter = (day.month - 1) // 3
        return f"{day.year}-Q{quarter + 1}", date(day.year, quarter * 3 + 1, 1)
    return None


def checklist_message(label: str) -> Message:
    """The inspection round's checklist as one message."""
    data = load_checklist()
    lines = [f"🔍 **{escape_markdown(data['title'])}**（{label}）"]
    for n, item in enumerate(data["items"], start=1):
        lines.append(f"{n}\\. {escape_markdown(item['zh'])}\n    {escape_markdown(item['en'])}")
    lines.append("完成后请更新台账并复扫。 When done, update the ledger and rescan.")
    return Message("\n".join(lines))


async def inspection_job(
    sessionmaker: async_sessionmaker[AsyncSession],
    book: AddressBook,
    now: datetime,
    settings: AlertSettings | None = None,
    calendar: WorkCalendar | None = None,
) -> int:
    """From the first working day of each period on, send technicians the checklist once."""
    settings = settings or AlertSettings()
    calendar = calendar or shared_calendar()
    today = local_day(now, settings.timezone)
    period = period_of(today, settings.inspection_cadence)
    if period is None or not calendar.is_workday(today):
        return 0
    label, start = period
    first = start if calendar.is_workday(start) else calendar.next_workday(start)
    if today < first:
        return 0
    async with sessionmaker() as session:
        techs = await technician_ids(session)
        key = f"inspection:{label}"
        queued = await send_each(session, techs, checklist_message(label), book, key, now)
        await session.commit()
    return queued
