"""The reminder scheduler: APScheduler jobs derived from the database, with catch-up after downtime."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import utcnow
from reminders.models import ScheduleState
from reminders.settings import ReminderSettings

_LOGGER = logging.getLogger(__name__)

JobFunc = Callable[[], Awaitable[None]]
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class JobSpec:
    """One scheduled job: a stable id, when it fires, and what it does."""

    id: str
    trigger: BaseTrigger
    func: JobFunc
    catch_up: bool = True  # run once at start if a fire time was missed while the bot was down


JobSource = Callable[[AsyncSession], Awaitable[Iterable[JobSpec]]]


def daily_job(
    job_id: str, at: time, func: JobFunc, timezone: str, *, weekdays_only: bool = False
) -> JobSpec:
    """A job firing every day (or Monday to Friday) at local time ``at``."""
    trigger = CronTrigger(
        hour=at.hour,
        minute=at.minute,
        day_of_week="mon-fri" if weekdays_only else "*",
        timezone=ZoneInfo(timezone),
    )
    return JobSpec(job_id, trigger, func)


class ReminderScheduler:
    """Wraps an AsyncIOScheduler whose jobs are rebuilt from job sources reading the database."""

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        clock: Clock = utcnow,
        settings: ReminderSettings | None = None,
    ) -> None:
        self.sessionmaker = sessionmaker
        self.clock = clock
        self.settings = settings or ReminderSettings()
        self.timezone = ZoneInfo(self.settings.timezone)
        self.scheduler = AsyncIOScheduler(
            timezone=self.timezone,
            jobstores={"default": MemoryJobStore()},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        )
        self.sources: list[JobSource] = []
        self.specs: dict[str, JobSpec] = {}

    def add_job_source(self, source: JobSource) -> None:
        """Add a function that lists jobs from the database (trainings, expiries, digests...)."""
        self.sources.append(source)

    async def start(self) -> list[str]:
        """Derive the jobs, run once those missed while down, then start; ids of jobs caught up."""
        async with self.sessionmaker() as session:
            await self.rebuild(session)
        caught_up = await self.catch_up()
        self.scheduler.start()
        return caught_up

    async def stop(self) -> None:
        """Stop the scheduler without waiting for running jobs."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def rebuild(self, session: AsyncSession) -> None:
        """Re-derive every job from the sources: add or replace by id, remove those gone."""
        specs: dict[str, JobSpec] = {}
        for source in self.sources:
            for spec in await source(session):
                specs[spec.id] = spec
        for job in self.scheduler.get_jobs():
            if job.id not in specs:
                job.remove()
        for spec in specs.values():
            self.scheduler.add_job(
                self.run_job,
                trigger=spec.trigger,
                args=[spec.id],
                id=spec.id,
                name=spec.id,
                replace_existing=True,
                coalesce=True,
                misfire_grace_time=None,
                max_instances=1,
            )
        self.specs = specs

    async def run_job(self, job_id: str) -> None:
        """Run one job now and record when it ran (even if it failed, so it is not re-run)."""
        spec = self.specs.get(job_id)
        if spec is None:
            return
        try:
            await spec.func()
        except Exception:
            _LOGGER.exception("scheduled job %s failed", job_id)
        async with self.sessionmaker() as session:
            await self._record(session, job_id, self.clock())
            await session.commit()

    async def catch_up(self) -> list[str]:
        """Run once every job whose last scheduled fire time was missed; their ids."""
        now = self.clock()
        due: list[str] = []
        async with self.sessionmaker() as session:
            for spec in self.specs.values():
                state = await session.get(ScheduleState, spec.id)
                if state is None:
                    await self._record(session, spec.id, now)  # first sighting: nothing missed
                elif spec.catch_up and self.missed(spec, state.last_run_at, now):
                    due.append(spec.id)
            await session.commit()
        for job_id in due:
            _LOGGER.info("running missed job %s once", job_id)
            await self.run_job(job_id)
        return due

    def missed(self, spec: JobSpec, last_run_at: datetime, now: datetime) -> bool:
        """Whether ``spec`` should have fired between its last run and ``now`` (naive UTC)."""
        after = last_run_at + timedelta(microseconds=1)
        upcoming = spec.trigger.get_next_fire_time(
            None, after.replace(tzinfo=UTC).astimezone(self.timezone)
        )
        return upcoming is not None and upcoming <= now.replace(tzinfo=UTC)

    @staticmethod
    async def _record(session: AsyncSession, job_id: str, when: datetime) -> None:
        """Store when ``job_id`` last ran."""
        state = await session.get(ScheduleState, job_id)
        if state is None:
            state = ScheduleState(job_id=job_id, last_run_at=when)
        state.last_run_at = when
        session.add(state)
        await session.flush()
