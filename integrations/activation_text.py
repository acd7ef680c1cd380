"""Activation words, and text output of `slmgr /dlv`, `/dli` (en, zh) and `ospp.vbs /dstatus`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from inventory.records import ActivationRecord

# SoftwareLicensingProduct.LicenseStatus: 0 Unlicensed, 1 Licensed, 2 OOBGrace, 3 OOTGrace,
# 4 NonGenuineGrace, 5 Notification, 6 ExtendedGrace. Order matters: "unlicensed" first.
STATUS_WORDS: tuple[tuple[str, int], ...] = (
    ("unlicensed", 0), ("未授权", 0), ("未经授权", 0),
    ("non_genuine", 4), ("non-genuine", 4), ("非正版", 4),
    ("oob_grace", 2), ("initial grace", 2), ("初始宽限", 2),
    ("oot_grace", 3), ("additional grace", 3), ("附加宽限", 3),
    ("extended_grace", 6), ("extended grace", 6), ("延长", 6), ("扩展宽限", 6),
    ("notification", 5), ("通知", 5),
    ("licensed", 1), ("已授权", 1), ("已获得许可", 1),
)  # fmt: skip

CHANNELS = {
    "VOLUME_KMSCLIENT": "Volume:GVLK", "VOLUME_MAK": "Volume:MAK", "VOLUME_KMS": "Volume:CSVLK",
    "RETAIL": "Retail", "OEM_DM": "OEM:DM", "OEM_SLP": "OEM:SLP", "OEM_NONSLP": "OEM:NONSLP",
    "OEM_COA_NSLP": "OEM:NONSLP", "OEM_COA_SLP": "OEM:SLP", "TIMEBASED_SUB": "Subscription",
}  # fmt: skip
_CHANNEL = re.compile(r"\b([A-Z][A-Z_]+)(?:\([^)]*\))?\s+channel")
_NO_HOST = ("not available", "不可用", "未找到", "n/a")


def status_code(text: str | None) -> int | None:
    """The LicenseStatus number for a status as slmgr or ospp prints it (en or zh)."""
    if not text:
        return None
    folded = text.strip().lower()
    return next((code for word, code in STATUS_WORDS if word in folded), None)


def channel_of(description: str | None) -> str | None:
    """The product-key channel named in a description ('..., VOLUME_KMSCLIENT channel')."""
    match = _CHANNEL.search(description or "")
    if match is None:
        return None
    token = match[1].upper()
    return CHANNELS.get(token, token)


def kms_host(text: str | None) -> str | None:
    """A KMS host name without its port; None when the tool says none was found."""
    if not text or any(word in text.lower() for word in _NO_HOST):
        return None
    host = text.strip().split()[0] if text.strip() else ""
    if host.count(":") == 1:
        host = host.split(":")[0]
    return host or None


NAME_KEYS = {"name", "名称", "license name"}
DESCRIPTION_KEYS = {"description", "描述", "license description"}
CHANNEL_KEYS = {"product key channel", "产品密钥通道"}
KEY_KEYS = {"partial product key", "部分产品密钥", "last 5 characters of installed product key"}
STATUS_KEYS = {"license status", "许可证状态", "许可状态"}
MARKERS = (
    "Software licensing service version", "软件授权服务版本", "Partial Product Key", "部分产品密钥",
    "License Status", "许可证状态", "LICENSE STATUS", "LICENSE NAME", "---Processing---",
)  # fmt: skip
_LINE = re.compile(r"^\s*([^:：]{1,80}?)\s*[:：]\s*(.*?)\s*$")
_REGISTERED = ("registered", "已注册", "registry override", "注册表")


def looks_like_activation_text(text: str) -> bool:
    """Whether text carries slmgr or ospp markers."""
    return any(marker in text for marker in MARKERS)


def parse_activation_text(text: str) -> list[ActivationRecord]:
    """Products with an installed key, in the order printed."""
    records = []
    for line_number, fields in _blocks(text):
        record = _record(fields, line_number)
        if record is not None:
            records.append(record)
    return records


def _blocks(text: str) -> Iterator[tuple[int, dict[str, list[str]]]]:
    """(line of the name, key -> values) for each product block; keys folded to lower case."""
    start, fields = 0, dict[str, list[str]]()
    for number, line in enumerate(text.splitlines(), start=1):
        match = _LINE.match(line)
        if match is None:
            continue
        key = " ".join(match[1].split()).lower()
        if key in NAME_KEYS:
            if fields:
                yield start, fields
            start, fields = number, {}
        if start:
            fields.setdefault(key, []).append(match[2])
    if fields:
        yield start, fields


def _first(fields: dict[str, list[str]], keys: set[str]) -> str | None:
    """The first non-empty value under any of `keys`."""
    return next((v for k in keys for v in fields.get(k, []) if v), None)


def _record(fields: dict[str, list[str]], line_number: int) -> ActivationRecord | None:
    """One product; None when no product key is installed for it."""
    name = _first(fields, NAME_KEYS)
    partial = _first(fields, KEY_KEYS)
    if not name or not partial:
        return None
    return ActivationRecord(
        product_name=name,
        license_status=status_code(_first(fields, STATUS_KEYS)),
        channel=_first(fields, CHANNEL_KEYS) or channel_of(_first(fields, DESCRIPTION_KEYS)),
        kms_host=_kms(fields),
        partial_key=partial,
        source_row=line_number,
    )


def _kms(fields: dict[str, list[str]]) -> str | None:
    """The KMS host: a configured (registered/override) name first, then one found by DNS."""
    names = [(k, v) for k, vs in fields.items() for v in vs if "kms" in k and _names_host(k)]
    names.sort(key=lambda kv: not any(word in kv[0] for word in _REGISTERED))
    return next((host for _, v in names if (host := kms_host(v))), None)


def _names_host(key: str) -> bool:
    """Whether a key labels a KMS host name (not its IP, PID or port)."""
    return (
        "machine name" in key or "计算机名称" in key or "registry override" in key
    ) and "ip" not in key.split()
