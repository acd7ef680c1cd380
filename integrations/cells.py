"""Typed readings of table cells: text, yes/no, counts and fixed choices."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from typing import TypeVar

from integrations.sources import cell_text
from integrations.tables import CellError

T = TypeVar("T")

_TRUE = {"是", "y", "yes", "1", "√", "✓", "✔", "true", "t", "能", "可以", "有", "对", "联网"}
_FALSE = {
    "否",
    "n",
    "no",
    "0",
    "×",
    "✗",
    "✘",
    "x",
    "false",
    "f",
    "不能",
    "不可以",
    "无",
    "不",
    "未联网",
}


def fold(text: str) -> str:
    """Fold text for matching words: NFKC, lower case, no spaces."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def text(value: object) -> str | None:
    """Optional text."""
    return cell_text(value)


def required_text(value: object) -> str:
    """Text that must be present."""
    result = cell_text(value)
    if result is None:
        raise CellError("必填项为空", "required value is empty")
    return result


def required(convert: Callable[[object], T | None]) -> Callable[[object], T]:
    """Wrap a converter so that a blank cell is a problem."""

    def convert_required(value: object) -> T:
        result = convert(value)
        if result is None:
            raise CellError("必填项为空", "required value is empty")
        return result

    return convert_required


def boolean(value: object) -> bool | None:
    """Yes/no in the many ways people write it (是/否, Y/N, 1/0, √/×)."""
    if isinstance(value, bool):
        return value
    raw = cell_text(value)
    if raw is None:
        return None
    word = fold(raw)
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError(f"无法识别的是/否 '{raw}'", "expected yes or no")


def positive_int(value: object) -> int | None:
    """A whole number above zero, e.g. a license count."""
    raw = cell_text(value)
    if raw is None:
        return None
    digits = fold(raw).removesuffix("套").removesuffix("个").removesuffix("份").replace(",", "")
    if not digits.isdecimal() or not digits.isascii() or int(digits) <= 0:
        raise CellError(f"数量应为正整数，而不是 '{raw}'", "quantity must be a positive integer")
    return int(digits)


def choice(
    words: Mapping[str, str], zh: str, en: str, keep_unknown: bool = False
) -> Callable[[object], str | None]:
    """A converter mapping folded words to codes; unknown words are kept or rejected."""
    folded = {fold(k): v for k, v in words.items()}

    def convert(value: object) -> str | None:
        raw = cell_text(value)
        if raw is None:
            return None
        code = folded.get(fold(raw))
        if code is not None:
            return code
        if keep_unknown:
            return raw
        raise CellError(f"{zh} '{raw}'", en)

    return convert
