"""The scheduler's alert and training jobs: digest, escalation, stale scans, expiry, rounds, reminders."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, time
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import utcnow
from reminders.alert_settings import AlertSettings
from reminders.alerts import digest_job, escalation_job
from reminders.checks import expiry_job, inspection_job, stale_scan_job
from reminders.outbox import AddressBook
from reminders.scheduler import JobFunc, JobSource, JobSpec
from reminders.settings import ReminderSettings
from reminders.trainings import reminder_job

_LOGGER = logging.getLogger(__name__)
Job = Callable[[async_sessionmaker[AsyncSession], AddressBook, datetime], Awaitable[int]]


def bind(
    job_id: str,
    job: Job,
    sessionmaker: async_sessionmaker[AsyncSession],
    book: AddressBook,
    clock: Callable[[], datetime],
) -> JobFunc:
    """A no-argument job function that runs ``job`` at the clock's time and logs the count."""

    async def run() -> None:
        queued = await job(sessionmaker, book, clock())
        _LOGGER.info("job %s queued %d messages", job_id, queued)

    return run


def _daily(at: time, tz: str) -> CronTrigger:
    """Every day at local time ``at`` (the jobs themselves skip rest days)."""
    return CronTrigger(hour=at.hour, minute=at.minute, timezone=ZoneInfo(tz))


def job_specs(
    sessionmaker: async_sessionmaker[AsyncSession],
    book: AddressBook,
    settings: AlertSettings | None = None,
    quiet: ReminderSettings | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> list[JobSpec]:
    """Every alert and training job with its trigger, bound to the database and address book."""
    s = settings or AlertSettings()
    tz = s.timezone
    jobs: list[tuple[str, CronTrigger, Job]] = [
        ("alerts.digest", _daily(s.digest_time, tz), lambda m, b, n: digest_job(m, b, n, s)),
        (
            "alerts.escalation",
            CronTrigger(minute=f"*/{s.escalation_every_minutes}", timezone=ZoneInfo(tz))
            if s.escalation_every_minutes < 60
            else CronTrigger(minute=0, timezone=ZoneInfo(tz)),
            lambda m, b, n: escalation_job(m, b, n, s, quiet),
        ),
        ("alerts.stale", _daily(s.stale_time, tz), lambda m, b, n: stale_scan_job(m, b, n, s)),
        ("alerts.expiry", _daily(s.expiry_time, tz), lambda m, b, n: expiry_job(m, b, n, s)),
        (
            "alerts.inspection",
            _daily(s.inspection_time, tz),
            lambda m, b, n: inspection_job(m, b, n, s),
        ),
        (
            "trainings.reminders",
            CronTrigger(minute=f"*/{s.training_check_minutes}", timezone=ZoneInfo(tz)),
            lambda m, b, n: reminder_job(m, b, n, s),
        ),
    ]
    return [
        JobSpec(i, trigger, bind(i, job, sessionmaker, book, clock)) for i, trigger, job in jobs
    ]


def job_source(
    sessionmaker: async_sessionmaker[AsyncSession],
    book: AddressBook,
    settings: AlertSettings | None = None,
    quiet: ReminderSettings | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> JobSource:
    """A ReminderScheduler job source giving :func:`job_specs` (for add_job_source)."""
    specs = job_specs(sessionmaker, book, settings, quiet, clock)

    async def source(session: AsyncSession) -> Iterable[JobSpec]:
        return specs

    return source
