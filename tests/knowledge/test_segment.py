from __future__ import annotations

import logging

import pytest

from knowledge import segment


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＷＰＳ　要钱吗？", "wps 要钱吗"),
        ("Win 10 专业版", "windows10 专业版"),
        ("win10和WINDOWS 11", "windows10和windows11"),
        ("Office2021!!!", "office2021"),
        ("版本 8.1。", "版本 8.1"),
        ("a\x00b\x07c", "a b c"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert segment.normalize(raw) == expected


def test_normalize_key_drops_spaces() -> None:
    assert segment.normalize_key(" WPS  要钱 吗？") == "wps要钱吗"


@pytest.mark.parametrize(
    "word", ["正版化", "激活工具", "检查工具", "88号文", "windows10", "专业版"]
)
def test_domain_words_stay_whole(word: str) -> None:
    assert word in segment.tokens(f"关于{word}的问题是什么")


def test_stopwords_dropped() -> None:
    words = segment.tokens("请问我们的电脑怎么激活呢")
    assert "激活" in words
    assert not {"请问", "我们", "的", "怎么", "呢"} & set(words)


def test_bigrams_of_chinese_runs() -> None:
    assert segment.bigrams("正版化 wps 软") == ["正版", "版化", "软"]


def test_segmenter_is_quiet(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="jieba"):
        segment.add_words(["某个新词语"])
        segment.tokens("某个新词语")
    assert not [r for r in caplog.records if r.levelno >= logging.INFO]
    assert "某个新词语" in segment.tokens("某个新词语")


def test_latin_words_stay_whole() -> None:
    assert segment.cut("how do we close a gap in microsoft licenses") == [
        "how",
        "do",
        "we",
        "close",
        "a",
        "gap",
        "in",
        "microsoft",
        "licenses",
    ]
    assert segment.cut("win7专业版和wps") == ["win7", "专业", "专业版", "和", "wps"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("licenses", "licens"),
        ("license", "licens"),
        ("licensed", "licens"),
        ("buying", "buy"),
        ("copies", "copy"),
        ("class", "class"),
        ("wps", "wps"),
        ("激活", "激活"),
    ],
)
def test_stem(word: str, expected: str) -> None:
    assert segment.stem(word) == expected
