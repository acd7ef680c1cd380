"""Known packages: the long tail of the catalog, read from public package registries.

The hand-written catalog (``data/catalog/*.yaml``) knows the few hundred products an office
meets every day, with vendors, editions and alternatives. Everything else a scan turns up is
looked up here: tens of thousands of packages from public registries (Scoop buckets, winget
manifests), each with the class its licence field states (see :mod:`inventory.licence_terms`).

:func:`harvest` turns :class:`PublicPackage` rows (from ``integrations.scoop`` or
``integrations.winget``) into :class:`KnownPackage` rows, one per package, with the name keys
it owns; when packages share a key, the most firmly stated class wins and a tie goes to the
class that needs a licence. :func:`write_known` and :func:`read_known` store them as a TSV;
:class:`KnownPackages` answers which package a display name is.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from inventory.catalog_entries import Category, LicenseClass
from inventory.licence_terms import Strength, read_terms
from inventory.normalize import core_name, fold, simplified

DEFAULT_KNOWN_FILE = "data/known_packages.tsv"
HEADER = ("keys", "license_class", "strength", "category", "name", "source", "licence")
_NOISE = re.compile(
    r"\b(?:install(?:er)?|setup|portable|port|np|cvp|green|cn|zh|chs|en|eng|x64|x86|win64|win32"
    r"|beta|nightly|canary|preview|dev|msi|exe|zip|app|desktop|msstore|appx|latest|stable)\b"
)
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SQUASH = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_TRAILING_DIGITS = re.compile(r"\d+$")
_CATEGORIES: tuple[tuple[Category, re.Pattern[str]], ...] = (
    (Category.antivirus, re.compile(r"anti-?virus|anti-?malware|杀毒|病毒|安全卫士|终端安全")),
    (Category.database, re.compile(r"\bdatabase|\bsql\b|数据库")),
    (Category.driver, re.compile(r"\bdrivers?\b|驱动")),
    (Category.runtime, re.compile(r"\bruntime\b|\bjdk\b|\bsdk\b|运行库|运行时")),
    (
        Category.office,
        re.compile(r"office suite|word processor|spreadsheet|\bpdf\b|\bofd\b|办公|文档|表格"),
    ),
    (
        Category.design,
        re.compile(r"\bcad\b|\bphoto|image editor|\b3d\b|video editor|drawing|设计|绘图|剪辑|建模"),
    ),
)


@dataclass(frozen=True, slots=True)
class PublicPackage:
    """One package of a public registry, as an integration parser reads it."""

    source: str
    names: tuple[str, ...]
    licence: str | None
    description: str = ""


@dataclass(frozen=True, slots=True)
class KnownPackage:
    """A registry package the classifier can name: its class and where that came from."""

    name: str
    license_class: LicenseClass
    strength: Strength
    category: Category
    source: str
    licence: str
    keys: tuple[str, ...] = ()

    @property
    def product_id(self) -> str:
        """Stable id for reports and the gap: ``pkg:`` and the key of its name."""
        own = name_key(self.name)
        return f"pkg:{own if own in self.keys else self.keys[0] if self.keys else own}"[:128]

    @property
    def reason(self) -> str:
        """Why this class: the registry, the package and its licence field."""
        licence = self.licence or "未注明"
        return f"公开软件源: {self.source} (许可证: {licence})"


def name_key(text: str) -> str:
    """Comparable key of a name: no versions, brackets or packaging words; letters only."""
    spaced = _CAMEL.sub(" ", text.replace("_", " ").replace("-", " "))
    core = core_name(_BRACKETED.sub(" ", fold(spaced)))
    return _SQUASH.sub("", _NOISE.sub(" ", fold(core)))


def lookup_keys(display_name: str) -> Iterator[str]:
    """Keys to try for an installed program, longest first (whole name, then shorter heads)."""
    return (key for key, _ in _lookup(display_name))


def _lookup(display_name: str) -> Iterator[tuple[str, bool]]:
    """Keys to try, longest first, each with whether it is the whole name."""
    core = core_name(_BRACKETED.sub(" ", fold(display_name)))
    words = [w for w in _NOISE.sub(" ", fold(core)).split() if _SQUASH.sub("", w)]
    seen: set[str] = set()
    for end in range(len(words), 0, -1):
        key = _SQUASH.sub("", "".join(words[:end]))
        whole = end == len(words)
        if key not in seen and _usable(key, whole=whole):
            seen.add(key)
            yield key, whole


def _usable(key: str, whole: bool) -> bool:
    """Long enough to name one product: 3+ characters for a whole name, 6+ for a head.

    A short head is often a common word ("topaz" of "Topaz Video AI") that names many things.
    """
    size = sum(2 if "\u3400" <= c <= "\u9fff" else 1 for c in key)
    return size >= (3 if whole else 6) and not key.isdigit()


def package_keys(package: PublicPackage, crack: bool = False) -> set[str]:
    """Name keys of a package: each name, and each without a trailing build number.

    A crack tool's keys are at least 4 characters: a false piracy alarm costs too much.
    """
    keys: set[str] = set()
    for name in package.names:
        key = name_key(name)
        if _usable(key, whole=True) and not (crack and len(key) < 4):
            keys.add(key)
        bare = _TRAILING_DIGITS.sub("", key)
        if bare != key and _usable(bare, whole=False):
            keys.add(bare)
    return keys


def known_of(package: PublicPackage) -> KnownPackage:
    """The class of one package from its licence field and description."""
    terms = read_terms(package.licence, package.description, " ".join(package.names))
    text = fold(package.description)
    category = next((c for c, p in _CATEGORIES if p.search(text)), Category.tool)
    licence = " ".join((package.licence or "").split())[:80]
    return KnownPackage(
        package.names[0], terms.license_class, terms.strength, category, package.source, licence
    )


_RANK = {Strength.stated: 2, Strength.vague: 1, Strength.silent: 0}
_TIE_ORDER = (
    LicenseClass.commercial,
    LicenseClass.free_personal,
    LicenseClass.free,
    LicenseClass.unknown,
    LicenseClass.crack_tool,
)


def harvest(packages: Iterable[PublicPackage]) -> list[KnownPackage]:
    """Known packages with the keys each one owns after resolving shared keys."""
    knowns = [(known_of(p), p) for p in packages if p.names]
    rows = [(k, package_keys(p, k.license_class is LicenseClass.crack_tool)) for k, p in knowns]
    claims: dict[str, list[int]] = {}
    for position, (_, keys) in enumerate(rows):
        for key in keys:
            claims.setdefault(key, []).append(position)
    owned: dict[int, list[str]] = {}
    for key, positions in claims.items():
        owned.setdefault(_winner([rows[n][0] for n in positions], positions), []).append(key)
    return [
        replace(rows[n][0], keys=tuple(sorted(owned[n]))) for n in range(len(rows)) if owned.get(n)
    ]


def _winner(candidates: list[KnownPackage], positions: list[int]) -> int:
    """Position of the package that owns a shared key.

    The first registry given (the most trusted) that says anything decides; within it the
    firmest statement, then the majority class, then the class that needs a licence.
    """
    speaking = [
        (c, n)
        for c, n in zip(candidates, positions, strict=True)
        if c.strength is not Strength.silent
    ]
    pool = speaking or list(zip(candidates, positions, strict=True))
    first = _registry(pool[0][0])
    pool = [(c, n) for c, n in pool if _registry(c) == first]
    best = max(_RANK[c.strength] for c, _ in pool)
    firm = [(c, n) for c, n in pool if _RANK[c.strength] == best]
    votes = Counter(c.license_class for c, _ in firm)
    top = max(votes.values())
    chosen = next(cls for cls in _TIE_ORDER if votes.get(cls) == top)
    return next(n for c, n in firm if c.license_class is chosen)


def _registry(known: KnownPackage) -> str:
    """The registry part of a source ("scoop:Extras" of "scoop:Extras/geekbench")."""
    return known.source.partition("/")[0]


def write_known(packages: Iterable[KnownPackage], path: Path, note: str = "") -> int:
    """Write known packages as TSV (comment lines first); return the number of rows."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for line in note.splitlines():
            handle.write(f"# {line}\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADER)
        for known in packages:
            writer.writerow(_row(known))
            count += 1
    return count


def _row(known: KnownPackage) -> list[str]:
    """One TSV row; tabs and line breaks inside fields become spaces."""
    fields = [" ".join(known.keys), known.license_class.value, known.strength.value]
    fields += [known.category.value, known.name, known.source, known.licence]
    return [" ".join(f.split()) for f in fields]


class KnownPackagesError(ValueError):
    """A known-packages file is malformed; the message names the file and line."""


GENERIC_HEAD = 5  # a head that begins this many registry names ("windows", "virtual") names none


class KnownPackages:
    """Index of known packages by name key; :meth:`find` names an installed program."""

    def __init__(self, packages: Iterable[KnownPackage]) -> None:
        self.packages = list(packages)
        self._by_key: dict[str, KnownPackage] = {}
        for known in self.packages:
            for key in known.keys:
                self._by_key.setdefault(key, known)
        self._sorted: list[str] | None = None
        self._generic: dict[str, bool] = {}

    def __len__(self) -> int:
        return len(self.packages)

    def find(self, display_name: str) -> KnownPackage | None:
        """The package whose key is the display name, or its longest specific head (or None).

        A head shared by many registry names ("Windows ...", "Virtual ...") is a common word,
        not a product, so it names nothing.
        """
        for key, whole in _lookup(display_name):
            found = self._by_key.get(key)
            if found is not None and (whole or not self._is_generic(key)):
                return found
        return None

    def _is_generic(self, key: str) -> bool:
        """Whether at least GENERIC_HEAD keys of other packages begin with this key."""
        generic = self._generic.get(key)
        if generic is None:
            if self._sorted is None:
                self._sorted = sorted(self._by_key)
            start = bisect_left(self._sorted, key)
            end = bisect_left(self._sorted, key + "\U0010ffff", lo=start)
            owner = self._by_key[key]
            others = sum(self._by_key[k] is not owner for k in self._sorted[start:end])
            generic = self._generic[key] = others >= GENERIC_HEAD
        return generic

    def without(self, names: Iterable[str]) -> KnownPackages:
        """A copy that does not know these display names (to measure names never seen)."""
        hidden = {key for name in names for key in lookup_keys(name)}
        kept = [p for p in self.packages if not hidden & set(p.keys)]
        return KnownPackages(kept)


def read_known(path: Path | None = None) -> KnownPackages:
    """Read a known-packages TSV (default: the shipped one); errors name the file and line."""
    if path is None:
        entry = resources.files("inventory").joinpath(DEFAULT_KNOWN_FILE)
        label, text = DEFAULT_KNOWN_FILE, entry.read_text(encoding="utf-8")
    else:
        try:
            label, text = str(path), path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise KnownPackagesError(f"{path}: 无法读取 (cannot read): {error}") from error
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if not line.startswith("#")]
    rows = csv.reader((line for _, line in lines), delimiter="\t")
    header = next(rows, None)
    if header is None or tuple(header) != HEADER:
        raise KnownPackagesError(f"{label}: 表头应为 {' '.join(HEADER)} (header expected)")
    return KnownPackages(_parse(label, (n for n, _ in lines[1:]), rows))


def _parse(label: str, numbers: Iterator[int], rows: Iterator[list[str]]) -> Iterator[KnownPackage]:
    """Known packages of TSV rows, each checked; the first bad one raises with its line."""
    for number, row in zip(numbers, rows, strict=False):
        if len(row) != len(HEADER):
            raise KnownPackagesError(f"{label}:{number}: 应有 {len(HEADER)} 列, 实有 {len(row)} 列")
        keys, license_class, strength, category, name, source, licence = row
        try:
            yield KnownPackage(
                name,
                LicenseClass(license_class),
                Strength(strength),
                Category(category),
                source,
                licence,
                tuple(simplified(keys).split()),  # keys of an older fold
            )
        except ValueError as error:
            raise KnownPackagesError(f"{label}:{number}: {error}") from error
