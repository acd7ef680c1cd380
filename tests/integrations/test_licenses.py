from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.licenses import parse_licenses
from inventory.records import EntitlementRecord, ParseError
from tests.integrations.conftest import write_xlsx

HEADER = [
    "软件名称",
    "版本",
    "授权方式",
    "数量",
    "授权对象",
    "证明材料",
    "采购日期",
    "到期日期",
    "已分配设备",
]


def test_utf8_authorization_list(fixtures: Path) -> None:
    records = parse_licenses(fixtures / "licenses_utf8.csv")
    assert records[0] == EntitlementRecord(
        product="Microsoft Windows 10 专业版",
        version="10",
        license_type="oem",
        quantity=2,
        scope="device",
        evidence="发票 No.0012345",
        purchased_on=date(2021, 3, 15),
        expires_on=None,
        assigned_assets=("GD-2021-0001", "GD-2021-0002"),
        source_row=2,
    )
    assert (records[1].license_type, records[1].scope, records[1].purchased_on, records[1].expires_on) == (
        "volume", "user", date(2022, 5, 1), date(2027, 4, 30)
    )  # fmt: skip
    assert records[2].license_type == "subscription"
    assert records[2].assigned_assets == ("GD-2021-0001", "GD-2023-0200", "GD-2022-0103")
    assert (records[3].license_type, records[3].quantity, records[3].scope) == ("free", 1, "unit")


def test_bad_cells_all_reported(fixtures: Path) -> None:
    with pytest.raises(ParseError) as caught:
        parse_licenses(fixtures / "licenses_bad.csv")
    problems = caught.value.problems
    assert [(p.row, p.column) for p in problems] == [
        (2, "授权方式"), (3, "数量"), (3, "采购日期"), (3, "授权对象"), (4, "到期日期")
    ]  # fmt: skip
    assert problems[0].message == "无法识别的授权方式 'abc' / unknown license type"
    assert (
        str(problems[0])
        == "licenses_bad.csv:2 [授权方式]: 无法识别的授权方式 'abc' / unknown license type"
    )


def test_xlsx_dates_serials_and_site(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        ["说明：带*为必填"],
        ["*软件名称", "授权方式（必填）", "数量", "采购日期", "到期日期", "授权对象"],
        ["正版 Office", "VL", 30.0, datetime(2024, 1, 31, 0, 0), 46053, None],
        ["某某场地授权软件", "场地", None, "2024年1月31日", "2026/1/31", None],
    ]
    records = parse_licenses(write_xlsx(tmp_path / "l.xlsx", rows))
    assert [(r.license_type, r.quantity, r.purchased_on, r.expires_on, r.scope, r.source_row) for r in records] == [
        ("volume", 30, date(2024, 1, 31), date(2026, 1, 31), "device", 3),
        ("site", 1, date(2024, 1, 31), date(2026, 1, 31), "unit", 4),
    ]  # fmt: skip


def test_missing_quantity_for_counted_license(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "l.xlsx", [["软件名称", "授权方式"], ["Office", "零售"]])
    with pytest.raises(ParseError, match="缺少数量"):
        parse_licenses(path)


TYPE_WORDS = {
    "oem": "OEM",
    "retail": "彩盒",
    "volume": "KMS",
    "subscription": "订阅",
    "site": "场地",
    "free": "免费",
}
SCOPE_WORDS = {"device": "设备", "user": "用户", "unit": "全单位"}
words = st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=8)
entitlements = st.builds(
    EntitlementRecord,
    product=words,
    version=st.none() | words,
    license_type=st.sampled_from(list(TYPE_WORDS)),
    quantity=st.integers(1, 10**6),
    scope=st.sampled_from(list(SCOPE_WORDS)),
    evidence=st.none() | words,
    purchased_on=st.none() | st.dates(date(1990, 1, 1), date(2060, 1, 1)),
    expires_on=st.none(),
    assigned_assets=st.lists(words, max_size=3).map(tuple),
)


def _cells(r: EntitlementRecord, style: int) -> list[object]:
    day = r.purchased_on
    written = (
        None
        if day is None
        else [
            day.isoformat(),
            f"{day.year}/{day.month}/{day.day}",
            f"{day.year}年{day.month}月{day.day}日",
        ][style]
    )
    return [r.product, r.version, TYPE_WORDS[r.license_type], r.quantity, SCOPE_WORDS[r.scope], r.evidence,
            written, None, "、".join(r.assigned_assets)]  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(entitlements, max_size=5), st.integers(0, 2))
def test_round_trip(tmp_path: Path, records: list[EntitlementRecord], style: int) -> None:
    path = tmp_path / "l.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *(_cells(r, style) for r in records)])
    parsed = parse_licenses(path)
    assert [replace(p, source_row=0) for p in parsed] == records


cells = (
    st.none()
    | st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)
    | st.integers()
    | st.floats()
    | st.datetimes()
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(cells, min_size=9, max_size=9), max_size=4))
def test_hostile_cells(tmp_path: Path, rows: list[list[object]]) -> None:
    path = write_xlsx(tmp_path / "h.xlsx", [HEADER, *rows])
    try:
        records = parse_licenses(path)
    except ParseError as exc:
        assert 0 < len(exc.problems) <= 200
    else:
        assert all(r.quantity > 0 for r in records)
