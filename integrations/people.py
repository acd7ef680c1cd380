"""People lists (人员名单) -> `PersonRecord`s."""

from __future__ import annotations

import re
from pathlib import Path

from integrations import cells
from integrations.tables import CellError, Column, open_table
from inventory.records import PersonRecord

COLUMNS = (
    Column("name", ("姓名", "名字", "人员", "人员姓名", "name"), required=True),
    Column("department", ("科室", "部门", "所属部门", "所在科室", "department")),
    Column("role", ("角色", "身份", "人员类型", "岗位类型", "role")),
    Column(
        "phone", ("手机号", "手机", "手机号码", "电话", "联系电话", "联系方式", "phone", "mobile")
    ),
)

ROLES = {
    "工作人员": "staff", "员工": "staff", "职工": "staff", "普通用户": "staff", "用户": "staff",
    "staff": "staff", "技术人员": "technician", "技术员": "technician", "运维": "technician",
    "运维人员": "technician", "信息员": "technician", "technician": "technician", "tech": "technician",
    "管理员": "admin", "系统管理员": "admin", "admin": "admin", "administrator": "admin",
}  # fmt: skip

role = cells.choice(ROLES, "无法识别的角色", "unknown role (工作人员/技术人员/管理员)")
_MOBILE = re.compile(r"1[3-9]\d{9}")


def mobile(value: object) -> str | None:
    """An optional mainland mobile number, as 11 digits."""
    raw = cells.text(value)
    if raw is None:
        return None
    digits = re.sub(r"[\s\-()]", "", cells.fold(raw)).removeprefix("+86")
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if not _MOBILE.fullmatch(digits) or not digits.isascii():
        raise CellError(
            f"手机号应为 11 位数字，而不是 '{raw}'", "expected an 11-digit mainland mobile number"
        )
    return digits


def parse_people(path: Path, sheet: str | None = None) -> list[PersonRecord]:
    """Read a people list (CSV or XLSX); raise `ParseError` with every bad cell."""
    table = open_table(path, COLUMNS, sheet)
    records: list[PersonRecord] = []
    for row in table.rows:
        name = table.value(row, "name", cells.required_text)
        record = PersonRecord(
            name=name or "",
            department=table.value(row, "department", cells.text),
            role=table.value(row, "role", role),
            phone=table.value(row, "phone", mobile),
            source_row=row.number,
        )
        if name:
            records.append(record)
    table.problems.check()
    return records
