"""Quiz and digest chat: /quiz one question at a time with A-D buttons; /mute and /unmute digests."""

from __future__ import annotations

from bot.flows.registry import FlowContext, FlowRegistry, Replies
from bot.flows.training_dialog import alert_settings, say
from inventory.models import Role
from reminders.messages import Button, Message
from reminders.models import QuizAttempt
from reminders.quiet import set_mute_digest
from reminders.quiz import AnswerResult, QuizError, answer, question_message, start_attempt


def feedback(ctx: FlowContext, result: AnswerResult) -> Message:
    """Right or wrong, with the knowledge article the question comes from."""
    if result.correct:
        return Message(say(ctx, "✅ 回答正确！", "✅ Correct!"))
    return Message(
        say(ctx, f"❌ 正确答案是 {result.right}。", f"❌ The answer is {result.right}."),
        buttons=((Button("看看这篇 / read why", f"kba:{result.article}"),),),
    )


def final(ctx: FlowContext, result: AnswerResult) -> Message:
    """The score at the end, against the pass mark."""
    mark = round(alert_settings(ctx).quiz_pass_mark * 100)
    verdict = (
        say(ctx, "🎉 通过", "🎉 passed") if result.passed else say(ctx, "未通过", "not passed")
    )
    return Message(
        f"得分 / score: {result.score}/{result.total}，{verdict}（及格线 / pass mark {mark}%）\n"
        + say(ctx, "发送 /quiz 可以再测一次。", "Send /quiz to try again.")
    )


def register(registry: FlowRegistry) -> None:
    """Register /quiz, its answer buttons, /mute and /unmute."""

    @registry.command(
        "quiz", role=Role.staff, help_zh="正版化知识测验", help_en="software legalization quiz"
    )
    async def quiz(ctx: FlowContext, args: str) -> Replies:
        """Start a quiz of N random questions."""
        assert ctx.person is not None and ctx.person.id is not None
        settings = alert_settings(ctx)
        attempt = await start_attempt(
            ctx.session, ctx.person.id, ctx.services.now(), settings.quiz_size
        )
        intro = say(
            ctx,
            f"📝 正版化知识测验：共 {len(attempt.question_ids)} 题，点按钮作答。",
            f"📝 Quiz: {len(attempt.question_ids)} questions; tap a button to answer.",
        )
        return [Message(intro), question_message(attempt)]

    @registry.button("qz", role=Role.staff)
    async def answer_button(ctx: FlowContext, args: list[str]) -> Replies:
        """Record an answer (qz:<attempt>:<index>:<letter>) and show the next question or score."""
        if len(args) < 3 or not (args[0].isdigit() and args[1].isdigit()) or ctx.person is None:
            return [Message(ctx.t("expired_button"))]
        assert ctx.person.id is not None
        settings = alert_settings(ctx)
        try:
            result = await answer(
                ctx.session,
                int(args[0]),
                ctx.person.id,
                int(args[1]),
                args[2],
                ctx.services.now(),
                settings.quiz_pass_mark,
            )
        except QuizError:
            return [Message(ctx.t("expired_button"))]
        if result.finished:
            return [feedback(ctx, result), final(ctx, result)]
        attempt = await ctx.session.get(QuizAttempt, int(args[0]))
        assert attempt is not None
        return [feedback(ctx, result), question_message(attempt)]

    @registry.command(
        "mute", role=Role.staff, help_zh="关闭每日工单摘要", help_en="stop the daily digest"
    )
    async def mute(ctx: FlowContext, args: str) -> Replies:
        """Mute the daily digest."""
        assert ctx.person is not None and ctx.person.id is not None
        await set_mute_digest(ctx.session, ctx.person.id, True)
        return [
            Message(
                say(ctx, "🔕 已关闭每日摘要，/unmute 可恢复。", "🔕 Digest muted; /unmute to undo.")
            )
        ]

    @registry.command(
        "unmute", role=Role.staff, help_zh="恢复每日工单摘要", help_en="resume the daily digest"
    )
    async def unmute(ctx: FlowContext, args: str) -> Replies:
        """Resume the daily digest."""
        assert ctx.person is not None and ctx.person.id is not None
        await set_mute_digest(ctx.session, ctx.person.id, False)
        return [Message(say(ctx, "🔔 已恢复每日摘要。", "🔔 Digest resumed."))]
