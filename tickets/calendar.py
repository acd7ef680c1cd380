"""Working days on the Chinese holiday calendar, with a Monday-Friday fallback for unknown years.

``chinese_calendar`` knows the official schedule (holidays and 调休 working weekends) for the
years it ships; outside them it raises NotImplementedError. For such a year this module falls
back to Monday-Friday, corrected by an optional YAML holidays file, and logs a warning once per
year. The file is either a list of holiday dates or a mapping::

    holidays: [2099-01-01, 2099-01-02]
    workdays: [2099-01-04]      # working weekends (调休)
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import chinese_calendar
import yaml

_LOGGER = logging.getLogger(__name__)


def _parse_dates(values: Iterable[Any]) -> set[date]:
    """Turn YAML values (dates or ISO strings) into dates, skipping what is not a date."""
    found: set[date] = set()
    for value in values:
        if isinstance(value, date):
            found.add(value)
            continue
        try:
            found.add(date.fromisoformat(str(value).strip()))
        except ValueError:
            _LOGGER.warning("节假日文件中的日期无效 / bad date in holidays file: %r", value)
    return found


def load_holidays_file(path: Path | None) -> tuple[set[date], set[date]]:
    """Read (holidays, working weekends) from a YAML file; empty sets when missing or broken."""
    if path is None:
        return set(), set()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        _LOGGER.warning("无法读取节假日文件 / cannot read holidays file %s: %s", path, exc)
        return set(), set()
    if isinstance(data, list):
        return _parse_dates(data), set()
    if isinstance(data, dict):
        return _parse_dates(data.get("holidays") or []), _parse_dates(data.get("workdays") or [])
    return set(), set()


class WorkCalendar:
    """Tells working days from rest days; never raises for a date it does not know."""

    def __init__(self, holidays_file: Path | None = None) -> None:
        self.holidays, self.workdays = load_holidays_file(holidays_file)
        self._warned_years: set[int] = set()

    def is_workday(self, day: date) -> bool:
        """Return True when ``day`` is a working day (including a 调休 working weekend)."""
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            return self._fallback_is_workday(day)

    def _fallback_is_workday(self, day: date) -> bool:
        """Monday-Friday corrected by the holidays file, warning once per unknown year."""
        if day.year not in self._warned_years:
            self._warned_years.add(day.year)
            _LOGGER.warning(
                "chinese_calendar 没有 %d 年的数据，按周一至周五及节假日文件计算 / "
                "no holiday data for %d; using Monday-Friday and the holidays file",
                day.year,
                day.year,
            )
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_workday(self, day: date) -> date:
        """Return the first working day strictly after ``day``."""
        current = day + timedelta(days=1)
        while not self.is_workday(current):
            current += timedelta(days=1)
        return current

    def add_working_days(self, day: date, count: int) -> date:
        """Return the ``count``-th working day after ``day`` (``day`` itself when count is 0)."""
        current = day
        for _ in range(count):
            current = self.next_workday(current)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Count working days in the half-open range (start, end]."""
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_workday(current):
                count += 1
        return count


@lru_cache(maxsize=8)
def shared_calendar(holidays_file: str | None = None) -> WorkCalendar:
    """Return one calendar per holidays file, so the unknown-year warning is logged once."""
    return WorkCalendar(Path(holidays_file) if holidays_file else None)
