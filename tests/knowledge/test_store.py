from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from knowledge import KnowledgeBase, store

T0 = datetime(2026, 11, 24, 9, 0)


async def test_record_vote(kb_session: AsyncSession) -> None:
    row = await store.record_vote(
        kb_session, "sw-wps-personal", -1, "wps要钱吗", person_id=7, now=T0
    )
    assert row.id is not None and row.vote == -1 and row.created_at == T0
    with pytest.raises(ValueError, match="vote"):
        await store.record_vote(kb_session, "sw-wps-personal", 2)


async def test_log_question_normalizes(kb_session: AsyncSession) -> None:
    row = await store.log_question(
        kb_session, "ＷＰＳ 要钱吗？", "answered", "sw-wps-personal", 1.7
    )
    assert row.question == "wps要钱吗"
    assert row.raw == "ＷＰＳ 要钱吗？"
    assert row.score == 1.0
    assert row.created_at is not None


async def test_gaps_most_frequent_first(kb_session: AsyncSession) -> None:
    log = store.log_question
    for n in range(3):
        await log(kb_session, "数据库怎么算正版率", "unknown", now=T0 + timedelta(minutes=n))
    await log(
        kb_session, "数据库 怎么算正版率？", "suggest", score=0.4, now=T0 + timedelta(hours=1)
    )
    await log(kb_session, "服务器授权怎么买", "declined", in_domain=True, now=T0)
    await log(kb_session, "明天要下雨吗", "declined", in_domain=False, now=T0)
    await log(kb_session, "WPS要钱吗", "answered", "sw-wps-personal", 0.9, now=T0)
    await store.record_vote(kb_session, "tool-7zip", -1, "7zip能用吗", now=T0 + timedelta(hours=2))
    await store.record_vote(kb_session, "tool-7zip", 1, "7zip好用吗", now=T0)
    found = await store.gaps(kb_session, limit=10)
    assert [(g.question, g.count, g.kind) for g in found] == [
        ("数据库 怎么算正版率？", 4, "unknown"),
        ("7zip能用吗", 1, "downvoted"),
        ("服务器授权怎么买", 1, "declined"),
    ]
    assert found[0].last_asked == T0 + timedelta(hours=1)
    assert len(await store.gaps(kb_session, limit=1)) == 1


async def test_pins_crud(kb_session: AsyncSession) -> None:
    first = await store.pin(kb_session, "WPS 要钱吗？", "sw-wps-personal", by=1)
    assert first.phrasing == "wps要钱吗"
    again = await store.pin(kb_session, "wps要钱吗", "tool-7zip", by=2)
    assert again.id == first.id and again.article_id == "tool-7zip"
    await store.pin(kb_session, "激活工具", "piracy-kmspico")
    pins = await store.list_pins(kb_session)
    assert {p.phrasing: p.article_id for p in pins} == {
        "wps要钱吗": "tool-7zip",
        "激活工具": "piracy-kmspico",
    }
    assert await store.unpin(kb_session, "WPS要钱吗")
    assert not await store.unpin(kb_session, "WPS要钱吗")
    assert [p.phrasing for p in await store.list_pins(kb_session)] == ["激活工具"]
    with pytest.raises(ValueError):
        await store.pin(kb_session, " ？ ", "x")


async def test_log_answer_and_gap(kb_session: AsyncSession, kb: KnowledgeBase) -> None:
    answered = await store.log_answer(kb_session, kb.answer("WPS个人版能在单位用吗"), person_id=3)
    assert (answered.kind, answered.article_id, answered.person_id) == (
        "answered",
        "sw-wps-personal",
        3,
    )
    await store.log_answer(kb_session, kb.answer("数据库软件的正版率怎么算"), now=T0)
    await store.log_answer(kb_session, kb.answer("明天要下雨吗"), now=T0)
    assert [g.question for g in await store.gaps(kb_session)] == ["数据库软件的正版率怎么算"]
