"""Query-term coverage: how much of a question's rare, decisive vocabulary an article contains."""

# BM25 on short phrasings rewards an article for matching a frequent topic word ("检查工具") as
# much as for matching the rare word the question is really about ("KMS"). Coverage weighs each
# query term by its article-level idf, so an article that lacks the question's most specific
# terms is held back however well it matches the common ones. Words after a report verb
# ("检查工具报了个KMS", "杀毒提示HackTool") are the subject asked about and weigh more.

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

import numpy as np

# "X 报了/提示/显示/扫出 Y": Y is what the user asks about, X only where they saw it.
REPORT_VERB = re.compile(
    r"报出来|扫出来|查出来|报了|报出|报|提示|显示|弹出|扫出|查出|发现|检测到|出现|跳出"
)
FOCUS_BOOST = 2.0
WEAK_EMPHASIS = 0.5
# Words that say how the user met or wants to handle a thing, not what the thing is.
NOT_DECISIVE = frozenset({"出来", "处理", "意思", "来", "说", "出"})


def decisive_terms(terms: Iterable[str]) -> set[str]:
    """Return the distinct terms that name something: no report verbs, fillers or sub-words."""
    distinct = {t for t in terms if t not in NOT_DECISIVE and not REPORT_VERB.fullmatch(t)}
    return {t for t in distinct if not any(t != o and t in o for o in distinct)}


def focus_split(normalized: str) -> tuple[str, str]:
    """Split a question at its first report verb into (where it was seen, what was reported)."""
    match = REPORT_VERB.search(normalized)
    if match is None or not normalized[match.end() :].strip():
        return normalized, ""
    return normalized[: match.start()], normalized[match.end() :]


def term_emphasis(terms: Iterable[str], focus: Iterable[str] = ()) -> dict[str, float]:
    """Return how much each query term should count: focus terms more, fillers and sub-words less."""
    distinct = set(terms)
    decisive = decisive_terms(distinct)
    boosted = set(focus)
    return {
        t: (FOCUS_BOOST if t in boosted else 1.0) if t in decisive else WEAK_EMPHASIS
        for t in distinct
    }


class CoverageIndex:
    """For each term, which articles mention it anywhere, with an article-level idf."""

    def __init__(self, docs: Sequence[Iterable[str]]) -> None:
        self.size = len(docs)
        members: dict[str, list[int]] = {}
        for n, doc in enumerate(docs):
            for term in set(doc):
                members.setdefault(term, []).append(n)
        self.postings = {t: np.array(ids, dtype=np.int32) for t, ids in members.items()}
        self.idf = {t: self._idf(len(ids)) for t, ids in members.items()}

    def _idf(self, df: int) -> float:
        """Return a smoothed inverse document frequency (positive even for common terms)."""
        return math.log(1 + (self.size + 1) / (df + 0.5))

    def weights(self, terms: Iterable[str], focus: Iterable[str] = ()) -> dict[str, float]:
        """Return each known distinct term's weight: its idf, boosted when in the focus."""
        boosted = set(focus)
        return {
            term: self.idf[term] * (FOCUS_BOOST if term in boosted else 1.0)
            for term in decisive_terms(terms)
            if term in self.idf
        }

    def score(self, terms: Iterable[str], focus: Iterable[str] = ()) -> np.ndarray:
        """Return the share in [0, 1] of the query's weighted known terms in each article (1 if none)."""
        weights = self.weights(terms, focus)
        total = sum(weights.values())
        if total <= 0:
            return np.ones(self.size, dtype=np.float32)
        result = np.zeros(self.size, dtype=np.float32)
        for term, weight in weights.items():
            result[self.postings[term]] += weight
        return result / total
