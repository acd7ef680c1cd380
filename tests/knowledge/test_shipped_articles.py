from __future__ import annotations

from knowledge import KnowledgeBase, check_articles, source_line, to_plain_text
from knowledge.articles import ARTICLES_DIR


def test_shipped_articles_have_no_problems() -> None:
    problems = check_articles(ARTICLES_DIR)
    assert [str(p) for p in problems] == []


def test_enough_shipped_articles() -> None:
    assert len(list(ARTICLES_DIR.glob("*.md"))) >= 80


def test_every_shipped_article_renders_and_finds_itself() -> None:
    kb = KnowledgeBase.load_default()
    for article in kb.articles:
        assert to_plain_text(article.body)
        assert source_line(article).startswith("来源：")
        assert article.id in {h.article.id for h in kb.search(article.title, limit=3)}, article.id
