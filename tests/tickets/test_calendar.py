import logging
from datetime import date
from pathlib import Path

import pytest

from tickets.calendar import WorkCalendar, load_holidays_file


@pytest.fixture
def calendar() -> WorkCalendar:
    return WorkCalendar()


def test_national_day_2025_official_schedule(calendar: WorkCalendar) -> None:
    # 国务院办公厅: 10月1日至8日放假调休，共8天；9月28日（周日）、10月11日（周六）上班。
    for day in range(1, 9):
        assert not calendar.is_workday(date(2025, 10, day))
    assert calendar.is_workday(date(2025, 9, 28))
    assert calendar.is_workday(date(2025, 10, 11))
    assert not calendar.is_workday(date(2025, 9, 27))
    assert not calendar.is_workday(date(2025, 10, 12))


def test_spring_festival_2026_official_schedule(calendar: WorkCalendar) -> None:
    # 2月15日至23日放假调休，共9天；2月14日（周六）、2月28日（周六）上班。
    for day in range(15, 24):
        assert not calendar.is_workday(date(2026, 2, day))
    assert calendar.is_workday(date(2026, 2, 14))
    assert calendar.is_workday(date(2026, 2, 28))
    assert calendar.is_workday(date(2026, 2, 24))


def test_next_workday_over_new_year(calendar: WorkCalendar) -> None:
    assert calendar.next_workday(date(2024, 12, 31)) == date(2025, 1, 2)
    # 2026: 1月1日至3日放假，1月4日（周日）上班。
    assert calendar.next_workday(date(2025, 12, 31)) == date(2026, 1, 4)


def test_add_working_days_counts_after_the_day(calendar: WorkCalendar) -> None:
    assert calendar.add_working_days(date(2025, 9, 30), 0) == date(2025, 9, 30)
    assert calendar.add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)
    assert calendar.working_days_between(date(2025, 9, 30), date(2025, 10, 11)) == 3


def test_unknown_year_falls_back_and_warns_once(
    calendar: WorkCalendar, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="tickets.calendar"):
        assert calendar.is_workday(date(2099, 1, 1))  # Thursday, no file: Monday-Friday
        assert not calendar.is_workday(date(2099, 1, 3))  # Saturday
        assert calendar.next_workday(date(2099, 1, 2)) == date(2099, 1, 5)
    warnings = [r for r in caplog.records if "2099" in r.getMessage()]
    assert len(warnings) == 1


def test_holidays_file_corrects_the_fallback(tmp_path: Path) -> None:
    path = tmp_path / "holidays.yaml"
    path.write_text("holidays: [2099-01-01, 2099-01-02]\nworkdays: ['2099-01-04']\n")
    calendar = WorkCalendar(path)
    assert not calendar.is_workday(date(2099, 1, 1))
    assert calendar.is_workday(date(2099, 1, 4))  # a Sunday made a working day
    assert calendar.next_workday(date(2098, 12, 31)) == date(2099, 1, 4)


def test_holidays_file_plain_list_and_broken_files(tmp_path: Path) -> None:
    plain = tmp_path / "plain.yaml"
    plain.write_text("- 2099-05-01\n- not-a-date\n")
    assert load_holidays_file(plain) == ({date(2099, 5, 1)}, set())
    broken = tmp_path / "broken.yaml"
    broken.write_text("holidays: [unclosed\n")
    assert load_holidays_file(broken) == (set(), set())
    assert load_holidays_file(tmp_path / "missing.yaml") == (set(), set())
    assert WorkCalendar(tmp_path / "missing.yaml").is_workday(date(2099, 1, 5))
