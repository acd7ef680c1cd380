"""The shipped software catalog: load and validate products, editions, vendors and signals.

The catalog is YAML under ``inventory/data/catalog/`` (one file per vendor group);
:func:`load_catalog` reads it and raises :class:`CatalogError` naming the file and product of
every problem (duplicate ids, unknown enums or keys, regexes that do not compile).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml

from inventory.catalog_entries import (
    Catalog,
    Category,
    EditionRule,
    LicenseClass,
    Product,
    Signal,
    Vendor,
)
from inventory.normalize import fold, keyword_regex, parse_version, simplified
from inventory.release_groups import KINDS, TIERS, group_signals

__all__ = ["Catalog", "CatalogError", "Category", "EditionRule", "LicenseClass", "Product"]
__all__ += ["Signal", "Vendor", "load_catalog", "parse_catalog"]

DEFAULT_CATALOG_DIR = "data/catalog"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CatalogError(ValueError):
    """The catalog is invalid; carries one message per problem (file, product, what)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid software catalog:\n" + "\n".join(problems[:50]))


_SLUG = re.compile(r"^[a-z0-9][a-z0-9._+-]*$")
_PRODUCT_KEYS = frozenset(
    {"id", "name", "vendor", "category", "license_class", "match", "regex", "exclude"}
    | {"publisher", "editions", "alternatives", "priority", "note"}
)


class _Problems:
    """Collects validation messages as ``file: product: message``."""

    def __init__(self, file_name: str = "") -> None:
        self.file = file_name
        self.messages: list[str] = []

    def add(self, where: str | None, message: str) -> None:
        """Record one problem in the current file, optionally naming the product."""
        self.messages.append(
            f"{self.file}: {where}: {message}" if where else f"{self.file}: {message}"
        )


def _strings(value: object, what: str, where: str, problems: _Problems) -> list[str]:
    """Read a YAML list of non-empty strings (a single scalar is a list of one; numbers count)."""
    if value is None:
        return []
    items: object = [value] if isinstance(value, str | int) else value
    if not isinstance(items, list) or not all(
        isinstance(i, str | int) and str(i).strip() for i in items
    ):
        problems.add(where, f"'{what}' must be a list of non-empty strings")
        return []
    return [str(i) for i in items]


def _pattern(raw: dict, where: str, problems: _Problems) -> re.Pattern[str] | None:
    """Compile the 'match' keywords and 'regex' entries of a rule into one pattern."""
    keywords = _strings(raw.get("match"), "match", where, problems)
    regexes = _strings(raw.get("regex"), "regex", where, problems)
    parts = sorted((keyword_regex(k) for k in keywords), key=len, reverse=True)
    for regex in regexes:
        try:
            re.compile(regex)
        except re.error as exc:
            problems.add(where, f"regex {regex!r} does not compile: {exc}")
            continue
        parts.append(f"(?:{simplified(regex)})")  # names are folded to simplified characters
    return re.compile("|".join(parts)) if parts else None


_E = TypeVar("_E", bound=enum.StrEnum)


def _enum(kind: type[_E], value: object, where: str, problems: _Problems) -> _E | None:
    """Parse an enum value, recording an error naming the allowed values."""
    try:
        return kind(str(value))
    except ValueError:
        allowed = "|".join(m.value for m in kind)
        problems.add(where, f"{kind.__name__} {value!r} is not one of {allowed}")
        return None


def _version(value: object, where: str, problems: _Problems) -> tuple[int, ...] | None:
    """Parse a dotted version bound such as '8.0.211'."""
    if value is None:
        return None
    parsed = parse_version(str(value))
    if parsed is None:
        problems.add(where, f"version bound {value!r} is not dotted numbers")
    return parsed


def _edition(raw: object, where: str, problems: _Problems) -> EditionRule | None:
    """Validate one edition rule of a product."""
    if not isinstance(raw, dict) or "name" not in raw or "license_class" not in raw:
        problems.add(where, "each edition needs 'name' and 'license_class'")
        return None
    label = f"{where} edition {raw['name']!r}"
    license_class = _enum(LicenseClass, raw["license_class"], label, problems)
    rule = EditionRule(
        name=str(raw["name"]),
        license_class=license_class or LicenseClass.unknown,
        pattern=_pattern(raw, label, problems),
        version_min=_version(raw.get("version_min"), label, problems),
        version_below=_version(raw.get("version_below"), label, problems),
    )
    if rule.pattern is None and not rule.uses_version:
        problems.add(label, "needs 'match', 'regex' or a version bound")
    return rule


def _product_id(raw: object, problems: _Problems) -> str | None:
    """Check a product's id and keys; return the id, or None when there is no usable id."""
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
        problems.add(None, f"product without an 'id': {raw!r:.60}")
        return None
    pid = str(raw["id"])
    for key in sorted(set(raw) - _PRODUCT_KEYS):
        problems.add(pid, f"unknown key {key!r}")
    if not _SLUG.match(pid):
        problems.add(pid, "id must be a lower-case slug")
    if not isinstance(raw.get("priority", 0), int) or not isinstance(
        raw.get("editions") or [], list
    ):
        problems.add(pid, "'priority' must be an integer and 'editions' a list")
    return pid


def _product(raw: object, defaults: dict, problems: _Problems) -> Product | None:
    """Validate one product entry."""
    pid = _product_id(raw, problems)
    if pid is None or not isinstance(raw, dict):
        return None
    category = _enum(Category, raw.get("category", defaults.get("category")), pid, problems)
    license_class = _enum(LicenseClass, raw.get("license_class"), pid, problems)
    pattern = _pattern(raw, pid, problems)
    if pattern is None:
        problems.add(pid, "needs at least one 'match' keyword or 'regex'")
    editions: list[object] = raw["editions"] if isinstance(raw.get("editions"), list) else []
    keywords = _strings(raw.get("match"), "match", pid, problems)
    name = str(raw.get("name") or pid)
    if not (category and license_class and pattern):
        return None
    return Product(
        id=pid,
        name=name,
        vendor=str(raw.get("vendor") or defaults.get("vendor") or "unknown"),
        category=category,
        license_class=license_class,
        pattern=pattern,
        exclude=_exclude(_strings(raw.get("exclude"), "exclude", pid, problems)),
        publishers=frozenset(_strings(raw.get("publisher"), "publisher", pid, problems)),
        editions=tuple(e for e in (_edition(x, pid, problems) for x in editions) if e),
        alternatives=tuple(_strings(raw.get("alternatives"), "alternatives", pid, problems)),
        aliases=tuple(dict.fromkeys(fold(a) for a in [name, *keywords])),
        priority=int(raw.get("priority") or 0) if isinstance(raw.get("priority", 0), int) else 0,
        source=problems.file,
        keywords=tuple(fold(k) for k in keywords),
        regexes=tuple(_strings(raw.get("regex"), "regex", pid, _Problems())),
    )


def _exclude(keywords: list[str]) -> re.Pattern[str] | None:
    """One pattern for a list of veto keywords."""
    return re.compile("|".join(keyword_regex(k) for k in keywords)) if keywords else None


def _vendors(raw: object, problems: _Problems) -> list[Vendor]:
    """Validate the 'vendors' mapping of a file: key -> {name, aliases, default_license}."""
    if raw is None:
        return []
    if not isinstance(raw, dict):
        problems.add(None, "'vendors' must be a mapping of vendor key to {name, aliases}")
        return []
    vendors = []
    for key, body in raw.items():
        body = body if isinstance(body, dict) else {}
        default = body.get("default_license")
        vendors.append(
            Vendor(
                key=str(key),
                name=str(body.get("name") or key),
                aliases=tuple(_strings(body.get("aliases"), "aliases", f"vendor {key}", problems)),
                default_license=_enum(LicenseClass, default, f"vendor {key}", problems)
                if default
                else None,
            )
        )
    return vendors


_SIGNAL_KEYS = frozenset(
    {"match", "regex", "exclude", "reason", "license_class", "confidence"}
    | {"weak", "named", "official", "author", "component", "publisher"}
)


def _signal_keys(item: dict, where: str, problems: _Problems) -> None:
    """Record unknown keys of a marker or hint, and 'named' without 'weak'."""
    for key in sorted(set(item) - _SIGNAL_KEYS):
        problems.add(where, f"unknown key {key!r}")
    if item.get("named") and not item.get("weak"):
        problems.add(where, "'named' needs 'weak: true'")


def _signals(raw: list[object] | None, kind: str, problems: _Problems) -> list[Signal]:
    """Validate crack 'markers' or name 'hints': {match|regex, license_class, reason, ...}."""
    signals = []
    for index, item in enumerate(raw or [], start=1):
        where = f"{kind}[{index}]"
        if not isinstance(item, dict) or not item.get("reason"):
            problems.add(where, "needs 'reason' and 'match' or 'regex'")
            continue
        _signal_keys(item, where, problems)
        if kind == "hints" and item.get("publisher"):
            problems.add(where, "'publisher' applies to markers only")
        pattern = _pattern(item, where, problems)
        license_class = _enum(
            LicenseClass, item.get("license_class", "crack_tool"), where, problems
        )
        excludes = _strings(item.get("exclude"), "exclude", where, problems)
        confidence = item.get("confidence", 0.55)
        if not isinstance(confidence, float | int) or not 0 < confidence < 1:
            problems.add(where, "'confidence' must be a number between 0 and 1")
        elif pattern is None or license_class is None:
            problems.add(where, "needs 'match' or 'regex'") if pattern is None else None
        else:
            signal = Signal(pattern, license_class, str(item["reason"]), _exclude(excludes))
            weak, component = bool(item.get("weak")), bool(item.get("component"))
            signal = replace(signal, confidence=confidence, weak=weak, component=component)
            official, named = bool(item.get("official")), bool(item.get("named"))
            signal = replace(signal, official=official, named=named)
            author, publisher = bool(item.get("author")), bool(item.get("publisher"))
            signals.append(replace(signal, author=author, publisher=publisher))
    return signals


def _groups(raw: object, problems: _Problems) -> list[Signal]:
    """Validate the 'groups' mapping: tier (crack, repack) -> kind (names, tags, scene) -> list."""
    if raw is None:
        return []
    if not isinstance(raw, dict):
        problems.add("groups", f"must be a mapping of {', '.join(TIERS)} to their names")
        return []
    signals = []
    for tier, kinds in raw.items():
        where = f"groups.{tier}"
        if tier not in TIERS or not isinstance(kinds, dict) or set(kinds) - set(KINDS):
            problems.add(where, f"must be one of {', '.join(TIERS)}, with {', '.join(KINDS)}")
            continue
        words = {kind: _strings(kinds.get(kind), kind, where, problems) for kind in KINDS}
        signals += group_signals(tier, words)
    return signals


def _terms(raw: object, problems: _Problems) -> dict[str, str]:
    """Validate the 'terms' mapping: a regional crack word -> the mainland word markers use."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        problems.add("terms", "must be a mapping of a regional word to its mainland word")
        return {}
    terms = {}
    for word, mainland in raw.items():
        if not isinstance(word, str) or not isinstance(mainland, str) or not word or not mainland:
            problems.add(f"terms.{word}", "needs a non-empty word and a non-empty mainland word")
        else:
            terms[word] = mainland
    return terms


def parse_catalog(documents: Mapping[str, str]) -> Catalog:
    """Build a catalog from YAML texts keyed by file name; raise CatalogError on any problem."""
    messages: list[str] = []
    products: list[Product] = []
    vendors: dict[str, Vendor] = {}
    markers: list[Signal] = []
    hints: list[Signal] = []
    terms: dict[str, str] = {}
    for file_name, text in sorted(documents.items()):
        problems = _Problems(file_name)
        try:
            doc = yaml.load(text, Loader=_LOADER) or {}
        except yaml.YAMLError as exc:
            doc = {}
            problems.add(None, f"YAML syntax error: {exc}")
        if not isinstance(doc, dict):
            problems.add(None, "top level must be a mapping")
            doc = {}
        defaults = {"vendor": doc.get("vendor"), "category": doc.get("category")}
        found = [_product(raw, defaults, problems) for raw in doc.get("products") or []]
        products += [p for p in found if p is not None]
        for vendor in _vendors(doc.get("vendors"), problems):
            if vendor.key in vendors:
                problems.add(f"vendor {vendor.key}", "vendor defined twice")
            vendors[vendor.key] = vendor
        markers += _groups(doc.get("groups"), problems)  # a group's name is the best reason
        markers += _signals(doc.get("markers"), "markers", problems)
        hints += _signals(doc.get("hints"), "hints", problems)
        terms |= _terms(doc.get("terms"), problems)
        messages += problems.messages
    messages += _cross_check(products, vendors)
    if messages:
        raise CatalogError(messages)
    return Catalog(tuple(products), vendors, tuple(markers), tuple(hints), terms)


def _cross_check(products: list[Product], vendors: Mapping[str, Vendor]) -> list[str]:
    """Checks across files: unique product ids and known publisher constraints."""
    messages = []
    seen: dict[str, str] = {}
    for product in products:
        if product.id in seen:
            messages.append(
                f"{product.source}: {product.id}: duplicate id (also in {seen[product.id]})"
            )
        seen.setdefault(product.id, product.source)
        for publisher in sorted(product.publishers - set(vendors)):
            messages.append(f"{product.source}: {product.id}: unknown publisher key {publisher!r}")
    return messages


def load_catalog(directory: Path | None = None) -> Catalog:
    """Load and validate every ``*.yaml`` of a catalog directory (default: the shipped one)."""
    if directory is None:
        root = resources.files("inventory").joinpath(DEFAULT_CATALOG_DIR)
        entries = [e for e in root.iterdir() if e.name.endswith(".yaml")]
        documents = {e.name: e.read_text(encoding="utf-8") for e in entries}
    else:
        documents = {p.name: p.read_text(encoding="utf-8") for p in directory.glob("*.yaml")}
    if not documents:
        raise CatalogError([f"{directory or DEFAULT_CATALOG_DIR}: no *.yaml catalog files"])
    return parse_catalog(documents)
