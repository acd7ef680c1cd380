from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.checktool import load_columns, parse_checktool
from inventory.records import InstallRecord, ParseError
from tests.integrations.conftest import write_xlsx


def test_gbk_export_grouped_by_client(fixtures: Path) -> None:
    first, second = parse_checktool(fixtures / "checktool_gbk.csv")
    assert (first.client_id, first.hostname, first.serial, first.mac, first.os_name) == (
        "C0A80A15-7F21", "BGS-PC01", "CN12345678", "00:1A:2B:3C:4D:5E", "Windows 10 专业版"
    )  # fmt: skip
    assert first.scanned_at == datetime(2026, 11, 20, 9, 30, 12)
    assert first.installs == [
        InstallRecord("Microsoft Office 专业增强版 2016", "16.0.4266.1001", "Microsoft Corporation", date(2021, 3, 20), 2),
        InstallRecord("WPS Office", "12.1.0.17147", "Kingsoft Corp.", date(2024, 6, 1), 3),
        InstallRecord("WinRAR 5.91 (64-bit)", "5.91.0", "win.rar GmbH", None, 5),
    ]  # fmt: skip
    assert second.serial is None  # "Default string" is a firmware placeholder
    assert [i.display_name for i in second.installs] == ["360安全卫士", "KMSpico"]
    assert second.installs[0].install_date == date(2023, 4, 12)


def test_user_mapping_file(tmp_path: Path) -> None:
    mapping = tmp_path / "my.yaml"
    mapping.write_text("columns:\n  client_id: [终端标识码]\n  display_name: 程序名\n", "utf-8")
    path = write_xlsx(
        tmp_path / "e.xlsx", [["终端标识码", "程序名", "版本"], ["T1", "Foxmail", "7.2"]]
    )
    (scan,) = parse_checktool(path, mapping_path=mapping)
    assert scan.client_id == "T1"
    assert scan.installs == [InstallRecord("Foxmail", "7.2", None, None, 2)]
    with pytest.raises(ParseError, match="客户端ID"):
        parse_checktool(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("columns: [a, b]", "columns"),
        ("columns:\n  owner: [x]\n", "未知字段 'owner'"),
        ("columns:\n  version: 3\n", "'version'"),
        ("columns: {version: [a]}\nrequired: [nope]\n", "required"),
        ("columns: {version: [a}\n", "YAML"),
    ],
)
def test_bad_mapping_file(tmp_path: Path, text: str, message: str) -> None:
    mapping = tmp_path / "bad.yaml"
    mapping.write_text(text, "utf-8")
    with pytest.raises(ParseError, match=message) as caught:
        load_columns(mapping)
    assert caught.value.problems[0].file == "bad.yaml"


def test_bad_scan_time_and_missing_client(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text("客户端ID,软件名称,扫描时间\nA,X,昨天\n,Y,\n", "utf-8")
    with pytest.raises(ParseError) as caught:
        parse_checktool(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "扫描时间"), (3, "客户端ID")]


def test_default_mapping_covers_every_field() -> None:
    columns = load_columns()
    assert {c.field for c in columns if c.required} == {"client_id", "display_name"}
    assert all(c.aliases for c in columns)


words = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8)
rows = st.lists(
    st.tuples(st.sampled_from(["c1", "c2", "c3"]), words, st.none() | words), max_size=12
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows)
def test_round_trip_grouping(tmp_path: Path, generated: list[tuple[str, str, str | None]]) -> None:
    path = tmp_path / "e.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["客户端ID", "软件名称", "版本"], *generated])
    scans = parse_checktool(path)
    assert [s.client_id for s in scans] == list(dict.fromkeys(c for c, _, _ in generated))
    for scan in scans:
        expected = [(n, v) for c, n, v in generated if c == scan.client_id]
        assert [(i.display_name, i.version) for i in scan.installs] == expected


cells = (
    st.none()
    | st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=10)
    | st.floats()
    | st.integers()
    | st.datetimes()
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(cells, min_size=10, max_size=10), max_size=4))
def test_hostile_cells(tmp_path: Path, generated: list[list[object]]) -> None:
    header = [
        "客户端ID",
        "计算机名",
        "软件名称",
        "版本",
        "发布者",
        "安装日期",
        "扫描时间",
        "序列号",
        "MAC地址",
        "操作系统",
    ]
    path = write_xlsx(tmp_path / "h.xlsx", [header, *generated])
    try:
        scans = parse_checktool(path)
    except ParseError as exc:
        assert exc.problems
    else:
        assert all(s.client_id for s in scans)


def test_missing_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="无法读取映射文件"):
        load_columns(tmp_path / "absent.yaml")
