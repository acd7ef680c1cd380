"""Knowledge articles: Markdown files with YAML front matter, loaded into immutable records."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

AUDIENCES = ("public", "staff", "technician", "admin")
REQUIRED_FIELDS = ("id", "title", "questions", "tags", "audience", "sources", "updated")
ARTICLES_DIR = Path(__file__).resolve().parent / "articles"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ArticleError(ValueError):
    """An article file that cannot be loaded; the message names the file and the field."""

    def __init__(self, path: Path | str, field: str | None, message: str) -> None:
        self.path = str(path)
        self.field = field
        self.reason = message
        where = f"{Path(path).name}: {field}" if field else Path(path).name
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Source:
    """Where an article's facts come from (a law, a notice, a vendor page)."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class Article:
    """One question-and-answer article of the knowledge base."""

    id: str
    title: str
    questions: tuple[str, ...]
    tags: tuple[str, ...]
    audience: str
    sources: tuple[Source, ...]
    updated: date
    body: str
    path: Path | None = None

    @property
    def phrasings(self) -> tuple[str, ...]:
        """Return the title followed by every question phrasing."""
        return (self.title, *self.questions)


def split_front_matter(text: str, path: Path | str) -> tuple[dict[str, Any], str]:
    """Split ``---`` YAML front matter from the Markdown body; raise ArticleError if malformed."""
    text = text.lstrip("\ufeff")
    match = re.match(r"^---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", text, re.DOTALL)
    if match is None:
        raise ArticleError(path, None, "missing front matter (a '---' block at the top)")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise ArticleError(path, None, f"bad YAML in front matter: {exc}") from exc
    if not isinstance(meta, dict):
        raise ArticleError(path, None, "front matter is not a mapping")
    return meta, text[match.end() :].strip()


def _is_text(value: object) -> bool:
    """Tell whether a YAML scalar reads as non-empty text (numbers such as 360 count)."""
    return (
        isinstance(value, str | int | float)
        and not isinstance(value, bool)
        and bool(str(value).strip())
    )


def _is_str_list(value: object) -> bool:
    """Tell whether a value is a list of non-empty text scalars."""
    return isinstance(value, list) and all(_is_text(v) for v in value)


def _source_problems(value: object) -> list[str]:
    """Describe what is wrong with a ``sources`` value (empty list when fine)."""
    if not isinstance(value, list) or not value:
        return ["must be a non-empty list"]
    problems = []
    for n, item in enumerate(value, 1):
        if not isinstance(item, dict) or not str(item.get("title") or "").strip():
            problems.append(f"item {n} needs a title")
        elif item.get("url") is not None and not isinstance(item["url"], str):
            problems.append(f"item {n}: url must be text")
    return problems


def field_problems(meta: dict[str, Any], body: str) -> list[tuple[str, str]]:
    """Return (field, message) pairs for every front-matter or body problem found."""
    problems = [(name, "is required") for name in REQUIRED_FIELDS if meta.get(name) is None]
    checks: dict[str, tuple[bool, str]] = {
        "id": (
            isinstance(meta.get("id"), str) and bool(_ID.match(meta["id"])),
            "must be kebab-case ascii",
        ),
        "title": (
            isinstance(meta.get("title"), str) and bool(meta["title"].strip()),
            "must be text",
        ),
        "questions": (
            _is_str_list(meta.get("questions")) and bool(meta["questions"]),
            "must be a non-empty list of text",
        ),
        "tags": (_is_str_list(meta.get("tags")), "must be a list of text"),
        "audience": (meta.get("audience") in AUDIENCES, f"must be one of {', '.join(AUDIENCES)}"),
        "updated": (isinstance(meta.get("updated"), date), "must be a date (YYYY-MM-DD)"),
    }
    present = {name for name in REQUIRED_FIELDS if meta.get(name) is not None}
    problems += [(name, msg) for name, (ok, msg) in checks.items() if name in present and not ok]
    if "sources" in present:
        problems += [("sources", msg) for msg in _source_problems(meta["sources"])]
    if not body.strip():
        problems.append(("body", "is empty"))
    return problems


def parse_article(text: str, path: Path | str = "<text>") -> Article:
    """Parse one article's text; raise ArticleError naming the first bad field."""
    meta, body = split_front_matter(text, path)
    problems = field_problems(meta, body)
    if problems:
        field, message = problems[0]
        raise ArticleError(path, field, message)
    updated = meta["updated"]
    return Article(
        id=meta["id"],
        title=meta["title"].strip(),
        questions=tuple(str(q).strip() for q in meta["questions"]),
        tags=tuple(str(t).strip() for t in meta["tags"]),
        audience=meta["audience"],
        sources=tuple(Source(str(s["title"]).strip(), s.get("url")) for s in meta["sources"]),
        updated=updated.date() if hasattr(updated, "date") else updated,
        body=body,
        path=Path(path),
    )


def load_article(path: Path) -> Article:
    """Load one article file; raise ArticleError (naming the file) when it is invalid."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ArticleError(path, None, f"cannot read: {exc}") from exc
    article = parse_article(text, path)
    if article.id != path.stem:
        raise ArticleError(path, "id", f"'{article.id}' must equal the file name '{path.stem}'")
    return article


def article_paths(folder: Path) -> list[Path]:
    """Return the article files of a folder, sorted by name."""
    return sorted(p for p in folder.glob("*.md") if p.is_file() and not p.name.startswith("."))


def load_articles(folder: Path | None = None) -> list[Article]:
    """Load every article of a folder (the shipped one by default); raise on the first bad file."""
    return [load_article(path) for path in article_paths(folder or ARTICLES_DIR)]
