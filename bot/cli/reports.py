"""`zhengban report compliance|deployment|gap|ledger` (tickets and awareness join the same group)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bot.cli.base import echo_json, fail, run_async, settings_from, with_database
from bot.cli.catalog import classifier_of
from bot.database import Database
from inventory import compliance, gap, reports
from inventory.models import utcnow
from inventory.settings import InventorySettings

PATH = click.Path(dir_okay=False, path_type=Path)


@click.group("report")
def report_group() -> None:
    """Reports for admins and inspections (JSON shapes in design.md §4)."""


def _period(ctx: click.Context) -> int:
    """The inspection period in days from the inventory settings."""
    return InventorySettings(**settings_from(ctx).section("inventory")).inspection_period_days


def _today(zone: str) -> Any:
    """The current date in ``zone``."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    return datetime.now(UTC).astimezone(ZoneInfo(zone)).date()


@report_group.command("compliance")
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "--chart", type=PATH, default=None, help="draw genuine rate by department / over time (PNG)"
)
@click.pass_context
def compliance_command(ctx: click.Context, as_json: bool, chart: Path | None) -> None:
    """Genuine rate (正版率) per category and department, and findings."""
    period = _period(ctx)
    today = _today(settings_from(ctx).timezone)

    async def go(db: Database) -> dict[str, Any]:
        async with db.session() as session:
            report = await compliance.compliance_report(session, utcnow(), period)
            await compliance.save_snapshot(session, report, today)
            if chart is not None:
                history = await compliance.compliance_history(session)
                reports.draw_compliance_chart(report, chart, history)
            return report.to_dict()

    data = run_async(with_database(ctx, go))
    if as_json:
        echo_json(data)
        return
    rates = data["genuine_rate"]
    click.echo(f"在用范围 {data['machines_in_scope']} 台，已检查 {data['machines_inspected']} 台")
    click.echo("正版率 " + "  ".join(f"{k} {_pct(v)}" for k, v in rates.items()))
    for dept in data["departments"]:
        click.echo(f"  {dept['name']}: {_pct(dept['genuine_rate'])}")
    click.echo("问题 " + "  ".join(f"{k} {v}" for k, v in data["findings"].items()))
    if chart is not None:
        click.echo(f"图表 / chart -> {chart}")


@report_group.command("deployment")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def deployment_command(ctx: click.Context, as_json: bool) -> None:
    """Deployment rate (部署率) of the check tool; unbound and silent machines listed."""
    period = _period(ctx)

    async def go(db: Database) -> dict[str, Any]:
        async with db.session() as session:
            return (await compliance.deployment_report(session, utcnow(), period)).to_dict()

    data = run_async(with_database(ctx, go))
    if as_json:
        echo_json(data)
        return
    click.echo(
        f"部署率 {_pct(data['deployment_rate'])}（{data.get('deployed', data['bound'])}/"
        f"{data['in_scope']}）"
    )
    click.echo(f"未绑定 unbound: {', '.join(data['unbound']) or '无'}")
    click.echo(f"未上报 silent: {', '.join(data.get('silent', [])) or '无'}")


@report_group.command("gap")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def gap_command(ctx: click.Context, as_json: bool) -> None:
    """License gap (软件缺口) per product with a plan: buy, replace or uninstall."""
    today = _today(settings_from(ctx).timezone)
    classifier = classifier_of(ctx)

    async def go(db: Database) -> list[dict[str, Any]]:
        async with db.session() as session:
            return [line.to_dict() for line in await gap.license_gap(session, today, classifier)]

    rows = run_async(with_database(ctx, go))
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(
            f"{row['product']}: 需要 {row['needed']} 已有 {row['owned']} 缺口 {row['gap']} — {row['plan']}"
        )


@report_group.command("ledger")
@click.option("--xlsx", type=PATH, required=True, help="the software asset ledger workbook")
@click.pass_context
def ledger_command(ctx: click.Context, xlsx: Path) -> None:
    """Write the software asset ledger (软件资产台账) with Chinese headers, fit for filing."""
    today = _today(settings_from(ctx).timezone)
    classifier = classifier_of(ctx)
    if xlsx.parent and not xlsx.parent.exists():
        fail(f"目录不存在 / folder does not exist: {xlsx.parent}")

    async def go(db: Database) -> Any:
        async with db.session() as session:
            return await reports.write_ledger_xlsx(session, xlsx, today, classifier)

    run_async(with_database(ctx, go))
    click.echo(f"台账 / ledger -> {xlsx}")


def _pct(value: float | None) -> str:
    """A rate as a percentage, or '—' when there is no denominator."""
    return "—" if value is None else f"{value * 100:.2f}%"
