"""Read outside files as streams: text encodings, CSV and XLSX rows, JSON documents."""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from inventory.records import ParseError, ParseProblem

_CHUNK = 1 << 20
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


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


# openpyxl raises many unrelated exception types (zip, XML, lookup errors) for damaged files;
# this module turns all of them into a ParseError that names the file.


def iter_sheet_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[object]]]:
    """Yield (1-based row number, cell values) of the first or the named sheet."""
    workbook = _open(path)
    try:
        rows = _sheet(workbook, path, sheet).iter_rows(values_only=True)
        number = 0
        while True:
            try:
                values = next(rows, None)
            except Exception as exc:
                raise _unreadable(path, number + 1, exc) from exc
            if values is None:
                return
            number += 1
            yield number, list(values)
    finally:
        workbook.close()


def _open(path: Path) -> Workbook:
    """Open the workbook read-only, with cached formula values."""
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise _unreadable(path, None, exc) from exc


def _sheet(workbook: Workbook, path: Path, sheet: str | None) -> Any:
    """The named sheet, or the first one."""
    if sheet is not None and sheet not in workbook.sheetnames:
        names = "、".join(workbook.sheetnames)
        message = f"找不到工作表 '{sheet}'（现有：{names}） / no sheet '{sheet}' (found: {names})"
        raise ParseError([ParseProblem(path.name, None, None, message)])
    try:
        return workbook[sheet] if sheet is not None else workbook.worksheets[0]
    except Exception as exc:
        raise _unreadable(path, None, exc) from exc


def _unreadable(path: Path, row: int | None, exc: Exception) -> ParseError:
    message = f"无法读取 Excel 文件 / cannot read the workbook: {type(exc).__name__}: {exc}"
    return ParseError([ParseProblem(path.name, row, None, message[:300])])


def read_json_items(path: Path) -> list[tuple[int, object]]:
    """Items of a JSON array, a single JSON value, or JSON lines, each with a 1-based number."""
    text = read_text(path).lstrip("\ufeff")
    if not text.strip():
        raise _error(path, None, "文件为空 / the file is empty")
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
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
        except (ValueError, RecursionError) as exc:
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
