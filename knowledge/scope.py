"""Scope detection: domain words that keep a question in scope, and the out-of-scope lexicon."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from knowledge import segment
from knowledge.segment import DATA_DIR, USERDICT_PATH, normalize
from knowledge.synonyms import SynonymTable

OUT_OF_SCOPE_PATH = DATA_DIR / "out_of_scope.yaml"
GENERIC_DOMAIN_WORDS = ("软件", "正版", "盗版", "授权", "激活", "许可", "版权", "检查工具")


@dataclass(frozen=True)
class Category:
    """One out-of-scope category with its words and the polite reply pointing elsewhere."""

    name: str
    words: tuple[str, ...]
    message: str


@dataclass(frozen=True)
class Lexicon:
    """The out-of-scope categories, matched on normalized text."""

    categories: tuple[Category, ...]

    @classmethod
    def from_file(cls, path: Path) -> Lexicon:
        """Load ``categories: {name: {words: [...], message: ...}}`` from YAML."""
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        raw = data.get("categories", {}) if isinstance(data, dict) else {}
        if not isinstance(raw, dict):
            raise ValueError(f"{path}: 'categories' must be a mapping")
        categories = tuple(
            Category(
                name=str(name),
                words=tuple(normalize(str(w)) for w in entry.get("words", []) if str(w).strip()),
                message=" ".join(str(entry.get("message", "")).split()),
            )
            for name, entry in raw.items()
        )
        return cls(categories)

    def match(self, normalized: str) -> Category | None:
        """Return the first category with a word in the normalized text, if any."""
        for category in self.categories:
            if any(_contains(normalized, word) for word in category.words):
                return category
        return None


def _contains(text: str, word: str) -> bool:
    """Tell whether a word occurs in text; Latin words must stand alone."""
    if word.isascii():
        return re.search(rf"(?<![0-9a-z]){re.escape(word)}(?![0-9a-z])", text) is not None
    return word in text


@cache
def default_lexicon() -> Lexicon:
    """Return the shipped out-of-scope lexicon (knowledge/data/out_of_scope.yaml)."""
    return Lexicon.from_file(OUT_OF_SCOPE_PATH)


def domain_words(synonyms: SynonymTable, tags: Iterable[str] = ()) -> frozenset[str]:
    """Return words that mark a question as in scope: the domain dictionary and product-name tags."""
    words = {w for w, _ in segment.read_userdict(USERDICT_PATH)}
    words.update(GENERIC_DOMAIN_WORDS)
    words.update(normalize(t).replace(" ", "") for t in tags if re.search("[A-Za-z]", t))
    return frozenset(synonyms.canonical(w) for w in words if w) | frozenset(words)
