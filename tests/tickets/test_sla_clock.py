from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tickets.calendar import WorkCalendar
from tickets.models import TicketPause
from tickets.settings import TicketSettings
from tickets.sla import SlaClock, paused_time


@pytest.fixture
def clock() -> SlaClock:
    return SlaClock(TicketSettings(), WorkCalendar())


def utc(*parts: int) -> datetime:
    return datetime(*parts)  # naive UTC; Asia/Shanghai is UTC+8


def test_sla_days_per_kind_and_priority() -> None:
    settings = TicketSettings()
    assert settings.working_days("remediation", "high") == 3
    assert settings.working_days("remediation", "normal") == 5
    assert settings.working_days("consultation", "normal") == 1
    custom = TicketSettings(sla_days={"remediation": {"high": 2}}, default_sla_days=7)
    assert custom.working_days("remediation", "high") == 2
    assert custom.working_days("remediation", "normal") == 7


def test_national_day_2025_remediation_high(clock: SlaClock) -> None:
    # Opened Tue 30 Sep 10:00 local; working days after: Oct 9, Oct 10, Sat Oct 11 (调休).
    opened = utc(2025, 9, 30, 2, 0)
    assert clock.base_due(opened, 3) == utc(2025, 10, 11, 10, 0)  # 18:00 local
    assert clock.base_due(opened, 5) == utc(2025, 10, 14, 10, 0)


def test_opened_on_a_rest_day_counts_from_the_next_days(clock: SlaClock) -> None:
    # Sat 27 Sep is a rest day; Sun 28 Sep is a 调休 working day.
    assert clock.base_due(utc(2025, 9, 27, 3, 0), 1) == utc(2025, 9, 28, 10, 0)
    assert clock.base_due(utc(2025, 9, 27, 3, 0), 0) == utc(2025, 9, 28, 10, 0)
    assert clock.base_due(utc(2025, 9, 30, 3, 0), 0) == utc(2025, 9, 30, 10, 0)


def test_the_opening_day_is_the_local_day(clock: SlaClock) -> None:
    # Fri 10 Oct 17:00 UTC is already Sat 11 Oct 01:00 in Shanghai (a working Saturday).
    assert clock.base_due(utc(2025, 10, 10, 17, 0), 1) == utc(2025, 10, 13, 10, 0)
    assert clock.base_due(utc(2025, 10, 10, 15, 0), 1) == utc(2025, 10, 11, 10, 0)


def test_spring_festival_2026(clock: SlaClock) -> None:
    # Opened Fri 13 Feb; Sat 14 Feb works, 15-23 Feb off, then Tue 24, Wed 25.
    assert clock.base_due(utc(2026, 2, 13, 1, 0), 3) == utc(2026, 2, 25, 10, 0)


def test_turn_of_the_year(clock: SlaClock) -> None:
    assert clock.base_due(utc(2024, 12, 31, 2, 0), 1) == utc(2025, 1, 2, 10, 0)
    assert clock.base_due(utc(2025, 12, 31, 2, 0), 1) == utc(2026, 1, 4, 10, 0)


def test_unknown_year_falls_back_to_monday_friday(clock: SlaClock) -> None:
    # Wed 31 Dec 2098 + 3 working days (Thu, Fri, Mon) without holiday data.
    assert clock.base_due(utc(2098, 12, 31, 2, 0), 3) == utc(2099, 1, 5, 10, 0)


def test_working_time_counts_only_office_hours(clock: SlaClock) -> None:
    # Thu 9 Oct 2025 16:00 local -> Sat 11 Oct 10:00 local: 2h + 9h + 1h (Sat is 调休).
    start, end = utc(2025, 10, 9, 8, 0), utc(2025, 10, 11, 2, 0)
    assert clock.working_time(start, end) == timedelta(hours=12)
    assert clock.working_time(end, start) == timedelta(0)
    # The whole National Day holiday is no working time at all.
    assert clock.working_time(utc(2025, 9, 30, 10, 0), utc(2025, 10, 8, 16, 0)) == timedelta(0)


def test_paused_clock_extends_the_deadline(clock: SlaClock) -> None:
    opened = utc(2025, 9, 30, 2, 0)  # due Sat 11 Oct 18:00 local
    pauses = [
        TicketPause(
            ticket_id=1, started_at=utc(2025, 10, 9, 6, 0), ended_at=utc(2025, 10, 9, 9, 0)
        ),
        TicketPause(ticket_id=1, started_at=utc(2025, 10, 10, 9, 0), ended_at=None),
    ]
    now = utc(2025, 10, 10, 10, 0)  # the open pause counts up to now: 3h + 1h
    paused = paused_time(clock, pauses, now)
    assert paused == timedelta(hours=4)
    # Sun 12 Oct is a rest day: the 4 hours land on Mon 13 Oct, 09:00 + 4h = 13:00 local.
    assert clock.due(opened, 3, paused) == utc(2025, 10, 13, 5, 0)


def test_pause_longer_than_a_day_rolls_over(clock: SlaClock) -> None:
    due = clock.add_working_time(utc(2025, 10, 10, 10, 0), timedelta(hours=11))
    # Fri 18:00 local + 11h: Sat 11 Oct 09:00-18:00 (9h) then Mon 13 Oct 09:00 + 2h.
    assert due == utc(2025, 10, 13, 3, 0)
    assert clock.add_working_time(utc(2025, 10, 10, 10, 0), timedelta(0)) == utc(
        2025, 10, 10, 10, 0
    )


@hsettings(max_examples=150, deadline=None)
@given(
    opened=st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 1)),
    days=st.integers(min_value=0, max_value=15),
    hours=st.integers(min_value=0, max_value=40),
)
def test_due_is_a_working_day_at_18_and_pauses_add_exactly(
    opened: datetime, days: int, hours: int
) -> None:
    clock = SlaClock(TicketSettings(), WorkCalendar())
    due = clock.base_due(opened, days)
    local = clock.to_local(due)
    assert local.hour == 18 and local.minute == 0
    assert clock.calendar.is_workday(local.date())
    assert due > opened or days == 0
    extended = clock.due(opened, days, timedelta(hours=hours))
    assert clock.working_time(due, extended) == timedelta(hours=hours)
