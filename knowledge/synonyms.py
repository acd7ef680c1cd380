"""Synonym table: maps colloquial, variant and English words to one canonical Chinese word."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from knowledge.segment import DATA_DIR, normalize, stem

SYNONYMS_PATH = DATA_DIR / "synonyms.yaml"


@dataclass(frozen=True)
class SynonymTable:
    """Canonical forms for single words plus rewrites for multi-word phrases."""

    words: dict[str, str] = field(default_factory=dict)
    phrases: dict[str, str] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None

    @classmethod
    def from_groups(cls, groups: Iterable[Sequence[str]]) -> SynonymTable:
        """Build a table from groups whose first entry is the canonical word."""
        words: dict[str, str] = {}
        phrases: dict[str, str] = {}
        for group in groups:
            terms = [normalize(str(term)) for term in group if str(term).strip()]
            if not terms:
                continue
            canonical = terms[0].replace(" ", "")
            for term in terms:
                target = phrases if " " in term else words
                target.setdefault(term, canonical)
        pattern = None
        if phrases:
            alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
            pattern = re.compile(rf"(?<![0-9a-z])(?:{alternatives})(?![0-9a-z])")
        stems: dict[str, str] = {}
        for term, canonical in words.items():
            stems.setdefault(stem(term), canonical)
        return cls(words=words, phrases=phrases, stems=stems, _pattern=pattern)

    @classmethod
    def from_file(cls, path: Path) -> SynonymTable:
        """Load a YAML file with a ``groups`` list of lists."""
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        groups = data.get("groups", []) if isinstance(data, dict) else []
        if not isinstance(groups, list) or not all(isinstance(g, list) for g in groups):
            raise ValueError(f"{path}: 'groups' must be a list of lists")
        return cls.from_groups(groups)

    def rewrite(self, normalized: str) -> str:
        """Replace multi-word phrases (e.g. "check tool") in normalized text by their canonical word."""
        if self._pattern is None:
            return normalized
        return self._pattern.sub(lambda m: f" {self.phrases[m.group(0)]} ", normalized)

    def canonical(self, word: str) -> str:
        """Return the canonical form of one word, normalized (the word itself when it has none)."""
        key = normalize(word)
        return self.words.get(key, self.phrases.get(key, key.replace(" ", "")))

    def expand(self, words: Iterable[str]) -> list[str]:
        """Map normalized words to canonical forms (English tried again stemmed), keeping order."""
        return [self._lookup(word) for word in words]

    def _lookup(self, word: str) -> str:
        """Return the canonical form of a normalized word, else of its English stem, else the stem."""
        found = self.words.get(word)
        if found is not None:
            return found
        stemmed = stem(word)
        return self.stems.get(stemmed, stemmed)

    def vocabulary(self) -> list[str]:
        """Return every single-word entry and canonical word (to teach the segmenter)."""
        return sorted(set(self.words) | set(self.words.values()) | set(self.phrases.values()))


@cache
def default_synonyms() -> SynonymTable:
    """Return the shipped synonym table (knowledge/data/synonyms.yaml)."""
    return SynonymTable.from_file(SYNONYMS_PATH)
