"""Text normalization and Chinese word segmentation (jieba with the domain dictionary)."""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import jieba

DATA_DIR = Path(__file__).resolve().parent / "data"
USERDICT_PATH = DATA_DIR / "userdict.txt"
STOPWORDS_PATH = DATA_DIR / "stopwords.txt"

_WINDOWS = re.compile(r"(?<![a-z])win(?:dows)?\s*(10|11|7|8\.1|8|xp|vista)(?![0-9])")
_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_KEEP_SYMBOLS = frozenset("+#.")
_LATIN = re.compile(r"(?<![0-9a-z])[a-z][a-z0-9+#.]*")
_SUFFIXES = (("ies", "y", 5), ("ing", "", 6), ("ed", "", 5), ("s", "", 4))

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_added: set[str] = set()


def _clean_char(char: str) -> str:
    """Map one character to itself, or to a space when it is punctuation, a symbol or control."""
    if char in _KEEP_SYMBOLS:
        return char
    category = unicodedata.category(char)
    if category[0] in "PSCZ":
        return " "
    return char


def normalize(text: str) -> str:
    """Fold width and case, drop punctuation and control characters, unify Windows names."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(_clean_char(char) for char in text)
    text = re.sub(r"(?<![0-9a-z])\.|\.(?![0-9a-z])", " ", text)
    text = _WINDOWS.sub(lambda m: f"windows{m.group(1)}", text)
    return _SPACES.sub(" ", text).strip()


def normalize_key(text: str) -> str:
    """Return the spaceless normal form used to compare phrasings exactly (pins, duplicates)."""
    return normalize(text).replace(" ", "")


@cache
def stopwords() -> frozenset[str]:
    """Return the words that carry no topic (Chinese particles, English function words)."""
    words: set[str] = set()
    for line in STOPWORDS_PATH.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


def read_userdict(path: Path) -> list[tuple[str, int | None]]:
    """Read ``word [frequency]`` lines, normalizing each word like a question."""
    entries: list[tuple[str, int | None]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, rest = line.rpartition(" ")
        if not word or not rest.isdigit():
            word, rest = line, ""
        entries.append((normalize(word).replace(" ", ""), int(rest) if rest else None))
    return entries


def _tokenizer_instance() -> jieba.Tokenizer:
    """Create the shared tokenizer on first use, quietly, with the domain dictionary."""
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            for word, freq in read_userdict(USERDICT_PATH):
                tokenizer.add_word(word, freq)
                _added.add(word)
            _tokenizer = tokenizer
        return _tokenizer


def warm_up() -> None:
    """Load the dictionaries now (about a second) instead of on the first question."""
    _tokenizer_instance()
    stopwords()


def add_words(words: Iterable[str]) -> None:
    """Teach the segmenter extra words (normalized), e.g. the synonym table's phrases."""
    tokenizer = _tokenizer_instance()
    with _lock:
        for word in words:
            key = normalize(word).replace(" ", "")
            if len(key) > 1 and key not in _added:
                tokenizer.add_word(key, 500)
                _added.add(key)


def _jieba_cut(tokenizer: jieba.Tokenizer, text: str) -> list[str]:
    """Segment a stretch without Latin words (search-engine mode), dropping spaces."""
    return (
        [word for word in tokenizer.lcut_for_search(text) if word.strip()] if text.strip() else []
    )


def cut(text: str) -> list[str]:
    """Segment normalized text: Latin words stay whole, the rest goes through jieba."""
    tokenizer = _tokenizer_instance()
    words: list[str] = []
    position = 0
    for match in _LATIN.finditer(text):
        words += _jieba_cut(tokenizer, text[position : match.start()])
        words.append(match.group().rstrip("."))
        position = match.end()
    return words + _jieba_cut(tokenizer, text[position:])


def stem(word: str) -> str:
    """Reduce an English word to a crude stem (licenses, licensed, license -> licens)."""
    if not word.isascii() or not word.isalpha():
        return word
    for suffix, replacement, min_length in _SUFFIXES:
        if len(word) >= min_length and word.endswith(suffix) and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    return word[:-1] if len(word) >= 5 and word.endswith("e") else word


def tokens(text: str) -> list[str]:
    """Normalize and segment text, dropping stopwords."""
    stop = stopwords()
    return [word for word in cut(normalize(text)) if word not in stop]


def bigrams(normalized: str) -> list[str]:
    """Return the character bigrams of each run of Chinese characters (a lone character too)."""
    grams: list[str] = []
    for run in _CJK.findall(normalized):
        if len(run) == 1:
            grams.append(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams
