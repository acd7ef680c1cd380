"""Fixed-asset register (固定资产账目) spreadsheets -> `AssetRecord`s."""

from __future__ import annotations

from pathlib import Path

from integrations import cells
from integrations.machines import mac_cell
from integrations.tables import Column, Row, Table, open_table
from inventory.records import AssetRecord

COLUMNS = (
    Column(
        "asset_tag",
        (
            "资产编号",
            "资产编码",
            "固定资产编号",
            "资产号",
            "资产标签",
            "asset tag",
            "asset_tag",
            "asset",
        ),
        required=True,
    ),
    Column(
        "hostname",
        ("计算机名", "计算机名称", "设备名称", "主机名", "机器名", "hostname", "computer name"),
    ),
    Column(
        "device_type",
        ("设备类型", "资产类型", "类型", "设备类别", "资产类别", "device type", "type"),
    ),
    Column("department", ("科室", "部门", "使用部门", "所属部门", "使用科室", "department")),
    Column("owner", ("使用人", "责任人", "保管人", "使用者", "领用人", "owner", "user")),
    Column(
        "internet",
        (
            "可连接外网",
            "是否联网",
            "能否上网",
            "外网",
            "是否连接外网",
            "可上网",
            "联网",
            "internet",
        ),
    ),
    Column("serial", ("序列号", "SN", "S/N", "设备序列号", "出厂编号", "serial", "serial number")),
    Column("mac", ("MAC地址", "MAC", "物理地址", "网卡地址", "mac address")),
    Column("os_name", ("操作系统", "系统", "OS", "operating system", "os name")),
)

DEVICE_TYPES = {
    "台式机": "desktop", "台式电脑": "desktop", "台式计算机": "desktop", "台式": "desktop",
    "desktop": "desktop", "pc": "desktop", "笔记本": "laptop", "笔记本电脑": "laptop",
    "便携机": "laptop", "便携式计算机": "laptop", "便携式电脑": "laptop", "laptop": "laptop",
    "notebook": "laptop",
}  # fmt: skip

device_type = cells.choice(DEVICE_TYPES, "", "", keep_unknown=True)


def parse_assets(path: Path, sheet: str | None = None) -> list[AssetRecord]:
    """Read a fixed-asset register (CSV or XLSX); raise `ParseError` with every bad cell."""
    table = open_table(path, COLUMNS, sheet)
    records: list[AssetRecord] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        record = _record(table, row)
        if record is None:
            continue
        if record.asset_tag in first_row:
            table.problems.add(
                row.number,
                table.headers["asset_tag"],
                f"资产编号 '{record.asset_tag}' 与第 {first_row[record.asset_tag]} 行重复",
                "duplicate asset tag",
            )
            continue
        first_row[record.asset_tag] = row.number
        records.append(record)
    table.problems.check()
    return records


def _record(table: Table, row: Row) -> AssetRecord | None:
    """One asset from one row, or None when a required cell is bad."""
    tag = table.value(row, "asset_tag", cells.required_text)
    record = AssetRecord(
        asset_tag=tag or "",
        hostname=table.value(row, "hostname", cells.text),
        device_type=table.value(row, "device_type", device_type),
        department=table.value(row, "department", cells.text),
        owner=table.value(row, "owner", cells.text),
        internet=table.value(row, "internet", cells.boolean),
        serial=table.value(row, "serial", cells.text),
        mac=table.value(row, "mac", mac_cell),
        os_name=table.value(row, "os_name", cells.text),
        source_row=row.number,
    )
    return record if tag else None
