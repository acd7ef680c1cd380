"""Machine identity values: MAC addresses and serial numbers."""

from __future__ import annotations

import re

from integrations.problems import CellError
from integrations.tables import cell_text

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
