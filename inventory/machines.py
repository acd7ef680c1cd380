"""Machines of the fixed-asset register: lookups, identity normalization and register upserts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.models import Machine, utcnow
from inventory.people import find_people, get_or_create_department
from inventory.records import AssetRecord

IN_SCOPE_TYPES = frozenset(
    {
        "desktop",
        "laptop",
        "notebook",
        "台式机",
        "台式电脑",
        "台式计算机",
        "笔记本",
        "笔记本电脑",
        "便携机",
        "便携式计算机",
    }
)
_MAC_HEX = re.compile(r"[^0-9a-f]")


class InventoryError(ValueError):
    """An inventory request that cannot be carried out; the message is Chinese then English."""


class UnknownMachineError(InventoryError):
    """No machine has the given asset tag."""

    def __init__(self, asset_tag: str) -> None:
        self.asset_tag = asset_tag
        super().__init__(
            f"找不到资产编号为 {asset_tag} 的设备 / no machine with asset tag {asset_tag}"
        )


class UnknownClientError(InventoryError):
    """No check-tool client has the given id."""

    def __init__(self, client_id: str) -> None:
        self.client_id = client_id
        super().__init__(f"找不到检查工具客户端 {client_id} / no check-tool client {client_id}")


def normalize_mac(mac: str | None) -> str | None:
    """Return a MAC as aa:bb:cc:dd:ee:ff, or None when it is not a 12-digit hex address."""
    if not mac:
        return None
    digits = _MAC_HEX.sub("", mac.lower())
    if len(digits) != 12:
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def normalize_hostname(hostname: str | None) -> str | None:
    """Return a lower-case short host name (no domain), or None."""
    if not hostname or not hostname.strip():
        return None
    return hostname.strip().lower().split(".")[0]


def normalize_serial(serial: str | None) -> str | None:
    """Return an upper-case serial without spaces, or None for blanks and placeholders."""
    if not serial:
        return None
    value = "".join(serial.split()).upper()
    if value in {
        "",
        "NONE",
        "N/A",
        "DEFAULTSTRING",
        "TOBEFILLEDBYO.E.M.",
        "0",
        "SYSTEMSERIALNUMBER",
    }:
        return None
    return value


def is_in_scope(device_type: str | None, internet: bool | None) -> bool:
    """Return True for an internet-capable desktop or laptop (unknown internet counts as capable)."""
    kind = (device_type or "").strip().lower()
    return kind in IN_SCOPE_TYPES and internet is not False


async def get_machine(session: AsyncSession, asset_tag: str) -> Machine:
    """Return the machine with ``asset_tag`` or raise UnknownMachineError."""
    found = (
        await session.exec(select(Machine).where(Machine.asset_tag == asset_tag.strip()))
    ).first()
    if found is None:
        raise UnknownMachineError(asset_tag)
    return found


async def list_machines(session: AsyncSession, in_scope: bool | None = None) -> list[Machine]:
    """Return machines ordered by asset tag, optionally only those in (or out of) scope."""
    query = select(Machine)
    if in_scope is not None:
        query = query.where(Machine.in_scope == in_scope)
    return list((await session.exec(query.order_by(col(Machine.asset_tag)))).all())


async def machines_of(session: AsyncSession, person_id: int) -> list[Machine]:
    """Return the machines owned by a person."""
    query = select(Machine).where(Machine.owner_id == person_id).order_by(col(Machine.asset_tag))
    return list((await session.exec(query)).all())


@dataclass(slots=True)
class Change:
    """One created or updated row, with the changed fields as (old, new)."""

    key: str
    action: str  # "created" | "updated"
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Render for JSON output."""
        return {
            "key": self.key,
            "action": self.action,
            "fields": {k: [_plain(o), _plain(n)] for k, (o, n) in self.fields.items()},
        }


def _plain(value: Any) -> Any:
    """Return a JSON-friendly value."""
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


async def _owner_id(session: AsyncSession, record: AssetRecord, warnings: list[str]) -> int | None:
    """Resolve the owner name of a record to a person id, adding a warning when it cannot."""
    if not record.owner:
        return None
    people = await find_people(session, record.owner)
    if len(people) == 1:
        return people[0].id
    problem = (
        "找不到此人 / person not found" if not people else "重名 / several people share the name"
    )
    warnings.append(
        f"第 {record.source_row} 行 / row {record.source_row}: {record.owner}: {problem}"
    )
    return None


async def asset_values(
    session: AsyncSession, record: AssetRecord, warnings: list[str]
) -> dict[str, Any]:
    """Return the machine fields an asset record sets (blank columns set nothing)."""
    values: dict[str, Any] = {
        "hostname": record.hostname.strip() if record.hostname else None,
        "device_type": record.device_type.strip() if record.device_type else None,
        "serial": normalize_serial(record.serial),
        "mac": normalize_mac(record.mac),
        "os_name": record.os_name.strip() if record.os_name else None,
        "in_scope": is_in_scope(record.device_type, record.internet),
    }
    if record.department:
        values["department_id"] = (await get_or_create_department(session, record.department)).id
    if record.owner:
        values["owner_id"] = await _owner_id(session, record, warnings)
    return {k: v for k, v in values.items() if v is not None}


async def upsert_asset(
    session: AsyncSession, record: AssetRecord, warnings: list[str]
) -> Change | None:
    """Create or update the machine of one asset record; return the change or None if unchanged."""
    tag = record.asset_tag.strip()
    values = await asset_values(session, record, warnings)
    machine = (await session.exec(select(Machine).where(Machine.asset_tag == tag))).first()
    if machine is None:
        machine = Machine(asset_tag=tag, **values)
        session.add(machine)
        return Change(tag, "created", {k: (None, v) for k, v in values.items()})
    diff = {k: (getattr(machine, k), v) for k, v in values.items() if getattr(machine, k) != v}
    if not diff:
        return None
    for name, (_old, new) in diff.items():
        setattr(machine, name, new)
    machine.updated_at = utcnow()
    session.add(machine)
    return Change(tag, "updated", diff)
