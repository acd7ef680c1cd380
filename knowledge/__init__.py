"""Knowledge base: articles and Chinese retrieval for the 24-hour consulting service."""

from knowledge.answer import Answer, Answerer, Kind
from knowledge.articles import Article, ArticleError, Source, load_article, load_articles
from knowledge.base import KnowledgeBase
from knowledge.check import Problem, check_articles
from knowledge.render import answer_record, source_line, to_plain_text
from knowledge.search import Hit, SearchIndex
from knowledge.settings import KnowledgeSettings

__all__ = [
    "Answer",
    "Answerer",
    "Article",
    "ArticleError",
    "Hit",
    "Kind",
    "KnowledgeBase",
    "KnowledgeSettings",
    "Problem",
    "SearchIndex",
    "Source",
    "answer_record",
    "check_articles",
    "load_article",
    "load_articles",
    "source_line",
    "to_plain_text",
]
