"""Trainings: time parsing, invitations once, RSVP, reminders the day and the hour before, attendance."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Person
from reminders.broadcasts import AudienceError
from reminders.models import Outbox, OutboxKind
from reminders.trainings import (
    TrainingError,
    create_training,
    invite,
    mark_attendance,
    parse_when,
    reminder_job,
    rsvp,
    rsvps,
    training_rows,
    upcoming,
)
from tests.reminders.fakes import FakeAddressBook

NOW = datetime(2026, 11, 20, 2, 0)  # Friday 10:00 Beijing
STARTS = datetime(2026, 12, 1, 6, 30)  # 14:30 Beijing


async def outbox(session: AsyncSession) -> list[Outbox]:
    query = select(Outbox).order_by(col(Outbox.id)).execution_options(populate_existing=True)
    return list((await session.exec(query)).all())


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-01 14:30",
        "2026/12/1 14:30",
        "2026年12月1日 14:30",
        "12月1日 14:30",
        "12月1日14点30分",
        "12-01 14:30",
    ],
)
def test_parse_when_accepts_both_styles(text: str) -> None:
    assert parse_when(text, NOW) == STARTS


def test_parse_when_rolls_a_passed_day_to_next_year_and_refuses_nonsense() -> None:
    assert parse_when("1月5日 9:00", NOW) == datetime(2027, 1, 5, 1, 0)
    for bad in ("明天下午", "2026-13-01 10:00", "2025-12-01 10:00", ""):
        with pytest.raises(TrainingError):
            parse_when(bad, NOW)


async def test_create_checks_title_time_and_audience(
    session: AsyncSession, people: dict[str, Person]
) -> None:
    with pytest.raises(TrainingError):
        await create_training(session, title=" ", starts_at=STARTS, now=NOW)
    with pytest.raises(TrainingError):
        await create_training(session, title="x", starts_at=NOW - timedelta(hours=1), now=NOW)
    with pytest.raises(AudienceError):
        await create_training(session, title="x", starts_at=STARTS, audience="role:boss", now=NOW)


async def test_invitations_once_per_invitee_with_rsvp_buttons(
    session: AsyncSession, people: dict[str, Person], address_book: FakeAddressBook
) -> None:
    training = await create_training(
        session,
        title="正版化培训",
        starts_at=STARTS,
        place="三楼会议室",
        audience="department:办公室",
        created_by=people["张三"].id,
        now=NOW,
    )
    assert training.id is not None
    assert await invite(session, training.id, address_book, NOW) == 2
    assert await invite(session, training.id, address_book, NOW) == 0
    await session.commit()
    rows = await outbox(session)
    assert [r.person_id for r in rows] == [people["张三"].id, people["王五"].id]
    assert rows[0].kind == OutboxKind.training
    assert "2026-12-01 14:30" in rows[0].payload["text"] and "三楼会议室" in rows[0].payload["text"]
    assert [b[1] for b in rows[0].payload["buttons"][0]] == [
        f"trr:{training.id}:y",
        f"trr:{training.id}:n",
    ]
    assert [p["name"] for p in await rsvps(session, training.id)] == ["张三", "王五"]


async def test_rsvp_attendance_and_listing(
    session: AsyncSession, people: dict[str, Person], address_book: FakeAddressBook
) -> None:
    training = await create_training(session, title="培训", starts_at=STARTS, now=NOW)
    assert training.id is not None
    await invite(session, training.id, address_book, NOW)
    await rsvp(session, training.id, people["王五"].id or 0, True, NOW)
    await rsvp(session, training.id, people["李四"].id or 0, False, NOW)
    await mark_attendance(session, training.id, people["王五"].id or 0, True, STARTS)
    with pytest.raises(TrainingError):
        await rsvp(
            session, training.id, people["张三"].id or 0, True, STARTS + timedelta(minutes=1)
        )
    answers = {p["name"]: (p["going"], p["attended"]) for p in await rsvps(session, training.id)}
    assert answers == {"张三": (None, None), "李四": (False, None), "王五": (True, True)}
    [row] = await training_rows(session)
    assert (row["invited"], row["going"], row["declined"], row["attended"]) == (3, 1, 1, 1)
    assert row["starts_at"] == "2026-12-01T06:30Z"
    assert [t.id for t in await upcoming(session, NOW)] == [training.id]
    assert await upcoming(session, STARTS) == []


async def test_reminders_day_and_hour_before_once_and_not_for_decliners(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    people: dict[str, Person],
    address_book: FakeAddressBook,
) -> None:
    training = await create_training(session, title="培训", starts_at=STARTS, now=NOW)
    assert training.id is not None
    await invite(session, training.id, address_book, NOW)
    await rsvp(session, training.id, people["李四"].id or 0, False, NOW)
    await session.commit()
    run = lambda when: reminder_job(sessionmaker, address_book, when)  # noqa: E731
    assert await run(STARTS - timedelta(hours=30)) == 0
    assert await run(STARTS - timedelta(hours=23, minutes=55)) == 2  # 张三 and 王五
    assert await run(STARTS - timedelta(hours=20)) == 0  # a restart never doubles
    assert await run(STARTS - timedelta(minutes=55)) == 2
    assert await run(STARTS - timedelta(minutes=50)) == 0
    assert await run(STARTS + timedelta(minutes=5)) == 0
    texts = [r.payload["text"] for r in await outbox(session) if "⏰" in r.payload["text"]]
    assert len(texts) == 4 and "明天有培训" in texts[0] and "即将开始" in texts[3]


async def test_a_training_created_the_same_day_gets_no_day_before_reminder(
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    people: dict[str, Person],
    address_book: FakeAddressBook,
) -> None:
    soon = NOW + timedelta(hours=3)
    training = await create_training(session, title="临时培训", starts_at=soon, now=NOW)
    assert training.id is not None
    await invite(session, training.id, address_book, NOW)
    await session.commit()
    assert await reminder_job(sessionmaker, address_book, NOW + timedelta(minutes=5)) == 0
    assert await reminder_job(sessionmaker, address_book, soon - timedelta(minutes=30)) == 3
