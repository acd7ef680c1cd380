"""Scoop bucket manifests (``bucket/*.json``) -> `PublicPackage`s for the known-packages table.

A Scoop manifest has no display name; the names a program shows under are its file name
("PDQDeploy-Install" -> "PDQDeploy Install") and its shortcut labels ("EDA/AGM Supra 2020.07"
-> "AGM Supra 2020.07"). Its licence is a string or ``{"identifier": ..., "url": ...}``.
A manifest that is not valid JSON is skipped and listed in :attr:`ScoopBucket.skipped`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from inventory.known_packages import PublicPackage


@dataclass
class ScoopBucket:
    """One bucket directory: its packages and the manifests that could not be read."""

    root: Path
    name: str
    skipped: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, path: Path, name: str | None = None) -> ScoopBucket:
        """A bucket at a checkout's root (with ``bucket/``) or at its ``bucket/`` directory."""
        if not path.is_dir():
            raise FileNotFoundError(f"{path}: 不是目录 (not a directory)")
        root = path / "bucket" if (path / "bucket").is_dir() else path
        label = name or (path.name if root != path else path.parent.name) or "bucket"
        return cls(root, label)

    def packages(self) -> Iterator[PublicPackage]:
        """Each readable manifest as a package, in file-name order."""
        for manifest in sorted(self.root.glob("*.json")):
            try:
                data = json.loads(manifest.read_text(encoding="utf-8-sig"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
                self.skipped.append(f"{manifest.name}: {error}")
                continue
            if not isinstance(data, dict):
                self.skipped.append(f"{manifest.name}: 不是 JSON 对象 (not a JSON object)")
                continue
            yield package_of(data, manifest.stem, f"scoop:{self.name}/{manifest.stem}")


def package_of(data: dict[str, object], stem: str, source: str) -> PublicPackage:
    """One manifest's names, licence and description."""
    names = [*_shortcut_labels(data.get("shortcuts")), stem]
    unique = tuple(dict.fromkeys(n for n in names if n.strip()))
    description = data.get("description")
    return PublicPackage(
        source=source,
        names=unique,
        licence=_licence(data.get("license")),
        description=description if isinstance(description, str) else "",
    )


def _licence(value: object) -> str | None:
    """The licence identifier of a string or ``{"identifier": ...}`` form."""
    if isinstance(value, dict):
        value = value.get("identifier")
    return value if isinstance(value, str) else None


def _shortcut_labels(value: object) -> list[str]:
    """Shortcut labels without their Start-menu folders (``[[target, label, ...], ...]``)."""
    if not isinstance(value, list):
        return []
    labels = []
    for shortcut in value:
        if isinstance(shortcut, list) and len(shortcut) >= 2 and isinstance(shortcut[1], str):
            labels.append(shortcut[1].replace("\\", "/").rsplit("/", 1)[-1])
    return labels
