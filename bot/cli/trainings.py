"""`zhengban training add|list` and `zhengban report awareness`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import click
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import access
from bot.cli.base import echo_json, fail, run_async, settings_from, with_database
from bot.database import Database
from inventory.models import utcnow
from reminders.alert_settings import AlertSettings
from reminders.alerts import local
from reminders.awareness import awareness_report, write_awareness_xlsx
from reminders.broadcasts import AudienceError
from reminders.trainings import TrainingError, create_training, invite, parse_when, training_rows

CLI_CHANNEL = "cli"


@click.group("training")
def training_group() -> None:
    """培训 / trainings: add, list."""


def _alerts(ctx: click.Context) -> AlertSettings:
    """The alerts settings section."""
    return AlertSettings(**settings_from(ctx).section("alerts"))


def _run(ctx: click.Context, action: Any) -> Any:
    """Run ``action(session)`` in one transaction; training and audience errors are bad input."""

    async def go(db: Database) -> Any:
        async with db.session() as session:
            try:
                return await action(session)
            except (TrainingError, AudienceError) as exc:
                fail(str(exc))

    return run_async(with_database(ctx, go))


@training_group.command("add")
@click.option("--title", required=True, help="标题 / title")
@click.option("--at", "at", required=True, help='时间 / local time, "YYYY-MM-DD HH:MM"')
@click.option("--place", default=None, help="地点或会议链接 / place or meeting link")
@click.option("--audience", default="all", show_default=True, help="all | role:R | department:D")
@click.pass_context
def add(ctx: click.Context, title: str, at: str, place: str | None, audience: str) -> None:
    """Create a training and queue one invitation per person of the audience."""
    tz = _alerts(ctx).timezone

    async def action(session: AsyncSession) -> tuple[int, int]:
        now = utcnow()
        starts_at = parse_when(at, now, tz)
        training = await create_training(
            session, title=title, starts_at=starts_at, place=place, audience=audience, now=now
        )
        assert training.id is not None
        queued = await invite(session, training.id, access.ChatAddressBook(), now, tz)
        detail = {"training_id": training.id, "audience": audience}
        await access.audit(session, None, CLI_CHANNEL, "training.create", detail)
        return training.id, queued

    training_id, queued = _run(ctx, action)
    click.echo(f"已添加培训 / added training #{training_id}; 邀请 / invitations queued: {queued}")


@training_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@click.pass_context
def list_(ctx: click.Context, as_json: bool) -> None:
    """List trainings: [{"id","title","starts_at","place","audience","cancelled","invited","going","declined","attended"}]."""
    rows = _run(ctx, training_rows)
    if as_json:
        echo_json(rows)
        return
    tz = _alerts(ctx).timezone
    for row in rows:
        when = local(datetime.fromisoformat(row["starts_at"].removesuffix("Z")), tz)
        click.echo(
            f"#{row['id']:<4} {when}  {row['title']}  @{row['place'] or '-'}  [{row['audience']}]  "
            f"邀请 {row['invited']} 参加 {row['going']} 不参加 {row['declined']} 出席 {row['attended']}"
        )


def _percent(value: float | None) -> str:
    """A fraction as a percentage ('-' when unknown)."""
    return "-" if value is None else f"{value * 100:.1f}%"


@click.command("awareness")
@click.option("--json", "as_json", is_flag=True, help="print JSON")
@click.option("--xlsx", "xlsx", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.pass_context
def report_awareness_command(ctx: click.Context, as_json: bool, xlsx: Path | None) -> None:
    """知晓率 / awareness rate: staff who passed the quiz / staff, per department and overall."""
    if xlsx is not None:
        report = _run(ctx, lambda s: write_awareness_xlsx(s, xlsx))
    else:
        report = _run(ctx, awareness_report)
    if as_json:
        echo_json(report)
        return
    if xlsx is not None:
        click.echo(f"已写入 / written: {xlsx}", err=True)
    click.echo(
        f"知晓率 / awareness rate: {_percent(report['awareness_rate'])} "
        f"({report['passed']}/{report['staff']})"
    )
    for dept in report["departments"]:
        click.echo(
            f"  {dept['name']}: {_percent(dept['awareness_rate'])} ({dept['passed']}/{dept['staff']})"
        )
