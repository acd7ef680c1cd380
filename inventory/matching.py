"""Find the catalog product for a cleaned program name: keyword/regex rules, then rapidfuzz.

A gram index pre-selects the products whose keywords can occur in a name, so each new name
is tested against a few dozen patterns instead of the whole catalog.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from rapidfuzz import fuzz, process

from inventory.catalog import LicenseClass, Product

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
        self._order = {p.id: n for n, p in enumerate(self._products)}
        self._always = [p for p in self._products if _unindexable(p)]
        self._by_gram: dict[str, list[Product]] = {}
        for product in self._products:
            if not _unindexable(product):
                for gram in {k[:3] for k in product.keywords}:
                    self._by_gram.setdefault(gram, []).append(product)
        pairs = [
            (a, p) for p in self._products for a in p.aliases if len(a) >= (4 if a.isascii() else 2)
        ]
        self._choices = [a for a, _ in pairs]
        self._choice_products = [p for _, p in pairs]
        self._by_length: dict[int, tuple[list[str], list[Product]]] = {}
        for alias, product in pairs:
            if len(alias) >= 8:
                names, owners = self._by_length.setdefault(len(alias), ([], []))
                names.append(alias)
                owners.append(product)

    def _candidates(self, text: str) -> list[Product]:
        """Products that may match: a keyword prefix occurs in the text, or they use regexes."""
        found: dict[str, Product] = {p.id: p for p in self._always}
        for size in (2, 3):
            for start in range(len(text) - size + 1):
                for product in self._by_gram.get(text[start : start + size], ()):
                    found[product.id] = product
        return sorted(found.values(), key=lambda p: self._order[p.id])

    def rules(self, text: str, vendor: str | None) -> Product | None:
        """Best product whose rules match: highest priority, then longest match, then vendor."""
        best: Product | None = None
        best_rank: tuple[int, int, int] = (-(10**9), 0, 0)
        for product in self._candidates(text):
            found = product.pattern.search(text)
            if found is None or (product.exclude is not None and product.exclude.search(text)):
                continue
            if product.publishers and vendor is not None and vendor not in product.publishers:
                continue
            rank = (product.priority, found.end() - found.start(), int(product.vendor == vendor))
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
            if head is not None and head[1] * 0.97 > best[1]:
                best = (owners[head[2]], head[1] * 0.97)
        product, score = best
        if product is None or (product.publishers and vendor and vendor not in product.publishers):
            return None, 0.0
        if product.license_class is LicenseClass.crack_tool and score < CRACK_FUZZY_CUTOFF:
            return None, 0.0  # a near miss must not brand a legitimate program as a crack tool
        return best


def _unindexable(product: Product) -> bool:
    """Products tested on every name: regex rules or one-character keywords."""
    return product.has_regex or any(len(k) < 2 for k in product.keywords)
