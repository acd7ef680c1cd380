"""Scoop bucket manifests read as public packages, bad manifests listed, never fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from integrations.scoop import ScoopBucket
from inventory.catalog import LicenseClass
from inventory.known_packages import KnownPackages, harvest


def write(bucket: Path, name: str, data: object) -> None:
    bucket.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    (bucket / f"{name}.json").write_text(text, encoding="utf-8")


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    bucket = tmp_path / "Extras" / "bucket"
    write(
        bucket,
        "PDQDeploy-Install",
        {"description": "PDQ Deploy. Deploy software.", "license": "Proprietary"},
    )
    write(
        bucket,
        "becky",
        {"license": "Commercial", "shortcuts": [["B2.exe", "Becky!"]]},
    )
    write(
        bucket,
        "pmas",
        {"description": "PowerShell Multi Activation System", "license": {"identifier": "Unknown"}},
    )
    write(
        bucket,
        "wavepad",
        {
            "license": {"identifier": "free for non-commercial home use", "url": "https://x"},
            "shortcuts": [["WavePad.exe", "Audio/WavePad"]],
        },
    )
    write(bucket, "broken", "{not json")
    write(bucket, "list", "[1, 2]")
    return tmp_path / "Extras"


def test_a_checkout_root_or_its_bucket_directory(checkout: Path) -> None:
    assert ScoopBucket.open(checkout).name == "Extras"
    assert ScoopBucket.open(checkout / "bucket").name == "Extras"
    with pytest.raises(FileNotFoundError, match="不是目录"):
        ScoopBucket.open(checkout / "missing")


def test_manifests_become_packages_and_bad_ones_are_listed(checkout: Path) -> None:
    bucket = ScoopBucket.open(checkout)
    packages = {p.source: p for p in bucket.packages()}
    assert sorted(packages) == [
        "scoop:Extras/PDQDeploy-Install",
        "scoop:Extras/becky",
        "scoop:Extras/pmas",
        "scoop:Extras/wavepad",
    ]
    assert packages["scoop:Extras/becky"].names == ("Becky!", "becky")
    assert packages["scoop:Extras/wavepad"].names == ("WavePad", "wavepad")
    assert packages["scoop:Extras/wavepad"].licence == "free for non-commercial home use"
    assert [line.split(":")[0] for line in bucket.skipped] == ["broken.json", "list.json"]


def test_harvested_bucket_classifies_display_names(checkout: Path) -> None:
    index = KnownPackages(harvest(ScoopBucket.open(checkout).packages()))
    expected = {
        "PDQ Deploy": LicenseClass.commercial,
        "Becky!": LicenseClass.commercial,
        "PMAS": LicenseClass.crack_tool,
        "WavePad Sound Editor": LicenseClass.free_personal,
    }
    for display_name, license_class in expected.items():
        found = index.find(display_name)
        assert found is not None, display_name
        assert found.license_class is license_class, display_name
