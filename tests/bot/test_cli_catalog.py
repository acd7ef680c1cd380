"""`zhengban catalog harvest|check` and `classify --known` as an administrator types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from bot.settings import Settings


@pytest.fixture
def runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("ZHENGBAN_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("ZHENGBAN_DATA_DIR", str(settings.data_dir))
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def bucket(tmp_path: Path) -> Path:
    root = tmp_path / "office-bucket" / "bucket"
    root.mkdir(parents=True)
    manifests = {
        "zorbling-studio": {"license": "Trialware", "description": "Diagram editor"},
        "quillnote": {"license": "GPL-3.0-only", "shortcuts": [["q.exe", "QuillNote Desktop"]]},
        "zorb-reset": {"license": "MIT", "description": "Zorbling Studio trial reset tool"},
    }
    for name, data in manifests.items():
        (root / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    (root / "broken.json").write_text("{", encoding="utf-8")
    return root.parent


def test_harvest_then_classify_with_the_table(runner: CliRunner, bucket: Path, tmp_path: Path):
    out = tmp_path / "known.tsv"
    result = invoke(runner, "catalog", "harvest", "--scoop", str(bucket), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "office-bucket: 读取 3 个包, 跳过 1 个" in result.output
    assert "broken.json" in result.output and out.is_file()
    names = (
        "display_name,publisher,version\nZorbling Studio 4.2,,\nQuillNote Desktop,,\nzorb reset,,\n"
    )
    result = invoke(runner, "classify", "--json", "--known", str(out), "-", input=names)
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["license_class"] for r in rows] == ["commercial", "free", "crack_tool"]
    assert rows[0]["product_id"] == "pkg:zorblingstudio" and "office-bucket" in rows[0]["reason"]


def test_the_configured_table_is_used_by_check_and_classify(
    runner: CliRunner, bucket: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "known.tsv"
    invoke(runner, "catalog", "harvest", "--scoop", str(bucket), "--out", str(out))
    monkeypatch.setenv("ZHENGBAN_SECTIONS__INVENTORY__KNOWN_PACKAGES_FILE", str(out))
    result = invoke(runner, "catalog", "check", "--json")
    summary = json.loads(result.output)
    assert summary["known_packages"] == 3 and summary["known_file"] == str(out)
    result = invoke(runner, "classify", "--json", "-", input="Zorbling Studio\n")
    assert json.loads(result.output)["license_class"] == "commercial"


def test_the_shipped_table_is_checked(runner: CliRunner) -> None:
    result = invoke(runner, "catalog", "check")
    assert result.exit_code == 0 and "已知软件表" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["catalog", "harvest", "--out", "x.tsv"], "--scoop"),
        (["catalog", "harvest", "--scoop", "/no/such/dir", "--out", "x.tsv"], "不是目录"),
        (["catalog", "check", "--known", "/no/such/file.tsv"], "file.tsv"),
        (["classify", "--known", "/no/such/file.tsv", "-"], "known-packages"),
    ],
)
def test_bad_input_exits_2_and_says_what(runner: CliRunner, args: list[str], message: str):
    result = runner.invoke(cli, args, input="WPS Office\n")
    assert result.exit_code == 2 and message in result.output, result.output


def test_harvest_into_a_missing_folder_writes_nothing(
    runner: CliRunner, bucket: Path, tmp_path: Path
) -> None:
    out = tmp_path / "missing" / "known.tsv"
    result = runner.invoke(cli, ["catalog", "harvest", "--scoop", str(bucket), "--out", str(out)])
    assert result.exit_code == 2 and "目录不存在" in result.output
    assert not out.parent.exists()


def test_harvest_reads_a_winget_checkout_too(runner: CliRunner, bucket: Path, tmp_path: Path):
    version = tmp_path / "winget-pkgs" / "manifests" / "z" / "Zhi" / "Pad" / "2.1"
    version.mkdir(parents=True)
    (version / "Zhi.Pad.locale.en-US.yaml").write_text(
        "PackageIdentifier: Zhi.Pad\nPackageVersion: 2.1\nPackageLocale: en-US\n"
        "ManifestType: defaultLocale\nPublisher: Zhi\nPackageName: ZhiPad Notes\n"
        "License: Freeware\nShortDescription: Notes\n",
        encoding="utf-8",
    )
    (version / "Zhi.Pad.locale.zh-CN.yaml").write_text(
        "PackageIdentifier: Zhi.Pad\nPackageVersion: 2.1\nPackageLocale: zh-CN\n"
        "ManifestType: locale\nPackageName: 知意笔记\nLicense: 免费软件\n",
        encoding="utf-8",
    )
    out = tmp_path / "known.tsv"
    args = ["--scoop", str(bucket), "--winget", str(tmp_path / "winget-pkgs"), "--out", str(out)]
    result = invoke(runner, "catalog", "harvest", "--json", *args)
    summary = json.loads(result.output)
    assert [s["packages"] for s in summary["sources"]] == [3, 1]
    result = invoke(runner, "classify", "--json", "--known", str(out), "-", input="知意笔记\n")
    assert json.loads(result.output)["license_class"] == "free"


def test_a_configured_table_that_cannot_be_read_stops_commands_with_a_reason(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "gone.tsv"
    monkeypatch.setenv("ZHENGBAN_SECTIONS__INVENTORY__KNOWN_PACKAGES_FILE", str(missing))
    scan = tmp_path / "scan.csv"
    scan.write_text(
        "客户端ID,计算机名,软件名称,版本,发布者\nc1,pc-1,WinRAR,6.2,\n", encoding="utf-8"
    )
    for args in (["report", "gap"], ["import", "scan", str(scan)], ["classify", "-"]):
        result = runner.invoke(cli, args, input="WinRAR\n")
        assert result.exit_code == 2, (args, result.output)
        assert "已知软件表无法读取" in result.output and "gone.tsv" in result.output


def classified(runner: CliRunner, *rows: str) -> list[dict[str, object]]:
    """Rows of `zhengban classify --json -` fed these CSV rows (name, publisher, version)."""
    names = "".join(f"{row}\n" for row in ("display_name,publisher,version", *rows))
    result = invoke(runner, "classify", "--json", "-", input=names)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_classify_leans_commercial_only_for_an_unlisted_company(runner: CliRunner) -> None:
    names = (
        "数据报送工具 V2.1,济南某某信息技术有限公司,2.1",
        "数据报送工具 V2.1,张三,2.1",
        "数据报送工具 V2.1,,2.1",
    )
    rows = classified(runner, *names)
    assert [r["license_class"] for r in rows] == ["commercial", "unknown", "unknown"]
    assert rows[0]["product_id"] == "name:数据报送工具" and "公司" in rows[0]["reason"]
    assert rows[1]["product_id"] is None and rows[0]["confidence"] < 0.5


def test_classify_reads_a_release_tag_only_on_a_paid_program(runner: CliRunner) -> None:
    names = (
        "Navicat Premium 16.1 [Qzrvtx],,16.1",
        "7-Zip 23.01 [Qzrvtx],,23.01",
        "Navicat Premium 16.1 (x64),PremiumSoft CyberTech Ltd.,16.1",
    )
    rows = classified(runner, *names)
    assert [r["license_class"] for r in rows] == ["crack_tool", "free", "commercial"]
    assert "发布组标签" in rows[0]["reason"] and rows[0]["product_id"] == "navicat"


def test_classify_reads_kms_hosts_from_the_offices_block_list(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = (
        "Office 2019 专业增强版 (KMS: kms.example.org),Microsoft Corporation,16.0",
        "Office 2019 专业增强版 (KMS: kms.03k.org),Microsoft Corporation,16.0",
    )
    default = [r["license_class"] for r in classified(runner, *names)]
    assert default == ["commercial", "crack_tool"]  # the shipped list names public hosts
    block = '["KMS.Example.org:1688"]'  # as an admin writes it: any case, with its port
    monkeypatch.setenv("ZHENGBAN_SECTIONS__INVENTORY__KMS_BLOCK_LIST", block)
    rows = classified(runner, *names)
    assert [r["license_class"] for r in rows] == ["crack_tool", "commercial"]
    assert "公共 KMS 主机" in str(rows[0]["reason"])


def test_classify_reads_taiwan_and_korean_crack_words_and_quotes_them(runner: CliRunner) -> None:
    names = (
        "AutoCAD 2014 正體中文 序號產生器,,2014",
        "한컴오피스 2020 무설치 정품인증판,,2020",
        "AutoCAD 2014 正體中文,Autodesk,2014",
    )
    rows = classified(runner, *names)
    assert [r["license_class"] for r in rows] == ["crack_tool", "crack_tool", "commercial"]
    assert "注册机" in str(rows[0]["reason"]) and "原文'序號產生器'" in str(rows[0]["reason"])
    assert "原文'정품인증판'" in str(rows[1]["reason"])


def test_classify_reads_channels_and_own_sites_in_the_publisher_column(runner: CliRunner) -> None:
    rows = classified(
        runner,
        "Sibelius 2023,作曲吧,2023",  # a Tieba forum publishes it
        "作曲吧,,1.0",  # a program named like a channel is no channel
        "C-Lodop 6.6 官方试用版,Lodop (www.lodop.net),6.6",  # the vendor's own site
        "VMware Workstation Pro 17.5,VMware by Broadcom,17.5",  # the owner, not a repacker
    )
    assert [r["license_class"] for r in rows] == [
        "crack_tool",
        "unknown",
        "commercial",
        "commercial",
    ]
    assert "发行商字段" in str(rows[0]["reason"]) and "作曲吧" in str(rows[0]["reason"])


def test_classify_reads_a_misspelt_vendor_and_latin_crack_words(runner: CliRunner) -> None:
    """A publisher one slip away from the product's vendor signs a faked installer."""
    rows = classified(
        runner,
        "QuickBooks Desktop Pro 2023,Intiut Inc.,2023",
        "QuickBooks Desktop Pro 2023,Intuit Inc.,2023",
        "Lansweeper 11 Premium tPORt,,11",  # a Latin name meets the narrowed markers
    )
    assert [r["license_class"] for r in rows] == ["crack_tool", "commercial", "crack_tool"]
    assert "仿冒厂商" in str(rows[0]["reason"]) and rows[0]["product_id"] == "quickbooks"
    assert "tport" in str(rows[2]["reason"])
