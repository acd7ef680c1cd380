"""Windows/Office activation state -> `ActivationRecord`s (slmgr, ospp.vbs, WMI JSON/CSV)."""

from __future__ import annotations

from pathlib import Path

from integrations import cells
from integrations.activation_text import (
    channel_of,
    kms_host,
    looks_like_activation_text,
    parse_activation_text,
)
from integrations.sources import read_json_items, read_text, text_of
from integrations.tables import CellError, Column, Problems, Table, open_table
from inventory.records import ActivationRecord, ParseError, ParseProblem

WMI_FIELDS = (
    "Name", "Description", "LicenseStatus", "ProductKeyChannel", "PartialProductKey",
    "KeyManagementServiceMachine", "DiscoveredKeyManagementServiceMachineName",
)  # fmt: skip
WMI_COLUMNS = tuple(
    Column(name, (name,), required=name in {"Name", "LicenseStatus", "PartialProductKey"})
    for name in WMI_FIELDS
)


def parse_activation(path: Path) -> list[ActivationRecord]:
    """Read activation state from slmgr/ospp text, or SoftwareLicensingProduct JSON or CSV."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _from_json(path)
    if suffix in {".csv", ".xlsx", ".xlsm"}:
        return _from_table(open_table(path, WMI_COLUMNS))
    text = read_text(path)
    if not looks_like_activation_text(text):
        message = "不是 slmgr 或 ospp.vbs 的输出 / not slmgr or ospp.vbs output"
        raise ParseError([ParseProblem(path.name, None, None, message)])
    return parse_activation_text(text)


def license_status(value: object) -> int | None:
    """LicenseStatus as WMI reports it: an integer from 0 to 6."""
    raw = cells.text(value)
    if raw is None:
        return None
    if not raw.isdecimal() or not raw.isascii() or int(raw) > 6:
        raise CellError(f"无效的 LicenseStatus '{raw}'（应为 0-6）", "LicenseStatus must be 0-6")
    return int(raw)


def _wmi_record(get: dict[str, object], row: int, status: int | None) -> ActivationRecord | None:
    """One SoftwareLicensingProduct row; None when it has no installed key."""
    name = text_of(get.get("Name"))
    partial = text_of(get.get("PartialProductKey"))
    if not name or not partial:
        return None
    configured = kms_host(text_of(get.get("KeyManagementServiceMachine")))
    discovered = kms_host(text_of(get.get("DiscoveredKeyManagementServiceMachineName")))
    return ActivationRecord(
        product_name=name,
        license_status=status,
        channel=text_of(get.get("ProductKeyChannel"))
        or channel_of(text_of(get.get("Description"))),
        kms_host=configured or discovered,
        partial_key=partial,
        source_row=row,
    )


def _from_json(path: Path) -> list[ActivationRecord]:
    """`Get-CimInstance SoftwareLicensingProduct | Select ... | ConvertTo-Json` output."""
    problems = Problems(path.name)
    records = []
    for number, item in read_json_items(path):
        if not isinstance(item, dict):
            problems.add(number, None, "不是 JSON 对象", "expected a JSON object")
            continue
        try:
            status = license_status(text_of(item.get("LicenseStatus")))
        except CellError as exc:
            problems.add(number, "LicenseStatus", exc.zh, exc.en)
            continue
        record = _wmi_record(item, number, status)
        if record is not None:
            records.append(record)
    problems.check()
    return records


def _from_table(table: Table) -> list[ActivationRecord]:
    """`... | Export-Csv` output of the same properties."""
    records = []
    for row in table.rows:
        status = table.value(row, "LicenseStatus", license_status)
        record = _wmi_record({k: cells.text(v) for k, v in row.cells.items()}, row.number, status)
        if record is not None:
            records.append(record)
    table.problems.check()
    return records
