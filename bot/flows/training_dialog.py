"""The training creation dialog: title -> time -> place -> audience -> confirm (admins only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.access import ChatAddressBook
from bot.flows.registry import FlowContext, FlowRegistry, Replies
from bot.models import ChatState
from inventory.models import Role
from reminders.alert_settings import AlertSettings
from reminders.broadcasts import AudienceError, resolve_audience
from reminders.messages import Message, buttons_row, escape_markdown
from reminders.models import Training
from reminders.trainings import TrainingError, create_training, invite, parse_when, training_text

CONFIRM = "tr_confirm"


def alert_settings(ctx: FlowContext) -> AlertSettings:
    """The alerts section of the settings (time zone, reminders, quiz)."""
    return AlertSettings(**ctx.services.settings.section("alerts"))


def say(ctx: FlowContext, zh: str, en: str) -> str:
    """Chinese first: the Chinese text, with the English one for English users."""
    return en if ctx.lang == "en" else zh


async def ask_title(ctx: FlowContext) -> Replies:
    """Start the creation dialog."""
    await ctx.expect("tr_title")
    return [Message(say(ctx, "请输入培训标题：", "Training title:"))]


async def _pending(ctx: FlowContext, kind: str) -> dict[str, Any] | None:
    """The payload of this user's pending dialog step ``kind``, if that is the step."""
    assert ctx.identity.id is not None
    state = await ctx.session.get(ChatState, ctx.identity.id)
    return dict(state.payload) if state is not None and state.expects == kind else None


def _summary(ctx: FlowContext, draft: dict[str, Any]) -> Message:
    """The draft shown for confirmation."""
    training = Training(
        title=draft["title"], starts_at=datetime.fromisoformat(draft["at"]), place=draft["place"]
    )
    text = (
        f"{training_text(training, alert_settings(ctx).timezone)}\n"
        f"对象 / audience: {escape_markdown(draft['audience'])}，共 {draft['count']} 人\n"
        + say(ctx, "确认创建并发出邀请？", "Create it and send the invitations?")
    )
    return Message(
        text, buttons=(buttons_row(("✅ 确认 / confirm", "trc:ok"), ("取消 / cancel", "trc:no")),)
    )


def register_dialog(registry: FlowRegistry) -> None:
    """The creation dialog: title -> time -> place -> audience -> confirm."""

    @registry.input("tr_title", role=Role.admin)
    async def title(ctx: FlowContext, text: str, payload: dict[str, Any]) -> Replies:
        """Keep the title, ask for the time."""
        if not text.strip() or len(text) > 200:
            return await ask_title(ctx)
        await ctx.expect("tr_time", {"title": text.strip()})
        return [
            Message(
                say(
                    ctx,
                    "请输入时间，如 2026-12-01 14:30 或 12月1日 14:30：",
                    "When? e.g. 2026-12-01 14:30",
                )
            )
        ]

    @registry.input("tr_time", role=Role.admin)
    async def when(ctx: FlowContext, text: str, payload: dict[str, Any]) -> Replies:
        """Parse the time, ask for the place (or the time again)."""
        try:
            at = parse_when(text, ctx.services.now(), alert_settings(ctx).timezone)
        except TrainingError as exc:
            await ctx.expect("tr_time", payload)
            return [Message(escape_markdown(str(exc)))]
        await ctx.expect("tr_place", {**payload, "at": at.isoformat()})
        return [
            Message(
                say(
                    ctx,
                    "请输入地点或会议链接（发送 - 表示待定）：",
                    "Place or meeting link (- for later):",
                )
            )
        ]

    @registry.input("tr_place", role=Role.admin)
    async def place(ctx: FlowContext, text: str, payload: dict[str, Any]) -> Replies:
        """Keep the place, ask for the audience."""
        await ctx.expect(
            "tr_audience", {**payload, "place": None if text.strip() == "-" else text.strip()[:500]}
        )
        hint = "请输入对象：all（全体）、role:staff|technician|admin 或 department:科室名"
        return [Message(escape_markdown(say(ctx, hint, "Audience: all, role:R or department:D")))]

    @registry.input("tr_audience", role=Role.admin)
    async def audience(ctx: FlowContext, text: str, payload: dict[str, Any]) -> Replies:
        """Check the audience and show the draft for confirmation."""
        try:
            people = await resolve_audience(ctx.session, text.strip())
        except AudienceError as exc:
            await ctx.expect("tr_audience", payload)
            return [Message(escape_markdown(str(exc)))]
        draft = {**payload, "audience": text.strip(), "count": len(people)}
        await ctx.expect(CONFIRM, draft)
        return [_summary(ctx, draft)]

    @registry.input(CONFIRM, role=Role.admin)
    async def typed(ctx: FlowContext, text: str, payload: dict[str, Any]) -> Replies:
        """Any text instead of a button: keep the draft and show it again."""
        await ctx.expect(CONFIRM, payload)
        return [_summary(ctx, payload)]

    @registry.button("trc", role=Role.admin)
    async def confirm(ctx: FlowContext, args: list[str]) -> Replies:
        """Create the training and invite its audience, or drop the draft."""
        draft = await _pending(ctx, CONFIRM)
        await ctx.clear_expectation()
        if draft is None:
            return [Message(ctx.t("expired_button"))]
        if args[:1] != ["ok"]:
            return [Message(say(ctx, "已取消。", "Cancelled."))]
        return await _create(ctx, draft)


async def _create(ctx: FlowContext, draft: dict[str, Any]) -> Replies:
    """Save the training from the draft, queue the invitations and audit it."""
    assert ctx.person is not None
    now = ctx.services.now()
    try:
        training = await create_training(
            ctx.session,
            title=draft["title"],
            starts_at=datetime.fromisoformat(draft["at"]),
            place=draft.get("place"),
            audience=draft["audience"],
            created_by=ctx.person.id,
            now=now,
        )
        assert training.id is not None
        queued = await invite(
            ctx.session, training.id, ChatAddressBook(), now, alert_settings(ctx).timezone
        )
    except (TrainingError, AudienceError) as exc:
        return [Message(escape_markdown(str(exc)))]
    await ctx.audit("training.create", {"training_id": training.id, "audience": training.audience})
    return [
        Message(
            say(
                ctx,
                f"✅ 已创建培训 \\#{training.id}，已发出 {queued} 条邀请。",
                f"✅ Training \\#{training.id} created; {queued} invitations queued.",
            )
        )
    ]
