"""JSON documents and JSON-lines logs, read with the same encoding rules as tables."""

from __future__ import annotations

import json
from pathlib import Path

from integrations.tables import cell_text, read_text
from inventory.records import ParseError, ParseProblem


def read_json_items(path: Path) -> list[tuple[int, object]]:
    """Items of a JSON array, a single JSON value, or JSON lines, each with a 1-based number."""
    text = read_text(path).lstrip("\ufeff")
    if not text.strip():
        raise _error(path, None, "文件为空 / the file is empty")
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return _json_lines(path, text)
    if isinstance(document, list):
        return list(enumerate(document, start=1))
    return [(1, document)]


def _json_lines(path: Path, text: str) -> list[tuple[int, object]]:
    """One JSON value per non-empty line, as osqueryd and fleetctl write them."""
    items: list[tuple[int, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append((number, json.loads(line)))
        except (json.JSONDecodeError, RecursionError) as exc:
            raise _error(path, number, f"JSON 格式错误 / invalid JSON: {exc}") from exc
    return items


def _error(path: Path, row: int | None, message: str) -> ParseError:
    return ParseError([ParseProblem(path.name, row, None, message)])


def text_of(value: object) -> str | None:
    """A scalar JSON value as trimmed text; objects, arrays and blanks are None."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return cell_text(value)
    return None


def dig(document: object, *keys: str) -> object:
    """Follow keys through nested objects; None where one is missing."""
    for key in keys:
        if not isinstance(document, dict):
            return None
        document = document.get(key)
    return document
