from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.registry import is_program, parse_registry
from inventory.records import InstallRecord, ParseError

UNINSTALL = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"


def test_utf16_reg_export(fixtures: Path) -> None:
    scan = parse_registry(fixtures / "uninstall_utf16.reg", hostname="BGS-PC01")
    assert scan.hostname == "BGS-PC01"
    assert [(i.display_name, i.version, i.publisher, i.install_date) for i in scan.installs] == [
        ("Microsoft Office 专业增强版 2016", "16.0.4266.1001", "Microsoft Corporation", date(2021, 3, 20)),
        ("7-Zip 23.01 (x64)", "23.01", "Igor Pavlov", None),
        ("WinRAR 5.91 (32-位)", "5.91.0", "win.rar GmbH", None),
        ("钉钉", "7.5.10", "Alibaba (China) Network Technology Co.,Ltd.", None),
    ]  # fmt: skip
    assert scan.installs[0].source_row == 5


def test_powershell_csv(fixtures: Path) -> None:
    scan = parse_registry(fixtures / "uninstall_powershell.csv")
    assert scan.hostname == "CWK-PC02"
    assert scan.installs == [
        InstallRecord("Microsoft Office 专业增强版 2016", "16.0.4266.1001", "Microsoft Corporation", date(2021, 3, 20), 3),
        InstallRecord("福昕PDF编辑器", "12.1.1.15289", "福昕软件", date(2023, 9, 15), 7),
    ]  # fmt: skip


def test_utf8_reg_and_regedit4(tmp_path: Path) -> None:
    for header in ("Windows Registry Editor Version 5.00", "REGEDIT4"):
        path = tmp_path / "a.reg"
        path.write_text(
            f'{header}\n\n[{UNINSTALL}\\x]\n"DisplayName"="Say \\"hi\\" \\\\o/"\n', "utf-8"
        )
        assert [i.display_name for i in parse_registry(path).installs] == ['Say "hi" \\o/']


def test_not_a_reg_file(tmp_path: Path) -> None:
    path = tmp_path / "a.reg"
    path.write_text("hello\n", "utf-8")
    with pytest.raises(ParseError, match="注册表"):
        parse_registry(path)


def test_bad_line_in_uninstall_key(tmp_path: Path) -> None:
    path = tmp_path / "a.reg"
    path.write_text(f'REGEDIT4\n[{UNINSTALL}\\x]\n"DisplayName"="A"\ngarbage here\n', "utf-8")
    with pytest.raises(ParseError) as caught:
        parse_registry(path)
    assert [p.row for p in caught.value.problems] == [4]


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        ("app", {"DisplayName": "App"}, True),
        ("app", {}, False),
        ("app", {"DisplayName": "App", "SystemComponent": "1"}, False),
        ("app", {"DisplayName": "App", "ParentKeyName": "Office16.PROPLUS"}, False),
        ("app", {"DisplayName": "App", "ReleaseType": "Hotfix"}, False),
        ("KB4012212", {"DisplayName": "Update"}, False),
    ],
)
def test_is_program(key: str, values: dict[str, str], expected: bool) -> None:
    assert is_program(key, values) is expected


words = st.text(
    st.characters(categories=["L", "N", "P", "S"], exclude_characters='\\"[]'),
    min_size=1,
    max_size=12,
)
programs = st.lists(
    st.tuples(words, words, st.dates(date(1990, 1, 1), date(2040, 1, 1))),
    max_size=6,
    unique_by=lambda p: p[0],
)


def _reg_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(programs)
def test_round_trip_reg_and_csv(tmp_path: Path, entries: list[tuple[str, str, date]]) -> None:
    lines = ["Windows Registry Editor Version 5.00", ""]
    for n, (name, version, day) in enumerate(entries):
        lines += [f"[{UNINSTALL}\\app{n}]", f'"DisplayName"={_reg_string(name)}',
                  f'"DisplayVersion"={_reg_string(version)}', f'"InstallDate"="{day:%Y%m%d}"', ""]  # fmt: skip
    reg = tmp_path / "r.reg"
    reg.write_bytes(b"\xff\xfe" + "\r\n".join(lines).encode("utf-16-le"))
    table = tmp_path / "r.csv"
    with table.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows(
            [
                ["#TYPE System.Management.Automation.PSCustomObject"],
                ["DisplayName", "DisplayVersion", "InstallDate"],
            ]
        )
        writer.writerows([name, version, f"{day:%Y%m%d}"] for name, version, day in entries)
    expected = [(name.strip(), version.strip(), day) for name, version, day in entries]
    for path in (reg, table):
        assert [
            (i.display_name, i.version, i.install_date) for i in parse_registry(path).installs
        ] == expected


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                f"[{UNINSTALL}\\a]",
                '"DisplayName"="x"',
                '"SystemComponent"=dword:0000001',
                "hex(2):41,00,\\",
                "  42,00",
                '"DisplayName"=hex(2):zz',
                "@=-",
                '"',
                "[-x]",
                "",
            ]
        )
        | st.text(max_size=20),
        max_size=10,
    )
)
def test_hostile_reg_lines(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "h.reg"
    path.write_text("\n".join(["REGEDIT4", *lines]), "utf-8", errors="replace")
    try:
        parse_registry(path)
    except ParseError as exc:
        assert exc.problems
