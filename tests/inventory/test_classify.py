"""Classifier behaviour on representative installed-program names, as a scan would report them."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inventory.catalog import LicenseClass, load_catalog, parse_catalog
from inventory.classify import NAME_LIMIT, Classifier, classify_csv_lines, load_default_classifier
from inventory.known_packages import name_key
from inventory.normalize import (
    clean_name,
    core_name,
    is_company,
    keyword_regex,
    package_words,
    publisher_key,
    unfused,
)

FREE, PERSONAL, COMMERCIAL, CRACK, UNKNOWN = (
    LicenseClass.free,
    LicenseClass.free_personal,
    LicenseClass.commercial,
    LicenseClass.crack_tool,
    LicenseClass.unknown,
)


@pytest.fixture(scope="module")
def engine() -> Classifier:
    return load_default_classifier()


RULES = Path(__file__).parent / "fixtures" / "classify" / "rules.csv"


def rule_rows() -> list[tuple[str, str | None, str, LicenseClass]]:
    with RULES.open(encoding="utf-8") as handle:
        return [
            (
                r["display_name"],
                r["publisher"] or None,
                r["product_id"],
                LicenseClass(r["license_class"]),
            )
            for r in csv.DictReader(handle)
        ]


@pytest.mark.parametrize(("name", "publisher", "product_id", "license_class"), rule_rows())
def test_rules_on_representative_names(
    engine: Classifier,
    name: str,
    publisher: str | None,
    product_id: str,
    license_class: LicenseClass,
) -> None:
    result = engine.classify(name, publisher)
    assert (result.product_id, result.license_class) == (product_id, license_class), result.reason
    assert result.reason.startswith("规则匹配")
    assert 0.9 <= result.confidence <= 1


def test_oracle_java_depends_on_update_number_or_version(engine: Classifier) -> None:
    assert engine.classify("Java 8 Update 202 (64-bit)").license_class is FREE
    assert engine.classify("Java 8 Update 351 (64-bit)").license_class is COMMERCIAL
    assert engine.classify("Java(TM) SE Runtime", None, "8.0.3510.10").license_class is COMMERCIAL
    assert engine.classify("Java(TM) SE Runtime", None, "8.0.1910.12").license_class is FREE
    assert engine.classify("Java(TM) SE Runtime", None, "21.0.1").license_class is FREE
    assert engine.classify("Java(TM) SE Runtime").license_class is UNKNOWN


def test_vmware_workstation_free_from_17_6_2(engine: Classifier) -> None:
    assert engine.classify("VMware Workstation", None, "16.2.4").license_class is COMMERCIAL
    assert engine.classify("VMware Workstation", None, "17.6.2").license_class is FREE


CRACK_NAMES = Path(__file__).parent / "fixtures" / "classify" / "crack.csv"


def crack_rows() -> list[tuple[str, str, str]]:
    with CRACK_NAMES.open(encoding="utf-8") as handle:
        return [(r["display_name"], r["product_id"], r["marker"]) for r in csv.DictReader(handle)]


@pytest.mark.parametrize(("name", "product_id", "marker"), crack_rows())
def test_crack_tools_by_marker_or_known_activator(
    engine: Classifier, name: str, product_id: str, marker: str
) -> None:
    result = engine.classify(name)
    assert result.license_class is CRACK, result.reason
    if product_id:
        assert result.product_id == product_id
    if marker:
        assert marker in result.reason.lower()


@pytest.mark.parametrize(
    ("name", "publisher"),
    [
        ("Adobe Photoshop 2023", "xb21cn"),
        ("WinRAR 6.24", "吾爱破解论坛"),
        ("AutoCAD 2020", "Team R2R"),
        ("Office 2013-2021 Installer", "Ratiborus"),
        ("Some Unlisted Helper", "abbodi1406"),
        ("Logic Pro 10.7", "TNT"),
        ("ANSYS License Manager 2021", "TeAM MAGNiTUDE"),
        ("EViews 10", "飘云阁"),
        ("Navicat Premium 15", "DeltaFoX"),
        ("Adobe Acrobat Pro 2023", "elchupacabra"),
        ("AOMEI Partition Assistant Technician 10", "TryRooM"),
        ("ArcGIS Desktop 10.8", "Esri (网盘分享)"),
        ("WPS Office 2023 专业版", "Kingsoft (修改)"),
        ("统信UOS 桌面操作系统 20", "网友 <root@localhost>"),
        ("Microsoft Office 专业增强版 2016", "雨林木风"),
        ("Radmin Server 3.5", "Famatech (modified)"),
        ("Pix4Dmapper 4.5.6", "0daydown"),
        ("ArcGIS 10.2 for Desktop", "GIS空间站"),
        ("EViews 12 Enterprise Edition", "WinWin7"),
        ("Origin 2021", "科研软件小铺"),
        ("MATLAB R2020a", "仿真论坛"),
        ("SolidWorks 2020", "机械论坛网友分享"),
        ("Stata 16", "统计学习网"),
        ("Mathematica 12", "数学软件淘宝店"),
        ("Axure RP 9", "原型设计 (淘宝)"),
        ("ArcGIS Desktop 10.8", "软件安装管家"),
        ("Total Commander 11", "BurSoft"),
        ("Adobe Illustrator 2020", "spark-store (unofficial)"),
        ("Adobe Premiere Pro 2021", "更多精品软件请访问 www.example.com"),
        ("Stata 17", "QQ群 123456 计量交流"),
        ("Some Unlisted Helper", "KMSpico"),  # a known crack tool as the publisher
        ("JetBrains License Server 1.6", "ilanyu"),  # even on a licensing component
        ("Autodesk Inventor 2022", "Autodesk, lnc."),  # a lower-case L for the I of Inc.
        ("Microsoft Visio 2019", "Microsoft Corparation"),
        ("Adobe Animate 2021", "星火 社区打包"),
        ("Axure RP 10", "淘宝 某某软件工作室"),
        ("Twixtor Pro 8.0", "www.xue51.com"),
        ("WPS Office 2019 专业版", "Kingsoft Office Corporation (repacked)"),
        ("pycharm-professional 2024.1-1", "JetBrains-mirror <pycharm@jb-mirror.cn>"),
        ("wolfram-mathematica 13.3.1-1", "sci-share <sci@126.com>"),
        ("stata18-mp 18.0-1", "econ-soft <econ@qq.com>"),
        ("pycharm-professional 2024.1-1", "jb-agent <pkg@jbagent.top>"),
        ("Adobe Illustrator 2022 (26.0)", "www.xiazaiba.com"),
        ("Microsoft Office Professional Plus 2016", "Microsft Corporation"),
        ("理正勘察 9.0", "岩土工程网"),
        ("MATLAB R2018a", "TEAM LAVA"),
        ("Hogwarts Legacy: Digital Deluxe Edition", "EMPRESS"),  # release groups, whole field
        ("The Elder Scrolls V: Skyrim - Legendary Edition", "R.G. Mechanics"),
        ("Paragon Hard Disk Manager 17 Business", "conservator"),
        ("EndNote X9.3.3", "x6d.com"),
        ("Xmanager Power Suite 6 Build 0199", "荒野无灯"),
        ("Lightroom Classic 12 繁體中文", "伊莉討論區 (eyny)"),
        ("O&O DiskImage Professional 18", "ShareAppsCrack.com"),
        ("GetDataBack Pro 5.6", "AT4RE"),
        ("速达5000 工业版", "DFCG"),
        ("Process Lasso Pro 14", "Dr.FarFar"),
        ("PKPM 2023 V1.2", "钢结构论坛 坛友分享"),  # channels in the publisher field only
        ("理正深基坑 7.0", "岩土在线 下载区"),
        ("Sibelius 2023", "作曲吧"),
        ("盈建科 YJK 6.0", "闲鱼 某某CAD小铺"),
        ("Finale 27 简体中文版", "Finale 汉化组"),
        ("方正字库 兰亭黑", "第三方打包"),
        ("Ableton Live 12 Suite", "Mac Torrents"),
        ("Download Accelerator Plus 10 Premium", "SpeedBit Ltd. (modified)"),
        ("金蝶KIS 专业版 V15.0", "Kingde Software"),  # the vendor's name misspelt
        ("QuickBooks Premier 2022", "Intiut"),
        ("AutoCAD 2024", "Autdesk, Inc."),
        ("Foxit PDF Editor Pro 13", "Foxit Softwere Inc."),
        ("Trados Studio 2022", "东方软件园"),  # a download site, a share, a group, a forum
        ("ArcGIS Pro 3.1", "GIS之家 资源分享"),
        ("QuarkXPress 2024", "排版交流 QQ群"),
        ("Mastercam 2023", "数控论坛 www.cncbbs.cn"),
        ("用友U8+ V16.0", "微软用户"),  # the owner a Ghost image writes
        ("Creo 9.0", "夸克网盘"),
        ("Driver Booster 11 Pro", "PeskTop"),  # round forty-six: crackers and sites
        ("Capture One 23 Pro", "AvaxHome"),
        ("Snagit 2023", "小鱼儿yr"),
        ("Debut Video Capture Pro 10", "NCH Software / CORE"),  # a group after a slash
        ("Xshell 7", "知彼而知己"),  # an activator's author
        ("Primavera P6 22", "筑龙网资料分享"),
        ("Photoshop 2023", "资源来自网络"),
        ("广联达 GTJ2021", "Gl0don Software"),  # the vendor's name with a zero for an o
        ("DisplayFusion Pro 10", "Your Company Name"),  # an installer builder's placeholder
        ("yuzu Early Access 4200", "pineappleEA"),
        ("GM GDS2 2024", "VXDIAG"),
        ("Adobe Photoshop CC 2019", "星火商店 用户投稿"),  # a user upload to a package store
        ("DisplayFusion Pro 10", "太平洋下载中心"),
        ("MathType 7.4", "飞扬时空"),
        ("Movavi Video Converter Premium 24", "Pooshock"),
        ("Burp Suite Professional 2023.10", "surferxyz"),  # round forty-nine
        ("MindMaster 11 专业版", "知识兔"),
        ("Perfex CRM 3.2", "babiato.co"),
    ],
)
def test_a_crack_signature_in_the_publisher_field(
    engine: Classifier, name: str, publisher: str
) -> None:
    result = engine.classify(name, publisher)
    assert result.license_class is CRACK
    assert result.reason.startswith(("发行商字段", "发行商默认"))


@pytest.mark.parametrize(
    "publisher",
    ["Adobe Inc.", "Patch My PC", "RARLAB", "绿色软件有限公司", "Activation Inc.", "IT天空"],
)
def test_ordinary_publishers_sign_no_crack(engine: Classifier, publisher: str) -> None:
    assert engine.classify("Some Tool 2.0", publisher).license_class is not CRACK


def test_a_vendors_own_website_as_publisher_is_not_a_repackers_signature(
    engine: Classifier,
) -> None:
    own = engine.classify("迅捷PDF转换器 8.10", "www.xunjiepdf.com")
    assert own.license_class is COMMERCIAL, own.reason
    other = engine.classify("迅捷PDF转换器 8.10", "www.cadzxw.com")
    assert other.license_class is CRACK
    repacker = engine.classify(
        "foxitpdfeditor 12.1.0.0-1", "Foxit Repack <noreply@foxit-repack.net>"
    )
    assert repacker.license_class is CRACK  # a name, not a bare website: still a signature
    site = engine.classify("Foxit PDF Editor 12", "www.foxit-repack.net")
    assert site.license_class is CRACK  # the vendor's name, and a repacker's word
    named = engine.classify("C-Lodop 6.6 官方试用版", "Lodop (www.lodop.net)")
    assert named.license_class is COMMERCIAL, named.reason  # its own name, its own site
    posing = engine.classify("Foxit PDF Editor 12", "Foxit (www.foxit-repack.net)")
    assert posing.license_class is CRACK


def test_a_publisher_naming_its_owner_is_no_author_signature(engine: Classifier) -> None:
    """ "VMware by Broadcom" is how the vendor signs now, not a repacker's "by X"."""
    result = engine.classify("VMware Workstation Pro 17.5.2 for Linux", "VMware by Broadcom")
    assert result.license_class is COMMERCIAL, result.reason
    assert (
        engine.classify("VMware Workstation Pro 17", "Repack by Elchupacabra").license_class
        is CRACK
    )


def test_channel_words_count_in_the_publisher_field_only(engine: Classifier) -> None:
    """A Tieba forum publishes (作曲吧); a program named like one (百度贴吧) is no channel."""
    assert engine.classify("Sibelius 2023", "作曲吧").license_class is CRACK
    assert engine.classify("某某吧", None).license_class is not CRACK
    assert engine.classify("Sibelius 2023 (作曲吧)", None).license_class is not CRACK


@pytest.mark.parametrize(
    "name",
    [
        "MATLAB R2021a (27000@127.0.0.1)",
        "Adobe Premiere Pro 2022 (Loader)",
        "SolidWorks 2021 (许可来自网盘)",
        "Autodesk Maya 2022 (cg 资源)",
        "Camtasia 2022 (去水印)",
        "Microsoft Office 2013 MSDN版",
        "Microsoft Office 2010 官方原版",
        "Windows 7 Ultimate OEM_SLP activation",
        "Navicat Premium 15.0.26 Registered",
        "Adobe Illustrator 2021 x64 by 小明",
        "Windows Firewall rule: block outbound Illustrator.exe",
        "Camtasia 2021.0.19 x64 Multilingual Full",
        "ArcGIS Pro 3.1 (unlimited seats)",
        "FastStone Capture 9.7 (已注册)",
        "方正字库 全系列 (打包版)",
        "鑫达电脑 装机常用软件包 v3.2",
        "金蝶KIS 标准版 (站点不限)",
        "Microsoft Office Mondo 2016",
        "Videohive 片头片尾模板合集 Vol.12 (VIP资源)",
        "Nero 2020 多合一安装版",
        "Adobe After Effects 2021_is1",
        "卸载 Adobe Acrobat XI Pro",
        "方正小标宋简体 (公文字体包)",
        "Microsoft Office 2013 旗舰版",
        "Adobe Acrobat Pro 99.0.0.0",
        "JRebel 2023.1 (server: jrebel.example.com)",
        "Veeam Backup & Replication 12.0 (NFR licence)",
        "Total Commander 10.52 绿化增强版",
    ],
)
def test_weak_source_markers_count_on_paid_programs(engine: Classifier, name: str) -> None:
    assert engine.classify(name).license_class is CRACK


def test_weak_source_markers_leave_free_components_alone(engine: Classifier) -> None:
    manager = engine.classify("Autodesk Network License Manager (27000@localhost)", "Autodesk")
    assert manager.license_class is FREE, manager.reason


@pytest.mark.parametrize(
    ("name", "publisher"),
    [
        ("7-Zip 23.01", "装机软件小铺"),  # a shop passing on a free program sells nothing
        ("Notepad++ 8.6", "开源论坛网友分享"),
        ("千牛工作台", "淘宝(中国)软件有限公司"),  # Alibaba's company, not a shop
        ("patch 2.7.6-7", "Laszlo Boszormenyi (GCS) <gcs@debian.org>"),  # the GNU package
        ("内部业务系统客户端 3.1", "Administrator"),  # an in-house tool with no real publisher
    ],
)
def test_a_channel_as_publisher_does_not_brand_a_free_program(
    engine: Classifier, name: str, publisher: str
) -> None:
    assert engine.classify(name, publisher).license_class is not CRACK


def test_an_authors_by_line_is_a_repackers_signature_only_on_someone_elses_program(
    engine: Classifier,
) -> None:
    own = engine.classify("Total Commander 11 (by Christian Ghisler)", "Ghisler Software GmbH")
    assert own.license_class is COMMERCIAL, own.reason
    assert engine.classify("Total Commander 11 (by 某某)").license_class is CRACK
    # a repack keeps the vendor's publisher field: the signature must name the vendor
    signed = engine.classify("Total Commander 11 (by 小编)", "Ghisler Software GmbH")
    assert signed.license_class is CRACK, signed.reason
    registered = engine.classify(
        "Total Commander 11 (注册 by Christian Ghisler)", "Ghisler Software GmbH"
    )
    assert registered.license_class is COMMERCIAL, registered.reason
    licensed = engine.classify("中望CAD 2024 (已授权 by 孤狼)", "中望软件")
    assert licensed.license_class is CRACK, licensed.reason


def test_a_crack_authors_repack_of_free_runtimes_is_not_a_crack(engine: Classifier) -> None:
    result = engine.classify("Visual C++ Redistributable Runtimes AIO Repack", "abbodi1406")
    assert result.license_class is FREE, result.reason


@pytest.mark.parametrize(
    ("name", "publisher"),
    [
        ("Autodesk Network License Manager 11.18", "Autodesk"),
        ("SOLIDWORKS SolidNetWork License Manager 2022", "Dassault Systemes"),
        ("FlexNet Licensing Service 64", "Flexera Software LLC"),
        ("广联达 许可证管理器", None),
        ("品茗加密锁驱动程序", None),
        ("Microsoft Office 2016 KMS Host License Pack", "Microsoft Corporation"),
    ],
)
def test_a_vendors_licence_manager_is_a_free_component(
    engine: Classifier, name: str, publisher: str | None
) -> None:
    result = engine.classify(name, publisher)
    assert result.license_class is FREE, result.reason
    assert "许可管理服务" in result.reason


def test_a_licence_server_emulator_is_still_a_crack_tool(engine: Classifier) -> None:
    assert engine.classify("FLEXlm License Server Emulator").license_class is CRACK


@pytest.mark.parametrize(
    ("name", "license_class"),
    [
        ("7-Zip 23.01 绿色版", FREE),  # a portable copy of free software
        ("PotPlayer 免安装版 (videohelp.com)", FREE),
        ("WinRAR 6.24 绿色版", CRACK),  # a repack of a paid program
        ("UltraISO 9.7 注册版", CRACK),
        ("Vectorworks 2022 (macapps.xyz)", CRACK),
        ("某某游戏 硬盘版", CRACK),  # nothing says it is free
        ("Microsoft Office 2003 SP3 绿色版", CRACK),  # an office suite's part is no freeware
    ],
)
def test_weak_markers_count_only_on_programs_that_need_a_licence(
    engine: Classifier, name: str, license_class: LicenseClass
) -> None:
    result = engine.classify(name)
    assert result.license_class is license_class, result.reason
    if license_class is FREE:
        assert "便携" in result.reason


@pytest.mark.parametrize(
    ("name", "publisher", "license_class"),
    [
        ("CAXA 授权与激活工具 2021", "北京数码大方科技股份有限公司", FREE),
        ("CAXA 授权与激活工具 2021", None, CRACK),  # unsigned: nothing vouches for it
        ("CAXA 授权与激活工具 2021", "xb21cn", CRACK),
        ("Office 2019 激活工具", "Microsoft Corporation", CRACK),  # built-in activation
        ("Windows 10 Activation Tool", "Microsoft Corporation", CRACK),
        # a domestic OS ships its own activation component
        ("银河麒麟 激活工具", "Kylin Team", COMMERCIAL),
        ("银河麒麟 激活工具", "xb21cn", CRACK),
        ("kylin-activation (麒麟系统激活)", "Kylin Team <packages@kylinos.cn>", FREE),
        ("银河麒麟 系统激活", "xb21cn", CRACK),
        ("Windows 10 系统激活", "Microsoft Corporation", CRACK),
    ],
)
def test_an_activation_tool_is_genuine_only_from_its_own_vendor(
    engine: Classifier, name: str, publisher: str | None, license_class: LicenseClass
) -> None:
    result = engine.classify(name, publisher)
    assert (result.license_class is CRACK) is (license_class is CRACK), result.reason


def test_crack_marker_keeps_the_product(engine: Classifier) -> None:
    result = engine.classify("WinRAR 6.24 破解版")
    assert (result.product_id, result.license_class) == ("winrar", CRACK)
    assert "破解" in result.reason


@pytest.mark.parametrize(
    ("name", "product_id", "edition"),
    [
        ("Windows", "windows", None),
        ("Windows(R), Professional edition", "windows", "专业版 Pro"),
        (
            "Office 16, Office16ProPlusVL_KMS_Client edition",
            "office",
            "专业增强版 Professional Plus (批量许可)",
        ),
        (
            "Office 16, Office16HomeStudentR_Retail edition",
            "office",
            "家庭和学生版 Home & Student (限非商业用途)",
        ),
    ],
)
def test_activation_product_names(
    engine: Classifier, name: str, product_id: str, edition: str | None
) -> None:
    result = engine.classify(name)
    assert (result.product_id, result.edition) == (product_id, edition)
    assert result.license_class is not CRACK


@pytest.mark.parametrize(
    "name",
    [
        "Patch My PC Home Updater",
        "Microsoft Office 2016 安全更新",
        "Windows",
        "Windows Update Assistant",
        "Office 16, Office16StandardVL_KMS_Client edition",
        "Ivanti Patch for Windows Servers",
        "Data Loader",
        "Core Temp 1.18",
        "IObit Unlocker",
        "暴风影音5",
        "Volume Activation Management Tool (VAMT) 3.1",
        "uos-activator",
        "HEU 校园网客户端",
        "Medicine Reference 2024",
        "Serial Number Reader",
        "屏幕免锁屏助手",
        "加密狗驱动 (Sentinel HASP)",
        "WinSCP 6.3 汉化版",
        "Notepad2 汉化免费版",
        "广联达加密锁驱动",
        "CodeMeter Runtime Kit v7.60",
        "FlexNet Licensing Service",
        "360安全卫士 永久免费",
        "无锁屏壁纸",
        "园林绿化预算软件",
        "系统装机工具",
        "Windows 优化大师 7.99",
        "PuTTY Key Generator",
        "LibreOffice Portable",
        "Greenshot by getgreenshot.org",
        "Microsoft Office 激活向导",
        "Windows Server 2019 Core",
        "v2ray-core",
        "HEU 校园网客户端",
        "Norton Ghost 15",
        "Virtual Serial Port Emulator 2.0",
        "Trial Balance Generator 2.1",
        "数字证书密钥生成工具",
        "驾驶人考试 模拟考试系统",
        "仿真软件许可服务器 3.0",
        "License Modification Utility",
        "许可证续期工具",
        "解除授权工具",
        "Volume Activation Tools (Windows Server 2019)",
        "AFGROW 5.3 (Crack Growth Life Prediction)",
        "Heroes of Might and Magic 3 (GOG.com)",
        "Docker Desktop Repack Helper",
        "Windows 激活技术更新 (KB971033)",
        "Virbox Protector 3 (软件防破解加固)",
        "论文查重 去重检测工具",
        "短信验证码拦截助手",
        "PDF 去水印工具",
        "Notepad++ 8.6 (by Don Ho)",
        "Codex CLI",
        "ATLauncher 3.4",
        "GnuWin32: Patch-2.5.9",
        "The Nutcracker Suite (Tchaikovsky) Player",
        "Firecracker microVM",
        "华为 VPN 客户端 (预共享密钥)",
        "Sentinel HASP Run-time 8.31",
        "HASP HL 驱动程序",
        "7zCracker 1.2",
        "Everything 1.4 (Registered to: voidtools)",
        "驾驶模拟授权考场管理系统",
        "Excel 数据共享工具",
        "Foxit Reader Portable",
        "HWMonitor Portable",
        "Notepad++ 8.5 汉化版",
        "HxD 汉化版",
        "Portable Document Viewer",
        "360软件管家",
        "腾讯软件管家",
        "Adobe Genuine Service",
        "Windows Genuine Advantage Validation Tool (KB892130)",
        "无限宝 (在线课堂)",
        "Microsoft Office 专业增强版 2019 (单位KMS服务器激活)",
        "思源字体合集",
        "Office 模板大全",
        "软锁授权服务 (Virbox)",
        "Dolphin Emulator 5.0",
        "LibreOffice 7.6 绿色版",
        "Foxit Reader 绿色版",
        "deepin 20 精简版",
        "图片去水印大师",
        "论文去重检测系统 3.0",
        "PuTTYgen SSH 密钥生成",
        "BarTender 条码序列号生成",
        "Ultimaker Cura 5.4 (slicer)",
        "加密服务 (深思数盾)",
        "NoteExpress 机构版 (高校授权)",
        "Nero Burning ROM 12 by Nero AG",
        "Proxifier (IP 伪装代理)",
        "Concrete Crack Depth Tester 2.0",
        "裂缝综合测试仪 Crack Monitor",
        "deepin-license-activator 1.2",
        "VIPKID 学习中心",
        "patch",
        "pkcrack",
        "UltraUXThemePatcher",
        "某某OA (共享版)",
        "阿里旺旺 (淘宝版)",
        "防伪造印章验证系统",
        "oCam 录屏 (无时长限制)",
        "ImageMagick-portable-Q16-HDRI",
        "AutoCAD 2024 (Licencia permanente)",
        "RunAsDate 1.37",
        "Sandboxie-Plus 1.12",
        "Windows 정품인증 안내",
        "Xshell 7 (用户手册)",
        "Kaspersky Premium Unlimited",
        "效率源 手机密码破解系统",
        "Passware 口令破解取证工具",
        "crack-attack 1.1.14",
        "patch 2.7.6",
        "Nexus Repository (maven 私服)",
        "7-Zip 23.01 [Qzrvtx]",
        "Navicat Premium 16 (x64)",
        "ArcGIS Desktop 10.8 (ArcMap)",
        "文件加密解密工具 3.0",
        "小米解锁工具 6.5",
        "统计局 Office KMS 客户端配置 1.2",
        "驱动精灵 (驱动之家)",
        "Windows 10 无需锁屏密码登录工具",
        "SSL 自签证书生成工具",
        "Visual Studio 2022 社区版",
        "Git Hooks Manager",
        "XX 交流群 聊天记录导出工具",
        "堡垒机 共享账号管理模块 3.2",
        "Prolific USB-to-Serial Comm Port 3.8.40",
        "Navicat Premium 16 (serial port tunnel)",
        "FlexNet 序列号管理工具 2.1",
        "服务器时间回拨检测工具 1.0",
        "远程协助他人 (需对方授权)",
        "广告拦截 (屏蔽联网广告)",
        "Office 2016 + SP1 更新补丁",
        "嘀嗒出行 拼车助手 2.1",
        "Adobe Genuine Service 8.0",
        "Autodesk Licensing Service 13.0",
        "易我电脑迁移 (异机迁移) 13.5",
        "干部网络学院 学习交流平台 2.0",
        "多合一读卡器驱动 三合一 1.2",
        "鲁大师 优化版 6.1",
        "K-Lite Codec Pack 17.8 Full",
        "图书馆 图书外借管理系统 5.0",
        "某中学 Office 校园正版 部署工具",
        "金蝶KIS 迷你版 V9.1",
        "MATLAB R2023a (Campus-Wide License)",
        "Typesafe Activator 1.3.12",
        "Sublime Text Build 4152 (unregistered)",
        "FortiClient EMS 7.0 (网络共享授权)",
        "Origin 2024 学习版 (Learning Edition)",
        "Windows 10 神州网信政府版 (V2022-L.1050)",
        "某区 正版化 授权管理平台 (采购 200 套)",
        "burp-Bypass",
        "Mysql-fake-server 1.0",
        "Notepad2-mod 4.2.25",
        "WPS Office 2023 专业版",
        "Microsoft Office 2011 for Mac",
        "Microsoft Office 2007 Ultimate 旗舰版",
        "Windows 7 旗舰版 Service Pack 1",
        "MATLAB R2023b",
        "USB 设备绑定管理工具 2.0",
        "Rockey4 Smart 驱动程序 1.2",
        "金山PDF 12.1.0.99",
        "内部通讯录 客户端 (内部账号登录)",
        "kylin-activation 1.3.11-0k1",
        "libfaketime 0.9.10-2",
        "ttf-mscorefonts-installer 3.8.1",
        "box64 0.2.6-1",
        "Autodesk Network License Manager (27000@localhost)",
        "ZipCracker 1.0",
        "aircrack-ng 1.7",
        "JDownloader 2",
        "Oracle SQL*Loader 19c",
        "DisplayCAL Profile Loader",
        "IAR Flash Loader 9.10",
        "MelonLoader Installer 4.2",
        "MAS 90 (Sage)",
        "Sage MAS 200 4.5",
        "Mas Ventas 3",
        "LockHunter 3.4 (file unlocker)",
        "央视影音 3.5 (去广告插件说明)",
        "ssh-keygen",
        "Lightbend Activator",
        "concrete-crack-detection",
        "SAS 9.4 (TS1M7)",
        "IObit Unlocker 1.3",
        "lsix",
        "uos-license-agent 1.0.8-1",
        "WPS Office 2016 (含SP1升级补丁)",
        "美萍会员管理软件 会员版说明",
        "OpenCore Legacy Patcher 1.5",
        "Delta Patcher 3.0",
        "Beyond Compare 4 Portable (官方 zip)",
        "JetBrains Floating License Server 42",
        "数科OFD阅读器 3.0",
        "V-USB 20121206",
        "libvips42 8.14",
        "微软常用运行库合集 2024.05 by Dreamcast",
        "广联达加密锁驱动 3.5",
        "ArcGIS License Manager 10.6",
        "Win10_BrightnessSlider",
        "SoundVolumeView - Save_load sound level profiles",
        "超星阅读器 4.1",
        "CAJViewer 9.0",
        "AdGuard 去广告 插件 4.3",
        "网络共享授权管理器 2.0",
        "小刀 Pocket Knife Notes 1.2",
        "Cloud-Bucket-Leak-Detection-Tools",
        "wireguard-green 1.0",
        "Acronis True Image WD Edition 27",
        "SSH Key Manager (id_rsa.key generated)",
        "Patched Sur 1.0",
        "Grub4dos 0.4.6a",
        "Lenovo OEM BIOS Update 1.2",
        "Cxbx-Reloaded",
        "86box-romset",
        "Windows Server 2019 Core",
        "RLM License Server 15.1",
        "Sentinel RMS License Manager 9.7",
        "Office 2019 Volume License Pack",
        "Steam Achievement Manager 7.0",
        "iSlide 7.0 (官方会员版说明)",
        "Keil MDK-ARM 5.38 (Support Period 至 2027)",
        "SD Maid Pro - Unlocker (eu.thedarken.sdm.unlocker)",
        "Snappy Driver Installer Origin R760",
        "ysoserial.net",
        "aircrack-ng 1.7",
        "Hancom Office 2022 (한글) 정품",
        "ライセンス認証ツール (Microsoft 公式)",
        "Microsoft Office Ultimate 2007",
        "MATLAB Runtime R2023b",
        "Camtasia 2024",
        "用友U8+ V16.0 旗舰版",
        "Home/Business Edition Comparison Guide",
        "公共用户管理系统 2.0",
        "SolidWorks eDrawings 2023 (SN 只读查看器)",
        "FL Studio 21 Producer Edition (unlocked via Image-Line account)",
        "REAPER 7.11 (x64, portable install)",
        "Guitar Pro 8.1 (activated with Arobas account)",
        "Pianobook Felt Piano (unlocked Kontakt library)",
        "未来教育 计算机等级考试模拟软件 (正版激活卡)",
        "MathType Commands 7 for Word (MathPage.wll)",
        "PuTTY Key Generator",
        "KiTTY Key Generator 0.76",
        "Windows Firewall rule: Block telemetry (CompatTelRunner.exe)",
        "Sibelius Ultimate 2024.3 (subscription)",
        "Spectrasonics Omnisphere 2.8 (authorized)",
        "方正字库 正版化字体包 2023 (单位采购授权)",
        "Hyper-V Generation 2 VM Tools",
        "Dorico SE 5",
        "DaVinci Resolve Studio 18.6 (dongle)",
        "Minitab License Manager (FlexNet)",
        "Google Cloud KMS CNG Provider 1.2",
        "卡巴斯基安全软件 2016 (正版激活码 京东自营)",
        "Memory Leak Detector 2.1",
        "Minecraft Forge (mod)",
    ],
)
def test_legitimate_names_are_not_crack_tools(engine: Classifier, name: str) -> None:
    assert engine.classify(name).license_class is not CRACK


@pytest.mark.parametrize(
    ("typo", "product_id"),
    [
        ("Adobe Photoshp 2023", "photoshop"),
        ("WinRAAR 6.0", "winrar"),
        ("Microsoft Visoi Professional 2016", "visio"),
        ("Tencent Meting", "tencent-meeting"),
    ],
)
def test_fuzzy_typos(engine: Classifier, typo: str, product_id: str) -> None:
    result = engine.classify(typo)
    assert result.product_id == product_id
    assert result.reason.startswith("近似匹配 rapidfuzz")
    assert 0.5 < result.confidence < 0.95


@pytest.mark.parametrize(
    "name", ["asdkjh qweoiu", "zzzzzzzzzzzz", "内部业务系统客户端 17", "", "   "]
)
def test_gibberish_is_unknown(engine: Classifier, name: str) -> None:
    result = engine.classify(name)
    assert (result.license_class, result.product_id, result.confidence) == (UNKNOWN, None, 0.0)


def test_edition_words_and_publisher_defaults_for_unlisted_programs(engine: Classifier) -> None:
    hinted = engine.classify("Acme Diagram Professional 7")
    assert hinted.license_class is COMMERCIAL and hinted.reason.startswith("版本字样推断")
    free = engine.classify("Acme Cleaner Free 3.1")
    assert free.license_class is PERSONAL
    adobe = engine.classify("Adobe Totally New Product 2031", "Adobe Inc.")
    assert adobe.license_class is COMMERCIAL and adobe.reason.startswith("发行商默认")
    ms = engine.classify("Windows Foo Component", "Microsoft Corporation")
    assert ms.license_class is FREE and ms.confidence < 0.9


@pytest.mark.parametrize(
    ("publisher", "vendor"),
    [
        ("Microsoft Corporation", "microsoft"),
        ("微软", "microsoft"),
        ("Kingsoft Corp.", "kingsoft"),
        ("珠海金山办公软件有限公司", "kingsoft"),
        ("北京金山办公软件股份有限公司", "kingsoft"),
        ("Beijing Qihu Technology Co., Ltd.", "qihoo360"),
        ("360.cn", "qihoo360"),
        ("北京奇虎科技有限公司", "qihoo360"),
        ("腾讯科技(深圳)有限公司", "tencent"),
        ("Adobe Systems Incorporated", "adobe"),
        ("JetBrains s.r.o.", "jetbrains"),
        ("北京火绒网络科技有限公司", "huorong"),
        ("Some Unknown Vendor GmbH", None),
        ("", None),
        (None, None),
    ],
)
def test_publisher_normalization(
    engine: Classifier, publisher: str | None, vendor: str | None
) -> None:
    assert engine.vendor_of(publisher) == vendor


def test_publisher_constraint_rejects_a_different_vendor() -> None:
    text = (
        "vendors:\n  acme: {name: Acme, aliases: [acme corp]}\n  other: {name: O, aliases: [other inc]}\n"
        "products:\n  - {id: suite, name: Suite, category: office, license_class: commercial,"
        " match: [suite], publisher: [acme]}\n"
    )
    engine = Classifier(parse_catalog({"t.yaml": text}))
    assert engine.classify("Suite 2", "Acme Corp").product_id == "suite"
    assert engine.classify("Suite 2", None).product_id == "suite"
    assert engine.classify("Suite 2", "Other Inc.").product_id is None


@pytest.mark.parametrize(
    ("publisher", "company"),
    [
        ("Keeper Security Inc", True),
        ("RimArts, Inc.", True),
        ("Paragon Software GmbH", True),
        ("Foo Co.,Ltd", True),
        ("Auslogics Labs Pty Ltd", True),
        ("ACME S.A.", True),
        ("深圳市大疆创新科技有限公司", True),
        ("株式会社ジャストシステム", True),
        ("Igor Pavlov", False),
        ("The GIMP Team", False),
        ("Co-Creative", False),
        ("AG Software", False),
        ("Incredibuild", False),
        ("", False),
        (None, False),
    ],
)
def test_company_by_legal_form(publisher: str | None, company: bool) -> None:
    assert is_company(publisher) is company


def test_the_company_lean_is_cached_apart_from_an_unknown_publisher(engine: Classifier) -> None:
    fresh = Classifier(engine.catalog)
    assert fresh.classify("Acme Orbit", "Someone").license_class is UNKNOWN
    assert fresh.classify("Acme Orbit", "Acme Orbit Ltd").license_class is COMMERCIAL
    assert fresh.classify("Acme Orbit", None).license_class is UNKNOWN


def test_normalization_strips_noise() -> None:
    assert (
        clean_name("Microsoft Office 专业增强版 2016 - zh-cn") == "microsoft office 专业增强版 2016"
    )
    assert (
        clean_name("Security Update for Microsoft Office 2016 (KB3114690)")
        == "microsoft office 2016"
    )
    assert core_name("7-Zip 19.00 (x64)") == "7-zip"
    assert core_name("Python 3.11.4 (64-bit)") == "python"
    assert core_name("Mozilla Firefox (x64 zh-CN)") == "mozilla firefox"
    assert publisher_key("北京火绒网络科技有限公司") == "火绒"


def test_traditional_characters_fold_to_simplified(engine: Classifier) -> None:
    assert clean_name("會聲會影 X9 特別版") == "会声会影 x9 特别版"
    assert engine.classify("威力導演 16 免安裝版").license_class is CRACK
    assert (
        engine.classify("會聲會影 2022").product_id == engine.classify("会声会影 2022").product_id
    )


def test_public_kms_hosts_come_from_the_office_settings() -> None:
    catalog = load_catalog()
    mine = Classifier(catalog, kms_hosts=("kms.example.org",))
    assert mine.classify("Office 2019 (KMS: kms.example.org)").license_class is CRACK
    assert mine.classify("Office 2019 (KMS: kms.03k.org)").license_class is not CRACK


def test_package_words_split_a_package_name_only() -> None:
    assert package_words("com.autodesk.autocad2014.deepin-wine") == (
        "com autodesk autocad 2014 deepin wine"
    )
    assert package_words("photoshop-cs6") == "photoshop cs6"  # a short word keeps its number
    assert package_words("adobe photoshop cs6") is None  # spaces: not a package name
    assert package_words("wechat") is None  # no separator


def test_a_fused_crack_word_is_split_off_for_matching_only(engine: Classifier) -> None:
    assert unfused("typoracracker") == "typora cracker"
    assert unfused("burploader") == "burp loader"
    assert unfused("typora") is None
    assert unfused("crack") is None  # nothing fused to it
    assert engine.classify("TyporaCracker").product_id == "typora"  # the paid program decides
    assert engine.classify("ZipCracker").license_class is not CRACK  # no paid program named


def test_keyword_spaces_also_match_hyphens_underscores_or_nothing(engine: Classifier) -> None:
    for name in ("sublime-text 4143", "sublime_text 4143", "sublimetext 4143", "Sublime Text 4"):
        assert engine.classify(name).product_id == "sublime-text", name
    assert engine.classify("微软 office").product_id != "sublime-text"  # CJK spacing unchanged


def test_a_space_where_chinese_meets_ascii_is_optional(engine: Classifier) -> None:
    for name in ("汉王OCR 7.0", "汉王 OCR 7.0", "汉王 ocr"):
        assert engine.classify(name).product_id == "hanwang-ocr", name
    assert re.compile(keyword_regex("qq 音乐")).search("qq音乐 2024")


def test_a_long_fused_keyword_matches_as_the_start_of_a_longer_word() -> None:
    fused = re.compile(keyword_regex("jrebellicenseserver"))
    assert fused.search("jrebellicenseserverforjava")
    assert not re.compile(keyword_regex("typora")).search("typoraplus")  # short: whole words


def test_a_known_crack_tool_is_found_across_underscores(engine: Classifier) -> None:
    result = engine.classify("Ohook_Office_Activation")
    assert result.license_class is CRACK and "Ohook" in result.reason


@pytest.mark.parametrize(
    ("name", "product_id"),
    [
        ("com.adobe.photoshop-cs6.deepin-wine", "photoshop"),
        ("com.autodesk.autocad2014.deepin-wine", "autocad"),
        ("deepin-wine6-stable-office2010-vl", "office"),
        ("com.corel.coreldraw-x4.spark", "coreldraw"),
    ],
)
def test_a_paid_windows_program_packaged_for_wine_is_a_crack(
    engine: Classifier, name: str, product_id: str
) -> None:
    # the package names its program before the free Wine layer, and nobody may redistribute it
    result = engine.classify(name)
    assert (result.product_id, result.license_class) == (product_id, CRACK), result.reason


@pytest.mark.parametrize(
    ("name", "publisher"),
    [
        ("autocad2018-wine 22.0.49-1", "cad-wine <cadwine@qq.com>"),  # a version follows
        ("com.microsoft.office2016.deepin 16.0.4266.1001deepin5", None),
        ("Adobe Premiere Pro 2020 (deepin-wine)", None),
        ("fonts-hanyi-full 5.0-1", None),
        ("axure-rp-10-wine 10.0.0.3902-1", None),
        ("solidworks-2022-exagear 30.1.0.80-1", None),
        ("fonts-msyh 6.23-1", "winfonts <wf@fontshare.top>"),
    ],
)
def test_paid_programs_wrapped_or_bundled_in_linux_packages(
    engine: Classifier, name: str, publisher: str | None
) -> None:
    assert engine.classify(name, publisher).license_class is CRACK


@pytest.mark.parametrize(
    ("name", "publisher"),
    [
        ("gimp 2.10.34-1", "debian-share <gimp@qq.com>"),  # a free program shared is no crack
        ("com.qq.weixin.deepin 3.9.0deepin1", None),
        ("fonts-noto-cjk-full 1:20220127", None),
    ],
)
def test_free_programs_in_third_party_packages_stay_free(
    engine: Classifier, name: str, publisher: str | None
) -> None:
    assert engine.classify(name, publisher).license_class is not CRACK


def test_a_package_names_its_program_before_the_wine_layer(engine: Classifier) -> None:
    wrapped = engine.classify("com.foxit.reader.deepin-wine")
    assert (wrapped.product_id, wrapped.license_class) == ("foxit-reader", FREE), wrapped.reason
    assert engine.classify("deepin-wine8-stable").license_class is FREE
    assert engine.classify("Win10_BrightnessSlider").license_class is not COMMERCIAL


def test_alternatives_are_product_names(engine: Classifier) -> None:
    result = engine.classify("WinRAR 6.24 (64-bit)")
    assert "7-Zip" in result.alternatives


def test_repeated_rows_are_cached_and_keep_their_display_name(engine: Classifier) -> None:
    first = engine.classify("WPS Office (11.1.0.1)", "Kingsoft Corp.")
    assert engine.classify("WPS Office (11.1.0.1)", "Kingsoft Corp.") is first
    other = engine.classify("WPS Office (11.1.0.2)", "Kingsoft Corp.")
    assert other.display_name == "WPS Office (11.1.0.2)" and other.product_id == "wps-office"


@dataclass(frozen=True)
class Install:
    display_name: str
    publisher: str | None = None
    version: str | None = None


def test_classify_many_accepts_records_tuples_and_names(engine: Classifier) -> None:
    rows = [Install("腾讯QQ", "腾讯科技(深圳)有限公司"), ("KMSpico", None, None), "7-Zip 23.01"]
    classes = [r.license_class for r in engine.classify_many(rows)]
    assert classes == [FREE, CRACK, FREE]


def test_classify_csv_with_header(engine: Classifier) -> None:
    lines = [
        "\ufeffdisplay_name,publisher,version\n",
        '"WPS Office 个人版",珠海金山办公软件有限公司,11.1\n',
        "\n",
        "Java 8 Update 351,Oracle Corporation,8.0.3510.10\n",
        "Only A Name\n",
    ]
    results = list(classify_csv_lines(lines, engine))
    assert [r.license_class for r in results] == [PERSONAL, COMMERCIAL, UNKNOWN]
    row = results[0].to_dict()
    assert json.loads(json.dumps(row, ensure_ascii=False))["license_class"] == "free_personal"
    assert set(row) >= {
        "display_name",
        "product",
        "vendor",
        "category",
        "license_class",
        "confidence",
        "reason",
    }


def test_classify_bare_names_one_per_line(engine: Classifier) -> None:
    results = list(classify_csv_lines(["KMSpico\n", "Foo, Inc. Tool\n", "", "7-Zip"], engine))
    assert [r.display_name for r in results] == ["KMSpico", "Foo, Inc. Tool", "7-Zip"]
    assert results[0].license_class is CRACK
    assert list(classify_csv_lines([], engine)) == []


@settings(max_examples=300, deadline=None)
@given(
    name=st.text(max_size=80),
    publisher=st.one_of(st.none(), st.text(max_size=40)),
    version=st.one_of(st.none(), st.text(max_size=20)),
)
def test_any_text_classifies_within_bounds(
    name: str, publisher: str | None, version: str | None
) -> None:
    result = load_default_classifier().classify(name, publisher, version)
    assert 0.0 <= result.confidence <= 1.0
    assert result.license_class in set(LicenseClass)
    assert isinstance(result.reason, str) and result.reason
    assert result.display_name == name


@pytest.mark.parametrize(
    ("name", "publisher", "license_class", "reason"),
    [
        # categories first: a driver is free even when its vendor's default is commercial
        ("Acme Label Printer Driver 2.1", "Adobe Inc.", FREE, "类别推断 (驱动"),
        ("Acme 扫描仪驱动程序", None, FREE, "类别推断 (驱动"),
        ("Acme Widgets Runtime 3", None, FREE, "类别推断 (运行库"),
        ("Hotfix for Acme Suite (KB5012345)", None, FREE, "类别推断 (更新"),
        ("Acme Suite Language Pack - 简体中文", None, FREE, "类别推断 (语言包"),
        # a driver-updater utility is not a driver
        ("Acme Driver Updater Pro 11", None, COMMERCIAL, "版本字样推断 (pro"),
        # trial beats every edition word; personal words beat paid edition words
        ("Acme Diagram Free Trial", None, COMMERCIAL, "版本字样推断 (试用"),
        ("Acme Notes Personal Pro", None, PERSONAL, "版本字样推断 (个人"),
        ("Acme Tools Freeware", None, FREE, "版本字样推断 (免费软件"),
        ("某某绘图 企业版", None, COMMERCIAL, "版本字样推断 (专业"),
        ("Acme Viewer", None, FREE, "版本字样推断 (免费/社区"),
        # name words beat the vendor default in both directions
        ("Google Totally New Enterprise", "Google LLC", COMMERCIAL, "版本字样推断"),
        ("Adobe Unknown Viewer", "Adobe Inc.", FREE, "版本字样推断"),
        # the vendor default beats weak words; weak words count only without a default
        ("Adobe Something Studio Player", "Adobe Inc.", COMMERCIAL, "发行商默认"),
        ("Acme Media Player", None, FREE, "弱字样推断"),
        ("Acme Layout Studio", None, COMMERCIAL, "弱字样推断"),
        # weak words beat the publisher's legal form
        ("Acme Media Player", "Acme Unheard Of Ltd", FREE, "弱字样推断"),
        # last: a company nobody lists leans commercial; a person or no publisher stays unknown
        ("Acme Orbit", "Acme Unheard Of Ltd", COMMERCIAL, "发行商推断: 未收录的公司"),
        ("Acme Orbit", "深圳市某某信息技术有限公司", COMMERCIAL, "发行商推断: 未收录的公司"),
        ("Acme Orbit", "Jane Doe", UNKNOWN, "未识别"),
        ("Acme Orbit", None, UNKNOWN, "未识别"),
    ],
)
def test_fallback_precedence_for_unlisted_programs(
    engine: Classifier, name: str, publisher: str | None, license_class: LicenseClass, reason: str
) -> None:
    result = engine.classify(name, publisher)
    # no catalog product; a guess that needs a licence gets a name id for the gap and coverage
    expected_id = f"name:{name_key(name)}" if license_class is COMMERCIAL else None
    assert result.product_id == expected_id, result
    assert (result.license_class, result.reason[: len(reason)]) == (license_class, reason)
    assert result.confidence < 0.9


def test_weak_and_vendor_default_confidences(engine: Classifier) -> None:
    agreeing = engine.classify("Adobe Future Professional", "Adobe Inc.")
    alone = engine.classify("Acme Future Professional")
    assert agreeing.confidence > alone.confidence > engine.classify("Acme Player").confidence
    assert "发行商默认" in agreeing.reason


def test_derived_vendor_default_from_unanimous_products() -> None:
    catalog = parse_catalog(
        {
            "a.yaml": """
vendors:
  acme: {name: Acme, aliases: [acme corp]}
  mixed: {name: Mixed, aliases: [mixed corp]}
products:
  - {id: a1, vendor: acme, category: tool, license_class: commercial, match: [acme one]}
  - {id: a2, vendor: acme, category: tool, license_class: commercial, match: [acme two]}
  - {id: m1, vendor: mixed, category: tool, license_class: commercial, match: [mixed one]}
  - {id: m2, vendor: mixed, category: tool, license_class: free, match: [mixed two]}
"""
        }
    )
    engine = Classifier(catalog)
    derived = engine.classify("Acme Three", "Acme Corp")
    assert (derived.license_class, derived.confidence) == (COMMERCIAL, 0.5)
    assert derived.reason.startswith("发行商推断")
    assert engine.classify("Mixed Three", "Mixed Corp").license_class is UNKNOWN


@pytest.mark.parametrize(
    "name",
    [
        "Security Update for Microsoft Visual Studio 2019 (KB5003333)",
        "Update for Skype for Business 2016 (KB4011238) 64-Bit Edition",
        "Adobe Photoshop 2024 Language Pack",
    ],
)
def test_updates_and_language_packs_of_paid_products_are_free(
    engine: Classifier, name: str
) -> None:
    result = engine.classify(name, version="16.0.1")
    assert result.product_id is not None and result.license_class is FREE, result
    assert "类别推断" in result.reason and result.edition is not None


def test_paid_product_itself_stays_commercial(engine: Classifier) -> None:
    assert engine.classify("Microsoft Visual Studio Professional 2019").license_class is COMMERCIAL


@pytest.mark.parametrize("name", ["SAP GUI for Windows 7.70", "Foo Agent for Windows 10"])
def test_programs_for_windows_are_not_windows(engine: Classifier, name: str) -> None:
    assert engine.classify(name).product_id not in {"windows-7", "windows-10", "windows-11"}


@pytest.mark.parametrize(
    "name",
    [
        "NirSoft ProduKey",
        "Magical Jelly Bean KeyFinder",
        "Crackdown 3",
        "绿色出行",
        "Deepin 20",
        "Fallout 3 Patch 1.7.0.3",  # a studio's own numbered game patch
        "86Box ROM set",  # emulator BIOS images, not a game pack
        "Trados Studio 2022 Retail",
        "Hiren's BootCD PE x64 1.0.2",  # the free-tools-only edition
        "v2ray-core 5.1",
        "Windows Server 2022 Standard Core",
        "优启通 EasyU 3.7",
        "VCDS-Lite 1.2 (Shareware)",
        "Milestone XProtect 2023 R1 Cumulative Patch",
        "SAP Crystal Reports 2020 SP04 Patch 3",
        "Axure RP 10 中文语言包 (社区汉化)",
        "John the Ripper password cracker 1.9.0",
        "Office LTSC 2021 专业增强版 (单位 KMS 主机)",
        "统信UOS 激活授权 (uos-activator)",
        "Windows 11 美化包 (macOS 风格)",
        "Universal Theme Patcher",
        "MySQL Fake Server 1.2",  # a penetration-testing tool, not a licence server
    ],
)
def test_key_viewers_and_look_alikes_are_not_crack_tools(engine: Classifier, name: str) -> None:
    assert engine.classify(name).license_class is not CRACK


@pytest.mark.parametrize(
    "publisher", ["The Foo Project", "Foo contributors", "Foo Foundation", "GNU Project"]
)
def test_community_publishers_default_to_free(engine: Classifier, publisher: str) -> None:
    result = engine.classify("Foozle Editor", publisher)
    assert result.license_class is FREE and result.reason.startswith("发行商默认")
    assert engine.classify("Foozle Editor Enterprise", publisher).license_class is COMMERCIAL


def test_update_rows_do_not_leak_into_the_product_row_through_the_cache() -> None:
    engine = Classifier(load_default_classifier().catalog)
    assert engine.classify("Update for Windows 10 (KB4023057)").license_class is FREE
    assert engine.classify("Windows 10").license_class is COMMERCIAL
    assert engine.classify("Acme Orbit (KB5012345)").license_class is FREE
    assert engine.classify("Acme Orbit").license_class is UNKNOWN


@pytest.mark.parametrize(
    ("name", "publisher", "license_class"),
    [
        ("Grapher 20", "Golden Software, LLC", COMMERCIAL),
        ("Some Future Tool 3", "Igor Pavlov", FREE),
        ("Remote Helper 3", "TeamViewer Germany GmbH", PERSONAL),
        ("某某平台客户端", "海康威视", FREE),
    ],
)
def test_software_vendor_defaults_name_unlisted_programs(
    engine: Classifier, name: str, publisher: str, license_class: LicenseClass
) -> None:
    result = engine.classify(name, publisher)
    assert (result.license_class, result.reason[:5]) == (license_class, "发行商默认"), result


def test_a_weak_marker_that_does_not_count_says_why(engine: Classifier) -> None:
    free = engine.classify("Everything 1.4 绿色版")
    assert free.license_class is FREE and "免费软件的便携/打包版" in free.reason
    unknown = engine.classify("Qwzx Helper 汉化版")
    assert unknown.license_class is not CRACK
    assert "未计为破解: 未确认需要授权" in unknown.reason, unknown.reason


def test_a_product_named_outside_brackets_wins_over_one_named_inside(engine: Classifier) -> None:
    result = engine.classify("傲梅分区助手 技术员版 10.2 (WinPE 启动盘)")
    assert result.product_id == "aomei"
    assert result.license_class is COMMERCIAL


def test_a_patch_named_by_its_own_vendor_is_a_fix(engine: Classifier) -> None:
    assert engine.classify("ArcGIS 10.8.1 Desktop Geodatabase Patch", "Esri").license_class in (
        COMMERCIAL,
        FREE,
    )
    assert engine.classify("ArcGIS 10.8.1 Desktop Patch", "佚名").license_class is CRACK
    assert engine.classify("Navicat Premium 15 + Patch", "PremiumSoft").license_class is CRACK


def test_a_huge_name_is_read_up_to_the_stored_length(engine: Classifier) -> None:
    """Names are read up to NAME_LIMIT characters, the longest an install record stores."""
    assert NAME_LIMIT == 512
    huge = "破解版 " + "x" * 200_000
    result = engine.classify(huge, "p" * 100_000)
    assert result.license_class is CRACK and result.display_name == huge
    assert engine.classify("y" * NAME_LIMIT + " 破解版").license_class is not CRACK
