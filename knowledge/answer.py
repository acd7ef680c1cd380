"""Answer selection: pinned phrasings, confidence thresholds, did-you-mean and polite declines."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from knowledge.articles import Article
from knowledge.scope import Lexicon, default_lexicon, domain_words
from knowledge.search import Hit, Query, SearchIndex
from knowledge.segment import normalize_key
from knowledge.settings import KnowledgeSettings

Kind = Literal["answered", "suggest", "unknown", "declined"]

UNKNOWN_MESSAGE = (
    "抱歉，知识库里还没有这个问题的可靠答案。可以换个说法再问，或提交咨询工单由技术人员解答。"
    " Sorry, I have no reliable answer yet; try other words or open a consultation ticket."
)
SUGGEST_MESSAGE = "您是不是想问：Did you mean:"
EMPTY_MESSAGE = (
    "请直接输入您的问题，例如“WPS 个人版单位能用吗”“怎么查看 Windows 的激活方式”。"
    " Please type your question about software licensing."
)


@dataclass(frozen=True)
class Answer:
    """The answerer's decision for one question."""

    kind: Kind
    article: Article | None = None
    score: float = 0.0
    suggestions: tuple[Article, ...] = ()
    message: str | None = None
    question: str = ""
    in_domain: bool = False
    pinned: bool = False
    reason: str | None = None
    hits: tuple[Hit, ...] = field(default=(), repr=False)

    @property
    def answered(self) -> bool:
        """Tell whether an article was given as the answer."""
        return self.kind == "answered"


class Answerer:
    """Chooses between answering, suggesting, admitting ignorance and declining."""

    def __init__(
        self,
        index: SearchIndex,
        settings: KnowledgeSettings | None = None,
        pins: Mapping[str, str] | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.index = index
        self.settings = settings or KnowledgeSettings()
        self.lexicon = lexicon or default_lexicon()
        self._by_id = {a.id: a for a in index.articles}
        tags = [t for a in index.articles for t in a.tags]
        self._domain = domain_words(index.synonyms, tags)
        self._pins: dict[str, str] = {}
        self.set_pins(pins or {})

    def article(self, article_id: str) -> Article | None:
        """Return the indexed article with this id, if any."""
        return self._by_id.get(article_id)

    def set_pins(self, pins: Mapping[str, str]) -> None:
        """Replace the curated phrasing -> article id overrides (phrasings are normalized here)."""
        self._pins = {normalize_key(p): a for p, a in pins.items() if normalize_key(p)}

    def answer(self, question: str, audience: Collection[str] | None = None) -> Answer:
        """Answer one question for readers of the given audiences (None: every audience)."""
        text = question[: self.settings.max_question_chars]
        key = normalize_key(text)
        if not key:
            return Answer("unknown", message=EMPTY_MESSAGE, question=text, reason="empty")
        pinned = self._pinned(key, audience)
        if pinned is not None:
            return Answer("answered", pinned, 1.0, question=text, in_domain=True, pinned=True)
        query = self.index.analyze(text)
        hits = self.index.rank(query, audience, limit=self.settings.suggestions)
        in_domain = any(self._marks_scope(word) for word in query.words)
        return self._decide(text, query, hits, in_domain)

    def _marks_scope(self, word: str) -> bool:
        """Tell whether a word keeps a question in scope: a domain word or a Latin article term."""
        latin = word.isascii() and any(c.isalpha() for c in word)
        return word in self._domain or (latin and self.index.knows(word))

    def _pinned(self, key: str, audience: Collection[str] | None) -> Article | None:
        """Return the pinned article for a normalized phrasing if the reader may see it."""
        article = self._by_id.get(self._pins.get(key, ""))
        if article is None or (audience is not None and article.audience not in audience):
            return None
        return article

    def _decide(self, text: str, query: Query, hits: list[Hit], in_domain: bool) -> Answer:
        """Turn ranked hits into an answer kind using the thresholds and the scope lexicon."""
        s = self.settings
        top = hits[0].score if hits else 0.0
        articles = tuple(h.article for h in hits)
        base = Answer("unknown", score=top, question=text, in_domain=in_domain, hits=tuple(hits))
        category = None if in_domain else self.lexicon.match(query.normalized)
        only_greeting = (
            category is not None and category.name == "greeting" and len(query.words) <= 2
        )
        if category is not None and (top < s.out_of_scope_override or only_greeting):
            return replace(base, kind="declined", message=category.message, reason=category.name)
        confidence = self._confidence(hits)
        if confidence >= s.answer_threshold:
            return replace(base, kind="answered", article=articles[0], suggestions=articles)
        if confidence >= s.suggest_threshold:
            return replace(
                base,
                kind="suggest",
                score=confidence,
                suggestions=articles,
                message=SUGGEST_MESSAGE,
            )
        return replace(base, message=UNKNOWN_MESSAGE, reason="low score")

    def _confidence(self, hits: list[Hit]) -> float:
        """Return the top score, held just under the answer threshold when #2 is within the margin."""
        s = self.settings
        top = hits[0].score if hits else 0.0
        second = hits[1].score if len(hits) > 1 else 0.0
        if top >= s.answer_threshold and top - second < s.ambiguity_margin:
            return max(s.suggest_threshold, s.answer_threshold - 0.01)
        return top
