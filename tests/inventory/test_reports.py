from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
from sqlmodel.ext.asyncio.session import AsyncSession

from inventory.compliance import compliance_history, compliance_report, save_snapshot
from inventory.ingest import import_assets, import_licenses, import_people, ingest_scans
from inventory.records import (
    AssetRecord,
    EntitlementRecord,
    InstallRecord,
    MachineScan,
    PersonRecord,
)
from inventory.reports import draw_compliance_chart, write_ledger_xlsx
from tests.inventory.conftest import NOW, FakeClassifier


async def office(session: AsyncSession, classifier: FakeClassifier) -> None:
    await import_people(session, [PersonRecord("张三", "办公室")])
    await import_assets(
        session,
        [
            AssetRecord("A-1", "pc1", "desktop", "办公室", owner="张三", serial="S1"),
            AssetRecord("A-2", "pc2", "laptop", "财务科"),
        ],
    )
    licenses = [
        EntitlementRecord(
            "WPS Office 专业版",
            license_type="site",
            scope="unit",
            evidence="合同 ZB-1",
            assigned_assets=("A-1",),
        )
    ]
    await import_licenses(session, licenses, classifier)
    scans = [
        MachineScan(
            client_id="c1",
            hostname="pc1",
            scanned_at=NOW,
            installs=[InstallRecord("WPS Office 专业版", "12.1"), InstallRecord("WinRAR", "6.24")],
        ),
        MachineScan(
            client_id="c2",
            hostname="pc2",
            scanned_at=NOW,
            installs=[InstallRecord("WPS Office 专业版", "12.1")],
        ),
    ]
    await ingest_scans(session, scans, classifier, NOW, "check-tool")


async def test_ledger_workbook_reads_back(
    session: AsyncSession, classifier: FakeClassifier, tmp_path: Path
) -> None:
    await office(session, classifier)
    path = await write_ledger_xlsx(session, tmp_path / "台账.xlsx", NOW.date(), classifier)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["设备台账", "软件安装明细", "授权清单", "问题清单", "软件缺口"]
    machines = list(book["设备台账"].iter_rows(values_only=True))
    assert machines[0][:5] == ("资产编号", "主机名", "设备类型", "科室", "使用人")
    assert machines[1][:6] == ("A-1", "pc1", "desktop", "办公室", "张三", "是")
    assert machines[1][9] == "c1" and machines[1][11] == 1
    installs = list(book["软件安装明细"].iter_rows(values_only=True))
    [winrar] = [row for row in installs if row[1] == "WinRAR"]
    assert len(installs) == 4 and winrar[:3] == ("A-1", "WinRAR", "6.24")
    assert winrar[5:7] == ("工具", "商业软件")
    licenses = list(book["授权清单"].iter_rows(values_only=True))
    assert (
        licenses[1][:6] == ("WPS Office 专业版", None, "场地授权", 1, "全单位", "合同 ZB-1")
        and licenses[1][8] == "A-1"
    )
    findings = list(book["问题清单"].iter_rows(values_only=True))
    assert findings[1][:4] == ("A-1", "办公室", "未授权", "WinRAR")
    gap = list(book["软件缺口"].iter_rows(values_only=True))
    assert gap[1][:4] == ("WinRAR", 1, 0, 1) and "7-Zip" in gap[1][4]


async def test_chart_png_with_and_without_history(
    session: AsyncSession, classifier: FakeClassifier, tmp_path: Path
) -> None:
    await office(session, classifier)
    report = await compliance_report(session, NOW, 30)
    single = draw_compliance_chart(report, tmp_path / "now.png")
    assert single.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    await save_snapshot(session, report, NOW.date() - timedelta(days=30))
    await save_snapshot(session, report, NOW.date())
    trend = draw_compliance_chart(report, tmp_path / "trend.png", await compliance_history(session))
    assert trend.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert trend.stat().st_size > single.stat().st_size
