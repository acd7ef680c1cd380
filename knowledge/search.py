"""Field-weighted retrieval over articles: BM25 on words and bigrams plus fuzzy phrasing match."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from knowledge import segment
from knowledge.articles import AUDIENCES, Article
from knowledge.coverage import CoverageIndex, focus_split, term_emphasis
from knowledge.spelling import Speller
from knowledge.synonyms import SynonymTable, default_synonyms

FUZZY_ALL_LIMIT = 400
FUZZY_CANDIDATES = 60


def _single_latin(word: str) -> bool:
    """Tell whether a word is a lone Latin letter (left over from "it's", "a", "e.g.")."""
    return len(word) == 1 and word.isascii() and word.isalpha()


def _short_texts(article: Article) -> tuple[str, ...]:
    """Return the title, each question phrasing and the tags (as one more short text)."""
    return (*article.phrasings, " ".join(article.tags))


@dataclass(frozen=True)
class Weights:
    """Field shares of an article's score (the first four sum to 1) and the coverage share."""

    # ``coverage``: the share of the score that depends on covering the query's decisive terms.

    phrasing: float = 0.30
    body: float = 0.45
    bigram: float = 0.05
    fuzzy: float = 0.20
    coverage: float = 0.4


@dataclass(frozen=True)
class Query:
    """A question after normalization, synonym mapping and segmentation."""

    normalized: str
    words: tuple[str, ...]
    bigrams: tuple[str, ...]
    focus: tuple[str, ...] = ()

    @property
    def joined(self) -> str:
        """Return the words space-joined (the form fuzzy matching compares)."""
        return " ".join(self.words)


@dataclass(frozen=True)
class Hit:
    """One ranked article with its combined score in [0, 1]."""

    article: Article
    score: float


class FieldIndex:
    """BM25 over one field; scores are divided by the query's total idf so they fall in [0, 1]."""

    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.5) -> None:
        self.size = len(docs)
        lengths = np.array([len(doc) for doc in docs], dtype=np.float32)
        average = float(lengths.mean()) if self.size and lengths.sum() else 1.0
        norms = k1 * (1 - b + b * lengths / average)
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for n, doc in enumerate(docs):
            for term, tf in Counter(doc).items():
                ids, tfs = postings.setdefault(term, ([], []))
                ids.append(n)
                tfs.append(tf * (k1 + 1) / (tf + norms[n]))
        self.idf = {t: self._idf(len(ids)) for t, (ids, _) in postings.items()}
        self.unknown_idf = self._idf(1) * 0.5
        self.postings = {
            t: (np.array(ids, dtype=np.int32), np.array(w, dtype=np.float32) * self.idf[t])
            for t, (ids, w) in postings.items()
        }

    def _idf(self, df: int) -> float:
        """Return the BM25 inverse document frequency for a document frequency."""
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def score(
        self, terms: Collection[str], emphasis: Mapping[str, float] | None = None
    ) -> np.ndarray:
        """Score every document against the distinct query terms (times their emphasis), in [0, 1]."""
        scores = np.zeros(self.size, dtype=np.float32)
        total = 0.0
        for term in set(terms):
            factor = emphasis.get(term, 1.0) if emphasis else 1.0
            total += factor * self.idf.get(term, self.unknown_idf)
            posting = self.postings.get(term)
            if posting is not None:
                scores[posting[0]] += factor * posting[1]
        if total <= 0:
            return scores
        return np.minimum(scores / total, 1.0)


class SearchIndex:
    """An immutable index over a list of articles; build a new one to change the articles."""

    def __init__(
        self,
        articles: Sequence[Article],
        synonyms: SynonymTable | None = None,
        weights: Weights | None = None,
    ) -> None:
        self.synonyms = synonyms or default_synonyms()
        self.weights = weights or Weights()
        self._speller: Speller | None = None
        segment.add_words(self.synonyms.vocabulary())
        self.articles = tuple(articles)
        phrasings = [(n, self.analyze(p)) for n, a in enumerate(articles) for p in _short_texts(a)]
        self._owner = np.array([n for n, _ in phrasings], dtype=np.int32)
        self._starts = np.flatnonzero(np.r_[True, self._owner[1:] != self._owner[:-1]])
        self._phrasing_text = [q.joined for _, q in phrasings]
        self._phrasings = FieldIndex([q.words for _, q in phrasings])
        self._bigrams = FieldIndex([q.bigrams for _, q in phrasings])
        body = [self._body_words(a) for a in articles]
        self._body = FieldIndex(body, b=0.75)
        covered: list[list[str]] = [list(words) for words in body]
        for n, query in phrasings:
            covered[n].extend(query.words)
        self._coverage = CoverageIndex(covered)
        self._speller = Speller({t: len(ids) for t, ids in self._coverage.postings.items()})
        self._audience = {
            name: np.array([a.audience == name for a in articles], dtype=bool) for name in AUDIENCES
        }

    def _body_words(self, article: Article) -> tuple[str, ...]:
        """Return the words of an article's body and tags."""
        return self.analyze(" ".join((*article.tags, article.body))).words

    def analyze(self, text: str) -> Query:
        """Normalize, rewrite synonym phrases, segment and map words to canonical forms."""
        normalized = segment.normalize(text)
        rewritten = self.synonyms.rewrite(normalized)
        return Query(
            normalized=normalized,
            words=self._words(rewritten),
            bigrams=tuple(segment.bigrams(normalized)),
            focus=self._words(focus_split(rewritten)[1]),
        )

    def _words(self, rewritten: str) -> tuple[str, ...]:
        """Segment synonym-rewritten text, drop stopwords and map words to canonical forms."""
        stop = segment.stopwords()
        words = [w for w in segment.cut(rewritten) if w not in stop and not _single_latin(w)]
        expanded = tuple(self.synonyms.expand(words))
        return self._speller.correct_all(expanded) if self._speller else expanded

    def knows(self, word: str) -> bool:
        """Tell whether an analyzed word occurs in some article (title, phrasings, tags or body)."""
        return word in self._coverage.idf

    def _per_article(self, phrasing_scores: np.ndarray) -> np.ndarray:
        """Reduce per-phrasing scores to the best phrasing of each article."""
        return np.maximum.reduceat(phrasing_scores, self._starts)

    def _fuzzy(self, query: Query, lexical: np.ndarray) -> np.ndarray:
        """Fuzzy-match the query against phrasings of all (small index) or the best candidates."""
        result = np.zeros(len(self.articles), dtype=np.float32)
        if not query.words:
            return result
        if len(self._phrasing_text) <= FUZZY_ALL_LIMIT:
            rows = np.arange(len(self._phrasing_text))
        else:
            top = np.argpartition(-lexical, FUZZY_CANDIDATES)[:FUZZY_CANDIDATES]
            rows = np.flatnonzero(np.isin(self._owner, top))
        choices = [self._phrasing_text[r] for r in rows]
        token_set = process.cdist([query.joined], choices, scorer=fuzz.token_set_ratio)[0]
        token_sort = process.cdist([query.joined], choices, scorer=fuzz.token_sort_ratio)[0]
        np.maximum.at(result, self._owner[rows], (token_set + token_sort) / 200.0)
        return result

    def scores(self, query: Query) -> np.ndarray:
        """Return the combined score in [0, 1] of every article for an analyzed query."""
        w = self.weights
        if not self.articles:
            return np.zeros(0, dtype=np.float32)
        emphasis = term_emphasis(query.words, query.focus)
        lexical = (
            w.phrasing * self._per_article(self._phrasings.score(query.words, emphasis))
            + w.bigram * self._per_article(self._bigrams.score(query.bigrams))
            + w.body * self._body.score(query.words, emphasis)
        )
        combined = lexical + w.fuzzy * self._fuzzy(query, lexical)
        coverage = self._coverage.score(query.words, query.focus)
        combined *= 1.0 - w.coverage + w.coverage * coverage
        return np.clip(combined, 0.0, 1.0)

    def allowed(self, audience: Collection[str] | None) -> np.ndarray:
        """Return a mask of the articles visible to the given audiences (None: all)."""
        if audience is None:
            return np.ones(len(self.articles), dtype=bool)
        mask = np.zeros(len(self.articles), dtype=bool)
        for name in audience:
            if name in self._audience:
                mask |= self._audience[name]
        return mask

    def rank(
        self, query: Query, audience: Collection[str] | None = None, limit: int = 3
    ) -> list[Hit]:
        """Return the best articles for an analyzed query, highest score first."""
        scores = np.where(self.allowed(audience), self.scores(query), -1.0)
        count = min(limit, int((scores >= 0).sum()))
        if count <= 0:
            return []
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [Hit(self.articles[n], float(scores[n])) for n in top]

    def search(
        self, text: str, audience: Collection[str] | None = None, limit: int = 3
    ) -> list[Hit]:
        """Analyze a question and return the best articles for it."""
        return self.rank(self.analyze(text), audience, limit)
