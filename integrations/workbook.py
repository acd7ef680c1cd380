"""Stream rows of one sheet of an XLSX workbook with openpyxl in read-only mode."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook

from inventory.records import ParseError, ParseProblem

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
