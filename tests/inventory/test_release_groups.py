"""Release groups: each listed once, found wherever a group, repacker or site signs a build."""

from __future__ import annotations

import pytest

from inventory.catalog import LicenseClass
from inventory.classify import Classifier, load_default_classifier
from inventory.markers import CrackMarkers
from inventory.normalize import clean_name
from inventory.release_groups import group_signals

CRACK = LicenseClass.crack_tool
GROUPS = {"names": ["kpojiuk", "老男人游戏网"], "tags": ["core", "again"], "scene": ["rune", "tnt"]}


@pytest.fixture(scope="module")
def engine() -> Classifier:
    return load_default_classifier()


@pytest.fixture(scope="module")
def markers() -> CrackMarkers:
    return CrackMarkers(group_signals("crack", GROUPS))


@pytest.mark.parametrize(
    "name",
    [
        "Camtasia 2022 KpoJIuK edition",  # a name: anywhere
        "三国志14 老男人游戏网 整合版",
        "Photoshop 2020 [CORE]",  # a tag: in a bracket that it fills
        "Photoshop 2020 - Core",  # after " - "
        "Tekla Structures 2021 (lic by AGAiN)",  # after "by"
        "Dying Light 2 Stay Human-RUNE",  # a scene name glued to a release name
        "Dying.Light.2-RUNE",
        "Parallels Desktop 18.1.1 TNT",  # a scene name after the version
        "Frostpunk [RUNE Release]",  # a scene name's bracket may go on
    ],
)
def test_a_group_signs_a_name_where_a_signature_stands(markers: CrackMarkers, name: str) -> None:
    marker = markers.find(clean_name(name))
    assert marker is not None and not marker.weak


@pytest.mark.parametrize(
    "name",
    [
        "Windows Server 2019 Core",  # a common word after a version is no signature
        "Intel(R) Core(TM) i7 Driver",
        "ASP.NET Core Runtime 8.0",
        "Processor (Core i7) Utility",  # a tag must fill its bracket
        "Cxbx-Reloaded",  # glued, but no release name before it
        "Rune",  # a whole display name is a program's name
        "Again 2.0",
        "TNT Express Client",
    ],
)
def test_a_group_word_elsewhere_signs_nothing(markers: CrackMarkers, name: str) -> None:
    assert markers.find(clean_name(name)) is None


def test_a_tag_as_the_whole_field_signs_only_a_publisher(markers: CrackMarkers) -> None:
    assert markers.find("rune") is None
    marker = markers.find("rune", publisher=True)
    assert marker is not None and marker.reason.startswith("可疑名称 (破解组织署名)")


@pytest.mark.parametrize("name", ["Rune", "Codex", "SimpleX", "Painter", "air", "p2p"])
def test_shipped_group_words_do_not_flag_programs_of_that_name(
    engine: Classifier, name: str
) -> None:
    assert engine.classify(name).license_class is not CRACK


def test_a_repacker_and_a_crack_group_give_their_own_reasons(engine: Classifier) -> None:
    assert "破解站点/打包者署名" in engine.classify("WinRAR 6.24", "D!akov").reason
    assert "破解组织署名" in engine.classify("Creo 8.0.0.0 (x64) Multilingual-MAGNiTUDE").reason
