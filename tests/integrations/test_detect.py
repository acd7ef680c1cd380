from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.detect import FORMATS, ParseOptions, detect_format, parse_scan_file
from inventory.records import MachineScan, ParseError
from tests.integrations.conftest import write_xlsx


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("assets_gbk.csv", "assets"),
        ("people_utf8bom.csv", "people"),
        ("licenses_utf8.csv", "licenses"),
        ("checktool_gbk.csv", "checktool"),
        ("osqueryi_programs.json", "osquery"),
        ("osqueryd_results.log", "osquery"),
        ("glpi_inventory.json", "glpi"),
        ("uninstall_utf16.reg", "registry"),
        ("uninstall_powershell.csv", "registry"),
        ("slmgr_dlv_en.txt", "activation"),
        ("slmgr_dlv_zh_gbk.txt", "activation"),
        ("slmgr_dli_zh.txt", "activation"),
        ("ospp_dstatus_zh_gbk.txt", "activation"),
        ("wmi_licensing_utf16.json", "activation"),
        ("wmi_licensing.csv", "activation"),
    ],
)
def test_detects_every_fixture(fixtures: Path, name: str, expected: str) -> None:
    assert detect_format(fixtures / name) == expected


def test_detects_by_content_whatever_the_extension(fixtures: Path, tmp_path: Path) -> None:
    for source, expected in [
        ("uninstall_utf16.reg", "registry"),
        ("glpi_inventory.json", "glpi"),
        ("ospp_dstatus_en.txt", "activation"),
    ]:
        copy = tmp_path / f"upload-{expected}.dat"
        shutil.copy(fixtures / source, copy)
        assert detect_format(copy) == expected


def test_detects_xlsx_tables(tmp_path: Path) -> None:
    checktool = write_xlsx(
        tmp_path / "c.xlsx",
        [["导出时间：2026-11-20"], ["客户端ID", "计算机名", "软件名称"], ["a", "b", "c"]],
    )
    assert detect_format(checktool) == "checktool"
    licenses = write_xlsx(tmp_path / "l.xlsx", [["软件名称", "授权方式", "数量", "已分配设备"]])
    assert detect_format(licenses) == "licenses"


def test_unknown_format_lists_accepted(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("随便写点什么\n", "utf-8")
    with pytest.raises(ParseError) as caught:
        detect_format(path)
    message = caught.value.problems[0].message
    assert all(name in message for name in FORMATS)
    table = tmp_path / "x.csv"
    table.write_text("甲,乙\n1,2\n", "utf-8")
    with pytest.raises(ParseError, match="accepted formats"):
        detect_format(table)


def test_parse_scan_file_each_kind(fixtures: Path) -> None:
    assert len(parse_scan_file(fixtures / "checktool_gbk.csv")) == 2
    assert len(parse_scan_file(fixtures / "osqueryd_results.log")) == 3
    (glpi,) = parse_scan_file(fixtures / "glpi_inventory.json")
    assert glpi.hostname == "BGS-PC01"
    (reg,) = parse_scan_file(fixtures / "uninstall_utf16.reg", hostname="PC9")
    assert (reg.hostname, len(reg.installs)) == ("PC9", 4)
    (act,) = parse_scan_file(fixtures / "ospp_dstatus_en.txt", hostname="PC9", client_id="c9")
    assert (act.hostname, act.client_id, len(act.activations), act.installs) == ("PC9", "c9", 3, [])
    (plain,) = parse_scan_file(fixtures / "osqueryi_programs.json", fmt="osquery", hostname="PC7")
    assert plain.hostname == "PC7"


def test_parse_scan_file_with_mapping(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("columns:\n  client_id: [终端]\n  display_name: [程序]\n", "utf-8")
    path = write_xlsx(tmp_path / "e.xlsx", [["终端", "程序"], ["T1", "A"]])
    (scan,) = parse_scan_file(path, fmt="checktool", mapping=mapping)
    assert (scan.client_id, [i.display_name for i in scan.installs]) == ("T1", ["A"])


def test_parse_scan_file_rejects_table_and_unknown_formats(fixtures: Path) -> None:
    with pytest.raises(ParseError, match="不是扫描文件格式"):
        parse_scan_file(fixtures / "assets_gbk.csv")
    with pytest.raises(ParseError, match="glpi"):
        parse_scan_file(fixtures / "assets_gbk.csv", fmt="ocs")


def test_formats_are_callable(fixtures: Path) -> None:
    records = FORMATS["licenses"](fixtures / "licenses_utf8.csv")
    assert len(records) == 4
    assert (
        FORMATS["registry"](fixtures / "uninstall_utf16.reg", ParseOptions(hostname="h"))[
            0
        ].hostname
        == "h"
    )


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.binary(max_size=400), st.sampled_from([".csv", ".json", ".txt", ".reg", ".log", ".xlsx", ""])
)
def test_hostile_files(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"h{suffix}"
    path.write_bytes(data)
    try:
        scans = parse_scan_file(path)
    except ParseError as exc:
        assert exc.problems
    else:
        assert all(isinstance(s, MachineScan) for s in scans)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(
        [
            "Windows Registry Editor Version 5.00\n",
            "[",
            "{",
            '{"content": {"deviceid": 1}}',
            "Name: x\nPartial Product Key: y\n",
            "客户端ID,软件名称\n",
        ]
    ),
    st.text(max_size=200),
)
def test_hostile_text_after_markers(tmp_path: Path, start: str, rest: str) -> None:
    path = tmp_path / "h.txt"
    path.write_text(start + rest, "utf-8", errors="replace")
    try:
        parse_scan_file(path)
    except ParseError as exc:
        assert exc.problems
