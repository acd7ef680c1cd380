"""Crack markers: how far a weak, named or author marker counts."""

from __future__ import annotations

import re

import pytest

from inventory.catalog import Catalog, LicenseClass, Signal, load_catalog
from inventory.markers import CrackMarkers, Marker, suite_category, vendor_words


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_vendor_words_drop_legal_forms_and_keep_short_chinese_names() -> None:
    words = vendor_words("金山办公 Kingsoft", ["珠海金山办公软件有限公司", "Kingsoft Corp", "金山"])
    assert {"kingsoft", "金山", "金山办公", "珠海金山办公软件"} <= words
    assert not {"corp", "有限公司"} & words


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
