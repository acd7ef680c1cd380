"""Collect parse problems across a file and raise them together."""

from __future__ import annotations

from inventory.records import ParseError, ParseProblem

MAX_PROBLEMS = 200


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
