from __future__ import annotations

import pytest

from integrations.activation_text import (
    channel_of,
    kms_host,
    looks_like_activation_text,
    parse_activation_text,
    status_code,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [("Licensed", 1), ("Unlicensed", 0), ("已授权", 1), ("未授权", 0), ("Initial grace period", 2),
     ("初始宽限期", 2), ("Additional grace period (KMS license expired or hardware out of tolerance)", 3),
     ("Non-genuine grace period.", 4), ("Notification", 5), ("通知", 5), ("Extended grace period", 6),
     ("---LICENSED---", 1), ("---NOTIFICATIONS---", 5), ("---OOB_GRACE---", 2), ("???", None)],
)  # fmt: skip
def test_status_words(text: str, code: int | None) -> None:
    assert status_code(text) == code


def test_channels_and_hosts() -> None:
    assert channel_of("Windows(R) Operating System, OEM_SLP channel") == "OEM:SLP"
    assert channel_of("Office 16, TIMEBASED_SUB channel") == "Subscription"
    assert channel_of("no channel word") is None
    assert kms_host("kms.example.net:1688") == "kms.example.net"
    assert kms_host("KMS name not available") is None


def test_blocks_without_key_are_skipped_and_kms_preference() -> None:
    text = """Name: Windows(R), Enterprise edition
Description: Windows(R) Operating System, VOLUME_KMSCLIENT channel
License Status: Unlicensed
This license is not in use.

Name: Windows(R), Professional edition
Description: Windows(R) Operating System, VOLUME_KMSCLIENT channel
Partial Product Key: T83GX
License Status: Initial grace period
    KMS machine name from DNS: kms.dns.example:1688
    Registered KMS machine name: kms.set.example:1688
"""
    (record,) = parse_activation_text(text)
    assert (record.license_status, record.channel, record.kms_host, record.source_row) == (
        2,
        "Volume:GVLK",
        "kms.set.example",
        6,
    )


def test_marker_detection() -> None:
    assert looks_like_activation_text("软件授权服务版本: 10.0")
    assert not looks_like_activation_text("hello")
