"""`zhengban tickets ...` and `zhengban report tickets` as a user types them."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from bot.cli.tickets import report_tickets_command, tickets_group
from bot.database import Database
from bot.settings import Settings
from inventory.ingest import MachineScanResult
from inventory.models import Finding, FindingKind, Machine, Role
from tests.conftest import add_person
from tickets.settings import TicketSettings
from tickets.verification import apply_scan_results

NOW = datetime(2025, 9, 30, 2, 0)


def root() -> click.Group:
    """A root with the ticket commands as `zhengban` mounts them (tickets, report tickets)."""
    group = click.Group("zhengban")
    group.add_command(tickets_group)
    report = click.Group("report")
    report.add_command(report_tickets_command)
    group.add_command(report)
    return group


@pytest.fixture
def runner(settings: Settings, db: object, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("ZHENGBAN_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("ZHENGBAN_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("ZHENGBAN_TELEGRAM_TOKEN", raising=False)
    return CliRunner()


def invoke(runner: CliRunner, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(root(), list(args), catch_exceptions=False)


def seed(settings: Settings) -> tuple[int, int]:
    """Seed through a database of its own (the CLI runs its own event loops)."""

    async def go() -> tuple[int, int]:
        db = Database(settings.resolved_database_url)
        try:
            return await seed_tickets(db)
        finally:
            await db.dispose()

    return asyncio.run(go())


async def seed_tickets(db: Database) -> tuple[int, int]:
    """Two machines with findings -> two remediation tickets; return their ids."""
    owner = await add_person(db, "刘会计", Role.staff, "财务科")
    await add_person(db, "张工", Role.technician, "信息科")
    await add_person(db, "李工", Role.technician, "信息科")
    ids = []
    async with db.session() as session:
        for tag, kind, product in (
            ("ZC-0001", FindingKind.pirated, "KMSpico"),
            ("ZC-0002", FindingKind.unlicensed, "WinRAR"),
        ):
            machine = Machine(asset_tag=tag, owner_id=owner.id, department_id=owner.department_id)
            session.add(machine)
            await session.flush()
            finding = Finding(
                machine_id=machine.id,
                kind=kind,
                product_key=product.lower(),
                product=product,
                first_seen=NOW,
                last_seen=NOW,
            )
            session.add(finding)
            await session.flush()
            result = MachineScanResult(machine.id, tag, new_findings=[finding])
            [change] = await apply_scan_results(session, [result], NOW, TicketSettings())
            ids.append(change.ticket_id)
    return ids[0], ids[1]


def test_list_show_assign_resolve(runner: CliRunner, settings: Settings) -> None:
    first, second = seed(settings)
    rows = json.loads(invoke(runner, "tickets", "list", "--json").output)
    assert [set(r) for r in rows] == [
        {"id", "kind", "status", "machine", "priority", "assignee", "due", "findings"}
    ] * 2
    assert rows[0]["machine"] == "ZC-0001" and rows[0]["priority"] == "high"
    assert rows[0]["assignee"] == "张工" and rows[1]["assignee"] == "李工"
    assert rows[0]["due"] == "2025-10-11T10:00:00Z"
    only = json.loads(invoke(runner, "tickets", "list", "--machine", "ZC-0002", "--json").output)
    assert [r["id"] for r in only] == [second]
    assert "KMSpico" in invoke(runner, "tickets", "list").output
    assert invoke(runner, "tickets", "assign", str(first), "李工").exit_code == 0
    shown = json.loads(invoke(runner, "tickets", "show", str(first), "--json").output)
    assert shown["assignee"] == "李工" and shown["department"] == "财务科"
    result = invoke(runner, "tickets", "resolve", str(first), "--note", "已卸载")
    assert result.exit_code == 0 and "resolved" in result.output
    resolved = json.loads(
        invoke(runner, "tickets", "list", "--status", "resolved", "--json").output
    )
    assert [r["id"] for r in resolved] == [first]
    assert "已卸载" in invoke(runner, "tickets", "show", str(first)).output


def test_bad_input_exits_2(runner: CliRunner, settings: Settings) -> None:
    first, _ = seed(settings)
    result = runner.invoke(root(), ["tickets", "show", "999"])
    assert result.exit_code == 2 and "999" in result.output
    result = runner.invoke(root(), ["tickets", "assign", str(first), "刘会计"])
    assert result.exit_code == 2 and "技术人员" in result.output
    result = runner.invoke(root(), ["tickets", "resolve", str(first), "--note", " "])
    assert result.exit_code == 2
    result = runner.invoke(root(), ["tickets", "list", "--status", "done"])
    assert result.exit_code == 2


def test_report_json_and_xlsx(runner: CliRunner, settings: Settings, tmp_path: Path) -> None:
    seed(settings)
    report = json.loads(invoke(runner, "report", "tickets", "--json").output)
    assert report["open"] == 2 and report["closed"] == 0
    assert report["departments"][0]["name"] == "财务科"
    out = tmp_path / "ledger.xlsx"
    assert invoke(runner, "report", "tickets", "--xlsx", str(out)).exit_code == 0
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("序号", "资产编号", "科室") and len(rows) == 3
    assert "未结" in invoke(runner, "report", "tickets").output
