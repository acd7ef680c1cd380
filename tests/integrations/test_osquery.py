from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.osquery import parse_osquery
from inventory.records import InstallRecord, ParseError


def test_osqueryi_programs_array(fixtures: Path) -> None:
    (scan,) = parse_osquery(
        fixtures / "osqueryi_programs.json", hostname="BGS-PC01", client_id="c1"
    )
    assert (scan.client_id, scan.hostname) == ("c1", "BGS-PC01")
    assert scan.installs == [
        InstallRecord("Microsoft Office 专业增强版 2016", "16.0.4266.1001", "Microsoft Corporation", date(2021, 3, 20), 1),
        InstallRecord("7-Zip 23.01 (x64)", "23.01", "Igor Pavlov", None, 2),
        InstallRecord("搜狗输入法 14.2正式版", "14.2.0.9335", "Sogou.com", None, 3),
    ]  # fmt: skip


def test_osqueryd_result_log_per_host(fixtures: Path) -> None:
    windows, ubuntu, kylin = parse_osquery(fixtures / "osqueryd_results.log")
    assert (windows.client_id, windows.hostname) == (
        "4C4C4544-0042-3510-8052-B4C04F4D3732",
        "BGS-PC01",
    )
    assert windows.scanned_at == datetime(2026, 11, 20, 2, 30)
    assert [(i.display_name, i.source_row) for i in windows.installs] == [
        ("WPS Office (12.1.0.17147)", 1), ("Google Chrome", 1), ("KMSpico", 2)
    ]  # fmt: skip
    assert ubuntu.hostname == "uos-xxzx-01"
    assert [(i.display_name, i.publisher) for i in ubuntu.installs] == [
        ("libreoffice-core", "Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>")
    ]
    assert kylin.installs == [
        InstallRecord("qaxsafe", "10.0.0.2000", "Qi An Xin", date(2023, 11, 14), 6)
    ]


def test_newer_snapshot_replaces_older(tmp_path: Path) -> None:
    def entry(when: int, names: list[str]) -> str:
        rows = [{"name": n, "version": "1"} for n in names]
        return json.dumps(
            {
                "snapshot": rows,
                "action": "snapshot",
                "name": "programs",
                "hostIdentifier": "h",
                "unixTime": when,
            }
        )

    path = tmp_path / "r.log"
    path.write_text(
        "\n".join([entry(200, ["B"]), entry(100, ["A"]), entry(300, ["C", "B"])]), "utf-8"
    )
    (scan,) = parse_osquery(path)
    assert [i.display_name for i in scan.installs] == ["C", "B"]


def test_fleetctl_query_lines(tmp_path: Path) -> None:
    path = tmp_path / "fleet.json"
    lines = [{"host": "pc-1", "rows": [{"name": "Foxmail", "version": "7.2", "publisher": "Tencent"}]},
             {"host": "pc-2", "rows": []}]  # fmt: skip
    path.write_text("\n".join(map(json.dumps, lines)), "utf-8")
    first, second = parse_osquery(path)
    assert (first.hostname, [i.display_name for i in first.installs]) == ("pc-1", ["Foxmail"])
    assert (second.hostname, second.installs) == ("pc-2", [])


@pytest.mark.parametrize(
    ("content", "row"),
    [("[1, 2]", 1), ('{"name": "a"}\n{broken\n', 2), ("", None), ("   ", None)],
)
def test_malformed(tmp_path: Path, content: str, row: int | None) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, "utf-8")
    with pytest.raises(ParseError) as caught:
        parse_osquery(path)
    assert caught.value.problems[0].row == row


words = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=10)
program = st.fixed_dictionaries(
    {
        "name": words,
        "version": st.text("0123456789.", min_size=1, max_size=8),
        "publisher": words,
        "install_date": st.dates(date(2000, 1, 1), date(2030, 1, 1)),
    }
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(program, max_size=8, unique_by=lambda p: p["name"]))
def test_round_trip(tmp_path: Path, rows: list[dict[str, object]]) -> None:
    path = tmp_path / "p.json"
    written = [{**r, "install_date": r["install_date"].strftime("%Y%m%d")} for r in rows]  # type: ignore[attr-defined]
    path.write_text(json.dumps(written, ensure_ascii=False), "utf-8")
    (scan,) = parse_osquery(path, hostname="h")
    assert scan.hostname == "h"
    assert scan.installs == [
        InstallRecord(r["name"], r["version"], r["publisher"], r["install_date"], n)  # type: ignore[arg-type]
        for n, r in enumerate(rows, start=1)
    ]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "name",
                    "snapshot",
                    "columns",
                    "diffResults",
                    "added",
                    "rows",
                    "host",
                    "unixTime",
                    "decorations",
                    "hostname",
                    "version",
                    "status",
                    "install_time",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=15,
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(json_values)
def test_hostile_json(tmp_path: Path, document: object) -> None:
    path = tmp_path / "h.json"
    path.write_text(json.dumps(document), "utf-8")
    try:
        scans = parse_osquery(path)
    except ParseError as exc:
        assert exc.problems
    else:
        assert all(isinstance(i.display_name, str) for s in scans for i in s.installs)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_hostile_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "h.json"
    path.write_bytes(data)
    try:
        parse_osquery(path)
    except ParseError as exc:
        assert exc.problems
