from __future__ import annotations

from datetime import timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.compliance import (
    compliance_history,
    compliance_report,
    deployment_report,
    machine_status,
    save_snapshot,
    stale_machines,
)
from inventory.ingest import import_assets, import_licenses, import_people, ingest_scans
from inventory.models import FindingKind
from inventory.people import find_people
from inventory.records import (
    ActivationRecord,
    AssetRecord,
    EntitlementRecord,
    InstallRecord,
    MachineScan,
    PersonRecord,
)
from tests.inventory.conftest import NOW, FakeClassifier

WIN_OK = ActivationRecord("Windows(R), Professional edition", 1, "Retail", None, "AAAAA")
WIN_KMS = ActivationRecord(
    "Windows(R), Professional edition", 1, "Volume:GVLK", "kms.03k.org", "BBBBB"
)


def scan(
    host: str, days_ago: int, installs: list[str], activations: list[ActivationRecord]
) -> MachineScan:
    return MachineScan(
        client_id=f"c-{host}",
        hostname=host,
        scanned_at=NOW - timedelta(days=days_ago),
        installs=[InstallRecord(name, "1.0") for name in installs],
        activations=activations,
    )


async def office(session: AsyncSession, classifier: FakeClassifier) -> None:
    await import_people(session, [PersonRecord("张三", "办公室")])
    assets = [
        AssetRecord("M1", "m1", "desktop", "办公室", owner="张三"),
        AssetRecord("M2", "m2", "desktop", "办公室"),
        AssetRecord("M3", "m3", "laptop", "财务科"),
        AssetRecord("M4", "m4", "laptop", "财务科"),
        AssetRecord("M5", "m5", "desktop", "财务科"),
        AssetRecord("M6", "m6", "printer", "财务科"),
        AssetRecord("M7", "m7", "desktop", "财务科"),
    ]
    await import_assets(session, assets)
    site = EntitlementRecord("WPS Office 专业版", license_type="site", scope="unit", quantity=1)
    await import_licenses(session, [site], classifier)
    scans = [
        scan("m1", 1, ["WPS Office 专业版", "火绒安全"], [WIN_OK]),
        scan("m2", 2, ["SQL Server 2019"], [WIN_OK]),
        scan("m3", 3, ["火绒安全"], [WIN_KMS]),
        scan("m4", 4, ["WPS Office 专业版", "360杀毒"], []),
        scan("m7", 40, ["WinRAR"], []),
        scan("stranger", 1, ["WinRAR"], []),
    ]
    await ingest_scans(session, scans, classifier, NOW, "check-tool")


async def test_compliance_figures_on_a_known_office(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await office(session, classifier)
    report = (await compliance_report(session, NOW, 30)).to_dict()
    assert report["machines_in_scope"] == 6
    assert report["machines_inspected"] == 4
    assert report["genuine_rate"] == {
        "overall": 2 / 4,
        "os": 2 / 3,
        "office": 1.0,
        "antivirus": 1.0,
        "database": 0.0,
    }
    assert report["departments"] == [
        {"name": "办公室", "genuine_rate": 0.5},
        {"name": "财务科", "genuine_rate": 0.5},
    ]
    # m7's WinRAR is an open finding too (scanned long ago but still unlicensed)
    assert report["findings"] == {"pirated": 1, "unlicensed": 2, "free_personal": 0, "unknown": 0}


async def test_rates_are_null_without_a_denominator(session: AsyncSession) -> None:
    report = (await compliance_report(session, NOW, 30)).to_dict()
    assert report["machines_inspected"] == 0
    assert set(report["genuine_rate"].values()) == {None}
    assert report["departments"] == []


async def test_deployment_counts_bound_and_recent_clients(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await office(session, classifier)
    report = (await deployment_report(session, NOW, 30)).to_dict()
    assert report["in_scope"] == 6 and report["bound"] == 5 and report["deployed"] == 4
    assert report["deployment_rate"] == 4 / 6
    assert report["unbound"] == ["M5"] and report["silent"] == ["M7"]


async def test_snapshots_keep_one_row_per_day(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await office(session, classifier)
    report = await compliance_report(session, NOW, 30)
    await save_snapshot(session, report, NOW.date())
    await save_snapshot(session, report, NOW.date())
    await save_snapshot(session, report, NOW.date() - timedelta(days=7))
    history = await compliance_history(session)
    assert [s.day for s in history] == [NOW.date() - timedelta(days=7), NOW.date()]
    assert history[-1].overall == 0.5 and history[-1].database == 0.0


async def test_staff_see_their_machines_and_what_to_do(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await office(session, classifier)
    [zhang] = await find_people(session, "张三")
    assert zhang.id is not None
    [status] = await machine_status(session, zhang.id)
    assert status.asset_tag == "M1" and status.problems == []
    assert status.last_scan == NOW - timedelta(days=1)
    later = NOW + timedelta(days=1)
    await ingest_scans(
        session, [scan("m1", -1, ["WinRAR"], [WIN_OK])], classifier, later, "check-tool"
    )
    [status] = await machine_status(session, zhang.id)
    [(finding, advice)] = status.problems
    assert finding.kind is FindingKind.unlicensed and "采购" in advice


async def test_stale_machines_are_those_whose_client_went_quiet(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await office(session, classifier)
    assert [m.asset_tag for m in await stale_machines(session, NOW, 14)] == ["M7"]
    assert [m.asset_tag for m in await stale_machines(session, NOW, 3)] == ["M4", "M7"]
