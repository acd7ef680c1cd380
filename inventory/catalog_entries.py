"""Catalog entry types: license classes, categories, products, editions, vendors, signals.

Built and validated by :mod:`inventory.catalog`; read by :mod:`inventory.classify`.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field


class LicenseClass(enum.StrEnum):
    """How a program may be used in an office: the answer the classifier gives."""

    free = "free"
    free_personal = "free_personal"
    commercial = "commercial"
    crack_tool = "crack_tool"
    unknown = "unknown"


class Category(enum.StrEnum):
    """Product category; os/office/antivirus/database count towards the genuine rate."""

    os = "os"
    office = "office"
    antivirus = "antivirus"
    database = "database"
    design = "design"
    tool = "tool"
    runtime = "runtime"
    driver = "driver"
    other = "other"


@dataclass(frozen=True, slots=True)
class EditionRule:
    """An edition whose license class differs from the product's (by name or version)."""

    name: str
    license_class: LicenseClass
    pattern: re.Pattern[str] | None = None
    version_min: tuple[int, ...] | None = None
    version_below: tuple[int, ...] | None = None

    @property
    def uses_version(self) -> bool:
        """Whether the rule looks at the version string."""
        return self.version_min is not None or self.version_below is not None

    def applies(self, text: str, version: tuple[int, ...] | None) -> bool:
        """Whether a cleaned display name (and parsed version) falls under this edition."""
        if self.pattern is not None and not self.pattern.search(text):
            return False
        if not self.uses_version:
            return True
        if version is None:
            return False
        if self.version_min is not None and version < self.version_min:
            return False
        return self.version_below is None or version < self.version_below


@dataclass(frozen=True, slots=True)
class Product:
    """One catalog product with its match rules."""

    id: str
    name: str
    vendor: str
    category: Category
    license_class: LicenseClass
    pattern: re.Pattern[str]
    exclude: re.Pattern[str] | None
    publishers: frozenset[str]
    editions: tuple[EditionRule, ...]
    alternatives: tuple[str, ...]
    aliases: tuple[str, ...]
    priority: int = 0
    source: str = ""
    keywords: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()

    @property
    def has_regex(self) -> bool:
        """Whether the product has regex rules besides its keywords."""
        return bool(self.regexes)

    @property
    def version_sensitive(self) -> bool:
        """Whether any edition rule depends on the version string."""
        return any(rule.uses_version for rule in self.editions)


@dataclass(frozen=True, slots=True)
class Vendor:
    """A vendor (publisher) with the spellings that map to it and an optional default class."""

    key: str
    name: str
    aliases: tuple[str, ...]
    default_license: LicenseClass | None = None


@dataclass(frozen=True, slots=True)
class Signal:
    """A name pattern that implies a license class whatever the product (crack markers, hints).

    A weak hint only counts when the publisher has no default class; a component hint
    (updates, language packs) also overrides a matched paid product; confidence is the
    classification confidence the hint gives on its own. A weak crack marker (绿色版, 注册版)
    only counts when the program is not free; an ``official`` one (激活工具) does not count
    on a program its own vendor publishes; a ``named`` weak marker (汉化版, portable) counts
    only on a program the catalog or a public registry names commercial, never on a guess; an
    ``author`` marker ("(by X)") does not count when X names the program's own vendor; a
    ``publisher`` marker is matched against publisher fields only (a group as the whole field).
    """

    pattern: re.Pattern[str]
    license_class: LicenseClass
    reason: str
    exclude: re.Pattern[str] | None = None
    weak: bool = False
    confidence: float = 0.55
    component: bool = False
    official: bool = False
    named: bool = False
    author: bool = False
    publisher: bool = False

    def search(self, text: str, pattern: re.Pattern[str] | None = None) -> str | None:
        """Return the matched text when the signal fires on a cleaned name, else None.

        ``pattern``: a narrowed form of the signal's own pattern (its Latin-only alternatives).
        """
        found = (pattern or self.pattern).search(text)
        if found is None or self.excluded(text):
            return None
        return found.group(0)

    def excluded(self, text: str) -> bool:
        """Whether one of the signal's exclusions names the text ("crack detection")."""
        return self.exclude is not None and self.exclude.search(text) is not None


@dataclass(frozen=True, slots=True)
class Catalog:
    """Validated catalog: products, vendors, crack markers, edition-word hints and the regional
    crack vocabulary (``terms``: a Taiwan, Japanese or Korean word -> the mainland word)."""

    products: tuple[Product, ...]
    vendors: Mapping[str, Vendor]
    markers: tuple[Signal, ...]
    hints: tuple[Signal, ...]
    terms: Mapping[str, str] = field(default_factory=dict)

    def get(self, product_id: str) -> Product | None:
        """Return the product with this id, or None."""
        return next((p for p in self.products if p.id == product_id), None)

    def publisher_aliases(self) -> dict[str, str]:
        """Map every publisher spelling (and vendor key) to its vendor key."""
        aliases: dict[str, str] = {}
        for vendor in self.vendors.values():
            aliases[vendor.key] = vendor.key
            for alias in vendor.aliases:
                aliases[alias] = vendor.key
        return aliases

    def derived_defaults(self, minimum: int = 2) -> dict[str, LicenseClass]:
        """Vendors without a declared default whose listed products all share one usable class."""
        usable = {LicenseClass.free, LicenseClass.free_personal, LicenseClass.commercial}
        classes: dict[str, set[LicenseClass]] = {}
        counts: dict[str, int] = {}
        for product in self.products:
            classes.setdefault(product.vendor, set()).add(product.license_class)
            counts[product.vendor] = counts.get(product.vendor, 0) + 1
        derived = {}
        for key, vendor in self.vendors.items():
            found = classes.get(key, set())
            if vendor.default_license is None and len(found) == 1 and found <= usable:
                derived.update({key: next(iter(found))} if counts[key] >= minimum else {})
        return derived
