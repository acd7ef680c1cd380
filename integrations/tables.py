"""Tables matched against column aliases: header row search, rows by field, problems per cell."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from integrations.sources import cell_text, iter_raw_rows
from inventory.records import ParseError, ParseProblem

T = TypeVar("T")
HEADER_SCAN_ROWS = 10
MAX_PROBLEMS = 200
_NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")
_DROP = re.compile(r"[\s*_\-:.]+")


class CellError(ValueError):
    """A cell value that cannot be read; carries a Chinese and an English message."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} / {en}")


class Problems:
    """Problems found in one file; raises once `MAX_PROBLEMS` are collected."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[ParseProblem] = []

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, row: int | None, column: str | None, zh: str, en: str) -> None:
        """Record one problem; stop the parse when the cap is reached."""
        self.items.append(ParseProblem(self.file, row, column, f"{zh} / {en}"))
        if len(self.items) >= MAX_PROBLEMS - 1:
            note = "问题过多，已停止检查 / too many problems, stopped here"
            self.items.append(ParseProblem(self.file, None, None, note))
            raise ParseError(list(self.items))

    def check(self) -> None:
        """Raise `ParseError` with every problem, if there is any."""
        if self.items:
            raise ParseError(list(self.items))


@dataclass(frozen=True, slots=True)
class Column:
    """One logical field of a table and the header texts that name it."""

    field: str
    aliases: tuple[str, ...]
    required: bool = False

    @property
    def label(self) -> str:
        """The name shown to users: the first alias."""
        return self.aliases[0]


@dataclass(frozen=True, slots=True)
class Row:
    """One non-blank data row: its 1-based number and raw cells by field."""

    number: int
    cells: dict[str, object]


@dataclass
class Table:
    """A table whose header was matched; iterate `rows` once."""

    file: str
    headers: dict[str, str]
    rows: Iterator[Row]
    problems: Problems = field(init=False)

    def __post_init__(self) -> None:
        self.problems = Problems(self.file)

    def has(self, name: str) -> bool:
        """Whether the file has a column for this field."""
        return name in self.headers

    def value(self, row: Row, name: str, convert: Callable[[object], T]) -> T | None:
        """Convert one cell; record a problem with row and header and return None if bad."""
        try:
            return convert(row.cells.get(name))
        except CellError as exc:
            self.problems.add(row.number, self.headers.get(name, name), exc.zh, exc.en)
            return None


def normalize_header(text: object) -> str:
    """Fold a header for matching: NFKC, no notes in brackets, spaces, asterisks; lower case."""
    folded = unicodedata.normalize("NFKC", str(text)).replace("必填", "").replace("选填", "")
    stripped = _NOTES.sub("", folded)
    return _DROP.sub("", stripped or folded).lower()


def open_table(path: Path, columns: Sequence[Column], sheet: str | None = None) -> Table:
    """Find the header row among the first rows, map it to columns and stream the rest."""
    raw = iter_raw_rows(path, sheet)
    best: tuple[int, list[str], dict[str, int]] | None = None
    for number, cells in _first_nonblank(raw, HEADER_SCAN_ROWS):
        texts = [cell_text(c) or "" for c in cells]
        mapping = match_header(texts, columns)
        if all(c.field in mapping for c in columns if c.required):
            headers = {name: texts[i] for name, i in mapping.items()}
            return Table(path.name, headers, _mapped_rows(raw, mapping))
        if best is None or len(mapping) > len(best[2]):
            best = (number, texts, mapping)
    raise ParseError([_missing_problem(path.name, columns, best)])


def _first_nonblank(
    raw: Iterator[tuple[int, list[object]]], limit: int
) -> Iterator[tuple[int, list[object]]]:
    """Yield up to `limit` non-blank rows from the start of the stream."""
    seen = 0
    for number, cells in raw:
        if any(cell_text(c) for c in cells):
            yield number, cells
            seen += 1
            if seen >= limit:
                return


def match_header(texts: Sequence[str], columns: Sequence[Column]) -> dict[str, int]:
    """Map field names to header positions; the first matching position wins."""
    lookup = {normalize_header(a): c.field for c in columns for a in c.aliases}
    mapping: dict[str, int] = {}
    for index, text in enumerate(texts):
        name = lookup.get(normalize_header(text)) if text else None
        if name is not None and name not in mapping:
            mapping[name] = index
    return mapping


def _missing_problem(
    file: str, columns: Sequence[Column], best: tuple[int, list[str], dict[str, int]] | None
) -> ParseProblem:
    """One problem naming every missing required column and the headers found."""
    found = best[2] if best else {}
    missing = "、".join(c.label for c in columns if c.required and c.field not in found)
    headers = "、".join(t for t in best[1] if t) if best else "（空文件 / empty file）"
    message = f"缺少必需的列：{missing}；找到的列：{headers} / missing required columns: {missing}; headers found: {headers}"
    return ParseProblem(file, best[0] if best else None, None, message)


def _mapped_rows(raw: Iterator[tuple[int, list[object]]], mapping: dict[str, int]) -> Iterator[Row]:
    """Turn raw rows after the header into `Row`s, skipping blank ones."""
    for number, cells in raw:
        picked = {name: cells[i] if i < len(cells) else None for name, i in mapping.items()}
        if any(cell_text(v) for v in picked.values()):
            yield Row(number, picked)
