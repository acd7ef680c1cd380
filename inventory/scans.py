"""Scan ingest: bind, classify and store installations, then recompute findings (one transaction).

Rows are written in bulk (see :mod:`inventory.bulk`); the caller owns the transaction.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, update
from sqlalchemy import select as core_select
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.binding import (
    client_key,
    load_clients,
    machine_index,
    queue_payload,
    queued_scans,
    report_client,
)
from inventory.bulk import bulk_insert, unit_of_work
from inventory.entitlements import Classifies
from inventory.findings import (
    FindingChanges,
    FindingInfo,
    activation_category,
    compute,
    core,
    sync,
)
from inventory.models import Activation, Installation, Machine, Scan
from inventory.records import MachineScan
from inventory.settings import InventorySettings

MACHINE_CHUNK = 250


@dataclass(slots=True)
class MachineScanResult:
    """What a scan changed for one machine: findings new, still open (not new) and resolved."""

    machine_id: int
    asset_tag: str
    new_findings: list[FindingInfo] = field(default_factory=list)
    open_findings: list[FindingInfo] = field(default_factory=list)
    resolved_findings: list[FindingInfo] = field(default_factory=list)


@dataclass(slots=True)
class ScanReport:
    """The outcome of ingesting scans."""

    received: int = 0
    imported: int = 0
    duplicates: int = 0
    installs: int = 0
    machines: list[MachineScanResult] = field(default_factory=list)
    unbound: list[str] = field(default_factory=list)
    dry_run: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Render for JSON output (findings as kind and product)."""

        def brief(items: list[FindingInfo]) -> list[dict[str, Any]]:
            return [{"id": f.id, "kind": f.kind.value, "product": f.product} for f in items]

        return {
            "received": self.received,
            "imported": self.imported,
            "duplicates": self.duplicates,
            "installs": self.installs,
            "dry_run": self.dry_run,
            "unbound": list(self.unbound),
            "machines": [
                {
                    "machine_id": m.machine_id,
                    "asset_tag": m.asset_tag,
                    "new_findings": brief(m.new_findings),
                    "open_findings": brief(m.open_findings),
                    "resolved_findings": brief(m.resolved_findings),
                }
                for m in self.machines
            ],
        }


def scan_hash(scan: MachineScan) -> str:
    """Return the sha256 of a scan's content (identity, time, installs and activations)."""
    digest = hashlib.sha256()
    head = (client_key(scan), scan.hostname, scan.serial, scan.mac, scan.os_name, scan.scanned_at)
    digest.update(repr(head).encode())
    for item in sorted((i.display_name, i.version or "", i.publisher or "") for i in scan.installs):
        digest.update(repr(item).encode())
    for a in scan.activations:
        digest.update(
            repr((a.product_name, a.license_status, a.channel, a.kms_host, a.partial_key)).encode()
        )
    return digest.hexdigest()


@dataclass(slots=True)
class _Incoming:
    """A new scan of a bound machine, as it will be written."""

    scan: MachineScan
    machine_id: int
    at: datetime


async def _existing_hashes(session: AsyncSession, hashes: list[str]) -> dict[str, int | None]:
    """Return the stored scans among ``hashes``: hash -> machine id (None while unbound)."""
    found: dict[str, int | None] = {}
    for start in range(0, len(hashes), 500):
        query = select(Scan.content_hash, Scan.machine_id).where(
            col(Scan.content_hash).in_(hashes[start : start + 500])
        )
        found.update({h: m for h, m in (await session.exec(query)).all()})
    return found


async def ingest_scans(
    session: AsyncSession,
    scans: Sequence[MachineScan],
    classifier: Classifies,
    now: datetime,
    source: str,
    dry_run: bool = False,
    settings: InventorySettings | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> ScanReport:
    """Bind, classify and store scans, then recompute the findings of every touched machine.

    ``on_progress(done, total)`` is called after each chunk of machines (for a progress bar).
    """
    report = ScanReport(received=len(scans), dry_run=dry_run)
    async with unit_of_work(session, dry_run):
        incoming = await _store_scans(session, scans, now, source, report)
        machine_ids = sorted({item.machine_id for item in incoming})
        state = _Classified(classifier)
        for start in range(0, len(machine_ids), MACHINE_CHUNK):
            chunk = set(machine_ids[start : start + MACHINE_CHUNK])
            batch = [item for item in incoming if item.machine_id in chunk]
            report.installs += await _write_installs(session, batch, state, now)
            await _write_activations(session, batch, state)
            if on_progress is not None:
                on_progress(min(start + MACHINE_CHUNK, len(machine_ids)), len(machine_ids))
        drafts = await compute(session, machine_ids, now, settings or InventorySettings())
        changes = await sync(session, drafts, now)
        report.machines = await _results(session, changes)
    return report


async def ingest_queued(
    session: AsyncSession,
    client_id: str,
    classifier: Classifies,
    now: datetime,
    settings: InventorySettings | None = None,
) -> ScanReport:
    """Apply the scans a client sent while unbound (call after `binding.bind`)."""
    scans = await queued_scans(session, client_id)
    return await ingest_scans(session, scans, classifier, now, "queued", settings=settings)


async def _store_scans(
    session: AsyncSession,
    scans: Sequence[MachineScan],
    now: datetime,
    source: str,
    report: ScanReport,
) -> list[_Incoming]:
    """Record clients and scan rows; return the scans of bound machines that are new."""
    hashed = {scan_hash(s): s for s in scans}
    report.duplicates = len(scans) - len(hashed)
    stored = await _existing_hashes(session, list(hashed))
    fresh = {h: s for h, s in hashed.items() if stored.get(h, None) is None}
    report.duplicates += len(hashed) - len(fresh)
    index = await machine_index(session)
    clients = await load_clients(session, sorted({client_key(s) for s in fresh.values()}))
    reported = {h: report_client(clients, index, s, now) for h, s in fresh.items()}
    session.add_all(clients.values())
    await session.flush()
    rows, incoming = [], []
    for digest, scan in fresh.items():
        client = reported[digest]
        at = scan.scanned_at or now
        if client.machine_id is None:
            report.unbound.append(client.client_id)
        else:
            incoming.append(_Incoming(scan, client.machine_id, at))
        payload = queue_payload(scan) if client.machine_id is None else None
        if digest in stored:
            values = {"machine_id": client.machine_id, "queued": payload}
            await core(session, update(Scan).where(col(Scan.content_hash) == digest).values(values))
            continue
        rows.append(
            {
                "client_pk": client.id,
                "machine_id": client.machine_id,
                "scanned_at": at,
                "received_at": now,
                "source": source[:40],
                "content_hash": digest,
                "install_count": len(scan.installs),
                "queued": payload,
            }
        )
    if rows:
        await core(session, insert(Scan), rows)
    report.imported = len(incoming)
    report.unbound = sorted(set(report.unbound))
    return incoming


class _Classified:
    """Classifications cached by (name, publisher, version) for one ingest."""

    def __init__(self, classifier: Classifies) -> None:
        self.classifier = classifier
        self.cache: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}

    def __call__(self, name: str, publisher: str | None, version: str | None) -> dict[str, Any]:
        """Return the installation columns the classifier gives for one program."""
        key = (name, publisher, version)
        found = self.cache.get(key)
        if found is None:
            c = self.classifier.classify(name, publisher, version)
            found = {
                "product_id": c.product_id,
                "product": (c.product or None) and c.product[:255],
                "license_class": str(c.license_class),
                "category": c.category,
            }
            self.cache[key] = found
        return found


async def _latest_scans(session: AsyncSession, machine_ids: list[int]) -> dict[int, datetime]:
    """Return the newest stored scan time of each machine."""
    query = (
        select(Scan.machine_id, func.max(Scan.scanned_at))
        .where(col(Scan.machine_id).in_(machine_ids))
        .group_by(col(Scan.machine_id))
    )
    return {m: t for m, t in (await session.exec(query)).all() if m is not None}


def _seen(items: list[_Incoming], newest: bool) -> dict[tuple[str, str], list[Any]]:
    """Return (name, version) -> [first seen, last seen, present, publisher] over a machine's scans."""
    seen: dict[tuple[str, str], list[Any]] = {}
    for item in items:
        for install in item.scan.installs:
            key = (install.display_name.strip()[:512], (install.version or "").strip()[:128])
            entry = seen.get(key)
            if entry is None:
                seen[key] = [item.at, item.at, False, install.publisher]
            else:
                entry[1], entry[3] = item.at, install.publisher or entry[3]
    if newest:
        for install in items[-1].scan.installs:
            seen[(install.display_name.strip()[:512], (install.version or "").strip()[:128])][2] = (
                True
            )
    return seen


async def _existing_installs(
    session: AsyncSession, machine_ids: list[int]
) -> dict[int, dict[tuple[str, str], Any]]:
    """Return the stored installations of some machines, by machine and (name, version)."""
    table = Installation.__table__  # type: ignore[attr-defined]
    query = core_select(
        table.c.id,
        table.c.machine_id,
        table.c.display_name,
        table.c.version,
        table.c.present,
        table.c.last_seen,
    )
    found: dict[int, dict[tuple[str, str], Any]] = defaultdict(dict)
    for row in (await core(session, query.where(table.c.machine_id.in_(machine_ids)))).all():
        found[row.machine_id][(row.display_name, row.version or "")] = row
    return found


async def _write_installs(
    session: AsyncSession, batch: list[_Incoming], classify: _Classified, now: datetime
) -> int:
    """Upsert the installations of a batch of machines; only a machine's newest scan sets presence."""
    by_machine: dict[int, list[_Incoming]] = defaultdict(list)
    for item in sorted(batch, key=lambda i: i.at):
        by_machine[item.machine_id].append(item)
    latest = await _latest_scans(session, list(by_machine))
    existing = await _existing_installs(session, list(by_machine))
    inserts: list[dict[str, Any]] = []
    refresh: list[dict[str, Any]] = []
    gone: list[dict[str, Any]] = []
    for machine_id, items in by_machine.items():
        newest = items[-1].at >= latest.get(machine_id, items[-1].at)
        stored = existing.get(machine_id, {})
        for (name, version), (first, last, present, publisher) in _seen(items, newest).items():
            values = classify(name, publisher, version or None)
            old = stored.pop((name, version), None)
            if old is None:
                inserts.append(
                    {
                        "machine_id": machine_id,
                        "display_name": name,
                        "version": version or None,
                        "publisher": publisher,
                        "first_seen": first,
                        "last_seen": last,
                        "present": present,
                        **values,
                    }
                )
            else:
                keep = present if newest else old.present
                refresh.append(
                    {
                        "b_id": old.id,
                        "b_last": max(last, old.last_seen),
                        "b_present": keep,
                        **{f"b_{k}": v for k, v in values.items()},
                    }
                )
        if newest:
            gone += [{"b_id": row.id} for row in stored.values() if row.present]
    await bulk_insert(session, inserts, refresh, gone)
    return len(inserts) + len(refresh)


async def _write_activations(
    session: AsyncSession, batch: list[_Incoming], classify: _Classified
) -> None:
    """Replace each machine's activation rows with those of its newest scan that reports any."""
    newest: dict[int, _Incoming] = {}
    for item in sorted(batch, key=lambda i: i.at):
        if item.scan.activations:
            newest[item.machine_id] = item
    latest = await _latest_scans(session, list(newest))
    newest = {m: i for m, i in newest.items() if i.at >= latest.get(m, i.at)}
    if not newest:
        return
    await core(session, delete(Activation).where(col(Activation.machine_id).in_(list(newest))))
    rows = []
    for machine_id, item in newest.items():
        for a in item.scan.activations:
            values = classify(a.product_name, None, None)
            rows.append(
                {
                    "machine_id": machine_id,
                    "product_name": a.product_name[:255],
                    "product_id": values["product_id"],
                    "category": activation_category(a.product_name, values["category"]),
                    "license_status": a.license_status,
                    "channel": a.channel,
                    "kms_host": a.kms_host,
                    "partial_key": a.partial_key,
                    "seen_at": item.at,
                }
            )
    await core(session, insert(Activation), rows)


async def _results(
    session: AsyncSession, changes: dict[int, FindingChanges]
) -> list[MachineScanResult]:
    """Turn finding changes into per-machine results with asset tags."""
    tags: dict[int, str] = {}
    ids = sorted(changes)
    for start in range(0, len(ids), 500):
        query = select(Machine.id, Machine.asset_tag).where(
            col(Machine.id).in_(ids[start : start + 500])
        )
        tags.update({m: t for m, t in (await session.exec(query)).all() if m is not None})
    return [
        MachineScanResult(m, tags.get(m, ""), c.new, c.still_open, c.resolved)
        for m, c in sorted(changes.items())
    ]
