"""Entitlements (授权清单): import, assignment, expiry and the coverage rules that count them."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.classify import unlisted_id
from inventory.machines import Change, get_machine
from inventory.models import (
    DeviceScope,
    Entitlement,
    EntitlementAssignment,
    EntitlementCreate,
    LicenseType,
)
from inventory.records import EntitlementRecord

# Explicit downgrade rights between catalog products (domain-facts §7 F-MS-10..14): a license for
# the key also covers the listed earlier products. Volume and site licenses have them (and may
# cover an earlier version of the same product); OEM only for Windows; retail (FPP) and
# subscriptions never.
DOWNGRADES: dict[str, tuple[str, ...]] = {
    "windows-11": ("windows-10", "windows-8", "windows-7"),
    "windows-10": ("windows-8", "windows-7"),
    "windows-8": ("windows-7",),
}
OEM_DOWNGRADE_PRODUCTS = frozenset({"windows-11", "windows-10", "windows-8"})
_NUMBER = re.compile(r"\d+")


class Classifies(Protocol):
    """The part of the catalog classifier that entitlements and scans need."""

    def classify(
        self, display_name: str, publisher: str | None = None, version: str | None = None
    ) -> Any:
        """Return a classification with product_id, product, category, license_class."""


@dataclass(frozen=True, slots=True)
class EntitlementView:
    """An active entitlement as the coverage rules see it."""

    id: int
    product_id: str
    version: str | None
    license_type: LicenseType
    quantity: int
    scope: DeviceScope
    assigned: tuple[int, ...] = ()

    @property
    def covers_all(self) -> bool:
        """Whether it covers every machine (site license, unit scope or free)."""
        return self.license_type in (LicenseType.site, LicenseType.free) or (
            self.scope is DeviceScope.unit
        )

    @property
    def may_downgrade(self) -> bool:
        """Whether the license type carries downgrade rights (volume, site, OEM Windows)."""
        if self.license_type in (LicenseType.volume, LicenseType.site):
            return True
        return self.license_type is LicenseType.oem and self.product_id in OEM_DOWNGRADE_PRODUCTS

    def downgrades(self) -> tuple[str, ...]:
        """Return the other products this entitlement's downgrade rights reach."""
        return DOWNGRADES.get(self.product_id, ()) if self.may_downgrade else ()

    def covers(self, product_id: str, version: str | None) -> bool:
        """Whether this entitlement may cover ``product_id`` at ``version`` on a machine."""
        if product_id in self.downgrades():
            return True
        if product_id != self.product_id:
            return False
        return _version_ok(self.version, version, self.may_downgrade)


def _major(version: str | None) -> int | None:
    """Return the first number of a version string, or None."""
    found = _NUMBER.search(version or "")
    return int(found.group()) if found else None


def _version_ok(licensed: str | None, installed: str | None, may_downgrade: bool) -> bool:
    """Compare major versions when both use the same scheme (years or small numbers)."""
    have, want = _major(licensed), _major(installed)
    if have is None or want is None or (have >= 1990) != (want >= 1990):
        return True
    return want == have or (want < have and may_downgrade)


def allocate(
    views: Iterable[EntitlementView], demand: dict[str, dict[int, str | None]]
) -> dict[str, set[int]]:
    """Return, per product, the machines whose install is covered by some entitlement.

    ``demand`` maps product id to {machine id: installed version}. Site/unit/free licenses cover
    every machine, OEM covers only its assigned machines, and quantity licenses (retail,
    subscription, device volume) go to assigned machines first, then by machine id.
    """
    ordered = sorted(
        views, key=lambda v: (not v.covers_all, v.license_type != LicenseType.oem, v.id)
    )
    covered: dict[str, set[int]] = defaultdict(set)
    for view in ordered:
        seats = None if view.covers_all else view.quantity
        wanted = [p for p in demand if view.covers(p, None)]
        machines = _candidates(view, wanted, demand, covered)
        for product_id, machine_id in machines:
            if seats is not None and seats <= 0:
                break
            covered[product_id].add(machine_id)
            if seats is not None:
                seats -= 1
    return covered


def _candidates(
    view: EntitlementView,
    products: list[str],
    demand: dict[str, dict[int, str | None]],
    covered: dict[str, set[int]],
) -> list[tuple[str, int]]:
    """Return the uncovered (product, machine) pairs a view may take, assigned machines first."""
    assigned = set(view.assigned)
    pairs = [
        (product_id, machine_id)
        for product_id in products
        for machine_id, version in demand[product_id].items()
        if machine_id not in covered[product_id] and view.covers(product_id, version)
    ]
    if view.license_type is LicenseType.oem:
        return [pair for pair in pairs if pair[1] in assigned]
    pairs.sort(key=lambda pair: (pair[1] not in assigned, pair[1], pair[0]))
    return pairs


async def active_entitlements(session: AsyncSession, today: date) -> list[EntitlementView]:
    """Return the unexpired entitlements that name a catalog product, with their assignments."""
    query = select(Entitlement).where(
        col(Entitlement.product_id).is_not(None),
        (col(Entitlement.expires_on).is_(None)) | (col(Entitlement.expires_on) >= today),
    )
    rows = list((await session.exec(query)).all())
    assigned: dict[int, list[int]] = defaultdict(list)
    for link in (await session.exec(select(EntitlementAssignment))).all():
        assigned[link.entitlement_id].append(link.machine_id)
    return [
        EntitlementView(
            id=row.id or 0,
            product_id=row.product_id or "",
            version=row.version,
            license_type=row.license_type,
            quantity=row.quantity,
            scope=row.scope,
            assigned=tuple(sorted(assigned[row.id or 0])),
        )
        for row in rows
    ]


async def assign(session: AsyncSession, entitlement_id: int, asset_tag: str) -> None:
    """Assign an entitlement to a machine (idempotent)."""
    machine = await get_machine(session, asset_tag)
    query = select(EntitlementAssignment).where(
        EntitlementAssignment.entitlement_id == entitlement_id,
        EntitlementAssignment.machine_id == machine.id,
    )
    if (await session.exec(query)).first() is None:
        assert machine.id is not None
        session.add(EntitlementAssignment(entitlement_id=entitlement_id, machine_id=machine.id))
        await session.flush()


async def expiring_licenses(
    session: AsyncSession, today: date, within_days: int
) -> list[Entitlement]:
    """Return entitlements expiring between today and ``within_days`` from now, soonest first."""
    query = select(Entitlement).where(
        col(Entitlement.expires_on) >= today,
        col(Entitlement.expires_on) <= today + timedelta(days=within_days),
    )
    return list((await session.exec(query.order_by(col(Entitlement.expires_on)))).all())


def record_values(record: EntitlementRecord, classifier: Classifies | None) -> EntitlementCreate:
    """Validate a license record into entitlement fields, naming its catalog product."""
    product_id = None
    if classifier is not None:
        found = classifier.classify(record.product, None, record.version).product_id
        product_id = found or unlisted_id(record.product)
    return EntitlementCreate(
        product=record.product.strip(),
        product_id=product_id,
        version=record.version,
        license_type=LicenseType(record.license_type.strip().lower()),
        quantity=record.quantity,
        scope=DeviceScope(record.scope.strip().lower()),
        evidence=record.evidence,
        purchased_on=record.purchased_on,
        expires_on=record.expires_on,
    )


_IDENTITY = ("product", "version", "license_type", "scope", "evidence", "purchased_on")


async def upsert_license(
    session: AsyncSession, record: EntitlementRecord, classifier: Classifies | None
) -> Change | None:
    """Create or update the entitlement of one license record and its assignments."""
    data = record_values(record, classifier)
    query = select(Entitlement).where(
        *(getattr(Entitlement, k) == getattr(data, k) for k in _IDENTITY)
    )
    found = (await session.exec(query)).first()
    key = f"{data.product} {data.version or ''} {data.license_type.value}".strip()
    change: Change | None
    if found is None:
        found = Entitlement.model_validate(data)
        session.add(found)
        await session.flush()
        change = Change(key, "created", {"quantity": (None, data.quantity)})
    else:
        fields = ("product_id", "quantity", "expires_on")
        diff = {
            f: (getattr(found, f), getattr(data, f))
            for f in fields
            if getattr(found, f) != getattr(data, f)
        }
        for name, (_old, new) in diff.items():
            setattr(found, name, new)
        session.add(found)
        change = Change(key, "updated", diff) if diff else None
    assert found.id is not None
    added = [tag for tag in record.assigned_assets if await _assign_new(session, found.id, tag)]
    if added and change is None:
        change = Change(key, "updated", {})
    if added and change is not None:
        change.fields["assigned"] = (None, ",".join(added))
    return change


async def _assign_new(session: AsyncSession, entitlement_id: int, asset_tag: str) -> bool:
    """Assign and return True when the assignment is new."""
    before = await _assignment_count(session, entitlement_id)
    await assign(session, entitlement_id, asset_tag)
    return await _assignment_count(session, entitlement_id) > before


async def _assignment_count(session: AsyncSession, entitlement_id: int) -> int:
    """Return how many machines an entitlement is assigned to."""
    query = select(EntitlementAssignment.id).where(
        EntitlementAssignment.entitlement_id == entitlement_id
    )
    return len((await session.exec(query)).all())
