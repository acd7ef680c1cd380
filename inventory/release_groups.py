"""Release groups, repackers and piracy sites: each listed once, looked for wherever one signs.

A crack group or a download site signs its build in a few places: a bracketed tag ("[FitGirl
Repack]", "(KaOs)"), after " - " or "by" ("- MAGNiTUDE", "by Chovka"), after the version
("18.1.1 TNT"), glued to a scene release name ("Dying.Light.2-RUNE"), or as the whole
publisher field ("EMPRESS"). The catalog's ``groups`` section names each of them once:

- ``names``: words no program uses; they count anywhere in a name or publisher field;
- ``tags``: short or common words (core, air, bean); they count only where a signature stands;
- ``scene``: group names that also close a release name after its version ("18.1.1 TNT") or
  glued to it with a hyphen or a dot ("Dying.Light.2-RUNE", "Multilingual-MAGNiTUDE").

The two tiers differ in the reason a technician reads: a crack group (``crack``) or a repacker
or download site (``repack``). Either signature makes the build a crack: such a site's copy of
even a free program is a modified build from an untrusted source, and it may unlock a paid tier.
The whole-field form is a separate marker that only a publisher field is matched against: a
program may well be called "Rune" or "Codex".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from inventory.catalog_entries import LicenseClass, Signal
from inventory.normalize import keyword_core, keyword_regex

KINDS = ("names", "tags", "scene")
TIERS = {"crack": "可疑名称 (破解组织署名)", "repack": "可疑名称 (破解站点/打包者署名)"}
_END = r"(?![a-z0-9])"
_PACKAGE = r"(?:\.(?:exe|msi|zip|rar|7z|iso|dmg))?"  # "IDM.6.42.Multilingual-P2P.exe"
_EDITION = (  # edition words a scene release name ends on before its group
    r"(?:pro|professional|premium|enterprise|ultimate|business|technician|retail|corporate"
    r"|multilingual|portable|solo|full|standard|server|workstation)"
)


def group_signals(tier: str, groups: Mapping[str, Sequence[str]]) -> list[Signal]:
    """The crack markers of one tier: its names anywhere, its tags where a signature stands."""
    parts = [keyword_regex(name) for name in groups.get("names", ())]
    tags = [*groups.get("tags", ()), *groups.get("scene", ())]
    if groups.get("tags"):
        tag = _alternation(groups["tags"])
        parts += _signature_regexes(tag)
        parts.append(rf"(?<![\w.])v?\d+(?:\.\d+)+\s+{tag}$")  # "5.25.4 eat", not "2019 core"
    if groups.get("scene"):
        scene = _alternation(groups["scene"])
        parts += _signature_regexes(scene, closed=False)
        parts.append(rf"(?<![\w.])v?\d[\d.]*\s+{scene}$")  # "18.1.1 tnt"
        parts.append(rf"\b{_EDITION}\s+{scene}$")  # "premium tport", "technician btcr"
        parts.append(rf"[\s.]\S*?[a-z0-9][-.]{scene}{_PACKAGE}$")  # "dying.light.2-rune"
    signals = [_signal(parts, TIERS[tier])] if parts else []
    if tags:
        whole = _signal([rf"^(?:team\s*)?{_alternation(tags)}$"], TIERS[tier])
        signals.append(replace(whole, publisher=True))
    return signals


def _signal(parts: list[str], reason: str) -> Signal:
    """One crack marker matching any of these regexes."""
    pattern = re.compile("|".join(f"(?:{part})" for part in parts))
    return Signal(pattern, LicenseClass.crack_tool, reason)


def _signature_regexes(group: str, closed: bool = True) -> list[str]:
    """Where a tag signs a name: a bracket, after " - " (or " / ") or after "by".

    ``closed``: the tag fills its bracket ("(core)", not "(Core i7)"); a scene group's bracket
    may go on ("[FitGirl Repack]", "(TENOKE Release)").
    """
    team = rf"(?:team\s*)?{group}"
    rest = r"\s*" if closed else rf"{_END}[^)\]]{{0,12}}"
    return [
        rf"[\[(]\s*{team}{rest}[)\]]",
        rf"\s[-/|]\s*{team}$",
        rf"\bby\s*{team}{_END}",
    ]


def _alternation(words: Sequence[str]) -> str:
    """One group of alternatives, longest first so "team air" wins over "air"."""
    cores = sorted({keyword_core(word) for word in words}, key=len, reverse=True)
    return f"(?:{'|'.join(cores)})"
