"""Broadcast chat: admins draft, preview, confirm and follow a broadcast; recipients press 已读."""

from __future__ import annotations

from typing import Any

from bot.access import ChatAddressBook
from bot.flows.registry import FlowContext, FlowRegistry, Replies
from inventory.models import Role
from reminders.broadcasts import (
    AudienceError,
    acknowledge,
    confirm,
    create_draft,
    progress,
    resolve_audience,
    unread,
)
from reminders.messages import Message, buttons_row, escape_markdown
from reminders.models import Broadcast, BroadcastStatus

MAX_TEXT = 3500
UNREAD_SHOWN = 50


def _say(ctx: FlowContext, zh: str, en: str) -> str:
    """Pick the user's language (escaped for the Markdown subset)."""
    return escape_markdown(en if ctx.lang == "en" else zh)


def _id_arg(args: list[str]) -> int | None:
    """The broadcast id from a button's arguments."""
    return int(args[0]) if args and args[0].isdigit() else None


async def _ask_text(ctx: FlowContext, audience: str) -> Replies:
    """Check the audience, then wait for the broadcast text."""
    try:
        people = await resolve_audience(ctx.session, audience)
    except AudienceError as exc:
        return [Message(escape_markdown(str(exc)))]
    await ctx.expect("bc_text", {"audience": audience})
    return [
        Message(
            _say(
                ctx,
                f"请发送通知内容（对象 {audience}，共 {len(people)} 人）；发送 /cancel 放弃。",
                f"Send the announcement text (audience {audience}, {len(people)} people); /cancel to stop.",
            )
        )
    ]


async def _preview(ctx: FlowContext, text: str, payload: dict[str, Any]) -> Replies:
    """Save the draft and show it as recipients will see it, with confirm / cancel buttons."""
    if not text.strip() or len(text) > MAX_TEXT:
        return [
            Message(
                _say(
                    ctx, f"内容为空或超过 {MAX_TEXT} 字。", f"Empty or over {MAX_TEXT} characters."
                )
            )
        ]
    audience = str(payload.get("audience", "all"))
    author = ctx.person.id if ctx.person else None
    try:
        draft = await create_draft(ctx.session, author_id=author, text=text, audience=audience)
        people = await resolve_audience(ctx.session, audience)
    except AudienceError as exc:
        return [Message(escape_markdown(str(exc)))]
    await ctx.audit("broadcast.draft", {"broadcast_id": draft.id, "audience": audience})
    question = _say(
        ctx, f"预览如上。发送给 {len(people)} 人？", f"Preview above. Send to {len(people)} people?"
    )
    return [
        Message(text),
        Message(
            question,
            buttons=(
                buttons_row(
                    ("✅ 确认发送 / send", f"bcc:{draft.id}"),
                    ("✖ 取消 / cancel", f"bcx:{draft.id}"),
                ),
            ),
        ),
    ]


async def _send(ctx: FlowContext, broadcast_id: int) -> Replies:
    """Confirm a draft: one outbox row per recipient (a second press adds nothing)."""
    draft = await ctx.session.get(Broadcast, broadcast_id)
    if draft is None:
        return [Message(ctx.t("expired_button"))]
    added = await confirm(ctx.session, broadcast_id, ChatAddressBook(), ctx.services.now())
    await ctx.audit("broadcast.confirm", {"broadcast_id": broadcast_id, "rows": added})
    worker = ctx.services.extras.get("worker")
    if worker is not None:
        worker.wake()
    return [
        Message(
            _say(
                ctx,
                f"已排队 {added} 条消息，正在按频率限制发送。",
                f"Queued {added} messages; sending at the channel's pace.",
            ),
            buttons=(buttons_row(("📊 进度 / progress", f"bcp:{broadcast_id}")),),
        )
    ]


async def _report(ctx: FlowContext, broadcast_id: int) -> Replies:
    """Delivered / failed / blocked / pending counts and how many have not pressed 已读."""
    report = await progress(ctx.session, broadcast_id)
    not_read = await unread(ctx.session, broadcast_id)
    text = _say(
        ctx,
        f"通知 #{broadcast_id}：已送达 {report.delivered}，失败 {report.failed}，"
        f"已屏蔽 {report.blocked}，待发送 {report.pending}；未读 {len(not_read)} 人。",
        f"Broadcast #{broadcast_id}: delivered {report.delivered}, failed {report.failed}, "
        f"blocked {report.blocked}, pending {report.pending}; unread {len(not_read)}.",
    )
    buttons = [("🔄 刷新 / refresh", f"bcp:{broadcast_id}")]
    if not_read:
        buttons.append(("👀 未读名单 / unread", f"bcu:{broadcast_id}"))
    return [Message(text, buttons=(buttons_row(*buttons),))]


def register(registry: FlowRegistry) -> None:
    """Register /broadcast, its dialog step and its buttons."""

    @registry.command(
        "broadcast",
        role=Role.admin,
        help_zh="群发通知：/broadcast [all|role:R|department:D]",
        help_en="announce: /broadcast [all|role:R|department:D]",
    )
    async def broadcast(ctx: FlowContext, args: str) -> Replies:
        """/broadcast [audience]: ask for the text."""
        return await _ask_text(ctx, args.strip() or "all")

    registry.input("bc_text", role=Role.admin)(_preview)

    @registry.button("bcc", role=Role.admin)
    async def send(ctx: FlowContext, args: list[str]) -> Replies:
        """Confirm and queue the broadcast."""
        broadcast_id = _id_arg(args)
        return (
            await _send(ctx, broadcast_id) if broadcast_id else [Message(ctx.t("expired_button"))]
        )

    @registry.button("bcx", role=Role.admin)
    async def drop(ctx: FlowContext, args: list[str]) -> Replies:
        """Throw a draft away (a confirmed broadcast is not touched)."""
        broadcast_id = _id_arg(args)
        draft = await ctx.session.get(Broadcast, broadcast_id) if broadcast_id else None
        if draft is not None and draft.status == BroadcastStatus.draft:
            await ctx.session.delete(draft)
            return [Message(_say(ctx, "已取消，未发送。", "Cancelled; nothing was sent."))]
        return [Message(ctx.t("expired_button"))]

    @registry.button("bcp", role=Role.admin)
    async def report(ctx: FlowContext, args: list[str]) -> Replies:
        """Show the delivery progress."""
        broadcast_id = _id_arg(args)
        return (
            await _report(ctx, broadcast_id) if broadcast_id else [Message(ctx.t("expired_button"))]
        )

    @registry.button("bcu", role=Role.admin)
    async def who(ctx: FlowContext, args: list[str]) -> Replies:
        """List recipients who have not pressed 已读."""
        broadcast_id = _id_arg(args)
        if broadcast_id is None:
            return [Message(ctx.t("expired_button"))]
        people = await unread(ctx.session, broadcast_id)
        names = "、".join(escape_markdown(p.name) for p in people[:UNREAD_SHOWN])
        more = f" …（+{len(people) - UNREAD_SHOWN}）" if len(people) > UNREAD_SHOWN else ""
        return [Message(_say(ctx, "未读：", "Unread: ") + (names or "-") + more)]

    @registry.button("bc", role=Role.staff)
    async def ack(ctx: FlowContext, args: list[str]) -> Replies:
        """A recipient pressed 已读 under a broadcast."""
        broadcast_id = _id_arg(args)
        if broadcast_id is None or ctx.person is None or ctx.person.id is None:
            return [Message(ctx.t("expired_button"))]
        if not await acknowledge(ctx.session, broadcast_id, ctx.person.id, ctx.services.now()):
            return [Message(ctx.t("expired_button"))]
        return [Message(_say(ctx, "已确认收到，谢谢。", "Marked as read, thank you."))]
