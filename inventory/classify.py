"""Classify installed programs against the software catalog: product, license class, reason.

Order of evidence: crack markers in the name, or a crack site's or repacker's signature
in the publisher field (always win, save weak markers on free programs: see ``markers``);
updates and language packs (KB numbers, "Update for", "Language Pack": free, even of a paid
product); catalog rules (keywords/regex on the cleaned name, publisher constraints, edition
rules); rapidfuzz near matches above a threshold; then for unmatched names: category and
edition words ("驱动", "试用", "Free", "企业版"), the publisher's default class (declared,
community publishers, or derived from the vendor's products), weak words ("Player",
"Studio"), then a publisher that is a company by its legal form (Inc., GmbH, 有限公司) but
no catalog vendor leans commercial, else ``unknown``.
Results are cached by (raw name, publisher) so repeated rows cost a dictionary lookup.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, replace
from functools import cache
from pathlib import Path
from typing import Protocol

from inventory.catalog import Catalog, LicenseClass, Product, load_catalog
from inventory.known_packages import KnownPackage, KnownPackages, name_key, read_known
from inventory.licence_terms import Strength
from inventory.markers import (
    FREE_CLASSES,
    CrackMarkers,
    Marker,
    imitated_word,
    kms_host_signal,
    own_tool,
    spaced_name,
    suite_category,
    vendor_words,
)
from inventory.matching import Fallback, ProductMatcher, remember
from inventory.normalize import (
    PublisherNormalizer,
    clean_name,
    core_name,
    fold,
    is_company,
    parse_version,
    version_in_name,
)
from inventory.release_tags import ReleaseTags
from inventory.settings import PUBLIC_KMS_HOSTS, InventorySettings, kms_host_name

FUZZY_CUTOFF = 86.0
NAME_LIMIT = 512  # what a name is read up to: the longest display name an install record stores


@dataclass(frozen=True, slots=True)
class Classification:
    """What one installed program is and how it may be used."""

    display_name: str
    product_id: str | None
    product: str | None
    vendor: str | None
    category: str | None
    license_class: LicenseClass
    confidence: float
    reason: str
    alternatives: tuple[str, ...] = ()
    edition: str | None = None

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready dict (the `zhengban classify --json` row)."""
        data = asdict(self)
        data["license_class"] = self.license_class.value
        data["alternatives"] = list(self.alternatives)
        return data


class InstallLike(Protocol):
    """Anything with a display name, publisher and version (e.g. an InstallRecord)."""

    @property
    def display_name(self) -> str: ...  # noqa: D102

    @property
    def publisher(self) -> str | None: ...  # noqa: D102

    @property
    def version(self) -> str | None: ...  # noqa: D102


Row = InstallLike | tuple[str, str | None, str | None] | str


@dataclass(frozen=True, slots=True)
class _Hit:
    """A name-level result before version-dependent edition rules."""

    result: Classification
    product: Product | None


_SITE = re.compile(r"(?:https?://)?(?:www\.)?([a-z0-9][a-z0-9.-]*)\.[a-z]{2,}/?")
_NAMED_SITE = re.compile(r"([^()\[\]]*?[a-z0-9][^()\[\]]*?)\s*[(\[]\s*([^()\[\]\s]+)\s*[)\]]")
_WORDS = re.compile(r"[a-z0-9]{3,}")


class Classifier:
    """Rule-, marker- and fuzzy-based classifier over one catalog."""

    def __init__(
        self,
        catalog: Catalog,
        fuzzy_cutoff: float = FUZZY_CUTOFF,
        known: KnownPackages | None = None,
        kms_hosts: Iterable[str] = PUBLIC_KMS_HOSTS,
    ) -> None:
        self.catalog = catalog
        self.known = known
        self.fuzzy_cutoff = fuzzy_cutoff
        self._publishers = PublisherNormalizer(catalog.publisher_aliases())
        self._names = {p.id: p.name for p in catalog.products}
        self._matcher = ProductMatcher(catalog.products, fuzzy_cutoff)
        cracks = [p for p in catalog.products if p.license_class is LicenseClass.crack_tool]
        self._crack_tools = ProductMatcher(cracks, fuzzy_cutoff)
        self._guess = Fallback(catalog)
        self._markers = CrackMarkers([*catalog.markers, kms_host_signal(kms_hosts)], catalog.terms)
        self._tags = ReleaseTags.from_catalog(catalog, known)
        self._vendor_words = {
            key: vendor_words(v.name, (key, *v.aliases)) for key, v in catalog.vendors.items()
        }
        self._versioned = {p.id for p in catalog.products if p.version_sensitive}
        self._cache: dict[tuple[str, str | None], _Hit] = {}
        self._by_text: dict[tuple[str, str | None, bool], _Hit] = {}
        self._fuzzy: dict[tuple[str, str | None], tuple[Product | None, float]] = {}
        self._signatures: dict[str, Marker | None] = {}  # few publishers sign many names

    def vendor_of(self, publisher: str | None) -> str | None:
        """Canonical vendor key of a publisher string (None when unknown)."""
        return self._publishers.vendor(publisher)

    def classify(
        self, display_name: str, publisher: str | None = None, version: str | None = None
    ) -> Classification:
        """Classify one installed program by display name, publisher and version."""
        key = (display_name, publisher)
        hit = self._cache.get(key)
        if hit is None:
            vendor = self.vendor_of(publisher)
            company = vendor is None and is_company(publisher)
            text = clean_name(display_name[:NAME_LIMIT])  # a hostile 40k-character name
            hit = self._classify_text(display_name, text, vendor, company)
            hit = self._component_of(hit) or hit  # the raw name: KB and "Update for" count
            hit = self._signed(hit, publisher) or hit
            remember(self._cache, key, hit)
        if version and hit.product is not None and hit.product.id in self._versioned:
            return self._with_version(hit, version)
        return hit.result

    def classify_many(self, rows: Iterable[Row]) -> list[Classification]:
        """Classify many rows: InstallRecord-like objects, (name, publisher, version) or names."""
        return [self._classify_row(row) for row in rows]

    def _classify_row(self, row: Row) -> Classification:
        """Dispatch one row of any accepted shape."""
        if isinstance(row, str):
            return self.classify(row)
        if isinstance(row, tuple):
            return self.classify(*row)
        return self.classify(row.display_name, row.publisher, row.version)

    def _classify_text(
        self, display_name: str, text: str, vendor: str | None, company: bool = False
    ) -> _Hit:
        """Classification of a cleaned name, cached by (cleaned name, vendor, company)."""
        hit = self._by_text.get((text, vendor, company))
        if hit is None:
            hit = self._classify_name(display_name, text, vendor, company)
            remember(self._by_text, (text, vendor, company), hit)
        elif hit.result.display_name != display_name:
            hit = _Hit(replace(hit.result, display_name=display_name), hit.product)
        return hit

    def _classify_name(
        self, display_name: str, text: str, vendor: str | None, company: bool = False
    ) -> _Hit:
        """Uncached classification of a cleaned name and vendor, without the version.

        ``company``: the publisher is no catalog vendor but names a company by its legal form.
        """
        product = self._matcher.rules(text, vendor)
        how = "规则匹配"
        confidence = 0.97
        if product is None:
            core = core_name(display_name)
            found = self._fuzzy.get((core, vendor))
            if found is None:
                found = self._matcher.fuzzy(core, vendor)
                remember(self._fuzzy, (core, vendor), found)
            product, score = found
            how = f"近似匹配 rapidfuzz {score:.0f}"
            confidence = round(min(0.9, score / 100 - 0.05), 2)
        own = own_tool(product, vendor)
        words = self._vendor_words.get(vendor or "", frozenset()) if own else frozenset()
        marker = self._markers.find(text, own, words) or self._tags.find(text)
        if marker is None or marker.weak:  # a known tool's name is strong evidence
            marker = self._tool_in(text, product) or marker
        if marker is not None and not marker.weak:
            return _Hit(self._crack(display_name, product, marker.reason), product)
        if product is None:
            result = self._unmatched(display_name, text, vendor, company)
        else:
            result = self._from_product(display_name, product, text, None, how, confidence)
        return _Hit(self._weighed(result, product, marker), product)

    def _tool_in(self, text: str, product: Product | None) -> Marker | None:
        """A known crack tool named inside another product's name ("Project (C2R-R2V 转批量版)")."""
        if product is not None and product.license_class is LicenseClass.crack_tool:
            return None
        spaced = spaced_name(text)  # "ohook_office_activation"
        tool = self._crack_tools.rules(text, None)
        if tool is None and spaced != text:
            tool = self._crack_tools.rules(spaced, None)
        return None if tool is None else Marker(f"可疑名称 (含已知破解工具): {tool.name}")

    def _weighed(
        self, result: Classification, product: Product | None, marker: Marker | None
    ) -> Classification:
        """Apply a weak marker: a crack tool when the program needs a licence, else noted."""
        if marker is None:
            return result
        named = _named(result, product, marker)
        if marker.counts_on(result.license_class, suite_category(product), named):
            return self._crack(result.display_name, product, marker.reason)
        free = result.license_class in FREE_CLASSES
        note = "免费软件的便携/打包版" if free else "未计为破解: 未确认需要授权"
        return replace(result, reason=f"{result.reason}; {marker.reason} ({note})")

    def _component_of(self, hit: _Hit) -> _Hit | None:
        """An update or language pack (of a product or not): free, whatever the product's class."""
        result = hit.result
        component = self._guess.component(fold(result.display_name))
        if component is None or result.license_class in (component[0], LicenseClass.crack_tool):
            return None
        license_class, confidence, reason = component
        if hit.product is None:
            result = replace(result, license_class=license_class, confidence=confidence)
            if (result.product_id or "").startswith("name:"):  # a free part needs no gap line
                result = replace(result, product_id=None, product=None)
            return _Hit(replace(result, reason=reason), None)
        label, edition = f"{result.reason}; {reason}", reason.split(":")[0]
        result = replace(result, license_class=license_class, reason=label, edition=edition)
        return _Hit(result, None)  # no product: the version must not bring back its class

    def _signed(self, hit: _Hit, publisher: str | None) -> _Hit | None:
        """A crack tool by its publisher field: a repacker, crack group or site signs the build."""
        if not publisher or hit.result.license_class is LicenseClass.crack_tool:
            return None
        vendor = self.catalog.vendors.get(self.vendor_of(publisher) or "")
        marker = self._signature(publisher) or self._imitation(publisher, hit)
        weak = marker is None or marker.weak
        if vendor is not None and vendor.default_license is LicenseClass.crack_tool and weak:
            marker = Marker(f"发行商为激活/破解工具作者: {vendor.name}", weak=True)
        result = hit.result
        if marker is None or (marker.weak and self._own_publisher(publisher, hit.product)):
            return None
        named = _named(result, hit.product, marker)
        if not marker.counts_on(result.license_class, suite_category(hit.product), named):
            return None
        reason = f"发行商字段: {marker.reason}"
        return _Hit(self._crack(hit.result.display_name, hit.product, reason), hit.product)

    def _imitation(self, publisher: str, hit: _Hit) -> Marker | None:
        """A publisher field that misspells the vendor of the product it signs (Gl0don)."""
        product = hit.product
        if product is None:
            return None
        if self.vendor_of(publisher) not in (None, product.vendor):
            return None
        word = imitated_word(publisher, self._vendor_words.get(product.vendor, frozenset()))
        return None if word is None else Marker(f"发行商名称仿冒厂商: {publisher} (≈ {word})")

    def _own_publisher(self, publisher: str, product: Product | None) -> bool:
        """Whether a publisher field is the vendor's own website, not a download site's.

        A bare site naming the product's vendor (www.xunjiepdf.com for 迅捷PDF转换器), or a
        site named exactly as the publisher calls itself ("Lodop (www.lodop.net)"). Not when
        the site's name says more than the vendor ("www.foxit-repack.net").
        """
        text = publisher.strip().lower()
        named = _NAMED_SITE.fullmatch(text)
        site = _SITE.fullmatch(named.group(2) if named else text)
        if site is None:
            return False
        host = site.group(1)
        if named is not None:
            said = _WORDS.findall(named.group(1))
            own = host.split(".")[0].replace("-", "") in {*said, "".join(said)}
        elif product is not None:
            words = self._vendor_words.get(product.vendor) or {product.vendor}
            own = any(len(word) >= 3 and word in host for word in words)
        else:
            return False
        return own and self._markers.find(host.replace(".", " "), publisher=True) is None

    def _signature(self, publisher: str) -> Marker | None:
        """The crack marker a publisher field carries, cached per publisher."""
        if publisher in self._signatures:
            return self._signatures[publisher]
        text = clean_name(publisher[:NAME_LIMIT])
        words = self._vendor_words.get(self.vendor_of(publisher) or "", frozenset())
        marker = self._markers.find(text, vendor_words=words, publisher=True)
        marker = marker or self._tool_in(text, None)
        remember(self._signatures, publisher, marker)
        return marker

    def _crack(self, display_name: str, product: Product | None, reason: str) -> Classification:
        """A crack_tool classification, keeping the product when one was recognized."""
        if product is not None and product.license_class is LicenseClass.crack_tool:
            reason = f"规则匹配: {product.name} (激活/破解工具)"
        return Classification(
            display_name=display_name,
            product_id=product.id if product else None,
            product=product.name if product else None,
            vendor=product.vendor if product else None,
            category=product.category.value if product else None,
            license_class=LicenseClass.crack_tool,
            confidence=0.95,
            reason=reason,
            alternatives=self._alternatives(product),
        )

    def _from_product(
        self,
        display_name: str,
        product: Product,
        text: str,
        version: str | None,
        how: str,
        confidence: float,
    ) -> Classification:
        """Classification from a catalog product after its edition rules."""
        parsed = parse_version(version) if version else version_in_name(text)
        edition = next((e for e in product.editions if e.applies(text, parsed)), None)
        label = f"{product.name} {edition.name}" if edition else product.name
        return Classification(
            display_name=display_name,
            product_id=product.id,
            product=product.name,
            vendor=product.vendor,
            category=product.category.value,
            license_class=edition.license_class if edition else product.license_class,
            confidence=confidence,
            reason=f"{how}: {label}",
            alternatives=self._alternatives(product),
            edition=edition.name if edition else None,
        )

    def _with_version(self, hit: _Hit, version: str) -> Classification:
        """Re-apply edition rules of a version-sensitive product with the row's version."""
        result, product = hit.result, hit.product
        if product is None or result.license_class is LicenseClass.crack_tool:
            return result
        how, _, _ = result.reason.partition(":")
        text = clean_name(result.display_name)
        return self._from_product(
            result.display_name, product, text, version, how, result.confidence
        )

    def _unmatched(
        self, display_name: str, text: str, vendor: str | None, company: bool = False
    ) -> Classification:
        """No catalog product: a known package stated firmly, else name hints and defaults.

        A known package whose licence field states the class beats name hints and the
        publisher's default; a vague one (Proprietary, EULA) or a silent one yields to them.
        """
        known = self.known.find(display_name) if self.known is not None else None
        if known is None:
            return _guessed(display_name, vendor, self._guess.guess(text, vendor, company))
        if known.strength is Strength.stated:
            return _from_known(display_name, known, vendor)
        firm = self._guess.firm(text, vendor)
        return (
            _from_known(display_name, known, vendor)
            if firm is None
            else _guessed(display_name, vendor, firm)
        )

    def _alternatives(self, product: Product | None) -> tuple[str, ...]:
        """Alternative product names (catalog ids resolved to names)."""
        if product is None:
            return ()
        return tuple(self._names.get(a, a) for a in product.alternatives)


_FIRM = 0.6  # a publisher's declared default or a category hint (驱动, 运行库), not a name word


def _firm(result: Classification) -> bool:
    """Whether a class rests on something that names the program, not a word in its name."""
    return result.product_id is not None or result.confidence >= _FIRM


def _named(result: Classification, product: Product | None, marker: Marker) -> bool:
    """Whether the class a weak marker is weighed against names the program.

    A named-only marker (汉化版, portable) needs a catalog product or a registry package
    whose licence field states the class (not "unknown" or "Proprietary": pkcrack).
    """
    if marker.named_only:
        stated = result.confidence >= _KNOWN_CONFIDENCE[Strength.stated]
        return product is not None or ((result.product_id or "").startswith("pkg:") and stated)
    return product is not None or _firm(result)


def unlisted_id(display_name: str) -> str | None:
    """Product id of a program neither the catalog nor a registry names: ``name:`` and its key.

    A program guessed commercial gets one, so it counts in the gap and an authorization-list
    line of the same name covers it; so does every such line (see ``entitlements``).
    """
    key = name_key(display_name)
    return f"name:{key}"[:128] if key else None


def _guessed(
    display_name: str, vendor: str | None, guess: tuple[LicenseClass, float, str]
) -> Classification:
    """Classification of a program no product or known package names (hints, defaults)."""
    license_class, confidence, reason = guess
    product_id = unlisted_id(display_name) if license_class is LicenseClass.commercial else None
    return Classification(
        display_name,
        product_id,
        display_name.strip() if product_id else None,
        vendor,
        None,
        license_class,
        round(confidence, 2),
        reason,
    )


_KNOWN_CONFIDENCE = {Strength.stated: 0.8, Strength.vague: 0.55, Strength.silent: 0.3}


def _from_known(display_name: str, known: KnownPackage, vendor: str | None) -> Classification:
    """Classification of a program found in the known-packages table."""
    return Classification(
        display_name=display_name,
        product_id=known.product_id,
        product=known.name,
        vendor=vendor,
        category=known.category.value,
        license_class=known.license_class,
        confidence=_KNOWN_CONFIDENCE[known.strength],
        reason=known.reason,
    )


@cache
def load_default_classifier(
    known_file: Path | None = None, kms_hosts: tuple[str, ...] = PUBLIC_KMS_HOSTS
) -> Classifier:
    """The classifier over the shipped catalog and a known-packages table (once per process).

    ``known_file`` is a table written by ``zhengban catalog harvest``; None is the shipped one.
    ``kms_hosts``: public KMS hosts whose name in a program's name marks an activation crack.
    """
    return Classifier(load_catalog(), known=read_known(known_file), kms_hosts=kms_hosts)


def classifier_for(settings: InventorySettings, known_file: Path | None = None) -> Classifier:
    """The shipped classifier with an office's KMS block list and known-packages table."""
    hosts = tuple(sorted({kms_host_name(h) for h in settings.kms_block_list if h.strip()}))
    return load_default_classifier(known_file or settings.known_packages_file, hosts)


def classify_csv_lines(
    lines: Iterable[str], classifier: Classifier | None = None
) -> Iterator[Classification]:
    """Classify a CSV with header display_name[,publisher,version], or one bare name per line."""
    engine = classifier or load_default_classifier()
    iterator = iter(lines)
    first = next((line for line in iterator if line.strip()), None)
    if first is None:
        return
    first = first.lstrip("\ufeff")
    header = next(csv.reader([first]), [])
    if header and header[0].strip().lower() == "display_name":
        columns = [h.strip().lower() for h in header]
        for record in csv.reader(line for line in iterator if line.strip()):
            row = dict(zip(columns, record, strict=False))
            name = row.get("display_name", "").strip()
            yield engine.classify(name, row.get("publisher") or None, row.get("version") or None)
        return
    yield engine.classify(first.strip())
    for line in iterator:
        if line.strip():
            yield engine.classify(line.strip())
