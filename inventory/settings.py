"""Settings of the inventory package (a section composed by bot/settings.py; no I/O here)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field

# Public KMS hosts seen in activator scripts and tutorials (domain-facts §6.2, F-PIR-10).
PUBLIC_KMS_HOSTS: tuple[str, ...] = (
    "kms.03k.org",
    "kms.chinancce.com",
    "kms.lotro.cc",
    "kms.cangshui.net",
    "kms.shuax.com",
    "kms.luody.info",
    "zh.us.to",
    "kms.library.hk",
    "kms.bluskai.com",
    "kms.digiboy.ir",
    "kms.msguides.com",
    "kms5.msguides.com",
    "kms8.msguides.com",
    "kms.loli.beer",
    "kms.loli.best",
    "kms.xspace.in",
    "s8.now.im",
    "ms8.us.to",
    "kms.8b5.cn",
    "kms.org.cn",
    "win.freekms.cn",
    "kms.akams.cn",
    "kms.bige0.com",
    "win.kms.pub",
    "windows.kms.app",
    "kms.zhi.fun",
    "kms.chs.ink",
    "kms.cgtsoft.com",
    "kms.litbear.cn",
    "kms.343.re",
    "kms.sixyin.com",
    "kms.vmem.top",
    "kms.wxlost.com",
    "kms.malash.net",
)

# A KMS host on the machine itself is an activator emulating a KMS server (KMSpico and kin).
LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "127.0.0.2", "localhost", "::1", "0.0.0.0")


def kms_host_name(kms_host: str) -> str:
    """A KMS host as the lists compare it: lower case, without port or IPv6 brackets."""
    host = kms_host.strip().lower()
    if host.startswith("[") and "]" in host:
        return host[1 : host.index("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class InventorySettings(BaseModel):
    """How scans are judged: inspection period, KMS allow and block lists, staleness."""

    inspection_period_days: int = Field(default=30, ge=1)
    kms_allow_list: list[str] = Field(default_factory=list)
    kms_block_list: list[str] = Field(default_factory=lambda: list(PUBLIC_KMS_HOSTS))
    stale_scan_days: int = Field(default=14, ge=1)
    # A known-packages table written by `zhengban catalog harvest` (None: the shipped one).
    known_packages_file: Path | None = None
