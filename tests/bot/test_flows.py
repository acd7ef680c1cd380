"""Dialog tables through the channel-neutral chat core: (who, text) in, reply text out."""

from __future__ import annotations

import pytest

from bot import access
from bot.database import Database
from bot.flows import ChatCore, Incoming
from inventory.models import Role
from tests.conftest import add_person


async def say(
    core: ChatCore,
    text: str | None = None,
    *,
    user: str = "u1",
    button: str | None = None,
    channel: str = "console",
) -> str:
    """Send one message as ``user`` and return all reply texts joined."""
    replies = await core.handle(Incoming(channel, user, text=text, button=button))
    return "\n".join(r.text for r in replies)


async def invite_code(db: Database, name: str, role: Role, ttl_hours: int = 72) -> str:
    """Create a person and an invite code for them."""
    person = await add_person(db, name, role, "信息科")
    async with db.session() as session:
        return await access.create_invite(session, person, ttl_hours=ttl_hours)


VISITOR_DIALOG = [
    ("/start", "正版化助手"),
    ("/whoami", "访客"),
    ("/help", "/whoami"),
    ("/nosuchcommand", "没有这个命令"),
    ("/lang en", "English"),
    ("/help", "What you can do"),
    ("/lang zh", "中文"),
    ("/lang klingon", "用法"),
]


async def test_visitor_dialog(core: ChatCore) -> None:
    for text, expected in VISITOR_DIALOG:
        assert expected in await say(core, text), text


async def test_invite_links_account_once(core: ChatCore, db: Database) -> None:
    code = await invite_code(db, "李四", Role.staff)
    assert "李四" in await say(core, f"/start {code}")
    whoami = await say(core, "/whoami")
    assert "李四" in whoami and "工作人员" in whoami and "信息科" in whoami
    assert "无效或已过期" in await say(core, f"/start {code}", user="someone-else")


async def test_wrong_and_expired_codes_give_the_same_answer(core: ChatCore, db: Database) -> None:
    code = await invite_code(db, "王五", Role.staff, ttl_hours=1)
    core.services.clock = lambda: access.utcnow().replace(year=2099)
    expired = await say(core, f"/start {code}")
    wrong = await say(core, "/start NOSUCHCODE")
    assert expired == wrong
    assert "王五" not in expired


async def test_help_shows_what_the_role_may_do(core: ChatCore, db: Database) -> None:
    visitor_help = await say(core, "/help")
    code = await invite_code(db, "赵管理", Role.admin)
    await say(core, f"/start {code}", user="admin1")
    admin_help = await say(core, "/help", user="admin1")
    assert len(admin_help.splitlines()) >= len(visitor_help.splitlines()) - 1
    assert "需要先关联账号" in visitor_help and "需要先关联账号" not in admin_help


async def test_linking_is_audited(core: ChatCore, db: Database) -> None:
    code = await invite_code(db, "审计", Role.staff)
    await say(core, f"/start {code}")
    async with db.session() as session:
        entries = await access.audit_entries(session)
    assert [e.action for e in entries] == ["account.link"]


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02\x03\x04\x05\x06\x07" * 10])
async def test_empty_and_binary_messages_get_a_clear_reply(core: ChatCore, text: str) -> None:
    reply = await say(core, text)
    assert "请输入" in reply or "无法读取" in reply


async def test_huge_message_is_cut_and_answered(core: ChatCore) -> None:
    reply = await say(core, "wps要钱吗" * 2000)
    assert "只处理了前" in reply


async def test_markdown_and_html_in_a_message_are_escaped(core: ChatCore, db: Database) -> None:
    person = await add_person(db, "<b>*坏*</b>", Role.staff)
    async with db.session() as session:
        code = await access.create_invite(session, person, ttl_hours=1)
    reply = await say(core, f"/start {code}")
    assert "\\<b\\>\\*坏\\*\\</b\\>" in reply


async def test_free_text_answers_from_the_knowledge_base(core: ChatCore) -> None:
    replies = await core.handle(Incoming("console", "u9", text="wps要钱吗"))
    assert "WPS" in replies[0].text and "来源" in replies[0].text
    assert any(b.data.startswith("kbv:") for row in replies[0].buttons for b in row)


async def test_stale_button_is_refused_politely(core: ChatCore) -> None:
    assert "失效" in await say(core, button="nosuchprefix:1")


async def test_public_knowledge_can_be_turned_off_for_visitors(
    core: ChatCore, db: Database
) -> None:
    core.services.settings = core.services.settings.model_copy(update={"public_knowledge": False})
    assert "关联账号" in await say(core, "wps要钱吗", user="stranger")
    code = await invite_code(db, "郑员工", Role.staff)
    await say(core, f"/start {code}", user="member")
    assert "WPS" in await say(core, "wps要钱吗", user="member")


async def test_strangers_get_no_office_data(core: ChatCore) -> None:
    for command in ("/mymachine", "/tickets", "/compliance", "/broadcast", "/bind", "/mytickets"):
        reply = await say(core, command, user="stranger")
        assert "需要先关联账号" in reply, command


async def test_votes_are_stored_and_gaps_list_the_thumbs_down(core: ChatCore, db: Database) -> None:
    from knowledge import store

    replies = await core.handle(Incoming("console", "voter", text="wps要钱吗"))
    down = next(b.data for row in replies[0].buttons for b in row if b.data.endswith(":-1"))
    after = await core.handle(Incoming("console", "voter", button=down))
    assert "转人工" in "".join(b.label for r in after for row in r.buttons for b in row)
    async with db.session() as session:
        gaps = await store.gaps(session)
    assert gaps and gaps[0].question.lower().startswith("wps")


async def test_ask_a_human_opens_a_consultation_the_technician_answers(
    core: ChatCore, db: Database
) -> None:
    from sqlmodel import select

    from reminders.models import Outbox

    staff_code = await invite_code(db, "钱员工", Role.staff)
    tech_code = await invite_code(db, "孔技术", Role.technician)
    await say(core, f"/start {staff_code}", user="staff1", channel="telegram")
    await say(core, f"/start {tech_code}", user="tech1", channel="telegram")
    replies = await core.handle(
        Incoming("telegram", "staff1", text="打印机卡纸了，正版化检查会查打印机驱动吗")
    )
    human = [b.data for r in replies for row in r.buttons for b in row if b.data.startswith("kbh:")]
    if not human:  # answered or suggested: the human button is offered after a 👎
        down = next(
            b.data for r in replies for row in r.buttons for b in row if b.data.endswith(":-1")
        )
        later = await core.handle(Incoming("telegram", "staff1", button=down))
        human = [
            b.data for r in later for row in r.buttons for b in row if b.data.startswith("kbh:")
        ]
    opened = await say(core, button=human[0], user="staff1", channel="telegram")
    assert "咨询工单" in opened
    listed = await core.handle(Incoming("telegram", "tech1", text="/tickets open"))
    answer = next(
        b.data for r in listed for row in r.buttons for b in row if b.data.startswith("tkp:")
    )
    await core.handle(Incoming("telegram", "tech1", button=answer))
    await say(
        core, "驱动属于免费软件，检查主要看操作系统和办公软件。", user="tech1", channel="telegram"
    )
    async with db.session() as session:
        rows = (await session.exec(select(Outbox))).all()
    assert any(r.address == "staff1" and "驱动属于免费软件" in r.payload["text"] for r in rows)


async def test_links_to_other_articles_become_related_buttons(core: ChatCore) -> None:
    kb = core.services.knowledge

    def public_links(article) -> list[str]:  # type: ignore[no-untyped-def]
        import re

        ids = re.findall(r"\]\(([a-z0-9-]+)\.md\)", article.body)
        return [i for i in ids if kb.get(i) is not None and kb.get(i).audience == "public"]

    linking = next(a for a in kb.articles if a.audience == "public" and public_links(a))
    replies = await core.handle(Incoming("console", "reader", button=f"kba:{linking.id}"))
    assert ".md)" not in replies[0].text
    related = [b.data for row in replies[0].buttons for b in row if b.data.startswith("kba:")]
    assert related and all(core.services.knowledge.get(d[4:]) is not None for d in related)
