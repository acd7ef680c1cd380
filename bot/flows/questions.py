"""Free text goes to the knowledge base: answer, did-you-mean, or an honest 'I don't know'."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from bot.flows.registry import FlowContext, FlowRegistry, Replies
from inventory.models import Role
from knowledge import store
from knowledge.models import QuestionLog
from knowledge.render import source_line
from reminders.messages import Button, Message, escape_markdown
from tickets import TicketError, open_consultation

PUBLIC = frozenset({"public"})
ALL_AUDIENCES = frozenset({"public", "staff", "technician", "admin"})
HUMAN_ZH, HUMAN_EN = "🙋 转人工咨询", "🙋 Ask a human"


def audience_for(ctx: FlowContext) -> frozenset[str]:
    """Visitors see public articles only; linked people see everything meant for staff."""
    return PUBLIC if ctx.person is None else ALL_AUDIENCES


def human_button(ctx: FlowContext, log_id: int | None) -> Button:
    """The 'ask a human' button for a logged question."""
    return Button(HUMAN_EN if ctx.lang == "en" else HUMAN_ZH, f"kbh:{log_id}")


ARTICLE_LINK = re.compile(r"\[([^\]]+)\]\(([a-z0-9][a-z0-9-]*)\.md\)")
MAX_RELATED = 3


def related_articles(ctx: FlowContext, body: str) -> tuple[str, list[Any]]:
    """Turn links to other articles into plain text and return those articles (for buttons)."""
    linked: list[Any] = []

    def keep_label(match: re.Match[str]) -> str:
        other = ctx.services.knowledge.get(match.group(2))
        if other is not None and other.audience in audience_for(ctx) and other not in linked:
            linked.append(other)
        return f"“{match.group(1)}”"

    return ARTICLE_LINK.sub(keep_label, body), linked[:MAX_RELATED]


def article_message(ctx: FlowContext, article: Any, log_id: int | None = None) -> Message:
    """An article rendered as a reply with its source line, related articles and feedback buttons."""
    body, related = related_articles(ctx, article.body.strip())
    source = escape_markdown(source_line(article))
    text = f"**{escape_markdown(article.title)}**\n\n{body}\n\n_{source}_"
    ref = f"{article.id}:{log_id or 0}"
    rows: list[tuple[Button, ...]] = [
        (Button("相关：" + other.title[:40], f"kba:{other.id}"),) for other in related
    ]
    rows.append((Button("👍 有用", f"kbv:{ref}:1"), Button("👎 没用", f"kbv:{ref}:-1")))
    return Message(text, buttons=tuple(rows))


async def _log(ctx: FlowContext, text: str, answer: Any) -> int | None:
    """Log the question and the answerer's decision for the knowledge-gaps report."""
    row = await store.log_question(
        ctx.session,
        text,
        answer.kind,
        answer.article.id if answer.article else None,
        answer.score,
        ctx.person.id if ctx.person else None,
        answer.in_domain,
        ctx.services.now(),
    )
    return row.id


async def ask(ctx: FlowContext, text: str, _payload: dict[str, Any]) -> Replies:
    """Answer a free-text question from the knowledge base."""
    if ctx.person is None and not ctx.services.settings.public_knowledge:
        return [Message(ctx.t("public_off"))]
    answer = ctx.services.knowledge.answer(text, audience=audience_for(ctx))
    log_id = await _log(ctx, text, answer)
    if answer.kind == "answered" and answer.article is not None:
        return [article_message(ctx, answer.article, log_id)]
    if answer.kind == "suggest" and answer.suggestions:
        rows = [(Button(a.title[:60], f"kba:{a.id}"),) for a in answer.suggestions]
        rows.append((human_button(ctx, log_id),))
        return [Message(escape_markdown(answer.message or "您是不是想问："), buttons=tuple(rows))]
    message = escape_markdown(answer.message or ctx.t("empty"))
    if answer.kind == "unknown":
        return [Message(message, buttons=((human_button(ctx, log_id),),))]
    return [Message(message)]


def register(registry: FlowRegistry) -> None:
    """Register the question fallback, its buttons and the knowledge admin commands."""
    registry.fallback = ask

    @registry.button("kba", role=None)
    async def show_article(ctx: FlowContext, args: list[str]) -> Replies:
        """Show the article picked from 'did you mean'."""
        article = ctx.services.knowledge.get(args[0]) if args else None
        if article is None or article.audience not in audience_for(ctx):
            return [Message(ctx.t("expired_button"))]
        return [article_message(ctx, article)]

    @registry.button("kbv", role=None)
    async def vote(ctx: FlowContext, args: list[str]) -> Replies:
        """Store a 👍/👎 vote; a 👎 offers a human."""
        if len(args) != 3 or args[2] not in ("1", "-1") or not args[1].isdigit():
            return [Message(ctx.t("expired_button"))]
        article_id, log_id, value = args[0], int(args[1]), int(args[2])
        logged = await ctx.session.get(QuestionLog, log_id) if log_id else None
        await store.record_vote(
            ctx.session,
            article_id,
            value,
            logged.raw if logged else "",
            ctx.person.id if ctx.person else None,
            ctx.services.now(),
        )
        if value > 0:
            return [Message(ctx.t("kb_thanks"))]
        return [Message(ctx.t("kb_sorry"), buttons=((human_button(ctx, log_id or None),),))]

    @registry.button("kbh", role=Role.staff)
    async def human(ctx: FlowContext, args: list[str]) -> Replies:
        """Open a consultation ticket for the logged question."""
        logged = (
            await ctx.session.get(QuestionLog, int(args[0])) if args and args[0].isdigit() else None
        )
        if logged is None or ctx.person is None or ctx.person.id is None:
            await ctx.expect("kb_human_question")
            return [Message(ctx.t("kb_type_question"))]
        return await _open(ctx, logged.raw)

    @registry.input("kb_human_question", role=Role.staff)
    async def typed_question(ctx: FlowContext, text: str, _payload: dict[str, Any]) -> Replies:
        """Open a consultation ticket for a question typed after pressing 'ask a human'."""
        return await _open(ctx, text)

    _register_admin(registry)


async def _open(ctx: FlowContext, question: str) -> Replies:
    """Open the consultation ticket and tell the asker its number."""
    assert ctx.person is not None and ctx.person.id is not None
    try:
        ticket = await open_consultation(ctx.session, ctx.person.id, question, ctx.services.now())
    except TicketError as exc:
        return [Message(escape_markdown(str(exc)))]
    return [Message(ctx.t("kb_ticket_opened", id=ticket.id))]


def _register_admin(registry: FlowRegistry) -> None:
    """Admins reload articles, pin phrasings and read the knowledge gaps."""

    @registry.command(
        "kbreload",
        role=Role.admin,
        help_zh="重新加载知识库文章（无需重启）",
        help_en="reload knowledge articles without a restart",
    )
    async def reload(ctx: FlowContext, args: str) -> Replies:
        """Reload every article; a broken article keeps the old knowledge base."""
        try:
            count = await asyncio.to_thread(ctx.services.knowledge.reload)
        except ValueError as exc:
            return [Message(ctx.t("kb_reload_failed", error=escape_markdown(str(exc))))]
        await ctx.audit("kb.reload", {"articles": count})
        return [Message(ctx.t("kb_reloaded", count=count))]

    @registry.command(
        "kbpin",
        role=Role.admin,
        help_zh="固定问法：/kbpin 文章ID 问法",
        help_en="pin a phrasing: /kbpin ARTICLE-ID phrasing",
    )
    async def pin(ctx: FlowContext, args: str) -> Replies:
        """Pin an exact phrasing to an article (curated override)."""
        article_id, _, phrasing = args.strip().partition(" ")
        if not phrasing.strip() or ctx.services.knowledge.get(article_id) is None:
            return [Message(ctx.t("kb_pin_usage"))]
        await store.pin(
            ctx.session, phrasing.strip(), article_id, ctx.person.id if ctx.person else None
        )
        pins = await store.list_pins(ctx.session)
        ctx.services.knowledge.set_pins({p.phrasing: p.article_id for p in pins})
        await ctx.audit("kb.pin", {"article_id": article_id, "phrasing": phrasing.strip()})
        return [Message(ctx.t("kb_pinned", article=escape_markdown(article_id)))]

    @registry.command(
        "kbgaps",
        role=Role.admin,
        help_zh="知识库缺口（未答好的问题）",
        help_en="knowledge gaps (questions not answered well)",
    )
    async def gaps(ctx: FlowContext, args: str) -> Replies:
        """List the most frequent unanswered or 👎 questions."""
        rows = await store.gaps(ctx.session, 15)
        if not rows:
            return [Message(ctx.t("kb_no_gaps"))]
        lines = [f"{g.count}× {escape_markdown(g.question)} ({g.kind})" for g in rows]
        return [Message("\n".join([ctx.t("kb_gaps_header"), *lines]))]
