"""The knowledge base: loaded articles plus their index and answerer, reloadable atomically."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

from knowledge.answer import Answer, Answerer
from knowledge.articles import ARTICLES_DIR, Article, load_articles
from knowledge.search import Hit, SearchIndex
from knowledge.settings import KnowledgeSettings


class KnowledgeBase:
    """Articles, index and answerer behind one reference that ``reload`` swaps in one step."""

    def __init__(
        self,
        articles: Sequence[Article],
        settings: KnowledgeSettings | None = None,
        folder: Path | None = None,
    ) -> None:
        self.settings = settings or KnowledgeSettings()
        self.folder = folder
        self._pins: dict[str, str] = {}
        self._answerer = self._build(articles)

    @classmethod
    def from_folder(cls, folder: Path, settings: KnowledgeSettings | None = None) -> KnowledgeBase:
        """Load every article of a folder; raise ArticleError on the first invalid file."""
        return cls(load_articles(folder), settings, folder)

    @classmethod
    def load_default(cls, settings: KnowledgeSettings | None = None) -> KnowledgeBase:
        """Load the shipped articles (or ``settings.articles_dir`` when set)."""
        settings = settings or KnowledgeSettings()
        folder = Path(settings.articles_dir) if settings.articles_dir else ARTICLES_DIR
        return cls.from_folder(folder, settings)

    def _build(self, articles: Sequence[Article]) -> Answerer:
        """Build a complete answerer for a list of articles."""
        return Answerer(SearchIndex(articles), self.settings, self._pins)

    def reload(self, articles: Sequence[Article] | None = None) -> int:
        """Rebuild from the folder (or the given articles), then swap; return the article count."""
        if articles is None:
            articles = load_articles(self.folder) if self.folder else self.articles
        fresh = self._build(articles)
        self._answerer = fresh
        return len(fresh.index.articles)

    @property
    def articles(self) -> tuple[Article, ...]:
        """Return the loaded articles."""
        return self._answerer.index.articles

    def get(self, article_id: str) -> Article | None:
        """Return the article with this id, if loaded."""
        return self._answerer.article(article_id)

    def set_pins(self, pins: Mapping[str, str]) -> None:
        """Replace the pinned phrasing -> article id table (e.g. from ``store.list_pins``)."""
        self._pins = dict(pins)
        self._answerer.set_pins(self._pins)

    def answer(self, question: str, audience: Collection[str] | None = None) -> Answer:
        """Answer a question for the given audiences (None: every audience)."""
        return self._answerer.answer(question, audience)

    def search(
        self, question: str, audience: Collection[str] | None = None, limit: int = 3
    ) -> list[Hit]:
        """Return the best articles for a question with their scores."""
        return self._answerer.index.search(question, audience, limit)

    def stats(self) -> dict[str, object]:
        """Return counts for ``zhengban kb stats``: articles, phrasings, per audience and prefix."""
        articles = self.articles
        return {
            "articles": len(articles),
            "questions": sum(len(a.questions) for a in articles),
            "by_audience": dict(Counter(a.audience for a in articles)),
            "by_prefix": dict(Counter(a.id.split("-", 1)[0] for a in articles)),
        }
