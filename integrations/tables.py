"""Read CSV and XLSX tables as streams of rows, matched against column aliases."""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from integrations.problems import CellError, Problems
from inventory.records import ParseError, ParseProblem

T = TypeVar("T")
HEADER_SCAN_ROWS = 10
_CHUNK = 1 << 20
_NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")
_DROP = re.compile(r"[\s*_\-:.]+")
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


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


def cell_text(value: object) -> str | None:
    """Cell as trimmed text; integral floats lose their `.0`; blank is None."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\x00", "").strip()
    return text or None


def detect_encoding(path: Path) -> str:
    """Pick the text encoding: BOM, else UTF-8 if the whole file decodes, else GB18030."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        if _decodes(path, encoding):
            return encoding
    raise ParseError([ParseProblem(path.name, None, None, _ENCODING_MESSAGE)])


_ENCODING_MESSAGE = (
    "无法识别的文件编码（应为 UTF-8 或 GBK） / unknown text encoding (expected UTF-8 or GBK)"
)


def _decodes(path: Path, encoding: str) -> bool:
    """Whether the file decodes fully in this encoding, read in chunks."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def read_text(path: Path) -> str:
    """Read a whole small text file with the encoding `detect_encoding` picks."""
    encoding = detect_encoding(path)
    try:
        return path.read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise ParseError([ParseProblem(path.name, None, None, _ENCODING_MESSAGE)]) from exc


def iter_raw_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[object]]]:
    """Yield (1-based row number, cells) from a CSV or XLSX file, lazily."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        message = "不支持 .xls 旧格式，请另存为 .xlsx / .xls is not supported, save it as .xlsx"
        raise ParseError([ParseProblem(path.name, None, None, message)])
    if suffix in EXCEL_SUFFIXES:
        from integrations.workbook import iter_sheet_rows

        return iter_sheet_rows(path, sheet)
    return _iter_csv_rows(path, detect_encoding(path))


def _iter_csv_rows(path: Path, encoding: str) -> Iterator[tuple[int, list[object]]]:
    """Yield CSV records with their record numbers (as Excel would show them)."""
    number = 0
    try:
        with path.open(encoding=encoding, newline="") as handle:
            delimiter = _sniff_delimiter(handle.read(8192))
            handle.seek(0)
            for number, record in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
                yield number, list(record)
    except (csv.Error, UnicodeError) as exc:
        message = f"无法读取 CSV 文件 / unreadable CSV: {exc}"
        raise ParseError([ParseProblem(path.name, number + 1, None, message)]) from exc


def _sniff_delimiter(sample: str) -> str:
    """Comma, tab or semicolon: whichever the first line uses most."""
    first = sample.lstrip("\ufeff").splitlines()[0] if sample.strip() else ""
    counts = {d: first.count(d) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


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
