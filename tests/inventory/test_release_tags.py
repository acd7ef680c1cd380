"""Release tags: a group's tag closing a name, told apart from every known program's words."""

from __future__ import annotations

import pytest

from inventory.catalog import load_catalog
from inventory.release_tags import ReleaseTags, catalog_names


@pytest.fixture(scope="module")
def tags() -> ReleaseTags:
    return ReleaseTags.from_names([*catalog_names(load_catalog()), "ImageJ", "Fastboot Tools"])


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("originpro 2019b - shooters", "shooters"),
        ("houdini fx 19.5.303 [cgpeers]", "cgpeers"),
        ("dragon professional individual v15.3 multilanguage - snd", "snd"),
        ("spitfire bbc symphony orchestra 1.6 (audioz release)", "audioz release"),
        ("sdl trados studio 2017 sr1 professional - btcr", "btcr"),
    ],
)
def test_an_unknown_word_closing_a_name_is_a_release_tag(
    tags: ReleaseTags, text: str, tag: str
) -> None:
    marker = tags.find(text)
    assert marker is not None and marker.weak and marker.named_only
    assert f"'{tag}'" in marker.reason


@pytest.mark.parametrize(
    "text",
    [
        "python 3.11.4 (64-bit)",
        "microsoft office professional plus 2016 - zh-cn",
        "fiji (imagej)",
        "android platform tools (fastboot)",
        "heroes of might and magic 3 (gog.com)",
        "visual studio code (user)",
        "autocad 2024 - 简体中文",
        "java 8 update 381 (build 9)",
        "readiris corporate 17.4 [at-team]",
        "steinberg cubase pro 12 - vr",
    ],
)
def test_known_words_architecture_language_and_short_words_are_not_tags(
    tags: ReleaseTags, text: str
) -> None:
    assert tags.find(text) is None
