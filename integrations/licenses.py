"""Authorization lists (授权清单) -> `EntitlementRecord`s."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from integrations import cells
from integrations.dates import parse_date
from integrations.tables import Column, Row, Table, open_table
from inventory.records import EntitlementRecord

COLUMNS = (
    Column(
        "product",
        ("软件名称", "软件", "产品名称", "名称", "软件产品", "product", "software", "name"),
        required=True,
    ),
    Column("version", ("版本", "版本号", "软件版本", "version")),
    Column(
        "license_type",
        ("授权方式", "授权类型", "许可方式", "许可类型", "license type", "channel"),
        required=True,
    ),
    Column("quantity", ("数量", "授权数量", "许可数量", "套数", "quantity", "seats", "count")),
    Column("scope", ("授权对象", "授权范围", "许可对象", "scope", "metric")),
    Column(
        "evidence",
        (
            "证明材料",
            "合同号",
            "发票号",
            "授权书",
            "授权证明",
            "合同编号",
            "evidence",
            "order number",
        ),
    ),
    Column("purchased_on", ("采购日期", "购买日期", "购置日期", "purchase date", "purchased")),
    Column(
        "expires_on", ("到期日期", "截止日期", "有效期至", "到期时间", "expiration date", "expires")
    ),
    Column(
        "assigned",
        ("已分配设备", "分配设备", "安装设备", "使用设备", "资产编号", "assigned assets", "assets"),
    ),
)

LICENSE_TYPES = {
    "OEM": "oem", "预装": "oem", "随机": "oem", "零售": "retail", "彩盒": "retail", "盒装": "retail",
    "FPP": "retail", "retail": "retail", "批量": "volume", "批量许可": "volume", "VL": "volume",
    "KMS": "volume", "MAK": "volume", "volume": "volume", "订阅": "subscription",
    "subscription": "subscription", "场地": "site", "场地授权": "site", "site": "site",
    "免费": "free", "免费软件": "free", "开源": "free", "free": "free",
}  # fmt: skip
SCOPES = {
    "设备": "device", "按设备": "device", "台": "device", "device": "device", "用户": "user",
    "按用户": "user", "人": "user", "user": "user", "全单位": "unit", "单位": "unit", "unit": "unit",
}  # fmt: skip
_UNCOUNTED = {"site", "free"}
_SPLIT = re.compile(r"[,，;；、\s]+")

license_type = cells.choice(LICENSE_TYPES, "无法识别的授权方式", "unknown license type")
scope = cells.choice(SCOPES, "无法识别的授权对象", "unknown scope (设备/用户/全单位)")


def asset_tags(value: object) -> tuple[str, ...]:
    """Asset tags separated by commas, semicolons, 、 or spaces."""
    raw = cells.text(value)
    return tuple(t for t in _SPLIT.split(raw) if t) if raw else ()


def parse_licenses(path: Path, sheet: str | None = None) -> list[EntitlementRecord]:
    """Read an authorization list (CSV or XLSX); raise `ParseError` with every bad cell."""
    table = open_table(path, COLUMNS, sheet)
    records: list[EntitlementRecord] = []
    for row in table.rows:
        record = _record(table, row)
        if record is not None:
            records.append(record)
    table.problems.check()
    return records


def _record(table: Table, row: Row) -> EntitlementRecord | None:
    """One entitlement from one row, or None when a cell is bad."""
    before = len(table.problems.items)
    product = table.value(row, "product", cells.required_text)
    kind = table.value(row, "license_type", cells.required(license_type))
    quantity = _quantity(table, row, kind)
    purchased, expires = _dates(table, row)
    given_scope: str | None = table.value(row, "scope", scope)
    record = EntitlementRecord(
        product=product or "",
        version=table.value(row, "version", cells.text),
        license_type=kind or "retail",
        quantity=quantity or 1,
        scope=given_scope or ("unit" if kind == "site" else "device"),
        evidence=table.value(row, "evidence", cells.text),
        purchased_on=purchased,
        expires_on=expires,
        assigned_assets=table.value(row, "assigned", asset_tags) or (),
        source_row=row.number,
    )
    return record if len(table.problems.items) == before else None


def _quantity(table: Table, row: Row, kind: str | None) -> int | None:
    """The count; blank is allowed only for site and free licenses."""
    quantity = table.value(row, "quantity", cells.positive_int)
    blank = cells.text(row.cells.get("quantity")) is None
    if blank and kind is not None and kind not in _UNCOUNTED:
        column = table.headers.get("quantity", "数量")
        table.problems.add(row.number, column, "缺少数量", "quantity is missing")
    return quantity


def _dates(table: Table, row: Row) -> tuple[date | None, date | None]:
    """Purchase and expiry dates; an expiry before the purchase is a problem."""
    purchased = table.value(row, "purchased_on", parse_date)
    expires = table.value(row, "expires_on", parse_date)
    if purchased and expires and expires < purchased:
        column = table.headers["expires_on"]
        table.problems.add(
            row.number, column, "到期日期早于采购日期", "expires before it was purchased"
        )
    return purchased, expires
