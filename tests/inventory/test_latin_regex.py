from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from inventory.catalog import load_catalog
from inventory.latin_regex import latin_pattern
from inventory.normalize import clean_name


def test_alternatives_that_need_a_wide_character_are_dropped() -> None:
    pattern = re.compile("(?:破解版)|(?:\\bcrack\\b)|(?:[(（]\\s*绿色\\s*[)）])|(?:注册\\s*机)")
    narrowed = latin_pattern(pattern)
    assert narrowed is not None and narrowed is not pattern
    assert narrowed.search("foo crack") is not None
    assert narrowed.search("破解版") is None  # a Latin name never meets it; the wide part is gone


@pytest.mark.parametrize(
    "source",
    [
        "\\bkeygen\\b",  # nothing wide
        "(?:破解)?\\s*keygen",  # the wide part is optional
    ],
)
def test_a_pattern_a_latin_name_can_match_is_kept_whole(source: str) -> None:
    pattern = re.compile(source)
    assert latin_pattern(pattern) is pattern


def test_a_group_of_alternatives_keeps_its_latin_one() -> None:
    narrowed = latin_pattern(re.compile("(?:补丁|patch)"))
    assert narrowed is not None and narrowed.search("foo patch") is not None


def test_a_pattern_only_wide_names_can_match_is_none() -> None:
    assert latin_pattern(re.compile("(?:破解)|(?:[一-龥]+版)|(?:注册{1,3}机)")) is None
    assert latin_pattern(re.compile("[^)]{0,8}激活")) is None  # the literal is mandatory


CRACK = Path(__file__).parent / "fixtures" / "classify" / "crack.csv"


def test_the_catalogs_markers_find_the_same_match_on_latin_names() -> None:
    """Every Latin fixture name meets the same marker text through the narrowed patterns."""
    with CRACK.open(encoding="utf-8") as handle:
        names = [clean_name(r["display_name"]) for r in csv.DictReader(handle)]
    latin = [n for n in names if n.isascii()]
    assert len(latin) > 200
    for signal in load_catalog().markers:
        narrowed = latin_pattern(signal.pattern)
        for name in latin:
            whole = signal.pattern.search(name)
            part = narrowed.search(name) if narrowed is not None else None
            assert (whole and whole.group(0)) == (part and part.group(0)), (signal.reason, name)
