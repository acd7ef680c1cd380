from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import datetime, time

import pytest
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Department
from reminders.models import ScheduleState
from reminders.scheduler import JobSpec, ReminderScheduler, daily_job
from reminders.settings import ReminderSettings
from tests.reminders.fakes import FakeClock

Maker = async_sessionmaker[AsyncSession]
TZ = "Asia/Shanghai"


class Runs:
    """Counts job runs by id."""

    def __init__(self) -> None:
        self.ids: list[str] = []

    def job(self, job_id: str) -> JobSpec:
        async def run() -> None:
            self.ids.append(job_id)

        return daily_job(job_id, time(9, 0), run, TZ, weekdays_only=True)


@pytest.fixture
async def scheduler(sessionmaker: Maker, clock: FakeClock) -> AsyncIterator[ReminderScheduler]:
    sched = ReminderScheduler(sessionmaker, clock, ReminderSettings())
    yield sched
    await sched.stop()


async def set_last_run(sessionmaker: Maker, job_id: str, when: datetime) -> None:
    async with sessionmaker() as session:
        session.add(ScheduleState(job_id=job_id, last_run_at=when))
        await session.commit()


async def last_run(sessionmaker: Maker, job_id: str) -> datetime | None:
    async with sessionmaker() as session:
        state = await session.get(ScheduleState, job_id)
        return state.last_run_at if state else None


async def test_a_job_missed_during_downtime_runs_once_at_start(
    scheduler: ReminderScheduler, sessionmaker: Maker, clock: FakeClock
) -> None:
    runs = Runs()

    async def source(session: AsyncSession) -> Iterable[JobSpec]:
        return [runs.job("digest")]

    scheduler.add_job_source(source)
    clock.now = datetime(2026, 3, 5, 2, 0)  # Thursday 10:00 Shanghai
    await set_last_run(sessionmaker, "digest", datetime(2026, 3, 2, 1, 0))  # Monday 09:00
    assert await scheduler.start() == ["digest"]
    assert runs.ids == ["digest"]  # three missed mornings, one run
    assert await last_run(sessionmaker, "digest") == clock.now
    assert await scheduler.catch_up() == []  # a second look finds nothing missed
    job = scheduler.scheduler.get_job("digest")
    assert job is not None and job.coalesce and job.misfire_grace_time is None
    assert job.next_run_time.hour == 9 and str(job.next_run_time.tzinfo) == TZ


async def test_nothing_runs_when_nothing_was_missed(
    scheduler: ReminderScheduler, sessionmaker: Maker, clock: FakeClock
) -> None:
    runs = Runs()

    async def source(session: AsyncSession) -> Iterable[JobSpec]:
        return [runs.job("digest"), runs.job("new-job")]

    scheduler.add_job_source(source)
    clock.now = datetime(2026, 3, 5, 2, 0)
    await set_last_run(sessionmaker, "digest", datetime(2026, 3, 5, 1, 0))  # today 09:00
    assert await scheduler.start() == []
    assert runs.ids == []
    assert await last_run(sessionmaker, "new-job") == clock.now  # baseline for a new job


async def test_the_weekend_is_not_a_missed_working_day(
    scheduler: ReminderScheduler, sessionmaker: Maker, clock: FakeClock
) -> None:
    runs = Runs()

    async def source(session: AsyncSession) -> Iterable[JobSpec]:
        return [runs.job("digest")]

    scheduler.add_job_source(source)
    clock.now = datetime(2026, 3, 8, 4, 0)  # Sunday noon
    await set_last_run(sessionmaker, "digest", datetime(2026, 3, 6, 1, 0))  # Friday 09:00
    assert await scheduler.start() == []


async def test_rebuild_derives_jobs_from_the_database(
    scheduler: ReminderScheduler, sessionmaker: Maker
) -> None:
    hours: dict[str, int] = {}

    async def inspections(session: AsyncSession) -> Iterable[JobSpec]:
        async def noop() -> None:
            return None

        names = (await session.exec(select(Department.name))).all()
        return [
            JobSpec(f"inspect:{n}", CronTrigger(hour=hours.get(n, 10), timezone=TZ), noop)
            for n in names
        ]

    scheduler.add_job_source(inspections)
    async with sessionmaker() as session:
        session.add_all([Department(name="信息科"), Department(name="办公室")])
        await session.commit()
    await scheduler.start()
    assert sorted(j.id for j in scheduler.scheduler.get_jobs()) == [
        "inspect:信息科",
        "inspect:办公室",
    ]
    async with sessionmaker() as session:
        gone = (await session.exec(select(Department).where(Department.name == "办公室"))).one()
        await session.delete(gone)
        session.add(Department(name="财务科"))
        await session.commit()
        hours["信息科"] = 15
        await scheduler.rebuild(session)
    jobs = {j.id: j for j in scheduler.scheduler.get_jobs()}
    assert sorted(jobs) == ["inspect:信息科", "inspect:财务科"]
    assert jobs["inspect:信息科"].next_run_time.hour == 15  # replaced, not duplicated


async def test_a_failing_job_is_recorded_so_it_is_not_rerun_at_every_start(
    scheduler: ReminderScheduler, sessionmaker: Maker, clock: FakeClock
) -> None:
    async def broken() -> None:
        raise RuntimeError("boom")

    async def source(session: AsyncSession) -> Iterable[JobSpec]:
        return [daily_job("broken", time(9, 0), broken, TZ)]

    scheduler.add_job_source(source)
    await set_last_run(sessionmaker, "broken", datetime(2026, 2, 1))
    assert await scheduler.start() == ["broken"]
    assert await last_run(sessionmaker, "broken") == clock.now
