from datetime import datetime, timedelta

from openpyxl import load_workbook

from inventory.ingest import MachineScanResult
from inventory.models import Finding, FindingKind, FindingStatus
from tests.tickets.conftest import NOW
from tickets.consultation import open_consultation
from tickets.lifecycle import get_ticket, resolve
from tickets.listing import list_tickets, ticket_detail, tickets_of_person
from tickets.models import TicketStatus
from tickets.reports import LEDGER_HEADERS, ticket_report, write_ticket_ledger_xlsx
from tickets.verification import apply_scan_results


async def _finding(session, machine, kind, product, at=NOW) -> Finding:
    finding = Finding(
        machine_id=machine.id,
        kind=kind,
        product_key=product.lower(),
        product=product,
        first_seen=at,
        last_seen=at,
    )
    session.add(finding)
    await session.flush()
    return finding


async def _open(session, settings, machine, *findings, at=NOW):
    result = MachineScanResult(machine.id, machine.asset_tag, new_findings=list(findings))
    [change] = await apply_scan_results(session, [result], at, settings)
    return change.ticket_id


async def _verify(session, settings, machine, finding, at):
    finding.status = FindingStatus.resolved
    session.add(finding)
    await session.flush()
    result = MachineScanResult(machine.id, machine.asset_tag, resolved_findings=[finding])
    return await apply_scan_results(session, [result], at, settings)


async def test_list_tickets_json_shape_and_filters(session, office, settings) -> None:
    crack = await _finding(session, office.pc_alice, FindingKind.pirated, "KMSpico")
    t1 = await _open(session, settings, office.pc_alice, crack)
    rar = await _finding(session, office.pc_bob, FindingKind.unlicensed, "WinRAR")
    t2 = await _open(session, settings, office.pc_bob, rar)
    rows = await list_tickets(session)
    assert [r["id"] for r in rows] == [t1, t2]
    assert rows[0] == {
        "id": t1,
        "kind": "remediation",
        "status": "assigned",
        "machine": "ZC-0001",
        "priority": "high",
        "assignee": "张工",
        "due": "2025-10-11T10:00:00Z",
        "findings": [{"id": crack.id, "kind": "pirated", "product": "KMSpico", "status": "open"}],
    }
    assert [r["id"] for r in await list_tickets(session, machine_asset="ZC-0002")] == [t2]
    assert [r["id"] for r in await list_tickets(session, assignee_id=office.tech_b.id)] == [t2]
    assert await list_tickets(session, status="closed") == []
    assert [r["id"] for r in await list_tickets(session, status=TicketStatus.assigned)] == [t1, t2]


async def test_detail_and_my_tickets(session, office, settings) -> None:
    crack = await _finding(session, office.pc_alice, FindingKind.pirated, "KMSpico")
    t1 = await _open(session, settings, office.pc_alice, crack)
    question = await open_consultation(session, office.bob.id, "福昕阅读器要授权吗", NOW, settings)
    detail = await ticket_detail(session, t1)
    assert detail["department"] == "财务科" and detail["watchers"] == ["刘会计"]
    assert [e["kind"] for e in detail["events"]][:2] == ["created", "watcher"]
    assert [t.id for t in await tickets_of_person(session, office.alice.id)] == [t1]
    assert [t.id for t in await tickets_of_person(session, office.bob.id)] == [question.id]


async def test_report_counts_and_mean_time(session, office, settings) -> None:
    f1 = await _finding(session, office.pc_alice, FindingKind.pirated, "KMSpico")
    await _open(session, settings, office.pc_alice, f1)
    f2 = await _finding(session, office.pc_bob, FindingKind.unlicensed, "WinRAR")
    await _open(session, settings, office.pc_bob, f2)
    await open_consultation(session, office.tech_a.id, "问题", NOW, settings)
    await _verify(session, settings, office.pc_alice, f1, NOW + timedelta(days=2))
    later = datetime(2025, 11, 1)
    report = await ticket_report(session, later)
    assert report["open"] == 2 and report["closed"] == 1
    assert report["overdue"] == 2  # WinRAR (due 14 Oct) and the consultation (due 9 Oct)
    assert report["mean_days_to_remediate"] == 2.0
    by_name = {d["name"]: d for d in report["departments"]}
    assert by_name["财务科"] == {
        "name": "财务科",
        "open": 1,
        "overdue": 1,
        "closed": 1,
        "mean_days_to_remediate": 2.0,
    }
    assert by_name["信息科"]["open"] == 1 and by_name["信息科"]["mean_days_to_remediate"] is None


async def test_ledger_xlsx_has_chinese_headers_and_rows(
    session, office, settings, tmp_path
) -> None:
    f1 = await _finding(session, office.pc_alice, FindingKind.pirated, "KMSpico")
    t1 = await _open(session, settings, office.pc_alice, f1)
    f2 = await _finding(session, office.pc_bob, FindingKind.unlicensed, "WinRAR")
    await _open(session, settings, office.pc_bob, f2)
    await resolve(session, await get_ticket(session, t1), office.tech_a.id, "已卸载", NOW)
    await _verify(session, settings, office.pc_alice, f1, NOW + timedelta(days=1))
    await open_consultation(session, office.bob.id, "不在台账里", NOW, settings)
    path = tmp_path / "ledger.xlsx"
    assert await write_ticket_ledger_xlsx(session, path, settings) == 2
    sheet = load_workbook(path).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert tuple(rows[0]) == LEDGER_HEADERS
    assert rows[1] == [
        1,
        "ZC-0001",
        "财务科",
        "刘会计",
        "盗版：KMSpico",
        "2025-09-30 10:00",
        "2025-10-11 18:00",
        "张工",
        "已关闭",
        "已卸载",
        "2025-10-01 10:00",
        "复扫通过 / verified by scan",
    ]
    assert rows[2][1] == "ZC-0002" and rows[2][4] == "未授权：WinRAR" and rows[2][8] == "已分派"
    assert len(rows) == 3
