from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrations.people import parse_people
from inventory.records import ParseError, PersonRecord
from tests.integrations.conftest import write_xlsx


def test_utf8_bom_people_list(fixtures: Path) -> None:
    assert parse_people(fixtures / "people_utf8bom.csv") == [
        PersonRecord("张伟", "办公室", "staff", "13800138000", 2),
        PersonRecord("李娜", "办公室", "technician", "13900139000", 3),
        PersonRecord("王芳", "财务科", "admin", None, 4),
        PersonRecord("赵强", "信息中心", "technician", "15012345678", 5),
    ]


def test_xlsx_phone_as_number(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["姓名", "手机号码"], ["张伟", 13800138000]], "人员")
    assert parse_people(path, sheet="人员") == [
        PersonRecord("张伟", phone="13800138000", source_row=2)
    ]


def test_bad_role_and_phone(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("姓名,角色,电话\n张伟,领导,12345\n,员工,\n李娜,员工,13800138000\n", "gbk")
    with pytest.raises(ParseError) as caught:
        parse_people(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (2, "角色"),
        (2, "电话"),
        (3, "姓名"),
    ]
    assert "无法识别的角色 '领导'" in caught.value.problems[0].message
    assert "11-digit" in caught.value.problems[1].message


names = st.text(st.characters(categories=["L"]), min_size=1, max_size=6)
people = st.builds(
    PersonRecord,
    name=names,
    department=st.none() | names,
    role=st.sampled_from([None, "staff", "technician", "admin"]),
    phone=st.none() | st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
)
ROLE_WORDS = {"staff": "工作人员", "technician": "技术人员", "admin": "管理员"}


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(people, max_size=6))
def test_round_trip(tmp_path: Path, records: list[PersonRecord]) -> None:
    path = tmp_path / "p.csv"
    with path.open("w", encoding="gb18030", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["姓名", "科室", "角色", "手机号"])
        for r in records:
            writer.writerow([r.name, r.department, ROLE_WORDS.get(r.role or ""), r.phone])
    parsed = parse_people(path)
    assert [(p.name, p.department, p.role, p.phone) for p in parsed] == [
        (r.name, r.department, r.role, r.phone) for r in records
    ]
    assert [p.source_row for p in parsed] == list(range(2, len(records) + 2))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(st.text(max_size=12), min_size=4, max_size=4), max_size=5))
def test_hostile_cells(tmp_path: Path, rows: list[list[str]]) -> None:
    path = tmp_path / "h.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["姓名", "科室", "角色", "手机号"], *rows])
    try:
        records = parse_people(path)
    except ParseError as exc:
        assert exc.problems
    else:
        assert all(r.role in {None, "staff", "technician", "admin"} for r in records)
