from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.binding import (
    bind,
    candidates,
    get_client,
    queue_payload,
    queued_scan,
    unbind,
    unbound_clients,
)
from inventory.ingest import import_assets, ingest_queued, ingest_scans
from inventory.machines import InventoryError, UnknownClientError, UnknownMachineError
from inventory.models import CheckClient, Installation
from inventory.records import ActivationRecord, AssetRecord, InstallRecord, MachineScan
from tests.inventory.conftest import NOW, FakeClassifier

ASSETS = [
    AssetRecord("A-1", "PC-CAIWU-01", "desktop", "财务科", serial="SN1", mac="aa:bb:cc:00:00:01"),
    AssetRecord("A-2", "PC-CAIWU-02", "desktop", "财务科", serial="SN2"),
    AssetRecord("A-3", "PC-BGS-01", "desktop", "办公室"),
    AssetRecord("A-4", "PC-BGS-01", "laptop", "办公室"),  # same hostname as A-3
]


def scan(client: str, **kw: object) -> MachineScan:
    return MachineScan(client_id=client, scanned_at=NOW, installs=[InstallRecord("WinRAR")], **kw)  # type: ignore[arg-type]


async def client(session: AsyncSession, client_id: str) -> CheckClient:
    return await get_client(session, client_id)


async def test_binds_automatically_on_a_unique_match(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await import_assets(session, ASSETS)
    scans = [
        scan("by-host", hostname="pc-caiwu-02.example.gov.cn"),
        scan("by-mac", mac="AA-BB-CC-00-00-01"),
        scan("by-serial", serial=" sn2 "),
    ]
    report = await ingest_scans(session, scans, classifier, NOW, "check-tool")
    assert report.unbound == []
    assert sorted(m.asset_tag for m in report.machines) == ["A-1", "A-2"]
    assert (await client(session, "by-mac")).machine_id == (
        await client(session, "by-mac")
    ).machine_id


async def test_ambiguous_or_conflicting_identity_is_queued(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await import_assets(session, ASSETS)
    scans = [
        scan("twin", hostname="PC-BGS-01"),
        scan("conflict", hostname="PC-CAIWU-01", serial="SN2"),
        scan("nobody", hostname="PC-HOME"),
    ]
    report = await ingest_scans(session, scans, classifier, NOW, "check-tool")
    assert report.unbound == ["conflict", "nobody", "twin"] and report.machines == []
    assert [c.client_id for c in await unbound_clients(session)] == ["conflict", "nobody", "twin"]
    ranked = await candidates(session, await client(session, "twin"))
    assert {m.asset_tag for m, _score, _why in ranked[:2]} == {"A-3", "A-4"}
    assert "主机名" in ranked[0][2]
    ranked = await candidates(session, await client(session, "conflict"))
    assert {m.asset_tag for m, _s, _w in ranked[:2]} == {"A-1", "A-2"}
    assert any("序列号" in why for _m, _s, why in ranked)


async def test_manual_binding_then_the_queued_scan_counts(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await import_assets(session, ASSETS)
    queued = scan("twin", hostname="PC-BGS-01")
    await ingest_scans(session, [queued], classifier, NOW, "check-tool")
    assert (await session.exec(select(Installation))).all() == []
    bound = await bind(session, "twin", "A-4")
    assert bound.machine_id is not None
    report = await ingest_queued(session, "twin", classifier, NOW)
    assert [m.asset_tag for m in report.machines] == ["A-4"] and report.duplicates == 0
    assert [f.product for f in report.machines[0].new_findings] == ["WinRAR"]
    assert len((await session.exec(select(Installation))).all()) == 1
    assert (await ingest_queued(session, "twin", classifier, NOW)).received == 0
    again = await ingest_scans(session, [queued], classifier, NOW, "check-tool")
    assert again.duplicates == 1
    await unbind(session, "twin")
    assert [c.client_id for c in await unbound_clients(session)] == ["twin"]


async def test_clear_errors_for_unknown_client_or_machine(session: AsyncSession) -> None:
    await import_assets(session, ASSETS)
    with pytest.raises(UnknownClientError, match="找不到检查工具客户端 ghost"):
        await bind(session, "ghost", "A-1")
    session.add(CheckClient(client_id="real"))
    await session.flush()
    with pytest.raises(UnknownMachineError, match="no machine with asset tag Z-9") as info:
        await bind(session, "real", "Z-9")
    assert isinstance(info.value, InventoryError)


async def test_scan_without_client_id_uses_its_hostname(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await import_assets(session, ASSETS)
    report = await ingest_scans(
        session, [MachineScan(hostname="PC-CAIWU-01", scanned_at=NOW)], classifier, NOW, "osquery"
    )
    assert [m.asset_tag for m in report.machines] == ["A-1"]
    assert (await client(session, "host:pc-caiwu-01")).machine_id is not None


async def test_candidates_include_the_department_named_like_the_client(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await import_assets(session, [*ASSETS, AssetRecord("A-5", None, "desktop", "财务科")])
    await ingest_scans(session, [scan("new", hostname="CAIWU-NEW-LAPTOP")], classifier, NOW, "x")
    ranked = await candidates(session, await client(session, "new"))
    tags = [m.asset_tag for m, _s, _w in ranked]
    assert set(tags) == {"A-1", "A-2", "A-5"}
    [(_m, _score, why)] = [r for r in ranked if r[0].asset_tag == "A-5"]
    assert "同科室" in why and "尚无客户端" in why


@given(
    st.builds(
        MachineScan,
        client_id=st.none() | st.text(max_size=8),
        hostname=st.none() | st.text(max_size=8),
        scanned_at=st.none() | st.datetimes(),
        installs=st.lists(
            st.builds(InstallRecord, st.text(max_size=12), install_date=st.none() | st.dates()),
            max_size=3,
        ),
        activations=st.lists(
            st.builds(ActivationRecord, st.text(max_size=8), st.none() | st.integers(0, 6)),
            max_size=2,
        ),
    )
)
def test_queued_scans_round_trip(scan: MachineScan) -> None:
    assert queued_scan(queue_payload(scan)) == scan
