"""Stream rows of one sheet of an XLSX workbook with openpyxl in read-only mode."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from inventory.records import ParseError, ParseProblem


def iter_sheet_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, list[object]]]:
    """Yield (1-based row number, cell values) of the first or the named sheet."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        message = f"无法打开 Excel 文件 / cannot open the workbook: {exc}"
        raise ParseError([ParseProblem(path.name, None, None, message)]) from exc
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            names = "、".join(workbook.sheetnames)
            message = (
                f"找不到工作表 '{sheet}'（现有：{names}） / no sheet '{sheet}' (found: {names})"
            )
            raise ParseError([ParseProblem(path.name, None, None, message)])
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()
