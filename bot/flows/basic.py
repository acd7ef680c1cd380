"""First commands: /start (with an invite code), /help, /whoami, /lang, /cancel."""

from __future__ import annotations

from bot import access
from bot.flows.registry import Command, FlowContext, FlowRegistry, Replies
from bot.i18n import normalize_language
from inventory.people import department_name
from reminders.messages import Message, escape_markdown


def register(registry: FlowRegistry) -> None:
    """Register the basic commands on ``registry``."""

    @registry.command(
        "start",
        role=None,
        help_zh="开始；/start 邀请码 关联账号",
        help_en="start; /start CODE links your account",
    )
    async def start(ctx: FlowContext, args: str) -> Replies:
        """Greet the user, or link the account when an invite code is given."""
        code = args.strip()
        if not code:
            return [Message(_greeting(ctx))]
        try:
            person = await access.redeem_invite(
                ctx.session, ctx.identity, code, now=ctx.services.now()
            )
        except access.AccessError as exc:
            return [Message(str(exc))]
        ctx.person = person
        ctx.lang = ctx.identity.language or person.language or ctx.lang
        await ctx.audit("account.link", {"person_id": person.id})
        role = ctx.t(f"role.{person.role}")
        return [Message(ctx.t("linked", name=escape_markdown(person.name), role=role))]

    @registry.command("help", role=None, help_zh="查看您能用的功能", help_en="what you can do")
    async def help_(ctx: FlowContext, args: str) -> Replies:
        """List the commands this user's role may use."""
        lines = [ctx.t("help_header")]
        lines += [f"/{c.name} — {c.help(ctx.lang)}" for c in ctx_registry(registry, ctx)]
        lines.append(ctx.t("help_free_text"))
        if ctx.person is None:
            lines.append(ctx.t("need_link"))
        return [Message("\n".join(lines))]

    @registry.command(
        "whoami", role=None, help_zh="我是谁（账号与角色）", help_en="who am I (account and role)"
    )
    async def whoami(ctx: FlowContext, args: str) -> Replies:
        """Show the linked person, role and department, or say the user is a visitor."""
        if ctx.person is None:
            return [Message(ctx.t("whoami_anonymous"))]
        department = await department_name(ctx.session, ctx.person.department_id)
        return [
            Message(
                ctx.t(
                    "whoami",
                    name=escape_markdown(ctx.person.name),
                    role=ctx.t(f"role.{ctx.person.role}"),
                    department=escape_markdown(department or ctx.t("none")),
                    channel=ctx.channel,
                )
            )
        ]

    @registry.command(
        "lang",
        role=None,
        help_zh="切换语言：/lang zh 或 /lang en",
        help_en="switch language: /lang zh or /lang en",
    )
    async def lang(ctx: FlowContext, args: str) -> Replies:
        """Switch this chat's language between Chinese and English."""
        chosen = normalize_language(args)
        if chosen is None:
            return [Message(ctx.t("lang_usage"))]
        ctx.identity.language = chosen
        if ctx.person is not None:
            ctx.person.language = chosen
            ctx.session.add(ctx.person)
        ctx.session.add(ctx.identity)
        ctx.lang = chosen
        return [Message(ctx.t("lang_set"))]

    @registry.command(
        "cancel", role=None, help_zh="取消当前操作", help_en="cancel what you are doing"
    )
    async def cancel(ctx: FlowContext, args: str) -> Replies:
        """Cancel a pending dialog step (the core already cleared it)."""
        return [Message(ctx.t("cancelled"))]


def ctx_registry(registry: FlowRegistry, ctx: FlowContext) -> list[Command]:
    """Return the commands visible to ``ctx``'s user, sorted by name."""
    return sorted(registry.visible_commands(ctx), key=lambda c: c.name)


def _greeting(ctx: FlowContext) -> str:
    """Greet a linked person by name and role, or a visitor generally."""
    if ctx.person is None:
        return ctx.t("welcome")
    role = ctx.t(f"role.{ctx.person.role}")
    return ctx.t("welcome_linked", name=escape_markdown(ctx.person.name), role=role)
