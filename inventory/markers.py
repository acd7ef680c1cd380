"""Crack markers on a cleaned name: which piracy signal it carries and how far it counts.

A strong marker (破解, keygen, 免CD, a release group's tag) makes any program a crack tool.
A weak marker (绿色版, 注册版, a download site's tag) marks a repacked build: piracy when the
program needs a licence, a portable copy when the catalog or a public registry names it free
(a free-sounding word such as "Viewer" is not enough); a repacked operating system or office
suite (or a free part of one) is a modified build of a licensed product, so it always counts.
A weak marker also counts on a program nobody names, unless it is ``named_only`` (汉化版,
portable: most such programs are freeware), which counts only on a program named commercial.
An official marker (激活工具) does not count on a program its own vendor publishes, except
Windows and Office, whose activation is built in, so every separately installed "activation
tool" for them is an activator (a domestic OS's own activation component is genuine). An
author marker ("(by X)") does not count when X names the program's own vendor ("Total
Commander (by Christian Ghisler)" from Ghisler Software).

The markers are written once, in mainland words. A Taiwan, Hong Kong, Japanese or Korean build
says the same things in its own words (序號產生器, 免光碟, 認証済み, 정품인증판, 워터마크 제거판):
:class:`RegionalTerms` reads those as the mainland words first (注册机, 免光盘, 已激活, 激活版,
去水印版), so every marker applies to them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from inventory.catalog import Category, LicenseClass, Product, Signal
from inventory.latin_regex import latin_pattern
from inventory.normalize import fold
from inventory.settings import kms_host_name

_SEPARATORS = re.compile(r"[-_]+")
_WORD = re.compile(r"[a-z][a-z0-9.+]*|[\u4e00-\u9fff]+")
_LETTERS = re.compile(r"[a-z][a-z0-9]*")
_COMPANY = re.compile(r"(?:股份)?有限(?:责任)?公司|公司|集团")
_GENERIC = frozenset(
    {"software", "systems", "system", "technologies", "technology", "corporation", "corp"}
    | {"inc", "ltd", "llc", "gmbh", "company", "group", "international", "limited", "the"}
)
_BUILT_IN_ACTIVATION = frozenset({Category.os, Category.office})
_REPACKED_SUITES = frozenset(c.value for c in _BUILT_IN_ACTIVATION)
# Makers of licensed operating systems and office suites: a repack of their free parts counts.
_SUITE_VENDORS = frozenset({"microsoft", "kingsoft", "yozo", "cs2c", "kylinsoft", "uniontech"})
_MICROSOFT = "microsoft"
FREE_CLASSES = frozenset({LicenseClass.free, LicenseClass.free_personal})


@dataclass(frozen=True, slots=True)
class Marker:
    """One crack marker found in a name: the reason to show and whether it is weak."""

    reason: str
    weak: bool = False
    named_only: bool = False

    def counts_on(
        self, license_class: LicenseClass, category: str | None = None, named: bool = True
    ) -> bool:
        """Whether the marker makes a program a crack, given its class otherwise.

        ``named``: that class comes from a catalog product or a registry package, not a guess.
        """
        if not self.weak:
            return True
        if self.named_only:
            return named and license_class is LicenseClass.commercial
        if category in _REPACKED_SUITES or not named:
            return True
        return license_class not in FREE_CLASSES


def suite_category(product: Product | None) -> str | None:
    """The category of a licensed OS or office suite, or of a free part of one, else None.

    Free programs of the same category from other makers (LibreOffice, Foxit Reader) and free
    community systems (deepin) are not parts of a licensed suite.
    """
    if product is None or product.category not in _BUILT_IN_ACTIVATION:
        return None
    if product.vendor not in _SUITE_VENDORS:
        return None
    part = product.id.endswith(("component", "components"))
    return product.category.value if part or product.license_class not in FREE_CLASSES else None


def own_tool(product: Product | None, vendor: str | None) -> bool:
    """A program published by its own product's vendor, outside Windows/Office activation.

    Windows and Office activate themselves, so a separate activation tool for them is never
    Microsoft's; a domestic OS ships its own activation component (kylin-activation by
    Kylinsoft). A catalog entry grouping several vendors' products ("various") accepts any
    known vendor but the crack authors.
    """
    if product is None or vendor is None:
        return False
    if product.category in _BUILT_IN_ACTIVATION and product.vendor == _MICROSOFT:
        return False
    return product.vendor == vendor or (product.vendor == "various" and vendor != "crack")


class RegionalTerms:
    """Regional crack vocabulary read as the mainland words the markers are written in."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        self._table = {fold(word): _spelled(fold(mainland)) for word, mainland in terms.items()}
        self._spelling = {fold(word): word for word in terms}  # as a build writes it
        words = sorted(self._table, key=len, reverse=True)  # 序號產生器 before 序號
        self._pattern = re.compile("|".join(map(re.escape, words))) if words else None

    def mainland(self, text: str) -> str:
        """A cleaned name with its regional crack words in mainland words (ASCII names as-is)."""
        if self._pattern is None or text.isascii():
            return text
        return self._pattern.sub(lambda found: self._table[found.group()], text)

    def source(self, text: str, matched: str) -> str:
        """The regional words of a name behind a marker's match, for its reason (" (原文…)")."""
        if self._pattern is None or text.isascii():
            return ""
        words = [f.group() for f in self._pattern.finditer(text)]
        said = [self._spelling[w] for w in words if self._table[w].strip() in matched]
        return f" (原文'{'、'.join(dict.fromkeys(said))}')" if said else ""


def _spelled(word: str) -> str:
    """An English word stands apart from the Hangul or kana around it ("크랙판" -> " crack 판")."""
    return f" {word} " if word.isascii() else word


class CrackMarkers:
    """The catalog's crack markers, searched on a cleaned name (and its de-hyphenated form)."""

    def __init__(self, signals: Iterable[Signal], terms: Mapping[str, str] | None = None) -> None:
        self._signals = tuple(signals)
        self._latin = tuple(latin_pattern(signal.pattern) for signal in self._signals)
        self._terms = RegionalTerms(terms or {})

    def find(
        self,
        text: str,
        own_vendor: bool = False,
        vendor_words: frozenset[str] = frozenset(),
        publisher: bool = False,
    ) -> Marker | None:
        """The first strong marker in a name, else the first weak one (named-only last), else None.

        ``own_vendor``: the publisher is the matched product's vendor, so official markers
        (an activation utility the vendor ships) do not count. Author markers naming one of
        ``vendor_words`` do not count ("VMware by Broadcom"). ``publisher``: the text is a
        publisher field, which publisher markers are also matched against.
        """
        written, text = text, self._terms.mainland(text)
        spaced = spaced_name(text)
        latin = text.isascii()
        weak: Marker | None = None
        for signal, narrow in zip(self._signals, self._latin, strict=True):
            if (own_vendor and signal.official) or (signal.publisher and not publisher):
                continue
            pattern = narrow if latin else signal.pattern
            if pattern is None:  # every alternative needs a Chinese or other wide character
                continue
            matched = signal.search(text, pattern)
            if matched is None and spaced != text:
                matched = signal.search(spaced, pattern)
            if matched is None or _names(matched, signal, vendor_words):
                continue
            if spaced != text and signal.excluded(spaced):  # "concrete-crack-detection"
                continue
            reason = f"{signal.reason}: 含'{matched.strip()}'{self._terms.source(written, matched)}"
            marker = Marker(reason, signal.weak, signal.named)
            if not marker.weak:
                return marker
            if weak is None or (weak.named_only and not marker.named_only):
                weak = marker  # a weak marker that counts on more programs beats a named-only one
        return weak


def spaced_name(text: str) -> str:
    """A cleaned name with hyphens and underscores as spaces ("trial-reset", "kms_activator")."""
    return _SEPARATORS.sub(" ", text)


def kms_host_signal(hosts: Iterable[str]) -> Signal:
    """A public KMS host named in a program's name or publisher ("(KMS: kms.03k.org)")."""
    names = sorted({kms_host_name(h) for h in hosts if h.strip()}, key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names) or "(?!)"
    pattern = re.compile(rf"(?<![a-z0-9.-])(?:{alternatives})(?![a-z0-9-])")
    return Signal(pattern, LicenseClass.crack_tool, "可疑名称 (公共 KMS 主机)")


def _names(matched: str, signal: Signal, vendor_words: frozenset[str]) -> bool:
    """Whether an author marker's match names the vendor ("by christian ghisler": ghisler)."""
    return signal.author and any(word in matched for word in vendor_words)


def vendor_words(name: str, aliases: Iterable[str]) -> frozenset[str]:
    """Distinctive words of a vendor's name and aliases, for author markers."""
    words = set()
    for spelling in (name, *aliases):
        for word in _WORD.findall(_COMPANY.sub(" ", spelling.lower())):
            if len(word) >= (3 if word.isascii() else 2) and word not in _GENERIC:
                words.add(word)
    return frozenset(words)


def imitated_word(publisher: str, vendor_words: frozenset[str]) -> str | None:
    """The vendor word a publisher misspells by one letter ("Intiut" for Intuit), if any.

    A repacker who fakes the vendor's name often gets it slightly wrong ("Kingdeee Software",
    "ABBY Software House", "Foxit Sofware"). A corporate word counts only beside the vendor's
    own name; plurals ("System" for "Systems") and words under four letters do not count.
    """
    words = _LETTERS.findall(fold(publisher))  # ASCII words only
    brands = {w for w in vendor_words if w.isascii() and len(w) >= 4}
    if not brands:
        return None
    corporate = {w for w in _GENERIC if len(w) >= 4} if brands.intersection(words) else set()
    for word in words:
        if len(word) < 4 or word in vendor_words or word in _GENERIC:
            continue
        slipped = next((known for known in brands | corporate if _one_slip(word, known)), None)
        if slipped is not None:
            return slipped
    return None


def _one_slip(word: str, known: str) -> bool:
    """Whether two words differ by one typing slip and not by a plural ending."""
    if word.rstrip("s") == known.rstrip("s"):
        return False
    return DamerauLevenshtein.distance(word, known, score_cutoff=1) == 1
