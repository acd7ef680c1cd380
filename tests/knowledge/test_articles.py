from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from knowledge.articles import ArticleError, load_article, load_articles, parse_article

GOOD = """---
id: sample
title: 示例标题
questions: [问题一, 360能用吗]
tags: [360, 示例]
audience: staff
sources:
  - title: 示例来源
    url: https://example.org
updated: 2026-11-24
---
第一句就是答案。
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_fields_and_coerces_numeric_tags(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "sample.md", GOOD))
    assert article.id == "sample"
    assert article.tags == ("360", "示例")
    assert article.audience == "staff"
    assert article.updated == date(2026, 11, 24)
    assert article.sources[0].url == "https://example.org"
    assert article.body == "第一句就是答案。"
    assert article.phrasings == ("示例标题", "问题一", "360能用吗")


def test_missing_field_names_file_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, "sample.md", GOOD.replace("audience: staff\n", ""))
    with pytest.raises(ArticleError) as caught:
        load_article(path)
    assert "sample.md" in str(caught.value)
    assert caught.value.field == "audience"


def test_bad_yaml_names_file(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.md", "---\ntitle: [unclosed\n---\nbody\n")
    with pytest.raises(ArticleError, match=r"broken\.md.*bad YAML"):
        load_article(path)


def test_missing_front_matter(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="front matter"):
        load_article(write(tmp_path, "plain.md", "只有正文"))


def test_id_must_equal_file_name(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match=r"other\.md: id"):
        load_article(write(tmp_path, "other.md", GOOD))


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("audience: staff", "audience: everyone", "audience"),
        ("updated: 2026-11-24", "updated: soon", "updated"),
        ("  - title: 示例来源\n", "  - titel: 示例来源\n", "sources"),
        ("id: sample", "id: Not_Kebab", "id"),
        ("questions: [问题一, 360能用吗]", "questions: []", "questions"),
    ],
)
def test_invalid_values_are_named(old: str, new: str, field: str) -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(GOOD.replace(old, new), "x.md")
    assert caught.value.field == field


def test_empty_body_is_an_error() -> None:
    with pytest.raises(ArticleError, match="body"):
        parse_article(GOOD.replace("第一句就是答案。\n", ""), "x.md")


def test_load_folder_sorted(articles_dir: Path) -> None:
    ids = [a.id for a in load_articles(articles_dir)]
    assert ids == sorted(ids)
    assert "sw-wps-personal" in ids
