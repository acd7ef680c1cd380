"""Training chat: admins /training (create in a short dialog, list, RSVPs, attendance); staff /trainings."""

from __future__ import annotations

from bot.flows.registry import FlowContext, FlowRegistry, Replies
from bot.flows.training_dialog import alert_settings, ask_title, register_dialog, say
from inventory.models import Role
from reminders.alerts import local
from reminders.broadcasts import AudienceError, resolve_audience
from reminders.messages import Button, Message, buttons_row, escape_markdown
from reminders.models import Training, TrainingRsvp
from reminders.trainings import (
    TrainingError,
    mark_attendance,
    rsvp,
    rsvp_buttons,
    rsvps,
    training_text,
    upcoming,
)

ANSWER_ZH = {True: "参加", False: "不参加", None: "未回复"}


def _menu() -> Message:
    """The admin's training menu."""
    return Message(
        "培训管理 / trainings",
        buttons=(buttons_row(("➕ 新建 / new", "trn:new"), ("📋 列表 / list", "trn:list")),),
    )


async def _admin_list(ctx: FlowContext) -> Replies:
    """Upcoming trainings with their RSVP counts and admin buttons."""
    tz = alert_settings(ctx).timezone
    trainings = await upcoming(ctx.session, ctx.services.now())
    if not trainings:
        return [Message(say(ctx, "没有即将举行的培训。", "No upcoming trainings."))]
    replies = []
    for training in trainings:
        assert training.id is not None
        people = await rsvps(ctx.session, training.id)
        going = sum(1 for p in people if p["going"] is True)
        counts = (
            f"邀请 {len(people)} 人，参加 {going} 人 / invited {len(people)}, attending {going}"
        )
        replies.append(
            Message(
                f"\\#{training.id} {training_text(training, tz)}\n{counts}",
                buttons=(
                    buttons_row(
                        ("名单 / RSVPs", f"trl:{training.id}"),
                        ("签到 / attendance", f"tra:{training.id}"),
                    ),
                ),
            )
        )
    return replies


async def _roster(ctx: FlowContext, training_id: int) -> Replies:
    """The invitees of a training with their answers and attendance."""
    people = await rsvps(ctx.session, training_id)
    if not people:
        return [Message(say(ctx, "还没有邀请任何人。", "Nobody invited yet."))]
    lines = [f"**培训 \\#{training_id} 名单 / RSVPs**"]
    for p in people:
        came = {True: "，已到", False: "，缺席", None: ""}[p["attended"]]
        lines.append(f"• {escape_markdown(p['name'])}：{ANSWER_ZH[p['going']]}{came}")
    return [Message("\n".join(lines))]


async def _attendance(ctx: FlowContext, training_id: int) -> Replies:
    """One button per invitee to mark them present (✅) or absent."""
    people = await rsvps(ctx.session, training_id)
    rows = tuple(
        (
            Button(
                f"{'✅' if p['attended'] else '⬜'} {p['name'][:20]}",
                f"tam:{training_id}:{p['person_id']}:{0 if p['attended'] else 1}",
            ),
        )
        for p in people
    )
    text = say(ctx, f"培训 #{training_id} 签到：点姓名切换", f"Attendance of #{training_id}:")
    return [Message(escape_markdown(text), buttons=rows)]


def _int_args(args: list[str], count: int) -> list[int] | None:
    """The first ``count`` button arguments as integers, or None."""
    if len(args) < count or not all(a.isdigit() for a in args[:count]):
        return None
    return [int(a) for a in args[:count]]


def register(registry: FlowRegistry) -> None:
    """Register the training commands, buttons and dialog steps."""
    _register_admin(registry)
    register_dialog(registry)
    _register_staff(registry)


def _register_admin(registry: FlowRegistry) -> None:
    """Admin commands and buttons: menu, list, RSVPs and attendance."""

    @registry.command(
        "training",
        role=Role.admin,
        help_zh="培训管理：新建、列表、签到",
        help_en="trainings: create, list, attendance",
    )
    async def training(ctx: FlowContext, args: str) -> Replies:
        """/training [new|list]."""
        which = args.strip().lower()
        if which == "new":
            return await ask_title(ctx)
        if which == "list":
            return await _admin_list(ctx)
        return [_menu()]

    @registry.button("trn", role=Role.admin)
    async def menu(ctx: FlowContext, args: list[str]) -> Replies:
        """The menu's new / list buttons."""
        return await (ask_title(ctx) if args[:1] == ["new"] else _admin_list(ctx))

    @registry.button("trl", role=Role.admin)
    async def roster(ctx: FlowContext, args: list[str]) -> Replies:
        """Show the RSVPs of a training."""
        ids = _int_args(args, 1)
        return await _roster(ctx, ids[0]) if ids else [Message(ctx.t("expired_button"))]

    @registry.button("tra", role=Role.admin)
    async def attendance(ctx: FlowContext, args: list[str]) -> Replies:
        """Show the attendance buttons of a training."""
        ids = _int_args(args, 1)
        return await _attendance(ctx, ids[0]) if ids else [Message(ctx.t("expired_button"))]

    @registry.button("tam", role=Role.admin)
    async def mark(ctx: FlowContext, args: list[str]) -> Replies:
        """Mark one invitee present or absent."""
        ids = _int_args(args, 3)
        if ids is None:
            return [Message(ctx.t("expired_button"))]
        training_id, person_id, attended = ids
        try:
            await mark_attendance(
                ctx.session, training_id, person_id, bool(attended), ctx.services.now()
            )
        except TrainingError as exc:
            return [Message(escape_markdown(str(exc)))]
        detail = {"training_id": training_id, "person_id": person_id, "attended": bool(attended)}
        await ctx.audit("training.attendance", detail)
        return await _attendance(ctx, training_id)


async def _in_audience(ctx: FlowContext, training: Training) -> bool:
    """Whether this user belongs to the training's audience."""
    assert ctx.person is not None
    try:
        return ctx.person.id in await resolve_audience(ctx.session, training.audience)
    except AudienceError:
        return False


def _register_staff(registry: FlowRegistry) -> None:
    """Everyone: upcoming trainings with RSVP buttons."""

    @registry.command(
        "trainings",
        role=Role.staff,
        help_zh="即将举行的培训与报名",
        help_en="upcoming trainings and RSVP",
    )
    async def trainings(ctx: FlowContext, args: str) -> Replies:
        """Upcoming trainings, each with 参加 / 不参加 buttons."""
        assert ctx.person is not None
        tz = alert_settings(ctx).timezone
        found = await upcoming(ctx.session, ctx.services.now())
        if not found:
            return [Message(say(ctx, "近期没有培训。", "No upcoming trainings."))]
        replies = []
        for training in found:
            row = await ctx.session.get(TrainingRsvp, (training.id, ctx.person.id))
            if row is None and not await _in_audience(ctx, training):
                continue
            mine = ANSWER_ZH[row.going if row else None]
            replies.append(
                Message(
                    f"{training_text(training, tz)}\n我的回复 / my answer: {mine}",
                    buttons=rsvp_buttons(training.id),
                )
            )
        return replies or [Message(say(ctx, "近期没有培训。", "No upcoming trainings."))]

    @registry.button("trr", role=Role.staff)
    async def answer(ctx: FlowContext, args: list[str]) -> Replies:
        """Record 参加 (y) or 不参加 (n)."""
        ids = _int_args(args, 1)
        if (
            ids is None
            or args[1:2] not in (["y"], ["n"])
            or ctx.person is None
            or ctx.person.id is None
        ):
            return [Message(ctx.t("expired_button"))]
        going = args[1] == "y"
        try:
            await rsvp(ctx.session, ids[0], ctx.person.id, going, ctx.services.now())
        except TrainingError as exc:
            return [Message(escape_markdown(str(exc)))]
        training = await ctx.session.get(Training, ids[0])
        assert training is not None
        when = local(training.starts_at, alert_settings(ctx).timezone)
        return [
            Message(
                f"已登记 / noted: {ANSWER_ZH[going]} — {escape_markdown(training.title)}（{when}）"
            )
        ]
