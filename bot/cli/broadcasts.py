"""`zhengban broadcast`: queue a policy notice for the running bot's delivery worker to send."""

from __future__ import annotations

import click

from bot import access
from bot.cli.base import echo_json, fail, run_async, with_database
from bot.database import Database
from inventory.models import utcnow
from reminders import broadcasts
from reminders.broadcasts import AudienceError


@click.command("broadcast")
@click.option("--audience", default="all", show_default=True, help="all | role:R | department:D")
@click.option("--text", required=True, help="the notice (Markdown subset)")
@click.option("--yes", is_flag=True, help="send without the preview question")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def broadcast_command(
    ctx: click.Context, audience: str, text: str, yes: bool, as_json: bool
) -> None:
    """Send a notice to an audience; the running bot delivers it (paced, resumable, no doubles)."""
    text = text.strip()
    if not text or len(text) > 3500:
        fail("通知内容不能为空且不超过3500字 / text must be 1-3500 characters")

    async def count(db: Database) -> int:
        async with db.session() as session:
            return len(await broadcasts.resolve_audience(session, audience))

    try:
        recipients = run_async(with_database(ctx, count))
    except AudienceError as exc:
        fail(str(exc))
    if recipients == 0:
        fail(f"受众 {audience} 没有任何人 / nobody is in audience {audience}")
    if not yes:
        click.echo(f"预览 / preview（{recipients} 人）：\n{text}")
        if not click.confirm("发送？/ send?", default=False):
            fail("已取消 / cancelled")

    async def send(db: Database) -> dict[str, int | None]:
        async with db.session() as session:
            draft = await broadcasts.create_draft(
                session, author_id=None, text=text, audience=audience
            )
            assert draft.id is not None
            rows = await broadcasts.confirm(session, draft.id, access.ChatAddressBook(), utcnow())
            await access.audit(
                session,
                None,
                "cli",
                "broadcast.send",
                {"broadcast_id": draft.id, "audience": audience, "rows": rows},
            )
            return {"broadcast_id": draft.id, "recipients": recipients, "queued": rows}

    result = run_async(with_database(ctx, send))
    if as_json:
        echo_json(result)
        return
    click.echo(
        f"通知 #{result['broadcast_id']} 已排队：{result['recipients']} 人、{result['queued']} 条消息，"
        "由运行中的机器人发送 / queued for the running bot"
    )
