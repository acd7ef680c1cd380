"""osquery results (programs, deb_packages, rpm_packages) -> `MachineScan`s per host."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from integrations.dates import loose_date
from integrations.machines import MachineDraft, Machines
from integrations.sources import dig, read_json_items, text_of
from integrations.tables import Problems
from inventory.records import InstallRecord, MachineScan

_LOG_KEYS = {"columns", "snapshot", "diffResults"}
_PUBLISHER_KEYS = ("publisher", "maintainer", "vendor")


def parse_osquery(
    path: Path, hostname: str | None = None, client_id: str | None = None
) -> list[MachineScan]:
    """Read `osqueryi --json` arrays, osqueryd/Fleet result logs or `fleetctl query` lines."""
    problems = Problems(path.name)
    machines = Machines()
    latest: dict[tuple[str, str], int] = {}
    for number, item in read_json_items(path):
        if not isinstance(item, dict):
            problems.add(number, None, "不是 JSON 对象", "expected a JSON object")
        elif _LOG_KEYS & item.keys():
            _add_log_entry(item, number, machines, latest)
        elif isinstance(item.get("rows"), list):
            host = text_of(item.get("host")) or hostname
            draft = machines.get(f"host:{host}", client_id)
            draft.fill(hostname=host)
            _add_rows(draft, item["rows"], number)
        else:
            host = text_of(item.get("host_hostname")) or hostname
            draft = machines.get(f"host:{host}", client_id)
            draft.fill(hostname=host)
            _add_rows(draft, [item], number)
    problems.check()
    scans = machines.scans()
    if not scans and (hostname or client_id):
        return [MachineScan(client_id=client_id, hostname=hostname)]
    return scans


def _add_log_entry(
    entry: dict[str, object], number: int, machines: Machines, latest: dict[tuple[str, str], int]
) -> None:
    """One osqueryd result-log line: a snapshot, an event or a batch of differences."""
    identifier = text_of(entry.get("hostIdentifier"))
    uuid = text_of(dig(entry, "decorations", "host_uuid"))
    host = text_of(dig(entry, "decorations", "hostname")) or identifier
    key = uuid or identifier or host or ""
    draft = machines.get(key, uuid or identifier)
    draft.fill(hostname=host, scanned_at=_log_time(entry))
    snapshot = entry.get("snapshot")
    if isinstance(snapshot, list):
        when = _seconds(entry.get("unixTime")) or 0
        query = (key, text_of(entry.get("name")) or "")
        if when < latest.get(query, -1):
            return
        if query in latest:
            draft.clear_installs()
        latest[query] = when
        _add_rows(draft, snapshot, number)
    elif entry.get("action", "added") == "added" and isinstance(
        columns := entry.get("columns"), dict
    ):
        _add_rows(draft, [columns], number)
    elif isinstance(added := dig(entry, "diffResults", "added"), list):
        _add_rows(draft, added, number)


def _add_rows(draft: MachineDraft, rows: list[object], number: int) -> None:
    """Add the installed packages among table rows, skipping repeats."""
    for row in rows:
        install = _install(row, number) if isinstance(row, dict) else None
        if install is not None:
            draft.add_install(install, unique=True)


def _install(row: dict[str, object], number: int) -> InstallRecord | None:
    """One program or package row; None if nameless or a deb not installed."""
    name = text_of(row.get("name"))
    status = text_of(row.get("status"))
    if name is None or (status is not None and not status.endswith(" installed")):
        return None
    publisher = next((p for k in _PUBLISHER_KEYS if (p := text_of(row.get(k)))), None)
    return InstallRecord(
        display_name=name,
        version=text_of(row.get("version")),
        publisher=publisher,
        install_date=loose_date(text_of(row.get("install_date"))) or _epoch_date(row),
        source_row=number,
    )


def _epoch_date(row: dict[str, object]) -> date | None:
    """The date of rpm's `install_time` (seconds since 1970)."""
    moment = _unix(row.get("install_time"))
    return moment.date() if moment else None


def _seconds(value: object) -> int | None:
    """A plausible Unix timestamp given as number or text."""
    text = text_of(value)
    if text is None or not text.isdecimal() or not 0 < int(text) < 253402300800:
        return None
    return int(text)


def _unix(value: object) -> datetime | None:
    """Naive UTC time of a Unix timestamp given as number or text."""
    seconds = _seconds(value)
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)


def _log_time(entry: dict[str, object]) -> datetime | None:
    """When osqueryd ran the query: `unixTime`, else `calendarTime`."""
    moment = _unix(entry.get("unixTime"))
    calendar = text_of(entry.get("calendarTime"))
    if moment is None and calendar:
        try:
            moment = datetime.strptime(calendar.removesuffix(" UTC"), "%a %b %d %H:%M:%S %Y")
        except ValueError:
            return None
    return moment
