"""Compliance figures: genuine rate (正版率) per category and department, deployment, staff view."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select as core_select
from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.findings import core
from inventory.models import (
    Activation,
    CheckClient,
    ComplianceSnapshot,
    Department,
    Finding,
    FindingKind,
    FindingStatus,
    Installation,
    Machine,
    Scan,
)

CATEGORIES = ("os", "office", "antivirus", "database")
NOT_GENUINE = (FindingKind.pirated, FindingKind.unlicensed)
NO_DEPARTMENT = "未分配科室"
ADVICE = {
    FindingKind.pirated: "卸载破解或激活工具，由技术人员用正版授权重新激活 / remove the crack or activator; a technician re-activates with a genuine license",
    FindingKind.unlicensed: "申请采购授权，或卸载、替换为免费/国产软件 / request a license, or uninstall or replace with a free or domestic product",
    FindingKind.free_personal: "仅限个人免费，单位不可使用：卸载或改用商业版/替代品 / personal-use freeware: uninstall or switch to a licensed edition or an alternative",
    FindingKind.unknown: "技术人员将核实该软件的授权情况 / a technician will review this program",
}


def rate(good: int, total: int) -> float | None:
    """Return good/total as a fraction, or None without a denominator."""
    return good / total if total else None


@dataclass(slots=True)
class ComplianceReport:
    """The figures of `zhengban report compliance --json` (rates are fractions 0..1 or None)."""

    machines_in_scope: int
    machines_inspected: int
    genuine_rate: dict[str, float | None]
    departments: list[dict[str, Any]]
    findings: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        """Render in the JSON shape of design.md §4."""
        return {
            "machines_in_scope": self.machines_in_scope,
            "machines_inspected": self.machines_inspected,
            "genuine_rate": dict(self.genuine_rate),
            "departments": [dict(d) for d in self.departments],
            "findings": dict(self.findings),
        }


async def _inspected(
    session: AsyncSession, now: datetime, period_days: int
) -> dict[int, int | None]:
    """Return in-scope machines scanned within the period: machine id -> department id."""
    since = now - timedelta(days=period_days)
    scanned = select(Scan.machine_id).where(
        col(Scan.scanned_at) >= since, col(Scan.machine_id).is_not(None)
    )
    query = select(Machine.id, Machine.department_id).where(
        col(Machine.in_scope).is_(True), col(Machine.id).in_(scanned)
    )
    return {m: d for m, d in (await session.exec(query)).all() if m is not None}


async def _categories(session: AsyncSession, machine_ids: set[int]) -> dict[str, set[int]]:
    """Return, per genuine-rate category, the machines that have software of it."""
    found: dict[str, set[int]] = defaultdict(set)
    install, activation = Installation.__table__, Activation.__table__  # type: ignore[attr-defined]
    queries = [
        core_select(install.c.machine_id, install.c.category)
        .where(install.c.present.is_(True), install.c.category.in_(CATEGORIES))
        .distinct(),
        core_select(activation.c.machine_id, activation.c.category)
        .where(activation.c.category.in_(CATEGORIES))
        .distinct(),
    ]
    for query in queries:
        for machine_id, category in (await core(session, query)).all():
            if machine_id in machine_ids:
                found[category].add(machine_id)
    return found


async def _not_genuine(session: AsyncSession) -> tuple[set[int], dict[str | None, set[int]]]:
    """Return machines with an open pirated/unlicensed finding, overall and per category."""
    query = select(Finding.machine_id, Finding.category).where(
        Finding.status == FindingStatus.open, col(Finding.kind).in_(NOT_GENUINE)
    )
    overall: set[int] = set()
    by_category: dict[str | None, set[int]] = defaultdict(set)
    for machine_id, category in (await session.exec(query)).all():
        overall.add(machine_id)
        by_category[category].add(machine_id)
    return overall, by_category


async def _finding_counts(session: AsyncSession) -> dict[str, int]:
    """Return open findings per kind."""
    query = (
        select(Finding.kind, func.count())
        .where(Finding.status == FindingStatus.open)
        .group_by(col(Finding.kind))
    )
    counts = {kind.value: 0 for kind in FindingKind}
    counts.update({str(kind): n for kind, n in (await session.exec(query)).all()})
    return counts


async def compliance_report(
    session: AsyncSession, now: datetime, period_days: int
) -> ComplianceReport:
    """Compute the genuine rate of in-scope machines inspected within ``period_days``."""
    in_scope = (
        await session.exec(
            select(func.count()).select_from(Machine).where(col(Machine.in_scope).is_(True))
        )
    ).one()
    inspected = await _inspected(session, now, period_days)
    bad, bad_by_category = await _not_genuine(session)
    has = await _categories(session, set(inspected))
    rates: dict[str, float | None] = {"overall": rate(len(set(inspected) - bad), len(inspected))}
    for category in CATEGORIES:
        rates[category] = rate(len(has[category] - bad_by_category[category]), len(has[category]))
    return ComplianceReport(
        in_scope,
        len(inspected),
        rates,
        await _departments(session, inspected, bad),
        await _finding_counts(session),
    )


async def _departments(
    session: AsyncSession, inspected: dict[int, int | None], bad: set[int]
) -> list[dict[str, Any]]:
    """Return the overall genuine rate of each department's inspected machines."""
    names = {d.id: d.name for d in (await session.exec(select(Department))).all()}
    members: dict[str, list[int]] = defaultdict(list)
    for machine_id, department_id in inspected.items():
        members[names.get(department_id, NO_DEPARTMENT) if department_id else NO_DEPARTMENT].append(
            machine_id
        )
    return [
        {"name": name, "genuine_rate": rate(sum(m not in bad for m in ids), len(ids))}
        for name, ids in sorted(members.items())
    ]


async def save_snapshot(
    session: AsyncSession, report: ComplianceReport, day: date
) -> ComplianceSnapshot:
    """Store (or replace) the figures of one report day for the trend chart."""
    found = (
        await session.exec(select(ComplianceSnapshot).where(ComplianceSnapshot.day == day))
    ).first()
    snapshot = found or ComplianceSnapshot(day=day)
    snapshot.machines_in_scope, snapshot.machines_inspected = (
        report.machines_in_scope,
        report.machines_inspected,
    )
    for key in ("overall", *CATEGORIES):
        setattr(snapshot, key, report.genuine_rate.get(key))
    snapshot.departments_json = json.dumps(report.departments, ensure_ascii=False)
    session.add(snapshot)
    await session.flush()
    return snapshot


async def compliance_history(
    session: AsyncSession, since: date | None = None
) -> list[ComplianceSnapshot]:
    """Return stored snapshots, oldest first."""
    query = select(ComplianceSnapshot)
    if since is not None:
        query = query.where(ComplianceSnapshot.day >= since)
    return list((await session.exec(query.order_by(col(ComplianceSnapshot.day)))).all())


@dataclass(slots=True)
class DeploymentReport:
    """Check-tool deployment (部署率): in-scope machines with a bound client reporting lately."""

    in_scope: int
    bound: int
    deployed: int
    deployment_rate: float | None
    unbound: list[str] = field(default_factory=list)
    silent: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Render for `zhengban report deployment --json`."""
        return {
            "in_scope": self.in_scope,
            "bound": self.bound,
            "deployed": self.deployed,
            "deployment_rate": self.deployment_rate,
            "unbound": list(self.unbound),
            "silent": list(self.silent),
        }


async def deployment_report(
    session: AsyncSession, now: datetime, period_days: int
) -> DeploymentReport:
    """Count in-scope machines with a bound client and those whose client reported in the period."""
    machines = (
        await session.exec(
            select(Machine.id, Machine.asset_tag).where(col(Machine.in_scope).is_(True))
        )
    ).all()
    last_seen: dict[int, datetime] = {}
    clients = (
        select(CheckClient.machine_id, func.max(CheckClient.last_seen_at))
        .where(col(CheckClient.machine_id).is_not(None))
        .group_by(col(CheckClient.machine_id))
    )
    for machine_id, seen in (await session.exec(clients)).all():
        if machine_id is not None:
            last_seen[machine_id] = seen
    since = now - timedelta(days=period_days)
    unbound = sorted(tag for m, tag in machines if m not in last_seen)
    silent = sorted(tag for m, tag in machines if m in last_seen and last_seen[m] < since)
    bound = len(machines) - len(unbound)
    deployed = bound - len(silent)
    return DeploymentReport(
        len(machines), bound, deployed, rate(deployed, len(machines)), unbound, silent
    )


@dataclass(slots=True)
class MachineStatus:
    """One of a person's machines: what is wrong and what to do."""

    asset_tag: str
    hostname: str | None
    last_scan: datetime | None
    problems: list[tuple[Finding, str]] = field(default_factory=list)


async def machine_status(session: AsyncSession, person_id: int) -> list[MachineStatus]:
    """Return a person's machines with their open findings and advice for each."""
    machines = (
        await session.exec(
            select(Machine).where(Machine.owner_id == person_id).order_by(col(Machine.asset_tag))
        )
    ).all()
    result = []
    for machine in machines:
        last = (
            await session.exec(
                select(func.max(Scan.scanned_at)).where(Scan.machine_id == machine.id)
            )
        ).one()
        query = select(Finding).where(
            Finding.machine_id == machine.id, Finding.status == FindingStatus.open
        )
        findings = sorted(
            (await session.exec(query)).all(),
            key=lambda f: (list(FindingKind).index(f.kind), f.product),
        )
        result.append(
            MachineStatus(
                machine.asset_tag, machine.hostname, last, [(f, ADVICE[f.kind]) for f in findings]
            )
        )
    return result


async def stale_machines(session: AsyncSession, now: datetime, stale_days: int) -> list[Machine]:
    """Return in-scope machines with a bound client that has not reported for ``stale_days``."""
    since = now - timedelta(days=stale_days)
    latest = (
        select(CheckClient.machine_id)
        .where(col(CheckClient.machine_id).is_not(None))
        .group_by(col(CheckClient.machine_id))
        .having(func.max(CheckClient.last_seen_at) < since)
    )
    query = select(Machine).where(col(Machine.in_scope).is_(True), col(Machine.id).in_(latest))
    return list((await session.exec(query.order_by(col(Machine.asset_tag)))).all())
