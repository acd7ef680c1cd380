"""The part of a crack marker's regex that can match a name written in ASCII only.

Most installed-program names are Latin ("Adobe Photoshop 2024"), and a large share of the
catalog's marker alternatives need a Chinese, Japanese or Korean character to match (破解版,
序号, ライセンス). Searching a Latin name with those alternatives removed gives the same match
and costs about 40% less. The alternatives are read from the regex's parse tree: an alternative
needs a wide character when one of its mandatory items is a non-ASCII literal or a class of
non-ASCII characters only. Anything the reader does not understand is kept, so the narrowed
regex never misses a match the whole one would find.
"""

from __future__ import annotations

import re
from re import _compiler, _parser  # type: ignore[attr-defined]
from re._constants import (  # type: ignore[import-not-found]
    ATOMIC_GROUP,
    BRANCH,
    CATEGORY,
    IN,
    LITERAL,
    MAX_REPEAT,
    MIN_REPEAT,
    NEGATE,
    POSSESSIVE_REPEAT,
    RANGE,
    SUBPATTERN,
)
from typing import Any

_REPEATS = (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT)


def latin_pattern(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern without the alternatives that need a non-ASCII character; None if all do."""
    try:
        tree = _parser.parse(pattern.pattern, pattern.flags)
        whole = len(tree) == 1 and tree[0][0] is BRANCH
        branches = list(tree[0][1][1]) if whole else [tree]
        kept = [branch for branch in branches if not _needs_wide(branch)]
        if len(kept) == len(branches):
            return pattern
        if not kept:
            return None
        narrowed = _parser.SubPattern(tree.state, [(BRANCH, (None, kept))])
        return _compiler.compile(narrowed, pattern.flags)  # type: ignore[no-any-return]
    except Exception:
        return pattern


def _needs_wide(sequence: Any) -> bool:
    """Whether every match of a parsed sequence contains a non-ASCII character."""
    return any(_item_needs_wide(op, argument) for op, argument in sequence)


def _item_needs_wide(op: Any, argument: Any) -> bool:
    """Whether one mandatory item of a sequence always matches a non-ASCII character."""
    if op is LITERAL:
        return bool(argument > 127)
    if op is IN:
        return all(_wide_member(kind, value) for kind, value in argument)
    if op is SUBPATTERN:
        return _needs_wide(argument[-1])
    if op is BRANCH:
        return all(_needs_wide(branch) for branch in argument[1])
    if op in _REPEATS:
        low, _high, item = argument
        return bool(low >= 1) and _needs_wide(item)
    if op is ATOMIC_GROUP:
        return _needs_wide(argument)
    return False


def _wide_member(kind: Any, value: Any) -> bool:
    """Whether a character-class member admits only non-ASCII characters."""
    if kind in (NEGATE, CATEGORY):
        return False
    if kind is LITERAL:
        return bool(value > 127)
    if kind is RANGE:
        return bool(value[0] > 127)
    return False
