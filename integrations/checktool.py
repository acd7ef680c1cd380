"""The city check tool's export (检查工具导出, CSV or XLSX) -> one `MachineScan` per client."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import yaml

from integrations import cells
from integrations.dates import loose_date, parse_datetime
from integrations.machines import Machines, clean_serial, first_mac
from integrations.tables import Column, Row, Table, open_table
from inventory.records import InstallRecord, MachineScan, ParseError, ParseProblem

FIELDS = (
    "client_id", "hostname", "display_name", "version", "publisher", "install_date",
    "scanned_at", "serial", "mac", "os_name",
)  # fmt: skip


def default_mapping_text() -> str:
    """The shipped column mapping, as YAML text."""
    return (
        resources.files("integrations").joinpath("data/checktool_columns.yaml").read_text("utf-8")
    )


def load_columns(mapping_path: Path | None = None) -> tuple[Column, ...]:
    """Columns from the shipped mapping, with fields of a user mapping file replacing them."""
    aliases, required = _read_mapping(default_mapping_text(), "checktool_columns.yaml")
    if mapping_path is not None:
        try:
            text = mapping_path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise _mapping_error(
                mapping_path.name, f"无法读取映射文件 / cannot read: {exc}"
            ) from exc
        user_aliases, user_required = _read_mapping(text, mapping_path.name, partial=True)
        aliases.update(user_aliases)
        required = user_required or required
    return tuple(Column(name, tuple(aliases[name]), name in required) for name in FIELDS)


def _read_mapping(
    text: str, file: str, partial: bool = False
) -> tuple[dict[str, list[str]], set[str]]:
    """Validate a mapping document: `columns: {field: [aliases]}` and optional `required`."""
    try:
        document = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise _mapping_error(file, f"YAML 格式错误 / invalid YAML: {exc}") from exc
    columns = document.get("columns") if isinstance(document, dict) else None
    if not isinstance(columns, dict):
        raise _mapping_error(file, "缺少 columns 映射 / a 'columns' mapping is required")
    aliases: dict[str, list[str]] = {}
    for name, value in columns.items():
        if name not in FIELDS:
            raise _mapping_error(
                file, f"未知字段 '{name}'（可用：{', '.join(FIELDS)}） / unknown field"
            )
        listed = [value] if isinstance(value, str) else value
        if (
            not isinstance(listed, list)
            or not listed
            or not all(isinstance(a, str) for a in listed)
        ):
            raise _mapping_error(
                file, f"字段 '{name}' 应为列名列表 / '{name}' needs a list of headers"
            )
        aliases[str(name)] = listed
    required = document.get("required") or []
    if not isinstance(required, list) or not set(required) <= set(FIELDS):
        raise _mapping_error(file, "required 应为字段名列表 / 'required' must list field names")
    if not partial and set(aliases) != set(FIELDS):
        raise _mapping_error(file, "映射缺少字段 / the mapping misses fields")
    return aliases, set(required)


def _mapping_error(file: str, message: str) -> ParseError:
    return ParseError([ParseProblem(file, None, None, message)])


def parse_checktool(
    path: Path, mapping_path: Path | None = None, sheet: str | None = None
) -> list[MachineScan]:
    """Read a check-tool export; rows are grouped by client id, installs kept in order."""
    table = open_table(path, load_columns(mapping_path), sheet)
    machines = Machines()
    for row in table.rows:
        _add_row(table, row, machines)
    table.problems.check()
    return machines.scans()


def _add_row(table: Table, row: Row, machines: Machines) -> None:
    """Add one row's machine details and install to its client's draft."""
    client_id = table.value(row, "client_id", cells.required_text)
    if client_id is None:
        return
    draft = machines.get(client_id, client_id)
    draft.fill(
        hostname=cells.text(row.cells.get("hostname")),
        serial=clean_serial(row.cells.get("serial")),
        mac=first_mac(_split_macs(row.cells.get("mac"))),
        os_name=cells.text(row.cells.get("os_name")),
        scanned_at=table.value(row, "scanned_at", parse_datetime),
    )
    name = cells.text(row.cells.get("display_name"))
    if name is not None:
        draft.add_install(
            InstallRecord(
                display_name=name,
                version=cells.text(row.cells.get("version")),
                publisher=cells.text(row.cells.get("publisher")),
                install_date=loose_date(row.cells.get("install_date")),
                source_row=row.number,
            )
        )


def _split_macs(value: object) -> list[object]:
    """Several MACs in one cell, separated by commas, semicolons or spaces."""
    text = cells.text(value)
    if text is None:
        return []
    return [part for part in re.split(r"[,，;；\s]+", text) if part]
