"""Dates and times as people and tools write them: ISO, slashes, 年月日, Excel serials."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from integrations.sources import cell_text
from integrations.tables import CellError

_EXCEL_EPOCH = date(1899, 12, 30)
_MAX_SERIAL = 2958465  # 9999-12-31
_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_TIME = re.compile(r"[T\s]*(\d{1,2})[:时](\d{1,2})分?(?::?(\d{1,2})(?:\.\d+)?秒?)?")
_ZONE = re.compile(r"(Z|[+-]\d{2}:?\d{2}|\s*UTC)$", re.IGNORECASE)


def _bad(raw: str) -> CellError:
    return CellError(f"无法识别的日期 '{raw}'", "unrecognized date (use 2026-01-31)")


def excel_serial(serial: float) -> date:
    """Date of an Excel serial day number (1900 system)."""
    if not 1 <= serial <= _MAX_SERIAL:
        raise CellError(f"日期序号超出范围 '{serial}'", "Excel date serial out of range")
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def parse_date(value: object) -> date | None:
    """A date from a cell: date/datetime objects, Excel serials or text; blank is None."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return excel_serial(value)
    raw = cell_text(value)
    if raw is None:
        return None
    day, rest = _split(raw)
    _time_of(rest, raw)
    return day


def parse_datetime(value: object) -> datetime | None:
    """A date and time from a cell; a bare date means midnight; blank is None."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, float) and not isinstance(value, bool) and value >= 1:
        day = excel_serial(value)
        return datetime(day.year, day.month, day.day) + timedelta(days=value % 1)
    raw = cell_text(value)
    if raw is None:
        return None
    day, rest = _split(raw)
    return datetime.combine(day, _time_of(rest, raw))


def loose_date(value: object) -> date | None:
    """Like `parse_date` but None for anything unreadable (install dates from tools)."""
    try:
        return parse_date(value)
    except CellError:
        return None


def _split(raw: str) -> tuple[date, str]:
    """The date at the start of `raw` and the text after it."""
    text = raw.strip()
    match = _DATE.match(text) or _COMPACT.match(text)
    if match is None:
        if text.isdecimal() and len(text) == 5:
            return excel_serial(int(text)), ""
        raise _bad(raw)
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise _bad(raw) from exc
    return day, text[match.end() :]


def _time_of(rest: str, raw: str) -> time:
    """The time of day in the text after a date; empty means midnight."""
    rest = _ZONE.sub("", rest.strip())
    if not rest:
        return time()
    match = _TIME.fullmatch(rest)
    if match is None:
        raise _bad(raw)
    try:
        return time(hour=int(match[1]), minute=int(match[2]), second=int(match[3] or 0))
    except ValueError as exc:
        raise _bad(raw) from exc
