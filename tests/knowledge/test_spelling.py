from __future__ import annotations

from knowledge.spelling import Speller


def test_unknown_latin_words_are_corrected_one_edit_away() -> None:
    speller = Speller({"xshell": 1, "navicat": 2, "wps": 5, "kmspico": 1, "pro": 9, "word": 3})
    assert speller.correct("xshel") == "xshell"
    assert speller.correct("navicate") == "navicat"
    assert speller.correct("kmspic0") == "kmspico"
    assert speller.correct("wsp") == "wps"  # short words: only swapped letters


def test_known_short_and_unrelated_words_are_kept() -> None:
    speller = Speller({"pro": 9, "word": 3, "wps": 5})
    assert speller.correct("wps") == "wps"
    assert speller.correct("pre") == "pre"  # not bent into a product name
    assert speller.correct("work") == "work"
    assert speller.correct("ps") == "ps"
    assert speller.correct("授权") == "授权"
    assert speller.correct("licensing") == "licensing"


def test_correct_all_keeps_order() -> None:
    speller = Speller({"xshell": 1})
    assert speller.correct_all(["xshel", "授权"]) == ("xshell", "授权")
