from __future__ import annotations

from pathlib import Path

from knowledge.check import Problem, broken_links, check_articles


def by_file(problems: list[Problem]) -> dict[str, set[str | None]]:
    found: dict[str, set[str | None]] = {}
    for p in problems:
        found.setdefault(p.path, set()).add(p.field)
    return found


def test_fixture_articles_are_clean(articles_dir: Path) -> None:
    assert check_articles(articles_dir) == []


def test_broken_fixtures_are_reported(broken_dir: Path) -> None:
    found = by_file(check_articles(broken_dir))
    assert found["missing-title.md"] == {"title"}
    assert found["bad-audience.md"] == {"audience"}
    assert found["bad-date.md"] == {"updated"}
    assert found["empty-body.md"] == {"body"}
    assert found["no-source-title.md"] == {"sources"}
    assert found["wrong-id.md"] == {"id"}
    assert found["bad-yaml.md"] == {None}
    assert found["no-front-matter.md"] == {None}
    assert found["dup-question.md"] == {"questions"}
    assert found["good-one.md"] == {"body", "questions", "id"}
    assert "id" in found["dup-question-id.md"]


def test_messages_are_readable(broken_dir: Path) -> None:
    text = "\n".join(str(p) for p in check_articles(broken_dir))
    assert "good-one.md: body: link to missing 'missing-article.md'" in text
    assert "question '好的问题甲' also in" in text
    assert "bad-yaml.md: bad YAML" in text


def test_links(tmp_path: Path) -> None:
    (tmp_path / "there.md").write_text("x", encoding="utf-8")
    body = (
        "[a](there.md) [b](there.md#part) [c](https://x.org) [d](#top) [e](gone.md) ![i](pic.png)"
    )
    assert broken_links(body, tmp_path) == ["gone.md"]


def test_not_a_folder(tmp_path: Path) -> None:
    assert check_articles(tmp_path / "nope")[0].message == "is not a folder"
