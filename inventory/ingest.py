"""Imports of registers: asset register, people and licenses; each is one caller-owned transaction.

The functions flush but never commit. With ``dry_run`` the work runs inside a savepoint that is
rolled back, so the report shows what would change and nothing is written. Scans live in
:mod:`inventory.scans` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.bulk import unit_of_work
from inventory.entitlements import Classifies, upsert_license
from inventory.machines import Change, upsert_asset
from inventory.models import Person, PersonCreate, Role
from inventory.people import find_people, get_or_create_department
from inventory.records import AssetRecord, EntitlementRecord, PersonRecord
from inventory.scans import (  # re-exported: scans are imports too
    MachineScanResult,
    ScanReport,
    ingest_queued,
    ingest_scans,
    scan_hash,
)


@dataclass(slots=True)
class ImportReport:
    """What an import created, updated and left unchanged, with the changes for display."""

    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    def add(self, change: Change | None) -> None:
        """Count one record's outcome."""
        if change is None:
            self.unchanged += 1
            return
        self.changes.append(change)
        if change.action == "created":
            self.created += 1
        else:
            self.updated += 1

    def to_dict(self) -> dict[str, Any]:
        """Render for JSON output."""
        return {
            "kind": self.kind,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
            "changes": [c.to_dict() for c in self.changes],
            "warnings": list(self.warnings),
        }


async def import_assets(
    session: AsyncSession, records: Iterable[AssetRecord], dry_run: bool = False
) -> ImportReport:
    """Create or update machines from asset-register rows; unknown departments are created."""
    report = ImportReport("assets", dry_run=dry_run)
    async with unit_of_work(session, dry_run):
        for record in records:
            report.add(await upsert_asset(session, record, report.warnings))
            await session.flush()
    return report


async def _upsert_person(
    session: AsyncSession, record: PersonRecord, warnings: list[str]
) -> Change | None:
    """Create or update one person by name; several people with the name only warn."""
    role = Role.staff
    if record.role:
        try:
            role = Role(record.role.strip().lower())
        except ValueError:
            warnings.append(
                f"第 {record.source_row} 行 / row {record.source_row}: 未知角色 / unknown role {record.role}"
            )
    department_id = (
        (await get_or_create_department(session, record.department)).id
        if record.department
        else None
    )
    people = await find_people(session, record.name)
    if len(people) > 1:
        warnings.append(
            f"第 {record.source_row} 行 / row {record.source_row}: {record.name}: 重名 / several people share the name"
        )
        return None
    if not people:
        data = PersonCreate(
            name=record.name.strip(), role=role, department_id=department_id, phone=record.phone
        )
        session.add(Person.model_validate(data))
        return Change(record.name.strip(), "created", {"role": (None, role.value)})
    return _update_person(people[0], role if record.role else None, department_id, record.phone)


def _update_person(
    person: Person, role: Role | None, department_id: int | None, phone: str | None
) -> Change | None:
    """Apply the given (non-blank) fields to a person and return the change."""
    wanted = {"role": role, "department_id": department_id, "phone": phone}
    diff = {
        k: (getattr(person, k), v)
        for k, v in wanted.items()
        if v is not None and getattr(person, k) != v
    }
    for name, (_old, new) in diff.items():
        setattr(person, name, new)
    return Change(person.name, "updated", diff) if diff else None


async def import_people(
    session: AsyncSession, records: Iterable[PersonRecord], dry_run: bool = False
) -> ImportReport:
    """Create or update people from a people list (matched by name)."""
    report = ImportReport("people", dry_run=dry_run)
    async with unit_of_work(session, dry_run):
        for record in records:
            report.add(await _upsert_person(session, record, report.warnings))
            await session.flush()
    return report


async def import_licenses(
    session: AsyncSession,
    records: Iterable[EntitlementRecord],
    classifier: Classifies | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Create or update entitlements from an authorization list; assignments name asset tags."""
    report = ImportReport("licenses", dry_run=dry_run)
    async with unit_of_work(session, dry_run):
        for record in records:
            try:
                report.add(await upsert_license(session, record, classifier))
            except ValueError as exc:
                report.warnings.append(
                    f"第 {record.source_row} 行 / row {record.source_row}: {exc}"
                )
            await session.flush()
    return report


__all__ = [
    "ImportReport",
    "MachineScanResult",
    "ScanReport",
    "import_assets",
    "import_licenses",
    "import_people",
    "ingest_queued",
    "ingest_scans",
    "scan_hash",
]
