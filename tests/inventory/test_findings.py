from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.findings import kms_problem, refresh_findings
from inventory.ingest import import_assets, import_licenses, ingest_scans
from inventory.models import FindingKind
from inventory.records import ActivationRecord, AssetRecord, EntitlementRecord, MachineScan
from inventory.settings import InventorySettings
from tests.inventory.conftest import NOW, FakeClassifier


def test_kms_hosts_are_judged_against_allow_and_block_lists() -> None:
    settings = InventorySettings(kms_allow_list=["kms.office.gov.cn"])
    assert kms_problem("kms.office.gov.cn:1688", settings) is None
    assert kms_problem(None, settings) is None
    assert "public KMS" in (kms_problem("KMS8.msguides.com", settings) or "")
    assert "emulated" in (kms_problem("127.0.0.2:1688", settings) or "")
    assert "emulated" in (kms_problem("localhost", settings) or "")
    assert "allow-list" in (kms_problem("10.1.2.3", settings) or "")


async def ingest(
    session: AsyncSession, classifier: FakeClassifier, *activations: ActivationRecord
) -> dict[FindingKind, list[str]]:
    report = await ingest_scans(
        session,
        [MachineScan(client_id="c", hostname="pc1", scanned_at=NOW, activations=list(activations))],
        classifier,
        NOW,
        "slmgr",
    )
    found: dict[FindingKind, list[str]] = {}
    for finding in report.machines[0].new_findings:
        found.setdefault(finding.kind, []).append(finding.detail)
    return found


async def test_bad_license_status_on_microsoft_products_is_piracy(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await import_assets(session, [AssetRecord("A", "pc1", "desktop")])
    found = await ingest(
        session,
        classifier,
        ActivationRecord("Office 16, Office16ProPlusVL_KMS_Client edition", 5, "Volume:GVLK"),
        ActivationRecord("Some Other Product", 0, None),
    )
    assert list(found) == [FindingKind.pirated] and len(found[FindingKind.pirated]) == 1
    assert "通知" in found[FindingKind.pirated][0]


async def test_oem_channel_needs_an_oem_entitlement(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await import_assets(session, [AssetRecord("A", "pc1", "desktop")])
    oem = ActivationRecord("Windows(R), Professional edition", 1, "OEM_DM", None)
    found = await ingest(session, classifier, oem)
    assert "OEM" in found[FindingKind.pirated][0]
    coa = [
        EntitlementRecord(
            "Windows 10 Pro", license_type="oem", evidence="COA", assigned_assets=("A",)
        )
    ]
    await import_licenses(session, coa, classifier)
    changes = await refresh_findings(session, NOW, InventorySettings())
    [machine] = changes.values()
    assert [f.kind for f in machine.resolved] == [FindingKind.pirated] and machine.new == []


async def test_allowed_kms_host_is_fine(session: AsyncSession, classifier: FakeClassifier) -> None:
    await import_assets(session, [AssetRecord("A", "pc1", "desktop")])
    settings = InventorySettings(kms_allow_list=["kms.unit.local"])
    scan = MachineScan(
        client_id="c",
        hostname="pc1",
        scanned_at=NOW,
        activations=[
            ActivationRecord("Windows(R), Professional edition", 1, "Volume:GVLK", "kms.unit.local")
        ],
    )
    report = await ingest_scans(session, [scan], classifier, NOW, "slmgr", settings=settings)
    assert report.machines[0].new_findings == []
