"""Quiet hours (no non-urgent messages at night) and per-person muting of digests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from reminders.models import NotificationPref, OutboxKind
from reminders.settings import ReminderSettings


def quiet_end_after(now: datetime, settings: ReminderSettings) -> datetime | None:
    """If naive-UTC ``now`` falls in quiet hours, the naive-UTC end of them; otherwise None."""
    start, end = settings.quiet_start, settings.quiet_end
    if start == end:
        return None
    tz = ZoneInfo(settings.timezone)
    local = now.replace(tzinfo=UTC).astimezone(tz)
    moment = local.time().replace(tzinfo=None)
    if start < end:
        if not start <= moment < end:
            return None
        end_date = local.date()
    else:
        if end <= moment < start:
            return None
        end_date = local.date() + timedelta(days=1) if moment >= start else local.date()
    end_local = datetime.combine(end_date, end, tzinfo=tz)
    return end_local.astimezone(UTC).replace(tzinfo=None)


def is_quiet(now: datetime, settings: ReminderSettings) -> bool:
    """Whether naive-UTC ``now`` falls in quiet hours."""
    return quiet_end_after(now, settings) is not None


def deliver_at(
    due: datetime | None, *, urgent: bool, now: datetime, settings: ReminderSettings
) -> datetime | None:
    """When a message due at ``due`` (None: now) may go out: urgent at once, others after quiet hours."""
    if urgent:
        return due
    when = max(due, now) if due is not None else now
    end = quiet_end_after(when, settings)
    return end if end is not None else due


async def is_muted(session: AsyncSession, person_id: int | None, kind: OutboxKind) -> bool:
    """Whether ``person_id`` has muted messages of ``kind`` (only digests can be muted)."""
    if person_id is None or kind != OutboxKind.digest:
        return False
    pref = await session.get(NotificationPref, person_id)
    return bool(pref and pref.mute_digest)


async def set_mute_digest(session: AsyncSession, person_id: int, mute: bool) -> NotificationPref:
    """Mute or unmute the daily digest for ``person_id``."""
    pref = await session.get(NotificationPref, person_id)
    if pref is None:
        pref = NotificationPref(person_id=person_id)
    pref.mute_digest = mute
    session.add(pref)
    await session.flush()
    return pref
