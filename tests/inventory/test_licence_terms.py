"""Licence fields and descriptions of registry packages read as a license class (a table)."""

from __future__ import annotations

import pytest

from inventory.catalog import LicenseClass
from inventory.licence_terms import Strength, read_terms

FREE, PERSONAL, COMMERCIAL, CRACK, UNKNOWN = (
    LicenseClass.free,
    LicenseClass.free_personal,
    LicenseClass.commercial,
    LicenseClass.crack_tool,
    LicenseClass.unknown,
)
STATED, VAGUE, SILENT = Strength.stated, Strength.vague, Strength.silent

CASES: list[tuple[str | None, str, str, LicenseClass, Strength]] = [
    # licence field, description, name -> class, strength
    ("MIT", "", "", FREE, STATED),
    ("GPL-2.0-only WITH Classpath-exception-2.0", "", "", FREE, STATED),
    ("Freeware,BSD-3-Clause,GPL-3.0-only,...", "", "", FREE, STATED),
    ("Freeware|Proprietary", "", "", FREE, STATED),
    ("免费软件", "", "", FREE, STATED),
    ("OFL-1.1", "", "", FREE, STATED),
    ("Shareware", "", "", COMMERCIAL, STATED),
    ("Trialware", "", "", COMMERCIAL, STATED),
    ("Commercial", "", "", COMMERCIAL, STATED),
    ("共享软件", "", "", COMMERCIAL, STATED),
    ("free for non-commercial home use", "", "", PERSONAL, STATED),
    ("freeware for non-commercial use", "", "", PERSONAL, STATED),
    ("MIT, Free For personal and non-profit use.", "", "", PERSONAL, STATED),
    ("CC-BY-NC-SA-4.0", "", "", PERSONAL, STATED),
    ("Proprietary", "Video and audio conferencing", "", COMMERCIAL, VAGUE),
    ("Proprietary", "A free screenshot tool", "", FREE, VAGUE),
    ("Proprietary", "Free 30-day trial, then a licence", "", COMMERCIAL, VAGUE),
    ("专有软件", "个人免费使用的备份工具", "", PERSONAL, VAGUE),
    ("EULA", "", "", COMMERCIAL, VAGUE),
    ("https://example.com/License.php", "", "", COMMERCIAL, VAGUE),
    ("Unknown", "A tool", "", UNKNOWN, SILENT),
    ("", "", "", UNKNOWN, SILENT),
    (None, "", "", UNKNOWN, SILENT),
    ("unkown", "", "", UNKNOWN, SILENT),
    # crack tools by description or name, whatever the licence says
    (
        "Unknown",
        "PMAS - PowerShell Multi Activation System (TSF/HWID/OHOOK Activation)",
        "",
        CRACK,
        STATED,
    ),
    ("Freeware", "Win10数字权利激活自动批处理版", "", CRACK, STATED),
    ("UNKNOWN", "", "Proxifier-Keygen", CRACK, STATED),
    ("MIT", "Reset the trial period", "IDM Trial Reset", CRACK, STATED),
    ("GPL-3.0", "IDM Activation & Trail Reset Script", "", CRACK, STATED),
    ("Unknown", "Only once click, automatically activated", "", CRACK, STATED),
    ("MIT", "", "idm-activation-script", CRACK, STATED),
    ("MIT", "", "office kms activator", CRACK, STATED),
    # a cracked build of a program: the program needs a licence (vaguely: it may be free)
    ("none", "XX 视频编辑 破解版", "", COMMERCIAL, VAGUE),
    (None, "酷我音乐PC版去广告破解VIP版", "", COMMERCIAL, VAGUE),
    # password recovery and brute-force tools crack passwords, not licences
    ("GPL-3.0-or-later", "全方位扫描器, 具备端口扫描、指纹识别, 暴力破解等功能", "", FREE, STATED),
    ("GPL-2.0-or-later", "John the Ripper 密码破解程序的 GUI 前端", "", FREE, STATED),
    ("Zlib", "使用已知的明文攻击破解传统的 zip 加密", "", FREE, STATED),
    ("unknown", "破解 PkZip 加密", "", UNKNOWN, SILENT),
    # legitimate look-alikes stay legitimate
    ("MIT", "Windows activation status viewer for administrators", "", FREE, STATED),
    ("MIT", "Your licence is automatically renewed; one click to sign in", "", FREE, STATED),
    ("Proprietary", "Patch management for Windows servers", "", COMMERCIAL, VAGUE),
    ("GPL-3.0-only", "KeePass password generator", "", FREE, STATED),
    ("MIT", "A telnet / SSH client", "PuTTY PuttyGen (PuTTY Key Generator)", FREE, STATED),
    ("MIT", "SSH client", "KiTTY Key Generator", FREE, STATED),
    ("Proprietary", "Registration key generator for XYZ", "", CRACK, STATED),
    ("Proprietary", "系统清理工具, 永久激活版", "", COMMERCIAL, VAGUE),
    (None, "直接获取数字激活权利进行永久激活Windows", "", CRACK, STATED),
    (
        "Unknown",
        "Windows 优化工具, 包括服务项优化、垃圾清理, 还支持系统激活和Office快速安装",
        "",
        CRACK,
        STATED,
    ),
    ("MIT", "查看系统激活状态和许可证通道", "", FREE, STATED),
]


@pytest.mark.parametrize(("licence", "description", "name", "expected", "strength"), CASES)
def test_read_terms(
    licence: str | None, description: str, name: str, expected: LicenseClass, strength: Strength
) -> None:
    terms = read_terms(licence, description, name)
    assert (terms.license_class, terms.strength) == (expected, strength), terms.reason


def test_reason_names_the_licence() -> None:
    terms = read_terms("Shareware", "")
    assert "Shareware" in terms.reason and "共享" in terms.reason
