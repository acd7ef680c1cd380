from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge import ArticleError, KnowledgeBase, KnowledgeSettings
from knowledge.articles import ARTICLES_DIR

NEW_ARTICLE = """---
id: sw-navicat-trial
title: Navicat 试用期有多长
questions: [navicat能试用多久]
tags: [Navicat]
audience: public
sources:
  - title: Navicat 官网
updated: 2026-11-24
---
Navicat 试用期为 14 天，到期后须购买授权。
"""


@pytest.fixture
def folder(tmp_path: Path, articles_dir: Path) -> Path:
    target = tmp_path / "articles"
    shutil.copytree(articles_dir, target)
    return target


def test_reload_picks_up_new_articles(folder: Path) -> None:
    kb = KnowledgeBase.from_folder(folder)
    before = len(kb.articles)
    assert kb.get("sw-navicat-trial") is None
    (folder / "sw-navicat-trial.md").write_text(NEW_ARTICLE, encoding="utf-8")
    assert kb.reload() == before + 1
    answer = kb.answer("navicat能试用多久")
    assert answer.article is not None and answer.article.id == "sw-navicat-trial"


def test_failed_reload_keeps_the_old_index(folder: Path) -> None:
    kb = KnowledgeBase.from_folder(folder)
    count = len(kb.articles)
    (folder / "broken.md").write_text("---\nid: [\n---\n", encoding="utf-8")
    with pytest.raises(ArticleError, match=r"broken\.md"):
        kb.reload()
    assert len(kb.articles) == count
    assert kb.answer("WPS个人版能在单位用吗").kind == "answered"


def test_reload_with_given_articles(kb: KnowledgeBase) -> None:
    other = KnowledgeBase(kb.articles[:2])
    assert other.reload(kb.articles) == len(kb.articles)


def test_load_default_uses_shipped_folder() -> None:
    kb = KnowledgeBase.load_default()
    assert kb.folder == ARTICLES_DIR
    assert len(kb.articles) == len(list(ARTICLES_DIR.glob("*.md")))


def test_settings_folder_override(articles_dir: Path) -> None:
    kb = KnowledgeBase.load_default(KnowledgeSettings(articles_dir=str(articles_dir)))
    assert kb.get("tool-7zip") is not None


def test_stats(kb: KnowledgeBase) -> None:
    stats = kb.stats()
    assert stats["articles"] == len(kb.articles)
    assert stats["by_audience"] == {"public": 6, "technician": 1, "admin": 1}
    assert isinstance(stats["questions"], int) and stats["questions"] >= len(kb.articles)
