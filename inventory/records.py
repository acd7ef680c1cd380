"""Plain input records: what `integrations` parsers return and `inventory` ingests.

They carry no database ids; `inventory` resolves names to rows when it stores them.
Every record keeps ``source_row`` (1-based line or row in the file) for error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class AssetRecord:
    """One row of the fixed-asset register (固定资产账目)."""

    asset_tag: str
    hostname: str | None = None
    device_type: str | None = None  # "desktop" | "laptop" | other text as given
    department: str | None = None
    owner: str | None = None
    internet: bool | None = None
    serial: str | None = None
    mac: str | None = None
    os_name: str | None = None
    source_row: int = 0


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One row of a people list."""

    name: str
    department: str | None = None
    role: str | None = None  # "staff" | "technician" | "admin"
    phone: str | None = None
    source_row: int = 0


@dataclass(frozen=True, slots=True)
class EntitlementRecord:
    """One row of the authorization list (授权清单)."""

    product: str
    version: str | None = None
    license_type: str = "retail"  # oem | retail | volume | subscription | site | free
    quantity: int = 1
    scope: str = "device"  # device | user | unit
    evidence: str | None = None
    purchased_on: date | None = None
    expires_on: date | None = None
    assigned_assets: tuple[str, ...] = ()
    source_row: int = 0


@dataclass(frozen=True, slots=True)
class InstallRecord:
    """One installed program reported by a scan."""

    display_name: str
    version: str | None = None
    publisher: str | None = None
    install_date: date | None = None
    source_row: int = 0


@dataclass(frozen=True, slots=True)
class ActivationRecord:
    """Windows or Office activation state of one product on a machine."""

    product_name: str
    license_status: int | None = None  # 0 unlicensed, 1 licensed, 2-6 grace/notification
    channel: str | None = None  # Retail, OEM_DM, OEM_SLP, Volume:GVLK, Volume:MAK ...
    kms_host: str | None = None
    partial_key: str | None = None
    source_row: int = 0


@dataclass(frozen=True, slots=True)
class MachineScan:
    """Everything one scan reports about one machine."""

    client_id: str | None = None
    hostname: str | None = None
    serial: str | None = None
    mac: str | None = None
    os_name: str | None = None
    scanned_at: datetime | None = None
    installs: list[InstallRecord] = field(default_factory=list)
    activations: list[ActivationRecord] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """Where and why a file could not be read: file, row, column and a message."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        """Render as `file:row [column]: message`."""
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.column:
            where += f" [{self.column}]"
        return f"{where}: {self.message}"


class ParseError(ValueError):
    """A file that cannot be imported; carries every problem found."""

    def __init__(self, problems: list[ParseProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:20]))
