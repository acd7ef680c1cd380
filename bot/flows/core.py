"""The chat core: one incoming message or button press in, replies out, for every channel."""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

from bot import access
from bot.flows.registry import FlowContext, FlowRegistry, Replies, Route
from bot.i18n import t
from bot.models import ChatState
from bot.services import Services
from reminders.messages import Attachment, Message

_LOGGER = logging.getLogger(__name__)
MAX_BUTTON_DATA = 64


@dataclass(frozen=True)
class Incoming:
    """One thing a user did in a chat: sent text, pressed a button or sent a file."""

    channel: str
    external_id: str
    chat_address: str | None = None
    text: str | None = None
    button: str | None = None
    display_name: str | None = None
    attachment: Attachment | None = None


def clean_text(raw: str, limit: int) -> tuple[str, bool, bool]:
    """Strip control characters and cut to ``limit``; return (text, was_cut, looks_binary)."""
    if not raw:
        return "", False, False
    bad = sum(1 for ch in raw[:2000] if ch == "\ufffd" or (ch < " " and ch not in "\n\t\r"))
    looks_binary = bad > max(3, len(raw[:2000]) // 10)
    kept = "".join(ch for ch in raw if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()
    return kept[:limit], len(kept) > limit, looks_binary


def split_command(text: str) -> tuple[str, str] | None:
    """Split '/cmd@bot args' into ('cmd', 'args'), or None when ``text`` is no command."""
    if not text.startswith("/") or len(text) < 2:
        return None
    head, _, rest = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    if not name or not all(ch.isalnum() or ch == "_" for ch in name):
        return None
    return name, rest.strip()


class ChatCore:
    """Dispatches an Incoming to the registered flows inside one database transaction."""

    def __init__(self, services: Services, registry: FlowRegistry) -> None:
        self.services = services
        self.registry = registry

    async def handle(self, incoming: Incoming) -> Replies:
        """Handle one incoming event and return the replies; never raises for user input."""
        try:
            async with self.services.db.session() as session:
                identity = await access.identity_for(
                    session,
                    incoming.channel,
                    incoming.external_id,
                    chat_address=incoming.chat_address,
                    display_name=incoming.display_name,
                    now=self.services.now(),
                )
                person = await access.person_of(session, identity)
                lang = identity.language or (person.language if person else None)
                ctx = FlowContext(
                    session,
                    self.services,
                    identity,
                    person,
                    lang or self.services.settings.default_language,
                    incoming.channel,
                    incoming.attachment,
                )
                return await self._dispatch(ctx, incoming)
        except Exception:
            _LOGGER.exception("flow failed for %s:%s", incoming.channel, incoming.external_id)
            return [Message(t(self.services.settings.default_language, "error"))]

    async def _dispatch(self, ctx: FlowContext, incoming: Incoming) -> Replies:
        """Route to a button, a command, a pending dialog step or the free-text fallback."""
        if incoming.button is not None:
            return await self._button(ctx, incoming.button[:MAX_BUTTON_DATA])
        text, cut, binary = clean_text(
            incoming.text or "", self.services.settings.max_message_chars
        )
        if binary:
            return [Message(ctx.t("unreadable"))]
        if not text and ctx.attachment is None:
            return [Message(ctx.t("empty"))]
        if ctx.attachment is not None:
            return await self._upload(ctx, text)
        replies = await self._text(ctx, text)
        if cut:
            limit = self.services.settings.max_message_chars
            replies.insert(0, Message(ctx.t("truncated", limit=limit)))
        return replies

    async def _text(self, ctx: FlowContext, text: str) -> Replies:
        """Handle text: a command, else the pending dialog step, else the fallback."""
        parsed = split_command(text)
        if parsed is not None:
            await ctx.clear_expectation()
            return await self._command(ctx, *parsed)
        assert ctx.identity.id is not None
        state = await ctx.session.get(ChatState, ctx.identity.id)
        if state is not None and state.expects in self.registry.inputs:
            route = self.registry.inputs[state.expects]
            payload = dict(state.payload)
            await ctx.clear_expectation()
            if denied := self._deny(ctx, route, state.expects):
                return denied
            replies: Replies = await route.handler(ctx, text, payload)
            return replies
        if self.registry.fallback is None:
            return [Message(ctx.t("empty"))]
        return await self.registry.fallback(ctx, text, {})

    async def _upload(self, ctx: FlowContext, caption: str) -> Replies:
        """Hand a sent file (with its caption) to the upload handler, if the role allows."""
        route = self.registry.upload
        if route is None:
            return [Message(ctx.t("upload_unsupported"))]
        if denied := self._deny(ctx, route, "upload"):
            return denied
        replies: Replies = await route.handler(ctx, caption, {})
        return replies

    async def _command(self, ctx: FlowContext, name: str, args: str) -> Replies:
        """Run a slash command after checking the user's role."""
        command = self.registry.commands.get(name)
        if command is None:
            return [Message(ctx.t("unknown_command", command=name))]
        if denied := self._deny(ctx, Route(command.handler, command.role), name):
            return denied
        return await command.handler(ctx, args)

    async def _button(self, ctx: FlowContext, data: str) -> Replies:
        """Run the handler registered for the button's prefix after checking the role."""
        prefix, *args = data.split(":")
        route = self.registry.buttons.get(prefix)
        if route is None:
            return [Message(ctx.t("expired_button"))]
        if denied := self._deny(ctx, route, prefix):
            return denied
        replies: Replies = await route.handler(ctx, args)
        return replies

    @staticmethod
    def _deny(ctx: FlowContext, route: Route, name: str) -> Replies | None:
        """Return a refusal when the user may not use ``route``, else None."""
        if route.role is None:
            return None
        if ctx.person is None:
            return [Message(ctx.t("need_link"))]
        if not ctx.has_role(route.role):
            return [Message(ctx.t("forbidden", command=name))]
        return None
