"""GLPI Agent native inventory JSON -> one `MachineScan`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from integrations.dates import loose_date, parse_datetime
from integrations.machines import MachineDraft, clean_serial, first_mac
from integrations.sources import dig, read_json_items, text_of
from integrations.tables import CellError, Problems
from inventory.records import InstallRecord, MachineScan, ParseError, ParseProblem

SKIPPED_CATEGORIES = {"system_component", "update", "security_update", "hotfix"}


def parse_glpi(path: Path) -> MachineScan:
    """Read a `glpi-agent --json` inventory: machine identity and `content.softwares`."""
    problems = Problems(path.name)
    items = read_json_items(path)
    document = items[0][1] if len(items) == 1 else None
    content = dig(document, "content")
    if not isinstance(content, dict):
        message = "不是 GLPI 清单（缺少 content） / not a GLPI inventory: no 'content' object"
        raise ParseError([ParseProblem(path.name, None, None, message)])
    draft = MachineDraft(client_id=text_of(dig(document, "deviceid")))
    draft.fill(
        hostname=text_of(dig(content, "hardware", "name")),
        serial=clean_serial(text_of(dig(content, "bios", "ssn"))),
        mac=first_mac(_macs(content.get("networks"))),
        os_name=_os_name(content.get("operatingsystem")),
        scanned_at=_logdate(content),
    )
    softwares = content.get("softwares", [])
    if not isinstance(softwares, list):
        problems.add(None, "softwares", "softwares 应为数组", "'softwares' must be an array")
        softwares = []
    for number, software in enumerate(softwares, start=1):
        if not isinstance(software, dict):
            problems.add(number, "softwares", "软件条目不是对象", "software entry is not an object")
            continue
        install = _install(software, number)
        if install is not None:
            draft.add_install(install)
    problems.check()
    return draft.build()


def _install(software: dict[str, object], number: int) -> InstallRecord | None:
    """One software entry, or None when nameless or a system component or update."""
    name = text_of(software.get("name"))
    if name is None or text_of(software.get("system_category")) in SKIPPED_CATEGORIES:
        return None
    return InstallRecord(
        display_name=name,
        version=text_of(software.get("version")),
        publisher=text_of(software.get("publisher")),
        install_date=loose_date(text_of(software.get("install_date"))),
        source_row=number,
    )


def _macs(networks: object) -> list[object]:
    """MACs of the physical interfaces first, then the virtual ones."""
    if not isinstance(networks, list):
        return []
    cards = [n for n in networks if isinstance(n, dict)]
    ordered = sorted(cards, key=lambda n: bool(n.get("virtualdev")))
    return [text_of(n.get("mac")) for n in ordered]


def _os_name(system: object) -> str | None:
    """`full_name`, else `name` and `version`."""
    full = text_of(dig(system, "full_name"))
    if full:
        return full
    parts = [text_of(dig(system, "name")), text_of(dig(system, "version"))]
    return " ".join(p for p in parts if p) or None


def _logdate(content: dict[str, object]) -> datetime | None:
    """When the agent ran, from `accesslog.logdate`, if readable."""
    try:
        return parse_datetime(text_of(dig(content, "accesslog", "logdate")))
    except CellError:
        return None
