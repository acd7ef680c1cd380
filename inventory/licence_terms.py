"""Read a package manager's licence field and description as a license class.

Package registries (Scoop buckets, winget manifests) state a licence for each package: an
SPDX identifier ("MIT", "GPL-3.0-only"), a word ("Freeware", "Shareware", "Proprietary",
"免费软件", "专有软件") or a phrase ("free for non-commercial home use"). :func:`read_terms`
turns that, with the description, into a :class:`LicenseClass` and how firmly it is stated:

- ``stated``: the field says it (open-source licence, freeware, shareware, trial, personal use);
- ``vague``: closed source without saying whether it costs money (Proprietary, EULA, 专有软件);
  a publisher's known default beats it;
- ``silent``: no usable licence ("Unknown", empty): the class is ``unknown``.

A description that presents the package as an activator, key generator or trial reset makes it
a ``crack_tool``; one that presents a cracked build of a program makes that program
``commercial``, vaguely (it was worth cracking, but the publisher's default may say free).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from inventory.catalog_entries import LicenseClass


class Strength(enum.StrEnum):
    """How firmly a licence field states the class."""

    stated = "stated"
    vague = "vague"
    silent = "silent"


@dataclass(frozen=True, slots=True)
class Terms:
    """The class read from a licence field and description, and why."""

    license_class: LicenseClass
    strength: Strength
    reason: str


def _words(*patterns: str) -> re.Pattern[str]:
    """One case-insensitive alternation."""
    return re.compile("|".join(patterns), re.IGNORECASE)


CRACK_TOOL = _words(
    r"\bactivat(?:or|ion[\s_-]+(?:script|tool|toolkit|system)s?)\b",
    r"\bactivation\s*(?:&|and|\+)\s*tri?a[il]l?\s+reset",
    r"\b(?:one|once)[\s-]*click\b.{0,20}\bactivat|\bautomatically\s+activated\b",
    r"\b(?:hwid|kms|ohook|tsforge|kms38)\b.{0,30}\bactivat",
    r"\bactivat\w*.{0,30}\b(?:hwid|kms|ohook|tsforge|kms38)\b",
    r"\bkey\s*-?\s*gen\b|\bkeymaker\b|\bserial\s+(?:generator|maker)\b",
    r"\b(?:licen[cs]e|serial|product|activation|cd|registration)\s+key\s+generator\b",
    r"\b(?:trial|trail|eval(?:uation)?)\s*(?:reset|resetter)\b",
    r"\blicen[cs]e\s+(?:bypass|generator|server\s+emulator)\b",
    r"激活(?:工具|脚本|器|助手)|(?:一键|数字权利|数字许可|kms)\s*激活",
    r"激活\s*(?:windows|win\s*\d|office|系统)|(?:windows|office)\s*激活",
    r"支持\s*(?:系统|windows|win\s*\d+|office)\s*激活|系统激活(?:工具|功能)",
    r"注册机|算号器|破解补丁|激活补丁|无限试用|试用(?:期)?重置|重置试用",
)
# A cracked build, not a cracking tool: a bare 破解 is mostly password recovery ("密码破解",
# "暴力破解", "破解 zip 加密"), which says nothing of the program's own licence.
CRACKED_BUILD = _words(
    r"破解版|破解(?:vip|会员|补丁)|特别版|和谐版|学习版|免激活|已激活|永久激活|\bcracked\b",
    r"\bpre-?activated\b",
)
PERSONAL = _words(
    r"personal|non-?commercial|non-?profit|home\s+use|home\s+users?|private\s+use",
    r"\bcc-by-nc\b|\bcc-by-nc-",
    r"个人(?:免费|版|使用|用户)|非商业|非商用|家庭(?:版|使用)",
)
PAID = _words(
    r"shareware|trialware|\btrial\b|commercial|\bpaid\b|\bdemo\b|\bpurchase|subscription",
    r"共享软件|试用|商业软件|收费|付费|商用授权",
)
FREE = _words(
    r"\bfree(?:ware)?\b|\bfreemium\b|\bfriendware\b|\bpublic\s+domain\b|\bopen[\s-]?source\b",
    r"免费|开源|自由软件",
)
OPEN_SOURCE = _words(
    r"\b(?:mit|isc|zlib|ncsa|wtfpl|unlicense|postgresql|bsd|apache|gpl|lgpl|agpl|mpl|epl|cddl)\b",
    r"\b(?:cc0|cc-by(?:-sa)?|ofl|sil|ms-pl|ms-rl|upl|bsl|artistic|python|php|ruby|zpl|eupl)\b",
    r"\bgnu\b|\bgplv\d|\bgpl\d|\bmulan|木兰",
)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
SILENT = _words(r"^\s*(?:unknown|unkown|unknow|none|null|n/?a|other|see\s+\S+|-)?\s*$")


def read_terms(licence: str | None, description: str = "", name: str = "") -> Terms:
    """Class, strength and reason for a package's licence field, description and name."""
    linked = bool(_URL.search(licence or ""))  # a licence page: terms exist, not which
    licence = _URL.sub(" ", licence or "").strip()
    text = f"{name} {description}"
    crack = CRACK_TOOL.search(text)
    if crack:
        return Terms(LicenseClass.crack_tool, Strength.stated, f"激活/注册机类工具: 含'{crack[0]}'")
    cracked = CRACKED_BUILD.search(text)
    if cracked:
        reason = f"软件源为付费软件的破解版: 含'{cracked[0]}'"
        return Terms(LicenseClass.commercial, Strength.vague, reason)
    return _from_licence(licence, description, linked)


def _from_licence(licence: str, description: str, linked: bool = False) -> Terms:
    """Class of the licence field alone, with the description to settle a vague one."""
    label = f"许可证 '{licence[:60] or '(链接)'}'"
    if PERSONAL.search(licence):
        return Terms(LicenseClass.free_personal, Strength.stated, f"{label}: 仅限个人/非商业")
    if PAID.search(licence):
        return Terms(LicenseClass.commercial, Strength.stated, f"{label}: 共享/试用/商业")
    if FREE.search(licence) or OPEN_SOURCE.search(licence):
        return Terms(LicenseClass.free, Strength.stated, f"{label}: 免费/开源")
    if SILENT.match(licence) and not linked:
        return Terms(LicenseClass.unknown, Strength.silent, f"{label}: 未注明许可")
    return _vague(label, description)


def _vague(label: str, description: str) -> Terms:
    """Closed source without a price: the description may say free, personal-only or paid."""
    if PERSONAL.search(description):
        reason = f"{label}, 说明称仅限个人/非商业"
        return Terms(LicenseClass.free_personal, Strength.vague, reason)
    if PAID.search(description):
        return Terms(LicenseClass.commercial, Strength.vague, f"{label}, 说明称付费/试用")
    if FREE.search(description):
        return Terms(LicenseClass.free, Strength.vague, f"{label}, 说明称免费")
    return Terms(LicenseClass.commercial, Strength.vague, f"{label}: 闭源, 未说明免费")
