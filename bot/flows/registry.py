"""The flow registry: commands, button handlers and dialog-input handlers, each with its role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from bot import access
from bot.i18n import t
from bot.models import ChatIdentity, ChatState
from bot.services import Services
from inventory.models import Person, Role, utcnow
from reminders.messages import Attachment, Message


@dataclass
class FlowContext:
    """Everything a flow handler may use for one incoming message (one database transaction)."""

    session: AsyncSession
    services: Services
    identity: ChatIdentity
    person: Person | None
    lang: str
    channel: str
    attachment: Attachment | None = None

    def t(self, key: str, **values: Any) -> str:
        """Translate ``key`` into this user's language."""
        return t(self.lang, key, **values)

    def has_role(self, role: Role) -> bool:
        """Whether the user is linked and has at least ``role``."""
        return access.has_role(self.person, role)

    async def audit(self, action: str, detail: dict[str, Any] | None = None) -> None:
        """Record a privileged action by this user in the audit log."""
        await access.audit(
            self.session, self.person, self.channel, action, detail, now=self.services.now()
        )

    async def expect(self, kind: str, payload: dict[str, Any] | None = None) -> None:
        """Route this user's next free text to the input handler registered for ``kind``."""
        assert self.identity.id is not None
        state = await self.session.get(ChatState, self.identity.id)
        if state is None:
            state = ChatState(identity_id=self.identity.id, expects=kind)
        state.expects, state.payload, state.updated_at = kind, payload or {}, utcnow()
        self.session.add(state)
        await self.session.flush()

    async def clear_expectation(self) -> None:
        """Forget any pending dialog step of this user."""
        assert self.identity.id is not None
        state = await self.session.get(ChatState, self.identity.id)
        if state is not None:
            await self.session.delete(state)
            await self.session.flush()


Replies = list[Message]
CommandHandler = Callable[[FlowContext, str], Awaitable[Replies]]
ButtonHandler = Callable[[FlowContext, list[str]], Awaitable[Replies]]
InputHandler = Callable[[FlowContext, str, dict[str, Any]], Awaitable[Replies]]


@dataclass(frozen=True)
class Command:
    """A slash command: who may use it and how it is described in /help."""

    name: str
    handler: CommandHandler
    role: Role | None  # None: anyone, even a visitor who is not linked
    help_zh: str
    help_en: str
    hidden: bool = False

    def help(self, lang: str) -> str:
        """Return the one-line help text in ``lang``."""
        return self.help_en if lang == "en" else self.help_zh


@dataclass(frozen=True)
class Route:
    """A button prefix or dialog step and the minimum role it needs."""

    handler: Any
    role: Role | None


@dataclass
class FlowRegistry:
    """Every command, button prefix and dialog step the chat core can dispatch to."""

    commands: dict[str, Command] = field(default_factory=dict)
    buttons: dict[str, Route] = field(default_factory=dict)
    inputs: dict[str, Route] = field(default_factory=dict)
    fallback: InputHandler | None = None
    upload: Route | None = None

    def command(
        self, name: str, *, role: Role | None, help_zh: str, help_en: str, hidden: bool = False
    ) -> Callable[[CommandHandler], CommandHandler]:
        """Register a slash command handler (decorator)."""

        def decorate(handler: CommandHandler) -> CommandHandler:
            if name in self.commands:
                raise ValueError(f"command /{name} registered twice")
            self.commands[name] = Command(name, handler, role, help_zh, help_en, hidden)
            return handler

        return decorate

    def button(self, prefix: str, *, role: Role | None) -> Callable[[ButtonHandler], ButtonHandler]:
        """Register a handler for button data ``prefix:arg1:arg2`` (decorator)."""

        def decorate(handler: ButtonHandler) -> ButtonHandler:
            if prefix in self.buttons or ":" in prefix:
                raise ValueError(f"bad or duplicate button prefix {prefix!r}")
            self.buttons[prefix] = Route(handler, role)
            return handler

        return decorate

    def input(self, kind: str, *, role: Role | None) -> Callable[[InputHandler], InputHandler]:
        """Register the handler of a dialog step's free-text answer (decorator)."""

        def decorate(handler: InputHandler) -> InputHandler:
            if kind in self.inputs:
                raise ValueError(f"input kind {kind!r} registered twice")
            self.inputs[kind] = Route(handler, role)
            return handler

        return decorate

    def visible_commands(self, ctx: FlowContext) -> list[Command]:
        """Commands this user may use, for /help."""
        return [
            c
            for c in self.commands.values()
            if not c.hidden and (c.role is None or ctx.has_role(c.role))
        ]
