"""Words Windows and Office use for license status and channel, mapped to our codes."""

from __future__ import annotations

import re

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
