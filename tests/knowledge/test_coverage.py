from __future__ import annotations

import numpy as np
import pytest

from knowledge import KnowledgeBase
from knowledge.articles import Article, parse_article
from knowledge.coverage import CoverageIndex, decisive_terms, focus_split, term_emphasis


def article(
    article_id: str, title: str, questions: list[str], tags: list[str], body: str
) -> Article:
    text = (
        f"---\nid: {article_id}\ntitle: {title}\nquestions: [{', '.join(questions)}]\n"
        f"tags: [{', '.join(tags)}]\naudience: public\nsources:\n  - title: 手册\n"
        f"updated: 2026-11-24\n---\n{body}\n"
    )
    return parse_article(text)


@pytest.fixture(scope="module")
def topic_kb() -> KnowledgeBase:
    """Many articles on a frequent topic (检查工具) and one on each rare, decisive term."""
    tool = [
        article(
            f"tool-{n}",
            f"检查工具{topic}",
            [f"检查工具{topic}怎么办", f"检查工具提示{topic}"],
            ["检查工具"],
            f"检查工具{topic}时，请按手册操作检查工具，检查工具有问题联系管理员。",
        )
        for n, topic in enumerate(["安装失败", "上传失败", "绑定", "是什么", "扫描很慢"])
    ]
    rare = [
        article(
            "piracy-public-kms",
            "公共KMS地址是盗版吗",
            ["kms是什么意思", "外网kms地址正常吗"],
            ["KMS", "盗版"],
            "公共KMS主机是盗版激活的常见特征，单位应使用内网KMS。",
        ),
        article(
            "sw-navicat",
            "Navicat 单位能用吗",
            ["navicat要买吗", "navicat试用期多长"],
            ["Navicat"],
            "Navicat 是商业软件，单位使用要购买授权。",
        ),
    ]
    return KnowledgeBase(tool + rare)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("检查工具报了个KMS是啥意思", "piracy-public-kms"),
        ("检查工具提示发现navicat咋处理", "sw-navicat"),
        ("检查工具扫出来navicate", "sw-navicat"),  # misspelt rare term
    ],
)
def test_rare_decisive_term_beats_frequent_topic_word(
    topic_kb: KnowledgeBase, question: str, expected: str
) -> None:
    assert topic_kb.search(question)[0].article.id == expected


def test_frequent_topic_alone_still_finds_its_article(topic_kb: KnowledgeBase) -> None:
    assert topic_kb.search("检查工具上传失败")[0].article.id == "tool-1"


def test_focus_is_what_follows_the_report_verb() -> None:
    assert focus_split("检查工具报了个kms是啥意思") == ("检查工具", "个kms是啥意思")
    assert focus_split("杀毒提示hacktool") == ("杀毒", "hacktool")
    assert focus_split("wps要钱吗") == ("wps要钱吗", "")
    assert focus_split("检查工具提示") == ("检查工具提示", "")


def test_sub_words_and_report_verbs_are_not_decisive() -> None:
    assert decisive_terms(["检查", "工具", "检查工具", "提示", "kms"]) == {"检查工具", "kms"}
    emphasis = term_emphasis(["检查", "检查工具", "kms"], focus=["kms"])
    assert emphasis["kms"] > emphasis["检查工具"] > emphasis["检查"]


def test_coverage_weighs_rare_terms_more() -> None:
    index = CoverageIndex(
        [["检查工具", "安装"], ["检查工具", "上传"], ["检查工具", "kms"], ["kms"]]
    )
    scores = index.score(["检查工具", "kms"])
    assert scores[2] == pytest.approx(1.0)
    assert scores[3] > scores[0]
    assert np.all((scores >= 0) & (scores <= 1))


def test_coverage_is_neutral_when_no_term_is_known() -> None:
    index = CoverageIndex([["a"], ["b"]])
    assert index.score(["不存在"]).tolist() == [1.0, 1.0]
