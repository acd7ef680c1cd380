"""Training and quiz dialogs through the chat core: create in chat, invitations, RSVP, quiz, mute."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import col, select

from bot import access
from bot.database import Database
from bot.flows import ChatCore, Incoming, build_registry
from bot.flows import quiz as quiz_flows
from bot.flows import trainings as training_flows
from bot.services import Services
from inventory.models import Role
from reminders.awareness import awareness_report
from reminders.models import NotificationPref, Outbox, OutboxKind, QuizAttempt, Training
from reminders.quiz import bank_by_id
from tests.conftest import add_person

NOW = datetime(2026, 11, 20, 2, 0)


@pytest.fixture
async def chat(services: Services, db: Database) -> ChatCore:
    """The chat core with the training and quiz flows (registered here until the app does)."""
    await db.create_all()
    registry = build_registry()
    if "training" not in registry.commands:
        training_flows.register(registry)
    if "quiz" not in registry.commands:
        quiz_flows.register(registry)
    services.clock = lambda: NOW
    return ChatCore(services, registry)


async def link(
    core: ChatCore, db: Database, user: str, name: str, role: Role, department: str = "办公室"
) -> int:
    """Create a person in ``department`` and link chat user ``user`` to them; their id."""
    person = await add_person(db, name, role, department)
    async with db.session() as session:
        code = await access.create_invite(session, person, ttl_hours=1)
    await core.handle(Incoming("console", user, text=f"/start {code}"))
    assert person.id is not None
    return person.id


async def send(core: ChatCore, user: str, text: str | None = None, button: str | None = None):  # type: ignore[no-untyped-def]
    return await core.handle(Incoming("console", user, text=text, button=button))


async def say(core: ChatCore, user: str, text: str | None = None, button: str | None = None) -> str:
    return "\n".join(r.text for r in await send(core, user, text, button))


async def right_letter(db: Database, data: str) -> tuple[str, str]:
    """For a quiz button's data, the right answer's data and a wrong answer's data."""
    attempt_id, index, _ = data.split(":")[1:]
    async with db.session() as session:
        attempt = await session.get(QuizAttempt, int(attempt_id))
        assert attempt is not None
        right = bank_by_id()[attempt.question_ids[int(index)]].answer
    wrong = "A" if right != "A" else "B"
    return f"qz:{attempt_id}:{index}:{right}", f"qz:{attempt_id}:{index}:{wrong}"


CREATE_DIALOG = [
    ("/training", None, "培训管理"),
    (None, "trn:new", "标题"),
    ("正版化培训（第一期）", None, "时间"),
    ("明天下午", None, "无法识别时间"),
    ("12月1日 14:30", None, "地点"),
    ("三楼会议室", None, "对象"),
    ("department:财务科", None, "没有这个科室"),
    ("all", None, "确认创建"),
]


async def test_admin_creates_training_staff_rsvp(chat: ChatCore, db: Database) -> None:
    admin = await link(chat, db, "a1", "张主任", Role.admin)
    staff = await link(chat, db, "s1", "王五", Role.staff)
    assert "不能使用 /training" in await say(chat, "s1", "/training")
    for text, button, expected in CREATE_DIALOG:
        assert expected in await say(chat, "a1", text, button), (text, button)
    assert "已创建培训" in await say(chat, "a1", button="trc:ok")
    assert "失效" in await say(chat, "a1", button="trc:ok")  # no second training
    async with db.session() as session:
        [training] = (await session.exec(select(Training))).all()
        rows = (await session.exec(select(Outbox).order_by(col(Outbox.id)))).all()
        actions = [e.action for e in await access.audit_entries(session)]
    assert training.title == "正版化培训（第一期）" and training.starts_at == datetime(
        2026, 12, 1, 6, 30
    )
    assert [(r.person_id, r.kind, r.address) for r in rows] == [
        (admin, OutboxKind.training, "a1"),
        (staff, OutboxKind.training, "s1"),
    ]
    assert "training.create" in actions

    listing = await say(chat, "s1", "/trainings")
    assert "正版化培训" in listing and "未回复" in listing
    assert "已登记" in await say(chat, "s1", button=f"trr:{training.id}:y")
    assert "我的回复 / my answer: 参加" in await say(chat, "s1", "/trainings")
    roster = await say(chat, "a1", button=f"trl:{training.id}")
    assert "王五：参加" in roster and "张主任：未回复" in roster
    [marks] = await send(chat, "a1", button=f"tra:{training.id}")
    assert any(b.data == f"tam:{training.id}:{staff}:1" for row in marks.buttons for b in row)
    await send(chat, "a1", button=f"tam:{training.id}:{staff}:1")
    assert "王五：参加，已到" in await say(chat, "a1", button=f"trl:{training.id}")
    async with db.session() as session:
        assert "training.attendance" in [e.action for e in await access.audit_entries(session)]


async def test_trainings_for_another_department_are_not_shown(chat: ChatCore, db: Database) -> None:
    await link(chat, db, "a1", "张主任", Role.admin)
    await link(chat, db, "s2", "李四", Role.staff, "信息科")
    dialog = ["/training new", "科室培训", "2026-12-01 09:00", "-", "department:办公室"]
    for text in dialog:
        await say(chat, "a1", text)
    assert "已发出 1 条邀请" in await say(chat, "a1", button="trc:ok")
    assert "近期没有培训" in await say(chat, "s2", "/trainings")
    assert "科室培训" in await say(chat, "a1", "/trainings")


async def test_staff_takes_the_quiz_and_awareness_rises(chat: ChatCore, db: Database) -> None:
    await link(chat, db, "s1", "王五", Role.staff)
    await link(chat, db, "s2", "李四", Role.staff)
    async with db.session() as session:
        assert (await awareness_report(session))["awareness_rate"] == 0.0
    question = (await send(chat, "s1", "/quiz"))[-1]
    for _ in range(10):
        right, _wrong = await right_letter(db, question.buttons[0][0].data)
        replies = await send(chat, "s1", button=right)
        assert "回答正确" in replies[0].text
        question = replies[-1]
        if "得分" in question.text:
            break
    assert "得分 / score: 5/5" in question.text and "通过" in question.text
    assert "失效" in await say(chat, "s1", button=right)
    async with db.session() as session:
        report = await awareness_report(session)
    assert (report["staff"], report["passed"], report["awareness_rate"]) == (2, 1, 0.5)


async def test_wrong_answer_points_to_the_article(chat: ChatCore, db: Database) -> None:
    await link(chat, db, "s1", "王五", Role.staff)
    question = (await send(chat, "s1", "/quiz"))[-1]
    _right, wrong = await right_letter(db, question.buttons[0][0].data)
    feedback = (await send(chat, "s1", button=wrong))[0]
    assert "正确答案是" in feedback.text
    assert feedback.buttons[0][0].data.startswith("kba:")
    article = feedback.buttons[0][0].data.removeprefix("kba:")
    assert chat.services.knowledge.get(article) is not None


async def test_mute_and_unmute_digest(chat: ChatCore, db: Database) -> None:
    tech = await link(chat, db, "t1", "李工", Role.technician)
    assert "已关闭" in await say(chat, "t1", "/mute")
    async with db.session() as session:
        pref = await session.get(NotificationPref, tech)
        assert pref is not None and pref.mute_digest
    assert "已恢复" in await say(chat, "t1", "/unmute")
    async with db.session() as session:
        pref = await session.get(NotificationPref, tech)
        assert pref is not None and not pref.mute_digest
