from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.synonyms import SynonymTable, default_synonyms


def test_groups_map_to_first_word() -> None:
    table = SynonymTable.from_groups([["到期", "过期", "Expired"], ["检查工具", "check tool"]])
    assert table.canonical("过期") == "到期"
    assert table.canonical("expired") == "到期"
    assert table.canonical("其他") == "其他"
    assert table.expand(["过期", "了"]) == ["到期", "了"]


def test_english_inflections_find_their_group() -> None:
    table = SynonymTable.from_groups([["授权", "license"], ["盗版", "pirated"]])
    assert table.expand(["licenses", "licensed", "piracy", "pirate", "newword"]) == [
        "授权",
        "授权",
        "piracy",
        "盗版",
        "newword",
    ]


def test_phrases_rewritten_as_whole_words() -> None:
    table = SynonymTable.from_groups([["检查工具", "check tool"]])
    assert table.rewrite("install the check tool now").split() == [
        "install",
        "the",
        "检查工具",
        "now",
    ]
    assert table.rewrite("recheck tools") == "recheck tools"


def test_bad_file_shape(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("groups: {a: b}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="groups"):
        SynonymTable.from_file(path)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("过期", "到期"),
        ("win10", "windows10"),
        ("正版", "正版软件"),
        ("激活器", "激活工具"),
        ("kms激活工具", "激活工具"),
        ("收费", "要钱"),
        ("装不上", "安装失败"),
        ("破解", "盗版"),
        ("free", "免费"),
        ("license", "授权"),
        ("pirated", "盗版"),
        ("downgrade", "降级"),
    ],
)
def test_shipped_table_pairs(left: str, right: str) -> None:
    table = default_synonyms()
    assert table.canonical(left) == table.canonical(right)


def test_shipped_phrases_normalized() -> None:
    table = default_synonyms()
    assert table.canonical("windows10") == table.canonical("win10")
    assert "检查工具" in table.rewrite("can i install the check tool offline")
