from __future__ import annotations

from pathlib import Path

import pytest

from integrations.winget import WingetSource, package_of
from inventory.catalog_entries import LicenseClass
from inventory.known_packages import KnownPackages, PublicPackage, harvest


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


def locale(ident: str, version: str, tag: str, kind: str, body: str) -> str:
    return (
        f"PackageIdentifier: {ident}\nPackageVersion: {version}\nPackageLocale: {tag}\n"
        f"ManifestType: {kind}\nManifestVersion: 1.6.0\n{body}"
    )


def multi_file(root: Path, ident: str, version: str, en: str, zh: str = "") -> Path:
    """A multi-file version directory: version, installer, en-US and optionally zh-CN."""
    publisher, package = ident.split(".", 1)
    folder = root / "manifests" / ident[0].lower() / publisher / package / version
    head = f"PackageIdentifier: {ident}\nPackageVersion: {version}\n"
    write(folder / f"{ident}.yaml", head + "DefaultLocale: en-US\nManifestType: version\n")
    write(
        folder / f"{ident}.installer.yaml",
        head + "Installers:\n- Architecture: x64\n  InstallerUrl: https://x/setup.exe\n"
        "ManifestType: installer\n",
    )
    write(
        folder / f"{ident}.locale.en-US.yaml", locale(ident, version, "en-US", "defaultLocale", en)
    )
    if zh:
        write(folder / f"{ident}.locale.zh-CN.yaml", locale(ident, version, "zh-CN", "locale", zh))
    return folder


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """THS.THS at 9.20.10 (current) and 9.3.0 (older), and a singleton 7zip.7zip."""
    multi_file(
        tmp_path,
        "THS.THS",
        "9.3.0",
        "Publisher: THS\nPackageName: THS Old\nLicense: Shareware\nShortDescription: Old\n",
        "Publisher: 同花顺\nPackageName: 同花顺旧版\nLicense: 共享软件\nShortDescription: 旧版\n",
    )
    multi_file(
        tmp_path,
        "THS.THS",
        "9.20.10",
        "Publisher: Hexin\nPackageName: Tonghuashun\nLicense: 免费软件\n"
        "ShortDescription: Stock trading client\nTags:\n- stock\n",
        "Publisher: 同花顺\nPackageName: 同花顺\nLicense: 免费软件\nShortDescription: 免费炒股软件\n",
    )
    single = tmp_path / "manifests/7/7zip/7zip/24.09/7zip.7zip.yaml"
    write(
        single,
        "# yaml-language-server: $schema=https://aka.ms/winget-manifest.singleton.1.6.0.schema.json\n"
        + locale(
            "7zip.7zip",
            "24.09",
            "en-US",
            "singleton",
            "Publisher: Igor Pavlov\nPackageName: 7-Zip\nLicense: LGPL-2.1-or-later\n"
            "Description: |\n  Free file archiver\n  with a high compression ratio.\n",
        ),
        encoding="utf-8-sig",
    )
    return tmp_path


def test_newest_version_with_locales_merged(checkout: Path) -> None:
    source = WingetSource.open(checkout)
    packages = {p.source: p for p in source.packages()}
    assert source.skipped == []
    assert set(packages) == {"winget:winget/7zip.7zip", "winget:winget/THS.THS"}
    ths = packages["winget:winget/THS.THS"]
    assert ths.names == ("Tonghuashun", "同花顺", "THS")
    assert ths.licence == "免费软件"
    assert ths.description == "Stock trading client 免费炒股软件"


def test_singleton_with_bom_and_long_description(checkout: Path) -> None:
    source = WingetSource.open(checkout, name="community")
    seven = next(p for p in source.packages() if p.source.endswith("/7zip.7zip"))
    assert seven == PublicPackage(
        "winget:community/7zip.7zip",
        ("7-Zip", "7zip"),
        "LGPL-2.1-or-later",
        "Free file archiver with a high compression ratio.",
    )


def test_open_below_root_and_on_a_file(checkout: Path) -> None:
    below = WingetSource.open(checkout / "manifests" / "t")
    assert [p.source for p in below.packages()] == ["winget:winget/THS.THS"]
    with pytest.raises(FileNotFoundError):
        WingetSource.open(checkout / "manifests/7/7zip/7zip/24.09/7zip.7zip.yaml")


def test_versions_compare_as_numbers_and_stay_text(tmp_path: Path) -> None:
    for version, name in (("1.9", "Nine"), ("1.10", "Ten"), ("1.2.beta", "Beta")):
        multi_file(tmp_path, "Acme.Tool", version, f"PackageName: {name}\nLicense: MIT\n")
    (package,) = WingetSource.open(tmp_path).packages()
    assert package.names == ("Ten", "Tool")


def test_bad_manifests_are_skipped(checkout: Path) -> None:
    bad = checkout / "manifests/b/Bad"
    write(bad / "Bad.Yaml/1.0/Bad.Yaml.yaml", "PackageIdentifier: [unclosed\n")
    write(bad / "Bad.List/1.0/Bad.List.yaml", "- just\n- a list\n")
    write(bad / "Bad.NoId/1.0/Bad.NoId.locale.en-US.yaml", "PackageName: Orphan\n")
    write(bad / "Bad.Gbk/1.0/Bad.Gbk.yaml", "PackageName: 坏文件\n", encoding="gbk")
    source = WingetSource.open(checkout)
    assert len(list(source.packages())) == 2
    reasons = dict(line.split(": ", 1) for line in source.skipped)
    assert set(reasons) == {
        "b/Bad/Bad.Yaml/1.0/Bad.Yaml.yaml",
        "b/Bad/Bad.List/1.0/Bad.List.yaml",
        "b/Bad/Bad.NoId/1.0/Bad.NoId.locale.en-US.yaml",
        "b/Bad/Bad.Gbk/1.0/Bad.Gbk.yaml",
    }
    assert "not a mapping" in reasons["b/Bad/Bad.List/1.0/Bad.List.yaml"]
    assert "PackageIdentifier" in reasons["b/Bad/Bad.NoId/1.0/Bad.NoId.locale.en-US.yaml"]


def test_directory_without_manifests(tmp_path: Path) -> None:
    write(tmp_path / "README.md", "# not winget\n")
    source = WingetSource.open(tmp_path)
    assert list(source.packages()) == []
    assert source.skipped == []


def test_licence_and_description_fall_back_to_other_locales() -> None:
    default = {"PackageIdentifier": "A.B", "ManifestType": "defaultLocale", "PackageName": "Bee"}
    other = {
        "PackageIdentifier": "A.B",
        "ManifestType": "locale",
        "PackageName": "bee",
        "License": "Freeware",
        "Description": "蜜蜂",
    }
    package = package_of([other, default], "x")
    assert package == PublicPackage("winget:x/A.B", ("Bee", "B"), "Freeware", "蜜蜂")


@pytest.mark.parametrize(
    ("licence", "short", "expected"),
    [
        ("免费软件", "免费炒股软件", LicenseClass.free),
        ("Proprietary", "Stock trading client with a 30-day free trial", LicenseClass.commercial),
    ],
)
def test_end_to_end_known_packages(
    tmp_path: Path, licence: str, short: str, expected: LicenseClass
) -> None:
    multi_file(
        tmp_path,
        "THS.THS",
        "9.20.10",
        f"PackageName: Tonghuashun\nLicense: {licence}\nShortDescription: {short}\n",
        f"PackageName: 同花顺\nLicense: {licence}\nShortDescription: {short}\n",
    )
    known = KnownPackages(harvest(list(WingetSource.open(tmp_path).packages())))
    found = known.find("同花顺")
    assert found is not None
    assert found.source == "winget:winget/THS.THS"
    assert found.license_class is expected
