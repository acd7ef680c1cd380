"""Tables owned by the inventory package: people, machines, scans, software, licenses, findings."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Return the current time as a naive UTC datetime (how every table stores time)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Role(enum.StrEnum):
    """What a person may do: staff see their own, technicians work tickets, admins run the office."""

    staff = "staff"
    technician = "technician"
    admin = "admin"


class DepartmentBase(SQLModel):
    """Fields shared by every department schema."""

    name: str = Field(index=True, unique=True, max_length=100)


class Department(DepartmentBase, table=True):
    """A department (科室) of the office."""

    id: int | None = Field(default=None, primary_key=True)


class PersonBase(SQLModel):
    """Fields shared by every person schema."""

    name: str = Field(index=True, max_length=100)
    role: Role = Field(default=Role.staff)
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    phone: str | None = Field(default=None, max_length=40)
    language: str = Field(default="zh", max_length=8)


class PersonCreate(PersonBase):
    """Input for creating a person."""


class Person(PersonBase, table=True):
    """A member of staff, a technician or an admin."""

    id: int | None = Field(default=None, primary_key=True)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow)


class DeviceScope(enum.StrEnum):
    """What one license unit covers: a device, a user or the whole unit (单位)."""

    device = "device"
    user = "user"
    unit = "unit"


class LicenseType(enum.StrEnum):
    """How a license was obtained (授权方式)."""

    oem = "oem"
    retail = "retail"
    volume = "volume"
    subscription = "subscription"
    site = "site"
    free = "free"


class FindingKind(enum.StrEnum):
    """What is wrong with software on a machine (盗版 / 未授权 / 仅限个人 / 待核实)."""

    pirated = "pirated"
    unlicensed = "unlicensed"
    free_personal = "free_personal"
    unknown = "unknown"


class FindingStatus(enum.StrEnum):
    """Whether a finding still holds."""

    open = "open"
    resolved = "resolved"


class MachineBase(SQLModel):
    """Fields shared by every machine schema (one row of the fixed-asset register)."""

    asset_tag: str = Field(index=True, unique=True, max_length=64)
    hostname: str | None = Field(default=None, index=True, max_length=255)
    device_type: str | None = Field(default=None, max_length=40)
    department_id: int | None = Field(default=None, foreign_key="department.id", index=True)
    owner_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    in_scope: bool = Field(default=False, index=True)
    serial: str | None = Field(default=None, index=True, max_length=128)
    mac: str | None = Field(default=None, index=True, max_length=17)
    os_name: str | None = Field(default=None, max_length=255)


class MachineCreate(MachineBase):
    """Input for creating a machine."""


class Machine(MachineBase, table=True):
    """A computer of the office; in scope when it is an internet-capable desktop or laptop."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CheckClient(SQLModel, table=True):
    """A check-tool client as it last reported itself; unbound while machine_id is None."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(index=True, unique=True, max_length=128)
    machine_id: int | None = Field(default=None, foreign_key="machine.id", index=True)
    hostname: str | None = Field(default=None, max_length=255)
    serial: str | None = Field(default=None, max_length=128)
    mac: str | None = Field(default=None, max_length=17)
    os_name: str | None = Field(default=None, max_length=255)
    first_seen_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime = Field(default_factory=utcnow, index=True)


class Scan(SQLModel, table=True):
    """One imported scan; the content hash makes importing it again a no-op."""

    __table_args__ = (Index("ix_scan_machine_time", "machine_id", "scanned_at"),)

    id: int | None = Field(default=None, primary_key=True)
    client_pk: int = Field(foreign_key="checkclient.id", index=True)
    machine_id: int | None = Field(default=None, foreign_key="machine.id")
    scanned_at: datetime
    received_at: datetime = Field(default_factory=utcnow)
    source: str = Field(max_length=40)
    content_hash: str = Field(unique=True, index=True, max_length=64)
    install_count: int = 0
    queued: str | None = None  # the scan as JSON while its client is unbound, applied on bind


class Installation(SQLModel, table=True):
    """A program installed on a machine, classified against the catalog."""

    __table_args__ = (
        Index("ix_installation_machine_present", "machine_id", "present"),
        Index("ix_installation_product_present", "product_id", "present"),
    )

    id: int | None = Field(default=None, primary_key=True)
    machine_id: int = Field(foreign_key="machine.id")
    display_name: str = Field(max_length=512)
    version: str | None = Field(default=None, max_length=128)
    publisher: str | None = Field(default=None, max_length=255)
    product_id: str | None = Field(default=None, max_length=128)
    product: str | None = Field(default=None, max_length=255)
    license_class: str = Field(default="unknown", max_length=20)
    category: str | None = Field(default=None, max_length=40)
    first_seen: datetime
    last_seen: datetime
    present: bool = True


class Activation(SQLModel, table=True):
    """Windows or Office activation state last reported for a machine."""

    id: int | None = Field(default=None, primary_key=True)
    machine_id: int = Field(foreign_key="machine.id", index=True)
    product_name: str = Field(max_length=255)
    product_id: str | None = Field(default=None, max_length=128)
    category: str | None = Field(default=None, max_length=40)
    license_status: int | None = None
    channel: str | None = Field(default=None, max_length=64)
    kms_host: str | None = Field(default=None, max_length=255)
    partial_key: str | None = Field(default=None, max_length=16)
    seen_at: datetime


class EntitlementBase(SQLModel):
    """Fields shared by every entitlement schema (one line of the authorization list)."""

    product: str = Field(max_length=255)
    product_id: str | None = Field(default=None, index=True, max_length=128)
    version: str | None = Field(default=None, max_length=64)
    license_type: LicenseType = Field(default=LicenseType.retail)
    quantity: int = Field(default=1, ge=0)
    scope: DeviceScope = Field(default=DeviceScope.device)
    evidence: str | None = Field(default=None, max_length=500)
    purchased_on: date | None = None
    expires_on: date | None = Field(default=None, index=True)


class EntitlementCreate(EntitlementBase):
    """Input for creating an entitlement."""


class Entitlement(EntitlementBase, table=True):
    """A license the office holds, with its evidence (授权证明)."""

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class EntitlementAssignment(SQLModel, table=True):
    """An entitlement assigned to one machine (OEM is only valid on its own machine)."""

    __table_args__ = (UniqueConstraint("entitlement_id", "machine_id"),)

    id: int | None = Field(default=None, primary_key=True)
    entitlement_id: int = Field(foreign_key="entitlement.id", index=True)
    machine_id: int = Field(foreign_key="machine.id", index=True)


class Finding(SQLModel, table=True):
    """A problem with software on a machine; at most one open finding per machine, kind, product."""

    __table_args__ = (
        Index(
            "uq_finding_open",
            "machine_id",
            "kind",
            "product_key",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("ix_finding_machine_status", "machine_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    machine_id: int = Field(foreign_key="machine.id")
    kind: FindingKind
    product_key: str = Field(max_length=255)
    product_id: str | None = Field(default=None, max_length=128)
    product: str = Field(max_length=255)
    category: str | None = Field(default=None, max_length=40)
    detail: str = Field(default="", max_length=1000)
    status: FindingStatus = Field(default=FindingStatus.open)
    first_seen: datetime
    last_seen: datetime
    resolved_at: datetime | None = None


class ComplianceSnapshot(SQLModel, table=True):
    """The compliance figures of one report day, kept for the trend chart."""

    id: int | None = Field(default=None, primary_key=True)
    day: date = Field(unique=True, index=True)
    machines_in_scope: int = 0
    machines_inspected: int = 0
    overall: float | None = None
    os: float | None = None
    office: float | None = None
    antivirus: float | None = None
    database: float | None = None
    departments_json: str = "[]"


class ApiToken(SQLModel, table=True):
    """A per-source token for HTTP imports; only its sha256 hash is stored."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, max_length=100)
    token_hash: str = Field(unique=True, index=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
