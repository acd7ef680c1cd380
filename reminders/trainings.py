"""Training sessions: create, invite the audience, RSVP, remind the day and the hour before, attendance."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Person
from inventory.people import department_name
from reminders.alert_settings import AlertSettings
from reminders.alerts import local, send_each
from reminders.broadcasts import resolve_audience
from reminders.messages import Message, buttons_row, escape_markdown
from reminders.models import OutboxKind, Training, TrainingRsvp
from reminders.outbox import AddressBook, insert_ignoring_duplicates

_FULL = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?\s*[T ]?\s*(\d{1,2})\s*[:：点时]\s*(\d{1,2})?\s*分?$"
)
_SHORT = re.compile(
    r"^(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?\s*(\d{1,2})\s*[:：点时]\s*(\d{1,2})?\s*分?$"
)


class TrainingError(ValueError):
    """A training request that cannot be done; the message is Chinese then English."""


def parse_when(text: str, now: datetime, timezone: str = "Asia/Shanghai") -> datetime:
    """Local '2026-12-01 14:30' or '12月1日 14:30' (next such day) -> naive UTC in the future."""
    raw = text.strip()
    tz = ZoneInfo(timezone)
    today = now.replace(tzinfo=UTC).astimezone(tz)
    try:
        if match := _FULL.match(raw):
            y, mo, d, h, mi = match.groups()
            when = datetime(int(y), int(mo), int(d), int(h), int(mi or 0), tzinfo=tz)
        elif match := _SHORT.match(raw):
            mo, d, h, mi = match.groups()
            when = datetime(today.year, int(mo), int(d), int(h), int(mi or 0), tzinfo=tz)
            if when < today:
                when = when.replace(year=today.year + 1)
        else:
            raise ValueError(raw)
    except ValueError:
        raise TrainingError(
            f"无法识别时间：{raw}（例如 2026-12-01 14:30 或 12月1日 14:30）/ "
            f"cannot read the time {raw!r} (e.g. 2026-12-01 14:30)"
        ) from None
    utc = when.astimezone(UTC).replace(tzinfo=None)
    if utc <= now:
        raise TrainingError("培训时间已过 / that time is in the past")
    return utc


async def create_training(
    session: AsyncSession,
    *,
    title: str,
    starts_at: datetime,
    place: str | None = None,
    audience: str = "all",
    created_by: int | None = None,
    now: datetime,
) -> Training:
    """Save a training after checking its title, time and audience."""
    title = title.strip()
    if not title or len(title) > 200:
        raise TrainingError("标题不能为空且不超过200字 / the title must be 1-200 characters")
    if starts_at <= now:
        raise TrainingError("培训时间已过 / that time is in the past")
    await resolve_audience(session, audience)
    training = Training(
        title=title,
        starts_at=starts_at,
        place=(place or "").strip()[:500] or None,
        audience=audience.strip(),
        created_by=created_by,
        created_at=now,
    )
    session.add(training)
    await session.flush()
    return training


def training_text(training: Training, timezone: str) -> str:
    """Title, time and place of a training as Markdown lines."""
    place = escape_markdown(training.place or "另行通知 / to be announced")
    return (
        f"**{escape_markdown(training.title)}**\n"
        f"时间 / when: {local(training.starts_at, timezone)}\n地点 / where: {place}"
    )


def rsvp_buttons(training_id: int | None) -> tuple[tuple[Any, ...], ...]:
    """The 参加 / 不参加 buttons of a training."""
    return (
        buttons_row(
            ("✅ 参加 / attend", f"trr:{training_id}:y"),
            ("❌ 不参加 / decline", f"trr:{training_id}:n"),
        ),
    )


async def invite(
    session: AsyncSession,
    training_id: int,
    book: AddressBook,
    now: datetime,
    timezone: str = "Asia/Shanghai",
) -> int:
    """Add the audience as invitees and queue one invitation each (idempotent); rows queued."""
    training = await session.get(Training, training_id)
    if training is None:
        raise TrainingError(f"没有这个培训：{training_id} / no training {training_id}")
    people = await resolve_audience(session, training.audience)
    table = TrainingRsvp.__table__  # type: ignore[attr-defined]
    rows = [
        TrainingRsvp(training_id=training_id, person_id=p, invited_at=now).model_dump()
        for p in people
    ]
    await insert_ignoring_duplicates(session, table, rows)
    message = Message(
        f"📢 **培训通知 / training invitation**\n{training_text(training, timezone)}\n"
        "请回复是否参加。 Will you attend?",
        buttons=rsvp_buttons(training.id),
    )
    key = f"training:{training_id}:invite"
    return await send_each(session, people, message, book, key, now, kind=OutboxKind.training)


async def get_open_training(session: AsyncSession, training_id: int, now: datetime) -> Training:
    """A training that is neither cancelled nor over, or a TrainingError."""
    training = await session.get(Training, training_id)
    if training is None or training.cancelled_at is not None:
        raise TrainingError(f"没有这个培训：{training_id} / no training {training_id}")
    if training.starts_at <= now:
        raise TrainingError("培训已开始或已结束 / the training has already started")
    return training


async def _invitee(
    session: AsyncSession, training_id: int, person_id: int, now: datetime
) -> TrainingRsvp:
    """The person's invitee row of a training, added when missing."""
    row = await session.get(TrainingRsvp, (training_id, person_id))
    if row is None:
        row = TrainingRsvp(training_id=training_id, person_id=person_id, invited_at=now)
    return row


async def rsvp(
    session: AsyncSession, training_id: int, person_id: int, going: bool, now: datetime
) -> TrainingRsvp:
    """Record a person's answer (参加 / 不参加) to an upcoming training."""
    await get_open_training(session, training_id, now)
    row = await _invitee(session, training_id, person_id, now)
    row.going, row.answered_at = going, now
    session.add(row)
    await session.flush()
    return row


async def mark_attendance(
    session: AsyncSession, training_id: int, person_id: int, attended: bool, now: datetime
) -> TrainingRsvp:
    """Record whether a person attended a training (an admin's roll call)."""
    if await session.get(Training, training_id) is None:
        raise TrainingError(f"没有这个培训：{training_id} / no training {training_id}")
    row = await _invitee(session, training_id, person_id, now)
    row.attended, row.marked_at = attended, now
    session.add(row)
    await session.flush()
    return row


async def rsvps(session: AsyncSession, training_id: int) -> list[dict[str, Any]]:
    """The invitees of a training: person_id, name, department, going, attended."""
    query = (
        select(TrainingRsvp, Person)
        .join(Person, col(Person.id) == col(TrainingRsvp.person_id))
        .where(TrainingRsvp.training_id == training_id)
        .order_by(col(Person.name), col(Person.id))
    )
    return [
        {
            "person_id": person.id,
            "name": person.name,
            "department": await department_name(session, person.department_id),
            "going": row.going,
            "attended": row.attended,
        }
        for row, person in (await session.exec(query)).all()
    ]


async def upcoming(session: AsyncSession, now: datetime, limit: int = 20) -> list[Training]:
    """Trainings not cancelled that have not started yet, soonest first."""
    query = (
        select(Training)
        .where(col(Training.starts_at) > now, col(Training.cancelled_at).is_(None))
        .order_by(col(Training.starts_at), col(Training.id))
        .limit(limit)
    )
    return list((await session.exec(query)).all())


async def training_rows(session: AsyncSession) -> list[dict[str, Any]]:
    """Every training with its RSVP and attendance counts (the `training list --json` shape)."""
    query = select(Training).order_by(col(Training.starts_at), col(Training.id))
    rows = []
    for training in (await session.exec(query)).all():
        assert training.id is not None
        people = await rsvps(session, training.id)
        rows.append(
            {
                "id": training.id,
                "title": training.title,
                "starts_at": training.starts_at.isoformat(timespec="minutes") + "Z",
                "place": training.place,
                "audience": training.audience,
                "cancelled": training.cancelled_at is not None,
                "invited": len(people),
                "going": sum(1 for p in people if p["going"] is True),
                "declined": sum(1 for p in people if p["going"] is False),
                "attended": sum(1 for p in people if p["attended"] is True),
            }
        )
    return rows


def _due_reminders(training: Training, now: datetime, settings: AlertSettings) -> list[str]:
    """Which reminders ('day', 'hour') a training is in the window for right now."""
    day = timedelta(hours=settings.training_day_before_hours)
    hour = timedelta(minutes=settings.training_hour_before_minutes)
    left = training.starts_at - now
    due = []
    if hour < left <= day and training.created_at <= training.starts_at - day:
        due.append("day")
    if timedelta(0) < left <= hour and training.created_at <= training.starts_at - hour:
        due.append("hour")
    return due


def reminder_message(training: Training, which: str, timezone: str) -> Message:
    """The reminder sent the day or the hour before a training."""
    lead = "明天有培训 / training tomorrow" if which == "day" else "培训即将开始 / training soon"
    return Message(f"⏰ **{lead}**\n{training_text(training, timezone)}")


async def reminder_job(
    sessionmaker: async_sessionmaker[AsyncSession],
    book: AddressBook,
    now: datetime,
    settings: AlertSettings | None = None,
) -> int:
    """Remind invitees who did not decline, the day and the hour before (once each); rows."""
    settings = settings or AlertSettings()
    queued = 0
    async with sessionmaker() as session:
        for training in await upcoming(session, now, limit=200):
            due = _due_reminders(training, now, settings)
            if not due:
                continue
            query = select(TrainingRsvp.person_id).where(
                TrainingRsvp.training_id == training.id, col(TrainingRsvp.going).is_not(False)
            )
            people = list((await session.exec(query)).all())
            for which in due:
                message = reminder_message(training, which, settings.timezone)
                key = f"training:{training.id}:{which}"
                queued += await send_each(
                    session, people, message, book, key, now, kind=OutboxKind.training
                )
        await session.commit()
    return queued
