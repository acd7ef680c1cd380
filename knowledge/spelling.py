"""Spelling correction of Latin words (product names, abbreviations) against the index vocabulary."""

# Staff type "xshel", "wsp" or "navicate": a Latin word the articles never use is replaced by the
# most frequent article word within one edit, so the rare, decisive product name still reaches
# its article. Short words (up to 4 letters) may only have two letters swapped ("wsp" -> "wps"),
# so ordinary English ("pre", "work") is not bent into a product name ("pro", "word").
# Chinese words are left to the character bigrams.

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from rapidfuzz import process
from rapidfuzz.distance import OSA

LATIN_WORD = re.compile(r"[a-z][a-z0-9+#.\-]*")
MIN_LENGTH = 3
SHORT_LENGTH = 4


class Speller:
    """Corrects unknown Latin words to the closest known one (at most one edit away)."""

    def __init__(self, frequencies: Mapping[str, int]) -> None:
        self.known = {w: f for w, f in frequencies.items() if LATIN_WORD.fullmatch(w)}
        self._choices = sorted(self.known, key=lambda w: (-self.known[w], w))

    def correct(self, word: str) -> str:
        """Return the word, or the most frequent known word one edit away if it is unknown."""
        if word in self.known or len(word) < MIN_LENGTH or not LATIN_WORD.fullmatch(word):
            return word
        found = process.extractOne(
            word, self._candidates(word), scorer=OSA.distance, score_cutoff=1
        )
        return word if found is None else str(found[0])

    def _candidates(self, word: str) -> list[str]:
        """Return the known words a word may be corrected to, most frequent first."""
        if len(word) <= SHORT_LENGTH:
            letters = sorted(word)
            return [w for w in self._choices if len(w) == len(word) and sorted(w) == letters]
        return [w for w in self._choices if abs(len(w) - len(word)) <= 1]

    def correct_all(self, words: Iterable[str]) -> tuple[str, ...]:
        """Correct every word of a query, keeping order."""
        return tuple(self.correct(w) for w in words)
