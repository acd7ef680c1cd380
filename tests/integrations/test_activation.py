from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.activation import parse_activation
from integrations.activation_text import parse_activation_text
from inventory.records import ActivationRecord, ParseError

WINDOWS_KMS = ActivationRecord(
    "Windows(R), Professional edition", 1, "Volume:GVLK", "kms.example.net", "T83GX", 6
)


def test_slmgr_dlv_english(fixtures: Path) -> None:
    assert parse_activation(fixtures / "slmgr_dlv_en.txt") == [WINDOWS_KMS]


def test_slmgr_dlv_chinese_gbk(fixtures: Path) -> None:
    (windows,) = parse_activation(fixtures / "slmgr_dlv_zh_gbk.txt")  # the Office block has no key
    assert windows == ActivationRecord(
        "Windows(R), Professional edition", 1, "Volume:GVLK", "kms.zfw.example.gov.cn", "T83GX", 6
    )


def test_slmgr_dli_chinese_full_width_colons(fixtures: Path) -> None:
    assert parse_activation(fixtures / "slmgr_dli_zh.txt") == [
        ActivationRecord("Windows(R), CoreCountrySpecific edition", 1, "OEM:DM", None, "6F4BT", 1),
        ActivationRecord("Windows(R), Professional edition", 5, "Retail", None, "8HVX7", 6),
    ]


@pytest.mark.parametrize("name", ["ospp_dstatus_en.txt", "ospp_dstatus_zh_gbk.txt"])
def test_ospp_dstatus(fixtures: Path, name: str) -> None:
    records = parse_activation(fixtures / name)
    assert [(r.product_name, r.license_status, r.channel, r.kms_host, r.partial_key) for r in records] == [
        ("Office 16, Office16ProPlusVL_KMS_Client edition", 1, "Volume:GVLK", "kms.example.net", "WFG99"),
        ("Office 16, Office16VisioProR_Grace edition", 2, "Retail", None, "8MBCX"),
        ("Office 15, OfficeProPlusR_Retail edition", 5, "Retail", "kms.zfw.example.gov.cn", "KDVQM"),
    ]  # fmt: skip


def test_wmi_json_utf16(fixtures: Path) -> None:
    assert parse_activation(fixtures / "wmi_licensing_utf16.json") == [
        ActivationRecord("Windows(R), Professional edition", 1, "Volume:GVLK", "kms.example.net", "T83GX", 1),
        ActivationRecord("Office 16, Office16ProPlusVL_MAK edition", 5, "Volume:MAK", "kms.zfw.example.gov.cn", "XYZ12", 3),
    ]  # fmt: skip


def test_wmi_single_object_json(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps({"Name": "Windows", "LicenseStatus": 1, "PartialProductKey": "AAAAA"}), "utf-8"
    )
    assert parse_activation(path) == [ActivationRecord("Windows", 1, None, None, "AAAAA", 1)]


def test_wmi_csv(fixtures: Path) -> None:
    records = parse_activation(fixtures / "wmi_licensing.csv")
    assert [(r.channel, r.kms_host, r.partial_key, r.source_row) for r in records] == [
        ("OEM:DM", None, "6F4BT", 3),
        ("Volume:GVLK", "kms.example.net", "WFG99", 5),
    ]


def test_bad_license_status(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    path.write_text(
        "Name,LicenseStatus,PartialProductKey\nWindows,licensed,AAAAA\nOffice,9,BBBBB\n", "utf-8"
    )
    with pytest.raises(ParseError) as caught:
        parse_activation(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "LicenseStatus"),
        (3, "LicenseStatus"),
    ]
    json_path = tmp_path / "w.json"
    json_path.write_text(
        '[{"Name": "W", "LicenseStatus": "x", "PartialProductKey": "A"}, 3]', "utf-8"
    )
    with pytest.raises(ParseError) as caught:
        parse_activation(json_path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(1, "LicenseStatus"), (2, None)]


def test_text_without_markers(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("hello world\n", "utf-8")
    with pytest.raises(ParseError, match="slmgr"):
        parse_activation(path)


FIELD_NAMES = [
    "Name",
    "LicenseStatus",
    "ProductKeyChannel",
    "PartialProductKey",
    "KeyManagementServiceMachine",
]


fields = st.fixed_dictionaries({
    "Name": st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=10),
    "LicenseStatus": st.integers(0, 6),
    "ProductKeyChannel": st.sampled_from(["Retail", "OEM:DM", "Volume:GVLK", "Volume:MAK"]),
    "PartialProductKey": st.text("ABCDEFGHJKMNPQRTVWXY2346789", min_size=5, max_size=5),
    "KeyManagementServiceMachine": st.sampled_from(["", "kms.example.net", "10.0.0.1"]),
})  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(fields, max_size=5))
def test_round_trip_json_csv_and_text(tmp_path: Path, rows: list[dict[str, object]]) -> None:
    expected = [(r["Name"], r["LicenseStatus"], r["ProductKeyChannel"], r["KeyManagementServiceMachine"] or None, r["PartialProductKey"]) for r in rows]  # fmt: skip
    as_json = tmp_path / "w.json"
    as_json.write_text(json.dumps(rows), "utf-8")
    as_csv = tmp_path / "w.csv"
    with as_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELD_NAMES)
        writer.writeheader()
        writer.writerows(rows)
    words = ["Unlicensed", "Licensed", "Initial grace period", "Additional grace period", "Non-genuine grace period", "Notification", "Extended grace period"]  # fmt: skip
    text = "\n\n".join(
        f"Name: {r['Name']}\nProduct Key Channel: {r['ProductKeyChannel']}\nPartial Product Key: {r['PartialProductKey']}\n"
        f"License Status: {words[int(str(r['LicenseStatus']))]}\n    Registered KMS machine name: {r['KeyManagementServiceMachine']}"
        for r in rows
    )
    for records in (
        parse_activation(as_json),
        parse_activation(as_csv),
        parse_activation_text(text),
    ):
        assert [
            (a.product_name, a.license_status, a.channel, a.kms_host, a.partial_key)
            for a in records
        ] == expected


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(["Name: A", "名称：B", "Partial Product Key: X", "License Status: Licensed", "LICENSE STATUS: ---X---",
                                 "Registered KMS machine name: :", "描述: , RETAIL channel", "", ":"]) | st.text(max_size=30), max_size=12))  # fmt: skip
def test_hostile_text(tmp_path: Path, lines: list[str]) -> None:
    path = tmp_path / "h.txt"
    path.write_text(
        "Software licensing service version: 10\n" + "\n".join(lines), "utf-8", errors="replace"
    )
    try:
        records = parse_activation(path)
    except ParseError as exc:
        assert exc.problems
    else:
        assert all(r.partial_key and r.product_name for r in records)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300), st.sampled_from([".json", ".csv", ".txt"]))
def test_hostile_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"h{suffix}"
    path.write_bytes(data)
    try:
        parse_activation(path)
    except ParseError as exc:
        assert exc.problems
