"""Imports from files: parse (integrations) -> store (inventory) -> tickets -> alerts, in one transaction.

The same pipeline serves `zhengban import`, the HTTP import endpoint and files admins send in chat.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlmodel.ext.asyncio.session import AsyncSession

from bot import access
from bot.services import Services
from integrations.assets import parse_assets
from integrations.licenses import parse_licenses
from integrations.people import parse_people
from inventory import ingest
from inventory.models import Person
from inventory.records import ParseError
from inventory.settings import InventorySettings
from tickets.settings import TicketSettings
from tickets.verification import apply_scan_results

_LOGGER = logging.getLogger(__name__)
KINDS = ("assets", "people", "licenses", "scan")


class Progress(Protocol):
    """Where an import reports how far it is (a terminal progress bar, or nothing)."""

    def phase(self, name: str, detail: str) -> None:
        """A new phase started: 'parse' (detail: file name) or 'store' (detail: record count)."""

    def step(self, done: int, total: int) -> None:
        """``done`` of ``total`` machines stored."""


class ImportError_(ValueError):
    """An import that cannot run (bad kind, unreadable file); the message names what and where."""


@dataclass
class ImportOutcome:
    """What an import did: the inventory report, ticket changes and alerts queued."""

    kind: str
    report: dict[str, Any]
    tickets: list[dict[str, Any]] = field(default_factory=list)
    alerts: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON for the CLI and the HTTP endpoint."""
        return {**self.report, "kind": self.kind, "tickets": self.tickets, "alerts": self.alerts}


def parse_file(kind: str, path: Path, fmt: str = "auto", mapping: Path | None = None) -> Any:
    """Parse ``path`` as ``kind``; raise ParseError (file, row, column) or ImportError_."""
    if kind not in KINDS:
        raise ImportError_(f"未知导入类型 {kind!r}，可选 {', '.join(KINDS)} / unknown import kind")
    if not path.is_file():
        raise ImportError_(f"找不到文件 / file not found: {path}")
    parsers: dict[str, Callable[[Path], Any]] = {
        "assets": parse_assets,
        "people": parse_people,
        "licenses": parse_licenses,
    }
    if kind in parsers:
        return parsers[kind](path)
    from integrations import detect

    return detect.parse_scan_file(path, fmt=fmt, mapping=mapping)


async def run_import(
    services: Services,
    kind: str,
    path: Path,
    *,
    fmt: str = "auto",
    dry_run: bool = False,
    actor: Person | None = None,
    channel: str = "cli",
    mapping: Path | None = None,
    session: AsyncSession | None = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    """Parse, then store in one transaction (the caller's ``session`` if given).

    Nothing is written when parsing fails or on a dry run.
    """
    if progress is not None:
        progress.phase("parse", path.name)
    records = await asyncio.to_thread(parse_file, kind, path, fmt, mapping)
    if progress is not None:
        progress.phase("store", f"{len(records) if isinstance(records, list) else 1}")
    work = _Work(kind, records, dry_run, actor, channel, path, progress)
    if session is not None:
        return await _store_audited(services, session, work)
    async with services.db.session() as own:
        return await _store_audited(services, own, work)


@dataclass(frozen=True)
class _Work:
    """One parsed import waiting to be stored."""

    kind: str
    records: Any
    dry_run: bool
    actor: Person | None
    channel: str
    path: Path
    progress: Progress | None


async def _store_audited(services: Services, session: AsyncSession, work: _Work) -> ImportOutcome:
    """Store the records and, unless it is a dry run, record the import in the audit log."""
    outcome = await _store(services, session, work)
    if not work.dry_run:
        detail = {
            "file": work.path.name,
            "created": outcome.report.get("created"),
            "received": outcome.report.get("received"),
        }
        await access.audit(
            session, work.actor, work.channel, f"import.{work.kind}", detail, now=services.now()
        )
    return outcome


async def _store(services: Services, session: AsyncSession, work: _Work) -> ImportOutcome:
    """Store parsed records; scans also update tickets and queue alerts."""
    kind, records, dry_run = work.kind, work.records, work.dry_run
    if kind == "assets":
        return ImportOutcome(
            kind, (await ingest.import_assets(session, records, dry_run)).to_dict()
        )
    if kind == "people":
        return ImportOutcome(
            kind, (await ingest.import_people(session, records, dry_run)).to_dict()
        )
    if kind == "licenses":
        report = await ingest.import_licenses(session, records, services.classifier, dry_run)
        return ImportOutcome(kind, report.to_dict())
    settings = InventorySettings(**services.settings.section("inventory"))
    step = work.progress.step if work.progress is not None else None
    scan = await ingest.ingest_scans(
        session, records, services.classifier, services.now(), "import", dry_run, settings, step
    )
    outcome = ImportOutcome(kind, scan.to_dict())
    if dry_run:
        return outcome
    return await _follow_up(services, session, outcome, scan)


async def bind_client(
    services: Services,
    session: AsyncSession,
    client_id: str,
    asset_tag: str,
    actor: Person | None,
    channel: str,
) -> ImportOutcome:
    """Bind a check-tool client, then apply the scans it sent while unbound (tickets, alerts)."""
    from inventory import binding

    await binding.bind(session, client_id, asset_tag)
    await access.audit(
        session,
        actor,
        channel,
        "client.bind",
        {"client_id": client_id, "asset_tag": asset_tag},
        now=services.now(),
    )
    settings = InventorySettings(**services.settings.section("inventory"))
    scan = await ingest.ingest_queued(
        session, client_id, services.classifier, services.now(), settings
    )
    return await _follow_up(services, session, ImportOutcome("scan", scan.to_dict()), scan)


async def _follow_up(
    services: Services, session: AsyncSession, outcome: ImportOutcome, scan: Any
) -> ImportOutcome:
    """Open, join, verify or reopen tickets from a stored scan and queue the alerts."""
    now = services.now()
    ticket_settings = TicketSettings(**services.settings.section("tickets"))
    changes = await apply_scan_results(session, scan.machines, now, ticket_settings)
    outcome.tickets = [
        {
            "ticket": c.ticket_id,
            "asset": c.asset_tag,
            "action": str(c.action),
            "products": list(c.products),
        }
        for c in changes
    ]
    outcome.alerts = await _alert(services, session, changes, now)
    return outcome


async def _alert(services: Services, session: Any, changes: list[Any], now: Any) -> int:
    """Queue piracy alerts for the changed tickets through the outbox."""
    from reminders import alerts

    article = "remedy-sop" if services.knowledge.get("remedy-sop") is not None else None
    return await alerts.piracy_alerts(
        session,
        changes,
        access.ChatAddressBook(),
        now,
        article_id=article,
        timezone=services.settings.timezone,
    )


def problems_text(error: ParseError, limit: int = 20) -> str:
    """Every problem of a ParseError, one per line (file:row [column]: message)."""
    lines = [str(p) for p in error.problems[:limit]]
    if len(error.problems) > limit:
        lines.append(
            f"…… 另有 {len(error.problems) - limit} 个问题 / and {len(error.problems) - limit} more"
        )
    return "\n".join(lines)
