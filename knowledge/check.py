"""Validation of an article folder: front matter, ids, duplicate phrasings, links, bodies."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.articles import ArticleError, article_paths, field_problems, split_front_matter
from knowledge.segment import normalize_key

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|//)", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one article file."""

    path: str
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.field}" if self.field else self.path
        return f"{where}: {self.message}"


def _file_problems(path: Path) -> tuple[list[Problem], dict[str, Any], str]:
    """Check one file on its own; return its problems, front matter and body."""
    try:
        meta, body = split_front_matter(path.read_text(encoding="utf-8"), path)
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(path.name, None, f"cannot read: {exc}")], {}, ""
    except ArticleError as exc:
        return [Problem(path.name, exc.field, exc.reason)], {}, ""
    problems = [Problem(path.name, f, m) for f, m in field_problems(meta, body)]
    if isinstance(meta.get("id"), str) and meta["id"] != path.stem:
        problems.append(Problem(path.name, "id", f"'{meta['id']}' must equal the file name"))
    return problems, meta, body


def broken_links(body: str, folder: Path) -> list[str]:
    """Return the relative link targets of a body that do not exist in the folder."""
    missing = []
    for target in _LINK.findall(body):
        if _EXTERNAL.match(target):
            continue
        relative = target.split("#", 1)[0]
        if relative and not (folder / relative).is_file():
            missing.append(target)
    return missing


def _duplicates(owners: dict[str, list[str]], field: str, what: str) -> list[Problem]:
    """Report every value claimed by more than one file."""
    return [
        Problem(name, field, f"{what} '{value}' also in {', '.join(n for n in names if n != name)}")
        for value, names in sorted(owners.items())
        if len(set(names)) > 1
        for name in sorted(set(names))
    ]


def _phrasings(meta: dict[str, Any]) -> set[str]:
    """Return the normalized question phrasings of one article (ignoring bad values)."""
    questions = meta.get("questions")
    if not isinstance(questions, list):
        return set()
    return {normalize_key(str(q)) for q in questions if normalize_key(str(q))}


def check_articles(folder: Path) -> list[Problem]:
    """Validate every article of a folder; an empty list means the folder is fine."""
    if not folder.is_dir():
        return [Problem(str(folder), None, "is not a folder")]
    problems: list[Problem] = []
    ids: dict[str, list[str]] = defaultdict(list)
    questions: dict[str, list[str]] = defaultdict(list)
    for path in article_paths(folder):
        found, meta, body = _file_problems(path)
        problems += found
        if isinstance(meta.get("id"), str):
            ids[meta["id"]].append(path.name)
        for key in _phrasings(meta):
            questions[key].append(path.name)
        problems += [
            Problem(path.name, "body", f"link to missing '{t}'") for t in broken_links(body, folder)
        ]
    problems += _duplicates(ids, "id", "id")
    problems += _duplicates(questions, "questions", "question")
    return problems
