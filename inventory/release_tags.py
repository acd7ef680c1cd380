"""Release tags: a warez group's or site's tag closing a name ("… - AMPED", "… [CGPersia]").

Scene releases end with the group's or the site's tag, in brackets or after a dash. The groups
are many and new ones keep coming, so a tag is told by its shape and by being nobody's word: a
Latin word no catalog product or vendor and no registry package uses, and no architecture,
language, edition, build or store word. It is a weak marker that counts only on a program
named commercial (like 汉化版): a free tool's "(fastboot)" or "(ImageJ)" is not a release.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from inventory.catalog import Catalog, LicenseClass
from inventory.known_packages import KnownPackages
from inventory.markers import Marker

# The tag: the last bracket of the name, or a word after " - " at its end.
_TAG = re.compile(
    r"(?:\s-\s(?:team\s)?|\s?[\[(])"
    r"([a-z][a-z0-9.\-]{2,15}(?:\s(?:release|team|repack))?)[\])]?\s*$"
)
_SUBWORD = re.compile(r"[a-z][a-z0-9]*")
# A file the program installs ("(MathPage.wll)"), not a group's tag.
_FILE = re.compile(r"\.(?:dll|wll|xll|xlam?|exe|ocx|sys|dotm?|jar|js|py|ini|cfg|txt)$")
_VERSION_WORD = re.compile(r"[a-z]{0,2}\d+(?:[a-z]{1,2}\d+)*")  # v2022, sp1, 1050, ts1m7
_VOCABULARY_WORD = re.compile(r"[a-z][a-z0-9.\-]{2,}")
# Words of architecture, language, edition, build, channel, scope, packaging and stores.
_PLAIN_WORDS = """
    x64 x86 x32 amd64 arm64 win win32 win64 windows bit portable beta alpha lts preview insider
    stable release repack user users machine all current remove only build enterprise
    professional pro standard home trial demo free lite full update driver service client server
    runtime sdk msi exe zip setup installer eng english chinese multilingual multilang edu
    education student academic campus oem retail volume mak kms gvlk core plus premium ultimate
    basic community express developer personal business corporate team teams cloud online
    offline web desktop mobile tool tools plugin addin extension viewer reader player editor
    studio suite bundle edition version deluxe gold silver legacy classic next new nightly
    canary dev debug latest com net org info www jar dll steam gog epic store uwp appx msix
    registered unregistered licensed unlicensed evaluation eval expired activated signed
    subscription subscribed authorized authorised perpetual official genuine purchased
    dongle hasp flexnet flexlm sentinel codemeter shareware freeware donationware adware
"""
_PLAIN = frozenset(_PLAIN_WORDS.split())


class ReleaseTags:
    """Finds a release tag at a name's end: a Latin word no known program or vendor uses."""

    def __init__(self, known_words: Iterable[str]) -> None:
        self._known = frozenset(known_words) | _PLAIN

    @classmethod
    def from_catalog(cls, catalog: Catalog, known: KnownPackages | None = None) -> ReleaseTags:
        """Tags told apart from every program and vendor the catalog and the registry know."""
        names = catalog_names(catalog)
        if known is not None:
            crack = LicenseClass.crack_tool
            names += [k.name for k in known.packages if k.license_class is not crack]
        return cls.from_names(names)

    @classmethod
    def from_names(cls, names: Iterable[str]) -> ReleaseTags:
        """Tags told apart from the words of these program and vendor names."""
        words: set[str] = set()
        for name in names:
            for word in _VOCABULARY_WORD.findall(name.lower()):
                words.add(word)
                words.update(_SUBWORD.findall(word))
        return cls(words)

    def find(self, text: str) -> Marker | None:
        """The release-tag marker of a cleaned (lower-case) name, or None."""
        matched = _TAG.search(text)
        if matched is None:
            return None
        tag = matched.group(1)
        if _FILE.search(tag):  # a file the program installs, not a group
            return None
        head = tag.split()[0]
        if head in self._known or not any(self._novel(w) for w in _SUBWORD.findall(head)):
            return None
        return Marker(f"可疑名称 (发布组标签): 含'{tag}'", weak=True, named_only=True)

    def _novel(self, word: str) -> bool:
        """Whether a word of the tag is long enough, no version ("v2022") and nobody's word."""
        version = _VERSION_WORD.fullmatch(word) is not None
        return len(word) >= 3 and not version and word not in self._known


def catalog_names(catalog: Catalog) -> list[str]:
    """Names and aliases of the catalog's programs and vendors, crack tools and their makers aside."""
    names: list[str] = []
    for product in catalog.products:
        if product.license_class is not LicenseClass.crack_tool:
            names += [product.name, *product.aliases]
    for vendor in catalog.vendors.values():
        if vendor.default_license is not LicenseClass.crack_tool:
            names += [vendor.name, *vendor.aliases]
    return names
