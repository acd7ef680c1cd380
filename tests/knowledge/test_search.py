from __future__ import annotations

import numpy as np
import pytest

from knowledge import KnowledgeBase
from knowledge.search import FieldIndex, SearchIndex


def top_id(kb: KnowledgeBase, question: str) -> str:
    return kb.search(question)[0].article.id


def test_field_index_scores_are_normalized() -> None:
    index = FieldIndex([["wps", "授权"], ["7zip"], ["wps", "wps", "wps"]])
    scores = index.score(["wps", "授权"])
    assert scores.shape == (3,)
    assert np.all((scores >= 0) & (scores <= 1))
    assert scores[0] == scores.max()
    assert scores[1] == 0
    assert index.score(["不存在"]).max() == 0


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("单位电脑上装个WPS个人版行不行", "sw-wps-personal"),  # colloquial
        ("office订阅过期了咋整", "office-license-expired"),  # 过期 -> 到期 synonym
        ("检查工具安装失败", "checktool-install"),  # 安装失败 -> 装不上
        ("检查工具装不商怎么办", "checktool-install"),  # typo
        ("kmspic0是啥", "piracy-kmspico"),  # latin typo
        ("Is WPS free for office use?", "sw-wps-personal"),  # English
        ("what is kmspico", "piracy-kmspico"),
        ("7-zip要钱吗", "tool-7zip"),
        ("Win 10 怎么看激活了没", "win-activation-check"),
    ],
)
def test_ranking_finds_the_right_article(kb: KnowledgeBase, question: str, expected: str) -> None:
    assert top_id(kb, question) == expected


def test_scores_sorted_and_bounded(kb: KnowledgeBase) -> None:
    hits = kb.search("激活工具", limit=8)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 1 for s in scores)


def test_audience_mask(kb: KnowledgeBase) -> None:
    ids = {h.article.id for h in kb.search("激活", audience={"public"}, limit=10)}
    assert "win-activation-check" not in ids
    assert "admin-gap-report" not in ids
    every = {h.article.id for h in kb.search("激活", limit=10)}
    assert "win-activation-check" in every


def test_empty_index_returns_nothing() -> None:
    index = SearchIndex([])
    assert index.search("wps") == []


def test_exact_phrasing_scores_near_one(kb: KnowledgeBase) -> None:
    hit = kb.search("缺口报表怎么导出")[0]
    assert hit.article.id == "admin-gap-report"
    assert hit.score > 0.85
