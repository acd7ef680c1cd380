"""SLA deadlines in working days, a clock that pauses while waiting on the user, and overdue.

Definition: a ticket opened at moment T (stored naive UTC) with an SLA of N working days is due
at ``due_hour`` (default 18:00) Asia/Shanghai on the Nth working day after the local calendar
day of T, converted back to naive UTC. N = 0 means the end of the opening day (or of the next
working day when it opened on a rest day). Time spent waiting on the user counts only inside
office hours (``workday_start_hour``-``due_hour`` on working days); that paused working time is
added to the deadline by walking forward through office hours from the original deadline.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from tickets.calendar import WorkCalendar, shared_calendar
from tickets.models import WORKING_STATUSES, Ticket, TicketPause
from tickets.settings import TicketSettings


class SlaClock:
    """Working-time arithmetic for one settings object and calendar."""

    def __init__(self, settings: TicketSettings, calendar: WorkCalendar | None = None) -> None:
        self.settings = settings
        self.calendar = calendar or shared_calendar(settings.holidays_file)
        self.zone = ZoneInfo(settings.timezone)

    def to_local(self, moment: datetime) -> datetime:
        """Naive UTC -> aware local time."""
        return moment.replace(tzinfo=UTC).astimezone(self.zone)

    def to_utc(self, moment: datetime) -> datetime:
        """Aware local time -> naive UTC."""
        return moment.astimezone(UTC).replace(tzinfo=None)

    def _at(self, day: date, hour: int) -> datetime:
        """Return ``hour`` o'clock local time on ``day`` (hour 24 is the next midnight)."""
        return datetime.combine(day, time(0), tzinfo=self.zone) + timedelta(hours=hour)

    def office_hours(self, day: date) -> tuple[datetime, datetime]:
        """Return the local start and end of office hours on ``day``."""
        return self._at(day, self.settings.workday_start_hour), self._at(
            day, self.settings.due_hour
        )

    def base_due(self, opened_at: datetime, working_days: int) -> datetime:
        """Return the deadline (naive UTC) for ``working_days`` after the opening day."""
        opening_day = self.to_local(opened_at).date()
        if working_days <= 0:
            day = opening_day
            if not self.calendar.is_workday(day):
                day = self.calendar.next_workday(day)
        else:
            day = self.calendar.add_working_days(opening_day, working_days)
        return self.to_utc(self.office_hours(day)[1])

    def working_time(self, start: datetime, end: datetime) -> timedelta:
        """Return the office time between two naive UTC moments."""
        total = timedelta(0)
        if end <= start:
            return total
        local_start, local_end = self.to_local(start), self.to_local(end)
        day = local_start.date()
        while day <= local_end.date():
            if self.calendar.is_workday(day):
                opens, closes = self.office_hours(day)
                overlap = min(closes, local_end) - max(opens, local_start)
                total += max(overlap, timedelta(0))
            day += timedelta(days=1)
        return total

    def add_working_time(self, moment: datetime, amount: timedelta) -> datetime:
        """Return the naive UTC moment ``amount`` of office time after ``moment``."""
        local = self.to_local(moment)
        remaining = amount
        day = local.date()
        while remaining > timedelta(0):
            if self.calendar.is_workday(day):
                opens, closes = self.office_hours(day)
                start = max(opens, local)
                if start < closes:
                    if start + remaining <= closes:
                        return self.to_utc(start + remaining)
                    remaining -= closes - start
            day += timedelta(days=1)
        return self.to_utc(local)

    def due(self, opened_at: datetime, working_days: int, paused: timedelta) -> datetime:
        """Return the deadline extended by the paused office time."""
        return self.add_working_time(self.base_due(opened_at, working_days), paused)


def paused_time(clock: SlaClock, pauses: Iterable[TicketPause], now: datetime) -> timedelta:
    """Sum the office time of every pause (an open pause counts up to ``now``)."""
    total = timedelta(0)
    for pause in pauses:
        total += clock.working_time(pause.started_at, pause.ended_at or now)
    return total


async def recompute_due(
    session: AsyncSession, ticket: Ticket, settings: TicketSettings, now: datetime
) -> datetime:
    """Set and return ``ticket.sla_due_at`` from its kind, priority, opening time and pauses."""
    clock = SlaClock(settings)
    query = select(TicketPause).where(TicketPause.ticket_id == ticket.id)
    pauses = list((await session.exec(query)).all()) if ticket.id is not None else []
    days = settings.working_days(ticket.kind, ticket.priority)
    ticket.sla_due_at = clock.due(ticket.opened_at, days, paused_time(clock, pauses, now))
    session.add(ticket)
    return ticket.sla_due_at


def is_overdue(ticket: Ticket, now: datetime) -> bool:
    """True when a ticket still being worked is past its deadline and not waiting on the user."""
    return (
        ticket.status in WORKING_STATUSES
        and not ticket.waiting_on_user
        and ticket.sla_due_at is not None
        and now > ticket.sla_due_at
    )


async def overdue(session: AsyncSession, now: datetime) -> list[Ticket]:
    """Return the overdue tickets, most overdue first."""
    query = (
        select(Ticket)
        .where(col(Ticket.status).in_(WORKING_STATUSES))
        .where(col(Ticket.waiting_on_user).is_(False))
        .where(col(Ticket.sla_due_at).is_not(None))
        .where(col(Ticket.sla_due_at) < now)
        .order_by(col(Ticket.sla_due_at), col(Ticket.id))
    )
    return list((await session.exec(query)).all())
