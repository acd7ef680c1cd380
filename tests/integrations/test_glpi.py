from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.glpi import parse_glpi
from inventory.records import InstallRecord, ParseError


def test_agent_inventory(fixtures: Path) -> None:
    scan = parse_glpi(fixtures / "glpi_inventory.json")
    assert scan.client_id == "BGS-PC01-2026-11-20-09-30-12"
    assert (scan.hostname, scan.serial, scan.mac) == ("BGS-PC01", "PC1ABCDE", "E0:4F:43:AA:BB:CC")
    assert scan.os_name == "Microsoft Windows 10 专业版"
    assert scan.scanned_at == datetime(2026, 11, 20, 9, 30, 12)
    assert scan.installs == [
        InstallRecord("Microsoft Office 专业增强版 2016", "16.0.4266.1001", "Microsoft Corporation", date(2021, 3, 20), 1),
        InstallRecord("WinRAR 6.24 (64-位)", "6.24.0", "win.rar GmbH", date(2024, 1, 5), 4),
        InstallRecord("Microsoft.WindowsCalculator", "11.2210.0.0", "Microsoft Corporation", None, 5),
    ]  # fmt: skip


def test_minimal_inventory(tmp_path: Path) -> None:
    path = tmp_path / "i.json"
    path.write_text(
        json.dumps({"content": {"operatingsystem": {"name": "Kylin", "version": "V10"}}}), "utf-8"
    )
    scan = parse_glpi(path)
    assert (scan.client_id, scan.os_name, scan.installs) == (None, "Kylin V10", [])


@pytest.mark.parametrize(
    ("document", "row", "column"),
    [
        ({"deviceid": "x"}, None, None),
        ([1, 2], None, None),
        ({"content": {"softwares": {"name": "a"}}}, None, "softwares"),
        ({"content": {"softwares": [{"name": "a"}, "b"]}}, 2, "softwares"),
    ],
)
def test_malformed(tmp_path: Path, document: object, row: int | None, column: str | None) -> None:
    path = tmp_path / "i.json"
    path.write_text(json.dumps(document), "utf-8")
    with pytest.raises(ParseError) as caught:
        parse_glpi(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(row, column)]


words = st.text(st.characters(categories=["L", "N", "P"]), min_size=1, max_size=10)
softwares = st.lists(st.fixed_dictionaries({"name": words, "version": words, "publisher": words,
                                            "install_date": st.dates().map(date.isoformat)}), max_size=6)  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(softwares, words)
def test_round_trip(tmp_path: Path, entries: list[dict[str, str]], name: str) -> None:
    path = tmp_path / "i.json"
    path.write_text(
        json.dumps(
            {"deviceid": name, "content": {"hardware": {"name": name}, "softwares": entries}}
        ),
        "utf-8",
    )
    scan = parse_glpi(path)
    assert (scan.client_id, scan.hostname) == (name.strip(), name.strip())
    assert [(i.display_name, i.version, i.publisher, i.install_date) for i in scan.installs] == [
        (e["name"].strip(), e["version"].strip(), e["publisher"].strip(), date.fromisoformat(e["install_date"])) for e in entries
    ]  # fmt: skip


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["content", "softwares", "name", "hardware", "bios", "ssn", "networks", "mac", "operatingsystem", "deviceid", "install_date", "accesslog", "logdate", "virtualdev"]), inner, max_size=4),
    max_leaves=20,
)  # fmt: skip


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(json_values)
def test_hostile_json(tmp_path: Path, document: object) -> None:
    path = tmp_path / "h.json"
    path.write_text(json.dumps({"content": document}), "utf-8")
    try:
        parse_glpi(path)
    except ParseError as exc:
        assert exc.problems
