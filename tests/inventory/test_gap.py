from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.catalog import load_catalog
from inventory.classify import Classifier
from inventory.entitlements import EntitlementView, allocate, expiring_licenses
from inventory.gap import license_gap
from inventory.ingest import import_assets, import_licenses, ingest_scans
from inventory.known_packages import KnownPackages, PublicPackage, harvest
from inventory.models import DeviceScope, LicenseType
from inventory.records import AssetRecord, EntitlementRecord, InstallRecord, MachineScan
from tests.inventory.conftest import NOW, FakeClassifier

TODAY = NOW.date()


def view(
    id: int, product: str, kind: LicenseType, quantity: int = 1, **kw: object
) -> EntitlementView:
    return EntitlementView(
        id,
        product,
        kw.get("version"),
        kind,
        quantity,
        kw.get("scope", DeviceScope.device),
        kw.get("assigned", ()),
    )  # type: ignore[arg-type]


def test_retail_seats_go_to_assigned_machines_first() -> None:
    demand = {"winrar": {1: "6.2", 2: "6.2", 3: "6.2"}}
    covered = allocate([view(1, "winrar", LicenseType.retail, 2, assigned=(3,))], demand)
    assert covered["winrar"] == {3, 1}


def test_oem_counts_only_on_its_own_machine() -> None:
    demand = {"windows-10": {1: None, 2: None}}
    covered = allocate([view(1, "windows-10", LicenseType.oem, 1, assigned=(9,))], demand)
    assert covered.get("windows-10", set()) == set()
    covered = allocate([view(1, "windows-10", LicenseType.oem, 1, assigned=(2,))], demand)
    assert covered["windows-10"] == {2}


def test_site_and_unit_scope_cover_everyone() -> None:
    demand = {"wps-pro": {m: None for m in range(1, 50)}}
    assert len(allocate([view(1, "wps-pro", LicenseType.site, 1)], demand)["wps-pro"]) == 49
    unit = view(2, "wps-pro", LicenseType.volume, 1, scope=DeviceScope.unit)
    assert len(allocate([unit], demand)["wps-pro"]) == 49


def test_downgrade_rights_follow_the_rule_table() -> None:
    demand = {"windows-10": {1: None}}
    assert allocate([view(1, "windows-11", LicenseType.volume, 1)], demand)["windows-10"] == {1}
    assert not allocate([view(1, "windows-11", LicenseType.retail, 1)], demand).get("windows-10")
    assert allocate([view(1, "windows-11", LicenseType.oem, 1, assigned=(1,))], demand)[
        "windows-10"
    ] == {1}
    office = {"office": {1: "2019"}}
    assert allocate([view(1, "office", LicenseType.volume, 5, version="2021")], office)[
        "office"
    ] == {1}
    assert not allocate([view(1, "office", LicenseType.retail, 5, version="2021")], office).get(
        "office"
    )


def test_versions_upgrade_needs_a_new_license_downgrade_needs_rights() -> None:
    newer = {"winrar": {1: "7.0"}}
    assert not allocate([view(1, "winrar", LicenseType.retail, 1, version="6")], newer).get(
        "winrar"
    )
    older = {"mssql": {1: "2017"}}
    assert not allocate([view(1, "mssql", LicenseType.retail, 1, version="2019")], older).get(
        "mssql"
    )
    assert allocate([view(1, "mssql", LicenseType.site, 1, version="2019")], older)["mssql"] == {1}


def machine_scan(host: str, names: list[str]) -> MachineScan:
    return MachineScan(
        client_id=host, hostname=host, scanned_at=NOW, installs=[InstallRecord(n) for n in names]
    )


async def test_gap_and_plan_per_product(session: AsyncSession, classifier: FakeClassifier) -> None:
    await import_assets(
        session, [AssetRecord(t, t.lower(), "desktop") for t in ("A", "B", "C", "D")]
    )
    licenses = [
        EntitlementRecord(
            "Windows 10 Pro", license_type="oem", evidence="COA A", assigned_assets=("A",)
        ),
        EntitlementRecord(
            "Windows 10 Pro", license_type="oem", evidence="COA D", assigned_assets=("D",)
        ),
        EntitlementRecord("WPS Office 专业版", license_type="site", scope="unit"),
        EntitlementRecord(
            "SQL Server", license_type="retail", quantity=5, expires_on=TODAY - timedelta(days=1)
        ),
    ]
    await import_licenses(session, licenses, classifier)
    scans = [
        machine_scan("a", ["Windows 10 Pro", "WPS Office 专业版", "WinRAR", "SQL Server"]),
        machine_scan("b", ["Windows 10 Pro", "WPS Office 专业版", "WinRAR", "KMSpico"]),
        machine_scan("c", ["Windows 10 Pro", "WPS Office 专业版", "WPS Office 个人版"]),
    ]
    await ingest_scans(session, scans, classifier, NOW, "check-tool")
    lines = {
        (line.product_id, line.license_class): line
        for line in await license_gap(session, TODAY, classifier)
    }
    windows = lines[("windows-10", "commercial")]
    assert (windows.needed, windows.owned, windows.gap, windows.action) == (3, 1, 2, "buy")
    assert "2" in windows.plan
    wps = lines[("wps-office", "commercial")]
    assert (wps.needed, wps.owned, wps.gap, wps.action) == (3, 3, 0, "none")
    winrar = lines[("winrar", "commercial")]
    assert (winrar.gap, winrar.action, winrar.alternative) == (2, "replace", "7-Zip")
    assert (
        lines[("mssql", "commercial")].gap == 1 and lines[("mssql", "commercial")].action == "buy"
    )  # the license expired
    assert lines[("kmspico", "crack_tool")].action == "uninstall"
    personal = lines[("wps-office", "free_personal")]
    assert (personal.owned, personal.action, personal.alternative) == (0, "replace", "LibreOffice")
    gaps = [line.gap for line in lines.values()]
    assert gaps == sorted(gaps, reverse=True)
    volume = [EntitlementRecord("Windows 11 专业版", license_type="volume", quantity=1)]
    await import_licenses(session, volume, classifier)
    lines = {
        (line.product_id, line.license_class): line
        for line in await license_gap(session, TODAY, classifier)
    }
    assert (lines[("windows-10", "commercial")].owned, lines[("windows-10", "commercial")].gap) == (
        2,
        1,
    )
    assert set(lines[("winrar", "commercial")].to_dict()) >= {
        "product",
        "needed",
        "owned",
        "gap",
        "plan",
    }


async def test_expiring_licenses_within_days(
    session: AsyncSession, classifier: FakeClassifier
) -> None:
    records = [
        EntitlementRecord(
            "M365",
            license_type="subscription",
            evidence=str(days),
            expires_on=TODAY + timedelta(days=days),
        )
        for days in (-1, 0, 7, 30, 31)
    ]
    await import_licenses(session, records, classifier)
    found = await expiring_licenses(session, TODAY, 30)
    assert [e.expires_on for e in found] == [TODAY + timedelta(days=d) for d in (0, 7, 30)]


licenses = st.builds(
    lambda i, kind, quantity, assigned: view(
        i, "p", kind, quantity, assigned=tuple(sorted(assigned))
    ),
    st.integers(1, 1000),
    st.sampled_from(
        [LicenseType.oem, LicenseType.retail, LicenseType.subscription, LicenseType.volume]
    ),
    st.integers(0, 6),
    st.sets(st.integers(1, 12), max_size=4),
)


@given(st.lists(licenses, max_size=5, unique_by=lambda v: v.id), st.sets(st.integers(1, 12)))
def test_coverage_never_exceeds_seats_and_oem_stays_home(
    views: list[EntitlementView], machines: set[int]
) -> None:
    covered = allocate(views, {"p": dict.fromkeys(machines)}).get("p", set())
    assert covered <= machines
    assert len(covered) <= sum(v.quantity for v in views)
    oem_only = all(v.license_type is LicenseType.oem for v in views)
    if oem_only:
        assert covered <= {m for v in views if v.quantity for m in v.assigned}


async def test_a_known_package_counts_in_the_gap_and_matches_its_license(
    session: AsyncSession,
) -> None:
    package = PublicPackage("scoop:test/zorbling", ("Zorbling Studio",), "Shareware")
    real = Classifier(load_catalog(), known=KnownPackages(harvest([package])))
    await import_assets(session, [AssetRecord(t, t.lower(), "desktop") for t in ("A", "B")])
    await ingest_scans(
        session,
        [machine_scan(h, ["Zorbling Studio 4.2"]) for h in ("a", "b")],
        real,
        NOW,
        "check-tool",
    )
    line = {x.product_id: x for x in await license_gap(session, TODAY, real)}["pkg:zorblingstudio"]
    assert (line.license_class, line.needed, line.gap, line.action) == ("commercial", 2, 2, "buy")
    await import_licenses(session, [EntitlementRecord("Zorbling Studio", quantity=2)], real)
    line = {x.product_id: x for x in await license_gap(session, TODAY, real)}["pkg:zorblingstudio"]
    assert (line.owned, line.gap, line.action) == (2, 0, "none")


async def test_an_unlisted_company_program_counts_in_the_gap_until_a_line_covers_it(
    session: AsyncSession,
) -> None:
    real = Classifier(load_catalog())
    await import_assets(session, [AssetRecord(t, t.lower(), "desktop") for t in ("A", "B")])
    install = InstallRecord("数据报送工具 V2.1", "2.1", "济南某某信息技术有限公司")
    scans = [MachineScan(client_id=h, hostname=h, scanned_at=NOW, installs=[install]) for h in "ab"]
    await ingest_scans(session, scans, real, NOW, "check-tool")
    gap = {x.product_id: x for x in await license_gap(session, TODAY, real)}
    line = gap["name:数据报送工具"]
    assert (line.license_class, line.needed, line.gap, line.action) == ("commercial", 2, 2, "buy")
    # the project contract that supplied it goes on the authorization list (no publisher there)
    record = EntitlementRecord(
        "数据报送工具", license_type="free", scope="unit", evidence="HT-2026-7"
    )
    await import_licenses(session, [record], real)
    line = {x.product_id: x for x in await license_gap(session, TODAY, real)}["name:数据报送工具"]
    assert (line.owned, line.gap, line.action) == (2, 0, "none")
