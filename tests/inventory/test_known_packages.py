"""The known-packages table: name keys, shared keys, TSV round trip, and the classifier using it."""

from __future__ import annotations

from pathlib import Path

import pytest

from inventory.catalog import Category, LicenseClass, load_catalog
from inventory.classify import Classifier
from inventory.known_packages import (
    KnownPackages,
    KnownPackagesError,
    PublicPackage,
    harvest,
    lookup_keys,
    name_key,
    read_known,
    write_known,
)
from inventory.licence_terms import Strength


def package(name: str, licence: str | None, description: str = "", *more: str) -> PublicPackage:
    return PublicPackage(f"test:{name}", (name, *more), licence, description)


def test_name_key_drops_versions_packaging_words_and_case() -> None:
    assert name_key("PDQDeploy-Install") == "pdqdeploy"
    assert name_key("Lattice Diamond 3.11 (64-bit)") == "latticediamond"
    assert name_key("bulk_rename_utility") == "bulkrenameutility"
    assert name_key("小鸟壁纸（原360壁纸）") == "小鸟壁纸"


def test_lookup_tries_the_whole_name_then_long_heads_only() -> None:
    assert list(lookup_keys("WavePad Sound Editor 10.2")) == [
        "wavepadsoundeditor",
        "wavepadsound",
        "wavepad",
    ]
    # a short head is too common a word to name one product
    assert list(lookup_keys("Topaz Video AI")) == ["topazvideoai", "topazvideo"]


def test_a_head_that_begins_many_registry_names_names_none_of_them() -> None:
    names = ["Windows95", "Windows Terminal", "WindowsSpy", "Windows Firewall Control"]
    names += ["WindowsGSM", "Windows Repair Toolbox", "Greenshot"]
    index = KnownPackages(harvest([package(n, "Freeware") for n in names]))
    assert index.find("Windows Activation Technologies Update") is None  # "windows" is a word
    assert index.find("Windows95") is not None  # the whole name still counts
    found = index.find("Greenshot Plugin Manager")  # a specific head still names its package
    assert found is not None and found.name == "Greenshot"


def test_shared_keys_go_to_the_firmest_statement_then_the_class_needing_a_licence() -> None:
    known = harvest(
        [
            package("Tool", "Unknown"),
            package("Tool", "Proprietary"),
            package("Tool", "Shareware"),
            package("Other", "MIT"),
            package("Other", "Trialware"),
        ]
    )
    index = KnownPackages(known)
    tool, other = index.find("Tool 2.0"), index.find("Other")
    assert tool is not None and other is not None
    assert (tool.license_class, tool.strength) == (LicenseClass.commercial, Strength.stated)
    assert other.license_class is LicenseClass.commercial  # a 1:1 tie needs a licence
    assert len(known) == 2  # packages left without a key are dropped


def test_the_first_registry_that_says_anything_decides_a_shared_key() -> None:
    official = PublicPackage("scoop:Extras/geekbench", ("Geekbench",), "Proprietary")
    aggregate = PublicPackage("scoop:mirror/geekbench", ("Geekbench",), "Freeware")
    silent = PublicPackage("scoop:first/geekbench", ("Geekbench",), "Unknown")
    found = KnownPackages(harvest([silent, official, aggregate])).find("Geekbench 6")
    assert found is not None and found.source == "scoop:Extras/geekbench"
    assert found.license_class is LicenseClass.commercial


def test_round_trip_through_tsv(tmp_path: Path) -> None:
    known = harvest([package("Geekbench", "Proprietary", "CPU benchmark", "GeekBench 6")])
    path = tmp_path / "known.tsv"
    assert write_known(known, path, "a note\nsecond line") == 1
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# a note\n# second line\nkeys\t")
    loaded = read_known(path)
    found = loaded.find("Geekbench 6")
    assert found is not None and found.product_id == "pkg:geekbench"
    assert found.category is Category.tool and "test:Geekbench" in found.reason


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("nothing\there\n", "表头"),
        ("keys\tlicense_class\tstrength\tcategory\tname\tsource\tlicence\nabc\tfree\n", ":2:"),
        (
            "keys\tlicense_class\tstrength\tcategory\tname\tsource\tlicence\n"
            "abc\tcheap\tstated\ttool\tA\ts\tl\n",
            ":2:",
        ),
    ],
)
def test_a_malformed_table_names_file_and_line(tmp_path: Path, body: str, where: str) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(KnownPackagesError, match=where):
        read_known(path)


def test_without_hides_names_for_blind_measurement() -> None:
    index = KnownPackages(harvest([package("Scapple", "Proprietary"), package("Zeal", "GPL-3.0")]))
    blind = index.without(["Scapple 1.4"])
    assert blind.find("Scapple") is None and blind.find("Zeal") is not None


def test_the_shipped_table_loads_and_knows_the_long_tail() -> None:
    shipped = read_known()
    assert len(shipped) > 10_000
    found = shipped.find("Flameshot")
    assert found is not None and found.license_class is LicenseClass.free


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    known = harvest(
        [
            package("Becky Mailer", "Commercial"),
            package("Tencent Widget Maker", "Proprietary"),
            package("Quiet Tool", "Unknown"),
            package("Notepad Plus Plus", "Shareware"),  # the catalog knows it better
            package("Handy Cracker", "MIT"),
        ]
    )
    return Classifier(load_catalog(), known=KnownPackages(known))


def test_a_stated_licence_names_an_unmatched_program(classifier: Classifier) -> None:
    result = classifier.classify("Becky Mailer 2.8", "RimArts")
    assert result.license_class is LicenseClass.commercial
    assert result.product_id == "pkg:beckymailer" and "Commercial" in result.reason


def test_a_vague_licence_yields_to_the_publishers_default(classifier: Classifier) -> None:
    result = classifier.classify("Tencent Widget Maker", "Tencent")
    assert result.license_class is LicenseClass.free and "发行商" in result.reason
    alone = classifier.classify("Tencent Widget Maker")
    assert alone.license_class is LicenseClass.commercial and alone.confidence < 0.6


def test_a_silent_licence_is_unknown(classifier: Classifier) -> None:
    assert classifier.classify("Quiet Tool").license_class is LicenseClass.unknown
    # the registry's silence beats the publisher's legal form: known, but not how it is licensed
    sold = classifier.classify("Quiet Tool", "Quiet Systems GmbH")
    assert sold.license_class is LicenseClass.unknown and "公开软件源" in sold.reason


def test_the_catalog_and_crack_markers_come_first(classifier: Classifier) -> None:
    assert classifier.classify("Notepad++ (64-bit x64)").license_class is LicenseClass.free
    assert classifier.classify("Handy Cracker").license_class is LicenseClass.crack_tool
