"""Find the catalog product for a cleaned program name: keyword/regex rules, then rapidfuzz.

A gram index pre-selects the products whose keywords can occur in a name, so each new name
is tested against a few dozen patterns instead of the whole catalog. :class:`Fallback` guesses
a class for names no product claims, from name hints and the publisher's default.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import TypeVar

from rapidfuzz import fuzz, process

from inventory.catalog import Catalog, LicenseClass, Product, Signal
from inventory.normalize import keyword_anchor, package_words, unfused

CACHE_CAP = 200_000
CRACK_FUZZY_CUTOFF = 92.0
_K = TypeVar("_K")
_V = TypeVar("_V")


def remember(store: dict[_K, _V], key: _K, value: _V) -> None:
    """Store in a capped cache (cleared when full, so memory stays bounded)."""
    if len(store) >= CACHE_CAP:
        store.clear()
    store[key] = value


class ProductMatcher:
    """Rule and fuzzy matching of cleaned names against catalog products."""

    def __init__(self, products: Iterable[Product], fuzzy_cutoff: float) -> None:
        self.fuzzy_cutoff = fuzzy_cutoff
        self._products = list(products)
        self._always: set[int] = set()
        self._by_gram: dict[str, set[int]] = {}
        for position, product in enumerate(self._products):
            anchors = _anchors(product)
            if anchors is None:
                self._always.add(position)
                continue
            for gram in {a[:3] for a in anchors}:
                self._by_gram.setdefault(gram, set()).add(position)
        pairs = [
            (a, p) for p in self._products for a in p.aliases if len(a) >= (4 if a.isascii() else 2)
        ]
        self._choices = [a for a, _ in pairs]
        self._choice_products = [p for _, p in pairs]
        self._by_length: dict[int, tuple[list[str], list[Product]]] = {}
        for alias, product in pairs:
            if len(alias) >= 10:  # prefix matching is only reliable on long names
                names, owners = self._by_length.setdefault(len(alias), ([], []))
                names.append(alias)
                owners.append(product)

    def _candidates(self, text: str) -> list[Product]:
        """Products that may match: one of their literal anchors starts in the text."""
        found = set(self._always)
        grams = self._by_gram
        for start in range(len(text) - 1):
            hit = grams.get(text[start : start + 2])
            if hit:
                found |= hit
            hit = grams.get(text[start : start + 3])
            if hit:
                found |= hit
        return [self._products[n] for n in sorted(found)]

    def rules(self, text: str, vendor: str | None) -> Product | None:
        """Best product whose rules match; in a package name, the program it packages.

        A package name ("com.autodesk.autocad2014.deepin-wine") whose rules find only a
        fallback product (priority below 0: a Wine layer, an OS component prefix) is read
        again word by word, from each word on, so the program it packages decides the class.
        A name no rule finds is read again with a fused crack word split off ("TyporaCracker").
        """
        best = self._ranked(text, vendor)
        if best is None:
            split = unfused(text)
            return None if split is None else self._ranked(split, vendor)
        if best.priority >= 0:
            return best
        words = package_words(text)
        while words:  # "deepin wine6 stable office 2010 vl": the program may start any word
            inner = self._ranked(words, vendor)
            if inner is not None and inner.priority > best.priority:
                return inner
            words = words.partition(" ")[2]
        return best

    def _ranked(self, text: str, vendor: str | None) -> Product | None:
        """Best product whose rules match: priority, named outside brackets, longest match, vendor.

        Of two matches alike in all that, the one named first is the program.
        """
        best: Product | None = None
        best_rank: tuple[int, bool, int, int, int] = (-(10**9), False, 0, 0, -(10**9))
        for product in self._candidates(text):
            found = product.pattern.search(text)
            if found is None or (product.exclude is not None and product.exclude.search(text)):
                continue
            if product.publishers and vendor is not None and vendor not in product.publishers:
                continue
            named = not _bracketed(text, found.start())  # "(WinPE 单文件)" qualifies, not names
            rank = (
                product.priority,
                named,
                found.end() - found.start(),
                int(product.vendor == vendor),
                -found.start(),  # of two alike, the program named first ("… + WinPE")
            )
            if rank > best_rank:
                best, best_rank = product, rank
        return best

    def fuzzy(self, core: str, vendor: str | None) -> tuple[Product | None, float]:
        """Nearest catalog alias by rapidfuzz (whole name, or a long alias at the name's start)."""
        if len(core) < 3:
            return None, 0.0
        best: tuple[Product | None, float] = (None, 0.0)
        whole = process.extractOne(
            core, self._choices, scorer=fuzz.ratio, score_cutoff=self.fuzzy_cutoff
        )
        if whole is not None:
            best = (self._choice_products[whole[2]], float(whole[1]))
        for length, (names, owners) in self._by_length.items():
            if len(core) <= length or core[length] != " " or best[1] >= 95:
                continue
            head = process.extractOne(
                core[:length], names, scorer=fuzz.ratio, score_cutoff=self.fuzzy_cutoff
            )
            # an exact prefix is not a typo: the rules chose not to claim such names
            if head is not None and head[1] < 100 and head[1] * 0.97 > best[1]:
                best = (owners[head[2]], head[1] * 0.97)
        product, score = best
        if product is None or (product.publishers and vendor and vendor not in product.publishers):
            return None, 0.0
        if product.license_class is LicenseClass.crack_tool and score < CRACK_FUZZY_CUTOFF:
            return None, 0.0  # a near miss must not brand a legitimate program as a crack tool
        return best


def _bracketed(text: str, at: int) -> bool:
    """Whether position ``at`` of a name lies inside an open bracket."""
    head = text[:at]
    return head.count("(") + head.count("[") > head.count(")") + head.count("]")


COMPANY_CONFIDENCE = 0.35
COMPANY_REASON = "发行商推断: 未收录的公司发行软件, 按商业软件待核实授权"


class Fallback:
    """Class of an unmatched name: strong hint > vendor default > weak hint > company > unknown.

    Component hints (updates, language packs) come before everything, even a matched product,
    and run on the raw name (see :meth:`component`). Strong hints are tried in catalog order
    on the cleaned name (signals.yaml: drivers and runtimes, then trial, free-software,
    personal, paid-edition and free-edition words). A vendor default is declared per vendor
    in the catalog, or derived when every listed product of that vendor has the same class.
    Last comes the publisher's legal form: a program nobody lists, sold under a company name
    (Inc., GmbH, 有限公司), is more often paid than free, so it leans commercial, weakly; a
    person, a team or no publisher at all leaves it unknown.
    """

    def __init__(self, catalog: Catalog) -> None:
        self._strong = [s for s in catalog.hints if not s.weak and not s.component]
        self._weak = [s for s in catalog.hints if s.weak]
        self._components = [s for s in catalog.hints if s.component]
        self._defaults: dict[str, tuple[LicenseClass, float, str]] = {}
        for key, found in catalog.derived_defaults().items():
            name = catalog.vendors[key].name
            self._defaults[key] = (found, 0.5, f"发行商推断: {name} 已收录产品均为 {found.value}")
        for key, vendor in catalog.vendors.items():
            if vendor.default_license is not None:
                reason = f"发行商默认: {vendor.name} ({vendor.default_license.value})"
                self._defaults[key] = (vendor.default_license, 0.6, reason)

    def firm(self, text: str, vendor: str | None) -> tuple[LicenseClass, float, str] | None:
        """A strong name hint or the publisher's default (None when neither speaks)."""
        default = self._defaults.get(vendor) if vendor else None
        strong = _first_hint(self._strong, text)
        if strong is not None:
            signal, reason = strong
            if default is not None and default[0] is signal.license_class:
                return signal.license_class, signal.confidence + 0.1, f"{reason}; {default[2]}"
            return signal.license_class, signal.confidence, reason
        return default

    def component(self, folded: str) -> tuple[LicenseClass, float, str] | None:
        """A component hint (update, language pack) on the raw folded name; it beats all else."""
        found = _first_hint(self._components, folded)
        return None if found is None else (found[0].license_class, found[0].confidence, found[1])

    def guess(
        self, text: str, vendor: str | None, company: bool = False
    ) -> tuple[LicenseClass, float, str]:
        """(class, confidence, reason) for a cleaned display name, vendor key and publisher kind."""
        firm = self.firm(text, vendor)
        if firm is not None:
            return firm
        weak = _first_hint(self._weak, text)
        if weak is not None:
            return weak[0].license_class, weak[0].confidence, weak[1]
        if company:
            return LicenseClass.commercial, COMPANY_CONFIDENCE, COMPANY_REASON
        return LicenseClass.unknown, 0.0, "未识别: 目录中无匹配产品"


def _first_hint(signals: list[Signal], text: str) -> tuple[Signal, str] | None:
    """First hint that fires on the text, with its reason and the matched words."""
    for signal in signals:
        matched = signal.search(text)
        if matched is not None:
            return signal, f"{signal.reason}: 含'{matched.strip()}'"
    return None


def _anchors(product: Product) -> list[str] | None:
    """Literals of which at least one occurs in every name the product matches (None: unknown)."""
    anchors = [keyword_anchor(k) for k in product.keywords]
    for regex in product.regexes:
        found = regex_anchors(regex)
        if found is None:
            return None
        anchors += found
    return anchors if all(len(a) >= 2 for a in anchors) else None


def regex_anchors(regex: str) -> list[str] | None:
    """Literal runs one of which any match of the regex must contain, or None if not derivable."""
    try:
        items = list(_parser.parse(regex))
    except re.error:
        return None
    run = _longest_run(items)
    if run is not None:
        return [run]
    branches = [item[1][1] for item in items if item[0] is _constants.BRANCH]
    if len(branches) != 1:
        return None
    runs = [_longest_run(list(branch)) for branch in branches[0]]
    return None if any(r is None for r in runs) else [r for r in runs if r is not None]


def _longest_run(items: list[tuple[object, object]]) -> str | None:
    """Longest run of consecutive literal characters (zero-width assertions do not break it)."""
    runs: list[str] = []
    current: list[str] = []
    for op, arg in items:
        if op is _constants.LITERAL and isinstance(arg, int):
            current.append(chr(arg))
        elif op not in (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT):
            runs.append("".join(current))
            current = []
    runs.append("".join(current))
    best = max(runs, key=len)
    return best if len(best) >= 2 else None
