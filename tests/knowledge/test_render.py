from __future__ import annotations

import json
from datetime import date

from knowledge import KnowledgeBase
from knowledge.articles import Article, Source
from knowledge.render import answer_record, source_line, to_plain_text


def test_plain_text_drops_markup_and_keeps_structure() -> None:
    markdown = (
        "# 标题\n\n第一句是**答案**，见[另一篇](other.md)。\n\n"
        "1. 第一步\n2. 第二步 `slmgr /dlv`\n   - 子项\n\n"
        "| 版本 | 授权 |\n|---|---|\n| 专业版 | OEM |\n\n"
        "```\nslmgr /xpr\n```\n"
    )
    assert to_plain_text(markdown).splitlines() == [
        "标题",
        "第一句是答案，见另一篇。",
        "1. 第一步",
        "2. 第二步 slmgr /dlv",
        "  • 子项",
        "版本 | 授权",
        "专业版 | OEM",
        "slmgr /xpr",
    ]


def test_plain_text_of_empty() -> None:
    assert to_plain_text("") == ""


def test_source_line() -> None:
    article = Article(
        id="law-18",
        title="t",
        questions=("q",),
        tags=(),
        audience="public",
        sources=(
            Source("《计算机软件保护条例》第十八条"),
            Source("国办发〔2013〕88号", "https://x.org"),
        ),
        updated=date(2026, 11, 24),
        body="b",
    )
    assert (
        source_line(article)
        == "来源：《计算机软件保护条例》第十八条；《国办发〔2013〕88号》 · 更新于 2026-11-24"
    )


def test_answer_record_for_cli(kb: KnowledgeBase) -> None:
    answered = answer_record(kb.answer("WPS个人版能在单位用吗"))
    assert answered["answered"] is True and answered["article_id"] == "sw-wps-personal"
    assert str(answered["answer"]).startswith("不能。")
    assert str(answered["source"]).startswith("来源：《WPS Office")
    assert isinstance(answered["score"], float) and 0 <= answered["score"] <= 1
    declined = answer_record(kb.answer("明天要下雨吗"))
    assert declined["answered"] is False and declined["kind"] == "declined"
    assert declined["article_id"] is None and declined["answer"]
    json.dumps(declined, ensure_ascii=False)
    suggest = answer_record(kb.answer("激活"))
    assert "piracy-kmspico" in json.dumps(suggest["suggestions"])
