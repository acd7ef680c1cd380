from __future__ import annotations

import contextlib
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations.dates import excel_serial, loose_date, parse_date, parse_datetime
from integrations.tables import CellError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-31", date(2026, 1, 31)),
        ("2026/1/31", date(2026, 1, 31)),
        ("2026.1.31", date(2026, 1, 31)),
        ("2026年1月31日", date(2026, 1, 31)),
        (" 2026 年 1 月 31 日 ", date(2026, 1, 31)),
        ("20260131", date(2026, 1, 31)),
        ("2026-01-31 08:30:00", date(2026, 1, 31)),
        (46053, date(2026, 1, 31)),
        (46053.75, date(2026, 1, 31)),
        ("46053", date(2026, 1, 31)),
        (datetime(2026, 1, 31, 23, 59), date(2026, 1, 31)),
        (date(2026, 1, 31), date(2026, 1, 31)),
        (None, None),
        ("  ", None),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value",
    ["2026-02-30", "31/01/2026", "明天", "2026-01-31 25:00", 0, -5, 10**9, float("nan"), True],
)
def test_bad_dates(value: object) -> None:
    with pytest.raises(CellError) as caught:
        parse_date(value)
    assert caught.value.zh and caught.value.en
    assert loose_date(value) is None


def test_parse_datetime() -> None:
    assert parse_datetime("2026/11/20 9:30:12") == datetime(2026, 11, 20, 9, 30, 12)
    assert parse_datetime("2026-11-20T09:30:12Z") == datetime(2026, 11, 20, 9, 30, 12)
    assert parse_datetime("2026年11月20日 9时30分") == datetime(2026, 11, 20, 9, 30)
    assert parse_datetime(46053.5) == datetime(2026, 1, 31, 12)
    assert parse_datetime("2026-11-20") == datetime(2026, 11, 20)
    assert excel_serial(1) == date(1899, 12, 31)


@settings(deadline=None)
@given(st.dates(date(1900, 3, 1), date(9999, 12, 31)), st.integers(0, 2))
def test_round_trip_written_forms(day: date, style: int) -> None:
    text = [
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
    ][style]
    assert parse_date(text) == day
    assert parse_date((day - date(1899, 12, 30)).days) == day


@settings(deadline=None)
@given(st.one_of(st.text(max_size=30), st.floats(), st.integers(), st.none(), st.datetimes()))
def test_hostile_values(value: object) -> None:
    for parse in (parse_date, parse_datetime):
        with contextlib.suppress(CellError):
            parse(value)
