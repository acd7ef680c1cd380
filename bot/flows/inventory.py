"""Inventory in chat: /compliance for admins, /mymachine for staff, /bind for technicians."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from bot.flows.registry import FlowContext, FlowRegistry, Replies
from bot.imports import bind_client
from inventory import binding, compliance, reports
from inventory.machines import InventoryError
from inventory.models import Role
from inventory.settings import InventorySettings
from reminders.messages import Attachment, Button, Message, escape_markdown

KIND_ZH = {
    "pirated": "盗版",
    "unlicensed": "未授权商业软件",
    "free_personal": "仅限个人免费",
    "unknown": "待确认",
}


def pct(value: float | None) -> str:
    """A rate as a percentage, or '—' without a denominator."""
    return "—" if value is None else f"{value * 100:.2f}%"


def inventory_settings(ctx: FlowContext) -> InventorySettings:
    """The inventory section of the settings."""
    return InventorySettings(**ctx.services.settings.section("inventory"))


def compliance_text(data: dict[str, Any], deploy: dict[str, Any]) -> str:
    """The compliance figures as Markdown."""
    rates = data["genuine_rate"]
    lines = [
        "**正版化情况 / Compliance**",
        f"在用范围 {data['machines_in_scope']} 台，已检查 {data['machines_inspected']} 台；"
        f"部署率 {pct(deploy['deployment_rate'])}",
        "正版率：总体 {} · 操作系统 {} · 办公 {} · 杀毒 {} · 数据库 {}".format(
            *(pct(rates.get(k)) for k in ("overall", "os", "office", "antivirus", "database"))
        ),
    ]
    lines += [
        f"- {escape_markdown(d['name'])}：{pct(d['genuine_rate'])}" for d in data["departments"]
    ]
    found = data["findings"]
    lines.append("问题：" + "，".join(f"{KIND_ZH.get(k, k)} {v}" for k, v in found.items()))
    if deploy["unbound"]:
        lines.append("未绑定：" + escape_markdown("、".join(deploy["unbound"][:20])))
    return "\n".join(lines)


def register(registry: FlowRegistry) -> None:
    """Register the inventory commands and the bind buttons."""

    @registry.command(
        "compliance",
        role=Role.admin,
        help_zh="正版率、部署率和问题统计（附图表）",
        help_en="genuine rate, deployment rate and findings (with a chart)",
    )
    async def compliance_cmd(ctx: FlowContext, args: str) -> Replies:
        """Show the compliance figures and the chart as an image."""
        period = inventory_settings(ctx).inspection_period_days
        now = ctx.services.now()
        report = await compliance.compliance_report(ctx.session, now, period)
        deploy = await compliance.deployment_report(ctx.session, now, period)
        history = await compliance.compliance_history(ctx.session)
        with tempfile.TemporaryDirectory() as scratch:
            chart = reports.draw_compliance_chart(report, Path(scratch) / "chart.png", history)
            image = Attachment("compliance.png", chart.read_bytes(), "image")
        await ctx.audit("report.compliance")
        return [Message(compliance_text(report.to_dict(), deploy.to_dict()), attachment=image)]

    @registry.command(
        "mymachine",
        role=Role.staff,
        help_zh="我的电脑：有什么问题、该怎么办",
        help_en="my machines: what is wrong and what to do",
    )
    async def my_machine(ctx: FlowContext, args: str) -> Replies:
        """List the person's machines with open findings and advice."""
        assert ctx.person is not None and ctx.person.id is not None
        machines = await compliance.machine_status(ctx.session, ctx.person.id)
        if not machines:
            return [Message(ctx.t("inv_no_machines"))]
        return [Message(_machine_text(m)) for m in machines]

    @registry.command(
        "bind",
        role=Role.technician,
        help_zh="绑定检查工具客户端到资产",
        help_en="bind check-tool clients to asset records",
    )
    async def bind_cmd(ctx: FlowContext, args: str) -> Replies:
        """List unbound clients with their likely machines as buttons."""
        clients = await binding.unbound_clients(ctx.session)
        if not clients:
            return [Message(ctx.t("inv_all_bound"))]
        replies = []
        for client in clients[:10]:
            found = await binding.candidates(ctx.session, client)
            rows: list[tuple[Button, ...]] = [
                (
                    Button(
                        f"{m.asset_tag} {m.hostname or ''}".strip()[:60], f"bind:{client.id}:{m.id}"
                    ),
                )
                for m, _s, _r in found[:3]
            ]
            rows.append((Button("⌨ 输入资产编号 / type the asset tag", f"bindt:{client.id}"),))
            name, host = escape_markdown(client.client_id), escape_markdown(client.hostname or "-")
            hint = "" if found else "：没有相似的资产，请输入资产编号"
            replies.append(Message(f"客户端 {name}（{host}）{hint}", buttons=tuple(rows)))
        return replies

    @registry.button("bind", role=Role.technician)
    async def bind_button(ctx: FlowContext, args: list[str]) -> Replies:
        """Bind the client to the chosen machine."""
        return await _bind(ctx, args)

    @registry.button("bindt", role=Role.technician)
    async def bind_typed(ctx: FlowContext, args: list[str]) -> Replies:
        """Ask for the asset tag of the client's machine."""
        if not args or not args[0].isdigit():
            return [Message(ctx.t("expired_button"))]
        await ctx.expect("bind_asset", {"client": int(args[0])})
        return [Message("请输入这台电脑的资产编号（如 ZC-001）：")]

    @registry.input("bind_asset", role=Role.technician)
    async def bind_asset(ctx: FlowContext, text: str, payload: dict[str, Any]) -> Replies:
        """Bind the client to the machine with the typed asset tag."""
        from inventory.machines import get_machine

        try:
            machine = await get_machine(ctx.session, text.strip())
        except InventoryError as exc:
            return [Message(escape_markdown(str(exc)))]
        return await _bind(ctx, [str(payload.get("client", "")), str(machine.id)])


async def _bind(ctx: FlowContext, args: list[str]) -> Replies:
    """Bind client id args[0] to machine id args[1] and audit it."""
    from inventory.models import CheckClient, Machine

    if len(args) != 2 or not all(a.isdigit() for a in args):
        return [Message(ctx.t("expired_button"))]
    client = await ctx.session.get(CheckClient, int(args[0]))
    machine = await ctx.session.get(Machine, int(args[1]))
    if client is None or machine is None:
        return [Message(ctx.t("expired_button"))]
    try:
        outcome = await bind_client(
            ctx.services, ctx.session, client.client_id, machine.asset_tag, ctx.person, ctx.channel
        )
    except InventoryError as exc:
        return [Message(escape_markdown(str(exc)))]
    done = f"已绑定 {escape_markdown(client.client_id)} → {escape_markdown(machine.asset_tag)}"
    if outcome.report.get("received"):
        done += (
            f"\n已补录该客户端此前的扫描 {outcome.report['received']} 份，"
            f"工单变化 {len(outcome.tickets)} 个"
        )
    return [Message(done)]


def _machine_text(status: Any) -> str:
    """One machine's problems and what to do, as Markdown."""
    head = f"**{escape_markdown(status.asset_tag)}** {escape_markdown(status.hostname or '')}"
    if not status.problems:
        return head + "\n✅ 没有发现问题 / no problems found"
    lines = [head]
    for finding, advice in status.problems:
        kind = KIND_ZH.get(str(finding.kind), str(finding.kind))
        lines.append(f"- {kind}：{escape_markdown(finding.product)} — {escape_markdown(advice)}")
    return "\n".join(lines)
