"""The registry of file formats, format detection, and one entry point for scan files."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from integrations import activation, assets, checktool, licenses, people, registry
from integrations.activation_text import looks_like_activation_text
from integrations.glpi import parse_glpi
from integrations.osquery import parse_osquery
from integrations.sources import EXCEL_SUFFIXES, cell_text, iter_raw_rows
from integrations.tables import HEADER_SCAN_ROWS, Column, match_header
from inventory.records import MachineScan, ParseError, ParseProblem

_SNIFF_BYTES = 1 << 16
_GLPI_KEYS = ("deviceid", "softwares", "hardware", "bios", "versionclient", "operatingsystem")


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """Extra inputs some formats need: sheet name, column mapping file, machine identity."""

    sheet: str | None = None
    mapping: Path | None = None
    hostname: str | None = None
    client_id: str | None = None


@dataclass(frozen=True, slots=True)
class FileFormat:
    """One accepted input format: its name, a label for people, and its parser."""

    name: str
    label: str
    scan: bool
    parse: Callable[[Path, ParseOptions], Sequence[Any]]

    def __call__(self, path: Path, options: ParseOptions | None = None) -> Sequence[Any]:
        """Parse `path` in this format."""
        return self.parse(path, options or ParseOptions())


def _activation_scan(path: Path, o: ParseOptions) -> list[MachineScan]:
    """Activation state as one machine's scan."""
    found = activation.parse_activation(path)
    return [MachineScan(client_id=o.client_id, hostname=o.hostname, activations=found)]


def _registry_scan(path: Path, o: ParseOptions) -> list[MachineScan]:
    return [registry.parse_registry(path, o.hostname, o.client_id)]


FORMATS: dict[str, FileFormat] = {
    f.name: f
    for f in (
        FileFormat("assets", "固定资产账目 / fixed-asset register", False, lambda p, o: assets.parse_assets(p, o.sheet)),
        FileFormat("people", "人员名单 / people list", False, lambda p, o: people.parse_people(p, o.sheet)),
        FileFormat("licenses", "授权清单 / authorization list", False, lambda p, o: licenses.parse_licenses(p, o.sheet)),
        FileFormat("checktool", "检查工具导出 / check-tool export", True, lambda p, o: checktool.parse_checktool(p, o.mapping, o.sheet)),
        FileFormat("osquery", "osquery 查询结果 / osquery results", True, lambda p, o: parse_osquery(p, o.hostname, o.client_id)),
        FileFormat("glpi", "GLPI Agent 清单 JSON / GLPI inventory", True, lambda p, o: [parse_glpi(p)]),
        FileFormat("registry", "注册表卸载项导出 / Uninstall registry export", True, _registry_scan),
        FileFormat("activation", "激活状态 slmgr/ospp/WMI / activation state", True, _activation_scan),
    )
}  # fmt: skip

TABLE_COLUMNS: dict[str, Sequence[Column]] = {
    "activation": activation.WMI_COLUMNS,
    "registry": registry.CSV_COLUMNS,
    "checktool": checktool.load_columns(),
    "licenses": licenses.COLUMNS,
    "assets": assets.COLUMNS,
    "people": people.COLUMNS,
}


def accepted_formats() -> str:
    """Every format name with its label, for messages."""
    return "；".join(f"{f.name}（{f.label}）" for f in FORMATS.values())


def unknown_format(path: Path, detail: str) -> ParseError:
    """The error for a file whose format is not recognized."""
    message = f"{detail}；可用格式 / accepted formats: {accepted_formats()}"
    return ParseError([ParseProblem(path.name, None, None, message)])


def detect_format(path: Path) -> str:
    """Guess a file's format name from its extension and first bytes or header row."""
    suffix = path.suffix.lower()
    if suffix == ".reg":
        return "registry"
    if suffix in EXCEL_SUFFIXES or suffix in {".csv", ".tsv", ".xls"}:
        return _table_format(path)
    head = _head_text(path)
    found = _text_format(head)
    if found is None:
        raise unknown_format(path, "无法识别文件格式 / unrecognized file format")
    return found


def _head_text(path: Path) -> str:
    """The start of a text file, decoded leniently, for sniffing."""
    with path.open("rb") as handle:
        data = handle.read(_SNIFF_BYTES)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="ignore")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="ignore")


def _text_format(head: str) -> str | None:
    """The format a text file's beginning points to, if any."""
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith(registry.REG_HEADERS):
        return "registry"
    if stripped.startswith(("{", "[")):
        if '"content"' in head and any(f'"{key}"' in head for key in _GLPI_KEYS):
            return "glpi"
        if '"PartialProductKey"' in head or '"LicenseStatus"' in head:
            return "activation"
        return "osquery"
    if looks_like_activation_text(head):
        return "activation"
    return None


def _table_format(path: Path) -> str:
    """The table format whose required columns a header row carries, with most columns matched."""
    best: tuple[int, str] | None = None
    for seen, (_, cells) in enumerate(iter_raw_rows(path)):
        texts = [cell_text(c) or "" for c in cells]
        for name, columns in TABLE_COLUMNS.items():
            mapping = match_header(texts, columns)
            complete = all(c.field in mapping for c in columns if c.required)
            if complete and (best is None or len(mapping) > best[0]):
                best = (len(mapping), name)
        if best is not None or seen >= HEADER_SCAN_ROWS:
            break
    if best is None:
        raise unknown_format(
            path, "表头与任何已知格式都不匹配 / the header matches no known format"
        )
    return best[1]


def parse_scan_file(
    path: Path,
    fmt: str = "auto",
    mapping: Path | None = None,
    hostname: str | None = None,
    client_id: str | None = None,
) -> list[MachineScan]:
    """Parse any scan kind (check tool, osquery, GLPI, registry, activation) into scans."""
    name = detect_format(path) if fmt == "auto" else fmt
    chosen = FORMATS.get(name)
    if chosen is None or not chosen.scan:
        scans = "、".join(f.name for f in FORMATS.values() if f.scan)
        detail = f"'{name}' 不是扫描文件格式（扫描格式：{scans}） / '{name}' is not a scan format"
        raise unknown_format(path, detail)
    options = ParseOptions(mapping=mapping, hostname=hostname, client_id=client_id)
    return list(chosen(path, options))
