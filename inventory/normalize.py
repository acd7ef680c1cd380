"""Normalization of installed-program display names and publishers before classification.

Display names from Add/Remove Programs carry noise that says nothing about the product:
versions, architecture markers, language tags, build numbers and update prefixes. Publishers
come in many spellings ("Microsoft Corporation", "微软", "珠海金山办公软件有限公司"). Names
written in traditional characters (會聲會影, 註冊機, 綠色版) are folded to simplified ones, so the
catalog, the crack markers and the registry read them as their simplified spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from importlib import resources

_SPACES = re.compile(r"\s+")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "，": ",", "：": ":"})

_ARCH = re.compile(
    r"\(\s*(?:x64|x86|x86_64|amd64|arm64|64|32)[\s-]*(?:bit|位)?\s*\)"
    r"|\b(?:x64|x86|x86_64|amd64|arm64|win64|win32|i386|i686)\b"
    r"|\b(?:64|32)[\s-]?bits?\b|(?:64|32)\s?位(?:版)?"
)
_LANG = re.compile(
    r"\b(?:zh|en|ja|ko|de|fr|es|ru|it|pt)[-_](?:cn|tw|hk|us|gb|jp|kr|de|fr|es|ru|it|br|pt|hans|hant)\b"
    r"|\b(?:chinese|english)(?:\s*\(?(?:simplified|traditional)\)?)?"
    r"|简体中文版?|繁体中文版?|中文版|多语言版?"
)
_KB = re.compile(r"\(?\bkb\d{5,8}\b\)?")
_UPDATE_PREFIX = re.compile(r"^(?:security\s+)?(?:update|hotfix)\s+for\s+|^(?:安全)?更新\s*:?\s*")
_VERSION = re.compile(
    r"(?<![a-z])v?\d+(?:\.\d+){1,4}(?:[a-z]\d*)?(?![\d.a-z])"
    r"|\b(?:version|build|ver|rev)\.?\s*[\d.]+|\(build[^)]*\)"
)
_BARE_BUILD = re.compile(r"(?<![\w.-])\d+(?![\w.-])|(?<![\d.])\d{4,}(?![\d.])")
_REMARK = re.compile(r"\s+-\s+$")
_LONE_DASH = re.compile(r"(?<=\s)-(?=\s|$)")
_EMPTY_PARENS = re.compile(r"\(\s*[-,.]*\s*\)|\[\s*\]")
_PUNCT_EDGE = re.compile(r"^[\s\-_.,:;|]+|[\s\-_.,:;|]+$")
_PACKAGE = re.compile(r"^[a-z0-9]+(?:[._+-][a-z0-9]+)+$")
_PACKAGE_SEPARATOR = re.compile(r"[._+-]+")
_WORD_THEN_NUMBER = re.compile(r"(?<=[a-z]{4})(?=\d)")
_ASCII_SPACE = re.compile(r"(?<=[a-z0-9])\\ (?=[a-z0-9])")  # re.escape writes a space as "\ "
# Where Chinese meets ASCII a name may or may not have a space ("汉王ocr", "汉王 ocr").
_SEAM = r"(?<=[\u4e00-\u9fff]){space}(?=[a-z0-9])|(?<=[a-z0-9]){space}(?=[\u4e00-\u9fff])"
_SCRIPT_CHANGE = re.compile(_SEAM.format(space=r"(?:\\ )?"))  # on an escaped keyword
_ANCHOR_END = re.compile(r"\s|" + _SEAM.format(space=""))
# A crack word fused to the program it cracks ("typoracracker", "burploader", "xmindcrack").
_FUSED_CRACK = re.compile(r"(?<=[a-z0-9]{3})(cracker|crack|keygen|patcher|activator|loader)\b")

_PUB_SUFFIX = re.compile(
    r"\b(?:co|corp|corporation|inc|incorporated|ltd|limited|llc|gmbh|s\.?r\.?l|s\.?a|ag|ab|as|bv|"
    r"plc|pty|company|technologies|technology|software|systems|group|international|network)\b\.?"
    r"|\bs\.r\.o\b\.?"
    r"|[,.]"
    r"|股份有限公司|有限责任公司|有限公司|集团|公司"
)
_LEGAL_FORM = re.compile(
    r"(?<=[\s,(])(?:inc|incorporated|corp|corporation|ltd|limited|llc|l\.l\.c|gmbh|kg|s\.r\.l|srl"
    r"|s\.a|sa|ag|ab|a/s|aps|oy|bv|b\.v|nv|plc|pty|k\.k|s\.r\.o|co)\.?(?=$|[\s,.)])"
    r"|有限公司|有限责任公司|股份|株式会社"
)
_PUB_CN_TAIL = re.compile(r"(?:网络|信息|科技|技术|软件|计算机|电子|系统|发展|传媒|服务)+$")
_PUB_PLACE = re.compile(
    r"[(（][^)）]*[)）]|^(?:北京|上海|广州|深圳|珠海|杭州|武汉|南京|成都|天津)(?:市)?"
)


def fold(text: str) -> str:
    """Unicode-fold a string: NFKC, simplified characters, lower case, ASCII brackets, spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_BRACKETS).lower()
    return _SPACES.sub(" ", simplified(text)).strip()


def simplified(text: str) -> str:
    """Traditional Chinese characters of a text as simplified ones (會聲會影 -> 会声会影)."""
    return text.translate(_simplified_table())


@cache
def _simplified_table() -> dict[int, str]:
    """OpenCC's traditional-to-simplified character table, its first choice for each character."""
    text = resources.files("opencc").joinpath("dictionary/TSCharacters.txt")
    table: dict[int, str] = {}
    for line in text.read_text(encoding="utf-8").splitlines():
        source, _, targets = line.partition("\t")
        target = targets.split(" ")[0]
        if len(source) == 1 and target and target != source:
            table[ord(source)] = target
    return table


def clean_name(display_name: str) -> str:
    """Drop architecture, language, KB and update-prefix noise but keep version numbers."""
    text = fold(display_name)
    text = _UPDATE_PREFIX.sub("", text)
    text = _KB.sub(" ", text)
    text = _ARCH.sub(" ", text)
    text = _LANG.sub(" ", text)
    text = _EMPTY_PARENS.sub(" ", text)
    text = _SPACES.sub(" ", text)
    return _PUNCT_EDGE.sub("", _REMARK.sub("", text))


def core_name(display_name: str) -> str:
    """Return the name without versions or build numbers: the key for fuzzy matching."""
    text = _VERSION.sub(" ", clean_name(display_name))
    text = _BARE_BUILD.sub(" ", text)
    text = _LONE_DASH.sub(" ", _EMPTY_PARENS.sub(" ", text))
    text = _SPACES.sub(" ", text)
    return _PUNCT_EDGE.sub("", text)


def unfused(text: str) -> str | None:
    """A cleaned name with a fused crack word split off ("typoracracker" -> "typora cracker").

    None when no crack word is fused to a name.
    """
    split = _FUSED_CRACK.sub(r" \1", text)
    return None if split == text else split


def package_words(text: str) -> str | None:
    """A package name's words ("com.autodesk.autocad2014.deepin-wine" -> "... autocad 2014 ...").

    Only the first word of the cleaned name is read ("autocad2018-wine 22.0.49-1": its version
    follows); None when that word is not shaped like a package (no separator).
    """
    head = text.split(" ", 1)[0]
    if _PACKAGE.match(head) is None:
        return None
    return _WORD_THEN_NUMBER.sub(" ", _PACKAGE_SEPARATOR.sub(" ", head))


def publisher_key(publisher: str) -> str:
    """Reduce a publisher to a bare comparable string (no legal suffixes, places or punctuation)."""
    text = fold(publisher)
    text = _PUB_PLACE.sub(" ", text)
    text = _PUB_SUFFIX.sub(" ", text)
    text = _PUB_PLACE.sub(" ", text.strip())
    text = _SPACES.sub(" ", text).strip()
    return _PUB_CN_TAIL.sub("", text).strip() or text


def is_company(publisher: str | None) -> bool:
    """Whether a publisher names a company by its legal form (Inc., GmbH, 有限公司 ...)."""
    return bool(publisher) and _LEGAL_FORM.search(fold(publisher or "")) is not None


class PublisherNormalizer:
    """Map publisher spellings to canonical vendor keys via an alias table."""

    def __init__(self, aliases: Mapping[str, str]) -> None:
        self._exact: dict[str, str] = {}
        for alias, vendor in aliases.items():
            self._exact[fold(alias)] = vendor
            key = publisher_key(alias)
            if key:
                self._exact.setdefault(key, vendor)
        by_length = sorted(self._exact.items(), key=lambda kv: -len(kv[0]))
        self._contains = [(alias, vendor) for alias, vendor in by_length if len(alias) >= 3]
        self._cache: dict[str, str | None] = {}

    def vendor(self, publisher: str | None) -> str | None:
        """Return the canonical vendor key of a publisher string, or None when unknown."""
        if not publisher or not publisher.strip():
            return None
        hit = self._cache.get(publisher, "")
        if hit != "":
            return hit
        result = self._lookup(publisher)
        if len(self._cache) < 100_000:
            self._cache[publisher] = result
        return result

    def _lookup(self, publisher: str) -> str | None:
        """Try exact alias, reduced key, then the longest alias contained in the key."""
        folded = fold(publisher)
        if folded in self._exact:
            return self._exact[folded]
        key = publisher_key(publisher)
        if key in self._exact:
            return self._exact[key]
        for alias, vendor in self._contains:
            if _contains_alias(key, alias):
                return vendor
        return None


def _contains_alias(text: str, alias: str) -> bool:
    """Whether the alias occurs in the text; ASCII aliases must sit on word boundaries."""
    if not alias.isascii():
        return alias in text
    start = text.find(alias)
    while start >= 0:
        end = start + len(alias)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not _ascii_word(before) and not _ascii_word(after):
            return True
        start = text.find(alias, start + 1)
    return False


def _ascii_word(char: str) -> bool:
    """Whether a character is an ASCII letter or digit."""
    return char.isascii() and char.isalnum()


def keyword_regex(keyword: str) -> str:
    """Regex for a keyword on a folded name; ASCII ends must not touch other letters/digits."""
    text = fold(keyword)
    fused = len(text) >= 14 and text.isascii() and text.isalpha()  # "jrebellicenseserverforjava"
    tail = "(?![a-z])" if text[-1:].isascii() and text[-1:].isalpha() and not fused else ""
    if not (text[:1].isascii() and text[:1].isalnum()):
        return _spaced(text) + tail
    # The boundary check sits after the first literal so re can skip positions by first char.
    return re.escape(text[0]) + "(?<![a-z0-9].)" + _spaced(text[1:]) + tail


def keyword_core(keyword: str) -> str:
    """A keyword's regex without its boundary checks, for callers that place it themselves."""
    return _spaced(fold(keyword))


def keyword_anchor(keyword: str) -> str:
    """A keyword's first word, which any name it matches contains (spaces and seams vary)."""
    head = _ANCHOR_END.split(keyword, maxsplit=1)[0]
    return head if len(head) >= 2 else keyword


def _spaced(text: str) -> str:
    """An escaped keyword whose spaces between ASCII words also match "-", "_" or nothing.

    Where Chinese meets ASCII a space is optional either way ("汉王ocr" and "汉王 OCR").
    """
    escaped = _ASCII_SPACE.sub(r"[\\s_-]*", re.escape(text))
    return _SCRIPT_CHANGE.sub(r"\\s*", escaped)


def parse_version(text: str | None) -> tuple[int, ...] | None:
    """Parse the leading dotted numbers of a version string ('8.0.3510.10' -> (8, 0, 3510, 10))."""
    found = re.match(r"\s*v?(\d+(?:\.\d+)*)", text or "")
    return tuple(int(n) for n in found.group(1).split(".")[:6]) if found else None


_DOTTED = re.compile(r"(?<![\w.])v?(\d+\.\d+(?:\.\d+){0,3})(?![\d.])")


def version_in_name(text: str) -> tuple[int, ...] | None:
    """Parse the first dotted version written in a display name ('vmware workstation 17.6.2')."""
    found = _DOTTED.search(text)
    return parse_version(found.group(1)) if found else None
