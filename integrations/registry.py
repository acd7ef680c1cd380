"""Windows Uninstall registry exports (.reg from regedit, or PowerShell CSV) -> `MachineScan`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from integrations import cells
from integrations.dates import loose_date
from integrations.machines import MachineDraft
from integrations.sources import read_text
from integrations.tables import Column, Problems, open_table
from inventory.records import InstallRecord, MachineScan, ParseError, ParseProblem

REG_HEADERS = ("Windows Registry Editor Version 5.00", "REGEDIT4")
UPDATE_RELEASES = {"update", "hotfix", "security update", "service pack", "update rollup"}
_VALUE = re.compile(r'^(@|"(?:[^"\\]|\\.)*")\s*=\s*(.*)$', re.DOTALL)
_HEX_VALUE = re.compile(r"=\s*hex(\(\w+\))?:", re.IGNORECASE)
_HOTFIX_KEY = re.compile(r"^KB\d{5,}", re.IGNORECASE)
CSV_COLUMNS = (
    Column("DisplayName", ("DisplayName",), required=True),
    Column("DisplayVersion", ("DisplayVersion",)),
    Column("Publisher", ("Publisher",)),
    Column("InstallDate", ("InstallDate",)),
    Column("SystemComponent", ("SystemComponent",)),
    Column("ParentKeyName", ("ParentKeyName",)),
    Column("ReleaseType", ("ReleaseType",)),
    Column("PSChildName", ("PSChildName",)),
    Column("PSComputerName", ("PSComputerName",)),
)


def parse_registry(
    path: Path, hostname: str | None = None, client_id: str | None = None
) -> MachineScan:
    """Read Uninstall entries of a .reg export or an `Export-Csv` of `Get-ItemProperty`."""
    draft = MachineDraft(client_id=client_id)
    draft.fill(hostname=hostname)
    if path.suffix.lower() in {".csv", ".xlsx", ".xlsm"}:
        _read_csv(path, draft)
    else:
        _read_reg(path, draft)
    return draft.build()


def is_program(key: str, values: dict[str, str]) -> bool:
    """Whether an Uninstall entry is a program a person installed, not a component or update."""
    if not values.get("DisplayName") or values.get("ParentKeyName"):
        return False
    if values.get("SystemComponent", "").strip() in {"1", "dword:00000001"}:
        return False
    release = values.get("ReleaseType", "").strip().lower()
    return release not in UPDATE_RELEASES and not _HOTFIX_KEY.match(key)


def _install(values: dict[str, str], row: int) -> InstallRecord:
    """The install an Uninstall entry describes."""
    return InstallRecord(
        display_name=values["DisplayName"].strip(),
        version=cells.text(values.get("DisplayVersion")),
        publisher=cells.text(values.get("Publisher")),
        install_date=loose_date(values.get("InstallDate")),
        source_row=row,
    )


def _read_csv(path: Path, draft: MachineDraft) -> None:
    """Rows of `Get-ItemProperty ... | Export-Csv` (a leading #TYPE line is skipped)."""
    table = open_table(path, CSV_COLUMNS)
    for row in table.rows:
        values = {k: cells.text(v) or "" for k, v in row.cells.items()}
        draft.fill(hostname=values.get("PSComputerName") or None)
        if is_program(values.get("PSChildName", ""), values):
            draft.add_install(_install(values, row.number), unique=True)


def _read_reg(path: Path, draft: MachineDraft) -> None:
    """Uninstall subkeys of a regedit export (UTF-16 LE with BOM, or UTF-8, or REGEDIT4)."""
    lines = read_text(path).lstrip("\ufeff").splitlines()
    first = next((line.strip() for line in lines if line.strip()), "")
    if first not in REG_HEADERS:
        message = "不是注册表导出文件（缺少 'Windows Registry Editor' 开头） / not a .reg export"
        raise ParseError([ParseProblem(path.name, 1, None, message)])
    problems = Problems(path.name)
    for row, key, values in _uninstall_keys(_logical_lines(lines), problems):
        if is_program(key, values):
            draft.add_install(_install(values, row), unique=True)
    problems.check()


def _logical_lines(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Join hex data continued with a trailing backslash; keep the first line's number."""
    start, parts = 0, list[str]()
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not parts:
            start = number
        if stripped.endswith("\\") and (parts or _HEX_VALUE.search(stripped)):
            parts.append(stripped[:-1])
            continue
        parts.append(stripped)
        yield start, "".join(parts)
        parts = []
    if parts:
        yield start, "".join(parts)


def _uninstall_keys(
    lines: Iterator[tuple[int, str]], problems: Problems
) -> Iterator[tuple[int, str, dict[str, str]]]:
    """(line, subkey name, values) of every key directly under an `...\\Uninstall` key."""
    current: tuple[int, str, dict[str, str]] | None = None
    for number, line in lines:
        if line.startswith("[") and line.endswith("]"):
            if current is not None:
                yield current
            parts = line[1:-1].split("\\")
            relevant = (
                len(parts) > 1 and parts[-2].lower() == "uninstall" and not line.startswith("[-")
            )
            current = (number, parts[-1], {}) if relevant else None
        elif current is not None and line and not line.startswith(";"):
            _add_value(line, number, current[2], problems)
    if current is not None:
        yield current


def _add_value(line: str, number: int, values: dict[str, str], problems: Problems) -> None:
    """Parse one `"Name"=data` line into `values` (strings, dwords and hex strings)."""
    match = _VALUE.match(line)
    if match is None:
        problems.add(number, None, "无法识别的注册表行", f"unreadable registry line: {line[:60]}")
        return
    name = "" if match[1] == "@" else _unquote(match[1])
    data = match[2].strip()
    if data.startswith('"') and data.endswith('"') and len(data) >= 2:
        values[name] = _unquote(data)
    elif data.lower().startswith("dword:"):
        values[name] = str(int(data[6:], 16)) if re.fullmatch(r"[0-9a-fA-F]{1,8}", data[6:]) else ""
    elif data.lower().startswith(("hex(2):", "hex(1):", "hex(7):")):
        values[name] = _hex_text(data.split(":", 1)[1])


def _unquote(quoted: str) -> str:
    """A regedit string literal without quotes and with \\\\ and \\" unescaped."""
    return re.sub(r"\\(.)", r"\1", quoted[1:-1])


def _hex_text(data: str) -> str:
    """UTF-16 LE text stored as comma-separated hex bytes (REG_EXPAND_SZ, REG_MULTI_SZ)."""
    try:
        raw = bytes(int(b, 16) for b in data.replace(" ", "").split(",") if b)
    except ValueError:
        return ""
    text = raw.decode("utf-16-le", errors="replace")
    return text.replace("\x00", " ").strip()
