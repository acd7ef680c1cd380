"""Binding check-tool clients to machines: automatic by identity, else queued with candidates."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from rapidfuzz import fuzz
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.machines import (
    UnknownClientError,
    get_machine,
    normalize_hostname,
    normalize_mac,
    normalize_serial,
)
from inventory.models import CheckClient, Machine, Scan
from inventory.records import ActivationRecord, InstallRecord, MachineScan

MIN_HOSTNAME_SCORE = 60.0
_WORD = re.compile(r"[a-z]{2,}")


@dataclass(slots=True)
class MachineIndex:
    """Machines by normalized hostname, serial and MAC, for exact matching in bulk."""

    by_host: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_serial: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_mac: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    tags: dict[int, str] = field(default_factory=dict)

    def add(self, machine: Machine) -> None:
        """Index one machine."""
        assert machine.id is not None
        self.tags[machine.id] = machine.asset_tag
        for table, key in (
            (self.by_host, normalize_hostname(machine.hostname)),
            (self.by_serial, normalize_serial(machine.serial)),
            (self.by_mac, normalize_mac(machine.mac)),
        ):
            if key:
                table[key].add(machine.id)

    def match(self, hostname: str | None, serial: str | None, mac: str | None) -> int | None:
        """Return the one machine every given identifier points to, or None if none or several."""
        found: set[int] = set()
        for table, key in (
            (self.by_host, normalize_hostname(hostname)),
            (self.by_serial, normalize_serial(serial)),
            (self.by_mac, normalize_mac(mac)),
        ):
            if key and key in table:
                found |= table[key]
        return next(iter(found)) if len(found) == 1 else None


async def machine_index(session: AsyncSession) -> MachineIndex:
    """Load every machine into a MachineIndex."""
    index = MachineIndex()
    for machine in (await session.exec(select(Machine))).all():
        index.add(machine)
    return index


def client_key(scan: MachineScan) -> str:
    """Return the client id of a scan, or one derived from its hostname, serial or MAC."""
    if scan.client_id and scan.client_id.strip():
        return scan.client_id.strip()
    for prefix, value in (
        ("host", normalize_hostname(scan.hostname)),
        ("serial", normalize_serial(scan.serial)),
        ("mac", normalize_mac(scan.mac)),
    ):
        if value:
            return f"{prefix}:{value}"
    return "anonymous"


async def load_clients(session: AsyncSession, keys: list[str]) -> dict[str, CheckClient]:
    """Return the existing clients among ``keys``, by client id."""
    found: dict[str, CheckClient] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        query = select(CheckClient).where(col(CheckClient.client_id).in_(chunk))
        found.update({c.client_id: c for c in (await session.exec(query)).all()})
    return found


def report_client(
    clients: dict[str, CheckClient], index: MachineIndex, scan: MachineScan, now: datetime
) -> CheckClient:
    """Record what a scan says about its client and bind it when its identity is unambiguous."""
    key = client_key(scan)
    seen = scan.scanned_at or now
    client = clients.get(key)
    if client is None:
        client = CheckClient(client_id=key, first_seen_at=seen, last_seen_at=seen)
        clients[key] = client
    client.hostname = scan.hostname or client.hostname
    client.serial = normalize_serial(scan.serial) or client.serial
    client.mac = normalize_mac(scan.mac) or client.mac
    client.os_name = scan.os_name or client.os_name
    client.last_seen_at = max(client.last_seen_at, seen)
    if client.machine_id is None:
        client.machine_id = index.match(client.hostname, client.serial, client.mac)
    return client


async def get_client(session: AsyncSession, client_id: str) -> CheckClient:
    """Return the client with ``client_id`` or raise UnknownClientError."""
    query = select(CheckClient).where(CheckClient.client_id == client_id.strip())
    client = (await session.exec(query)).first()
    if client is None:
        raise UnknownClientError(client_id)
    return client


async def bind(session: AsyncSession, client_id: str, asset_tag: str) -> CheckClient:
    """Bind a client to the machine with ``asset_tag`` (a technician's manual decision)."""
    client = await get_client(session, client_id)
    machine = await get_machine(session, asset_tag)
    client.machine_id = machine.id
    session.add(client)
    await session.flush()
    return client


async def unbind(session: AsyncSession, client_id: str) -> CheckClient:
    """Detach a client from its machine; it goes back to the unbound queue."""
    client = await get_client(session, client_id)
    client.machine_id = None
    session.add(client)
    await session.flush()
    return client


async def unbound_clients(session: AsyncSession) -> list[CheckClient]:
    """Return the clients waiting for a technician to bind them, most recent first."""
    query = select(CheckClient).where(col(CheckClient.machine_id).is_(None))
    order = (col(CheckClient.last_seen_at).desc(), col(CheckClient.client_id))
    return list((await session.exec(query.order_by(*order))).all())


def host_words(hostname: str | None) -> set[str]:
    """Return the words of a host name ({"pc", "caiwu"} for PC-CAIWU-07)."""
    return set(_WORD.findall(normalize_hostname(hostname) or ""))


def naming_departments(machines: Sequence[Machine]) -> dict[str, int]:
    """Return host-name words used by exactly one department's machines, with that department."""
    departments: dict[str, set[int]] = defaultdict(set)
    for machine in machines:
        for word in host_words(machine.hostname):
            if machine.department_id is not None:
                departments[word].add(machine.department_id)
    return {word: next(iter(ids)) for word, ids in departments.items() if len(ids) == 1}


def _score(
    client: CheckClient, machine: Machine, bound: set[int], departments: set[int]
) -> tuple[float, list[str]]:
    """Score how likely ``machine`` is the client's machine, with the reasons."""
    score, reasons = 0.0, list[str]()
    if client.serial and normalize_serial(machine.serial) == client.serial:
        score, reasons = score + 100, [*reasons, "序列号相同 / same serial"]
    if client.mac and normalize_mac(machine.mac) == client.mac:
        score, reasons = score + 100, [*reasons, "MAC 相同 / same MAC"]
    host, other = normalize_hostname(client.hostname), normalize_hostname(machine.hostname)
    if host and other:
        similarity = fuzz.ratio(host, other)
        if similarity >= MIN_HOSTNAME_SCORE:
            score += similarity
            reasons.append(f"主机名相似 {similarity:.0f}% / hostname {similarity:.0f}% similar")
    if machine.department_id in departments:
        score += 20
        reasons.append("同科室主机命名 / named like this department's machines")
    if score and machine.id not in bound:
        score += 10
        reasons.append("该设备尚无客户端 / machine has no client yet")
    return score, reasons


async def candidates(
    session: AsyncSession, client: CheckClient, limit: int = 5
) -> list[tuple[Machine, float, str]]:
    """Return the machines a client may belong to, best first, with a score and the reasons.

    Signals: same serial or MAC, similar host name, and the department whose machines share
    a word of the client's host name; machines without a client yet rank higher.
    """
    machines = (await session.exec(select(Machine))).all()
    bound_query = select(CheckClient.machine_id).where(col(CheckClient.machine_id).is_not(None))
    bound = {m for m in (await session.exec(bound_query)).all() if m is not None}
    words = naming_departments(machines)
    departments = {words[w] for w in host_words(client.hostname) if w in words}
    scored = []
    for machine in machines:
        score, reasons = _score(client, machine, bound, departments)
        if score > 0:
            scored.append((machine, score, "；".join(reasons)))
    scored.sort(key=lambda item: (-item[1], item[0].asset_tag))
    return scored[:limit]


def queue_payload(scan: MachineScan) -> str:
    """Return a scan as JSON, kept while its client waits to be bound."""
    return json.dumps(asdict(scan), default=lambda v: v.isoformat(), ensure_ascii=False)


def _install(data: dict[str, Any]) -> InstallRecord:
    """Rebuild an install record from JSON."""
    day = data.get("install_date")
    return InstallRecord(**{**data, "install_date": date.fromisoformat(day) if day else None})


def queued_scan(payload: str) -> MachineScan:
    """Rebuild a queued scan from its JSON."""
    data = json.loads(payload)
    at = data.get("scanned_at")
    return MachineScan(
        **{
            **data,
            "scanned_at": datetime.fromisoformat(at) if at else None,
            "installs": [_install(i) for i in data.get("installs", [])],
            "activations": [ActivationRecord(**a) for a in data.get("activations", [])],
        }
    )


async def queued_scans(session: AsyncSession, client_id: str) -> list[MachineScan]:
    """Return the scans a client sent while unbound, oldest first."""
    client = await get_client(session, client_id)
    query = select(Scan.queued).where(Scan.client_pk == client.id, col(Scan.queued).is_not(None))
    payloads = (await session.exec(query.order_by(col(Scan.scanned_at)))).all()
    return [queued_scan(p) for p in payloads if p]
