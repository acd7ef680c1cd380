"""Issue 4 and 5 end to end: files in through the CLI, HTTP and chat; reports and tickets out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from click.testing import CliRunner
from openpyxl import load_workbook

from bot import access
from bot.cli import cli
from bot.flows import ChatCore, Incoming
from bot.http_imports import add_import_routes
from bot.settings import Settings
from bot.web import build_web_app
from inventory import tokens
from inventory.models import Role
from reminders.messages import Attachment
from tests.conftest import add_person

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def runner(settings: Settings, db: object, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("ZHENGBAN_DATABASE_URL", settings.resolved_database_url)
    monkeypatch.setenv("ZHENGBAN_DATA_DIR", str(settings.data_dir))
    monkeypatch.delenv("ZHENGBAN_TELEGRAM_TOKEN", raising=False)
    return CliRunner()


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_assets_dry_run_then_import_then_again_changes_nothing(runner: CliRunner) -> None:
    dry = json.loads(
        run(runner, "import", "assets", str(FIXTURES / "assets.csv"), "--dry-run", "--json")
    )
    assert dry["created"] == 3 and dry["dry_run"]
    assert json.loads(run(runner, "report", "deployment", "--json"))["in_scope"] == 0
    first = json.loads(run(runner, "import", "assets", str(FIXTURES / "assets.csv"), "--json"))
    assert first["created"] == 3
    again = json.loads(run(runner, "import", "assets", str(FIXTURES / "assets.csv"), "--json"))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    deployment = json.loads(run(runner, "report", "deployment", "--json"))
    assert deployment["in_scope"] == 2 and deployment["deployment_rate"] == 0.0


def test_malformed_file_names_row_and_column_and_writes_nothing(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["import", "assets", str(FIXTURES / "assets_bad.csv")])
    assert result.exit_code == 2
    assert "assets_bad.csv:2" in result.output and "MAC" in result.output
    assert "assets_bad.csv:3" in result.output
    assert json.loads(run(runner, "report", "deployment", "--json"))["in_scope"] == 0


def test_scan_findings_tickets_and_reports(runner: CliRunner, tmp_path: Path) -> None:
    run(runner, "user", "add", "韩技术", "--role", "technician")
    run(runner, "import", "assets", str(FIXTURES / "assets.csv"))
    scan = json.loads(run(runner, "import", "scan", str(FIXTURES / "scan_pirated.csv"), "--json"))
    assert scan["imported"] == 2 and not scan["unbound"]
    tickets = json.loads(run(runner, "tickets", "list", "--json"))
    pirated = next(t for t in tickets if t["machine"] == "ZC-001")
    assert pirated["priority"] == "high" and pirated["assignee"] == "韩技术"
    report = json.loads(
        run(runner, "report", "compliance", "--json", "--chart", str(tmp_path / "chart.png"))
    )
    assert report["machines_inspected"] == 2 and report["findings"]["pirated"] == 1
    assert report["genuine_rate"]["overall"] == 0.0
    assert (tmp_path / "chart.png").read_bytes()[:4] == b"\x89PNG"
    gap = json.loads(run(runner, "report", "gap", "--json"))
    assert any(line["product"].startswith("WPS") for line in gap)
    run(runner, "report", "ledger", "--xlsx", str(tmp_path / "ledger.xlsx"))
    assert len(load_workbook(tmp_path / "ledger.xlsx").sheetnames) >= 3
    again = json.loads(run(runner, "import", "scan", str(FIXTURES / "scan_pirated.csv"), "--json"))
    assert again["duplicates"] == 2 and again["imported"] == 0


async def test_http_import_needs_a_valid_token(core: ChatCore) -> None:
    async with core.services.db.session() as session:
        token = await tokens.create_token(session, "city-check-tool")
    web_app = build_web_app()
    add_import_routes(web_app, core.services)
    body = (FIXTURES / "assets.csv").read_bytes()
    async with TestClient(TestServer(web_app)) as client:
        denied = await client.post(
            "/api/import/assets?filename=a.csv",
            data=body,
            headers={"Authorization": "Bearer wrong"},
        )
        assert denied.status == 401
        ok = await client.post(
            "/api/import/assets?filename=a.csv",
            data=body,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert ok.status == 200 and (await ok.json())["created"] == 3
        bad = await client.post(
            "/api/import/assets?filename=bad.csv",
            data=(FIXTURES / "assets_bad.csv").read_bytes(),
            headers={"Authorization": f"Bearer {token}"},
        )
        assert bad.status == 422 and "MAC" in (await bad.json())["error"]


async def linked(core: ChatCore, name: str, role: Role, user: str) -> None:
    person = await add_person(core.services.db, name, role)
    async with core.services.db.session() as session:
        code = await access.create_invite(session, person, ttl_hours=1)
    await core.handle(Incoming("telegram", user, text=f"/start {code}"))


async def press(core: ChatCore, user: str, data: str) -> list:  # type: ignore[type-arg]
    return await core.handle(Incoming("telegram", user, button=data))


def buttons(replies: list) -> list[str]:  # type: ignore[type-arg]
    return [b.data for r in replies for row in r.buttons for b in row]


async def upload(core: ChatCore, user: str, name: str, caption: str = "") -> list:  # type: ignore[type-arg]
    attachment = Attachment(name, (FIXTURES / name).read_bytes())
    return await core.handle(Incoming("telegram", user, text=caption, attachment=attachment))


async def import_in_chat(core: ChatCore, name: str, caption: str) -> list:  # type: ignore[type-arg]
    """An admin sends a file, sees the dry-run preview and confirms it; the confirmation replies."""
    preview = await upload(core, "a1", name, caption)
    return await press(core, "a1", next(d for d in buttons(preview) if d.startswith("imp:go:")))


async def test_admin_uploads_in_chat_and_staff_cannot(core: ChatCore) -> None:
    await linked(core, "管理员甲", Role.admin, "a1")
    await linked(core, "职员乙", Role.staff, "s1")
    refused = await upload(core, "s1", "assets.csv")
    assert "不能使用" in refused[0].text
    preview = await upload(core, "a1", "assets.csv", "资产台账")
    assert "预检" in preview[0].text and "新增 3" in preview[0].text
    confirm = next(d for d in buttons(preview) if d.startswith("imp:go:"))
    done = await press(core, "a1", confirm)
    assert "已导入" in done[0].text
    assert "已失效" in (await press(core, "a1", confirm))[0].text


async def test_whole_remediation_path_in_chat(core: ChatCore) -> None:
    await linked(core, "管理员甲", Role.admin, "a1")
    await linked(core, "韩技术", Role.technician, "t1")
    for name, caption in (("assets.csv", "资产"), ("scan_pirated.csv", "扫描")):
        await import_in_chat(core, name, caption)
    compliance = await core.handle(Incoming("telegram", "a1", text="/compliance"))
    assert "正版率" in compliance[0].text and compliance[0].attachment is not None
    listed = await core.handle(Incoming("telegram", "t1", text="/tickets"))
    resolve = next(d for d in buttons(listed) if d.startswith("tkr:"))
    asked = await press(core, "t1", resolve)
    assert asked
    resolved = await core.handle(Incoming("telegram", "t1", text="已卸载 KMSpico 并重新激活"))
    assert "已处理" in resolved[0].text
    done = await import_in_chat(core, "scan_clean.csv", "扫描")
    assert "工单变化" in done[0].text
    runner_json = await _tickets(core)
    closed = next(t for t in runner_json if t["machine"] == "ZC-001")
    assert closed["status"] == "closed"


async def _tickets(core: ChatCore) -> list[dict]:  # type: ignore[type-arg]
    from tickets import list_tickets

    async with core.services.db.session() as session:
        return await list_tickets(session)


async def test_resolved_ticket_reopens_when_the_rescan_still_finds_it(core: ChatCore) -> None:
    await linked(core, "管理员甲", Role.admin, "a1")
    await linked(core, "韩技术", Role.technician, "t1")
    for name, caption in (("assets.csv", "资产"), ("scan_pirated.csv", "扫描")):
        await import_in_chat(core, name, caption)
    listed = await core.handle(Incoming("telegram", "t1", text="/tickets"))
    await press(core, "t1", next(d for d in buttons(listed) if d.startswith("tkr:")))
    await core.handle(Incoming("telegram", "t1", text="已卸载"))
    await import_in_chat(core, "scan_rescan_still.csv", "扫描")
    ticket = next(t for t in await _tickets(core) if t["machine"] == "ZC-001")
    assert ticket["status"] in ("reopened", "assigned")
    from tickets import events

    async with core.services.db.session() as session:
        notes = [e.note or "" for e in await events(session, ticket["id"])]
    assert any("复扫仍发现" in note and "KMSpico" in note for note in notes)


async def test_unbound_client_is_bound_in_chat_and_its_queued_scan_applied(core: ChatCore) -> None:
    await linked(core, "管理员甲", Role.admin, "a1")
    await linked(core, "韩技术", Role.technician, "t1")
    for name, caption in (("assets.csv", "资产"), ("scan_unknown_host.csv", "扫描")):
        await import_in_chat(core, name, caption)
    assert not await _tickets(core)
    offered = await core.handle(Incoming("telegram", "t1", text="/bind"))
    assert "C\\-7777" in offered[0].text or "C-7777" in offered[0].text
    assert "请输入资产编号" in offered[0].text
    typed = next(d for d in buttons(offered) if d.startswith("bindt:"))
    await press(core, "t1", typed)
    wrong = await core.handle(Incoming("telegram", "t1", text="ZC-999"))
    assert "ZC" in wrong[0].text
    await press(core, "t1", typed)
    done = await core.handle(Incoming("telegram", "t1", text="ZC-003"))
    assert "已绑定" in done[0].text and "补录" in done[0].text
    assert [t["priority"] for t in await _tickets(core)] == ["high"]


async def test_import_reports_its_phases_and_progress(core: ChatCore) -> None:
    from bot.imports import run_import

    events: list[tuple[str, object, object]] = []

    class Recorder:
        def phase(self, name: str, detail: str) -> None:
            events.append(("phase", name, detail))

        def step(self, done: int, total: int) -> None:
            events.append(("step", done, total))

    await run_import(core.services, "assets", FIXTURES / "assets.csv")
    await run_import(core.services, "scan", FIXTURES / "scan_pirated.csv", progress=Recorder())
    assert events[0] == ("phase", "parse", "scan_pirated.csv")
    assert events[1] == ("phase", "store", "2")
    assert events[-1] == ("step", 2, 2)


def test_ticket_rules_reject_and_waiting_from_the_command_line(runner: CliRunner) -> None:
    run(runner, "user", "add", "韩技术", "--role", "technician")
    run(runner, "user", "add", "周技术", "--role", "technician")
    run(runner, "import", "assets", str(FIXTURES / "assets.csv"))
    run(runner, "tickets", "rule", "set", "财务科", "周技术")
    assert json.loads(run(runner, "tickets", "rule", "list", "--json")) == [
        {"department": "财务科", "technician": "周技术"}
    ]
    run(runner, "import", "scan", str(FIXTURES / "scan_pirated.csv"))
    tickets = json.loads(run(runner, "tickets", "list", "--json"))
    assert {t["assignee"] for t in tickets} == {"周技术"}
    first, second = tickets[0]["id"], tickets[1]["id"]
    assert "waiting" in run(runner, "tickets", "wait", str(first))
    assert "clock running" in run(runner, "tickets", "wait", str(first), "--off")
    assert "rejected" in run(runner, "tickets", "reject", str(second), "--reason", "误报：已有授权")
    refused = runner.invoke(cli, ["tickets", "rule", "set", "没有的科", "周技术"])
    assert refused.exit_code == 2
    run(runner, "tickets", "rule", "remove", "财务科")
    actions = [row["action"] for row in json.loads(run(runner, "audit", "--json"))]
    assert {"ticket.rule", "ticket.wait", "ticket.reject", "ticket.rule.remove"} <= set(actions)


async def test_technician_pauses_and_rejects_in_chat(core: ChatCore) -> None:
    await linked(core, "管理员甲", Role.admin, "a1")
    await linked(core, "韩技术", Role.technician, "t1")
    for name, caption in (("assets.csv", "资产"), ("scan_pirated.csv", "扫描")):
        await import_in_chat(core, name, caption)
    listed = await core.handle(Incoming("telegram", "t1", text="/tickets"))
    wait = next(d for d in buttons(listed) if d.startswith("tkw:"))
    paused = await press(core, "t1", wait)
    assert "暂停" in paused[0].text and any(d == wait for d in buttons(paused))
    resumed = await press(core, "t1", wait)
    assert "继续计时" in resumed[0].text
    reject = next(d for d in buttons(resumed) if d.startswith("tkj:"))
    await press(core, "t1", reject)
    done = await core.handle(Incoming("telegram", "t1", text="误报：该机已有授权"))
    assert "已驳回" in done[0].text
    ticket_id = int(reject.split(":")[1])
    assert next(t for t in await _tickets(core) if t["id"] == ticket_id)["status"] == "rejected"
