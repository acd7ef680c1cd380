"""Findings per machine from present installations, activation state and entitlement coverage."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy import select as core_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.entitlements import active_entitlements, allocate
from inventory.models import (
    Activation,
    Finding,
    FindingKind,
    FindingStatus,
    Installation,
    LicenseType,
)
from inventory.settings import LOOPBACK_HOSTS, InventorySettings, kms_host_name

CHUNK = 500
NEEDS_LICENSE = ("commercial",)  # personal-use freeware is never licensed by an entitlement
JUDGED = ("commercial", "free_personal", "crack_tool", "unknown")
BAD_STATUS = {
    0: "未授权 / unlicensed",
    4: "非正版宽限期 / non-genuine grace",
    5: "通知模式 / notification",
}


@dataclass(frozen=True, slots=True)
class Draft:
    """A finding as computed from the current state of one machine."""

    kind: FindingKind
    product_key: str
    product_id: str | None
    product: str
    category: str | None
    detail: str


@dataclass(slots=True)
class FindingChanges:
    """How a machine's open findings changed: new, still open (and not new), resolved."""

    new: list[FindingInfo] = field(default_factory=list)
    still_open: list[FindingInfo] = field(default_factory=list)
    resolved: list[FindingInfo] = field(default_factory=list)


def kms_problem(kms_host: str | None, settings: InventorySettings) -> str | None:
    """Return why a KMS host marks piracy, or None when it is on the office's allow-list."""
    if not kms_host or not kms_host.strip():
        return None
    host = kms_host_name(kms_host)
    if host in {kms_host_name(h) for h in settings.kms_allow_list}:
        return None
    if host in LOOPBACK_HOSTS or host.startswith("127."):
        return f"本机模拟 KMS（激活工具）/ KMS emulated on the machine itself: {host}"
    if host in {kms_host_name(h) for h in settings.kms_block_list}:
        return f"公共 KMS 主机 / public KMS host: {host}"
    return f"KMS 主机不在本单位允许列表 / KMS host not on the allow-list: {host}"


def _is_microsoft_product(activation: Any) -> bool:
    """Whether an activation row is for Windows or Office."""
    name = (activation.product_name or "").lower()
    return activation.category in ("os", "office") or "windows" in name or "office" in name


def activation_category(product_name: str, category: str | None) -> str | None:
    """Return an activation row's category, inferring os/office from the name when unknown."""
    name = product_name.lower()
    if category in ("os", "office"):
        return category
    return "os" if "windows" in name else "office" if "office" in name else category


def activation_drafts(activation: Any, has_oem: bool, settings: InventorySettings) -> list[Draft]:
    """Return the piracy findings one activation row shows."""
    reasons = []
    kms = kms_problem(activation.kms_host, settings)
    if kms:
        reasons.append(kms)
    if activation.license_status in BAD_STATUS and _is_microsoft_product(activation):
        reasons.append(
            f"激活状态 {activation.license_status} {BAD_STATUS[activation.license_status]}"
        )
    channel = (activation.channel or "").upper()
    if channel.startswith("OEM") and not has_oem:
        reasons.append(
            f"OEM 通道但无 OEM 授权记录 / OEM channel without an OEM entitlement ({activation.channel})"
        )
    if not reasons:
        return []
    key = activation.product_id or f"name:{activation.product_name}"
    return [
        Draft(
            FindingKind.pirated,
            key,
            activation.product_id,
            activation.product_name,
            activation.category,
            "；".join(reasons),
        )
    ]


def install_draft(install: Any, covered: bool) -> Draft | None:
    """Return the finding one present installation gives, or None when it is fine."""
    name = install.product or install.display_name
    key = install.product_id or f"name:{install.display_name}"
    kind, detail = None, ""
    if install.license_class == "crack_tool":
        kind, detail = (
            FindingKind.pirated,
            f"破解/激活工具 / crack or activation tool: {install.display_name}",
        )
    elif install.license_class == "commercial" and not covered:
        kind, detail = (
            FindingKind.unlicensed,
            f"商业软件无授权 / commercial software without a license: {install.display_name}",
        )
    elif install.license_class == "free_personal":
        kind, detail = (
            FindingKind.free_personal,
            f"仅限个人免费使用 / free for personal use only: {install.display_name}",
        )
    elif install.license_class == "unknown":
        kind, detail = (
            FindingKind.unknown,
            f"未识别，待核实 / not recognized, to review: {install.display_name}",
        )
    if kind is None:
        return None
    return Draft(kind, key, install.product_id, name, install.category, detail)


def merge(drafts: Iterable[Draft]) -> list[Draft]:
    """Merge drafts with the same kind and product, joining their details."""
    merged: dict[tuple[FindingKind, str], Draft] = {}
    for draft in drafts:
        key = (draft.kind, draft.product_key)
        old = merged.get(key)
        if old is None:
            merged[key] = draft
        elif draft.detail not in old.detail:
            merged[key] = Draft(
                old.kind,
                old.product_key,
                old.product_id,
                old.product,
                old.category,
                f"{old.detail}；{draft.detail}",
            )
    return list(merged.values())


async def core(session: AsyncSession, statement: Any, params: Any = None) -> Any:
    """Flush pending ORM changes, then run a Core statement on the session's connection."""
    await session.flush()
    connection = await session.connection()
    return await connection.execute(statement, params)


async def _rows(session: AsyncSession, query: Any) -> Sequence[Any]:
    """Run a Core select on the session's connection and return its rows."""
    return (await core(session, query)).all()


async def compute(
    session: AsyncSession, machine_ids: list[int], now: datetime, settings: InventorySettings
) -> dict[int, list[Draft]]:
    """Return the findings each machine should have now."""
    views = await active_entitlements(session, now.date())
    oem_machines = {m for v in views if v.license_type is LicenseType.oem for m in v.assigned}
    entitled = {v.product_id for v in views} | {p for v in views for p in v.downgrades()}
    covered = allocate(views, await _demand(session, sorted(entitled)))
    result: dict[int, list[Draft]] = {m: [] for m in machine_ids}
    for start in range(0, len(machine_ids), CHUNK):
        chunk = machine_ids[start : start + CHUNK]
        for install in await _rows(session, _present_query(chunk)):
            draft = install_draft(
                install, install.machine_id in covered.get(install.product_id, ())
            )
            if draft:
                result[install.machine_id].append(draft)
        activations = select(Activation).where(col(Activation.machine_id).in_(chunk))
        for activation in (await session.exec(activations)).all():
            result[activation.machine_id] += activation_drafts(
                activation, activation.machine_id in oem_machines, settings
            )
    return {machine_id: merge(drafts) for machine_id, drafts in result.items()}


def _present_query(machine_ids: list[int]) -> Any:
    """Select the present installations of some machines that may give a finding."""
    table = Installation.__table__  # type: ignore[attr-defined]
    return core_select(
        table.c.machine_id,
        table.c.display_name,
        table.c.product_id,
        table.c.product,
        table.c.license_class,
        table.c.category,
        table.c.version,
    ).where(
        table.c.machine_id.in_(machine_ids),
        table.c.present.is_(True),
        table.c.license_class.in_(JUDGED),
    )


async def _demand(
    session: AsyncSession, product_ids: list[str]
) -> dict[str, dict[int, str | None]]:
    """Return, for each entitled product, the machines that have it installed and their versions."""
    table = Installation.__table__  # type: ignore[attr-defined]
    demand: dict[str, dict[int, str | None]] = defaultdict(dict)
    for start in range(0, len(product_ids), CHUNK):
        query = core_select(table.c.product_id, table.c.machine_id, table.c.version).where(
            table.c.product_id.in_(product_ids[start : start + CHUNK]),
            table.c.present.is_(True),
            table.c.license_class.in_(NEEDS_LICENSE),
        )
        for product_id, machine_id, version in await _rows(session, query):
            demand[product_id][machine_id] = version
    return demand


@dataclass(frozen=True, slots=True)
class FindingInfo:
    """A stored finding as ingest reports it (read with Core, cheap in bulk)."""

    id: int
    machine_id: int
    kind: FindingKind
    product_key: str
    product_id: str | None
    product: str
    category: str | None
    detail: str
    first_seen: datetime

    @property
    def key(self) -> tuple[int, FindingKind, str]:
        """Return (machine, kind, product key): at most one open finding has it."""
        return (self.machine_id, self.kind, self.product_key)


def _table() -> Any:
    """Return the Core table of findings."""
    return Finding.__table__  # type: ignore[attr-defined]


async def _open_findings(session: AsyncSession, machine_ids: list[int]) -> list[FindingInfo]:
    """Return the open findings of some machines."""
    t = _table()
    query = core_select(
        t.c.id,
        t.c.machine_id,
        t.c.kind,
        t.c.product_key,
        t.c.product_id,
        t.c.product,
        t.c.category,
        t.c.detail,
        t.c.first_seen,
    ).where(t.c.machine_id.in_(machine_ids), t.c.status == FindingStatus.open.value)
    return [FindingInfo(*row) for row in await _rows(session, query.order_by(t.c.id))]


async def sync(
    session: AsyncSession, drafts: dict[int, list[Draft]], now: datetime
) -> dict[int, FindingChanges]:
    """Open new findings, refresh those still true and resolve the rest; return the changes."""
    changes: dict[int, FindingChanges] = {m: FindingChanges() for m in drafts}
    machine_ids = sorted(drafts)
    for start in range(0, len(machine_ids), CHUNK):
        chunk = machine_ids[start : start + CHUNK]
        existing = {f.key: f for f in await _open_findings(session, chunk)}
        wanted = {(m, d.kind, d.product_key): d for m in chunk for d in drafts[m]}
        await _write(session, existing, wanted, now)
        for key, finding in existing.items():
            bucket = changes[finding.machine_id]
            (bucket.still_open if key in wanted else bucket.resolved).append(finding)
        if len(wanted) > len(existing.keys() & wanted.keys()):
            for finding in await _open_findings(session, chunk):
                if finding.key not in existing:
                    changes[finding.machine_id].new.append(finding)
    return changes


async def _write(
    session: AsyncSession,
    existing: dict[tuple[int, FindingKind, str], FindingInfo],
    wanted: dict[tuple[int, FindingKind, str], Draft],
    now: datetime,
) -> None:
    """Apply the difference between existing open findings and wanted ones in bulk."""
    t = _table()
    new_rows = [
        {
            "machine_id": key[0],
            "kind": d.kind.name,
            "product_key": d.product_key[:255],
            "product_id": d.product_id,
            "product": d.product[:255],
            "category": d.category,
            "detail": d.detail[:1000],
            "status": FindingStatus.open.name,
            "first_seen": now,
            "last_seen": now,
        }
        for key, d in wanted.items()
        if key not in existing
    ]
    refresh = [
        {"b_id": f.id, "b_detail": wanted[k].detail[:1000]}
        for k, f in existing.items()
        if k in wanted
    ]
    gone = [{"b_id": f.id} for k, f in existing.items() if k not in wanted]
    by_id = t.c.id == bindparam("b_id")
    if new_rows:
        await core(session, insert(t), new_rows)
    if refresh:
        await core(
            session,
            update(t).where(by_id).values(last_seen=now, detail=bindparam("b_detail")),
            refresh,
        )
    if gone:
        resolved = (
            update(t).where(by_id).values(status=FindingStatus.resolved.name, resolved_at=now)
        )
        await core(session, resolved, gone)


async def refresh_findings(
    session: AsyncSession,
    now: datetime,
    settings: InventorySettings,
    machine_ids: list[int] | None = None,
) -> dict[int, FindingChanges]:
    """Recompute and store the findings of some machines (all machines with data when None)."""
    if machine_ids is None:
        rows = await _rows(session, select(Installation.machine_id).distinct())
        activation_rows = await _rows(session, select(Activation.machine_id).distinct())
        machine_ids = sorted({r[0] for r in rows} | {r[0] for r in activation_rows})
    return await sync(session, await compute(session, machine_ids, now, settings), now)
