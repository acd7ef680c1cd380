"""The shipped software catalog loads, is broad enough, and bad catalogs are refused clearly."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from inventory.catalog import (
    Catalog,
    CatalogError,
    Category,
    LicenseClass,
    load_catalog,
    parse_catalog,
)

GOOD = """
vendor: acme
category: tool
vendors:
  acme: {name: Acme, aliases: [acme corp, 阿克米], default_license: commercial}
products:
  - {id: acme-zip, name: Acme Zip, license_class: free, match: [acme zip, acmezip]}
  - id: acme-office
    name: Acme Office
    category: office
    license_class: commercial
    regex: ['^acme\\s*office']
    publisher: [acme]
    editions:
      - {name: 个人版, license_class: free_personal, match: [个人版, personal]}
      - {name: 旧版, license_class: free, version_below: '2'}
    alternatives: [acme-zip, LibreOffice]
markers:
  - {match: [破解], reason: 可疑名称}
  - {regex: ['吧$'], weak: true, publisher: true, reason: 可疑名称 (非官方来源)}
hints:
  - {match: [free], license_class: free_personal, reason: 版本字样推断}
"""


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog()


def test_shipped_catalog_is_broad(shipped: Catalog) -> None:
    assert len(shipped.products) >= 400
    classes = Counter(p.license_class for p in shipped.products)
    assert classes[LicenseClass.crack_tool] >= 15
    assert classes[LicenseClass.free_personal] >= 20
    categories = {p.category for p in shipped.products}
    assert {Category.os, Category.office, Category.antivirus, Category.database} <= categories


def test_shipped_ids_unique_and_alternatives_resolve(shipped: Catalog) -> None:
    ids = [p.id for p in shipped.products]
    assert len(ids) == len(set(ids))
    known = set(ids)
    slug_like = [(p.id, a) for p in shipped.products for a in p.alternatives if a == a.lower()]
    assert [(pid, alt) for pid, alt in slug_like if alt not in known] == []


@pytest.mark.parametrize(
    "product_id",
    [
        "windows-11-pro",
        "windows-10-pro",
        "windows-7-professional",
        "office-2016-pro-plus",
        "office-ltsc-2021-pro-plus",
        "wps-office",
        "kmspico",
        "dwg-trueview",
        "navicat",
        "huorong-enterprise",
    ],
)
def test_shipped_catalog_has_key_products(shipped: Catalog, product_id: str) -> None:
    assert shipped.get(product_id) is not None


def test_shipped_catalog_has_publisher_aliases_and_markers(shipped: Catalog) -> None:
    aliases = shipped.publisher_aliases()
    assert aliases["微软"] == "microsoft"
    assert aliases["珠海金山办公软件有限公司"] == "kingsoft"
    assert aliases["360.cn"] == "qihoo360"
    assert shipped.markers and shipped.hints


def test_good_catalog_parses_every_field() -> None:
    catalog = parse_catalog({"acme.yaml": GOOD})
    office = catalog.get("acme-office")
    assert office is not None
    assert office.vendor == "acme" and office.category is Category.office
    assert office.publishers == frozenset({"acme"})
    assert [e.name for e in office.editions] == ["个人版", "旧版"]
    assert office.version_sensitive
    assert office.alternatives == ("acme-zip", "LibreOffice")
    zipper = catalog.get("acme-zip")
    assert zipper is not None and zipper.category is Category.tool
    assert catalog.vendors["acme"].default_license is LicenseClass.commercial
    assert [m.publisher for m in catalog.markers] == [False, True]  # publisher fields only


def problems_of(documents: dict[str, str]) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        parse_catalog(documents)
    return caught.value.problems


@pytest.mark.parametrize(
    ("section", "problem"),
    [
        ("groups: [fitgirl]", "groups: must be a mapping of crack, repack"),
        ("groups: {pirates: {names: [x]}}", "groups.pirates: must be one of crack, repack"),
        ("groups: {crack: {words: [x]}}", "groups.crack: must be one of crack, repack"),
        ("groups: {crack: {names: [x, '']}}", "groups.crack: 'names' must be a list"),
        ("terms: [序號]", "terms: must be a mapping of a regional word"),
        ("terms: {序號: ''}", "terms.序號: needs a non-empty word"),
    ],
)
def test_a_malformed_signals_section_is_named(section: str, problem: str) -> None:
    problems = problems_of({"signals.yaml": section})
    assert any(problem in p for p in problems), problems


def test_duplicate_ids_across_files_are_named() -> None:
    other = (
        "products:\n  - {id: acme-zip, name: Z, category: tool, license_class: free, match: [z]}\n"
    )
    problems = problems_of({"acme.yaml": GOOD, "other.yaml": other})
    assert any("other.yaml: acme-zip: duplicate id (also in acme.yaml)" in p for p in problems)


@pytest.mark.parametrize(
    ("product", "expected"),
    [
        (
            "{id: p1, name: P, category: tool, license_class: cheap, match: [p]}",
            "p1: LicenseClass 'cheap'",
        ),
        (
            "{id: p2, name: P, category: game, license_class: free, match: [p]}",
            "p2: Category 'game'",
        ),
        (
            "{id: p3, name: P, category: tool, license_class: free, regex: ['(unclosed']}",
            "p3: regex '(unclosed' does not compile",
        ),
        (
            "{id: p4, name: P, category: tool, license_class: free}",
            "p4: needs at least one 'match'",
        ),
        (
            "{id: P 5, name: P, category: tool, license_class: free, match: [p]}",
            "P 5: id must be a lower-case slug",
        ),
        (
            "{id: p6, name: P, category: tool, license_class: free, match: [p], colour: red}",
            "p6: unknown key 'colour'",
        ),
        (
            "{id: p7, name: P, category: tool, license_class: free, match: [p], publisher: [nobody]}",
            "p7: unknown publisher key 'nobody'",
        ),
        (
            "{id: p8, name: P, category: tool, license_class: free, match: [p], editions: [{name: E}]}",
            "p8: each edition needs 'name' and 'license_class'",
        ),
        (
            "{name: no id, category: tool, license_class: free, match: [p]}",
            "product without an 'id'",
        ),
        (
            "{id: p9, name: P, category: tool, license_class: free, match: [p], priority: high}",
            "p9: 'priority' must be an integer",
        ),
    ],
)
def test_invalid_products_are_refused_with_file_and_product(product: str, expected: str) -> None:
    problems = problems_of({"bad.yaml": f"products:\n  - {product}\n"})
    assert any(p.startswith("bad.yaml: ") and expected in p for p in problems), problems


def test_yaml_syntax_error_names_the_file() -> None:
    problems = problems_of({"broken.yaml": "products: [ {id: x"})
    assert problems[0].startswith("broken.yaml: YAML syntax error")


def test_bad_marker_and_vendor_are_refused() -> None:
    text = "vendors: [not, a, mapping]\nmarkers:\n  - {match: [x]}\n"
    problems = problems_of({"sig.yaml": text})
    assert any("'vendors' must be a mapping" in p for p in problems)
    assert any("markers[1]: needs 'reason'" in p for p in problems)


def test_a_misspelt_or_half_set_marker_flag_is_refused() -> None:
    text = "markers:\n  - {match: [x], reason: r, weka: true}\n  - {match: [y], reason: r, named: true}\n"
    problems = problems_of({"sig.yaml": text})
    assert "sig.yaml: markers[1]: unknown key 'weka'" in problems
    assert "sig.yaml: markers[2]: 'named' needs 'weak: true'" in problems
    hint = "hints:\n  - {match: [x], license_class: free, reason: r, publisher: true}\n"
    assert "sig.yaml: hints[1]: 'publisher' applies to markers only" in problems_of(
        {"sig.yaml": hint}
    )


def test_load_from_directory(tmp_path: Path) -> None:
    (tmp_path / "acme.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    assert {p.id for p in load_catalog(tmp_path).products} == {"acme-zip", "acme-office"}


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"no \*\.yaml catalog files"):
        load_catalog(tmp_path)


@pytest.mark.parametrize(
    ("vendor", "license_class"),
    [
        *[(v, LicenseClass.commercial) for v in ["adobe", "autodesk", "jetbrains", "dassault"]],
        *[(v, LicenseClass.commercial) for v in ["siemens", "ptc", "corel", "altium"]],
        *[(v, LicenseClass.commercial) for v in ["mathworks", "ibm", "wondershare", "yonyou"]],
        *[(v, LicenseClass.free) for v in ["google", "mozilla", "tencent", "baidu", "canon"]],
        *[(v, LicenseClass.free) for v in ["epson", "brother", "hp", "chinatax"]],
    ],
)
def test_shipped_vendor_defaults(
    shipped: Catalog, vendor: str, license_class: LicenseClass
) -> None:
    assert shipped.vendors[vendor].default_license is license_class


def test_hint_confidences_stay_below_rule_matches(shipped: Catalog) -> None:
    assert all(0 < h.confidence <= 0.75 for h in shipped.hints)
    components = [h.license_class for h in shipped.hints if h.component]
    assert (
        components == [LicenseClass.free] * 4
    )  # updates, themes, language packs, licence managers
