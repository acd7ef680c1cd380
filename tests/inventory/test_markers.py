"""Crack markers: how far a weak, named or author marker counts."""

from __future__ import annotations

import re

import pytest

from inventory.catalog import (
    Catalog,
    LicenseClass,
    Signal,
    load_catalog,
)
from inventory.markers import (
    CrackMarkers,
    Marker,
    RegionalTerms,
    imitated_word,
    suite_category,
    vendor_words,
)
from inventory.normalize import clean_name


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_vendor_words_drop_legal_forms_and_keep_short_chinese_names() -> None:
    words = vendor_words("金山办公 Kingsoft", ["珠海金山办公软件有限公司", "Kingsoft Corp", "金山"])
    assert {"kingsoft", "金山", "金山办公", "珠海金山办公软件"} <= words
    assert not {"corp", "有限公司"} & words


@pytest.mark.parametrize(
    ("publisher", "word"),
    [
        ("Kingde Software", "kingdee"),  # a letter dropped
        ("Intiut", "intuit"),  # two letters swapped
        ("ABBYYY Production LLC", "abbyy"),  # a letter doubled
        ("Kingdee Softwere", "software"),  # a corporate word, beside the vendor's own name
        ("Kingdee Software", None),
        ("Kingdee Softwares", None),  # a plural ending is no slip
        ("Acme Softwere", None),  # a corporate word alone says nothing of this vendor
        ("King Software", None),  # a different word, not a slip
        ("ABBY Inc", "abbyy"),
    ],
)
def test_a_publisher_misspelling_the_vendor_by_one_slip(publisher: str, word: str | None) -> None:
    words = vendor_words("Kingdee", ["Kingdee", "金蝶软件", "Intuit", "ABBYY"])
    assert imitated_word(publisher, words) == word


def test_a_named_only_marker_counts_only_on_a_program_named_commercial() -> None:
    marker = Marker("可疑名称 (汉化/便携打包版): 含'汉化版'", weak=True, named_only=True)
    assert marker.counts_on(LicenseClass.commercial, "tool", named=True)
    assert not marker.counts_on(LicenseClass.unknown, "tool", named=True)
    assert not marker.counts_on(LicenseClass.commercial, "tool", named=False)
    assert not marker.counts_on(LicenseClass.free, "office", named=True)


def test_a_weak_marker_counts_on_an_unnamed_program_and_on_repacked_suites() -> None:
    marker = Marker("可疑名称 (绿色/精简/注册版): 含'绿色版'", weak=True)
    assert marker.counts_on(LicenseClass.unknown, None, named=False)
    assert marker.counts_on(LicenseClass.free, "office", named=True)
    assert not marker.counts_on(LicenseClass.free, "tool", named=True)


def test_a_weak_marker_that_counts_wider_beats_an_earlier_named_only_one() -> None:
    named = Signal(re.compile("合集"), LicenseClass.crack_tool, "named", weak=True, named=True)
    wider = Signal(re.compile("vip资源"), LicenseClass.crack_tool, "wider", weak=True)
    found = CrackMarkers([named, wider]).find("片头模板合集 (vip资源)")
    assert found is not None and found.reason.startswith("wider") and not found.named_only
    only = CrackMarkers([named, wider]).find("片头模板合集")
    assert only is not None and only.named_only


def test_only_licensed_suites_and_their_free_parts_are_repacked_suites(catalog: Catalog) -> None:
    suites = {
        i: suite_category(catalog.get(i)) for i in ("office", "office-component", "windows-10")
    }
    assert suites == {"office": "office", "office-component": "office", "windows-10": "os"}
    for free_program in ("libreoffice", "foxit-reader", "deepin"):
        assert suite_category(catalog.get(free_program)) is None
    assert suite_category(None) is None


def test_regional_terms_are_read_as_mainland_words_longest_first() -> None:
    terms = RegionalTerms({"序號產生器": "注册机", "序號": "序列号", "라이선스": "license"})
    assert terms.mainland("会声会影 序号产生器") == "会声会影 注册机"  # folded, not 序列号产生器
    assert terms.mainland("免序号版") == "免序列号版"
    assert terms.mainland("한컴 라이선스서버") == "한컴  license 서버"  # English stands apart
    assert terms.mainland("windows 10 pro") == "windows 10 pro"
    assert terms.source("会声会影 序号产生器", "注册机") == " (原文'序號產生器')"
    assert terms.source("会声会影 序号产生器", "会声会影") == ""


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("AutoCAD 2014 正體中文 序號產生器", "注册机"),
        ("Windows 10 專業版 免序號版", "免序列号"),
        ("大富翁 8 免光碟版", "免光盘"),
        ("Office 2016 Pro Plus VL 自動認証済み", "已激活"),
        ("한컴오피스 2020 무설치 정품인증판", "激活版"),
        ("곰믹스 프로 워터마크 제거판", "去水印版"),
    ],
)
def test_the_catalogs_markers_read_taiwan_japanese_and_korean_crack_words(
    catalog: Catalog, name: str, word: str
) -> None:
    text = clean_name(name)
    found = CrackMarkers(catalog.markers, catalog.terms).find(text)
    assert found is not None and not found.weak and word in found.reason
    without = CrackMarkers(catalog.markers).find(text)
    assert without is None or word not in without.reason
