"""winget-pkgs manifests (``manifests/<l>/<Publisher>/<Package>/<version>/``) -> `PublicPackage`s.

Each version directory holds a singleton manifest or a set: ``<Id>.yaml`` (version),
``<Id>.installer.yaml`` and ``<Id>.locale.<tag>.yaml`` (defaultLocale or locale). Only the
newest version of each ``PackageIdentifier`` is read; its locale manifests give the names
(default locale first, then others such as zh-CN "同花顺", then the identifier's last segment),
the licence and the descriptions. Numbers stay text (``PackageVersion: 1.10`` is not 1.1).
A manifest that cannot be read is skipped and listed in :attr:`WingetSource.skipped`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import yaml

from inventory.known_packages import PublicPackage

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_NAMED = {"singleton", "defaultLocale", "locale"}
_PRIMARY = {"singleton", "defaultLocale"}
_DIGITS = re.compile(r"\d+")


class _Loader(_BASE):
    """Safe YAML loader that keeps numbers as text (versions, names like "360")."""

    yaml_implicit_resolvers: ClassVar[dict[str | None, list[tuple[str, re.Pattern[str]]]]] = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _NUMBER_TAGS]
        for first, resolvers in _BASE.yaml_implicit_resolvers.items()
    }


Manifest = dict[str, Any]


@dataclass
class WingetSource:
    """A winget-pkgs checkout (or part of one): its packages and the unreadable manifests."""

    root: Path
    name: str
    skipped: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, path: Path, name: str | None = None) -> WingetSource:
        """A source at a checkout's root (with ``manifests/``) or any directory below it."""
        if not path.is_dir():
            raise FileNotFoundError(f"{path}: 不是目录 (not a directory)")
        root = path / "manifests" if (path / "manifests").is_dir() else path
        return cls(root, name or "winget")

    def packages(self) -> Iterator[PublicPackage]:
        """The newest version of each package, in identifier order."""
        newest: dict[str, tuple[str, list[Manifest]]] = {}
        for manifest in self._manifests():
            ident, version = manifest["PackageIdentifier"], _text(manifest.get("PackageVersion"))
            held = newest.get(ident.casefold())
            if held is None or _version_key(version) > _version_key(held[0]):
                newest[ident.casefold()] = (version, [manifest])
            elif _version_key(version) == _version_key(held[0]):
                held[1].append(manifest)
        for _, (_, manifests) in sorted(newest.items()):
            yield package_of(manifests, self.name)

    def _manifests(self) -> Iterator[Manifest]:
        """Readable locale and singleton manifests, in path order (installer files unread)."""
        for path in sorted(self.root.rglob("*.yaml")):
            if path.name.endswith(".installer.yaml"):
                continue
            manifest = self._read(path)
            if manifest is not None and _is_named(manifest):
                yield manifest

    def _read(self, path: Path) -> Manifest | None:
        """One manifest as a mapping with a PackageIdentifier, or None (and noted as skipped)."""
        label = path.relative_to(self.root).as_posix()
        try:
            data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            self.skipped.append(f"{label}: {' '.join(str(error).split())}")
            return None
        if not isinstance(data, dict):
            self.skipped.append(f"{label}: 不是 YAML 映射 (not a mapping)")
            return None
        if not _text(data.get("PackageIdentifier")):
            self.skipped.append(f"{label}: 缺少 PackageIdentifier (no PackageIdentifier)")
            return None
        data["PackageIdentifier"] = _text(data["PackageIdentifier"])
        return data


def package_of(manifests: list[Manifest], source_name: str = "winget") -> PublicPackage:
    """One package from the locale manifests of one version, default locale first."""
    ordered = sorted(manifests, key=lambda m: m.get("ManifestType") not in _PRIMARY)
    ident = ordered[0]["PackageIdentifier"]
    names = [_text(m.get("PackageName")) for m in ordered] + [ident.rsplit(".", 1)[-1]]
    licences = [_text(m.get("License")) for m in ordered]
    blurbs = [_text(m.get("ShortDescription")) or _text(m.get("Description")) for m in ordered]
    return PublicPackage(
        source=f"winget:{source_name}/{ident}",
        names=_unique(names),
        licence=next((lic for lic in licences if lic), None),
        description=" ".join(_unique(blurbs)),
    )


def _is_named(manifest: Manifest) -> bool:
    """Whether a manifest is a locale or singleton one (carries names and a licence)."""
    kind = manifest.get("ManifestType")
    return kind in _NAMED or (kind is None and "PackageName" in manifest)


def _version_key(version: str) -> tuple[tuple[int, ...], str]:
    """Sort key of a version: its numbers as integers, then the text ("1.10" > "1.9")."""
    return tuple(int(n) for n in _DIGITS.findall(version)), version


def _text(value: object) -> str:
    """A scalar as one line of text; lists, mappings and None as ""."""
    if value is None or isinstance(value, dict | list):
        return ""
    return " ".join(str(value).split())


def _unique(values: list[str]) -> tuple[str, ...]:
    """Non-empty values without case-insensitive repeats, first spelling kept."""
    seen: dict[str, str] = {}
    for value in values:
        if value:
            seen.setdefault(value.casefold(), value)
    return tuple(seen.values())
