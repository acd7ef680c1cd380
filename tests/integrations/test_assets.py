from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.assets import parse_assets
from inventory.records import AssetRecord, ParseError
from tests.integrations.conftest import write_xlsx

HEADER = [
    "资产编号",
    "计算机名",
    "设备类型",
    "科室",
    "使用人",
    "可连接外网",
    "序列号",
    "MAC地址",
    "操作系统",
]


def test_gbk_register_with_title_row(fixtures: Path) -> None:
    records = parse_assets(fixtures / "assets_gbk.csv")
    assert records[0] == AssetRecord(
        asset_tag="GD-2021-0001",
        hostname="BGS-PC01",
        device_type="desktop",
        department="办公室",
        owner="张伟",
        internet=True,
        serial="CN12345678",
        mac="00:1A:2B:3C:4D:5E",
        os_name="Windows 10 专业版",
        source_row=3,
    )
    assert [(r.asset_tag, r.device_type, r.internet, r.mac, r.source_row) for r in records[1:]] == [
        ("GD-2021-0002", "laptop", True, "00:1A:2B:3C:4D:5F", 4),
        ("GD-2022-0103", "打印机", False, None, 6),
        ("GD-2023-0200", "laptop", False, "AA:BB:CC:DD:EE:FF", 7),
    ]


def test_xlsx_with_typed_cells(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        HEADER,
        [10001, "PC1", "笔记本电脑", "办公室", "张伟", True, 123456, "AABBCCDDEEFF", None],
    ]
    (record,) = parse_assets(write_xlsx(tmp_path / "a.xlsx", rows))
    assert record.asset_tag == "10001"
    assert record.serial == "123456"
    assert record.internet is True
    assert record.mac == "AA:BB:CC:DD:EE:FF"


def test_every_bad_cell_is_reported_and_nothing_returned(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "资产编号,是否联网,MAC\nA-1,也许,00:11:22:33:44:55\n,是,\nA-3,是,zz-11\nA-1,否,\n", "utf-8"
    )
    with pytest.raises(ParseError) as caught:
        parse_assets(path)
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [(2, "是否联网"), (3, "资产编号"), (4, "MAC"), (5, "资产编号")]
    messages = [p.message for p in caught.value.problems]
    assert "无效的 MAC 地址 'zz-11'" in messages[2]
    assert "invalid MAC" in messages[2]
    assert "重复" in messages[3]


def test_missing_asset_tag_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["计算机名", "使用人"], ["PC", "张伟"]])
    with pytest.raises(ParseError, match="资产编号"):
        parse_assets(path)


texts = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N", "Pd")), min_size=1, max_size=12
)
assets = st.builds(
    AssetRecord,
    asset_tag=texts,
    hostname=st.none() | texts,
    device_type=st.sampled_from([None, "desktop", "laptop", "打印机", "服务器"]),
    department=st.none() | texts,
    owner=st.none() | texts,
    internet=st.none() | st.booleans(),
    serial=st.none() | texts,
    mac=st.none() | st.sampled_from(["00:1A:2B:3C:4D:5E", "AA:BB:CC:DD:EE:FF"]),
    os_name=st.none() | texts,
)


def _cells(record: AssetRecord) -> list[object]:
    kind = {"desktop": "台式机", "laptop": "笔记本"}.get(
        record.device_type or "", record.device_type
    )
    internet = None if record.internet is None else ("是" if record.internet else "否")
    return [record.asset_tag, record.hostname, kind, record.department, record.owner, internet,
            record.serial, record.mac, record.os_name]  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(assets, max_size=6, unique_by=lambda a: a.asset_tag.strip()))
def test_round_trip_csv_and_xlsx(tmp_path: Path, records: list[AssetRecord]) -> None:
    records = [r for r in records if r.asset_tag.strip() == r.asset_tag]
    path = tmp_path / "r.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *map(_cells, records)])
    xlsx = write_xlsx(tmp_path / "r.xlsx", [HEADER, *map(_cells, records)])
    for parsed in (parse_assets(path), parse_assets(xlsx)):
        assert [_without_row(p) for p in parsed] == [_normalized(r) for r in records]


def _normalized(record: AssetRecord) -> tuple[object, ...]:
    fields = _without_row(record)
    return tuple(f.strip() if isinstance(f, str) else f for f in fields)


def _without_row(record: AssetRecord) -> tuple[object, ...]:
    return (record.asset_tag, record.hostname, record.device_type, record.department, record.owner,
            record.internet, record.serial, record.mac, record.os_name)  # fmt: skip


cells = (
    st.none()
    | st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)
    | st.integers()
    | st.floats()
    | st.booleans()
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(cells, min_size=9, max_size=9), max_size=5))
def test_hostile_cells_give_records_or_parse_error(
    tmp_path: Path, rows: list[list[object]]
) -> None:
    path = write_xlsx(tmp_path / "h.xlsx", [HEADER, *rows])
    try:
        parse_assets(path)
    except ParseError as exc:
        assert all(p.row and p.row >= 2 for p in exc.problems if p.column)
