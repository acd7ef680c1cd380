from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integrations.machines import Machines, clean_serial, first_mac, normalize_mac
from integrations.tables import CellError
from inventory.records import InstallRecord


@pytest.mark.parametrize(
    "text",
    [
        "00-1a-2b-3c-4d-5e",
        "00:1A:2B:3C:4D:5E",
        "001a.2b3c.4d5e",
        "001A2B3C4D5E",
        " 00 1A 2B 3C 4D 5E ",
    ],
)
def test_normalize_mac(text: str) -> None:
    assert normalize_mac(text) == "00:1A:2B:3C:4D:5E"


@pytest.mark.parametrize(
    "text", ["00:1A:2B:3C:4D", "zz:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E:6F", ""]
)
def test_invalid_mac(text: str) -> None:
    with pytest.raises(CellError, match="MAC"):
        normalize_mac(text)


def test_first_mac_skips_placeholders() -> None:
    assert first_mac([None, "00:00:00:00:00:00", "bad", "aa-bb-cc-dd-ee-ff"]) == "AA:BB:CC:DD:EE:FF"
    assert first_mac([]) is None


def test_clean_serial() -> None:
    assert clean_serial("To Be Filled By O.E.M.") is None
    assert clean_serial(" PF2ABC12 ") == "PF2ABC12"


def test_machines_keep_first_values_and_order() -> None:
    machines = Machines()
    first = machines.get("b", "b")
    first.fill(hostname="PC-B")
    first.fill(hostname="other", serial="S1")
    machines.get("a").add_install(InstallRecord("X"))
    machines.get("a").add_install(InstallRecord("X"), unique=True)
    machines.get("a").add_install(InstallRecord("X"))
    scans = machines.scans()
    assert [(s.client_id, s.hostname, s.serial) for s in scans] == [
        ("b", "PC-B", "S1"),
        (None, None, None),
    ]
    assert len(scans[1].installs) == 2


@settings(deadline=None)
@given(st.binary(min_size=6, max_size=6), st.sampled_from([":", "-", ""]), st.booleans())
def test_mac_round_trip(raw: bytes, separator: str, lower: bool) -> None:
    text = separator.join(f"{b:02X}" for b in raw)
    assert normalize_mac(text.lower() if lower else text) == ":".join(f"{b:02X}" for b in raw)
