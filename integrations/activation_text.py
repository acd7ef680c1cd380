"""Text output of `slmgr /dlv`, `slmgr /dli` (English or Chinese) and `ospp.vbs /dstatus`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from integrations.licensing_words import channel_of, kms_host, status_code
from inventory.records import ActivationRecord

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
