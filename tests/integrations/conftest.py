from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


def write_xlsx(path: Path, rows: Iterable[Sequence[Any]], title: str | None = None) -> Path:
    """Write rows to the first sheet of a new workbook (optionally named)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path
