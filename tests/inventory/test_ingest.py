from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.ingest import import_assets, import_licenses, import_people, ingest_scans
from inventory.models import (
    Activation,
    CheckClient,
    Department,
    Finding,
    FindingKind,
    FindingStatus,
    Installation,
    Machine,
    Scan,
)
from inventory.records import (
    ActivationRecord,
    AssetRecord,
    EntitlementRecord,
    InstallRecord,
    MachineScan,
    PersonRecord,
)
from tests.inventory.conftest import NOW, FakeClassifier

ASSETS = [
    AssetRecord(
        "A-001",
        hostname="PC-ZHANG",
        device_type="desktop",
        department="办公室",
        owner="张三",
        internet=True,
        serial="SN001",
        mac="00-11-22-33-44-01",
        source_row=2,
    ),
    AssetRecord(
        "A-002",
        hostname="PC-LI",
        device_type="笔记本",
        department="财务科",
        owner="李四",
        internet=True,
        serial="SN002",
        source_row=3,
    ),
    AssetRecord(
        "A-003", hostname="PRN-01", device_type="printer", department="办公室", source_row=4
    ),
]


def user_scan(**changes: object) -> MachineScan:
    base: dict[str, object] = {
        "client_id": "client-zhang",
        "hostname": "pc-zhang.office.local",
        "serial": "SN001",
        "scanned_at": NOW,
        "installs": [
            InstallRecord("KMSpico 10.2.0", "10.2.0", "Team Daz"),
            InstallRecord("WinRAR 6.24 (64-bit)", "6.24.0", "win.rar GmbH"),
            InstallRecord("WPS Office 个人版", "12.1.0", "Kingsoft"),
            InstallRecord("7-Zip 23.01", "23.01", "Igor Pavlov"),
        ],
        "activations": [
            ActivationRecord(
                "Windows(R), Professional edition", 1, "Volume:GVLK", "kms.03k.org:1688", "3V66T"
            ),
        ],
    }
    base.update(changes)
    return MachineScan(**base)  # type: ignore[arg-type]


async def count(session: AsyncSession, model: type) -> int:
    return (await session.exec(select(func.count()).select_from(model))).one()


async def setup_office(session: AsyncSession) -> None:
    await import_people(session, [PersonRecord("张三", "办公室"), PersonRecord("李四", "财务科")])
    await import_assets(session, ASSETS)


async def test_assets_become_machines_with_departments_and_owners(session: AsyncSession) -> None:
    people = await import_people(session, [PersonRecord("张三", "办公室")])
    assert people.created == 1
    report = await import_assets(session, ASSETS)
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert any("李四" in w for w in report.warnings)  # not in the people list
    machines = {m.asset_tag: m for m in (await session.exec(select(Machine))).all()}
    assert machines["A-001"].in_scope and machines["A-002"].in_scope
    assert not machines["A-003"].in_scope
    assert machines["A-001"].mac == "00:11:22:33:44:01"
    assert machines["A-001"].owner_id is not None and machines["A-002"].owner_id is None
    names = set((await session.exec(select(Department.name))).all())
    assert names == {"办公室", "财务科"}


async def test_same_asset_file_twice_changes_nothing(session: AsyncSession) -> None:
    await setup_office(session)
    again = await import_assets(session, ASSETS)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    moved = [
        AssetRecord(
            "A-002", hostname="PC-LI-NEW", device_type="笔记本", department="财务科", internet=False
        )
    ]
    report = await import_assets(session, moved)
    assert report.updated == 1
    fields = report.changes[0].fields
    assert fields["hostname"] == ("PC-LI", "PC-LI-NEW") and fields["in_scope"] == (True, False)


async def test_dry_run_writes_nothing(session: AsyncSession, classifier: FakeClassifier) -> None:
    report = await import_assets(session, ASSETS, dry_run=True)
    assert report.created == 3 and report.dry_run
    assert await count(session, Machine) == 0
    assert await count(session, Department) == 0
    await import_assets(session, ASSETS)
    scans = await ingest_scans(session, [user_scan()], classifier, NOW, "test", dry_run=True)
    assert scans.machines and scans.machines[0].new_findings
    for model in (Scan, Installation, Finding, Activation, CheckClient):
        assert await count(session, model) == 0, model


async def test_scan_gives_pirated_unlicensed_and_personal_findings(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await setup_office(session)
    report = await ingest_scans(session, [user_scan()], classifier, NOW, "check-tool")
    assert report.imported == 1 and report.unbound == []
    [result] = report.machines
    assert result.asset_tag == "A-001"
    found = {(f.kind, f.product) for f in result.new_findings}
    assert (FindingKind.pirated, "KMSpico") in found
    assert (FindingKind.unlicensed, "WinRAR") in found
    assert (FindingKind.free_personal, "WPS Office") in found
    kms = [f for f in result.new_findings if "kms.03k.org" in f.detail]
    assert kms and kms[0].kind is FindingKind.pirated
    assert not any(f.product == "7-Zip" for f in result.new_findings)
    assert result.open_findings == [] and result.resolved_findings == []


async def test_same_scan_twice_changes_nothing(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await setup_office(session)
    await ingest_scans(session, [user_scan()], classifier, NOW, "check-tool")
    before = [await count(session, m) for m in (Scan, Installation, Finding, Activation)]
    again = await ingest_scans(
        session, [user_scan()], classifier, NOW + timedelta(hours=1), "check-tool"
    )
    assert again.duplicates == 1 and again.imported == 0 and again.machines == []
    assert [await count(session, m) for m in (Scan, Installation, Finding, Activation)] == before


async def test_license_import_resolves_unlicensed_on_next_scan(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await setup_office(session)
    await ingest_scans(session, [user_scan()], classifier, NOW, "check-tool")
    licenses = [
        EntitlementRecord(
            "WinRAR",
            license_type="retail",
            quantity=1,
            evidence="合同 2026-01",
            assigned_assets=("A-001",),
        )
    ]
    imported = await import_licenses(session, licenses, classifier)
    assert imported.created == 1
    assert (await import_licenses(session, licenses, classifier)).unchanged == 1
    later = NOW + timedelta(days=1)
    report = await ingest_scans(
        session, [user_scan(scanned_at=later)], classifier, later, "check-tool"
    )
    [result] = report.machines
    assert [f.product for f in result.resolved_findings] == ["WinRAR"]
    assert result.new_findings == []
    assert {f.kind for f in result.open_findings} == {
        FindingKind.pirated,
        FindingKind.free_personal,
    }
    winrar = (await session.exec(select(Finding).where(Finding.product == "WinRAR"))).one()
    assert winrar.status is FindingStatus.resolved and winrar.resolved_at == later


async def test_removed_program_is_no_longer_present(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await setup_office(session)
    await ingest_scans(session, [user_scan()], classifier, NOW, "check-tool")
    later = NOW + timedelta(days=2)
    cleaned = user_scan(
        scanned_at=later, installs=[InstallRecord("7-Zip 23.01", "23.01")], activations=[]
    )
    report = await ingest_scans(session, [cleaned], classifier, later, "check-tool")
    [result] = report.machines
    resolved = {f.product for f in result.resolved_findings}
    assert {"KMSpico", "WinRAR", "WPS Office"} <= resolved
    present = (
        await session.exec(
            select(Installation.display_name).where(col(Installation.present).is_(True))
        )
    ).all()
    assert present == ["7-Zip 23.01"]
    # an older scan arriving late does not bring the programs back
    late = user_scan(scanned_at=NOW - timedelta(days=1))
    await ingest_scans(session, [late], classifier, later, "check-tool")
    present = (
        await session.exec(
            select(Installation.display_name).where(col(Installation.present).is_(True))
        )
    ).all()
    assert present == ["7-Zip 23.01"]


async def test_classifier_called_once_per_distinct_program(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await setup_office(session)
    scans = [user_scan(), user_scan(client_id="client-li", hostname="PC-LI", serial="SN002")]
    await ingest_scans(session, scans, classifier, NOW, "check-tool")
    assert classifier.calls == 5  # four programs and one activation product


async def test_unknown_person_and_role_warn(session: AsyncSession) -> None:
    report = await import_people(session, [PersonRecord("王五", role="boss", source_row=7)])
    assert report.created == 1 and "boss" in report.warnings[0] and "7" in report.warnings[0]


async def test_license_with_unknown_machine_warns(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    bad = [
        EntitlementRecord(
            "WinRAR", assigned_assets=("NOPE",), source_row=5, expires_on=date(2027, 1, 1)
        )
    ]
    report = await import_licenses(session, bad, classifier)
    assert "NOPE" in report.warnings[0]


async def test_installations_keep_their_times_and_classes(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    await setup_office(session)
    await ingest_scans(session, [user_scan()], classifier, NOW, "check-tool")
    rows = (await session.exec(select(Installation).order_by(col(Installation.display_name)))).all()
    assert [(r.display_name, r.license_class, r.first_seen, r.last_seen) for r in rows[:2]] == [
        ("7-Zip 23.01", "free", NOW, NOW),
        ("KMSpico 10.2.0", "crack_tool", NOW, NOW),
    ]
    assert all(r.present for r in rows)
    later = NOW + timedelta(days=3)
    await ingest_scans(session, [user_scan(scanned_at=later)], classifier, later, "check-tool")
    session.expire_all()
    rows = (await session.exec(select(Installation))).all()
    assert len(rows) == 4 and {(r.first_seen, r.last_seen) for r in rows} == {(NOW, later)}


async def test_the_shipped_catalog_judges_the_user_path(session: AsyncSession) -> None:
    from inventory.classify import load_default_classifier

    await setup_office(session)
    report = await ingest_scans(
        session, [user_scan()], load_default_classifier(), NOW, "check-tool"
    )
    kinds = {(f.kind, f.product) for f in report.machines[0].new_findings}
    assert (FindingKind.pirated, "KMSpico") in kinds
    assert (FindingKind.unlicensed, "WinRAR") in kinds
    assert FindingKind.free_personal in {kind for kind, _product in kinds}
