"""Free text goes to the knowledge base: answer, did-you-mean, or an honest 'I don't know'."""

from __future__ import annotations

from typing import Any

from bot.flows.registry import FlowContext, FlowRegistry, Replies
from knowledge.render import source_line
from reminders.messages import Button, Message, escape_markdown

PUBLIC = frozenset({"public"})
ALL_AUDIENCES = frozenset({"public", "staff", "technician", "admin"})


def audience_for(ctx: FlowContext) -> frozenset[str]:
    """Visitors see public articles only; linked people see everything meant for staff."""
    return PUBLIC if ctx.person is None else ALL_AUDIENCES


def article_message(ctx: FlowContext, article: Any, lead: str = "") -> Message:
    """An article rendered as a reply with its source line and feedback buttons."""
    body = article.body.strip()
    text = f"{lead}**{escape_markdown(article.title)}**\n\n{body}\n\n_{escape_markdown(source_line(article))}_"
    votes = (Button("👍 有用", f"kbv:{article.id}:1"), Button("👎 没用", f"kbv:{article.id}:-1"))
    return Message(text, buttons=(votes,))


def register(registry: FlowRegistry) -> None:
    """Register the question fallback and the did-you-mean buttons."""

    async def ask(ctx: FlowContext, text: str, _payload: dict[str, Any]) -> Replies:
        """Answer a free-text question from the knowledge base."""
        if ctx.person is None and not ctx.services.settings.public_knowledge:
            return [Message(ctx.t("public_off"))]
        kb = ctx.services.knowledge
        answer = kb.answer(text, audience=audience_for(ctx))
        if answer.kind == "answered" and answer.article is not None:
            return [article_message(ctx, answer.article)]
        if answer.kind == "suggest" and answer.suggestions:
            rows = tuple((Button(a.title[:60], f"kba:{a.id}"),) for a in answer.suggestions)
            return [Message(escape_markdown(answer.message or "您是不是想问："), buttons=rows)]
        return [Message(escape_markdown(answer.message or ctx.t("empty")))]

    registry.fallback = ask

    @registry.button("kba", role=None)
    async def show_article(ctx: FlowContext, args: list[str]) -> Replies:
        """Show the article picked from 'did you mean'."""
        article = ctx.services.knowledge.get(args[0]) if args else None
        if article is None or article.audience not in audience_for(ctx):
            return [Message(ctx.t("expired_button"))]
        return [article_message(ctx, article)]
