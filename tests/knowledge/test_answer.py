from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge import Answerer, KnowledgeBase, KnowledgeSettings

KINDS = {"answered", "suggest", "unknown", "declined"}


def test_confident_question_is_answered(kb: KnowledgeBase) -> None:
    answer = kb.answer("办公电脑能装WPS个人版吗")
    assert answer.kind == "answered"
    assert answer.article is not None and answer.article.id == "sw-wps-personal"
    assert answer.score >= kb.settings.answer_threshold
    assert answer.suggestions[0].id == "sw-wps-personal"
    assert len(answer.suggestions) <= 3


def test_ambiguous_question_gets_did_you_mean(kb: KnowledgeBase) -> None:
    answer = kb.answer("激活")
    assert answer.kind == "suggest"
    assert answer.article is None
    ids = [a.id for a in answer.suggestions]
    assert "win-activation-check" in ids and "piracy-kmspico" in ids
    assert kb.settings.suggest_threshold <= answer.score < kb.settings.answer_threshold
    assert answer.hits[0].score >= kb.settings.answer_threshold  # strong but tied: ask back


def test_unknown_in_domain_question(kb: KnowledgeBase) -> None:
    answer = kb.answer("数据库软件的正版率怎么算")
    assert answer.kind in {"unknown", "suggest"}
    assert answer.article is None
    assert answer.in_domain


def test_out_of_scope_declined_politely(kb: KnowledgeBase) -> None:
    for question, reason in [
        ("明天要下雨吗", "weather"),
        ("医保报销怎么弄", "personnel"),
        ("讲个笑话", "chitchat"),
        ("附近有什么好吃的餐厅", "food"),
        ("今天股票大盘怎么样", "finance"),
    ]:
        answer = kb.answer(question)
        assert answer.kind == "declined", question
        assert answer.reason == reason
        assert answer.message and answer.article is None


def test_greeting_gets_a_hint(kb: KnowledgeBase) -> None:
    answer = kb.answer("你好")
    assert answer.kind == "declined" and answer.reason == "greeting"
    assert answer.message is not None and "正版" in answer.message


def test_domain_word_keeps_question_in_scope(kb: KnowledgeBase) -> None:
    answer = kb.answer("你好，检查工具装不上怎么办")
    assert answer.kind == "answered"
    assert answer.article is not None and answer.article.id == "checktool-install"


def test_audience_filter(kb: KnowledgeBase) -> None:
    public = kb.answer("怎么看windows激活了没有", audience={"public"})
    assert public.article is None or public.article.id != "win-activation-check"
    assert all(a.audience == "public" for a in public.suggestions)
    staff = kb.answer("怎么看windows激活了没有")
    assert staff.kind == "answered" and staff.article is not None
    assert staff.article.id == "win-activation-check"


def test_pinned_phrasing_wins(articles_dir: Path) -> None:
    kb = KnowledgeBase.from_folder(articles_dir)
    kb.set_pins({"那个蓝色图标的写字软件！": "sw-wps-personal", "秘密": "admin-gap-report"})
    answer = kb.answer("那个 蓝色图标的写字软件")
    assert (answer.kind, answer.score, answer.pinned) == ("answered", 1.0, True)
    assert answer.article is not None and answer.article.id == "sw-wps-personal"
    assert not kb.answer("秘密", audience={"public"}).pinned
    assert kb.answer("秘密").pinned
    kb.reload()
    assert kb.answer("那个蓝色图标的写字软件").pinned


def test_empty_and_huge_and_binary_input(kb: KnowledgeBase) -> None:
    assert kb.answer("").kind == "unknown"
    assert kb.answer("  ？？ ").message
    huge = kb.answer("wps个人版" * 5000)
    assert len(huge.question) == kb.settings.max_question_chars
    binary = kb.answer("\x00\x01\xff\ufffd\x7f" * 50)
    assert binary.kind in KINDS


def test_thresholds_come_from_settings(kb: KnowledgeBase) -> None:
    strict = Answerer(
        kb._answerer.index, KnowledgeSettings(answer_threshold=1.0, suggest_threshold=1.0)
    )
    assert strict.answer("WPS个人版能在单位用吗").kind == "unknown"
    lenient = Answerer(
        kb._answerer.index,
        KnowledgeSettings(answer_threshold=0.0, suggest_threshold=0.0, ambiguity_margin=0.0),
    )
    assert lenient.answer("数据库软件").kind == "answered"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=700))
def test_any_text_is_safe(question: str) -> None:
    kb = _shared_kb()
    answer = kb.answer(question)
    assert answer.kind in KINDS
    assert 0.0 <= answer.score <= 1.0
    assert (answer.article is not None) == (answer.kind == "answered")
    limits = kb.settings
    if answer.kind == "answered" and not answer.pinned:
        assert answer.score >= limits.answer_threshold
    if answer.kind == "suggest":
        assert limits.suggest_threshold <= answer.score < limits.answer_threshold
    if answer.kind == "unknown":
        assert answer.score < limits.suggest_threshold


_CACHE: list[KnowledgeBase] = []


def _shared_kb() -> KnowledgeBase:
    if not _CACHE:
        from tests.knowledge.conftest import FIXTURES

        _CACHE.append(KnowledgeBase.from_folder(FIXTURES / "articles"))
    return _CACHE[0]


def test_bare_greeting_beats_a_weak_match(kb: KnowledgeBase) -> None:
    for question in ("帮助", "help", "谢谢，明白了"):
        answer = kb.answer(question)
        assert (answer.kind, answer.reason) == ("declined", "greeting"), question


def test_out_of_scope_word_needs_a_strong_match(kb: KnowledgeBase) -> None:
    lenient = Answerer(kb._answerer.index, KnowledgeSettings(out_of_scope_override=0.0))
    strict = Answerer(kb._answerer.index, KnowledgeSettings(out_of_scope_override=1.0))
    question = "打印机卡纸了，检查工具装不上"
    assert kb.answer(question).kind == "answered"  # a domain word keeps it in scope
    assert strict.answer("打印机卡纸了").kind == "declined"
    assert lenient.answer("打印机卡纸了").kind != "declined"
    assert strict.answer(question).kind == "answered"
