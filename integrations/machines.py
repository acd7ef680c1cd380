"""Machine identity values (MAC, serial) and assembling `MachineScan`s from rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from integrations.sources import cell_text
from integrations.tables import CellError
from inventory.records import ActivationRecord, InstallRecord, MachineScan

_HEX12 = re.compile(r"[0-9A-F]{12}")
_SEPARATORS = re.compile(r"[\s:\-.]")
_NO_SERIAL = {"", "none", "null", "n/a", "na", "default string", "to be filled by o.e.m.", "0"}


def normalize_mac(text: str) -> str:
    """Upper-case colon form AA:BB:CC:DD:EE:FF from any common spelling."""
    digits = _SEPARATORS.sub("", text).upper()
    if not _HEX12.fullmatch(digits):
        raise CellError(f"无效的 MAC 地址 '{text}'", "invalid MAC address (use AA:BB:CC:DD:EE:FF)")
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def mac_cell(value: object) -> str | None:
    """An optional MAC address cell, normalized."""
    raw = cell_text(value)
    return None if raw is None else normalize_mac(raw)


def first_mac(candidates: list[object]) -> str | None:
    """The first valid, non-zero MAC among values reported by an agent."""
    for candidate in candidates:
        raw = cell_text(candidate)
        if raw is None:
            continue
        try:
            mac = normalize_mac(raw)
        except CellError:
            continue
        if mac not in {"00:00:00:00:00:00", "FF:FF:FF:FF:FF:FF"}:
            return mac
    return None


def clean_serial(value: object) -> str | None:
    """A serial number, or None for the placeholders firmware reports."""
    raw = cell_text(value)
    if raw is None or raw.lower() in _NO_SERIAL:
        return None
    return raw


@dataclass
class MachineDraft:
    """A machine being collected: the first non-empty value of each field wins."""

    client_id: str | None = None
    hostname: str | None = None
    serial: str | None = None
    mac: str | None = None
    os_name: str | None = None
    scanned_at: datetime | None = None
    installs: list[InstallRecord] = field(default_factory=list)
    activations: list[ActivationRecord] = field(default_factory=list)
    _seen: set[tuple[str, str | None, str | None]] = field(default_factory=set)

    def fill(
        self,
        hostname: str | None = None,
        serial: str | None = None,
        mac: str | None = None,
        os_name: str | None = None,
        scanned_at: datetime | None = None,
    ) -> None:
        """Set the fields that are still empty."""
        self.hostname = self.hostname or hostname
        self.serial = self.serial or serial
        self.mac = self.mac or mac
        self.os_name = self.os_name or os_name
        if scanned_at is not None and (self.scanned_at is None or scanned_at > self.scanned_at):
            self.scanned_at = scanned_at

    def add_install(self, install: InstallRecord, unique: bool = False) -> None:
        """Append an install; with `unique`, skip a repeat of name, version and publisher."""
        key = (install.display_name, install.version, install.publisher)
        if unique and key in self._seen:
            return
        self._seen.add(key)
        self.installs.append(install)

    def clear_installs(self) -> None:
        """Forget the installs so far (a newer snapshot replaces them)."""
        self.installs.clear()
        self._seen.clear()

    def build(self) -> MachineScan:
        """The finished, immutable scan."""
        return MachineScan(
            client_id=self.client_id,
            hostname=self.hostname,
            serial=self.serial,
            mac=self.mac,
            os_name=self.os_name,
            scanned_at=self.scanned_at,
            installs=list(self.installs),
            activations=list(self.activations),
        )


class Machines:
    """Drafts keyed by client id (or host), kept in the order first seen."""

    def __init__(self) -> None:
        self._drafts: dict[str, MachineDraft] = {}

    def get(self, key: str, client_id: str | None = None) -> MachineDraft:
        """The draft for `key`, created on first use."""
        draft = self._drafts.get(key)
        if draft is None:
            draft = self._drafts[key] = MachineDraft(client_id=client_id)
        return draft

    def scans(self) -> list[MachineScan]:
        """Every machine, in the order first seen."""
        return [draft.build() for draft in self._drafts.values()]
